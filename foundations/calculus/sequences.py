r"""Numbers, sequences and series (chapter 10).

A series :math:`\sum_{k\ge 0} a_k` is the limit of its partial sums :math:`S_n = \sum_{k<n} a_k`.
What a computation can give is :math:`S_n` and a bound on the error :math:`|S - S_n|`:

- geometric series, :math:`|r| < 1`: :math:`S - S_n = r^n/(1-r)` exactly;
- alternating series with :math:`|a_k|` decreasing to 0: :math:`|S - S_n| \le |a_n|`;
- Taylor series, by Lagrange's remainder: for some :math:`\xi` between :math:`a` and :math:`x`,

  .. math:: f(x) - \sum_{k=0}^{n} \frac{f^{(k)}(a)}{k!}(x-a)^k = \frac{f^{(n+1)}(\xi)}{(n+1)!}(x-a)^{n+1}.

The numbers themselves are floating-point: :math:`\text{fl}(x) = x(1+\delta)` with
:math:`|\delta| \le u = \varepsilon/2`, where :math:`\varepsilon` (machine epsilon) is the gap
between 1 and the next float. Subtracting nearly equal numbers (*cancellation*) turns that tiny
relative error into a large one.
"""

from __future__ import annotations

from math import factorial, lgamma

import numpy as np

from ..errors import InputError
from ..validation import as_float_array
from ._checks import check_count, check_real

__all__ = [
    "TAYLOR_FUNCTIONS",
    "alternating_series_bound",
    "geometric_series",
    "machine_epsilon",
    "one_minus_cos",
    "one_minus_cos_naive",
    "partial_sums",
    "taylor_polynomial",
    "taylor_remainder_bound",
]

TAYLOR_FUNCTIONS = ("exp", "sin", "cos", "log1p")


def partial_sums(terms) -> np.ndarray:
    r"""The partial sums :math:`S_n = \sum_{k=0}^{n-1} a_k` for :math:`n = 1, \dots, N`.

    Parameters
    ----------
    terms : array_like, shape (N,)
        :math:`a_0, \dots, a_{N-1}`.

    Returns
    -------
    ndarray, shape (N,)
        ``S[n-1]`` is the sum of the first ``n`` terms (``numpy.cumsum``).
    """
    return np.cumsum(as_float_array(terms, "terms", ndim=1))


def geometric_series(r: float, n: int) -> tuple[np.ndarray, float, np.ndarray]:
    r"""Partial sums of :math:`\sum_k r^k`, the limit :math:`1/(1-r)`, and the exact errors.

    .. math:: S_n = \sum_{k=0}^{n-1} r^k = \frac{1 - r^n}{1 - r}, \qquad
              \frac{1}{1-r} - S_n = \frac{r^n}{1-r} \quad (|r| < 1).

    Returns
    -------
    sums : ndarray, shape (n,)
        :math:`S_1, \dots, S_n`.
    limit : float
    error : ndarray, shape (n,)
        :math:`r^k/(1-r)` for :math:`k = 1..n`, the error after :math:`k` terms.
    """
    r = check_real(r, "r")
    if not abs(r) < 1:
        raise InputError(f"the geometric series converges only for |r| < 1, got r={r}")
    n = check_count(n, "n", 1)
    k = np.arange(n)
    sums = partial_sums(r**k)
    return sums, 1.0 / (1.0 - r), r ** (k + 1) / (1.0 - r)


def alternating_series_bound(terms) -> tuple[np.ndarray, np.ndarray]:
    r"""Partial sums of :math:`\sum (-1)^k b_k` and Leibniz's error bound :math:`|S - S_n| \le b_n`.

    Parameters
    ----------
    terms : array_like, shape (N,)
        :math:`b_0, b_1, \dots \ge 0`, decreasing (to 0 in the limit).

    Returns
    -------
    sums : ndarray, shape (N - 1,)
        :math:`S_n` for :math:`n = 1..N-1`.
    bounds : ndarray, shape (N - 1,)
        :math:`b_n`, the bound on :math:`|S - S_n|`.
    """
    b = as_float_array(terms, "terms", ndim=1)
    if b.size < 2 or np.any(b < 0) or np.any(np.diff(b) > 0):
        raise InputError("terms must be at least two non-negative, non-increasing numbers")
    signs = np.where(np.arange(b.size) % 2 == 0, 1.0, -1.0)
    return np.cumsum(signs * b)[:-1], b[1:]


def _taylor_coefficients(name: str, n: int) -> np.ndarray:
    """Coefficients :math:`f^{(k)}(0)/k!`, k = 0..n, of exp, sin, cos, log(1+x) at 0."""
    k = np.arange(n + 1)
    fact = np.array([float(factorial(i)) if i <= 170 else np.inf for i in k])  # 171! > max float
    if name == "exp":
        return 1.0 / fact
    if name == "sin":  # 0, 1, 0, -1/3!, ...
        return np.where(k % 2 == 1, (-1.0) ** ((k - 1) // 2), 0.0) / fact
    if name == "cos":
        return np.where(k % 2 == 0, (-1.0) ** (k // 2), 0.0) / fact
    # log(1+x) = x - x²/2 + x³/3 - ...
    c = np.zeros(n + 1)
    c[1:] = (-1.0) ** (k[1:] + 1) / k[1:]
    return c


def taylor_polynomial(name: str, x, n: int) -> np.ndarray:
    r"""The degree-``n`` Taylor polynomial at 0 of ``name`` ∈ {exp, sin, cos, log1p}, at ``x``.

    .. math:: T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(0)}{k!} x^k,

    evaluated by Horner's rule :math:`c_0 + x(c_1 + x(c_2 + \dots))` (``n`` multiply-adds).
    """
    if name not in TAYLOR_FUNCTIONS:
        raise InputError(f"name must be one of {TAYLOR_FUNCTIONS}, got {name!r}")
    n = check_count(n, "n", 0)
    x = as_float_array(x, "x")
    if name == "log1p" and np.any(x <= -1):
        raise InputError("log(1 + x) needs x > -1")
    c = _taylor_coefficients(name, n).astype(x.dtype)
    out = np.full_like(x, c[-1])
    with np.errstate(over="ignore", invalid="ignore"):  # a huge |x|: the polynomial is ±inf
        for ck in c[-2::-1]:  # Horner: one vector operation per degree
            out = out * x + ck
    return out


def taylor_remainder_bound(name: str, x, n: int) -> np.ndarray:
    r"""Lagrange's bound on :math:`|f(x) - T_n(x)|` for the Taylor polynomials at 0.

    - exp: :math:`e^{\max(x,0)}\,|x|^{n+1}/(n+1)!`
    - sin, cos: :math:`|x|^{n+1}/(n+1)!` (every derivative is bounded by 1)
    - log1p, :math:`f^{(n+1)}(\xi) = (-1)^n n!/(1+\xi)^{n+1}`:
      :math:`\dfrac{|x|^{n+1}}{(n+1)\,\min(1, 1+x)^{n+1}}` for :math:`x > -1`.
    """
    if name not in TAYLOR_FUNCTIONS:
        raise InputError(f"name must be one of {TAYLOR_FUNCTIONS}, got {name!r}")
    x = as_float_array(x, "x")
    n = check_count(n, "n", 0)
    if name == "log1p" and np.any(x <= -1):
        raise InputError("log(1 + x) needs x > -1")
    # in logarithms, so that neither |x|^(n+1) nor (n+1)! overflows on the way
    with np.errstate(divide="ignore"):
        log_power = (n + 1) * np.log(np.abs(x))  # -inf at x = 0: a bound of 0
        if name == "exp":
            log_bound = np.maximum(x, 0.0) + log_power - lgamma(n + 2)
        elif name in ("sin", "cos"):
            log_bound = log_power - lgamma(n + 2)
        else:
            log_bound = log_power - np.log(n + 1) - (n + 1) * np.log(np.minimum(1.0, 1.0 + x))
    with np.errstate(over="ignore"):  # inf is the honest bound for a huge |x|
        return np.exp(log_bound).astype(x.dtype)


def machine_epsilon(dtype=np.float64) -> float:
    r"""Find :math:`\varepsilon` by measurement: halve :math:`e` while :math:`1 + e/2 \ne 1`.

    The result is the gap between 1 and the next representable number, :math:`2^{-52}` for
    float64 and :math:`2^{-23}` for float32 (``numpy.finfo(dtype).eps``).
    """
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise InputError(f"dtype must be a floating-point type, got {dtype!r}") from None
    if not np.issubdtype(dtype, np.floating):
        raise InputError(f"dtype must be a floating-point type, got {dtype}")
    one, two = dtype.type(1), dtype.type(2)
    eps = one
    while one + eps / two != one:
        eps = eps / two
    return float(eps)


def one_minus_cos_naive(x) -> np.ndarray:
    r""":math:`1 - \cos x` as written: for :math:`|x| < 10^{-8}` it returns 0 (total cancellation)."""
    return 1.0 - np.cos(as_float_array(x, "x"))


def one_minus_cos(x) -> np.ndarray:
    r""":math:`1 - \cos x = 2\sin^2(x/2)`: the same number, computed without subtraction."""
    return 2.0 * np.sin(as_float_array(x, "x") / 2.0) ** 2
