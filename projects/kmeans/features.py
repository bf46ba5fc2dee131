r"""From a transaction log (or a customer table) to the standardised features k-means sees.

For a transaction log, each customer is summarised by **RFM**:

- *Recency*: days from the customer's last purchase to the reference date (the day after
  the last transaction in the log), so the most recent buyers have recency 1;
- *Frequency*: the number of transactions;
- *Monetary*: the total amount spent.

Frequency and spend are heavily right-skewed (a few customers buy hundreds of times), and
k-means, which measures squared Euclidean distance, would spend its clusters on those few.
Every non-negative feature with skewness above 1 is therefore replaced by
:math:`\log(1 + x)`; then each feature is standardised to mean 0 and variance 1,
:math:`z = (x - \bar x) / s`, so that no feature dominates because of its units.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.tables import read_csv, require_columns

__all__ = [
    "RFM",
    "SKEW_THRESHOLD",
    "Features",
    "customer_table",
    "from_customer_table",
    "from_transactions",
    "numeric_column",
    "require_complete",
    "rfm_table",
    "standardise",
]

RFM = ("recency", "frequency", "monetary")
SKEW_THRESHOLD = 1.0


@dataclass
class Features:
    """The customers, their features in original units, and the matrix k-means sees."""

    raw: pd.DataFrame  # one row per customer, original units
    X: np.ndarray  # (n_customers, n_features), log-transformed where skewed, standardised
    logged: list[str]  # the features that were log-transformed
    mean: np.ndarray  # of the (possibly logged) features, before standardising
    scale: np.ndarray
    source: str


def require_complete(frame: pd.DataFrame, columns, what: str) -> None:
    for column in columns:
        missing = frame[column].isna().to_numpy()
        if missing.any():
            rows = np.flatnonzero(missing)[:5].tolist()
            raise InputError(
                f"column {column!r} of the {what} has {int(missing.sum())} missing value(s) "
                f"(first at rows {rows}); fill or drop them first"
            )


def numeric_column(frame: pd.DataFrame, column: str, what: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        example = frame[column][bad].iloc[0]
        raise InputError(
            f"column {column!r} of the {what} is not numeric (e.g. {example!r} in row "
            f"{int(np.flatnonzero(bad.to_numpy())[0])})"
        )
    values = values.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise InputError(f"column {column!r} of the {what} contains inf")
    return values


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Recency (days), frequency (transactions) and monetary value (total) per customer."""
    what = "transaction log"
    require_columns(transactions, [customer, date, amount], what)
    require_complete(transactions, [customer, date, amount], what)
    if len(transactions) == 0:
        raise InputError("the transaction log is empty")
    try:
        with warnings.catch_warnings():  # pandas warns when it must guess the date format
            warnings.simplefilter("ignore", UserWarning)
            when = pd.to_datetime(transactions[date])
    except (ValueError, TypeError) as e:
        raise InputError(f"column {date!r} of the {what} does not hold dates ({e})") from None
    spend = numeric_column(transactions, amount, what)
    log = pd.DataFrame(
        {"customer": transactions[customer].to_numpy(), "date": when, "amount": spend}
    )
    reference = log["date"].max() + pd.Timedelta(days=1)
    per_customer = log.groupby("customer", sort=True)
    table = pd.DataFrame(
        {
            "recency": (reference - per_customer["date"].max()).dt.days,
            "frequency": per_customer.size(),
            "monetary": per_customer["amount"].sum(),
        }
    )
    table.index.name = customer
    return table.astype(float)


def customer_table(frame: pd.DataFrame, features: list[str]) -> pd.DataFrame:
    """The chosen numeric columns of a customer table, checked."""
    what = "customer table"
    require_columns(frame, features, what)
    require_complete(frame, features, what)
    return pd.DataFrame({f: numeric_column(frame, f, what) for f in features}, index=frame.index)


def standardise(raw: pd.DataFrame, source: str) -> Features:
    r"""Log-transform the skewed non-negative features, then z-score every feature."""
    values = raw.to_numpy(dtype=float).copy()
    logged = []
    for j, name in enumerate(raw.columns):
        column = values[:, j]
        std = column.std()
        skew = float(np.mean(((column - column.mean()) / std) ** 3)) if std > 0 else 0.0
        if skew > SKEW_THRESHOLD and column.min() >= 0:
            values[:, j] = np.log1p(column)
            logged.append(str(name))
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0  # a constant feature stays 0 after centring
    return Features(
        raw=raw, X=(values - mean) / scale, logged=logged, mean=mean, scale=scale, source=source
    )


def from_transactions(path: Path | None, *, customer: str, date: str, amount: str) -> Features:
    """RFM features of a transaction log CSV (``None``: the CDNOW log shipped in ``data/``)."""
    if path is None:
        from toolkit.datasets import load_cdnow

        log, source = load_cdnow(), "CDNOW transaction log (data/cdnow_master.txt.gz)"
        customer, date, amount = "customer_id", "date", "amount"
    else:
        log, source = read_csv(path, "--transactions"), f"transaction log {path}"
    return standardise(rfm_table(log, customer=customer, date=date, amount=amount), source)


def from_customer_table(path: Path, features: list[str]) -> Features:
    """Chosen numeric columns of a customer-table CSV."""
    frame = read_csv(path, "--data")
    if not features:
        features = list(frame.select_dtypes("number").columns)
        if not features:
            raise InputError("--data has no numeric column; name the features with --features")
    return standardise(customer_table(frame, features), f"customer table {path}")
