"""Label Studio hardening for blind annotation, loaded by Label Studio's own interpreter."""
