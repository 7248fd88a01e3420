"""Asset check names, as predicates; blocking ones stop downstream assets when they fail."""

INGEST_LEDGER_RECONCILES = "ingest_ledger_reconciles"
CONTRACT_HOLDS = "contract_holds"
QUALITY_ROWS_RECONCILE = "quality_rows_reconcile"
ERROR_EXPECTATIONS_PASS = "error_expectations_pass"
WARN_EXPECTATIONS_PASS = "warn_expectations_pass"
QUARANTINE_SHARE_WITHIN_LIMIT = "quarantine_share_within_limit"
NO_RAW_IDENTIFIERS_REMAIN = "no_raw_identifiers_remain"
CONDITIONAL_DROPS_APPLIED = "conditional_drops_applied"
PRIVACY_ROWS_RECONCILE = "privacy_rows_reconcile"
K_ANONYMITY_HOLDS = "k_anonymity_holds"
LEAK_AUDIT_PASSES = "leak_audit_passes"
RELEASE_VERIFIES = "release_verifies"
HAS_DATA = "has_data"
NO_REPLACEMENT_CHARACTERS = "no_replacement_characters"

# What each guard proves, shown as the check's description in the Dagster UI.
DESCRIPTIONS = {
    HAS_DATA: "Some table of the partition holds at least one readable row after parsing; "
    "an empty, header-only or wholly quarantined input stops here and never publishes.",
    NO_REPLACEMENT_CHARACTERS: "No string value of any scrubbed table holds U+FFFD, the mark of "
    "bytes decoded with replacement: garbled text never reaches a release.",
}
