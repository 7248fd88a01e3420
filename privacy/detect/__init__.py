"""Detection (the analyzer side): engine, fast scanner, spans, entity types, vetoes."""
