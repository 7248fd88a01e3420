"""Imports every built-in connector so that it registers itself."""

import connectors.ais_nmea  # noqa: F401
import connectors.marinecadastre  # noqa: F401
