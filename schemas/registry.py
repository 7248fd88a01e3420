"""Registry of table contracts, filled by importing the modules that define them."""

from __future__ import annotations

from schemas.table import TableSchema

_REGISTRY: dict[str, TableSchema] = {}


def register(schema: TableSchema) -> TableSchema:
    """Add a contract under its name; a second contract with the same name is a bug."""
    if schema.name in _REGISTRY and _REGISTRY[schema.name] is not schema:
        raise ValueError(f"table schema {schema.name!r} registered twice")
    _REGISTRY[schema.name] = schema
    return schema


def get_schema(name: str) -> TableSchema:
    """Return the contract called name, loading the built-in contracts first."""
    import schemas.builtin  # noqa: F401  (registers built-in contracts)

    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown table schema {name!r}; known: {sorted(_REGISTRY)}") from None


def known_schemas() -> list[str]:
    """Names of every registered contract."""
    import schemas.builtin  # noqa: F401

    return sorted(_REGISTRY)
