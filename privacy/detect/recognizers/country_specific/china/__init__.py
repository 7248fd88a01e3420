"""Mainland China identifiers (resident ID, mobile, landline, USCC, plates ...)."""
