"""English detection: name list, name shapes, addresses, NER sentence filter, vetoes."""
