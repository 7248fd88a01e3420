"""Imports every built-in contract module so that it registers itself."""

import schemas.ais  # noqa: F401
