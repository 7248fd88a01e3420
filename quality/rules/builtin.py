"""Imports every row-rule module so that each registers itself: adding a rule adds a file."""

from schemas.plugins import import_all

import_all("quality.rules")
