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

__all__ = ["BisectionResult", "bisect", "numerical_limit"]


def numerical_limit(
    f: Callable, a: float, *, side: str = "both", h0: float = 0.1, n_levels: int = 8
) -> tuple[float, float]:
    r"""Estimate :math:`\lim_{x\to a} f(x)` by Richardson extrapolation of :math:`f(a \pm h_k)`.

    With :math:`h_k = h_0/2^k` and :math:`T_{k,0} = f(a + h_k)`, the table

    .. math:: T_{k,j} = T_{k,j-1} + \frac{T_{k,j-1} - T_{k-1,j-1}}{2^j - 1}

    removes the :math:`h^j` error term at column :math:`j` (assuming :math:`f(a+h)` has a power
    series in :math:`h`). ``f`` is never evaluated at ``a`` itself.

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
        Number of halvings of ``h``.

    Returns
    -------
    limit : float
    error_estimate : float
        Difference of the last two diagonal entries (and of the two sides, for ``"both"``).
    """
    if side not in ("both", "left", "right"):
        raise InputError(f"side must be 'both', 'left' or 'right', got {side!r}")
    if not (np.isfinite(a) and np.isfinite(h0) and h0 > 0) or n_levels < 2:
        raise InputError("a must be finite, h0 > 0 and n_levels >= 2")

    def one_side(sign: float) -> tuple[float, float]:
        h = h0 / 2.0 ** np.arange(n_levels)
        column = np.asarray(f(a + sign * h), dtype=float)
        if column.shape != h.shape or not np.all(np.isfinite(column)):
            raise InputError(
                f"f is not finite near a={a} (on the {'right' if sign > 0 else 'left'})"
            )
        diagonal = [column[0]]
        for j in range(1, n_levels):  # one vector operation per column of the table
            column = column[1:] + (column[1:] - column[:-1]) / (2.0**j - 1.0)
            diagonal.append(column[0])
        return float(diagonal[-1]), float(abs(diagonal[-1] - diagonal[-2]))

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
    a, b = float(a), float(b)
    if not (np.isfinite(a) and np.isfinite(b)) or a >= b:
        raise InputError(f"need finite a < b, got a={a}, b={b}")
    if not xtol > 0:
        raise InputError(f"xtol must be positive, got {xtol}")
    fa, fb = float(f(a)), float(f(b))
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
        fm = float(f(m))
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
