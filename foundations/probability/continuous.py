r"""Continuous distributions on the line: uniform, normal, exponential, Student t (chapter 19).

Each mirrors the frozen ``scipy.stats`` distribution: ``pdf, logpdf, cdf, logcdf, sf, logsf,
ppf, isf, mean, var, std, median, support, rvs``; the gamma, chi-squared and beta families
are in :mod:`~foundations.probability.gamma_beta`.

* **Normal**: :math:`F(x) = \tfrac12\operatorname{erfc}\big(-\tfrac{x-\mu}{\sigma\sqrt2}\big)` and
  :math:`S(x) = \tfrac12\operatorname{erfc}\big(\tfrac{x-\mu}{\sigma\sqrt2}\big)`, each with full
  relative accuracy in its own tail; :math:`\ln F` from :math:`\ln\operatorname{erfc}` stays
  finite where :math:`F` underflows (``Normal().logcdf(-40)`` is :math:`-804.6`).
* **Student t** with :math:`\nu` degrees of freedom: the tail
  :math:`P(T > |t|) = \tfrac12 I_{\nu/(\nu+t^2)}(\tfrac\nu2, \tfrac12)`, and the density in
  Loader's form (no :math:`\ln\Gamma(\frac{\nu+1}{2}) - \ln\Gamma(\frac\nu2)` cancellation at
  large :math:`\nu`).
* Quantiles in closed form for the uniform and exponential, by safeguarded Newton otherwise
  (:mod:`~foundations.probability._base`), solved for the standardized variable.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import check_rng
from ._base import Continuous, normal_quantile_guess
from ._checks import finish, positive_param, quantile_levels, real_param
from ._loggamma import _bd0, _betaln, _stirlerr
from ._variates import log_gamma_variates
from .incomplete import _log1mexp, _log_betainc_pair
from .sampling import box_muller, inverse_transform_sample
from .special import _erfc, _log_erfc

__all__ = ["Exponential", "Normal", "StudentT", "Uniform"]

_LOG_HALF = np.log(0.5)


def _overflowing(compute) -> float:
    """A moment as a float: ``inf`` (not an OverflowError) when it exceeds the double range."""
    with np.errstate(over="ignore", divide="ignore"):
        return float(compute())


_LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


def _check_order(a: float, b: float) -> None:
    if not a < b:
        raise InputError(f"need a < b, got a={a}, b={b}")


class Uniform(Continuous):
    r"""The uniform distribution on :math:`[a, b]`: density :math:`1/(b-a)` there.

    :math:`F(x) = (x-a)/(b-a)` and :math:`S(x) = (b-x)/(b-a)` on :math:`[a, b]`; mean
    :math:`(a+b)/2`, variance :math:`(b-a)^2/12`. (scipy: ``uniform(loc=a, scale=b - a)``.)
    Computed with halves, so ``Uniform(-1e308, 1e308)`` works although :math:`b - a` overflows.
    """

    def __init__(self, a=0.0, b=1.0):
        self.a, self.b = real_param(a, "a"), real_param(b, "b")
        _check_order(self.a, self.b)
        self._half = self.b / 2 - self.a / 2
        self._support = (self.a, self.b)

    def _logpdf(self, x):
        inside = (x >= self.a) & (x <= self.b)
        return np.where(inside, -np.log(2.0) - np.log(self._half), -np.inf)

    def _cdf_sf(self, x):
        with np.errstate(over="ignore", invalid="ignore"):
            cdf = np.clip((x / 2 - self.a / 2) / self._half, 0.0, 1.0)
            sf = np.clip((self.b / 2 - x / 2) / self._half, 0.0, 1.0)
        return cdf, sf

    def _log_cdf_sf(self, x):
        with np.errstate(divide="ignore"):
            return tuple(np.log(v) for v in self._cdf_sf(x))

    def ppf(self, q):
        """The quantile function :math:`F^{-1}(q) = a + q(b-a)`."""
        q, dtype = quantile_levels(q)
        return finish(np.minimum(self.a + q * self._half + q * self._half, self.b), dtype)

    def isf(self, s):
        """:math:`S^{-1}(s) = b - s(b-a)`."""
        s, dtype = quantile_levels(s, "s")
        return finish(np.maximum(self.b - s * self._half - s * self._half, self.a), dtype)

    def mean(self) -> float:
        return self.a / 2 + self.b / 2

    def var(self) -> float:
        return _overflowing(lambda: np.float64(self._half) ** 2 / 3)

    def rvs(self, size=None, rng=None):
        return inverse_transform_sample(self.ppf, size, rng)


class Normal(Continuous):
    r"""The Gaussian :math:`\mathcal{N}(\mu, \sigma^2)`.

    .. math:: f(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-(x-\mu)^2 / (2\sigma^2)}, \qquad
              F(x) = \tfrac12 \operatorname{erfc}\!\Big(-\frac{x-\mu}{\sigma\sqrt2}\Big).

    Parameters are the mean ``mu`` and the standard deviation ``sigma > 0`` (scipy's
    ``loc`` and ``scale``); a negative or zero ``sigma`` is an error.
    """

    def __init__(self, mu=0.0, sigma=1.0):
        self.mu = real_param(mu, "mu")
        self.sigma = real_param(sigma, "sigma")
        if self.sigma <= 0:
            raise InputError(f"sigma (the standard deviation) must be positive, got {self.sigma}")

    def _z(self, x):
        with np.errstate(over="ignore", invalid="ignore"):
            return (x - self.mu) / self.sigma

    def _logpdf(self, x):
        z = self._z(x)
        with np.errstate(over="ignore"):
            return -0.5 * z * z - np.log(self.sigma) - _LOG_SQRT_2PI

    def _cdf_sf(self, x):
        u = self._z(x) / np.sqrt(2.0)
        return 0.5 * _erfc(-u), 0.5 * _erfc(u)

    def _log_cdf_sf(self, x):
        r"""In its own tail each is :math:`\ln\tfrac12 + \ln\operatorname{erfc}`; near 1 it is
        :math:`\operatorname{log1p}(-\text{the other})`, which keeps :math:`\ln F(10) = -7.6\cdot10^{-24}`."""
        u = self._z(x) / np.sqrt(2.0)
        with np.errstate(divide="ignore"):
            log_cdf = np.where(u > 0, np.log1p(-0.5 * _erfc(u)), _LOG_HALF + _log_erfc(-u))
            log_sf = np.where(u < 0, np.log1p(-0.5 * _erfc(-u)), _LOG_HALF + _log_erfc(u))
        return log_cdf, log_sf

    def _guess(self, target, upper):
        z = normal_quantile_guess(target)
        return self.mu + self.sigma * np.where(upper, -z, z)

    def _quantile(self, at_low, at_high, target, upper):
        z = Continuous._quantile(_STANDARD_NORMAL, at_low, at_high, target, upper)
        return self.mu + self.sigma * np.where(target == _LOG_HALF, 0.0, z)  # median exact

    def mean(self) -> float:
        return self.mu

    def var(self) -> float:
        return _overflowing(lambda: np.float64(self.sigma) ** 2)

    def rvs(self, size=None, rng=None):
        """Box–Muller standard normals, then :math:`X = \\mu + \\sigma Z`."""
        z = box_muller(size, rng)
        return self.mu + self.sigma * z


_STANDARD_NORMAL = Normal()


class Exponential(Continuous):
    r"""Waiting time at rate :math:`\lambda`: :math:`f(x) = \lambda e^{-\lambda x}` for :math:`x \ge 0`.

    :math:`S(x) = e^{-\lambda x}`, :math:`F(x) = -\operatorname{expm1}(-\lambda x)`,
    :math:`F^{-1}(q) = -\operatorname{log1p}(-q)/\lambda`, :math:`S^{-1}(s) = -\ln(s)/\lambda`;
    mean :math:`1/\lambda`, variance :math:`1/\lambda^2`. (scipy's ``expon`` takes ``scale = 1/rate``.)
    """

    _kind = "positive"

    def __init__(self, rate=1.0):
        self.rate = positive_param(rate, "rate")
        self._support = (0.0, np.inf)

    def _logpdf(self, x):
        with np.errstate(over="ignore"):
            return np.where(x >= 0, np.log(self.rate) - self.rate * np.maximum(x, 0.0), -np.inf)

    def _log_cdf_sf(self, x):
        with np.errstate(over="ignore"):
            log_sf = -self.rate * np.maximum(x, 0.0)
        return _log1mexp(log_sf), log_sf

    def _cdf_sf(self, x):
        with np.errstate(over="ignore"):
            t = -self.rate * np.maximum(x, 0.0)
        return -np.expm1(t), np.exp(t)

    def ppf(self, q):
        q, dtype = quantile_levels(q)
        with np.errstate(divide="ignore"):
            return finish(-np.log1p(-q) / self.rate, dtype)

    def isf(self, s):
        s, dtype = quantile_levels(s, "s")
        with np.errstate(divide="ignore"):
            return finish(-np.log(s) / self.rate, dtype)

    def mean(self) -> float:
        return 1.0 / self.rate

    def var(self) -> float:
        return _overflowing(lambda: 1.0 / np.float64(self.rate) ** 2)

    def rvs(self, size=None, rng=None):
        return inverse_transform_sample(self.ppf, size, rng)


class StudentT(Continuous):
    r"""Student's t with ``df`` :math:`= \nu > 0` degrees of freedom, shifted by ``loc`` and scaled by ``scale``.

    .. math:: f(t) = \frac{\Gamma(\frac{\nu+1}{2})}{\sqrt{\nu\pi}\,\Gamma(\frac\nu2)}
              \Big(1 + \frac{t^2}{\nu}\Big)^{-\frac{\nu+1}{2}}, \qquad
              P(T > |t|) = \tfrac12 I_{\nu/(\nu+t^2)}\big(\tfrac\nu2, \tfrac12\big),

    for the standardized :math:`t = (x - \text{loc})/\text{scale}` (``scipy.stats.t(df, loc, scale)``;
    ``scale`` is not the standard deviation). Mean ``loc`` for :math:`\nu > 1` (else NaN),
    variance :math:`\text{scale}^2\,\nu/(\nu-2)` for :math:`\nu > 2` (``inf`` for
    :math:`1 < \nu \le 2`, NaN below). ``df = 1`` is the Cauchy distribution. Sampling:
    :math:`Z/\sqrt{V/\nu}` with :math:`V \sim \chi^2_\nu`.
    """

    def __init__(self, df, loc=0.0, scale=1.0):
        self.df = positive_param(df, "df")
        self.loc = real_param(loc, "loc")
        self.scale = positive_param(scale, "scale")
        n = self.df
        self._log_norm = -_bd0(n / 2, (n + 1) / 2) + _stirlerr((n + 1) / 2) - _stirlerr(n / 2)
        self._lbeta = float(_betaln(np.array(n / 2), np.array(0.5)))

    def _t(self, x):
        with np.errstate(over="ignore", invalid="ignore"):
            return (x - self.loc) / self.scale

    def _logpdf(self, x):
        t, n = self._t(x), self.df
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            t2 = t * t
            x2n = (t / np.sqrt(n)) ** 2
            huge = x2n > 1.0 / np.finfo(float).eps
            l_huge = np.log(np.abs(t)) - 0.5 * np.log(n)
            l_mid = 0.5 * np.log1p(x2n)
            log_half_1p = np.where(huge, l_huge, l_mid)
            small = x2n <= 0.2
            u = np.where(small, -_bd0(n / 2, (n + t2) / 2) + t2 / 2, n * log_half_1p)
            out = self._log_norm - u - (_LOG_SQRT_2PI + log_half_1p)
        return np.where(np.isinf(t), -np.inf, out) - np.log(self.scale)

    def _log_cdf_sf(self, x):
        t, n = self._t(x), self.df
        root = np.sqrt(n)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # w = nu / (nu + t^2) and y = t^2 / (nu + t^2), each without overflow or 1 - w
            big = np.abs(t) > root
            r = np.where(big, root / np.abs(t), np.abs(t) / root)
            r2 = r * r
            w = np.where(big, r2 / (1.0 + r2), 1.0 / (1.0 + r2))
            y = np.where(big, 1.0 / (1.0 + r2), r2 / (1.0 + r2))
        log_i, _ = _log_betainc_pair(n / 2, 0.5, w, y)
        # beyond |t| ~ 1e150 sqrt(nu), w underflows: the first term of the series,
        # I_w(nu/2, 1/2) = w^(nu/2) / ((nu/2) B(nu/2, 1/2)) (1 + O(w)), with ln w = ln nu - 2 ln|t|
        with np.errstate(divide="ignore"):
            far = w < 1e-280
            log_w = np.log(n) - 2.0 * np.log(np.abs(t[far]))
            log_i[far] = n / 2 * log_w - np.log(n / 2) - self._lbeta
        log_tail = _LOG_HALF + log_i  # P(T > |t|) <= 1/2
        log_body = np.log1p(-np.exp(log_tail))
        negative = t < 0
        return np.where(negative, log_tail, log_body), np.where(negative, log_body, log_tail)

    def _guess(self, target, upper):
        z = normal_quantile_guess(target)
        return np.where(upper, -z, z)

    def _quantile(self, at_low, at_high, target, upper):
        t = Continuous._quantile(StudentT(self.df), at_low, at_high, target, upper)
        return self.loc + self.scale * np.where(target == _LOG_HALF, 0.0, t)  # median exact

    def mean(self) -> float:
        return self.loc if self.df > 1 else float("nan")

    def var(self) -> float:
        if self.df > 2:
            return _overflowing(lambda: np.float64(self.scale) ** 2 * (self.df / (self.df - 2)))
        return float("inf") if self.df > 1 else float("nan")

    def rvs(self, size=None, rng=None):
        rng = check_rng(rng)
        z = np.asarray(box_muller(size, rng), dtype=float)
        log_v = np.log(2.0) + log_gamma_variates(self.df / 2, z.size, rng).reshape(z.shape)
        with np.errstate(over="ignore"):  # tiny df: |T| beyond 1e308 is drawn, and is inf
            t = z * np.exp(0.5 * (np.log(self.df) - log_v))
            out = self.loc + self.scale * t
        return out.item() if np.ndim(out) == 0 else out
