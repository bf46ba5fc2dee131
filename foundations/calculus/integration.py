r"""Integration (chapter 14): Riemann sums, Newton–Cotes rules, adaptive Simpson, Monte Carlo.

Split :math:`[a, b]` into :math:`n` pieces of width :math:`h = (b-a)/n` and replace :math:`f` on
each by something integrable exactly. Composite rules and their errors for smooth :math:`f`:

- left / right Riemann sums :math:`h\sum_{i=0}^{n-1} f(x_i)`, :math:`h\sum_{i=1}^{n} f(x_i)`:
  error :math:`O(h)`, exact for constants;
- midpoint :math:`h\sum_i f(x_i + h/2)`: :math:`O(h^2)`, exact for degree :math:`\le 1`;
- trapezoid :math:`h\,[\tfrac12 f_0 + f_1 + \dots + f_{n-1} + \tfrac12 f_n]`: :math:`O(h^2)`,
  exact for degree :math:`\le 1`;
- Simpson (:math:`n` even) :math:`\tfrac h3[f_0 + 4f_1 + 2f_2 + \dots + 4f_{n-1} + f_n]`:
  :math:`O(h^4)`, exact for degree :math:`\le 3`;
- Monte Carlo :math:`(b-a)\,\overline{f(U)}`, :math:`U \sim \text{Uniform}(a,b)`:
  :math:`O(n^{-1/2})`, in probability.

Doubling :math:`n` divides an :math:`O(h^p)` error by :math:`2^p`; :func:`observed_order` measures
:math:`p` that way. Monte Carlo's :math:`n^{-1/2}` does not depend on the dimension, which is why
it wins for high-dimensional expectations.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from ..errors import InputError
from ..validation import check_rng
from ._checks import check_callable, check_count, check_real, check_tol, values_like

__all__ = [
    "RULES",
    "IntegrationWarning",
    "adaptive_simpson",
    "integrate",
    "monte_carlo_integral",
    "observed_order",
    "riemann_sum",
    "simpson_rule",
    "trapezoid_rule",
]


class IntegrationWarning(UserWarning):
    """A quadrature stopped before its error estimate met the tolerance (as in SciPy)."""


def _check(f, a, b, n, *, even: bool = False) -> tuple[float, float, int]:
    check_callable(f)
    a, b = check_real(a, "a"), check_real(b, "b")
    if not np.isfinite(b - a):
        raise InputError(f"the interval [{a:g}, {b:g}] is too wide for floating point")
    n = check_count(n, "n", 1)
    if even and n % 2:
        raise InputError(f"Simpson's rule needs an even number of intervals, got n={n}")
    return a, b, n


def _values(f, x: np.ndarray) -> np.ndarray:
    return values_like(f, x, "f").astype(float, copy=False)


def riemann_sum(f: Callable, a: float, b: float, n: int, rule: str = "midpoint") -> float:
    r"""Riemann sum :math:`h\sum_i f(\xi_i)` with :math:`\xi_i` the left end, right end or midpoint.

    ``f`` is called once, on the array of all :math:`n` sample points.
    """
    a, b, n = _check(f, a, b, n)
    offset = {"left": 0.0, "right": 1.0, "midpoint": 0.5}.get(rule)
    if offset is None:
        raise InputError(f"rule must be 'left', 'right' or 'midpoint', got {rule!r}")
    h = (b - a) / n
    x = a + (np.arange(n) + offset) * h
    return float(h * np.sum(_values(f, x)))


def trapezoid_rule(f: Callable, a: float, b: float, n: int) -> float:
    r"""Composite trapezoid rule :math:`h\,[\tfrac12 f(x_0) + f(x_1) + \dots + f(x_{n-1}) + \tfrac12 f(x_n)]`.

    Error :math:`-\frac{(b-a)h^2}{12} f''(\xi)`.
    """
    a, b, n = _check(f, a, b, n)
    y = _values(f, np.linspace(a, b, n + 1))
    h = (b - a) / n
    return float(h * (np.sum(y) - 0.5 * (y[0] + y[-1])))


def simpson_rule(f: Callable, a: float, b: float, n: int) -> float:
    r"""Composite Simpson rule, ``n`` even: :math:`\tfrac h3[f_0 + 4f_1 + 2f_2 + 4f_3 + \dots + 4f_{n-1} + f_n]`.

    It integrates the parabola through each three consecutive points; error
    :math:`-\frac{(b-a)h^4}{180} f^{(4)}(\xi)`, so cubics are integrated exactly.
    """
    a, b, n = _check(f, a, b, n, even=True)
    y = _values(f, np.linspace(a, b, n + 1))
    h = (b - a) / n
    return float(h / 3 * (y[0] + y[-1] + 4 * np.sum(y[1:-1:2]) + 2 * np.sum(y[2:-1:2])))


#: Breakpoints of the first subdivision of adaptive Simpson, as fractions of [a, b]: uneven and
#: irrational (multiples of the golden ratio mod 1, sorted), so that no periodic integrand with a
#: period of the form (b - a) / 2^k can make every first sample coincide with its zeros.
_FIRST_BREAKS = np.sort(np.mod(np.arange(1, 7) * (np.sqrt(5.0) - 1.0) / 2.0, 1.0))


def _simpson_panels(left, right, fl, fm, fr):
    return (right - left) / 6 * (fl + 4 * fm + fr)


def adaptive_simpson(
    f: Callable,
    a: float,
    b: float,
    *,
    tol: float = 1e-10,
    max_depth: int = 50,
    max_evals: int = 1_000_000,
) -> tuple[float, float, int]:
    r"""Adaptive Simpson quadrature: refine only where the integrand needs it.

    On a panel :math:`[l, r]` with midpoint :math:`m`, compare one Simpson panel :math:`S(l, r)`
    with two, :math:`S_2 = S(l, m) + S(m, r)`. Since the error is :math:`O(h^5)` per panel,
    :math:`I - S_2 \approx (S_2 - S)/15`; accept :math:`S_2 + (S_2 - S)/15` (Richardson) when
    :math:`|S_2 - S| \le 15\,\text{tol}_{\text{panel}}`, the panel's share of ``tol`` in
    proportion to its width, otherwise split it.

    Any rule that samples :math:`f` at finitely many points can be fooled: the original
    algorithm, started on :math:`[a, b]` alone, sees :math:`\sin^2(8\pi x)` on :math:`[0, 1]` only
    at its zeros, :math:`S = S_2 = 0`, and accepts 0 for :math:`\tfrac12`. Here the first
    subdivision is into 7 uneven panels with irrational breakpoints (:data:`_FIRST_BREAKS`), and
    no panel is accepted before it has been split once, so the first comparison already sees
    :math:`5 \cdot 7 \cdot 2` uneven samples.

    Panels still to examine are processed a generation at a time, all of them in one vectorised
    call of ``f``.

    Parameters
    ----------
    f : callable
        Vectorised integrand, finite on :math:`[a, b]`.
    a, b : float
        Finite limits (``a > b`` gives minus the integral over :math:`[b, a]`).
    tol : float
        The absolute error wanted.
    max_depth : int
        The most bisections of a first-level panel.
    max_evals : int
        The most evaluations of ``f``.

    Returns
    -------
    value : float
    error_estimate : float
        Sum of :math:`|S_2 - S|/15` over the accepted panels.
    n_evals : int
        Number of function evaluations.

    Warns
    -----
    IntegrationWarning
        When ``max_depth`` or ``max_evals`` stopped the refinement before every panel met its
        share of ``tol`` (the error estimate then exceeds ``tol`` or cannot be trusted).
    """
    a, b, _ = _check(f, a, b, 1)
    tol = check_tol(tol)
    max_depth = check_count(max_depth, "max_depth", 1)
    max_evals = check_count(max_evals, "max_evals", 35)
    if a == b:
        return 0.0, 0.0, 0
    edges = a + (b - a) * np.concatenate([[0.0], _FIRST_BREAKS, [1.0]])
    left, right = edges[:-1], edges[1:]
    mid = left + (right - left) / 2
    fl, fm, fr = (_values(f, x) for x in (left, mid, right))
    whole = _simpson_panels(left, right, fl, fm, fr)
    tols = tol * (np.abs(right - left) / abs(b - a))  # the share of each panel, no overflow
    total, err_total, n_evals, forced = 0.0, 0.0, 3 * left.size, False
    for depth in range(max_depth + 1):
        lm, rm = left + (mid - left) / 2, mid + (right - mid) / 2
        flm, frm = _values(f, lm), _values(f, rm)
        n_evals += 2 * left.size
        s_left = _simpson_panels(left, mid, fl, flm, fm)
        s_right = _simpson_panels(mid, right, fm, frm, fr)
        two = s_left + s_right
        diff = two - whole
        last = depth == max_depth or n_evals + 4 * left.size > max_evals
        done = (np.abs(diff) <= 15 * tols) & (depth > 0) | last
        forced = forced or bool(last and np.any(np.abs(diff) > 15 * tols))
        total += float(np.sum(two[done] + diff[done] / 15))
        err_total += float(np.sum(np.abs(diff[done]) / 15))
        keep = ~done
        if not np.any(keep):
            break
        # Each unfinished panel becomes two: [left, mid] and [mid, right].
        left, mid, right = (
            np.concatenate([left[keep], mid[keep]]),
            np.concatenate([lm[keep], rm[keep]]),
            np.concatenate([mid[keep], right[keep]]),
        )
        fl, fm, fr = (
            np.concatenate([fl[keep], fm[keep]]),
            np.concatenate([flm[keep], frm[keep]]),
            np.concatenate([fm[keep], fr[keep]]),
        )
        whole = np.concatenate([s_left[keep], s_right[keep]])
        tols = np.concatenate([tols[keep], tols[keep]]) / 2
    if forced:
        warnings.warn(
            f"adaptive_simpson stopped at max_depth={max_depth} or max_evals={max_evals} before "
            f"every panel met its tolerance; the error estimate is {err_total:.2g}",
            IntegrationWarning,
            stacklevel=2,
        )
    return total, err_total, n_evals


def monte_carlo_integral(
    f: Callable, a: float, b: float, n: int, *, random_state=None
) -> tuple[float, float]:
    r"""Monte Carlo estimate :math:`(b-a)\frac1n\sum_i f(U_i)`, :math:`U_i \sim \text{Uniform}(a, b)`.

    Returns the estimate and its standard error :math:`(b-a)\,s/\sqrt n` (:math:`s` the sample
    standard deviation of :math:`f(U_i)`): the error shrinks like :math:`n^{-1/2}`.
    """
    a, b, n = _check(f, a, b, n)
    if n < 2:
        raise InputError("Monte Carlo needs n >= 2 samples for a standard error")
    rng = check_rng(random_state)
    y = _values(f, rng.uniform(min(a, b), max(a, b), size=n))  # a > b: minus the integral
    return float((b - a) * y.mean()), float(abs(b - a) * y.std(ddof=1) / np.sqrt(n))


RULES = {
    "left": lambda f, a, b, n: riemann_sum(f, a, b, n, "left"),
    "right": lambda f, a, b, n: riemann_sum(f, a, b, n, "right"),
    "midpoint": lambda f, a, b, n: riemann_sum(f, a, b, n, "midpoint"),
    "trapezoid": trapezoid_rule,
    "simpson": simpson_rule,
}


def integrate(f: Callable, a: float, b: float, n: int = 100, rule: str = "simpson") -> float:
    """Integrate ``f`` over ``[a, b]`` with one of the composite ``RULES`` on ``n`` intervals."""
    if not isinstance(rule, str) or rule not in RULES:
        raise InputError(f"rule must be one of {sorted(RULES)}, got {rule!r}")
    return RULES[rule](f, a, b, n)


def observed_order(f: Callable, a: float, b: float, exact: float, rule: str, ns) -> np.ndarray:
    r"""Measured orders :math:`p_k = \log_2(e_{n_k}/e_{2n_k})` for ``ns`` doubling each time.

    For a rule of order :math:`p`, halving :math:`h` divides the error by :math:`2^p`.
    """
    try:
        ns = np.asarray(ns)
    except (TypeError, ValueError):
        raise InputError("ns must be integers doubling at each entry, e.g. [8, 16, 32]") from None
    if ns.ndim != 1 or ns.size < 2 or ns.dtype.kind not in "iu" or np.any(ns[1:] != 2 * ns[:-1]):
        raise InputError("ns must be integers doubling at each entry, e.g. [8, 16, 32]")
    exact = check_real(exact, "exact")
    errors = np.array([abs(integrate(f, a, b, int(n), rule) - exact) for n in ns])
    if np.any(errors == 0):
        raise InputError(
            f"the {rule} rule is exact on this integrand: there is no order to observe"
        )
    return np.log2(errors[:-1] / errors[1:])
