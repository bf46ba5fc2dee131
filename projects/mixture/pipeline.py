"""The run, step by step: load → clean → standardise → choose k → fit and compare → evaluate.

:func:`run` takes the :class:`Options` the command line parsed and returns a :class:`Result`
holding every number of the printed table, ``metrics.json`` and ``report.md``, and the arrays
the figures and ``assignments.csv`` need. The steps pass typed values, never string-keyed
dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from foundations.errors import InputError
from foundations.linalg import PCA
from toolkit.timing import Progress

from .comparison import FitRow, SameStart, compare_own_starts, compare_same_start
from .covariances import dense_covariances
from .data import PENGUIN_FEATURES, Dataset, Standardized, clean, load, standardize
from .em_steps import Params, logsumexp_rows, weighted_log_prob
from .model import GaussianMixture
from .selection import Criteria, information_criteria

__all__ = [
    "STEPS",
    "Options",
    "Plane",
    "Result",
    "Walkthrough",
    "choose_k",
    "first_iteration",
    "run",
]

#: How many steps :func:`run` reports to its :class:`~toolkit.timing.Progress`.
STEPS = 4


@dataclass(frozen=True)
class Options:
    """What the user chose (the command line's flags)."""

    data: Path | None = None
    features: tuple[str, ...] | None = None
    label_col: str | None = None
    k: int | None = None
    k_max: int = 8
    covariance_type: str = "full"
    n_init: int = 5
    init_params: str = "kmeans"
    max_iter: int = 200
    tol: float = 1e-3
    reg_covar: float = 1e-6
    uncertain: float = 0.9
    seed: int = 0

    def settings(self) -> dict:
        """The estimator settings both implementations get."""
        return {
            "covariance_type": self.covariance_type,
            "init_params": self.init_params,
            "reg_covar": self.reg_covar,
            "tol": self.tol,
            "max_iter": self.max_iter,
        }


@dataclass(frozen=True)
class Walkthrough:
    """The first EM iteration of the same-start run, for one row (``row`` in the input).

    E step at :math:`\\theta_0`: ``log_weights`` :math:`\\log\\pi_j`, ``log_densities``
    :math:`\\log\\mathcal N(z\\mid\\mu_j,\\Sigma_j)`, their sums ``a``, ``log_p`` = logsumexp(a),
    ``resp`` :math:`= e^{a - \\log p}`. M step: ``nk`` :math:`=\\sum_i r_{ij}`, ``weights`` and
    ``means`` (standardised units) of :math:`\\theta_1`.
    """

    row: int
    index: int
    z: np.ndarray
    log_weights: np.ndarray
    log_densities: np.ndarray
    a: np.ndarray
    log_p: float
    resp: np.ndarray
    nk: np.ndarray
    weights: np.ndarray
    means: np.ndarray
    bound_0: float


@dataclass(frozen=True)
class Plane:
    """Points, component means and 2×2 covariances in one plane (two features or two PCs)."""

    axes: list[str]
    points: np.ndarray
    means: np.ndarray
    covariances: np.ndarray


@dataclass(frozen=True)
class Result:
    """Everything one run found (see the module docstring)."""

    options: Options
    data: Dataset
    scaled: Standardized
    criteria: Criteria
    k: int
    k_given: bool
    same: SameStart
    rows: list[FitRow]
    model: GaussianMixture
    proba: np.ndarray
    predicted: np.ndarray
    uncertain: np.ndarray
    walkthrough: Walkthrough
    feature_plane: Plane
    pca_plane: Plane | None
    explained: np.ndarray | None
    confusion: pd.DataFrame | None
    ari: float | None


def choose_k(Z: np.ndarray, options: Options) -> tuple[Criteria, int]:
    """BIC and AIC over k = 1..k_max and the four covariance types; the k the run uses."""
    n = Z.shape[0]
    if options.k is not None and options.k > n:
        raise InputError(f"only {n} rows to fit, fewer than the k = {options.k} components asked")
    ks = list(range(1, min(options.k_max, n) + 1))
    criteria = information_criteria(
        Z,
        ks,
        n_init=options.n_init,
        init_params=options.init_params,
        reg_covar=options.reg_covar,
        tol=options.tol,
        max_iter=options.max_iter,
        seed=options.seed,
    )
    if options.k is not None:
        return criteria, options.k
    return criteria, criteria.best("bic", options.covariance_type)[1]


def first_iteration(Z: np.ndarray, start: GaussianMixture, row: int, index: int) -> Walkthrough:
    """The E and M step of iteration 1 from ``start`` (a ``max_iter=0`` fit), for one row."""
    ct = start.covariance_type
    params = Params(
        start.weights_, start.means_, start.covariances_, start.precisions_cholesky_, ct
    )
    a = weighted_log_prob(Z, params)
    log_p = logsumexp_rows(a)
    resp = np.exp(a - log_p[:, None])
    nk = resp.sum(axis=0)
    log_w = np.log(start.weights_)
    return Walkthrough(
        row=row,
        index=index,
        z=Z[index],
        log_weights=log_w,
        log_densities=a[index] - log_w,
        a=a[index],
        log_p=float(log_p[index]),
        resp=resp[index],
        nk=nk,
        weights=nk / nk.sum(),
        means=(resp.T @ Z) / nk[:, None],
        bound_0=float(log_p.mean()),
    )


def _planes(model: GaussianMixture, data: Dataset, scaled: Standardized):
    k, d = model.means_.shape
    cov_z = dense_covariances(model.covariances_, model.covariance_type, k, d)
    # back to the original units: mu = mean + s * mu_z, Sigma = S Sigma_z S
    means = scaled.mean + scaled.std * model.means_
    covs = cov_z * np.outer(scaled.std, scaled.std)
    axes = list(range(min(2, d)))
    feature = Plane(
        [data.feature_names[j] for j in axes],
        data.X[:, axes],
        means[:, axes],
        covs[:, axes][:, :, axes],
    )
    if d < 2:
        return feature, None, None
    pca = PCA(n_components=2).fit(scaled.Z)
    V = pca.components_
    plane = Plane(
        ["PC 1", "PC 2"],
        pca.transform(scaled.Z),
        (model.means_ - pca.mean_) @ V.T,
        V @ cov_z @ V.T,
    )
    return feature, plane, pca.explained_variance_ratio_


def _evaluate(data: Dataset, predicted: np.ndarray):
    if data.labels is None:
        return None, None
    known = np.array([v is not None for v in data.labels])
    if not known.any():
        return None, None
    labels = data.labels[known].astype(str)
    confusion = pd.crosstab(
        pd.Series(labels, name=data.label_name),
        pd.Series(predicted[known], name="component"),
    )
    return confusion, float(adjusted_rand_score(labels, predicted[known]))


def run(options: Options, progress: Progress | None = None) -> Result:
    """The whole run; ``progress`` (optional) shows :data:`STEPS` steps."""
    progress = progress or Progress(total=STEPS, enabled=False)
    with progress.step("loading and cleaning the data"):
        frame, source = load(options.data)
        label = options.label_col or ("species" if options.data is None else None)
        features = list(options.features) if options.features else None
        if options.data is None and features is None:
            features = list(PENGUIN_FEATURES)
        data = clean(frame, source, features, label)
        scaled = standardize(data.X)
    with progress.step(f"choosing k: BIC and AIC for k = 1..{min(options.k_max, data.n)}"):
        criteria, k = choose_k(scaled.Z, options)
    with progress.step(f"fitting k = {k}, ours and scikit-learn's"):
        settings = options.settings()
        same = compare_same_start(scaled.Z, k, settings, options.seed)
        rows, model = compare_own_starts(
            scaled.Z, k, settings, options.n_init, options.seed, data.labels, same
        )
    with progress.step("evaluating and projecting"):
        proba = model.predict_proba(scaled.Z)
        predicted = model.predict(scaled.Z)
        uncertain = proba.max(axis=1) < options.uncertain
        index = int(np.argmin(proba.max(axis=1)))
        walk = first_iteration(scaled.Z, same.start, int(data.rows[index]), index)
        feature_plane, pca_plane, explained = _planes(model, data, scaled)
        confusion, ari = _evaluate(data, predicted)
    return Result(
        options=options,
        data=data,
        scaled=scaled,
        criteria=criteria,
        k=k,
        k_given=options.k is not None,
        same=same,
        rows=rows,
        model=model,
        proba=proba,
        predicted=predicted,
        uncertain=uncertain,
        walkthrough=walk,
        feature_plane=feature_plane,
        pca_plane=pca_plane,
        explained=explained,
        confusion=confusion,
        ari=ari,
    )
