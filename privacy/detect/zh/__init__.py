"""Chinese detection: segmentation, names, addresses, places, LAC, medical vetoes."""
