"""Names of the files in a release folder and of the store's own folders."""

from __future__ import annotations

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CROISSANT = "croissant.json"
LINEAGE = "lineage.jsonl"
DATACARD = "DATACARD.md"
QUALITY_REPORT = "quality_report.html"
DATA_DIR = "data"
KEYS_DIR = "_keys"
CATALOG_DIR = "_catalog"
CLAIMS_DIR = ".claims"
FORMAT = "bohai-release/1"
# Files a release may hold besides data/ and the listed artifacts.
CONTROL_FILES = frozenset({MANIFEST, SIGNATURE})
