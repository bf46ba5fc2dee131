r"""The regularized incomplete gamma and beta functions, by continued fractions (chapter 19).

They are the cdfs of the gamma and beta families, and through them of the Poisson, binomial,
chi-squared and Student t distributions:

.. math:: P(a, x) = \frac{1}{\Gamma(a)}\int_0^x t^{a-1}e^{-t}\,dt, \qquad
          I_x(a, b) = \frac{1}{B(a, b)}\int_0^x t^{a-1}(1-t)^{b-1}\,dt,

with complements :math:`Q = 1 - P` and :math:`1 - I_x(a, b) = I_{1-x}(b, a)`.

Each is the product of a **prefactor** and a **continued fraction**:

* :math:`P(a, x) = \frac{x^a e^{-x}}{\Gamma(a+1)}\sum_{n\ge0}\frac{x^n}{(a+1)\cdots(a+n)}` for
  :math:`x < a/2` (every ratio below :math:`\frac12`), and
  :math:`P(a, x) = \frac{x^a e^{-x}}{\Gamma(a+1)} \cdot \frac{a}{f}` with
  :math:`f = a - \cfrac{a x}{a+1 + \cfrac{x}{a+2 - \cfrac{(a+1)x}{a+3 + \cfrac{2x}{a+4 - \cdots}}}}`
  (DLMF 8.9.2) for :math:`a/2 \le x < a + 1`, and
  :math:`Q(a, x) = \frac{x^a e^{-x}}{\Gamma(a)}\cfrac{1}{x+1-a-\cfrac{1(1-a)}{x+3-a-\cfrac{2(2-a)}{x+5-a-\cdots}}}`
  (Legendre) above;
* :math:`I_x(a,b) = \frac{x^a(1-x)^b}{a B(a,b)}\cfrac{1}{1+\cfrac{d_1}{1+\cfrac{d_2}{1+\cdots}}}`,
  :math:`d_{2m+1} = -\frac{(a+m)(a+b+m)x}{(a+2m)(a+2m+1)}`, :math:`d_{2m} = \frac{m(b-m)x}{(a+2m-1)(a+2m)}`,
  for :math:`x < (a+1)/(a+b+2)`, and by the symmetry above otherwise.

Both fractions are evaluated forwards by the modified Lentz method, stopping when a step
changes the value by less than :math:`10^{-16}`; they converge in :math:`O(\sqrt{a})` steps
in the worst case (near :math:`x \approx a`), e.g. about 900 for a binomial cdf at
:math:`n = 10^7`. The prefactors are computed in logarithms with Loader's saddle-point terms
(:math:`x^a e^{-x}/\Gamma(a+1)` is a Poisson probability, :math:`x^a(1-x)^b/B(a,b)` a
binomial one), so no :math:`\ln\Gamma` of a large argument is subtracted from another.
The side not computed by its fraction is :math:`1 -` the other, which is accurate because the
fraction is used on the side where the value is at most about a half; for :math:`a < 1` and
:math:`x < a + 1`, where :math:`P > \frac12` can be near 1, :math:`Q` has its own series.

**Accuracy** (against 50-digit references, away from the far tails): about :math:`10^{-14}`
for the gamma function, growing like :math:`10^{-15}\sqrt a` near :math:`x \approx a`
(:math:`1.5\cdot10^{-12}` at :math:`a = 10^7`: rounding accumulated over the fraction's
steps); about :math:`10^{-13}` for the beta function when :math:`a` and :math:`b` are within a
factor 100 of each other (plus :math:`2\cdot10^{-16}\sqrt{\max(a, b)}`), growing with the ratio to about :math:`10^{-12}` at 1000 and
:math:`2\cdot10^{-11}` beyond :math:`10^5`, where the fraction near the switch point is
ill-conditioned (TOMS 708 uses asymptotic series there). In a tail, one ulp of the
argument moves the value by about :math:`|\ln v| \cdot 10^{-16}` relative: that much is
conditioning, not method.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InputError, LinAlgError
from ._checks import finish, points, result_dtype
from ._loggamma import _lgamma_near_two, _log_binom_raw, _log_pois_raw

__all__ = ["betainc", "betaincc", "gammainc", "gammaincc"]

_TINY = 1e-300
_EPS = 3e-16  # just above one ulp of 1: a step that changes nothing


def gammainc(a, x):
    r"""The regularized lower incomplete gamma function :math:`P(a, x)` (``scipy.special.gammainc``).

    Parameters
    ----------
    a : array_like
        Shape, :math:`a > 0`.
    x : array_like
        :math:`x \ge 0` (``inf`` allowed); broadcast with ``a``.

    Returns
    -------
    ndarray or float
        In :math:`[0, 1]`, increasing in ``x``; the cdf at ``x`` of a Gamma(``a``, 1) variable.
    """
    a, x, dtype = _gamma_args(a, x)
    return finish(np.exp(_log_gammainc_pair(a, x)[0]), dtype)


def gammaincc(a, x):
    r"""The regularized upper incomplete gamma function :math:`Q(a, x) = 1 - P(a, x)`.

    Computed directly (not as :math:`1 - P`), so tiny tail values keep their relative accuracy:
    ``gammaincc(10, 1000)`` is :math:`3.5\cdot10^{-411}`... below the smallest double, but
    ``gammaincc(10, 500)`` :math:`\approx 2.3\cdot10^{-195}` is accurate to about 1e-14.
    """
    a, x, dtype = _gamma_args(a, x)
    return finish(np.exp(_log_gammainc_pair(a, x)[1]), dtype)


def betainc(a, b, x):
    r"""The regularized incomplete beta function :math:`I_x(a, b)` (``scipy.special.betainc``).

    Parameters
    ----------
    a, b : array_like
        Positive.
    x : array_like
        In :math:`[0, 1]`; broadcast with ``a`` and ``b``.

    Returns
    -------
    ndarray or float
        The cdf at ``x`` of a Beta(``a``, ``b``) variable.
    """
    a, b, x, dtype = _beta_args(a, b, x)
    return finish(np.exp(_log_betainc_pair(a, b, x, 1.0 - x)[0]), dtype)


def betaincc(a, b, x):
    r"""The complement :math:`1 - I_x(a, b) = I_{1-x}(b, a)`, computed directly (``scipy.special.betaincc``)."""
    a, b, x, dtype = _beta_args(a, b, x)
    return finish(np.exp(_log_betainc_pair(a, b, x, 1.0 - x)[1]), dtype)


# --- argument checks -----------------------------------------------------------------------


def _broadcast(*arrays, names):
    try:
        return np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays, strict=True))
        raise InputError(f"the arguments cannot be broadcast together: {shapes}") from None


def _gamma_args(a, x):
    dtype = result_dtype(a, x)
    a, _ = points(a, "a")
    x, _ = points(x, "x")
    a, x = _broadcast(a, x, names=("a", "x"))
    if np.any(a <= 0) or np.any(np.isinf(a)):
        raise InputError("the shape a must be positive and finite")
    if np.any(x < 0):
        raise InputError("x must be non-negative")
    return a, x, dtype


def _beta_args(a, b, x):
    dtype = result_dtype(a, b, x)
    a, _ = points(a, "a")
    b, _ = points(b, "b")
    x, _ = points(x, "x")
    a, b, x = _broadcast(a, b, x, names=("a", "b", "x"))
    if np.any(a <= 0) or np.any(b <= 0) or np.any(np.isinf(a) | np.isinf(b)):
        raise InputError("a and b must be positive and finite")
    if np.any((x < 0) | (x > 1)):
        raise InputError("x must lie in [0, 1]")
    return a, b, x, dtype


# --- kernels (float64 arrays, arguments already valid) --------------------------------------


_SCALAR_UP_TO = 8  # so few points: a plain Python loop is faster than NumPy calls


def _max_iter(size_parameter: np.ndarray) -> int:
    """200 + 10 sqrt(a) steps (the fractions need O(sqrt(a))), at most two million."""
    largest = float(np.max(size_parameter, initial=1.0))
    return int(min(200 + 10 * np.sqrt(largest), 2_000_000))


def _failed(what: str, steps: int):
    return LinAlgError(
        f"the continued fraction of {what} did not converge in {steps} steps "
        "(or overflowed: parameters beyond about 1e150)"
    )


def _log1mexp(log_v: np.ndarray) -> np.ndarray:
    r""":math:`\ln(1 - e^{v})` for :math:`v \le 0`, accurate on both sides of :math:`v = -\ln 2`."""
    with np.errstate(divide="ignore"):
        return np.where(
            log_v > -0.6931471805599453, np.log(-np.expm1(log_v)), np.log1p(-np.exp(log_v))
        )


def _continued_fraction(b0, terms, params, max_iter: int, what: str) -> np.ndarray:
    r""":math:`b_0 + \cfrac{a_1}{b_1 + \cfrac{a_2}{b_2 + \cdots}}` elementwise, by the modified Lentz method.

    ``terms(*params)`` returns ``n -> (a_n, b_n)``; it is called with arrays, or with floats
    for each point when there are at most a few (then a Python loop beats NumPy's per-call
    cost). Stops when a step changes the value by at most one ulp.
    """
    b0 = np.asarray(b0, dtype=float)
    if b0.size <= _SCALAR_UP_TO:
        out = np.empty(b0.shape)
        for idx in np.ndindex(b0.shape):
            term = terms(*(float(p[idx]) for p in params))
            out[idx] = _lentz_scalar(float(b0[idx]), term, max_iter, what)
        return out
    return _lentz_vector(b0, terms(*params), max_iter, what)


def _lentz_scalar(b0: float, term, max_iter: int, what: str) -> float:
    f = b0 if abs(b0) >= _TINY else _TINY
    C, D = f, 0.0
    for n in range(1, max_iter):
        an, bn = term(n)
        D = bn + an * D
        D = 1.0 / (D if abs(D) >= _TINY else _TINY)
        C = bn + an / C
        C = C if abs(C) >= _TINY else _TINY
        delta = C * D
        f *= delta
        if abs(delta - 1.0) <= _EPS:
            return f
        if not math.isfinite(delta):
            break
    raise _failed(what, max_iter)


def _lentz_vector(b0: np.ndarray, term, max_iter: int, what: str) -> np.ndarray:
    f = np.where(np.abs(b0) < _TINY, _TINY, b0)
    C, D = f.copy(), np.zeros_like(f)
    active = np.ones(f.shape, dtype=bool)
    for n in range(1, max_iter):
        an, bn = term(n)
        D = bn + an * D
        D = 1.0 / np.where(np.abs(D) < _TINY, _TINY, D)
        C = bn + an / C
        C = np.where(np.abs(C) < _TINY, _TINY, C)
        delta = C * D
        f = np.where(active, f * delta, f)
        active &= np.abs(delta - 1.0) > _EPS
        if not active.any():
            return f
        if not np.all(np.isfinite(delta[active])):
            break
    raise _failed(what, max_iter)


def _lower_gamma_terms(a, x):
    """DLMF 8.9.2: a_1 = -a x, a_2k = k x, a_2k+1 = -(a + k) x, b_n = a + n (b_0 = a)."""

    def term(n):
        k = n // 2
        an = -a * x if n == 1 else (k * x if n % 2 == 0 else -(a + k) * x)
        return an, a + n

    return term


def _upper_gamma_terms(a, x):
    """Legendre's fraction, inverted: (x + 1 - a) - 1(1-a)/(x + 3 - a - 2(2-a)/(...))."""

    def term(n):
        return -n * (n - a), x + 2 * n + 1 - a

    return term


def _beta_terms(a, b, x):
    """1 + d_1/(1 + d_2/(1 + ...)), the reciprocal of Numerical Recipes' betacf."""

    def term(n):
        if n % 2 == 0:
            m = n // 2
            return m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), 1.0
        m = n // 2
        return -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)), 1.0

    return term


def _lower_gamma_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    r""":math:`\sum_{n\ge0} x^n / ((a+1)\cdots(a+n))` for :math:`x < a/2` (ratio below 1/2: at most 60 terms)."""
    term = np.ones_like(a)
    total = np.ones_like(a)
    for n in range(1, 80):
        term = term * (x / (a + n))
        total = total + term
        if np.all(term <= 1e-17 * total):
            break
    return total


def _upper_gamma_small_a(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    r""":math:`Q(a, x)` for :math:`a < 1`, :math:`x < a + 1`, where :math:`1 - P` cancels (P near 1).

    From :math:`\gamma(a, x) = x^a\sum_{n\ge0}\frac{(-x)^n}{n!(a+n)}`:
    :math:`Q = -\operatorname{expm1}(L) - e^{L} a \sum_{n\ge1}\frac{(-x)^n}{n!(a+n)}` with
    :math:`L = a\ln x - \ln\Gamma(1+a)`; the sum is multiplied by the small :math:`a`.
    """
    # ln Gamma(1 + a) without rounding 1 + a: ln Gamma(2 + t) - log1p(t) at t = a, or at t = a - 1
    lgamma_1p = np.where(a < 0.5, _lgamma_near_two(a) - np.log1p(a), _lgamma_near_two(a - 1.0))
    log_l = a * np.log(x) - lgamma_1p
    term = np.ones_like(x)
    total = np.zeros_like(x)
    for n in range(1, 40):
        term = term * (-x / n)
        total = total + term / (a + n)
    return -np.expm1(log_l) - np.exp(log_l) * a * total


def _log_gammainc_pair(a: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""(:math:`\ln P(a, x)`, :math:`\ln Q(a, x)`) for :math:`a > 0`, :math:`x \ge 0` (inf allowed)."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    log_p = np.empty(a.shape)
    log_q = np.empty(a.shape)
    finite = np.isfinite(x) & (x > 0)
    log_p[x == 0], log_q[x == 0] = -np.inf, 0.0
    log_p[np.isinf(x)], log_q[np.isinf(x)] = 0.0, -np.inf
    series = finite & (x < 0.5 * a)
    lower = finite & ~series & (x < a + 1.0)
    upper = finite & ~series & ~lower
    what = "the incomplete gamma function"
    with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
        a_s, x_s = a[series], x[series]
        log_p[series] = np.minimum(
            _log_pois_raw(a_s, x_s) + np.log(_lower_gamma_series(a_s, x_s)), 0.0
        )
        log_q[series] = _log1mexp(log_p[series])
        al, xl = a[lower], x[lower]
        f = _continued_fraction(al, _lower_gamma_terms, (al, xl), _max_iter(al), what)
        log_p[lower] = np.minimum(_log_pois_raw(al, xl) + np.log(al) - np.log(f), 0.0)
        log_q[lower] = _log1mexp(log_p[lower])
        au, xu = a[upper], x[upper]
        g = _continued_fraction(xu + 1 - au, _upper_gamma_terms, (au, xu), _max_iter(au), what)
        log_q[upper] = np.minimum(_log_pois_raw(au, xu) + np.log(au) - np.log(g), 0.0)
        log_p[upper] = _log1mexp(log_q[upper])
        small = finite & (a < 1.0) & (x < a + 1.0) & (log_p > -0.6931471805599453)
        log_q[small] = np.log(_upper_gamma_small_a(a[small], x[small]))
    return log_p, log_q


def _log_betainc_pair(a, b, x, y) -> tuple[np.ndarray, np.ndarray]:
    r"""(:math:`\ln I_x(a,b)`, :math:`\ln(1 - I_x(a,b))`) with :math:`y = 1 - x` given separately.

    Passing ``y`` lets callers keep the relative accuracy of a tiny :math:`1 - x` (a binomial
    with :math:`p = 10^{-20}` has :math:`x = 1 - p = 1` in floating point, but ``y = p``).
    """
    a, b, x, y = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x, y)))
    log_i = np.empty(a.shape)
    log_c = np.empty(a.shape)
    log_i[x == 0], log_c[x == 0] = -np.inf, 0.0
    log_i[y == 0], log_c[y == 0] = 0.0, -np.inf
    inside = (x > 0) & (y > 0)
    swap = inside & (x * (a + b + 2.0) > a + 1.0)
    direct = inside & ~swap
    with np.errstate(divide="ignore", under="ignore"):
        for mask, (p, q, u, v) in ((direct, (a, b, x, y)), (swap, (b, a, y, x))):
            p, q, u, v = p[mask], q[mask], u[mask], v[mask]
            log_pref = _log_binom_raw(p, q, u, v) + np.log(q / (p + q))
            g = _continued_fraction(
                np.ones_like(u),
                _beta_terms,
                (p, q, u),
                _max_iter(np.maximum(p, q)),
                "the incomplete beta function",
            )
            log_j = np.minimum(log_pref - np.log(g), 0.0)
            log_other = _log1mexp(log_j)
            if mask is swap:
                log_j, log_other = log_other, log_j
            log_i[mask], log_c[mask] = log_j, log_other
    return log_i, log_c
