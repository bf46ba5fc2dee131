"""Which columns are features, and what type each holds: identifiers, free text, ``inf``.

- **Identifiers** — a column named like one (``Id``, ``PID``, ``Order``, ``house_id``,
  ``HouseID``, an unnamed index) that holds a different value in every row — carry no
  transferable signal and are left out; the first of them names the rows of
  ``predictions.csv``.
- **Free text** — a text column whose values are mostly distinct — is left out too.
- ``--features`` chooses the columns outright (identifiers included, if listed); ``--drop``
  removes columns.
- ``inf`` in a used column is refused with the column and the number of rows: no model can use
  it, and dropping the column silently would misreport the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from foundations.errors import InputError

from .rules import IDENTIFIERS, key

__all__ = [
    "coerce_numeric",
    "free_text_columns",
    "identifier_columns",
    "is_identifier_name",
    "normalize_types",
    "refuse_inf",
    "select_columns",
]


def is_identifier_name(name) -> bool:
    """``Id``, ``PID``, ``Order``, ``index``, ``house_id``, ``HouseID``, ``Unnamed: 0``, ..."""
    if key(name) in IDENTIFIERS:
        return True
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", str(name))
    return bool(words) and words[-1].lower() == "id"


def identifier_columns(frame: pd.DataFrame) -> list[str]:
    """Columns named like an identifier that hold a different, present value in every row."""
    return [
        column
        for column in frame.columns
        if is_identifier_name(column)
        and frame[column].notna().all()
        and frame[column].is_unique
        and len(frame) > 1
    ]


def free_text_columns(frame: pd.DataFrame) -> list[str]:
    """Text columns with more than 50 distinct values, distinct in more than half the rows."""
    found = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        distinct = values.nunique()
        if distinct > 50 and distinct > 0.5 * values.notna().sum():
            found.append(column)
    return found


def select_columns(
    frame: pd.DataFrame,
    features: Sequence[str] | None,
    drop: Sequence[str],
    notes: list[str],
) -> tuple[pd.DataFrame, str | None]:
    """The feature columns (``--features``, less ``--drop``, less identifiers and free text).

    Returns the selected table and the identifier column that names the rows (``None`` when
    there is none). Each column left out is named in ``notes``.
    """
    ids = identifier_columns(frame)
    id_column = next((c for c in ids if key(c) in ("id", "pid")), ids[0] if ids else None)
    if drop:
        missing = [c for c in drop if c not in frame.columns]
        if missing:
            raise InputError(
                f"--drop names {', '.join(map(repr, missing))}, which the data does not have "
                f"(columns: {', '.join(map(str, frame.columns))})"
            )
        frame = frame.drop(columns=list(drop))
        notes.append(f"left out on request (--drop): {', '.join(map(str, drop))}")
    if features is not None:
        missing = [c for c in features if c not in frame.columns]
        if missing:
            raise InputError(
                f"--features names {', '.join(map(repr, missing))}, which the data "
                f"{'has dropped (--drop)' if set(missing) <= set(drop) else 'does not have'} "
                f"(columns: {', '.join(map(str, frame.columns))})"
            )
        return frame[list(dict.fromkeys(features))], id_column
    ids = [c for c in ids if c in frame.columns]
    if ids:
        notes.append(
            f"left out {len(ids)} identifier column{'s' if len(ids) > 1 else ''} (named like an "
            f"id, a different value in every row): {', '.join(map(str, ids))}; --features "
            "uses them if listed"
        )
    text = free_text_columns(frame.drop(columns=ids))
    if text:
        notes.append(
            f"left out free-text columns (a text column with a different value in most rows): "
            f"{', '.join(map(str, text))}"
        )
    return frame.drop(columns=[*ids, *text]), id_column


def normalize_types(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Numbers as float64, booleans as 0/1, text stripped of spaces (an empty cell is missing)."""
    frame = frame.copy()
    stripped = booleans = 0
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(float)
            booleans += 1
        elif not pd.api.types.is_numeric_dtype(values):
            text = values.astype(object).where(values.notna())
            clean = text.map(lambda v: v.strip() if isinstance(v, str) else v)
            stripped += int(((clean != text) & text.notna()).sum())
            frame[column] = clean.where(clean != "", np.nan).astype(object)
        else:
            frame[column] = values.astype(np.float64)
    if stripped:
        notes.append(f"{stripped:,} text cells had stray spaces removed ('WD ' is 'WD')")
    if booleans:
        notes.append(f"{booleans} true/false column{'s' if booleans > 1 else ''} read as 1/0")
    return frame


def refuse_inf(frame: pd.DataFrame, where: str = "the data") -> None:
    """Raise :class:`InputError` naming the first numeric column holding ``inf``, and its rows."""
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values):
            continue
        n_inf = int(np.isinf(values.to_numpy(dtype=np.float64)).sum())
        if n_inf:
            raise InputError(
                f"the column {column!r} of {where} holds inf in {n_inf} row"
                f"{'s' if n_inf > 1 else ''}: replace those cells with a number, or leave them "
                f"empty to have them imputed, or leave the column out (--drop {column})"
            )


def coerce_numeric(frame: pd.DataFrame, columns: Sequence[str], where: str) -> pd.DataFrame:
    """The ``columns`` as float64; a cell that is not a number is an :class:`InputError`."""
    for column in columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values):
            frame[column] = values.astype(np.float64)
            continue
        numbers = pd.to_numeric(values, errors="coerce")
        bad = values[numbers.isna() & values.notna()]
        if len(bad):
            raise InputError(
                f"the column {column!r} of {where} holds text ({bad.iloc[0]!r} in {len(bad)} "
                "row(s)) where the training data had numbers"
            )
        frame[column] = numbers.astype(np.float64)
    return frame
