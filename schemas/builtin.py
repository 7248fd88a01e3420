"""Imports every contract module of `schemas` so that each registers its table contracts."""

from schemas.plugins import import_all

import_all("schemas")
