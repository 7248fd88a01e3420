"""Imports every built-in row rule so that it registers itself."""

import quality.rules.coordinate_range  # noqa: F401
import quality.rules.duplicate_fix  # noqa: F401
import quality.rules.imo_check_digit  # noqa: F401
import quality.rules.implied_speed  # noqa: F401
import quality.rules.mmsi_valid  # noqa: F401
