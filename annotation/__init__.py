"""Annotation loop with Label Studio: push samples, pull annotations, measure agreement."""
