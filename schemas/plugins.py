"""Discovery of built-in step classes: importing every module of a package registers them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def import_all(package: str) -> tuple[str, ...]:
    """Import each module of `package` once (their decorators register them); return the names."""
    pkg = importlib.import_module(package)
    names = []
    for info in pkgutil.iter_modules(pkg.__path__, prefix=f"{package}."):
        importlib.import_module(info.name)
        names.append(info.name)
    return tuple(names)
