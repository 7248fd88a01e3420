"""Generated corpora with planted spans, for tests and bench/pii_eval.py."""
