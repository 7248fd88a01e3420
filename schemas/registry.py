"""Registry of table contracts, filled by importing the modules that define them."""

from __future__ import annotations

from schemas.table import TableSchema

_REGISTRY: dict[str, TableSchema] = {}
_DECLARED: set[str] = set()  # contracts declared by dataset specs (a reload may redeclare them)


def register(schema: TableSchema) -> TableSchema:
    """Add a contract under its name; a second contract with the same name is a bug."""
    if schema.name in _REGISTRY and _REGISTRY[schema.name] is not schema:
        raise ValueError(f"table schema {schema.name!r} registered twice")
    _REGISTRY[schema.name] = schema
    return schema


def declare(schema: TableSchema) -> TableSchema:
    """Add or replace a contract declared in a dataset spec; a built-in name cannot be taken."""
    import schemas.builtin  # noqa: F401  (a declared name must not shadow a built-in one)

    if schema.name in _REGISTRY and schema.name not in _DECLARED:
        raise ValueError(f"contract {schema.name!r} is built in; declare another name")
    _REGISTRY[schema.name] = schema
    _DECLARED.add(schema.name)
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
