r"""Topology, limits and continuity (chapter 11): numerical limits and bisection.

:math:`\lim_{x\to a} f(x) = L` means :math:`f(x)` gets arbitrarily close to :math:`L` as
:math:`x \to a`. Numerically we can only sample :math:`f(a + h_k)` for a shrinking sequence
:math:`h_k`; if :math:`f(a + h) = L + c_1 h + c_2 h^2 + \dots`, Richardson extrapolation combines
the samples to cancel the :math:`h, h^2, \dots` terms.

**Intermediate value theorem.** A continuous :math:`f` with :math:`f(a) f(b) < 0` has a root in
:math:`(a, b)`. Bisection keeps halving the bracket on the side of the sign change, so after
:math:`n` halvings the midpoint is within :math:`(b - a)/2^{n+1}` of a root: a guaranteed bound,
whatever :math:`f` looks like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ._checks import check_callable, check_count, check_real, check_tol, scalar_value, values_like

__all__ = ["BisectionResult", "bisect", "numerical_limit"]


#: The reported error is this many times the smallest difference in the Richardson table.
SAFETY = 3.0
#: The second run starts from this irrational fraction of h0 (1/ρ, ρ the plastic number).
SECOND_RUN = 0.7548776662466927


def _richardson(column: np.ndarray) -> tuple[float, float, int]:
    """The entry of the Richardson table with the smallest difference to its two neighbours,
    that difference, and the entry's column."""
    n = column.size
    table = [column]
    for j in range(1, n):  # one vector operation per column of the table
        column = column[1:] + (column[1:] - column[:-1]) / (2.0**j - 1.0)
        table.append(column)
    best_err, best, best_j = np.inf, float(table[-1][0]), n - 1
    for j in range(1, n):
        up = np.abs(table[j][1:] - table[j][:-1])  # same column, one level finer
        left = np.abs(table[j][1:] - table[j - 1][2:])  # same level, one column less
        if up.size:
            k = int(np.argmin(up + left))
            if up[k] + left[k] < best_err:
                best_err, best, best_j = float(up[k] + left[k]), float(table[j][k + 1]), j
    return best, best_err, best_j


def _noise(f, x: float, h: float, center: float) -> float:
    r"""The rounding noise of ``f`` near ``x``: the scatter of five values within
    :math:`2^{-20} h` of ``x`` about their straight line (the smooth change is removed)."""
    offsets = h * 2.0**-20 * np.arange(5.0)
    y = values_like(f, x + offsets, "f") - center
    t = np.arange(5.0)
    residual = y - np.polyval(np.polyfit(t, y, 1), t)
    return float(np.max(np.abs(residual)))


def _fractional_order(column: np.ndarray, d: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    r"""One extrapolation step with the measured order :math:`p`, and its error estimate."""
    q = 2.0 ** float(np.median(p))
    extrapolated = column[1:] + d / (q - 1.0)
    spread = float(np.max(p) - np.min(p)) + 1e-6  # how far p is from settled
    sensitivity = abs(d[-1]) * q * np.log(2.0) / (q - 1.0) ** 2  # d(correction)/dp
    err = abs(extrapolated[-1] - extrapolated[-2]) + sensitivity * spread
    return float(extrapolated[-1]), float(err)


def _one_side(f, a: float, sign: float, h0: float, n_levels: int) -> tuple[float, float]:
    """The extrapolated one-sided limit from f(a + sign h0 / 2^k) and its error estimate."""
    eps = np.finfo(float).eps
    h = h0 / 2.0 ** np.arange(n_levels)
    where = "right" if sign > 0 else "left"
    points = a + sign * h
    if np.any(points == a):
        raise InputError(f"h0 / 2^{n_levels - 1} is below the float spacing at a={a}")
    try:
        column = values_like(f, points, "f")
    except InputError as exc:
        raise InputError(f"f is not finite near a={a} (on the {where}): {exc}") from None
    d = np.diff(column)
    settled = np.all(np.abs(d[-3:]) <= 8 * eps * np.abs(column[-3:]))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.log2(np.abs(d[-4:-1] / d[-3:]))[-3:]
    integer = not np.all(np.isfinite(p)) or (
        abs(np.median(p) - round(np.median(p))) <= 0.05 and round(np.median(p)) >= 1
    )
    if settled or integer:
        value, err, j = _richardson(column)
        # rounding in f, amplified by the table: |weights| of column j sum to
        # Π (2^m + 1)/(2^m - 1), m = 1..j
        gain = float(np.prod([(2.0**m + 1) / (2.0**m - 1) for m in range(1, j + 1)]))
        err += gain * _noise(f, points[-1], sign * h[-1], column[-1])
    else:
        value, err = _fractional_order(column, d, p)
    return value, SAFETY * err + 4 * eps * abs(value)


def numerical_limit(
    f: Callable, a: float, *, side: str = "both", h0: float = 0.1, n_levels: int = 8
) -> tuple[float, float]:
    r"""Estimate :math:`\lim_{x\to a} f(x)` by Richardson extrapolation of :math:`f(a \pm h_k)`.

    With :math:`h_k = h_0/2^k` and :math:`T_{k,0} = f(a + h_k)`, the table

    .. math:: T_{k,j} = T_{k,j-1} + \frac{T_{k,j-1} - T_{k-1,j-1}}{2^j - 1}

    removes the :math:`h^j` error term at column :math:`j`, assuming :math:`f(a+h)` has a power
    series in :math:`h`. The entry returned is the one that differs least from its two
    neighbours (the finest entries are spoiled by rounding when ``f`` cancels, as
    :math:`(1 - \cos h)/h^2` does); that rounding is measured, as the scatter of ``f`` at
    five points within :math:`2^{-20}h` of the finest sample, and added to the estimate with
    the table's amplification. The assumption is checked: the ratios of successive
    differences of :math:`T_{k,0}` give the leading order :math:`p` of :math:`f(a + h) - L`;
    when :math:`p` is not an integer (:math:`\sqrt h`, :math:`h \log h`), one step
    :math:`T_k + (T_k - T_{k-1})/(2^p - 1)` is taken instead. ``f`` is never evaluated at ``a``.

    Parameters
    ----------
    f : callable
        Scalar function (vectorised over an array of points).
    a : float
    side : {"both", "left", "right"}
        ``"both"`` averages the two one-sided estimates and reports their gap.
    h0 : float
        The largest offset.
    n_levels : int
        Number of values of ``h`` (at least 5: the order check needs four differences).

    Returns
    -------
    limit : float
    error_estimate : float
        :data:`SAFETY` times the smallest table difference (or, for a fractional order, the
        last change plus the effect of the uncertainty in :math:`p`), at least 4 ulps of the
        limit; for ``"both"`` at least the gap between the two sides.
    """
    check_callable(f)
    if side not in ("both", "left", "right"):
        raise InputError(f"side must be 'both', 'left' or 'right', got {side!r}")
    a = check_real(a, "a")
    h0 = check_real(h0, "h0", low=0.0, low_open=True)
    n_levels = check_count(n_levels, "n_levels", 5)

    def one_side(sign: float) -> tuple[float, float]:
        # Two independent runs, the second from an irrational fraction of h0: rounding that is
        # the same at every nearby point (f cancelling a fixed, rounded value, as (g(x) - g(a))/h
        # does) scales like 1/h and shows up as a difference between the two.
        v1, e1 = _one_side(f, a, sign, h0, n_levels)
        v2, e2 = _one_side(f, a, sign, h0 * SECOND_RUN, n_levels)
        return v1, max(e1, e2, SAFETY * abs(v1 - v2))

    if side == "right":
        return one_side(1.0)
    if side == "left":
        return one_side(-1.0)
    (r, er), (l, el) = one_side(1.0), one_side(-1.0)
    return 0.5 * (r + l), max(er, el, abs(r - l))


@dataclass
class BisectionResult:
    r"""The result of :func:`bisect`.

    Attributes
    ----------
    root : float
        The midpoint of the final bracket.
    bracket : tuple of float
        The final bracket :math:`[a_n, b_n]` with a sign change.
    error_bound : float
        :math:`(b_n - a_n)/2`: a root lies within this distance of ``root`` (guaranteed).
    n_iter : int
    history : ndarray, shape (n_iter,)
        The midpoints tried.
    """

    root: float
    bracket: tuple[float, float]
    error_bound: float
    n_iter: int
    history: np.ndarray = field(repr=False)


def bisect(
    f: Callable, a: float, b: float, *, xtol: float = 2e-12, maxiter: int = 200
) -> BisectionResult:
    r"""Find a root of a continuous ``f`` in :math:`[a, b]` with :math:`f(a)f(b) < 0` by bisection.

    Each step evaluates :math:`f(m)` at :math:`m = (a+b)/2` and keeps the half with the sign
    change. After :math:`n` steps :math:`|m_n - x^*| \le (b - a)/2^{n+1}`, so reaching ``xtol``
    takes :math:`\lceil \log_2((b-a)/\text{xtol}) \rceil - 1` steps. (``scipy.optimize.bisect``'s
    arguments; it stops early on an exact zero or when the bracket cannot shrink in floating
    point.)

    Raises
    ------
    InputError
        If :math:`f(a)` and :math:`f(b)` have the same sign (no bracket), or are not finite.
    """
    check_callable(f)
    a, b = check_real(a, "a"), check_real(b, "b")
    if a >= b:
        raise InputError(f"need finite a < b, got a={a}, b={b}")
    xtol = check_tol(xtol, "xtol")
    maxiter = check_count(maxiter, "maxiter", 0)
    fa, fb = (scalar_value(f(x), f"f({x!r})", finite=False) for x in (a, b))
    if not (np.isfinite(fa) and np.isfinite(fb)):
        raise InputError(f"f(a)={fa} and f(b)={fb} must be finite")
    if fa == 0:
        return BisectionResult(a, (a, a), 0.0, 0, np.array([]))
    if fb == 0:
        return BisectionResult(b, (b, b), 0.0, 0, np.array([]))
    if np.sign(fa) == np.sign(fb):
        raise InputError(
            f"f(a)={fa:.3g} and f(b)={fb:.3g} have the same sign: [a, b] does not bracket a root"
        )
    history = []
    for _ in range(maxiter):
        if (b - a) / 2 <= xtol:
            break
        m = a + (b - a) / 2
        if m <= a or m >= b:  # adjacent floats: the bracket cannot shrink further
            break
        fm = scalar_value(f(m), f"f({m!r})", finite=False)
        if not np.isfinite(fm):
            raise InputError(f"f({m}) is not finite; f must be continuous on [a, b]")
        history.append(m)
        if fm == 0:
            return BisectionResult(m, (m, m), 0.0, len(history), np.asarray(history))
        if np.sign(fm) == np.sign(fa):
            a, fa = m, fm
        else:
            b = m
    return BisectionResult(a + (b - a) / 2, (a, b), (b - a) / 2, len(history), np.asarray(history))
