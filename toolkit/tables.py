"""Reading a user's CSV file: a DataFrame, or one error that names the file and the flag."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from foundations.errors import InputError

__all__ = ["read_csv", "require_columns"]


def read_csv(path: Path | str, flag: str = "--data", **kwargs) -> pd.DataFrame:
    """The CSV file at ``path`` as a DataFrame, or one clear :class:`InputError`.

    Parameters
    ----------
    path : path-like
    flag : str
        The command-line flag that named the file, quoted in the message (``--data``).
    **kwargs
        Passed to :func:`pandas.read_csv`.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{flag} {path} does not exist")
    if path.is_dir():
        raise InputError(f"{flag} {path} is a folder, not a CSV file")
    try:
        return pd.read_csv(path, **kwargs)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{flag} {path} is not a readable CSV file ({exc})") from None


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`InputError` naming every column of ``columns`` missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"the {what} has no column {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )
