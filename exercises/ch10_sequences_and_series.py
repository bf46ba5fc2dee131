"""Chapter 10 — Numbers, sequences and series: partial sums, error bounds, floating point.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch10            # or: python -m exercises.grader ch10

An infinite sum is the limit of its partial sums; a computer only ever has some :math:`S_n`,
so what matters is the error :math:`|S - S_n|` — and the rounding of every operation, which
:func:`machine_epsilon` measures. Use NumPy (``np.cumsum``, ``np.sin``, ``math.factorial``).
"""

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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
