"""The data: the handwritten digits, or a user's CSV encoded for a network; the seeded split.

- The digits (``sklearn.datasets.load_digits``, shipped with scikit-learn): 1,797 images of
  8×8 pixels with grey levels 0–16, scaled to [0, 1] by dividing by 16 (so the first layer's
  weights can be drawn as 8×8 images).
- A CSV (``--data FILE --target COLUMN``): numeric columns are standardised with the training
  split's mean and standard deviation (missing cells imputed with the training mean, counted);
  text and boolean columns are one-hot encoded with the training split's categories (a missing
  cell is its own category "(missing)"; a category only seen in validation or test rows gets
  all zeros, counted). Rows with a missing target are dropped and counted.
- :func:`stratified_split`: a seeded train/validation/test split that keeps each class's share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.tables import read_csv, require_columns

__all__ = [
    "MAX_CATEGORIES",
    "Encoded",
    "Table",
    "encode",
    "load_digits_table",
    "load_table",
    "stratified_split",
]

#: A text column with more distinct values than this (an identifier, free text) is refused.
MAX_CATEGORIES = 100


@dataclass(frozen=True)
class Table:
    """Raw features and labels before encoding, with what was dropped on the way."""

    features: pd.DataFrame
    labels: np.ndarray
    rows: np.ndarray  # row numbers (from 0) in the input file
    source: str
    n_input_rows: int
    dropped_target_rows: int
    images: bool = False  # the features are 8×8 images (the digits)


@dataclass(frozen=True)
class Encoded:
    """Numeric matrices for the three splits and a count of every cleaning step."""

    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    feature_names: list[str]
    numeric_columns: list[str]
    categorical_columns: list[str]
    imputed_cells: dict[str, int] = field(default_factory=dict)
    unseen_categories: dict[str, int] = field(default_factory=dict)


def load_digits_table() -> Table:
    """The 1,797 digits as a table of 64 pixel columns ``p0..p63`` (values 0–16) and labels."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    frame = pd.DataFrame(digits.data, columns=[f"p{i}" for i in range(64)])
    n = len(frame)
    return Table(
        frame, digits.target, np.arange(n), "the handwritten digits (scikit-learn)", n, 0, True
    )


def load_table(path: Path, target: str) -> Table:
    """A user's CSV: every column but ``target`` is a feature; rows without a target are dropped."""
    frame = read_csv(path, "--data")
    require_columns(frame, [target], "data")
    if frame.shape[1] < 2:
        raise InputError(f"--data {path} has no feature column besides the target {target!r}")
    labels = frame[target]
    keep = labels.notna().to_numpy()
    features = frame.drop(columns=[target])[keep].reset_index(drop=True)
    y = labels[keep].to_numpy()
    if y.dtype == object:
        y = y.astype(str)
    return Table(features, y, np.flatnonzero(keep), str(path), len(frame), int((~keep).sum()))


def stratified_split(labels, test_size: float, validation_size: float, seed: int):
    """Indices ``(train, validation, test)``: each class shuffled and cut in the same shares.

    Each class needs at least 3 samples (one for each part). Deterministic for a given seed.
    """
    classes, codes, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if classes.size < 2:
        raise InputError(f"the target has {classes.size} class; a classifier needs at least 2")
    small = classes[counts < 3]
    if small.size:
        shown = ", ".join(map(str, small[:10]))
        raise InputError(
            f"{small.size} class(es) have fewer than 3 samples ({shown}); each needs one for "
            "training, validation and test"
        )
    rng = np.random.default_rng(seed)
    parts = ([], [], [])
    for k, count in enumerate(counts):
        members = rng.permutation(np.flatnonzero(codes == k))
        n_test = min(count - 2, max(1, round(test_size * count)))
        n_val = min(count - 1 - n_test, max(1, round(validation_size * count)))
        parts[2].append(members[:n_test])
        parts[1].append(members[n_test : n_test + n_val])
        parts[0].append(members[n_test + n_val :])
    return tuple(np.sort(np.concatenate(p)) for p in parts)


def _numeric_block(column: pd.Series, train, name, imputed):
    values = column.to_numpy(dtype=float)
    if np.isinf(values).any():
        raise InputError(f"the column {name!r} holds inf in {int(np.isinf(values).sum())} row(s)")
    missing = np.isnan(values)
    fit = values[train][~missing[train]]
    if fit.size == 0:
        raise InputError(f"the column {name!r} has no value in the training rows")
    mean, std = fit.mean(), fit.std()
    if missing.any():
        imputed[name] = int(missing.sum())
        values = np.where(missing, mean, values)
    return ((values - mean) / (std if std > 0 else 1.0))[:, None], [name]


def _categorical_block(column: pd.Series, train, name, unseen):
    text = column.astype("string").fillna("(missing)").to_numpy(dtype=object)
    levels = np.unique(text[train])
    if levels.size > MAX_CATEGORIES:
        raise InputError(
            f"the text column {name!r} has {levels.size} distinct values in the training rows "
            f"(more than {MAX_CATEGORIES}): an identifier or free text, not a category; "
            "drop it from the CSV"
        )
    block = (text[:, None] == levels[None, :]).astype(float)
    others = ~np.isin(text, levels)
    if others.any():
        unseen[name] = int(others.sum())
    return block, [f"{name}={v}" for v in levels]


def encode(table: Table, train, val, test) -> Encoded:
    """Standardise numeric columns and one-hot encode the others, from the training rows only."""
    features = table.features
    if table.images:  # the digits: grey levels 0..16 scaled to [0, 1], nothing else
        X = features.to_numpy(dtype=float) / 16.0
        return Encoded(
            X[train], X[val], X[test], list(features.columns), list(features.columns), []
        )
    blocks, names, numeric, categorical = [], [], [], []
    imputed, unseen = {}, {}
    for name in features.columns:
        column = features[name]
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            block, labels = _categorical_block(column, train, str(name), unseen)
            categorical.append(str(name))
        else:
            block, labels = _numeric_block(column, train, str(name), imputed)
            numeric.append(str(name))
        blocks.append(block)
        names.extend(labels)
    X = np.hstack(blocks)
    return Encoded(X[train], X[val], X[test], names, numeric, categorical, imputed, unseen)
