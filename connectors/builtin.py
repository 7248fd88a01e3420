"""Imports every connector module so that each registers itself: adding a format adds a file."""

from schemas.plugins import import_all

import_all("connectors")
