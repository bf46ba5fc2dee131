r"""The logarithmic kernels behind ``special`` and the distributions (private).

* :func:`_gammaln`: :math:`\ln\Gamma` on float64 arrays (see ``special.gammaln`` for the method);
* Loader's saddle-point terms (C. Loader, *Fast and accurate computation of binomial
  probabilities*, 2000): :func:`_stirlerr`
  :math:`\delta(z) = \ln\Gamma(z+1) - (z+\tfrac12)\ln z + z - \tfrac12\ln 2\pi` and the deviance
  :func:`_bd0` :math:`x\ln(x/m) + m - x`, from which :func:`_log_binom_raw` and
  :func:`_log_pois_raw` build binomial and Poisson log-probabilities for real arguments
  without subtracting large :math:`\ln\Gamma` values (which loses :math:`10^{-8}` at
  :math:`n = 10^7`);
* :func:`_betaln`: :math:`\ln B(a, b)` with the same corrections.
"""

from __future__ import annotations

import math

import numpy as np

__all__: list[str] = []

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
_STIRLING_FROM = 15.0
# B_{2k} / (2k (2k - 1)) for k = 1..8: the coefficients of Stirling's series
_STIRLING = (
    1 / 12,
    -1 / 360,
    1 / 1260,
    -1 / 1680,
    1 / 1188,
    -691 / 360360,
    1 / 156,
    -3617 / 122400,
)
# ln Gamma(k) = ln (k-1)! for k = 1..171 (171! overflows a double, 170! does not)
_LOG_FACTORIAL_TOP = 171
_LOG_GAMMA_AT_INTEGERS = np.array(
    [0.0] + [math.log(math.factorial(k - 1)) for k in range(1, _LOG_FACTORIAL_TOP + 1)]
)
_EULER_GAMMA = 0.57721566490153286061


def _zeta_minus_one(k: int) -> float:
    r""":math:`\zeta(k) - 1 = \sum_{n \ge 2} n^{-k}` by Euler–Maclaurin from :math:`N = 20` (k >= 2)."""
    n_head = 20
    head = sum(float(n) ** -k for n in range(2, n_head))
    tail = n_head ** (1 - k) / (k - 1) + 0.5 * n_head**-k
    rising = float(k)  # k (k+1) ... (k + 2j - 2)
    for j, b2j in enumerate((1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730), start=1):
        tail += b2j / math.factorial(2 * j) * rising * float(n_head) ** (-k - 2 * j + 1)
        rising *= (k + 2 * j - 1) * (k + 2 * j)
    return head + tail


# ln Gamma(2 + t) = (1 - gamma) t + sum_{k>=2} (-1)^k (zeta(k) - 1) t^k / k, |t| <= 1/2
_LGAMMA2_COEFFS = (
    1.0 - _EULER_GAMMA,
    *((-1) ** k * _zeta_minus_one(k) / k for k in range(2, 31)),
)


def _lgamma_near_two(t: np.ndarray) -> np.ndarray:
    r""":math:`\ln\Gamma(2 + t)` for :math:`|t| \le \frac12` (Horner on the zeta series)."""
    acc = np.zeros_like(t)
    for c in reversed(_LGAMMA2_COEFFS):
        acc = acc * t + c
    return acc * t


def _stirling_series(y: np.ndarray) -> np.ndarray:
    r""":math:`\sum_k \frac{B_{2k}}{2k(2k-1) y^{2k-1}}`, the correction :math:`\delta(y)` for large ``y``."""
    inv = 1.0 / y
    inv2 = inv * inv
    series = np.zeros_like(y)
    for c in reversed(_STIRLING):  # Horner in 1/y^2
        series = series * inv2 + c
    return series * inv


def _gammaln(x: np.ndarray) -> np.ndarray:
    """ln Gamma for x > 0 (float64 array, +inf allowed)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    integer = (x == np.floor(x)) & (x <= _LOG_FACTORIAL_TOP)
    out[integer] = _LOG_GAMMA_AT_INTEGERS[x[integer].astype(np.int64)]
    rest = ~integer
    out[rest] = _gammaln_real(x[rest])
    return out


def _gammaln_real(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    tiny = x < 0.5
    near_one = (x >= 0.5) & (x < 1.5)
    near_two = (x >= 1.5) & (x < 2.5)
    middle = (x >= 2.5) & (x < _STIRLING_FROM)
    large = x >= _STIRLING_FROM
    t = x[tiny]
    out[tiny] = _lgamma_near_two(t) - np.log1p(t) - np.log(t)
    t = x[near_one] - 1.0
    out[near_one] = _lgamma_near_two(t) - np.log1p(t)
    out[near_two] = _lgamma_near_two(x[near_two] - 2.0)
    y = x[middle]
    m = np.floor(y - 1.5)
    y0 = y - m  # in [1.5, 2.5), exact
    product = np.ones_like(y)
    for j in range(int(_STIRLING_FROM)):
        step = j < m
        product[step] *= y0[step] + j
    out[middle] = _lgamma_near_two(y0 - 2.0) + np.log(product)
    y = x[large]
    with np.errstate(over="ignore", invalid="ignore"):  # inf above ~2.5e305, as it should
        value = (y - 0.5) * np.log(y) - y + _LOG_SQRT_2PI + _stirling_series(y)
    out[large] = np.where(np.isinf(y), np.inf, value)
    return out


def _stirlerr(z: np.ndarray) -> np.ndarray:
    r"""Loader's :math:`\delta(z) = \ln\Gamma(z+1) - (z+\tfrac12)\ln z + z - \tfrac12\ln 2\pi` for :math:`z > 0`.

    Stirling's series from 7 on (8 terms: error below :math:`10^{-15}` there), the
    definition below (absolute error about :math:`3\cdot10^{-15}`).
    """
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    big = z >= 7.0
    out[big] = _stirling_series(z[big])
    s = z[~big]
    with np.errstate(divide="ignore", invalid="ignore"):  # z = 0 gives +inf
        out[~big] = _gammaln(s + 1.0) - (s + 0.5) * np.log(s) + s - _LOG_SQRT_2PI
    return out


def _bd0(x: np.ndarray, m: np.ndarray) -> np.ndarray:
    r"""The deviance term :math:`x\ln(x/m) + m - x \ge 0`, without cancellation when :math:`x \approx m`.

    With :math:`v = (x-m)/(x+m)`, :math:`x\ln\frac xm + m - x = (x-m)v + 2x\sum_{j\ge1}\frac{v^{2j+1}}{2j+1}`,
    used for :math:`|x - m| < 0.1(x+m)` (ten terms reach rounding level there).
    """
    x, m = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(m, dtype=np.float64))
    out = np.empty(x.shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = np.abs(x - m) < 0.1 * (x + m)
        xn, mn = x[near], m[near]
        v = (xn - mn) / (xn + mn)
        s = (xn - mn) * v
        ej = 2.0 * xn * v
        v2 = v * v
        for j in range(1, 11):
            ej = ej * v2
            s = s + ej / (2 * j + 1)
        out[near] = s
        xf, mf = x[~near], m[~near]
        ratio = xf / mf
        log_ratio = np.where(
            np.isfinite(ratio) & (ratio > 0), np.log(ratio), np.log(xf) - np.log(mf)
        )
        far = np.where(xf == 0, mf, xf * log_ratio + mf - xf)
        out[~near] = np.where(mf == 0, np.where(xf == 0, 0.0, np.inf), far)
    return out


def _bd0_of_product(x: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    r""":func:`_bd0` at :math:`m = np`, keeping :math:`\ln(x/(np))` exact when :math:`np` is subnormal.

    A product below the normal range keeps only the bits left above :math:`2^{-1074}` (at
    :math:`p = 5\cdot10^{-324}` the product :math:`1.0156\,p` rounds back to :math:`p`), so
    there the logarithm is taken term by term, :math:`\ln x - \ln n - \ln p`.
    """
    m = n * p
    out = _bd0(x, m)
    sub = (m < np.finfo(np.float64).tiny) & (p > 0) & (x > 0)
    if np.any(sub):
        xs, ms = x[sub], m[sub]
        out[sub] = xs * (np.log(xs) - np.log(n[sub]) - np.log(p[sub])) + ms - xs
    return out


def _log_binom_raw(k, m, p, q) -> np.ndarray:
    r""":math:`\ln\big[\binom{k+m}{k} p^k q^m\big]` for real :math:`k, m \ge 0`, :math:`q = 1 - p` given separately.

    With :math:`n = k + m`, Loader's saddle-point form
    :math:`\delta(n) - \delta(k) - \delta(m) - \mathrm{bd0}(k, np) - \mathrm{bd0}(m, nq) - \tfrac12\ln\frac{2\pi k m}{n}`,
    which has no large cancelling terms; :math:`k = 0` and :math:`m = 0` in closed form. The
    two counts are passed separately so that a tiny :math:`m` next to a huge :math:`k` (a beta
    function with :math:`b \ll a`) is not recomputed as a difference.
    """
    k, m, p, q = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (k, m, p, q)))
    out = np.empty(k.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        zero, full = k == 0, m == 0
        inner = ~(zero | full)
        ki, mi, pi, qi = k[inner], m[inner], p[inner], q[inner]
        ni = ki + mi
        lc = (
            _stirlerr(ni)
            - _stirlerr(ki)
            - _stirlerr(mi)
            - _bd0_of_product(ki, ni, pi)
            - _bd0_of_product(mi, ni, qi)
        )
        lf = np.log(2 * np.pi) + np.log(ki) + np.log(mi) - np.log(ni)
        out[inner] = np.where((pi == 0) | (qi == 0), -np.inf, lc - 0.5 * lf)
        out[zero] = _log_power(m[zero], p[zero], q[zero])
        only_full = full & ~zero
        out[only_full] = _log_power(k[only_full], q[only_full], p[only_full])
    return out


def _log_power(n: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`n \ln q` with :math:`q = 1 - p` (``-_bd0(n, nq) - np`` when :math:`p < 0.1`); 0 when n = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.where(q > 0, n * np.log(q), -np.inf)
        small_p = -_bd0(n, n * q) - n * p
    return np.where(n == 0, 0.0, np.where(p < 0.1, small_p, direct))


def _log_pois_raw(k, lam) -> np.ndarray:
    r""":math:`\ln\big[\lambda^k e^{-\lambda} / \Gamma(k+1)\big]` for real :math:`k \ge 0`.

    :math:`-\delta(k) - \mathrm{bd0}(k, \lambda) - \tfrac12\ln(2\pi k)` (no cancellation between
    :math:`k\ln\lambda`, :math:`\lambda` and :math:`\ln k!`); :math:`-\lambda` at :math:`k = 0`.
    """
    k, lam = np.broadcast_arrays(np.asarray(k, dtype=np.float64), np.asarray(lam, dtype=np.float64))
    out = np.array(-lam, dtype=np.float64)  # a 0-d array stays an array
    inner = k > 0
    ki, li = k[inner], lam[inner]
    with np.errstate(over="ignore", invalid="ignore"):
        value = -_stirlerr(ki) - _bd0(ki, li) - 0.5 * np.log(2 * np.pi * ki)
    out[inner] = np.where((li == 0) | np.isinf(ki), -np.inf, value)
    return out


def _betaln(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    big, small = np.maximum(a, b), np.minimum(a, b)
    out = np.empty(a.shape)
    both = small >= 10.0
    one = (big >= 10.0) & ~both
    neither = big < 10.0
    L, s = big[both], small[both]
    total = L + s
    out[both] = (
        _LOG_SQRT_2PI
        - 0.5 * np.log(total)
        + (L - 0.5) * np.log1p(-s / total)
        + (s - 0.5) * np.log(s / total)
        + _stirlerr(L)
        + _stirlerr(s)
        - _stirlerr(total)
    )
    L, s = big[one], small[one]
    out[one] = (
        _gammaln(s)
        - (L + s - 0.5) * np.log1p(s / L)
        - s * np.log(L)
        + s
        + _stirlerr(L)
        - _stirlerr(L + s)
    )
    L, s = big[neither], small[neither]
    out[neither] = _gammaln(s) + _gammaln(L) - _gammaln(L + s)
    return out
