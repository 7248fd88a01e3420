"""Registry of connectors by format name, filled when connector modules are imported."""

from __future__ import annotations

from typing import Any

from connectors.base import Connector

_CONNECTORS: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    """Class decorator: make a connector available under its `format` name."""
    _CONNECTORS[cls.format] = cls
    return cls


def connector_class(fmt: str) -> type[Connector]:
    """The connector class for a format, loading the built-in connectors first."""
    import connectors.builtin  # noqa: F401

    try:
        return _CONNECTORS[fmt]
    except KeyError:
        raise KeyError(f"unknown source format {fmt!r}; known: {sorted(_CONNECTORS)}") from None


def get_connector(fmt: str, options: dict[str, Any] | None = None) -> Connector:
    """Instantiate the connector for a format with the spec's source options."""
    return connector_class(fmt)(**(options or {}))


def known_formats() -> list[str]:
    """Names of every registered source format."""
    import connectors.builtin  # noqa: F401

    return sorted(_CONNECTORS)
