"""Recognizers for one country's identifiers, one folder per country."""
