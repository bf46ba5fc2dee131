"""The run, step by step: load → features → choose k → fit and compare → profile → 2-D view.

:func:`run` takes the run's :class:`Options` and returns a :class:`SegmentationRun`, a typed
record of everything the run found; :mod:`.writeup` turns it into the report and
:mod:`.cli` prints its tables.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.timing import best_time

from .features import RFM, Features, from_customer_table, from_transactions
from .model import KMeans
from .seeding import kmeans_plusplus
from .segments import name_segments, profiles
from .selection import elbow, silhouette_score

__all__ = [
    "Comparison",
    "FitRow",
    "KChoice",
    "Options",
    "Projection",
    "SegmentationRun",
    "Segments",
    "check_segmentable",
    "choose_k",
    "compare",
    "load_features",
    "project_2d",
    "run",
]


@dataclass(frozen=True)
class Options:
    """What the command line asked for (see ``python -m kmeans --help``)."""

    transactions: Path | None = None
    data: Path | None = None
    customer_col: str = "customer_id"
    date_col: str = "date"
    amount_col: str = "amount"
    date_format: str | None = None
    id_col: str | None = None
    features: tuple[str, ...] = ()
    k: int | None = None
    k_min: int = 2
    k_max: int = 10
    n_init: int = 4
    silhouette_sample: int = 2000
    algorithm: str = "hamerly"
    seed: int = 0


@dataclass
class KChoice:
    """Inertia and silhouette for every k tried, and the two rules' choices."""

    ks: list[int]
    inertias: list[float]
    silhouettes: list[float]
    k_elbow: int
    k_best_silhouette: int


@dataclass
class FitRow:
    """One line of the side-by-side table."""

    model: str
    inertia: float
    iterations: int
    silhouette: float | None
    fit_time: float
    ari_vs_ours: float = math.nan

    COLUMNS = ("model", "inertia", "iterations", "ARI vs ours", "silhouette", "fit time (s)")

    def as_row(self) -> dict:
        """The row with the table's column names, in the order of the metrics file."""
        return {
            "model": self.model,
            "inertia": self.inertia,
            "iterations": self.iterations,
            "silhouette": self.silhouette,
            "fit time (s)": self.fit_time,
            "ARI vs ours": self.ari_vs_ours,
        }


@dataclass
class Comparison:
    """Ours and scikit-learn's, from the same start and each with its own seeding."""

    rows: list[FitRow]
    models: dict[str, object] = field(repr=False)
    same_start_labels_identical: bool
    same_start_inertia_gap: float


@dataclass
class Segments:
    """The chosen clustering, profiled: one row per segment in the features' own units."""

    table: pd.DataFrame  # "name" first, then size, shares and feature means
    names: list[str]
    labels: np.ndarray


@dataclass
class Projection:
    """The standardised features and centres on their first two principal components."""

    points: np.ndarray
    centres: np.ndarray
    explained: np.ndarray


@dataclass
class SegmentationRun:
    """Everything one run found, for the report and the printed tables."""

    options: Options
    features: Features
    choice: KChoice
    k: int
    comparison: Comparison
    model: KMeans
    segments: Segments
    projection: Projection

    @property
    def n_customers(self) -> int:
        return int(self.features.X.shape[0])

    @property
    def feature_names(self) -> list[str]:
        return [str(c) for c in self.features.raw.columns]

    @property
    def is_rfm(self) -> bool:
        return tuple(self.feature_names) == RFM


def load_features(options: Options) -> Features:
    """The customers' features: from a customer table, a transaction log, or CDNOW."""
    if options.data is not None:
        return from_customer_table(options.data, list(options.features), options.id_col)
    return from_transactions(
        options.transactions,
        customer=options.customer_col,
        date=options.date_col,
        amount=options.amount_col,
        date_format=options.date_format,
    )


def check_segmentable(X: np.ndarray, k: int | None) -> int:
    """The number of distinct customers (feature rows); refuse data too uniform to segment."""
    n = X.shape[0]
    distinct = int(np.unique(X, axis=0).shape[0]) if n else 0
    if k is not None and k > n:
        raise InputError(f"only {n} customers, fewer than the k = {k} segments asked")
    if k is not None and k > distinct:
        raise InputError(
            f"the {n} customers have only {distinct} distinct combination(s) of feature values, "
            f"fewer than the k = {k} segments asked: nothing to tell the segments apart"
        )
    if distinct < 3:
        raise InputError(
            f"the {n} customers have only {distinct} distinct combination(s) of feature values: "
            "need at least 3 to segment"
        )
    return distinct


def _silhouette(X, labels, options: Options) -> float | None:
    if np.unique(labels).size < 2:
        return None
    return silhouette_score(
        X, labels, sample_size=options.silhouette_sample, random_state=options.seed
    )


def choose_k(X: np.ndarray, options: Options, distinct: int | None = None) -> KChoice:
    """Inertia and silhouette for every k in the range; the elbow is the choice.

    ``distinct`` (the number of distinct rows, default ``n``) caps the range: more segments
    than distinct customers cannot differ.
    """
    n = X.shape[0]
    distinct = n if distinct is None else distinct
    ks = list(range(options.k_min, min(options.k_max, n - 1, distinct) + 1))
    if not ks:
        raise InputError(
            f"only {distinct} distinct customers: too few to compare "
            f"k = {options.k_min}..{options.k_max}"
        )
    inertias, silhouettes = [], []
    for k in ks:
        model = KMeans(
            k, n_init=options.n_init, random_state=options.seed, algorithm=options.algorithm
        ).fit(X)
        inertias.append(model.inertia_)
        score = _silhouette(X, model.labels_, options)
        silhouettes.append(0.0 if score is None else score)
    k_best = ks[int(np.argmax(silhouettes))]
    return KChoice(ks, inertias, silhouettes, elbow(ks, inertias), k_best)


def compare(X: np.ndarray, k: int, options: Options) -> Comparison:
    """Ours and scikit-learn's from the same k-means++ centres, then each with its own seeding."""
    from sklearn.cluster import KMeans as SkKMeans
    from sklearn.metrics import adjusted_rand_score

    seeds, _ = kmeans_plusplus(X, k, random_state=options.seed)
    algorithm, n_init, seed = options.algorithm, options.n_init, options.seed
    fits = {
        "ours, same start": lambda: KMeans(k, init=seeds, algorithm=algorithm).fit(X),
        "scikit-learn, same start": lambda: SkKMeans(
            k, init=seeds, n_init=1, algorithm="lloyd"
        ).fit(X),
        "ours, own seeding": lambda: KMeans(
            k, n_init=n_init, random_state=seed, algorithm=algorithm
        ).fit(X),
        "scikit-learn, own seeding": lambda: SkKMeans(
            k, n_init=n_init, random_state=seed, algorithm="lloyd"
        ).fit(X),
    }
    models, rows = {}, []
    for name, fit in fits.items():
        model, seconds = best_time(fit, repeat=3)
        models[name] = model
        sil = _silhouette(X, model.labels_, options)
        rows.append(FitRow(name, float(model.inertia_), int(model.n_iter_), sil, seconds))
    for row in rows:
        partner = row.model.replace("scikit-learn", "ours")
        row.ari_vs_ours = float(
            adjusted_rand_score(models[partner].labels_, models[row.model].labels_)
        )
    ours, ref = models["ours, same start"], models["scikit-learn, same start"]
    return Comparison(
        rows=rows,
        models=models,
        same_start_labels_identical=bool(np.array_equal(ours.labels_, ref.labels_)),
        same_start_inertia_gap=_relative_gap(ours.inertia_, ref.inertia_),
    )


def _relative_gap(ours: float, ref: float) -> float:
    """``|ours - ref| / ref``; 0 when both are 0 (every point on its centre)."""
    gap = abs(ours - ref)
    return 0.0 if gap == 0 else gap / max(abs(ref), np.finfo(float).tiny)


def profile(features: Features, model: KMeans) -> Segments:
    """Sizes, feature means in original units, shares of revenue, and a name per segment."""
    raw, labels = features.raw, model.labels_
    revenue = "monetary" if tuple(raw.columns) == RFM else None
    table = profiles(raw, labels, revenue)
    names = name_segments(table, raw, model.cluster_centers_)
    table.insert(0, "name", names)
    return Segments(table=table, names=names, labels=labels)


def project_2d(X: np.ndarray, centres: np.ndarray) -> Projection:
    """The points and centres on the first two principal components."""
    from foundations.linalg import PCA

    pca = PCA(n_components=2).fit(X)
    return Projection(pca.transform(X), pca.transform(centres), pca.explained_variance_ratio_)


def run(options: Options, progress=None) -> SegmentationRun:
    """The whole run; ``progress`` (a :class:`toolkit.timing.Progress`) shows the steps."""
    step = progress.step if progress is not None else (lambda _what: nullcontext())
    with step("loading the data and building the features"):
        features = load_features(options)
        X = features.X
        distinct = check_segmentable(X, options.k)
    with step("choosing k: elbow and silhouette"):
        choice = choose_k(X, options, distinct)
        k = options.k if options.k is not None else choice.k_elbow
    with step(f"fitting k = {k}, ours and scikit-learn's"):
        comparison = compare(X, k, options)
        model = comparison.models["ours, own seeding"]
    with step("profiling the segments"):
        segments = profile(features, model)
        projection = project_2d(X, model.cluster_centers_)
    return SegmentationRun(options, features, choice, k, comparison, model, segments, projection)
