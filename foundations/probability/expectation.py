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
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix
from .spaces import check_probability_vector

__all__ = [
    "correlation_matrix",
    "covariance_matrix",
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
    out = p @ x
    return out.item() if out.ndim == 0 else out


def variance(values, probabilities) -> float:
    r""":math:`\operatorname{Var} X = \sum_i (x_i - \mu)^2 p_i` with :math:`\mu = \mathbb{E}X`.

    Computed in two passes (centre, then square): the one-pass
    :math:`\mathbb{E}[X^2] - \mu^2` subtracts two nearly equal numbers when :math:`|\mu| \gg \sigma`.
    """
    x, p = _values_and_probabilities(values, probabilities)
    if x.ndim != 1:
        raise InputError("variance takes scalar values; use covariance_matrix for vectors")
    centred = x - p @ x
    return float(p @ (centred * centred))


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
    if not isinstance(ddof, (int, np.integer)) or ddof < 0 or ddof >= n:
        raise InputError(f"ddof must be an integer in [0, n_samples) = [0, {n}), got {ddof!r}")
    centred = X - X.mean(axis=0)
    S = centred.T @ centred / (n - ddof)
    return (S + S.T) / 2  # exactly symmetric


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
    return np.cumsum(x, axis=0) / n


def standardized_sample_means(distribution, n: int, n_repeats: int, rng=None) -> np.ndarray:
    r""":math:`Z = \sqrt{n}\,(\bar X_n - \mu)/\sigma` for ``n_repeats`` independent samples of size ``n``.

    By the central limit theorem these are close to :math:`\mathcal{N}(0, 1)` for large
    :math:`n`. ``distribution`` is any of this package's distributions (it needs ``rvs``,
    ``mean`` and ``std``).
    """
    for value, name in ((n, "n"), (n_repeats, "n_repeats")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise InputError(f"{name} must be a positive integer, got {value!r}")
    sigma = distribution.std()
    if sigma == 0:
        raise InputError("the distribution has zero variance: nothing to standardize")
    draws = np.asarray(distribution.rvs((n_repeats, n), rng=rng), dtype=float)
    return np.sqrt(n) * (draws.mean(axis=1) - distribution.mean()) / sigma
