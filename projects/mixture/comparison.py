"""Ours beside scikit-learn's ``GaussianMixture``: from one start, and each from its own.

**Same start.** Both get the same :math:`\\theta_0` (``weights_init``, ``means_init``,
``precisions_init``: our own initialization's parameters), so both run the same deterministic
map :math:`\\theta_t = M(\\theta_{t-1})`; the mean log-likelihood of every iteration, the labels and
the parameters must agree up to rounding.

**Own starts.** Each draws its own initializations (``n_init`` of them, its own random numbers),
so they may end in different local maxima: compared by the final mean log-likelihood, the
adjusted Rand index against the labels (the species), and the fit time.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from toolkit.timing import best_time

from .model import GaussianMixture

__all__ = ["FitRow", "SameStart", "compare_own_starts", "compare_same_start", "relative_gaps"]


@dataclass(frozen=True)
class SameStart:
    """Both fits from one :math:`\\theta_0`, and how far apart they ended.

    ``bound_gaps`` are :math:`|\\ell_t - \\ell_t^{sk}|/|\\ell_t^{sk}|` for every iteration both
    ran; the ``*_gap`` numbers are the largest absolute differences of the fitted parameters.
    """

    start: GaussianMixture
    ours: GaussianMixture
    reference: SkGaussianMixture
    bound_gaps: np.ndarray
    same_iterations: bool
    labels_identical: bool
    weights_gap: float
    means_gap: float
    covariances_gap: float
    proba_gap: float

    @property
    def max_bound_gap(self) -> float:
        return float(self.bound_gaps.max()) if self.bound_gaps.size else 0.0


@dataclass(frozen=True)
class FitRow:
    """One line of the side-by-side table."""

    model: str
    lower_bound: float
    log_likelihood: float
    n_iter: int
    converged: bool
    ari_labels: float | None
    ari_vs_ours: float | None
    bic: float
    fit_time: float


def relative_gaps(ours, reference) -> np.ndarray:
    """:math:`|a_t - b_t| / |b_t|` over the iterations both histories have."""
    a, b = np.asarray(ours, float), np.asarray(reference, float)
    m = min(a.size, b.size)
    return np.abs(a[:m] - b[:m]) / np.maximum(np.abs(b[:m]), np.finfo(float).tiny)


def _quiet_fit(model, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # converged_ is reported instead
        return model.fit(X)


def compare_same_start(Z, k: int, settings: dict, seed: int) -> SameStart:
    """Our initialization's :math:`\\theta_0`, then both EMs from it."""
    start = GaussianMixture(k, random_state=seed, **{**settings, "max_iter": 0}).fit(Z)
    given = {
        "weights_init": start.weights_,
        "means_init": start.means_,
        "precisions_init": start.precisions_,
    }
    ours = _quiet_fit(GaussianMixture(k, **given, **settings), Z)
    ref = _quiet_fit(SkGaussianMixture(k, **given, **settings), Z)
    return SameStart(
        start=start,
        ours=ours,
        reference=ref,
        bound_gaps=relative_gaps(ours.lower_bounds_, ref.lower_bounds_),
        same_iterations=ours.n_iter_ == ref.n_iter_,
        labels_identical=bool(np.array_equal(ours.predict(Z), ref.predict(Z))),
        weights_gap=float(np.max(np.abs(ours.weights_ - ref.weights_))),
        means_gap=float(np.max(np.abs(ours.means_ - ref.means_))),
        covariances_gap=float(np.max(np.abs(ours.covariances_ - ref.covariances_))),
        proba_gap=float(np.max(np.abs(ours.predict_proba(Z) - ref.predict_proba(Z)))),
    )


def _row(name, model, Z, labels, known, partner, seconds) -> FitRow:
    predicted = model.predict(Z)
    return FitRow(
        model=name,
        lower_bound=float(model.lower_bound_),
        log_likelihood=float(model.score(Z)),
        n_iter=int(model.n_iter_),
        converged=bool(model.converged_),
        ari_labels=None
        if labels is None or not known.any()
        else float(adjusted_rand_score(labels[known], predicted[known])),
        ari_vs_ours=None
        if partner is None
        else float(adjusted_rand_score(partner.predict(Z), predicted)),
        bic=float(model.bic(Z)),
        fit_time=seconds,
    )


def compare_own_starts(Z, k, settings: dict, n_init: int, seed: int, labels, same: SameStart):
    """Both from their own ``n_init`` starts; the table rows (same start first) and our model.

    Fit times are the best of three fits.
    """
    known = np.array([v is not None for v in labels]) if labels is not None else None
    given = {
        "weights_init": same.start.weights_,
        "means_init": same.start.means_,
        "precisions_init": same.start.precisions_,
    }
    fits = {
        "ours, same start": lambda: _quiet_fit(GaussianMixture(k, **given, **settings), Z),
        "scikit-learn, same start": lambda: _quiet_fit(
            SkGaussianMixture(k, **given, **settings), Z
        ),
        f"ours, own starts (n_init={n_init})": lambda: _quiet_fit(
            GaussianMixture(k, n_init=n_init, random_state=seed, **settings), Z
        ),
        f"scikit-learn, own starts (n_init={n_init})": lambda: _quiet_fit(
            SkGaussianMixture(k, n_init=n_init, random_state=seed, **settings), Z
        ),
    }
    rows, models = [], []
    for i, (name, fit) in enumerate(fits.items()):
        model, seconds = best_time(fit, repeat=3)
        models.append(model)
        partner = models[i - 1] if i % 2 else None
        rows.append(_row(name, model, Z, labels, known, partner, seconds))
    return rows, models[2]
