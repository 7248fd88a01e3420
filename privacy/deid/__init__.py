"""De-identification (the anonymizer side): policies, operators, pseudonyms, generalizers."""
