r"""What every distribution shares: evaluation in logarithms, quantiles by root finding (private).

A subclass supplies the log-density (or log-mass), the pair :math:`(\ln F(x), \ln S(x))` with
:math:`S = 1 - F` computed *directly* (never as :math:`1 - F`, which is all rounding error in
the upper tail), its support and moments; this base turns them into the public methods
``pdf/pmf, logpdf/logpmf, cdf, logcdf, sf, logsf, ppf, isf, mean, var, std, support``.

**Continuous quantiles.** :math:`F^{-1}(q)` solves :math:`\ln F(x) = \ln q` for :math:`q \le \frac12`
and :math:`\ln S(x) = \ln(1-q)` above (``isf`` solves :math:`\ln S(x) = \ln s` directly, so
:math:`S^{-1}(10^{-300})` is as accurate as :math:`F^{-1}(10^{-300})`). The root is found by
Newton's method safeguarded by bisection, in a coordinate :math:`t` where the tails are tame:
:math:`t = \ln x` on :math:`(0, \infty)`, :math:`t = \operatorname{logit} x` on :math:`(0, 1)`,
:math:`t = \operatorname{asinh} x` on :math:`\mathbb R`. The Newton step is
:math:`\Delta t = -g / g'` with :math:`g' = \frac{f(x)}{F(x)}\frac{dx}{dt}` (a ratio of
exponentials, computed as one exponential of a difference of logarithms).

**Discrete quantiles.** scipy's convention: ``ppf(q)`` is the smallest :math:`k` with
:math:`F(k) \ge q` (``ppf(0)`` is one below the support), ``isf(s)`` the smallest :math:`k`
with :math:`S(k) \le s`; found by galloping from a normal-approximation guess and bisecting
on the integers — a few cdf evaluations, never a table of the whole support.
"""

from __future__ import annotations

import numpy as np

from ._checks import finish, points, quantile_levels

__all__: list[str] = []

_T_RANGE = {"real": (-710.0, 710.0), "positive": (-745.0, 709.7), "unit": (-745.0, 36.7)}


def normal_quantile_guess(log_q: np.ndarray) -> np.ndarray:
    r"""A rough :math:`\Phi^{-1}(q)` for :math:`q \le \frac12` from :math:`\ln q` (error below 5e-4).

    Abramowitz & Stegun 26.2.23 with :math:`t = \sqrt{-2\ln q}`: usable for :math:`q = 10^{-300}`.
    """
    t = np.sqrt(-2.0 * np.minimum(log_q, np.log(0.5)))
    num = 2.515517 + 0.802853 * t + 0.010328 * t * t
    den = 1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t**3
    return -(t - num / den)


class Distribution:
    """Shared by all: ``std`` from ``var``, ``support``, and a readable ``repr``."""

    _support: tuple[float, float] = (-np.inf, np.inf)

    def std(self) -> float:
        r"""The standard deviation :math:`\sqrt{\operatorname{Var} X}`."""
        return float(np.sqrt(self.var()))

    def support(self) -> tuple[float, float]:
        """The smallest and largest possible values (``scipy.stats``' ``support()``)."""
        return tuple(float(v) for v in self._support)

    def median(self) -> float:
        """The median, ``ppf(0.5)``."""
        return float(self.ppf(0.5))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({args})"

    def _both(self, x):
        x, dtype = points(x)
        log_cdf, log_sf = self._log_cdf_sf(x)
        return log_cdf, log_sf, dtype

    def logcdf(self, x):
        r""":math:`\ln F(x)`, finite far beyond the underflow of :math:`F`."""
        log_cdf, _, dtype = self._both(x)
        return finish(log_cdf, dtype)

    def logsf(self, x):
        r""":math:`\ln S(x) = \ln(1 - F(x))`, computed without forming :math:`1 - F`."""
        _, log_sf, dtype = self._both(x)
        return finish(log_sf, dtype)

    def cdf(self, x):
        r"""The cumulative distribution function :math:`F(x) = P(X \le x)`."""
        x, dtype = points(x)
        return finish(self._cdf_sf(x)[0], dtype)

    def sf(self, x):
        r"""The survival function :math:`S(x) = P(X > x) = 1 - F(x)`, accurate where it is tiny."""
        x, dtype = points(x)
        return finish(self._cdf_sf(x)[1], dtype)

    def _cdf_sf(self, x: np.ndarray):
        with np.errstate(under="ignore"):
            return tuple(np.exp(v) for v in self._log_cdf_sf(x))

    def ppf(self, q):
        r"""The quantile function :math:`F^{-1}(q)` (the "percent point function")."""
        q, dtype = quantile_levels(q)
        with np.errstate(divide="ignore"):
            upper = q > 0.5
            target = np.where(upper, np.log1p(-q), np.log(q))
        return finish(self._quantile(q == 0, q == 1, target, upper), dtype)

    def isf(self, s):
        r"""The inverse survival function :math:`S^{-1}(s)`, i.e. ``ppf(1 - s)`` without rounding ``1 - s``."""
        s, dtype = quantile_levels(s, "s")
        with np.errstate(divide="ignore"):
            upper = s < 0.5
            target = np.where(upper, np.log(s), np.log1p(-s))
        return finish(self._quantile(s == 1, s == 0, target, upper), dtype)

    def rvs(self, size=None, rng=None):
        """Random draws of shape ``size`` (a number when ``size`` is None)."""
        raise NotImplementedError


class Continuous(Distribution):
    """A distribution with a density; subclasses set ``_kind`` ("real", "positive" or "unit")."""

    _kind = "real"

    def logpdf(self, x):
        r"""The log-density :math:`\ln f(x)` (``-inf`` off the support)."""
        x, dtype = points(x)
        return finish(self._logpdf(x), dtype)

    def pdf(self, x):
        """The density :math:`f(x)`."""
        x, dtype = points(x)
        with np.errstate(under="ignore", over="ignore"):  # an unbounded density: inf
            return finish(np.exp(self._logpdf(x)), dtype)

    def _prob_at_least(self, t: float) -> float:
        return float(self.sf(t))

    def _prob_at_most(self, t: float) -> float:
        return float(self.cdf(t))

    def _to_x(self, t):
        with np.errstate(over="ignore"):
            if self._kind == "positive":
                return np.exp(t)
            if self._kind == "unit":
                return np.where(t < 0, np.exp(t) / (1.0 + np.exp(t)), 1.0 / (1.0 + np.exp(-t)))
            return np.sinh(t)

    def _log_dx_dt(self, t, x):
        if self._kind == "positive":
            return t
        if self._kind == "unit":
            return np.log(x) + np.log1p(-x)
        return np.log(np.cosh(np.minimum(np.abs(t), 709.0)))

    def _to_t(self, x):
        with np.errstate(divide="ignore"):
            if self._kind == "positive":
                return np.log(x)
            if self._kind == "unit":
                return np.log(x) - np.log1p(-x)
            return np.arcsinh(x)

    def _guess(self, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """A starting point for the quantile (subclasses do better); here the median of t."""
        return np.full(target.shape, self._to_x(np.zeros(1))[0])

    def _quantile(self, at_low, at_high, target, upper):
        lo, hi = self._support
        out = np.empty(target.shape)
        out[at_low], out[at_high] = lo, hi
        inner = ~(at_low | at_high)
        out[inner] = self._solve(target[inner], upper[inner])
        return out

    def _residual(self, x, target, upper):
        """g = sign (level - target), increasing in x, and the log of its slope dg/dx."""
        log_cdf, log_sf = self._log_cdf_sf(x)
        level = np.where(upper, log_sf, log_cdf)
        g = np.where(upper, target - level, level - target)
        with np.errstate(invalid="ignore"):  # inf - inf at an end of the support: bisect there
            return g, self._logpdf(x) - level

    def _solve(self, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Safeguarded Newton in t for ln F(x) = target (or ln S(x) = target where ``upper``),
        then two Newton steps in x itself (t = ln x has an ulp of 1e-13 at x = 1e-300)."""
        t_lo, t_hi = (np.full(target.shape, v) for v in _T_RANGE[self._kind])
        t = np.clip(self._to_t(self._guess(target, upper)), t_lo, t_hi)
        active = np.ones(target.shape, dtype=bool)
        step_before = t_hi - t_lo  # rtsafe: bisect unless Newton at least halves the step
        for _ in range(200):
            ta = t[active]
            x = self._to_x(ta)
            g, log_slope = self._residual(x, target[active], upper[active])
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                newton = ta - g / np.exp(log_slope + self._log_dx_dt(ta, x))
            lo_a = np.where(g < 0, ta, t_lo[active])
            hi_a = np.where(g > 0, ta, t_hi[active])
            fast = np.abs(newton - ta) <= 0.5 * step_before[active]
            inside = np.isfinite(newton) & (newton > lo_a) & (newton < hi_a) & fast
            new = np.where(g == 0, ta, np.where(inside, newton, 0.5 * (lo_a + hi_a)))
            t_lo[active], t_hi[active] = lo_a, hi_a
            step_before[active] = np.abs(new - ta)
            t[active] = new
            tol = 1e-14 * np.maximum(np.abs(new), 1.0)
            done = (np.abs(new - ta) <= tol) | (g == 0) | (hi_a - lo_a <= tol)
            active[np.flatnonzero(active)[done]] = False
            if not active.any():
                break
        x = self._to_x(t)
        x_lo, x_hi = self._to_x(t_lo), self._to_x(t_hi)
        # a root beyond the representable range: the limit (-inf, 0 or 1, inf)
        bottom, top = _T_RANGE[self._kind]
        g_end, _ = self._residual(x, target, upper)
        below = (t <= bottom + 20.0) & (g_end > 1e-3)
        above = (t >= top - 20.0) & (g_end < -1e-3)
        for _ in range(2):
            g, log_slope = self._residual(x, target, upper)
            with np.errstate(over="ignore", invalid="ignore", under="ignore"):
                polished = x - g * np.exp(-log_slope)
            small = np.abs(polished - x) <= 1e-8 * np.abs(x)  # a last correction, or
            inside = (polished >= x_lo) & (polished <= x_hi)  # a step within the bracket
            ok = np.isfinite(polished) & (small | inside) & (g != 0)
            x = np.where(ok, polished, x)
        low_limit = 0.0 if self._kind in ("positive", "unit") else -np.inf
        high_limit = 1.0 if self._kind == "unit" else np.inf
        return np.where(below, low_limit, np.where(above, high_limit, x))


class Discrete(Distribution):
    """A distribution on the integers: mass zero off the support and off the integers."""

    def logpmf(self, k):
        r""":math:`\ln P(X = k)` (``-inf`` for non-integer ``k`` or off the support)."""
        k, dtype = points(k, "k")
        return finish(self._logpmf(k), dtype)

    def pmf(self, k):
        """The probability mass :math:`P(X = k)` (0 for non-integer ``k``)."""
        k, dtype = points(k, "k")
        with np.errstate(under="ignore"):
            return finish(np.exp(self._logpmf(k)), dtype)

    def _logpmf(self, k: np.ndarray) -> np.ndarray:
        lo, hi = self._support
        on = (k == np.floor(k)) & (k >= lo) & (k <= hi) & np.isfinite(k)
        out = np.full(k.shape, -np.inf)
        out[on] = self._logpmf_on_support(k[on])
        return out

    def _log_cdf_sf(self, x: np.ndarray):
        lo, hi = self._support
        k = np.floor(x)
        log_cdf = np.where(k < lo, -np.inf, 0.0)
        log_sf = np.where(k < lo, 0.0, -np.inf)
        inner = (k >= lo) & (k < hi)
        log_cdf[inner], log_sf[inner] = self._log_cdf_sf_on_support(k[inner])
        return log_cdf, log_sf

    def _prob_at_least(self, t: float) -> float:
        return float(self.sf(np.ceil(t) - 1.0))

    def _prob_at_most(self, t: float) -> float:
        return float(self.cdf(np.floor(t)))

    def _guess(self, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Normal approximation with the mean and standard deviation."""
        z = normal_quantile_guess(target)
        return self.mean() + np.where(upper, -z, z) * self.std()

    def _quantile(self, at_low, at_high, target, upper):
        lo, hi = self._support
        out = np.empty(target.shape)
        out[at_low], out[at_high] = lo - 1.0, hi
        inner = ~(at_low | at_high)
        out[inner] = self._integer_search(target[inner], upper[inner])
        return out

    def _reached(self, k: np.ndarray, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Whether F(k) >= q (in logs; or S(k) <= 1 - q where ``upper``): monotone in k."""
        log_cdf, log_sf = self._log_cdf_sf(k)
        return np.where(upper, log_sf <= target, log_cdf >= target)

    def _integer_search(self, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
        lo, hi = self._support
        guess = np.clip(np.floor(self._guess(target, upper)), lo, min(hi, 2.0**62))
        ok = self._reached(guess, target, upper)
        low = np.where(ok, lo - 1.0, guess)  # known not reached (lo - 1: below the support)
        high = np.where(ok, guess, np.inf)  # known reached
        step = np.ones(target.shape)
        # gallop: below the guess where reached, above it where not
        probe_down = ok.copy()
        probe_up = ~ok
        while probe_down.any() or probe_up.any():
            cand = np.where(probe_down, guess - step, guess + step)
            cand = np.clip(cand, lo - 1.0, hi)
            active = probe_down | probe_up
            res = np.zeros(target.shape, dtype=bool)
            inside = active & (cand >= lo)
            res[inside] = self._reached(cand[inside], target[inside], upper[inside])
            res |= active & (cand >= hi)  # the top of a finite support is always reached
            high = np.where(active & res, np.minimum(high, cand), high)
            low = np.where(active & ~res, np.maximum(low, cand), low)
            probe_down &= res & (cand > lo - 1.0)
            probe_up &= ~res & (cand < hi)
            step *= 2.0
        while True:
            gap = high - low > 1
            if not gap.any():
                return high
            mid = np.floor(0.5 * (low + high))
            res = self._reached(mid[gap], target[gap], upper[gap])
            high[gap] = np.where(res, mid[gap], high[gap])
            low[gap] = np.where(res, low[gap], mid[gap])
