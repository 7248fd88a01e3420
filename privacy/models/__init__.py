"""Small models trained here and shipped with the code, each with its training script."""
