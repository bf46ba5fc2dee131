r"""Purchase dates read the way a person wrote them, or refused with a reason.

Recency is measured in days, so a date column read wrongly gives every customer the same
recency and meaningless segments without any error. The rules:

- values that are already dates (a ``datetime64`` column) are taken as they are;
- text in ISO 8601 (``2024-01-31``, ``2024-01-31 14:05``, ``2024-01-31T14:05:00+02:00``);
- eight-digit numbers or strings ``YYYYMMDD`` (``20240131``, the format of the CDNOW log);
- anything else only with an explicit ``--date-format`` (``%d/%m/%Y``, ...): a guess between
  ``01/02/2024`` as January or February would be a silent error.

After parsing, a column is refused when its dates are implausible for a purchase log: any date
before 1900 or from 2100 on (placeholders such as ``9999-12-31``), or every purchase on the same day (there is no recency to measure). A numeric
column whose values are not ``YYYYMMDD`` dates (an ``age``, an amount) is refused too, naming
the column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from foundations.errors import InputError

from .columns import example

__all__ = ["EARLIEST", "LATEST", "YYYYMMDD", "parse_dates"]

#: Dates before this day are not plausible purchase dates.
EARLIEST = pd.Timestamp("1900-01-01")

#: Nor are dates from this day on (``9999-12-31`` is a common "no date" placeholder).
LATEST = pd.Timestamp("2100-01-01")

#: The compact format of eight-digit dates.
YYYYMMDD = "%Y%m%d"

_HINT = (
    "dates must be ISO 8601 (2024-01-31) or YYYYMMDD (20240131); give any other format with "
    "--date-format, e.g. --date-format %d/%m/%Y"
)


def _row(mask: np.ndarray) -> int:
    """The first flagged row, counted from 1 (the first row after the header)."""
    return int(np.flatnonzero(mask)[0]) + 1


def _refuse_unparsed(values: pd.Series, when: pd.Series, column: str, what: str, why: str):
    bad = (when.isna() & values.notna()).to_numpy()
    if bad.any():
        raise InputError(
            f"column {column!r} of the {what} does not hold dates: {int(bad.sum())} value(s) "
            f"{why} (e.g. {example(values[bad].iloc[0])} in row {_row(bad)})"
        )


def _as_text(values: pd.Series) -> pd.Series:
    """Numbers as their digits (``19970101.0`` as ``19970101``), text stripped."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype=float)
        if np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers)):
            return pd.Series(numbers.astype(np.int64).astype(str), index=values.index)
    return values.astype(str).str.strip()


def _with_format(values: pd.Series, fmt: str, column: str, what: str) -> pd.Series:
    try:
        when = pd.to_datetime(_as_text(values), format=fmt, errors="coerce")
    except (ValueError, TypeError) as exc:
        raise InputError(f"--date-format {fmt!r} is not a usable date format ({exc})") from None
    _refuse_unparsed(values, when, column, what, f"do not match --date-format {fmt}")
    return when


def _from_numbers(values: pd.Series, column: str, what: str) -> pd.Series:
    """Eight-digit ``YYYYMMDD`` numbers; any other number is not a date."""
    numbers = values.to_numpy(dtype=float)
    eight_digits = np.isfinite(numbers) & (numbers == np.round(numbers))
    eight_digits &= (numbers >= 1e7) & (numbers < 1e8)
    if not eight_digits.all():
        raise InputError(
            f"column {column!r} of the {what} holds numbers that are not dates (e.g. "
            f"{example(values[~eight_digits].iloc[0])} in row {_row(~eight_digits)}); {_HINT}"
        )
    when = pd.to_datetime(_as_text(values), format=YYYYMMDD, errors="coerce")
    _refuse_unparsed(values, when, column, what, "are eight-digit numbers but not YYYYMMDD dates")
    return when


def _from_text(values: pd.Series, column: str, what: str) -> tuple[pd.Series, str]:
    text = _as_text(values)
    if text.str.fullmatch(r"\d{8}").all():
        when = pd.to_datetime(text, format=YYYYMMDD, errors="coerce")
        _refuse_unparsed(values, when, column, what, "are eight digits but not YYYYMMDD dates")
        return when, "YYYYMMDD text"
    try:
        when = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    except (ValueError, TypeError):  # pandas refuses some mixtures outright
        when = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    _refuse_unparsed(values, when, column, what, f"are not ISO 8601 dates; {_HINT}")
    return when.dt.tz_localize(None), "ISO 8601 text"


def _check_plausible(when: pd.Series, column: str, what: str) -> None:
    earliest = when.min()
    if earliest < EARLIEST:
        raise InputError(
            f"column {column!r} of the {what} has dates before 1900 (the earliest is "
            f"{earliest:%Y-%m-%d}): not plausible purchase dates; is it the right column, with "
            "the right --date-format?"
        )
    latest = when.max()
    if latest >= LATEST:
        raise InputError(
            f"column {column!r} of the {what} has dates from 2100 on (the latest is "
            f"{latest:%Y-%m-%d}): not plausible purchase dates (a placeholder for 'no date'?)"
        )
    days = when.dt.normalize()
    if days.nunique() == 1:
        raise InputError(
            f"every date in column {column!r} of the {what} is the same day "
            f"({earliest:%Y-%m-%d}): there is no recency to measure; is it the right column?"
        )


def parse_dates(
    values: pd.Series, column: str, what: str, fmt: str | None = None
) -> tuple[pd.Series, str]:
    """The purchase dates of ``values``, and how they were read.

    Parameters
    ----------
    values : Series
        The date column, without missing values (checked before).
    column, what : str
        The column's name and what the table is, for the messages.
    fmt : str, optional
        An explicit :func:`~datetime.datetime.strptime` format (``--date-format``).

    Returns
    -------
    dates : Series of datetime64
    how : str
        ``"dates"``, ``"ISO 8601 text"``, ``"YYYYMMDD numbers"``, ``"YYYYMMDD text"`` or
        ``"--date-format FMT"``.

    Raises
    ------
    InputError
        For values that are not dates, and for implausible ones (before 1900, from 2100 on,
        all on one day).
    """
    if fmt is not None:
        when, how = _with_format(values, fmt, column, what), f"--date-format {fmt}"
    elif pd.api.types.is_datetime64_any_dtype(values):
        when, how = values, "dates"
    elif pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        when, how = _from_numbers(values, column, what), "YYYYMMDD numbers"
    else:
        when, how = _from_text(values, column, what)
    _check_plausible(when, column, what)
    return when, how
