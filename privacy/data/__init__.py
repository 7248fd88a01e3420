"""Data files shipped with the privacy package (generated lists; see their headers)."""
