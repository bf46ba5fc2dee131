r"""The expected value: expectation, variance, covariance, and the two limit theorems (chapter 20).

For a discrete random variable with values :math:`x_i` and probabilities :math:`p_i`,

.. math:: \mathbb{E}[X] = \sum_i x_i p_i, \qquad
          \operatorname{Var} X = \mathbb{E}\big[(X - \mathbb{E}X)^2\big] = \mathbb{E}[X^2] - (\mathbb{E}X)^2 .

For a data matrix :math:`X` of shape ``(n_samples, n_features)`` with column means
:math:`\bar x`, the sample covariance and correlation matrices are

.. math:: \Sigma = \frac{1}{n - \text{ddof}} (X - \bar x)^\top (X - \bar x), \qquad
          R_{jk} = \frac{\Sigma_{jk}}{\sqrt{\Sigma_{jj}\Sigma_{kk}}} .

The **law of large numbers**: the running mean :math:`\bar X_n = \frac1n\sum_{i\le n} X_i` of
independent draws converges to :math:`\mathbb{E}X`. The **central limit theorem**:
:math:`\sqrt{n}(\bar X_n - \mu)/\sigma` tends in distribution to :math:`\mathcal{N}(0, 1)`,
whatever the (finite-variance) distribution of the :math:`X_i`.

**Conditional expectation.** For a discrete pair with joint table :math:`P(X = x_i, Y = y_j)`,
:math:`\mathbb{E}[Y \mid X = x_i] = \sum_j y_j P(X = x_i, Y = y_j) / P(X = x_i)`: a function
of :math:`x_i`, the best predictor of :math:`Y` from :math:`X` in mean square, and by the law
of total expectation :math:`\mathbb{E}\big[\mathbb{E}[Y \mid X]\big] = \mathbb{E}[Y]`. From a
sample it is estimated by the mean of :math:`y` within each value (or bin) of :math:`x`.

Sums are scaled by the largest magnitude first, so values near :math:`10^{308}` do not
overflow in an intermediate square or cumulative sum when the result itself is representable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix, as_vector
from ._checks import power_of_two_scale
from .spaces import check_probability_vector, sum_tolerance

__all__ = [
    "ConditionalExpectation",
    "conditional_expectation",
    "correlation_matrix",
    "covariance_matrix",
    "empirical_conditional_expectation",
    "expected_value",
    "running_mean",
    "standardized_sample_means",
    "variance",
]


def _values_and_probabilities(values, probabilities):
    x = as_float_array(values, "values", ndim=(1, 2))
    p = check_probability_vector(probabilities, "probabilities")
    if x.shape[0] != p.shape[0]:
        raise InputError(f"values has {x.shape[0]} entries but probabilities has {p.shape[0]}")
    return x, p


def expected_value(values, probabilities):
    r""":math:`\mathbb{E}[X] = \sum_i x_i p_i` for a discrete random variable.

    Parameters
    ----------
    values : array_like, shape (k,) or (k, d)
        The values :math:`x_i` (rows are vectors for a random vector).
    probabilities : array_like, shape (k,)
        :math:`p_i \ge 0`, summing to 1.

    Returns
    -------
    float, or ndarray of shape (d,)
    """
    x, p = _values_and_probabilities(values, probabilities)
    out = p.astype(np.float64) @ x.astype(np.float64)
    return out.item() if out.ndim == 0 else out.astype(x.dtype)


def variance(values, probabilities) -> float:
    r""":math:`\operatorname{Var} X = \sum_i (x_i - \mu)^2 p_i` with :math:`\mu = \mathbb{E}X`.

    Computed in two passes (centre, then square): the one-pass
    :math:`\mathbb{E}[X^2] - \mu^2` subtracts two nearly equal numbers when :math:`|\mu| \gg \sigma`.
    """
    x, p = _values_and_probabilities(values, probabilities)
    if x.ndim != 1:
        raise InputError("variance takes scalar values; use covariance_matrix for vectors")
    x, p = x.astype(np.float64), p.astype(np.float64)
    centred = x - p @ x
    scale = power_of_two_scale(centred)
    with np.errstate(over="ignore"):  # inf only if the variance itself overflows
        return float((scale * np.sqrt(p @ ((centred / scale) ** 2))) ** 2)


def covariance_matrix(X, *, ddof: int = 1) -> np.ndarray:
    r"""The sample covariance matrix of the columns of ``X`` (``numpy.cov(X, rowvar=False)``).

    .. math:: \Sigma = \frac{1}{n - \text{ddof}} (X - \bar x)^\top (X - \bar x)

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    ddof : int, default 1
        1 gives the unbiased estimator, 0 the maximum-likelihood one.

    Returns
    -------
    ndarray, shape (n_features, n_features)
        Symmetric positive semidefinite.
    """
    X = as_matrix(X, "X")
    n = X.shape[0]
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)) or not 0 <= ddof < n:
        raise InputError(f"ddof must be an integer in [0, n_samples) = [0, {n}), got {ddof!r}")
    X64 = X.astype(np.float64)
    scale = np.array([power_of_two_scale(column) for column in X64.T])
    centred = X64 / scale - (X64 / scale).mean(axis=0)  # unit columns: no overflow in the product
    S = centred.T @ centred / (n - ddof)
    with np.errstate(over="ignore"):  # inf only where the covariance itself overflows
        S = S * np.outer(scale, scale)
    return ((S + S.T) / 2).astype(X.dtype, copy=False)  # exactly symmetric


def correlation_matrix(X) -> np.ndarray:
    r"""Pearson correlations :math:`R_{jk} = \Sigma_{jk} / (\sigma_j \sigma_k)` (``numpy.corrcoef(X, rowvar=False)``).

    Entries lie in :math:`[-1, 1]` and the diagonal is 1. A constant column has no
    correlation: an :class:`~foundations.errors.InputError` names it.
    """
    S = covariance_matrix(X)
    sd = np.sqrt(np.diag(S))
    if np.any(sd == 0):
        raise InputError(
            f"column {int(np.argmin(sd))} of X is constant: its correlation is undefined"
        )
    R = S / np.outer(sd, sd)
    np.clip(R, -1.0, 1.0, out=R)
    np.fill_diagonal(R, 1.0)
    return R


def running_mean(samples) -> np.ndarray:
    r"""The running means :math:`\bar X_n = \frac1n\sum_{i=1}^{n} X_i` for :math:`n = 1, \dots, N`.

    Parameters
    ----------
    samples : array_like, shape (N,) or (N, k)
        Along axis 0; several columns are several independent runs.
    """
    x = as_float_array(samples, "samples", ndim=(1, 2))
    if x.shape[0] == 0:
        raise InputError("samples is empty")
    n = np.arange(1, x.shape[0] + 1).reshape((-1,) + (1,) * (x.ndim - 1))
    scale = power_of_two_scale(x)
    out = np.cumsum(x.astype(np.float64) / scale, axis=0) / n * scale  # no overflow near 1e308
    return out.astype(x.dtype, copy=False)


def standardized_sample_means(distribution, n: int, n_repeats: int, rng=None) -> np.ndarray:
    r""":math:`Z = \sqrt{n}\,(\bar X_n - \mu)/\sigma` for ``n_repeats`` independent samples of size ``n``.

    By the central limit theorem these are close to :math:`\mathcal{N}(0, 1)` for large
    :math:`n`. ``distribution`` is any of this package's distributions (it needs ``rvs``,
    ``mean`` and ``std``).
    """
    for value, name in ((n, "n"), (n_repeats, "n_repeats")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise InputError(f"{name} must be a positive integer, got {value!r}")
    if not all(callable(getattr(distribution, m, None)) for m in ("rvs", "mean", "std")):
        raise InputError(
            "distribution must have rvs, mean and std methods (one of this package's classes), "
            f"got {type(distribution).__name__}"
        )
    sigma = distribution.std()
    if not np.isfinite(sigma):
        raise InputError("the distribution has no finite variance: the CLT does not apply")
    if sigma == 0:
        raise InputError("the distribution has zero variance: nothing to standardize")
    draws = np.asarray(distribution.rvs((n_repeats, n), rng=rng), dtype=float)
    return np.sqrt(n) * (draws.mean(axis=1) - distribution.mean()) / sigma


@dataclass(frozen=True)
class ConditionalExpectation:
    r""":math:`\mathbb{E}[Y \mid X = x]` at each ``given`` value, with the weight :math:`P(X = x)`.

    Attributes
    ----------
    given : ndarray, shape (m,)
        The values of :math:`X` (or bin centres).
    mean : ndarray, shape (m,)
        :math:`\mathbb{E}[Y \mid X = x]`; NaN where :math:`P(X = x) = 0` (undefined there).
    weight : ndarray, shape (m,)
        :math:`P(X = x)` (or the fraction of the sample in the value or bin); sums to 1.
    """

    given: np.ndarray
    mean: np.ndarray
    weight: np.ndarray

    def total(self) -> float:
        r"""The law of total expectation: :math:`\sum_x P(X = x)\,\mathbb{E}[Y \mid X = x] = \mathbb{E}[Y]`."""
        defined = self.weight > 0
        return float(self.weight[defined] @ self.mean[defined])


def conditional_expectation(joint, y_values, x_values=None) -> ConditionalExpectation:
    r""":math:`\mathbb{E}[Y \mid X = x_i] = \frac{\sum_j y_j\, P(X = x_i, Y = y_j)}{\sum_j P(X = x_i, Y = y_j)}` from a joint table.

    Parameters
    ----------
    joint : array_like, shape (m, n)
        :math:`P(X = x_i, Y = y_j)`: non-negative, summing to 1 (up to rounding).
    y_values : array_like, shape (n,)
        The values :math:`y_j`.
    x_values : array_like, shape (m,), optional
        The values :math:`x_i` (labels only; default ``0..m-1``).

    Returns
    -------
    ConditionalExpectation
        ``mean[i]`` is NaN for a row of zeros (:math:`P(X = x_i) = 0`).
    """
    P = as_matrix(joint, "joint").astype(np.float64)
    y = as_vector(y_values, "y_values").astype(np.float64)
    m, n = P.shape
    if y.shape[0] != n:
        raise InputError(f"joint has {n} columns but y_values has {y.shape[0]} entries")
    given = np.arange(m, dtype=float) if x_values is None else as_vector(x_values, "x_values")
    if given.shape[0] != m:
        raise InputError(f"joint has {m} rows but x_values has {given.shape[0]} entries")
    if np.any(P < 0):
        raise InputError("joint probabilities must be non-negative")
    if abs(P.sum() - 1.0) > sum_tolerance(np.asarray(joint).dtype, P.size):
        raise InputError(f"joint must sum to 1, got a sum of {P.sum()!r}")
    marginal = P.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(marginal > 0, (P @ y) / marginal, np.nan)
    return ConditionalExpectation(given, mean, marginal)


def empirical_conditional_expectation(x, y, bins=None) -> ConditionalExpectation:
    r"""The sample version: the mean of ``y`` within each distinct value (or bin) of ``x``.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
    bins : None, int or array_like of edges
        None: one group per distinct value of ``x`` (a discrete :math:`X`). An int: that
        many equal-width bins over :math:`[\min x, \max x]`; an array: the bin edges
        (increasing; points outside are dropped). ``given`` is then the bin centres.

    Returns
    -------
    ConditionalExpectation
        ``weight`` is the fraction of the (kept) sample in each group; the mean of an empty
        bin is NaN.
    """
    x = as_vector(x, "x").astype(np.float64)
    y = as_vector(y, "y").astype(np.float64)
    if x.shape != y.shape:
        raise InputError(f"x and y must have the same length, got {x.shape[0]} and {y.shape[0]}")
    if bins is None:
        given, group = np.unique(x, return_inverse=True)
    else:
        edges = _bin_edges(x, bins)
        group = np.searchsorted(edges, x, side="right") - 1
        group[x == edges[-1]] = edges.size - 2  # the last bin is closed
        keep = (group >= 0) & (group < edges.size - 1)
        if not keep.any():
            raise InputError("no sample point falls inside the bins")
        x, y, group = x[keep], y[keep], group[keep]
        given = (edges[:-1] + edges[1:]) / 2
    counts = np.bincount(group, minlength=given.size).astype(float)
    sums = np.bincount(group, weights=y, minlength=given.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / counts, np.nan)
    return ConditionalExpectation(given, mean, counts / counts.sum())


def _bin_edges(x: np.ndarray, bins) -> np.ndarray:
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        if bins < 1:
            raise InputError(f"bins must be a positive integer, got {bins}")
        lo, hi = float(x.min()), float(x.max())
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        return np.linspace(lo, hi, int(bins) + 1)
    edges = as_vector(bins, "bins")
    if edges.shape[0] < 2 or np.any(np.diff(edges) <= 0):
        raise InputError("bin edges must be at least two strictly increasing numbers")
    return edges.astype(np.float64)
