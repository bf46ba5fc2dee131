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

Nothing is dropped or filled in: a missing, non-numeric or infinite value in a used column is
an error naming the column (:mod:`.columns`), dates are read by the rules of :mod:`.dates`,
and what *was* done (columns left out, features logged, constant features) is listed in
:attr:`Features.cleaning` for the report. A customer table's identifier columns (named like
``id`` and unique per row) are left out of the features unless ``--features`` names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.tables import read_csv, require_columns

from .columns import identifier_columns, numeric_column, require_complete
from .dates import parse_dates

__all__ = [
    "RFM",
    "ROW_ID",
    "SKEW_THRESHOLD",
    "CleaningStep",
    "Features",
    "Purchases",
    "customer_table",
    "from_customer_table",
    "from_transactions",
    "read_purchases",
    "rfm_table",
    "standardise",
]

RFM = ("recency", "frequency", "monetary")
SKEW_THRESHOLD = 1.0

#: The name of the customer id when the table has none: the row number (from 1).
ROW_ID = "row"


@dataclass
class CleaningStep:
    """One thing done to the data on its way to the features, and how many it touched."""

    step: str
    count: int
    detail: str = ""


@dataclass
class Features:
    """The customers, their features in original units, and the matrix k-means sees."""

    raw: pd.DataFrame  # one row per customer, original units, indexed by the customer id
    X: np.ndarray  # (n_customers, n_features), log-transformed where skewed, standardised
    logged: list[str]  # the features that were log-transformed
    mean: np.ndarray  # of the (possibly logged) features, before standardising
    scale: np.ndarray
    source: str
    id_source: str = "the row number (from 1)"  # what the index of ``raw`` is
    cleaning: list[CleaningStep] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # column -> why it is no feature
    constant: list[str] = field(default_factory=list)  # features with no spread

    @property
    def id_column(self) -> str:
        return str(self.raw.index.name or ROW_ID)


@dataclass
class Purchases:
    """A checked purchase log: one entry per purchase."""

    customer: np.ndarray
    date: pd.Series
    amount: np.ndarray
    dates_read_as: str


def read_purchases(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    date_format: str | None = None,
) -> Purchases:
    """The three columns of a purchase log, checked: complete, dates plausible, amounts finite."""
    what = "transaction log"
    require_columns(transactions, [customer, date, amount], what)
    if len(transactions) == 0:
        raise InputError("the transaction log is empty")
    require_complete(transactions, [customer, date, amount], what)
    when, how = parse_dates(transactions[date].reset_index(drop=True), date, what, date_format)
    spend = numeric_column(transactions, amount, what)
    return Purchases(transactions[customer].to_numpy(), when, spend, how)


def _rfm(purchases: Purchases, customer: str) -> pd.DataFrame:
    log = pd.DataFrame(
        {"customer": purchases.customer, "date": purchases.date, "amount": purchases.amount}
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


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    date_format: str | None = None,
) -> pd.DataFrame:
    """Recency (days), frequency (transactions) and monetary value (total) per customer."""
    purchases = read_purchases(
        transactions, customer=customer, date=date, amount=amount, date_format=date_format
    )
    return _rfm(purchases, customer)


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
    constant = [str(name) for name, s in zip(raw.columns, scale, strict=True) if s == 0]
    scale[scale == 0] = 1.0  # a constant feature stays 0 after centring
    return Features(
        raw=raw,
        X=(values - mean) / scale,
        logged=logged,
        mean=mean,
        scale=scale,
        source=source,
        constant=constant,
    )


def _common_steps(features: Features) -> list[CleaningStep]:
    """What every run reports: nothing dropped or imputed, the logged and constant features."""
    return [
        CleaningStep("rows dropped", 0, "a missing or bad value is an error, never dropped"),
        CleaningStep("cells imputed", 0, "nothing is filled in"),
        CleaningStep("features log-transformed", len(features.logged), ", ".join(features.logged)),
        CleaningStep(
            "constant features (no spread: they weigh nothing)",
            len(features.constant),
            ", ".join(features.constant),
        ),
    ]


def from_transactions(
    path: Path | None, *, customer: str, date: str, amount: str, date_format: str | None = None
) -> Features:
    """RFM features of a transaction log CSV (``None``: the CDNOW log shipped with the package)."""
    if path is None:
        from toolkit.datasets import load_cdnow

        log, source = load_cdnow(), "CDNOW transaction log (data/cdnow_master.txt.gz)"
        customer, date, amount = "customer_id", "date", "amount"
    else:
        log, source = read_csv(path, "--transactions"), f"transaction log {path}"
    purchases = read_purchases(
        log, customer=customer, date=date, amount=amount, date_format=date_format
    )
    if path is None:
        purchases.dates_read_as = "YYYYMMDD numbers (the CDNOW file's format)"
    features = standardise(_rfm(purchases, customer), source)
    features.id_source = f"the customer column {customer!r} of the log"
    unused = [str(c) for c in log.columns if c not in (customer, date, amount)]
    features.left_out = dict.fromkeys(unused, "not one of the customer, date and amount columns")
    negative = int(np.sum(purchases.amount < 0))
    features.cleaning = [
        CleaningStep("purchases read", len(log), f"dates read as {purchases.dates_read_as}"),
        CleaningStep("columns not used", len(unused), ", ".join(unused)),
        CleaningStep("purchases with a negative amount (kept in the spend)", negative),
        CleaningStep("customers (one row each)", len(features.raw)),
        *_common_steps(features),
    ]
    return features


def _default_features(frame: pd.DataFrame, id_col: str | None) -> tuple[list[str], dict]:
    """Every numeric column but the identifiers; and why each other column is left out."""
    identifiers = set(identifier_columns(frame)) | ({id_col} if id_col else set())
    left_out = {}
    features = []
    for column in frame.columns:
        name = str(column)
        if name in identifiers:
            left_out[name] = "an identifier (unique per row); --features can name it"
        elif not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(
            frame[column]
        ):
            left_out[name] = "not numeric"
        else:
            features.append(column)
    if not features:
        raise InputError(
            "--data has no numeric column to use as a feature"
            + (
                f" besides the identifier(s) {', '.join(sorted(identifiers))}"
                if identifiers
                else ""
            )
            + "; name the features with --features"
        )
    return features, left_out


def _customer_ids(frame: pd.DataFrame, id_col: str | None, left_out: dict) -> tuple[pd.Index, str]:
    """The customer id of every row: ``--id-col``, else the one identifier column, else the row."""
    if id_col is not None:
        require_columns(frame, [id_col], "customer table")
        return pd.Index(frame[id_col], name=id_col), f"--id-col {id_col!r}"
    found = [c for c in identifier_columns(frame) if c in left_out]
    if len(found) == 1:
        column = found[0]
        return pd.Index(frame[column], name=column), f"the identifier column {column!r}"
    return pd.RangeIndex(1, len(frame) + 1, name=ROW_ID), "the row number (from 1)"


def from_customer_table(path: Path, features: list[str], id_col: str | None = None) -> Features:
    """Chosen numeric columns of a customer-table CSV (default: every numeric non-identifier)."""
    frame = read_csv(path, "--data")
    if len(frame) == 0:
        raise InputError(f"--data {path} has no rows")
    if features:
        left_out = {str(c): "not in --features" for c in frame.columns if c not in features}
    else:
        features, left_out = _default_features(frame, id_col)
    raw = customer_table(frame, features)
    ids, id_source = _customer_ids(frame, id_col, left_out)
    raw.index = ids
    result = standardise(raw, f"customer table {path}")
    result.id_source, result.left_out = id_source, left_out
    identifiers = [c for c, why in left_out.items() if why.startswith("an identifier")]
    other = [c for c in left_out if c not in identifiers]
    result.cleaning = [
        CleaningStep("rows read", len(frame), "one row a customer"),
        CleaningStep(
            "identifier columns left out of the features", len(identifiers), ", ".join(identifiers)
        ),
        CleaningStep("other columns not used", len(other), ", ".join(other)),
        *_common_steps(result),
    ]
    return result
