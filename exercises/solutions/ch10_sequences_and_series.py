"""Reference solutions, chapter 10 — graded by ``nox -s grade -- --solutions``."""

from math import factorial

import numpy as np


def partial_sums(terms):
    r"""The partial sums :math:`S_n = \sum_{k=0}^{n-1} a_k` for :math:`n = 1, \dots, N`.

    Parameters
    ----------
    terms : ndarray, shape (N,)
        :math:`a_0, \dots, a_{N-1}`.

    Returns
    -------
    ndarray, shape (N,)
        ``S[n - 1]`` is the sum of the first ``n`` terms, so ``S[0] = a_0``.

    Hint: a running total (or ``np.cumsum``).
    """
    a = np.asarray(terms, dtype=float)
    sums = np.empty_like(a)
    total = 0.0
    for i, term in enumerate(a):
        total += term
        sums[i] = total
    return sums


def geometric_series(r, n):
    r"""The partial sums of :math:`\sum_k r^k`, its limit, and the exact error after each sum.

    .. math:: S_n = \sum_{k=0}^{n-1} r^k = \frac{1 - r^n}{1 - r}, \qquad
              \frac{1}{1-r} - S_n = \frac{r^n}{1-r} \quad (|r| < 1)

    Parameters
    ----------
    r : float
        :math:`|r| < 1`; otherwise the series diverges: raise ``ValueError``.
    n : int, n >= 1

    Returns
    -------
    sums : ndarray, shape (n,)
        :math:`S_1, \dots, S_n` (``sums[0] = r^0 = 1``, also for :math:`r = 0`).
    limit : float
        :math:`1/(1 - r)`.
    error : ndarray, shape (n,)
        ``error[k - 1]`` :math:`= r^k/(1-r)`, the error of :math:`S_k`.

    Hint: ``r ** np.arange(n)`` are the terms; mind which power the error of :math:`S_k` has.
    """
    if not abs(r) < 1:
        raise ValueError(f"the geometric series converges only for |r| < 1, got r = {r}")
    k = np.arange(n)
    sums = partial_sums(float(r) ** k)
    return sums, 1.0 / (1.0 - r), float(r) ** (k + 1) / (1.0 - r)


def _coefficients(name, n):
    k = np.arange(n + 1)
    fact = np.array([float(factorial(i)) for i in k])
    if name == "exp":
        return 1.0 / fact
    if name == "sin":  # 0, 1, 0, -1/3!, ...
        return np.where(k % 2 == 1, (-1.0) ** ((k - 1) // 2), 0.0) / fact
    if name == "cos":  # 1, 0, -1/2!, ...
        return np.where(k % 2 == 0, (-1.0) ** (k // 2), 0.0) / fact
    if name == "log1p":  # 0, 1, -1/2, 1/3, ...
        return np.concatenate([[0.0], (-1.0) ** (k[1:] + 1) / k[1:]])
    raise ValueError(f"unknown function {name!r}")


def taylor_polynomial(name, x, n):
    r"""The degree-``n`` Taylor polynomial at 0 of ``name`` ∈ {"exp", "sin", "cos", "log1p"}.

    .. math:: T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(0)}{k!} x^k

    with the coefficients :math:`1/k!` (exp); :math:`0, 1, 0, -1/3!, 0, 1/5!, \dots` (sin);
    :math:`1, 0, -1/2!, 0, 1/4!, \dots` (cos); :math:`0, 1, -1/2, 1/3, -1/4, \dots`
    (:math:`\log(1 + x)`). Evaluate it by Horner's rule,
    :math:`c_0 + x(c_1 + x(c_2 + \dots + x\,c_n))`: :math:`n` multiply-adds, no powers.

    Taylor's theorem bounds the error: :math:`|f(x) - T_n(x)| \le
    \max|f^{(n+1)}|\,|x|^{n+1}/(n+1)!` between 0 and :math:`x`.

    Parameters
    ----------
    name : str
    x : ndarray
    n : int, n >= 0

    Returns
    -------
    ndarray, shape of ``x``

    Hint: build the coefficient list ``c[0..n]`` (``n + 1`` of them: degree 0 is the constant
    :math:`f(0)`), then loop from ``c[n]`` down.
    """
    x = np.asarray(x, dtype=float)
    c = _coefficients(name, n)
    out = np.full_like(x, c[n])
    for ck in reversed(c[:-1]):  # Horner, from the top coefficient down
        out = out * x + ck
    return out


def machine_epsilon(dtype=np.float64):
    r"""Measure :math:`\varepsilon`, the gap between 1 and the next number of ``dtype``.

    Halve :math:`e` (starting from 1) while :math:`1 + e/2 \ne 1` *in that dtype*; the result is
    :math:`2^{-52}` for float64, :math:`2^{-23}` for float32 and :math:`2^{-10}` for float16 —
    ``np.finfo(dtype).eps``, which you must not call.

    Parameters
    ----------
    dtype : numpy floating type

    Returns
    -------
    float

    Hint: ``one = dtype(1)``, ``two = dtype(2)``; Python's own floats are always float64.
    """
    number = np.dtype(dtype).type  # arithmetic in this dtype, not in Python's float64
    one, two = number(1), number(2)
    eps = one
    while one + eps / two != one:
        eps = eps / two
    return float(eps)


def one_minus_cos(x):
    r""":math:`1 - \cos x`, accurate to a few ulps for every ``x`` — also for tiny ``x``.

    For :math:`|x| < 10^{-8}`, :math:`\cos x` rounds to exactly 1 and ``1 - np.cos(x)`` is 0
    (100 % relative error; the true value is about :math:`x^2/2`): subtracting nearly equal
    numbers cancels the correct digits and leaves the rounding. Rewrite it without the
    subtraction, with the half-angle identity :math:`1 - \cos x = 2\sin^2(x/2)`.

    Parameters
    ----------
    x : ndarray

    Returns
    -------
    ndarray, shape of ``x``

    Hint: one line.
    """
    return 2.0 * np.sin(np.asarray(x, dtype=float) / 2.0) ** 2
