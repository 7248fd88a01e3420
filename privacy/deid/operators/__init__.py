"""De-identification operators; importing this package registers every one of them."""

from privacy.deid.operators import (  # noqa: F401  (imported for registration)
    date_shift,
    drop,
    drop_when,
    encrypt,
    generalize,
    mask,
    placeholder,
    pseudonym,
    redact,
    scan,
)
from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    OperatorError,
    Secrets,
    build_operator,
    get_operator,
    operator_names,
)

__all__ = [
    "ColumnResult",
    "Operator",
    "OperatorError",
    "Secrets",
    "build_operator",
    "get_operator",
    "operator_names",
]
