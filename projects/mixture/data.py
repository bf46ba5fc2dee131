"""The table the mixture is fitted to: the Palmer penguins or a CSV, cleaned with every step counted.

Rules (the same for both sources):

- the features must be numeric columns; a column with text in it is refused, naming the
  column and the first value that is not a number;
- a row with a missing (empty / NaN) feature is dropped, and the drop is counted per column;
- ``inf`` is refused (it is not a measurement);
- a constant feature is refused (it cannot be standardised and says nothing about clusters);
- the label column (the species for the penguins) is never shown to the fit; rows without a
  label are kept and only left out of the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.datasets import load_penguins
from toolkit.tables import read_csv, require_columns

__all__ = [
    "PENGUIN_FEATURES",
    "Dataset",
    "Standardized",
    "clean",
    "load",
    "standardize",
]

PENGUIN_FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
PENGUIN_SOURCE = "the Palmer penguins (Gorman, Williams & Fraser, 2014; 344 penguins)"


@dataclass(frozen=True)
class Dataset:
    """The rows the mixture is fitted to, and what was done to get them.

    ``rows`` are the kept rows' numbers (from 0) in the input table; ``labels`` their labels
    (``None`` where unknown), or ``None`` without a label column. ``missing_by_column`` counts
    the missing features among the dropped rows (``dropped_without_any`` of which have no feature
    at all); ``unused_columns`` are left out of the fit.
    """

    source: str
    X: np.ndarray
    feature_names: list[str]
    rows: np.ndarray
    labels: np.ndarray | None
    label_name: str | None
    n_input_rows: int
    dropped_rows: np.ndarray
    dropped_without_any: int
    missing_by_column: dict[str, int]
    unlabelled_rows: int
    unused_columns: list[str]
    unused_missing: dict[str, int]
    non_numeric: list[str]
    input_labels: np.ndarray | None

    @property
    def n(self) -> int:
        return int(self.X.shape[0])


@dataclass(frozen=True)
class Standardized:
    """:math:`z = (x - \\bar x)/s` per feature (``s`` the population standard deviation)."""

    Z: np.ndarray
    mean: np.ndarray
    std: np.ndarray


def load(path: Path | None) -> tuple[pd.DataFrame, str]:
    """The input table and a description of its source."""
    if path is None:
        return load_penguins(), PENGUIN_SOURCE
    return read_csv(path, "--data"), str(path)


def _numeric(frame: pd.DataFrame, name: str) -> np.ndarray:
    column = frame[name]
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if bad.any():
        first = column[bad].iloc[0]
        raise InputError(
            f"the feature column {name!r} is not numeric: {int(bad.sum())} of {len(column)} "
            f"values are not numbers (the first: {first!r})"
        )
    out = values.to_numpy(dtype=np.float64)
    n_inf = int(np.isinf(out).sum())
    if n_inf:
        raise InputError(f"the feature column {name!r} holds inf in {n_inf} row(s)")
    return out


def _default_features(frame: pd.DataFrame, label: str | None) -> list[str]:
    names = [c for c in frame.columns if c != label and pd.api.types.is_numeric_dtype(frame[c])]
    if not names:
        raise InputError("the data has no numeric column to use as a feature (give --features)")
    return [str(c) for c in names]


def clean(
    frame: pd.DataFrame, source: str, features: list[str] | None, label: str | None
) -> Dataset:
    """Check the columns, drop (and count) rows with a missing feature; see the module rules."""
    if len(frame) == 0:
        raise InputError("the data has no rows")
    if label is not None:
        require_columns(frame, [label], "data (--label-col)")
    names = list(features) if features else _default_features(frame, label)
    if len(set(names)) != len(names):
        raise InputError(f"a feature is named twice in --features: {', '.join(names)}")
    require_columns(frame, names, "data (--features)")
    if label is not None and label in names:
        raise InputError(f"the label column {label!r} cannot also be a feature")
    X_all = np.column_stack([_numeric(frame, name) for name in names])
    missing = np.isnan(X_all)
    keep = ~missing.any(axis=1)
    if not keep.any():
        raise InputError(f"every one of the {len(frame)} rows has a missing feature")
    X = X_all[keep]
    if X.shape[0] < 2:
        raise InputError(f"only {X.shape[0]} usable row: a mixture needs at least 2")
    for j, name in enumerate(names):
        if np.ptp(X[:, j]) == 0:
            raise InputError(
                f"the feature {name!r} is constant ({X[0, j]:g} in every kept row): it cannot "
                "be standardised and cannot separate clusters; leave it out of --features"
            )
    unused = [c for c in frame.columns if c not in names and c != label]
    input_labels = None
    labels = None
    if label is not None:
        input_labels = frame[label].astype(object).where(frame[label].notna(), None).to_numpy()
        labels = input_labels[keep]
    return Dataset(
        source=source,
        X=X,
        feature_names=names,
        rows=np.flatnonzero(keep),
        labels=labels,
        label_name=label,
        n_input_rows=len(frame),
        dropped_rows=np.flatnonzero(~keep),
        dropped_without_any=int(missing.all(axis=1).sum()),
        missing_by_column={
            name: int(missing[:, j].sum()) for j, name in enumerate(names) if missing[:, j].any()
        },
        unlabelled_rows=0 if labels is None else int(sum(v is None for v in labels)),
        unused_columns=[str(c) for c in unused],
        unused_missing={
            str(c): int(frame[c][keep].isna().sum()) for c in unused if frame[c][keep].isna().any()
        },
        non_numeric=[]
        if features
        else [str(c) for c in unused if not pd.api.types.is_numeric_dtype(frame[c])],
        input_labels=input_labels,
    )


def standardize(X: np.ndarray) -> Standardized:
    """Each feature to mean 0 and variance 1 (the fit then weighs them alike)."""
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return Standardized((X - mean) / std, mean, std)
