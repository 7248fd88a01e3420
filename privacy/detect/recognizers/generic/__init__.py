"""Recognizers for identifiers of any country (email, IP, phone, passport ...)."""
