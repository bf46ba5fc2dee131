"""Reference solutions, chapter 11 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def radius_inside(x, a, b, left_closed=True, right_closed=True):
    r"""The largest :math:`r` with :math:`(x - r, x + r)` inside the interval from ``a`` to ``b``.

    The interval is :math:`[a, b]`, :math:`(a, b]`, :math:`[a, b)` or :math:`(a, b)` as
    ``left_closed`` and ``right_closed`` say; ``a = -inf`` or ``b = inf`` is an unbounded end
    (never attained). A set :math:`U` is *open* when every point of it has a positive radius:

    .. math:: r(x) = \begin{cases} \min(x - a,\ b - x) & x \in U \\ 0 & x \notin U \end{cases}

    so :math:`r = 0` at an end that belongs to the interval, and for points outside it.

    Parameters
    ----------
    x, a, b : float
    left_closed, right_closed : bool

    Returns
    -------
    float (``inf`` for every point of :math:`\mathbb{R} = (-\infty, \infty)`)

    Hint: decide membership first — at each end, ``x`` is in when it is strictly inside, or
    equal to an end that is closed and finite.
    """
    x, a, b = float(x), float(a), float(b)
    inside_left = a < x or (left_closed and x == a and np.isfinite(a))
    inside_right = x < b or (right_closed and x == b and np.isfinite(b))
    if not (inside_left and inside_right):
        return 0.0
    return float(min(x - a, b - x))


def delta_for_square(x0, eps):
    r"""The largest :math:`\delta` for :math:`f(x) = x^2` at ``x0``: the continuity game, solved.

    For every :math:`\varepsilon > 0` we need :math:`\delta > 0` with

    .. math:: |x - x_0| < \delta \implies |x^2 - x_0^2| < \varepsilon .

    The bound breaks first on the side away from 0, at :math:`|x| = \sqrt{x_0^2 + \varepsilon}`,
    so the largest :math:`\delta` is

    .. math:: \delta = \sqrt{x_0^2 + \varepsilon} - |x_0|
              = \frac{\varepsilon}{\sqrt{x_0^2 + \varepsilon} + |x_0|} .

    Parameters
    ----------
    x0 : float
        Any real number, :math:`10^{200}` included.
    eps : float
        Positive.

    Returns
    -------
    float

    Hint: the first form subtracts two nearly equal numbers when :math:`|x_0| \gg \sqrt\varepsilon`
    (at :math:`x_0 = 10^8, \varepsilon = 10^{-3}` it gives 0); use the second, and compute
    :math:`\sqrt{x_0^2 + \varepsilon}` as ``np.hypot(x0, np.sqrt(eps))`` so that :math:`x_0^2`
    cannot overflow.
    """
    x0, eps = abs(float(x0)), float(eps)
    return float(eps / (np.hypot(x0, np.sqrt(eps)) + x0))


def bisect(f, a, b, *, xtol=2e-12, maxiter=200):
    r"""A root of a continuous ``f`` in :math:`[a, b]`, :math:`f(a) f(b) < 0`, by bisection.

    Each step evaluates :math:`f` at the midpoint :math:`m = a + (b - a)/2` and keeps the half
    whose ends still have opposite signs (the intermediate value theorem puts a root there).
    After :math:`n` halvings, the midpoint of the bracket :math:`[a_n, b_n]` is within

    .. math:: \frac{b_n - a_n}{2} = \frac{b - a}{2^{n+1}}

    of a root — a guaranteed error bound. Stop when the bound is at most ``xtol``, after
    ``maxiter`` halvings, when the bracket can no longer shrink in floating point, or on an
    exact zero :math:`f(m) = 0` (then the bound is 0). The arguments are
    ``scipy.optimize.bisect``'s; ``foundations.calculus.bisect`` returns a ``BisectionResult``
    with these two numbers among its fields.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    a, b : float
        The bracket, ``a < b``.
    xtol : float
    maxiter : int

    Returns
    -------
    root : float
        The midpoint of the last bracket (or an exact zero).
    error_bound : float
        Half the last bracket's width: a root lies within it of ``root``.

    Raises
    ------
    ValueError
        If :math:`f(a)` and :math:`f(b)` do not have opposite signs (no bracket), or one is NaN.

    Hint: compare *signs* (``np.sign``), not the product :math:`f(a)f(b)`, which underflows
    to 0 for :math:`f = \pm 10^{-200}`; and :math:`(a + b)/2` overflows for
    :math:`a, b \approx 10^{308}`. A small :math:`|f(m)|` says nothing about the distance to the
    root — only the bracket does.
    """
    a, b = float(a), float(b)
    sa, sb = np.sign(f(a)), np.sign(f(b))
    if np.isnan(sa) or np.isnan(sb):
        raise ValueError(f"f is NaN at an end of [{a}, {b}]")
    if sa == 0:
        return a, 0.0
    if sb == 0:
        return b, 0.0
    if sa == sb:
        raise ValueError(f"f(a) and f(b) have the same sign: [{a}, {b}] brackets no root")
    for _ in range(maxiter):
        m = a + (b - a) / 2
        if (b - a) / 2 <= xtol or m in (a, b):  # done, or the bracket cannot shrink
            break
        sm = np.sign(f(m))
        if sm == 0:
            return m, 0.0
        if sm == sa:
            a = m
        else:
            b = m
    return a + (b - a) / 2, (b - a) / 2


def numerical_limit(f, a, *, side="right", h0=0.1, n_levels=8):
    r"""Estimate the one-sided limit :math:`\lim_{x \to a^\pm} f(x)` by Richardson extrapolation.

    Sample :math:`T_{k,0} = f(a \pm h_k)` at :math:`h_k = h_0 / 2^k`, :math:`k = 0, \dots,
    n - 1` (``n = n_levels``). If :math:`f(a + h) = L + c_1 h + c_2 h^2 + \dots`, each column
    of the table

    .. math:: T_{k,j} = T_{k,j-1} + \frac{T_{k,j-1} - T_{k-1,j-1}}{2^j - 1}, \qquad 1 \le j \le k,

    removes the next power of :math:`h`; return :math:`T_{n-1,n-1}`. ``f`` is never evaluated
    at ``a`` itself (it is often :math:`0/0` there).

    Parameters
    ----------
    f : callable
        A vectorised scalar function (called on floats or an array of points).
    a : float
    side : {"right", "left"}
        :math:`x \to a^+` samples :math:`a + h_k`, :math:`x \to a^-` samples :math:`a - h_k`.
    h0 : float
    n_levels : int

    Returns
    -------
    float

    Hint: keep the table as a list of rows; row :math:`k` is built from the new sample and
    row :math:`k-1`. Check your table on :math:`\sin x / x` at 0 — and on a function that
    jumps at 0.
    """
    sign = {"right": 1.0, "left": -1.0}[side]
    h = h0 / 2.0 ** np.arange(n_levels)
    samples = np.asarray(f(a + sign * h), dtype=float)
    previous = [samples[0]]
    for k in range(1, n_levels):
        row = [samples[k]]
        for j in range(1, k + 1):
            row.append(row[j - 1] + (row[j - 1] - previous[j - 1]) / (2.0**j - 1))
        previous = row
    return float(previous[-1])
