"""United States identifiers (SSN)."""
