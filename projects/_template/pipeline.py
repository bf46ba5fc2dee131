"""The run, step by step: load → clean → split → standardise → fit → evaluate → compare.

:func:`run` takes the :class:`Options` the command line parsed and returns a :class:`Result`:
every number the printed table, ``metrics.json`` and ``report.md`` show, plus the arrays the
figures and ``predictions.csv`` need. The steps pass typed values to each other, never
dictionaries keyed by strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.tables import read_csv, require_columns
from toolkit.timing import Progress, best_time

from .model import NearestCentroidClassifier

__all__ = [
    "STEPS",
    "Cleaned",
    "Options",
    "Result",
    "Score",
    "Split",
    "clean",
    "load",
    "run",
    "split",
    "standardize",
]

#: How many steps :func:`run` reports to its :class:`~toolkit.timing.Progress`.
STEPS = 2


@dataclass(frozen=True)
class Options:
    """What the user chose: the data, its label column, the held-out share and the seed."""

    data: Path | None = None
    target: str = "target"
    test_size: float = 0.25
    seed: int = 0


@dataclass(frozen=True)
class Cleaned:
    """The usable samples and a count of every cleaning step that produced them.

    ``rows`` are the row numbers (from 0) of the kept samples in the input table.
    """

    X: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    feature_names: list[str]
    n_input_rows: int
    dropped_rows: int
    ignored_columns: list[str]


@dataclass(frozen=True)
class Split:
    """Standardised training and test features (scaled with the training statistics only)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_rows: np.ndarray


@dataclass(frozen=True)
class Score:
    """One model's test accuracy and its best fit time in seconds."""

    model: str
    test_accuracy: float
    fit_time: float


@dataclass(frozen=True)
class Result:
    """Everything one run found (see the module docstring).

    ``agreement`` is the share of test samples on which ours and scikit-learn's predict the
    same class; ``centroid_gap`` the largest absolute difference between the two centroid sets.
    """

    options: Options
    source: str
    cleaned: Cleaned
    split: Split
    model: NearestCentroidClassifier
    predicted: np.ndarray
    predicted_reference: np.ndarray
    scores: list[Score]
    agreement: float
    centroid_gap: float


def load(path: Path | None, target: str) -> tuple[pd.DataFrame, str]:
    """The table and a description of its source: the wine dataset, or the CSV at ``path``."""
    if path is None:
        from sklearn.datasets import load_wine

        return load_wine(as_frame=True).frame, "the wine dataset (scikit-learn)"
    frame = read_csv(path, "--data")
    require_columns(frame, [target], "data")
    return frame, str(path)


def clean(frame: pd.DataFrame, target: str) -> Cleaned:
    """Keep the numeric columns, drop (and count) rows with a missing value; refuse ``inf``."""
    features = frame.drop(columns=[target])
    numeric = features.select_dtypes("number")
    if numeric.shape[1] == 0:
        raise InputError("the data has no numeric feature column")
    for name in numeric.columns:
        n_inf = int(np.isinf(numeric[name].to_numpy(dtype=float)).sum())
        if n_inf:
            raise InputError(f"the column {name!r} holds inf in {n_inf} row(s)")
    keep = (numeric.notna().all(axis=1) & frame[target].notna()).to_numpy()
    y = frame[target].to_numpy()[keep]
    classes, counts = np.unique(y, return_counts=True)
    if classes.size < 2 or counts.min() < 2:
        raise InputError("need at least two classes with two or more samples each")
    return Cleaned(
        X=numeric.to_numpy(dtype=float)[keep],
        y=y,
        rows=np.flatnonzero(keep),
        feature_names=[str(c) for c in numeric.columns],
        n_input_rows=len(frame),
        dropped_rows=int((~keep).sum()),
        ignored_columns=[str(c) for c in features.columns if c not in numeric.columns],
    )


def split(n: int, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random train/test split of ``range(n)``: (train indices, test indices)."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = min(n - 1, max(1, round(test_size * n)))
    return order[n_test:], order[:n_test]


def standardize(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale each feature to mean 0, variance 1 using the training split's statistics only."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std


def _split(cleaned: Cleaned, options: Options) -> Split:
    train, test = split(len(cleaned.y), options.test_size, options.seed)
    X_train, X_test = standardize(cleaned.X[train], cleaned.X[test])
    return Split(X_train, cleaned.y[train], X_test, cleaned.y[test], cleaned.rows[test])


def run(options: Options, progress: Progress | None = None) -> Result:
    """Run the whole comparison; ``progress`` (optional) shows :data:`STEPS` steps."""
    progress = progress or Progress(total=STEPS, enabled=False)
    with progress.step("loading and cleaning the data"):
        frame, source = load(options.data, options.target)
        cleaned = clean(frame, options.target)
        data = _split(cleaned, options)
    with progress.step("fitting ours and scikit-learn's"):
        from sklearn.neighbors import NearestCentroid

        ours, t_ours = best_time(
            lambda: NearestCentroidClassifier().fit(data.X_train, data.y_train)
        )
        ref, t_ref = best_time(lambda: NearestCentroid().fit(data.X_train, data.y_train))
        pred, pred_ref = ours.predict(data.X_test), ref.predict(data.X_test)
    scores = [
        Score(name, float(np.mean(p == data.y_test)), t)
        for name, p, t in [("ours", pred, t_ours), ("scikit-learn", pred_ref, t_ref)]
    ]
    return Result(
        options=options,
        source=source,
        cleaned=cleaned,
        split=data,
        model=ours,
        predicted=pred,
        predicted_reference=pred_ref,
        scores=scores,
        agreement=float(np.mean(pred == pred_ref)),
        centroid_gap=float(np.max(np.abs(ours.centroids_ - ref.centroids_))),
    )
