"""Checks on a user's columns: complete, numeric, finite; and which columns are identifiers.

Every refusal is one :class:`~foundations.errors.InputError` naming the column, how many rows
are affected and the first of them (rows counted from 1, the first row after the header).
Nothing is dropped or filled in silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from foundations.errors import InputError

__all__ = [
    "example",
    "identifier_columns",
    "looks_like_identifier",
    "numeric_column",
    "require_complete",
]

_ID_NAME = re.compile(r"(?:^|[^a-z0-9])(?:id|uuid|guid|identifier)$")
_CAMEL_ID = re.compile(r"[a-z0-9](?:ID|Id)$")


def example(value) -> str:
    """A value as the user wrote it, for a message: ``34``, ``'yesterday'``."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def _first_rows(mask: np.ndarray, most: int = 5) -> list[int]:
    return (np.flatnonzero(mask)[:most] + 1).tolist()


def require_complete(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Refuse a missing value in any of ``columns`` (never dropped or imputed silently)."""
    for column in columns:
        missing = frame[column].isna().to_numpy()
        if missing.any():
            raise InputError(
                f"column {column!r} of the {what} has {int(missing.sum())} missing value(s) "
                f"(first at rows {_first_rows(missing)}); fill or drop them first"
            )


def numeric_column(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    """The column as finite floats, or one error naming the column and the rows."""
    original = frame[column]
    if pd.api.types.is_bool_dtype(original):
        return original.to_numpy(dtype=float)
    values = pd.to_numeric(original, errors="coerce")
    bad = (values.isna() & original.notna()).to_numpy()
    if bad.any():
        raise InputError(
            f"column {column!r} of the {what} is not numeric: {int(bad.sum())} value(s) are "
            f"not numbers (e.g. {example(original[bad].iloc[0])} in row {_first_rows(bad, 1)[0]})"
        )
    values = values.to_numpy(dtype=float)
    infinite = np.isinf(values)
    if infinite.any():
        raise InputError(
            f"column {column!r} of the {what} has {int(infinite.sum())} infinite value(s) "
            f"(inf or -inf, first at rows {_first_rows(infinite)}); fix or drop those rows first"
        )
    return values


def looks_like_identifier(name) -> bool:
    """Whether a column's name says it is an identifier: ``id``, ``customer_id``, ``CustomerID``."""
    text = str(name).strip()
    return bool(_ID_NAME.search(text.lower()) or _CAMEL_ID.search(text))


def identifier_columns(frame: pd.DataFrame) -> list[str]:
    """Columns named like an identifier whose values are unique per row (and never missing)."""
    n = len(frame)
    return [
        str(c)
        for c in frame.columns
        if looks_like_identifier(c)
        and n > 1
        and frame[c].notna().all()
        and frame[c].nunique(dropna=False) == n
    ]
