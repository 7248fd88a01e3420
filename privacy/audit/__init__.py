"""Leak audits of released data: residue checks, canaries, audit values."""
