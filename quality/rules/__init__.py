"""Row rules: one file each, registered on import."""
