"""Recognizers backed by language processing: names and addresses."""
