"""The Dagster instance store (SQLite) failing to write, said in one line instead of a traceback."""

from __future__ import annotations

import os
import sqlite3

import sqlalchemy.exc

_CAUSES = {
    "disk i/o error": "the disk is likely full (or the folder sits on a failing or full volume)",
    "database or disk is full": "the disk is full",
    "readonly database": "the folder or its database files are read-only",
    "unable to open database file": "the folder is missing or not writable",
    "database is locked": "another process holds the database (a stuck `bohai` or `dagster`)",
}


def is_store_error(exc: BaseException) -> bool:
    """True for an SQLite failure of the instance's run, event or schedule storage."""
    return isinstance(exc, sqlite3.DatabaseError | sqlalchemy.exc.DBAPIError)


def store_folder() -> str:
    """The instance storage folder the error is about (BOHAI_DAGSTER_STORAGE, else DAGSTER_HOME)."""
    return os.environ.get("BOHAI_DAGSTER_STORAGE") or os.environ.get("DAGSTER_HOME") or "?"


def store_message(exc: BaseException) -> str:
    """One sentence: the folder, SQLite's own words, the likely cause and what to do."""
    inner = getattr(exc, "orig", None) or exc
    said = (str(inner).strip().splitlines() or [type(inner).__name__])[0]
    likely = next((v for k, v in _CAUSES.items() if k in said.lower()), "see SQLite's message")
    return (
        f"the Dagster instance store in {store_folder()} cannot be used ({said}): {likely}. "
        "Free space or fix the folder, then run again; runs left in progress are marked failed "
        "by the next bohai command"
    )
