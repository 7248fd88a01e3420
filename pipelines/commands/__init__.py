"""Typer command functions, registered on the app in pipelines.cli."""
