r"""Markov's, Chebyshev's and Jensen's inequalities, shown numerically (chapter 20).

* **Markov.** For :math:`X \ge 0` and :math:`t > 0`, :math:`P(X \ge t) \le \mathbb{E}[X]/t`:
  since :math:`t\,\mathbb 1[X \ge t] \le X`, take expectations.
* **Chebyshev.** For finite variance and :math:`k > 0`,
  :math:`P(|X - \mu| \ge k\sigma) \le 1/k^2`: Markov for :math:`(X-\mu)^2` at :math:`t = k^2\sigma^2`.
* **Jensen.** For convex :math:`f`, :math:`f(\mathbb{E}X) \le \mathbb{E}f(X)`: a convex function
  lies above its tangent at :math:`\mathbb{E}X`. (Gibbs' inequality :math:`D_{\mathrm{KL}} \ge 0`
  is Jensen for :math:`-\log`.)

Each function returns the bound beside the actual value, for one of this package's
distributions (exact probabilities from its ``cdf``/``sf``) or for a sample (the empirical
distribution, for which the inequalities hold exactly as well). The bounds are often loose —
Chebyshev gives :math:`1/4` at :math:`k = 2` where a normal has :math:`0.0455` — because they
hold for *every* distribution with that mean (and variance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import as_vector
from ._base import Distribution
from ._checks import positive_param
from .spaces import check_probability_vector

__all__ = [
    "InequalityCheck",
    "JensenCheck",
    "chebyshev_inequality",
    "jensen_inequality",
    "markov_inequality",
]


@dataclass(frozen=True)
class InequalityCheck:
    """A probability (``actual``) and the upper ``bound`` an inequality puts on it."""

    bound: float
    actual: float

    @property
    def holds(self) -> bool:
        """``actual <= bound``, allowing one part in 1e12 for rounding."""
        return self.actual <= self.bound * (1 + 1e-12) + 1e-300


@dataclass(frozen=True)
class JensenCheck:
    r""":math:`f(\mathbb{E}X)` (``f_of_mean``) and :math:`\mathbb{E}f(X)` (``mean_of_f``)."""

    f_of_mean: float
    mean_of_f: float

    @property
    def gap(self) -> float:
        r"""The Jensen gap :math:`\mathbb{E}f(X) - f(\mathbb{E}X)`, :math:`\ge 0` for convex :math:`f`."""
        return self.mean_of_f - self.f_of_mean

    @property
    def holds(self) -> bool:
        """``f_of_mean <= mean_of_f`` up to rounding (one part in 1e12 of their size)."""
        scale = max(abs(self.f_of_mean), abs(self.mean_of_f))
        return self.gap >= -1e-12 * scale


def _sample_or_distribution(X, name: str = "X"):
    if isinstance(X, Distribution):
        return X, None
    try:
        return None, as_vector(X, name).astype(np.float64)
    except InputError:
        raise InputError(
            f"{name} must be one of this package's distributions or a 1-D sample, "
            f"got {type(X).__name__}"
        ) from None


def markov_inequality(X, t) -> InequalityCheck:
    r""":math:`P(X \ge t)` beside Markov's bound :math:`\mathbb{E}[X]/t`.

    Parameters
    ----------
    X : distribution or array_like, shape (n,)
        A distribution of this package with support in :math:`[0, \infty)`, or a sample of
        non-negative values.
    t : float
        Positive.
    """
    t = positive_param(t, "t")
    dist, sample = _sample_or_distribution(X)
    if dist is not None:
        if dist.support()[0] < 0:
            raise InputError(f"Markov's inequality needs X >= 0; {dist!r} takes negative values")
        return InequalityCheck(dist.mean() / t, dist._prob_at_least(t))
    if np.any(sample < 0):
        raise InputError("Markov's inequality needs X >= 0; the sample has negative values")
    return InequalityCheck(float(np.mean(sample)) / t, float(np.mean(sample >= t)))


def chebyshev_inequality(X, k) -> InequalityCheck:
    r""":math:`P(|X - \mu| \ge k\sigma)` beside Chebyshev's bound :math:`1/k^2`.

    Parameters
    ----------
    X : distribution or array_like, shape (n,)
        With finite variance. For a sample, :math:`\mu` and :math:`\sigma` are its mean and
        (population, ``ddof=0``) standard deviation.
    k : float
        Positive (the bound says something only for :math:`k > 1`).
    """
    k = positive_param(k, "k")
    dist, sample = _sample_or_distribution(X)
    if dist is not None:
        mu, sigma = dist.mean(), dist.std()
        if not (np.isfinite(mu) and np.isfinite(sigma)):
            raise InputError(f"Chebyshev's inequality needs a finite variance; {dist!r} has none")
        actual = dist._prob_at_most(mu - k * sigma) + dist._prob_at_least(mu + k * sigma)
    else:
        mu = float(np.mean(sample))
        sigma = float(np.sqrt(np.mean((sample - mu) ** 2)))
        actual = float(np.mean(np.abs(sample - mu) >= k * sigma))
    return InequalityCheck(1.0 / (k * k), min(actual, 1.0))


def jensen_inequality(f: Callable, values, probabilities=None) -> JensenCheck:
    r""":math:`f(\mathbb{E}X)` and :math:`\mathbb{E}f(X) = \sum_i p_i f(x_i)` for a discrete :math:`X` or a sample.

    Parameters
    ----------
    f : callable
        Applied to an array of values, returning an array of the same shape (``np.exp``,
        ``np.square``, ``lambda x: -np.log(x)``...). Jensen's inequality is about convex ``f``;
        for a concave one the gap is :math:`\le 0`.
    values : array_like, shape (n,)
    probabilities : array_like, shape (n,), optional
        Default: equal weights (a sample).
    """
    if not callable(f):
        raise InputError(f"f must be a callable, got {type(f).__name__}")
    x = as_vector(values, "values").astype(np.float64)
    if probabilities is None:
        p = np.full(x.shape[0], 1.0 / x.shape[0])
    else:
        p = check_probability_vector(probabilities, "probabilities").astype(np.float64)
        if p.shape != x.shape:
            raise InputError(f"values has {x.shape[0]} entries but probabilities {p.shape[0]}")
    try:
        fx = np.asarray(f(x), dtype=float)
        f_mean = np.asarray(f(np.array([p @ x])), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"f did not return numbers for an array: {exc}") from None
    if fx.shape != x.shape or f_mean.size != 1:
        raise InputError(f"f must map an array to an array of the same shape, got {fx.shape}")
    return JensenCheck(float(f_mean.reshape(-1)[0]), float(p @ fx))
