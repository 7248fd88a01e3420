"""Re-identification risk: k-anonymity and risk measures of released tables."""
