r"""The gamma, chi-squared and beta distributions (chapter 19).

* **Gamma** with shape :math:`a` and scale :math:`\theta` (rate :math:`1/\theta`):
  :math:`f(x) = \frac{x^{a-1}e^{-x/\theta}}{\Gamma(a)\theta^a}`, :math:`F(x) = P(a, x/\theta)`,
  :math:`S(x) = Q(a, x/\theta)`; the sum of :math:`a` independent Exponential(:math:`1/\theta`)
  waiting times when :math:`a` is an integer. ``scipy.stats.gamma(a, scale=scale)``.
* **Chi-squared** with :math:`\nu` degrees of freedom: the sum of :math:`\nu` squared standard
  normals, Gamma(:math:`\nu/2`, scale 2). ``scipy.stats.chi2(df)``.
* **Beta** on :math:`[0, 1]`: :math:`f(x) = \frac{x^{a-1}(1-x)^{b-1}}{B(a, b)}`, :math:`F(x) = I_x(a, b)`;
  the conjugate prior of a Bernoulli probability. ``scipy.stats.beta(a, b)``.

Densities in Loader's form (:math:`x^{a-1}e^{-x}/\Gamma(a)` is a Poisson probability of the
real "count" :math:`a - 1`, the beta density a binomial one), so large shapes lose no digits.
Sampling: Marsaglia–Tsang for the gamma; :math:`X/(X+Y)` of two gamma draws for the beta,
formed from their logarithms so that tiny shapes (whose draws underflow) still work.
"""

from __future__ import annotations

import numpy as np

from ..validation import check_rng
from ._base import Continuous, normal_quantile_guess
from ._checks import as_shape, positive_param
from ._loggamma import _betaln, _gammaln, _log_binom_raw, _log_pois_raw
from ._variates import log_gamma_variates
from .incomplete import _log1mexp, _log_betainc_pair, _log_gammainc_pair

__all__ = ["Beta", "ChiSquared", "Gamma"]


def _log_draws(dist_log_draws, size):
    shape = () if size is None else as_shape(size)
    values = dist_log_draws(int(np.prod(shape))).reshape(shape)
    return values


class Gamma(Continuous):
    r"""The gamma distribution with shape ``a`` :math:`> 0` and ``scale`` :math:`\theta > 0`.

    Mean :math:`a\theta`, variance :math:`a\theta^2`. At :math:`x = 0` the density is
    :math:`\infty` for :math:`a < 1`, :math:`1/\theta` for :math:`a = 1`, 0 above.
    """

    _kind = "positive"

    def __init__(self, a, scale=1.0):
        self.a = positive_param(a, "a")
        self.scale = positive_param(scale, "scale")
        self._set(self.a, self.scale)

    def _set(self, shape: float, scale: float) -> None:
        self._shape, self._scale = shape, scale
        self._support = (0.0, np.inf)

    def _logpdf(self, x):
        a = self._shape
        y = np.maximum(x, 0.0) / self._scale
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if a < 1:
                inner = _log_pois_raw(a, y) + np.log(a) - np.log(np.maximum(x, 0.0))
            else:
                inner = _log_pois_raw(a - 1.0, y) - np.log(self._scale)
            at_zero = np.inf if a < 1 else (-np.log(self._scale) if a == 1 else -np.inf)
        out = np.where(x > 0, inner, np.where(x == 0, at_zero, -np.inf))
        return np.where(np.isinf(x), -np.inf, out)

    def _log_cdf_sf(self, x):
        y = np.maximum(x, 0.0) / self._scale
        return _log_gammainc_pair(np.full(x.shape, self._shape), y)

    def _guess(self, target, upper):
        r"""Wilson–Hilferty, :math:`a(1 - \frac1{9a} + \frac{z}{3\sqrt a})^3`; :math:`F \approx x^a/\Gamma(a+1)` near 0."""
        a = self._shape
        z = normal_quantile_guess(target)
        z = np.where(upper, -z, z)
        wh = a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * np.sqrt(a))) ** 3
        log_cdf = np.where(upper, _log1mexp(target), target)
        near_zero = np.exp((log_cdf + _gammaln(np.array(a + 1.0))) / a)
        guess = np.where((wh > 0) & (upper | (wh > near_zero)), wh, near_zero)
        return np.clip(guess, 1e-300, 1e300)

    def _quantile(self, at_low, at_high, target, upper):
        standard = Gamma(self._shape)
        return self._scale * Continuous._quantile(standard, at_low, at_high, target, upper)

    def mean(self) -> float:
        with np.errstate(over="ignore"):
            return float(np.float64(self._shape) * self._scale)

    def var(self) -> float:
        with np.errstate(over="ignore"):
            return float(self._shape * np.float64(self._scale) ** 2)

    def rvs(self, size=None, rng=None):
        """Marsaglia–Tsang (boosted by :math:`U^{1/a}` for :math:`a < 1`), times the scale."""
        rng = check_rng(rng)
        log_x = _log_draws(lambda n: log_gamma_variates(self._shape, n, rng), size)
        out = np.exp(log_x) * self._scale
        return out.item() if out.ndim == 0 else out


class ChiSquared(Gamma):
    r"""The chi-squared distribution with ``df`` :math:`= \nu > 0` degrees of freedom: Gamma(:math:`\nu/2`, scale 2).

    :math:`\sum_{i=1}^{\nu} Z_i^2` for independent standard normals; mean :math:`\nu`, variance
    :math:`2\nu`. The squared Mahalanobis distance of a :math:`d`-dimensional normal is
    :math:`\chi^2_d`.
    """

    def __init__(self, df):
        self.df = positive_param(df, "df")
        self._set(self.df / 2, 2.0)


class Beta(Continuous):
    r"""The beta distribution on :math:`[0, 1]` with shapes ``a``, ``b`` :math:`> 0`.

    Mean :math:`\frac{a}{a+b}`, variance :math:`\frac{ab}{(a+b)^2(a+b+1)}`; ``Beta(1, 1)`` is
    uniform. The density is :math:`\frac{x^{a-1}(1-x)^{b-1}}{B(a,b)}` in logarithms for small
    shapes and :math:`(a+b-1)\binom{a+b-2}{a-1}x^{a-1}(1-x)^{b-1}` (Loader) for :math:`a, b > 2`.
    """

    _kind = "unit"

    def __init__(self, a, b):
        self.a = positive_param(a, "a")
        self.b = positive_param(b, "b")
        self._lbeta = float(_betaln(np.array(self.a), np.array(self.b)))
        self._support = (0.0, 1.0)

    def _logpdf(self, x):
        a, b = self.a, self.b
        xi = np.clip(x, 0.0, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            if a <= 2 or b <= 2:
                inner = (a - 1) * np.log(xi) + (b - 1) * np.log1p(-xi) - self._lbeta
            else:
                inner = np.log(a + b - 1) + _log_binom_raw(a - 1, b - 1, xi, 1.0 - xi)
        inner = np.where((x == 0) & (a == 1), np.log(b), inner)
        inner = np.where((x == 1) & (b == 1), np.log(a), inner)
        return np.where((x < 0) | (x > 1), -np.inf, inner)

    def _log_cdf_sf(self, x):
        xi = np.clip(x, 0.0, 1.0)
        return _log_betainc_pair(np.full(x.shape, self.a), self.b, xi, 1.0 - xi)

    def _guess(self, target, upper):
        r"""The mean, or in a tail :math:`F \approx \frac{x^a}{aB}` (:math:`S \approx \frac{(1-x)^b}{bB}`)."""
        mean = self.a / (self.a + self.b)
        with np.errstate(over="ignore"):
            low = np.exp((target + np.log(self.a) + self._lbeta) / self.a)
            high = -np.expm1((target + np.log(self.b) + self._lbeta) / self.b)
        guess = np.where(upper, np.maximum(high, mean), np.minimum(low, mean))
        return np.clip(guess, 1e-300, 1.0 - 1e-16)

    def mean(self) -> float:
        return self.a / (self.a + self.b)

    def var(self) -> float:
        total = self.a + self.b
        return self.a * self.b / (total * total * (total + 1.0))

    def rvs(self, size=None, rng=None):
        r""":math:`X/(X+Y)` for :math:`X \sim \mathrm{Gamma}(a)`, :math:`Y \sim \mathrm{Gamma}(b)`, as :math:`1/(1 + e^{\ln Y - \ln X})`."""
        rng = check_rng(rng)
        log_x = _log_draws(lambda n: log_gamma_variates(self.a, n, rng), size)
        log_y = _log_draws(lambda n: log_gamma_variates(self.b, n, rng), size)
        with np.errstate(over="ignore"):
            out = 1.0 / (1.0 + np.exp(log_y - log_x))
        return out.item() if out.ndim == 0 else out
