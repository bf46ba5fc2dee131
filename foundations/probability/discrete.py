r"""Discrete distributions: Bernoulli, binomial, geometric, Poisson, categorical (chapter 19).

Each mirrors the frozen ``scipy.stats`` distribution: ``pmf, logpmf, cdf, logcdf, sf, logsf,
ppf, isf, mean, var, std, median, support, rvs``. The cdfs are incomplete beta and gamma
functions (:mod:`~foundations.probability.incomplete`), so their cost does not grow with
:math:`n` or :math:`\mu`:

.. math:: P(\text{Bin}(n,p) \le k) = I_{1-p}(n-k, k+1), \qquad
          P(\text{Poisson}(\mu) \le k) = Q(k+1, \mu),

and the survival functions are the complementary functions computed directly. The masses
use Loader's saddle-point form (``special``), accurate to about 1e-15 relative at
:math:`n = 10^7` where :math:`\ln\Gamma` differences lose eight digits.

Samplers: inversion on a short table where the mean is small (below 10 for the binomial's
:math:`n\min(p, 1-p)` and the Poisson's :math:`\mu`), Hörmann's rejection samplers BTRS and
PTRS above — :math:`O(1)` work and memory per draw at any :math:`n` or :math:`\mu`.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import check_rng
from ._base import Discrete
from ._checks import as_shape, count_param, probability_param, real_param
from ._loggamma import _log_binom_raw, _log_pois_raw
from ._variates import binomial_btrs, poisson_ptrs
from .incomplete import _log1mexp, _log_betainc_pair, _log_gammainc_pair
from .sampling import uniform_source, weighted_sample
from .spaces import check_probability_vector

__all__ = ["Bernoulli", "Binomial", "Categorical", "Geometric", "Poisson"]

_INT64_MAX = float(2**63 - 1)


def _draws(values: np.ndarray, size):
    """int64 draws of shape ``size``; a Python int when ``size`` is None."""
    values = np.asarray(values, dtype=np.int64).reshape(() if size is None else values.shape)
    return int(values) if values.ndim == 0 else values


def _count_of(size) -> tuple[tuple[int, ...], int]:
    shape = () if size is None else as_shape(size)
    return shape, int(np.prod(shape))


class Bernoulli(Discrete):
    r"""One trial that succeeds with probability :math:`p`: :math:`P(X=1) = p`, :math:`P(X=0) = 1-p`.

    Mean :math:`p`, variance :math:`p(1-p)`.
    """

    def __init__(self, p):
        self.p = probability_param(p)
        self._support = (0.0, 1.0)

    def _logpmf_on_support(self, k):
        with np.errstate(divide="ignore"):
            return np.where(k == 1, np.log(self.p), np.log1p(-self.p))

    def _log_cdf_sf_on_support(self, k):  # only k = 0
        with np.errstate(divide="ignore"):
            return np.full(k.shape, np.log1p(-self.p)), np.full(k.shape, np.log(self.p))

    def mean(self) -> float:
        return self.p

    def var(self) -> float:
        return self.p * (1.0 - self.p)

    def rvs(self, size=None, rng=None):
        """Inverse transform: :math:`X = 1` when :math:`U < p`."""
        return _draws(uniform_source(size, rng) < self.p, size)


class Binomial(Discrete):
    r"""The number of successes in :math:`n` independent Bernoulli(:math:`p`) trials.

    .. math:: P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}, \qquad k = 0, \dots, n,

    by Loader's saddle-point form (exact at :math:`k = 0` and :math:`k = n`, so
    ``Binomial(0, p).pmf(0) == 1``); :math:`F(k) = I_{1-p}(n-k, k+1)`, :math:`S(k) = I_p(k+1, n-k)`
    (milliseconds at :math:`n = 10^7`). Mean :math:`np`, variance :math:`np(1-p)`.
    """

    def __init__(self, n, p):
        self.n = count_param(n, "n")
        self.p = probability_param(p)
        self._q = 1.0 - self.p
        self._support = (0.0, float(self.n))

    def _logpmf_on_support(self, k):
        return _log_binom_raw(k, self.n - k, self.p, self._q)

    def _log_cdf_sf_on_support(self, k):
        return _log_betainc_pair(self.n - k, k + 1.0, self._q, self.p)

    def mean(self) -> float:
        return self.n * self.p

    def var(self) -> float:
        return self.n * self.p * self._q

    def rvs(self, size=None, rng=None):
        r"""BTRS when :math:`n\min(p, 1-p) \ge 10`, else inversion on the cdf of the likely values."""
        shape, count = _count_of(size)
        flip = self.p > 0.5
        p_small = self._q if flip else self.p
        if self.n * p_small >= 10:
            draws = binomial_btrs(self.n, self.p, count, check_rng(rng))
        else:
            top = min(self.n, int(self.n * p_small + 10 * np.sqrt(self.n * p_small) + 40))
            k = np.arange(top + 1.0)
            table = np.exp(_log_binom_raw(k, self.n - k, p_small, 1.0 - p_small))
            draws = weighted_sample(table, count, rng=rng)
            draws = self.n - draws if flip else draws
        return _draws(draws.reshape(shape), size)


class Geometric(Discrete):
    r"""The number of trials up to and including the first success (scipy's ``geom``).

    .. math:: P(X = k) = (1-p)^{k-1} p, \qquad S(k) = (1-p)^k, \qquad k = 1, 2, \dots

    with :math:`\ln S(k) = k\,\operatorname{log1p}(-p)`. Mean :math:`1/p`, variance :math:`(1-p)/p^2`.
    """

    def __init__(self, p):
        self.p = probability_param(p, allow_zero=False)
        self._support = (1.0, np.inf)

    def _logpmf_on_support(self, k):
        if self.p == 1:
            return np.where(k == 1, 0.0, -np.inf)
        return (k - 1) * np.log1p(-self.p) + np.log(self.p)

    def _log_cdf_sf_on_support(self, k):
        if self.p == 1:
            return np.zeros(k.shape), np.full(k.shape, -np.inf)
        log_sf = k * np.log1p(-self.p)
        return _log1mexp(log_sf), log_sf

    def mean(self) -> float:
        return 1.0 / self.p

    def var(self) -> float:
        with np.errstate(over="ignore"):  # inf below p ~ 1e-154
            return float((1.0 - self.p) / np.float64(self.p) / self.p)

    def rvs(self, size=None, rng=None):
        r"""Inverse transform in closed form: :math:`X = \lceil \ln(1-U) / \ln(1-p) \rceil` (at least 1).

        Raises
        ------
        InputError
            If :math:`p` is so small (below about :math:`4\cdot10^{-18}`) that draws could
            exceed the int64 range.
        """
        if 37.0 / self.p > _INT64_MAX:  # -ln(1 - U) <= 36.7 for U < 1 - 2^-53
            raise InputError(f"p = {self.p:g} is too small: draws would overflow int64")
        u = uniform_source(size, rng)
        if self.p == 1:
            return _draws(np.ones(u.shape), size)
        k = np.ceil(np.log1p(-u) / np.log1p(-self.p))
        return _draws(np.maximum(k, 1), size)


class Poisson(Discrete):
    r"""Counts of rare events at rate :math:`\mu`: :math:`P(X = k) = e^{-\mu}\mu^k / k!`, :math:`k \ge 0`.

    :math:`F(k) = Q(k+1, \mu)` and :math:`S(k) = P(k+1, \mu)` (incomplete gamma functions).
    Mean and variance both :math:`\mu`.
    """

    def __init__(self, mu):
        self.mu = real_param(mu, "mu")
        if self.mu < 0:
            raise InputError(f"mu must be non-negative, got {self.mu}")
        self._support = (0.0, np.inf)

    def _logpmf_on_support(self, k):
        return _log_pois_raw(k, self.mu)

    def _log_cdf_sf_on_support(self, k):
        log_p, log_q = _log_gammainc_pair(k + 1.0, np.full(k.shape, self.mu))
        return log_q, log_p

    def mean(self) -> float:
        return self.mu

    def var(self) -> float:
        return self.mu

    def rvs(self, size=None, rng=None):
        r"""PTRS for :math:`\mu \ge 10` (about 1.1 candidates per draw), else inversion on a short table.

        Raises
        ------
        InputError
            If :math:`\mu > 10^{18}` (draws would not fit in int64).
        """
        if self.mu > 1e18:
            raise InputError(f"mu = {self.mu:g} is too large: draws would overflow int64")
        shape, count = _count_of(size)
        if self.mu >= 10:
            draws = poisson_ptrs(self.mu, count, check_rng(rng))
        else:
            k = np.arange(int(self.mu + 10 * np.sqrt(self.mu) + 30) + 1.0)
            draws = weighted_sample(np.exp(_log_pois_raw(k, self.mu)), count, rng=rng)
        return _draws(draws.reshape(shape), size)


class Categorical(Discrete):
    r"""A draw from :math:`\{0, 1, \dots, K-1\}` with probabilities :math:`p_0, \dots, p_{K-1}`.

    The one-trial multinomial (``scipy.stats.multinomial(1, p)`` counts it as a one-hot
    vector; here it is the index). :math:`F(k) = \sum_{i \le k} p_i` and
    :math:`S(k) = \sum_{i > k} p_i` are separate cumulative sums, so a small upper tail is
    not :math:`1 - F`. Mean :math:`\sum_k k p_k`, variance :math:`\sum_k (k - \mu)^2 p_k`.

    Parameters
    ----------
    p : array_like, shape (K,)
        Non-negative, summing to 1 up to the rounding of its dtype (a float32 softmax output
        is fine); stored in float64 divided by its sum, so that :math:`F(K-1) = 1` exactly.
    """

    def __init__(self, p):
        p = check_probability_vector(p, "p").astype(np.float64)
        self.p = p / p.sum()
        self._support = (0.0, float(p.size - 1))
        self._cdf = np.cumsum(self.p)
        self._sf = np.append(np.cumsum(self.p[::-1])[::-1][1:], 0.0)

    def _logpmf_on_support(self, k):
        with np.errstate(divide="ignore"):
            return np.log(self.p[k.astype(np.int64)])

    def _log_cdf_sf_on_support(self, k):
        idx = k.astype(np.int64)
        with np.errstate(divide="ignore"):
            return np.log(np.minimum(self._cdf[idx], 1.0)), np.log(self._sf[idx])

    def mean(self) -> float:
        return float(self.p @ np.arange(self.p.size))

    def var(self) -> float:
        centred = np.arange(self.p.size) - self.mean()
        return float(self.p @ (centred * centred))

    def rvs(self, size=None, rng=None):
        """Inverse-cdf sampling of the index (:func:`~foundations.probability.weighted_sample`)."""
        shape, count = _count_of(size)
        return _draws(weighted_sample(self.p, count, rng=rng).reshape(shape), size)

    def __repr__(self) -> str:
        return f"Categorical(p={self.p.tolist()})"
