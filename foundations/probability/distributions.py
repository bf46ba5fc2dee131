r"""Random variables and their distributions (chapter 19).

A random variable :math:`X` is described by its distribution: for a discrete one the
probability mass function :math:`p(k) = P(X = k)`, for a continuous one the density
:math:`f` with :math:`P(a < X \le b) = \int_a^b f(x)\,dx`; in both cases the cumulative
distribution function :math:`F(x) = P(X \le x)`.

Seven classics, each a small class with ``pmf``/``pdf``, ``cdf``, ``mean``, ``var``, ``std``
and ``rvs`` (sampling), mirroring ``scipy.stats``' frozen distributions:

=========================  ===============================  ======================================
ours                       support                          ``scipy.stats`` equivalent
=========================  ===============================  ======================================
``Bernoulli(p)``           :math:`\{0, 1\}`                 ``bernoulli(p)``
``Binomial(n, p)``         :math:`\{0, \dots, n\}`          ``binom(n, p)``
``Geometric(p)``           :math:`\{1, 2, \dots\}`          ``geom(p)`` (trials up to the first success)
``Poisson(mu)``            :math:`\{0, 1, \dots\}`          ``poisson(mu)``
``Uniform(a, b)``          :math:`[a, b]`                   ``uniform(loc=a, scale=b - a)``
``Normal(mu, sigma)``      :math:`\mathbb{R}`               ``norm(loc=mu, scale=sigma)``
``Exponential(rate)``      :math:`[0, \infty)`              ``expon(scale=1 / rate)``
=========================  ===============================  ======================================

Every sampler turns uniform numbers into the distribution by hand: the **inverse transform**
:math:`X = F^{-1}(U)` for :math:`U \sim \text{Uniform}(0, 1)` (closed form for the uniform,
exponential, geometric and Bernoulli; a table of the cdf searched by
:func:`~foundations.probability.weighted_sample` for the binomial and Poisson), and the
**Box–Muller** transform for the normal.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, check_rng
from .sampling import _as_shape, weighted_sample
from .special import erfc, gammaln

__all__ = [
    "Bernoulli",
    "Binomial",
    "Exponential",
    "Geometric",
    "Normal",
    "Poisson",
    "Uniform",
    "box_muller",
    "inverse_transform_sample",
    "uniform_source",
]


def _param(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise InputError(f"{name} must be finite, got {value}")
    return value


def _probability_param(p, name: str = "p", *, allow_zero: bool = True) -> float:
    p = _param(p, name)
    low_ok = p >= 0 if allow_zero else p > 0
    if not (low_ok and p <= 1):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise InputError(f"{name} must lie in {interval}, got {p}")
    return p


def _out(result: np.ndarray):
    """A 0-d result becomes a Python number (float, or int for a discrete draw)."""
    return result.item() if result.ndim == 0 else result


def uniform_source(size=None, rng=None) -> np.ndarray:
    """Uniform numbers on ``[0, 1)``: the one source of randomness every sampler here uses."""
    shape = () if size is None else _as_shape(size)
    return check_rng(rng).random(shape)


def inverse_transform_sample(ppf, size=None, rng=None):
    r"""Sample :math:`X = F^{-1}(U)` with :math:`U \sim \text{Uniform}(0, 1)`.

    If :math:`F` is continuous and increasing, :math:`P(F^{-1}(U) \le x) = P(U \le F(x)) = F(x)`,
    so :math:`F^{-1}(U)` has cdf :math:`F`. ``ppf`` (the "percent point function",
    scipy's name for :math:`F^{-1}`) must accept an array of values in ``[0, 1)``.

    Parameters
    ----------
    ppf : callable
        The quantile function :math:`F^{-1}`.
    size : int or tuple of int, optional
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    ndarray of shape ``size`` (or a float when ``size`` is None)
    """
    u = uniform_source(size, rng)
    return _out(np.asarray(ppf(u), dtype=float))


def box_muller(size=None, rng=None):
    r"""Standard normal samples from pairs of uniforms (the Box–Muller transform).

    For independent :math:`U_1, U_2 \sim \text{Uniform}(0, 1]`, the pair

    .. math:: Z_1 = \sqrt{-2\ln U_1}\,\cos(2\pi U_2), \qquad Z_2 = \sqrt{-2\ln U_1}\,\sin(2\pi U_2)

    are independent :math:`\mathcal{N}(0, 1)`: in polar coordinates a standard 2-D Gaussian has
    a uniform angle and a squared radius :math:`R^2 \sim \text{Exponential}(1/2)`, whose
    inverse transform is :math:`-2\ln U_1`. Both coordinates of each pair are used.

    Returns
    -------
    ndarray of shape ``size`` (or a float when ``size`` is None)
    """
    shape = () if size is None else _as_shape(size)
    count = int(np.prod(shape))
    n_pairs = (count + 1) // 2
    rng = check_rng(rng)
    u1 = 1.0 - rng.random(n_pairs)  # in (0, 1]: log(u1) is finite
    u2 = rng.random(n_pairs)
    radius = np.sqrt(-2.0 * np.log(u1))
    angle = 2.0 * np.pi * u2
    z = np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])[:count]
    return _out(z.reshape(shape))


class _Distribution:
    """Shared by all: ``std`` from ``var``, and a readable ``repr``."""

    def std(self) -> float:
        r"""The standard deviation :math:`\sqrt{\operatorname{Var} X}`."""
        return float(np.sqrt(self.var()))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class _Discrete(_Distribution):
    """A distribution on the integers: ``pmf`` is zero off the support and off the integers."""

    def _on_support(self, k: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _logpmf_on_support(self, k: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def pmf(self, k):
        """The probability mass :math:`P(X = k)` (0 for non-integer ``k``)."""
        k = as_float_array(k, "k")
        on = (k == np.floor(k)) & self._on_support(k)
        out = np.zeros(k.shape)
        out[on] = np.exp(self._logpmf_on_support(k[on]))
        return _out(out)


class Bernoulli(_Discrete):
    r"""One trial that succeeds with probability :math:`p`: :math:`P(X=1) = p`, :math:`P(X=0) = 1-p`.

    Mean :math:`p`, variance :math:`p(1-p)`.
    """

    def __init__(self, p):
        self.p = _probability_param(p)

    def _on_support(self, k):
        return (k == 0) | (k == 1)

    def pmf(self, k):
        k = as_float_array(k, "k")
        return _out(np.where(k == 1, self.p, 0.0) + np.where(k == 0, 1.0 - self.p, 0.0))

    def cdf(self, x):
        r""":math:`F(x) = 0` for :math:`x < 0`, :math:`1-p` on :math:`[0, 1)`, 1 from 1 on."""
        x = as_float_array(x, "x")
        return _out(np.where(x < 0, 0.0, np.where(x < 1, 1.0 - self.p, 1.0)))

    def mean(self) -> float:
        return self.p

    def var(self) -> float:
        return self.p * (1.0 - self.p)

    def rvs(self, size=None, rng=None):
        """Inverse transform: :math:`X = 1` when :math:`U < p`."""
        return _out((uniform_source(size, rng) < self.p).astype(np.int64))


class Binomial(_Discrete):
    r"""The number of successes in :math:`n` independent Bernoulli(:math:`p`) trials.

    .. math:: P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}, \qquad k = 0, \dots, n,

    evaluated in logarithms (:math:`\ln\binom nk = \ln\Gamma(n+1) - \ln\Gamma(k+1) - \ln\Gamma(n-k+1)`)
    so that large :math:`n` does not overflow. Mean :math:`np`, variance :math:`np(1-p)`.
    """

    def __init__(self, n, p):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise InputError(f"n must be a non-negative integer, got {n!r}")
        self.n = int(n)
        self.p = _probability_param(p)

    def _on_support(self, k):
        return (k >= 0) & (k <= self.n)

    def _logpmf_on_support(self, k):
        n, p = self.n, self.p
        log_choose = gammaln(n + 1.0) - gammaln(k + 1.0) - gammaln(n - k + 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0 * log(0) = 0 below
            log_p = np.where(k > 0, k * np.log(p) if p > 0 else -np.inf, 0.0)
            log_q = np.where(n - k > 0, (n - k) * np.log1p(-p) if p < 1 else -np.inf, 0.0)
        return log_choose + log_p + log_q

    def _table(self) -> np.ndarray:
        return self.pmf(np.arange(self.n + 1.0)).reshape(-1)

    def cdf(self, x):
        r""":math:`F(x) = \sum_{k \le x} P(X = k)`: a cumulative sum of the pmf table."""
        x = as_float_array(x, "x")
        cdf = np.minimum(np.cumsum(self._table()), 1.0)
        idx = np.floor(np.clip(x, -1, self.n)).astype(np.int64)
        return _out(np.where(idx < 0, 0.0, cdf[np.maximum(idx, 0)]))

    def mean(self) -> float:
        return self.n * self.p

    def var(self) -> float:
        return self.n * self.p * (1.0 - self.p)

    def rvs(self, size=None, rng=None):
        """Inverse transform on the table of :math:`P(X = k)`, :math:`k = 0..n` (cost :math:`O(n)` once)."""
        draws = weighted_sample(self._table(), () if size is None else size, rng=rng)
        return _out(np.asarray(draws))


class Geometric(_Discrete):
    r"""The number of trials up to and including the first success (scipy's ``geom``).

    .. math:: P(X = k) = (1-p)^{k-1} p, \qquad F(k) = 1 - (1-p)^k, \qquad k = 1, 2, \dots

    Mean :math:`1/p`, variance :math:`(1-p)/p^2`.
    """

    def __init__(self, p):
        self.p = _probability_param(p, allow_zero=False)

    def _on_support(self, k):
        return k >= 1

    def _logpmf_on_support(self, k):
        if self.p == 1:
            return np.where(k == 1, 0.0, -np.inf)
        return (k - 1) * np.log1p(-self.p) + np.log(self.p)

    def cdf(self, x):
        x = as_float_array(x, "x")
        k = np.floor(np.maximum(x, 0.0))
        if self.p == 1:
            return _out(np.where(k >= 1, 1.0, 0.0))
        return _out(-np.expm1(k * np.log1p(-self.p)))

    def mean(self) -> float:
        return 1.0 / self.p

    def var(self) -> float:
        return (1.0 - self.p) / self.p**2

    def rvs(self, size=None, rng=None):
        r"""Inverse transform in closed form: :math:`X = \lceil \ln(1-U) / \ln(1-p) \rceil` (at least 1)."""
        u = uniform_source(size, rng)
        if self.p == 1:
            return _out(np.ones(u.shape, dtype=np.int64))
        k = np.ceil(np.log1p(-u) / np.log1p(-self.p))
        return _out(np.maximum(k, 1).astype(np.int64))


class Poisson(_Discrete):
    r"""Counts of rare events at rate :math:`\mu`: :math:`P(X = k) = e^{-\mu}\mu^k / k!`, :math:`k \ge 0`.

    Mean and variance both :math:`\mu`.
    """

    def __init__(self, mu):
        self.mu = _param(mu, "mu")
        if self.mu < 0:
            raise InputError(f"mu must be non-negative, got {self.mu}")

    def _on_support(self, k):
        return k >= 0

    def _logpmf_on_support(self, k):
        if self.mu == 0:
            return np.where(k == 0, 0.0, -np.inf)
        return k * np.log(self.mu) - self.mu - gammaln(k + 1.0)

    def _table_length(self, x_max: float = 0.0) -> int:
        # far enough that the tail beyond it is below 1e-17 (about 9 standard deviations + slack)
        return int(max(x_max, self.mu + 9.0 * np.sqrt(self.mu) + 30.0)) + 1

    def cdf(self, x):
        r""":math:`F(x) = \sum_{k=0}^{\lfloor x \rfloor} e^{-\mu}\mu^k/k!`: a cumulative sum of pmf values."""
        x = as_float_array(x, "x")
        top = float(np.max(x, initial=0.0))
        length = self._table_length(min(top, self.mu + 40.0 * np.sqrt(self.mu) + 100.0))
        cdf = np.minimum(np.cumsum(self.pmf(np.arange(float(length)))), 1.0)
        idx = np.floor(np.clip(x, -1, length - 1)).astype(np.int64)
        return _out(np.where(idx < 0, 0.0, cdf[np.maximum(idx, 0)]))

    def mean(self) -> float:
        return self.mu

    def var(self) -> float:
        return self.mu

    def rvs(self, size=None, rng=None):
        """Inverse transform on the table of :math:`P(X = k)` up to far in the tail."""
        table = np.atleast_1d(self.pmf(np.arange(float(self._table_length()))))
        return _out(np.asarray(weighted_sample(table, () if size is None else size, rng=rng)))


class Uniform(_Distribution):
    r"""The uniform distribution on :math:`[a, b]`: density :math:`1/(b-a)` there.

    :math:`F(x) = (x-a)/(b-a)` on :math:`[a, b]`; mean :math:`(a+b)/2`, variance :math:`(b-a)^2/12`.
    """

    def __init__(self, a=0.0, b=1.0):
        self.a, self.b = _param(a, "a"), _param(b, "b")
        if not self.a < self.b:
            raise InputError(f"need a < b, got a={self.a}, b={self.b}")

    def pdf(self, x):
        x = as_float_array(x, "x")
        return _out(np.where((x >= self.a) & (x <= self.b), 1.0 / (self.b - self.a), 0.0))

    def cdf(self, x):
        x = as_float_array(x, "x")
        return _out(np.clip((x - self.a) / (self.b - self.a), 0.0, 1.0))

    def ppf(self, q):
        """The quantile function :math:`F^{-1}(q) = a + q(b-a)`."""
        return _out(self.a + _quantiles(q) * (self.b - self.a))

    def mean(self) -> float:
        return (self.a + self.b) / 2

    def var(self) -> float:
        return (self.b - self.a) ** 2 / 12

    def rvs(self, size=None, rng=None):
        return inverse_transform_sample(self.ppf, size, rng)


class Normal(_Distribution):
    r"""The Gaussian :math:`\mathcal{N}(\mu, \sigma^2)`.

    .. math:: f(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-(x-\mu)^2 / (2\sigma^2)}, \qquad
              F(x) = \tfrac12 \operatorname{erfc}\!\Big(-\frac{x-\mu}{\sigma\sqrt2}\Big).

    Parameters are the mean ``mu`` and the standard deviation ``sigma > 0`` (scipy's
    ``loc`` and ``scale``); a negative or zero ``sigma`` is an error.
    """

    def __init__(self, mu=0.0, sigma=1.0):
        self.mu = _param(mu, "mu")
        self.sigma = _param(sigma, "sigma")
        if self.sigma <= 0:
            raise InputError(f"sigma (the standard deviation) must be positive, got {self.sigma}")

    def logpdf(self, x):
        x = as_float_array(x, "x")
        z = (x - self.mu) / self.sigma
        return _out(-0.5 * z * z - np.log(self.sigma) - 0.5 * np.log(2 * np.pi))

    def pdf(self, x):
        return _out(np.exp(np.asarray(self.logpdf(x))))

    def cdf(self, x):
        x = as_float_array(x, "x")
        return _out(np.asarray(0.5 * erfc(-(x - self.mu) / (self.sigma * np.sqrt(2.0)))))

    def mean(self) -> float:
        return self.mu

    def var(self) -> float:
        return self.sigma**2

    def rvs(self, size=None, rng=None):
        """Box–Muller standard normals, then :math:`X = \\mu + \\sigma Z`."""
        return _out(self.mu + self.sigma * np.asarray(box_muller(size, rng)))


class Exponential(_Distribution):
    r"""Waiting time at rate :math:`\lambda`: :math:`f(x) = \lambda e^{-\lambda x}` for :math:`x \ge 0`.

    :math:`F(x) = 1 - e^{-\lambda x}`, :math:`F^{-1}(q) = -\ln(1-q)/\lambda`; mean :math:`1/\lambda`,
    variance :math:`1/\lambda^2`. (scipy's ``expon`` takes ``scale = 1/rate``.)
    """

    def __init__(self, rate=1.0):
        self.rate = _param(rate, "rate")
        if self.rate <= 0:
            raise InputError(f"rate must be positive, got {self.rate}")

    def pdf(self, x):
        x = as_float_array(x, "x")
        return _out(np.where(x >= 0, self.rate * np.exp(-self.rate * np.maximum(x, 0)), 0.0))

    def cdf(self, x):
        x = as_float_array(x, "x")
        return _out(-np.expm1(-self.rate * np.maximum(x, 0.0)))

    def ppf(self, q):
        return _out(-np.log1p(-_quantiles(q)) / self.rate)

    def mean(self) -> float:
        return 1.0 / self.rate

    def var(self) -> float:
        return 1.0 / self.rate**2

    def rvs(self, size=None, rng=None):
        return inverse_transform_sample(self.ppf, size, rng)


def _quantiles(q) -> np.ndarray:
    q = as_float_array(q, "q")
    if np.any((q < 0) | (q > 1)):
        raise InputError("quantile levels q must lie in [0, 1]")
    return q
