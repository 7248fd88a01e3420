"""The Dagster code location: only assembles what the dataset specs declare."""

from pipelines.factory import build_definitions

defs = build_definitions()
