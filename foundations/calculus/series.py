r"""Convergence tests for series, and series that diverge (chapter 10).

Whether :math:`\sum_k a_k` converges is a statement about the *tail*; the classical tests turn it
into a limit:

- **n-th term test**: if :math:`a_k \not\to 0` the series diverges (the converse fails:
  :math:`\sum 1/k` diverges although :math:`1/k \to 0`);
- **ratio test**: :math:`\rho = \lim |a_{k+1}/a_k|`; :math:`\rho < 1` converges (absolutely),
  :math:`\rho > 1` diverges, :math:`\rho = 1` says nothing;
- **root test**: :math:`\rho = \lim |a_k|^{1/k}`, the same conclusions (it decides every series
  the ratio test decides, and some more);
- **comparison**: if :math:`0 \le a_k \le b_k` and :math:`\sum b_k` converges so does
  :math:`\sum a_k`; in the *limit* form, :math:`a_k/b_k \to c \in (0, \infty)` means the two
  series converge or diverge together.

A computation cannot take :math:`k \to \infty`. These functions evaluate the quantity at
:math:`k = k_0, 2k_0, 4k_0, \dots`, extrapolate in :math:`h = 1/k` with the Richardson table of
:func:`~foundations.calculus.numerical_limit`, and decide only when the extrapolated limit
*plus or minus its error estimate* is on one side of 1. A :math:`\rho` within that error of 1
— the :math:`p`-series :math:`\sum k^{-p}` for every :math:`p` — is reported ``"inconclusive"``,
which is the mathematics, not a numerical failure. The verdict is a numerical reading of the
tail from :math:`k_0` to :math:`2^{\text{levels}-1}k_0`, not a proof.

Divergent examples: the harmonic series, whose partial sums :math:`H_n = \log n + \gamma +
O(1/n)` grow without bound but only logarithmically (:func:`harmonic_numbers`: :math:`H_n`
passes 20 only after :math:`n \approx 2.7\cdot 10^8` terms), and :math:`\sum (-1)^k`, whose
partial sums oscillate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ._checks import check_callable, check_count, values_like
from .limits import SAFETY, _richardson

__all__ = [
    "SeriesTestResult",
    "comparison_test",
    "harmonic_numbers",
    "nth_term_test",
    "ratio_test",
    "root_test",
]

VERDICTS = ("converges", "diverges", "inconclusive")


@dataclass
class SeriesTestResult:
    r"""The outcome of a convergence test.

    Attributes
    ----------
    test : str
        ``"ratio"``, ``"root"``, ``"comparison"`` or ``"n-th term"``.
    statistic : float
        The extrapolated limit (:math:`\rho`, :math:`c` or :math:`\lim a_k`).
    error : float
        Its error estimate.
    verdict : {"converges", "diverges", "inconclusive"}
    message : str
    """

    test: str
    statistic: float
    error: float
    verdict: str
    message: str


def _tail_points(k0, levels) -> np.ndarray:
    k0 = check_count(k0, "k0", 1)
    levels = check_count(levels, "levels", 4)
    k = k0 * 2.0 ** np.arange(levels)
    if k[-1] > 2.0**52:
        raise InputError("k0 * 2^(levels - 1) must stay below 2^52 (exact integers)")
    return k


def _log_terms(a: Callable, k: np.ndarray, log: bool, name: str) -> np.ndarray:
    """:math:`\\log|a_k|` at the points k (``a`` returns the terms or, if ``log``, their logs)."""
    check_callable(a, name)
    values = values_like(a, k, name, finite=False)
    if log:
        if np.any(np.isnan(values) | (values == np.inf)):
            raise InputError(f"{name} must return finite logarithms (or -inf for a zero term)")
        return values
    if not np.all(np.isfinite(values)):
        raise InputError(f"{name} is not finite at some k; pass log=True and return log|a_k|")
    with np.errstate(divide="ignore"):
        return np.log(np.abs(values))


def _extrapolate(values: np.ndarray, noise=0.0) -> tuple[float, float]:
    """The limit as k -> inf of values sampled at k0 2^j, and its error estimate.

    ``noise`` is the rounding error of each value (differences below it count as settled). A
    sequence whose last differences do not shrink (by at least a quarter per doubling of k)
    is not settling — it drifts like log k — and gets an infinite error; its limit is then
    ``inf`` or 0 if it drifts up or down (a positive sequence), else its last value.
    """
    d = np.diff(values)
    tiny = np.maximum(
        8 * np.finfo(float).eps * np.abs(values[1:]), 4 * np.broadcast_to(noise, values.shape)[1:]
    )
    if np.all(np.abs(d) <= tiny):
        return float(values[-1]), float(np.max(tiny))
    shrinking = np.all((np.abs(d[-2:]) <= 0.75 * np.abs(d[-3:-1])) | (np.abs(d[-2:]) <= tiny[-2:]))
    if not shrinking:
        if np.all(d[-3:] > 0):
            return np.inf, np.inf
        if np.all(d[-3:] < 0) and np.all(values > 0):
            return 0.0, np.inf
        return float(values[-1]), np.inf
    limit, err, _ = _richardson(values)
    # the table amplifies the rounding of the values by at most Π (2^m+1)/(2^m-1) < 10
    rounding = 10 * float(np.max(np.broadcast_to(noise, values.shape)))
    return limit, SAFETY * err + rounding + 4 * np.finfo(float).eps * abs(limit)


def _verdict(test: str, rho: float, err: float, below: str, above: str) -> SeriesTestResult:
    if rho + err < 1:
        verdict, why = below, f"{rho:.6g} + {err:.2g} < 1"
    elif rho - err > 1:
        verdict, why = above, f"{rho:.6g} - {err:.2g} > 1"
    else:
        verdict, why = "inconclusive", f"{rho:.6g} is within {err:.2g} of 1"
    return SeriesTestResult(test, rho, err, verdict, f"{test} test: the limit {why}")


def ratio_test(
    a: Callable, *, k0: int = 16, levels: int = 8, log: bool = False
) -> SeriesTestResult:
    r"""The ratio test: :math:`\rho = \lim_{k\to\infty} |a_{k+1}/a_k|`.

    Parameters
    ----------
    a : callable
        ``a(k)`` for an array of (integer-valued float) ``k``: the terms :math:`a_k`, or with
        ``log=True`` their logarithms :math:`\log|a_k|` (so that :math:`1/k!` can be passed as
        ``lambda k: -scipy.special.gammaln(k + 1)`` without underflowing).
    k0, levels : int
        The ratio is sampled at :math:`k = k_0 2^j`, :math:`j < \text{levels}`.
    log : bool

    Returns
    -------
    SeriesTestResult
        ``"converges"`` if :math:`\rho + \text{err} < 1`, ``"diverges"`` if
        :math:`\rho - \text{err} > 1`, else ``"inconclusive"``.
    """
    k = _tail_points(k0, levels)
    with np.errstate(invalid="ignore"):
        log_ratio = _log_terms(a, k + 1, log, "a") - _log_terms(a, k, log, "a")
    if np.any(np.isnan(log_ratio)):
        raise InputError("a_k is 0 (or underflows) in the tail: pass log=True, return log|a_k|")
    logs = np.abs(_log_terms(a, k + 1, log, "a")) + np.abs(_log_terms(a, k, log, "a"))
    with np.errstate(over="ignore"):
        ratio = np.exp(log_ratio)
        rho, err = _extrapolate(ratio, noise=np.finfo(float).eps * logs * ratio)
    return _verdict("ratio", rho, err, "converges", "diverges")


def root_test(a: Callable, *, k0: int = 16, levels: int = 8, log: bool = False) -> SeriesTestResult:
    r"""The root test: :math:`\rho = \lim_{k\to\infty} |a_k|^{1/k}`; arguments as :func:`ratio_test`.

    :math:`|a_k|^{1/k} = \exp(\log|a_k| / k)` is computed from the logarithm, so terms below the
    smallest float still work with ``log=True``.
    """
    k = _tail_points(k0, levels)
    logs = _log_terms(a, k, log, "a")
    root = np.exp(logs / k)
    rho, err = _extrapolate(root, noise=np.finfo(float).eps * np.abs(logs) / k * root)
    return _verdict("root", rho, err, "converges", "diverges")


def comparison_test(
    a: Callable, b: Callable, *, b_converges: bool, k0: int = 16, levels: int = 8
) -> SeriesTestResult:
    r"""Limit comparison of :math:`\sum a_k` with a series :math:`\sum b_k` of known behaviour.

    With :math:`a_k, b_k > 0` and :math:`c = \lim a_k / b_k`:

    - :math:`0 < c < \infty`: the two series converge or diverge together;
    - :math:`c = 0` and :math:`\sum b_k` converges: so does :math:`\sum a_k`;
    - :math:`c = \infty` and :math:`\sum b_k` diverges: so does :math:`\sum a_k`;

    and otherwise nothing follows. :math:`c` is extrapolated as in :func:`ratio_test`; it counts
    as 0 when :math:`c + \text{err}` is below :math:`10^{-8}` of its largest sampled value, or
    when the ratio keeps falling without settling, and as :math:`\infty` when it keeps rising
    (:math:`\log k`).

    Parameters
    ----------
    a, b : callable
        ``a(k)``, ``b(k)`` for arrays of ``k``: positive terms.
    b_converges : bool
        Whether :math:`\sum b_k` converges (e.g. :math:`b_k = k^{-2}`: True; :math:`1/k`: False).
    k0, levels : int
    """
    if not isinstance(b_converges, (bool, np.bool_)):
        raise InputError(f"b_converges must be True or False, got {b_converges!r}")
    k = _tail_points(k0, levels)
    va, vb = values_like(a, k, "a"), values_like(b, k, "b")
    if np.any(va <= 0) or np.any(vb <= 0):
        raise InputError("the comparison test needs positive terms a_k and b_k")
    c, err = _extrapolate(va / vb)
    if np.isinf(c):
        verdict = "diverges" if not b_converges else "inconclusive"
        why = "a_k / b_k grows without bound"
    elif c == 0 and np.isinf(err):
        verdict = "converges" if b_converges else "inconclusive"
        why = "a_k / b_k decreases to 0"
    elif np.isinf(err):
        verdict, why = "inconclusive", "a_k / b_k does not settle"
    elif c - err > 0:
        verdict = "converges" if b_converges else "diverges"
        why = f"a_k / b_k -> c = {c:.6g} ± {err:.2g}, in (0, inf)"
    elif c + err < 1e-8 * float(np.max(va / vb)):
        verdict = "converges" if b_converges else "inconclusive"
        why = f"a_k / b_k -> 0 (c = {c:.3g} ± {err:.2g})"
    else:
        verdict, why = "inconclusive", f"c = {c:.3g} ± {err:.2g} may be 0"
    return SeriesTestResult("comparison", c, err, verdict, f"comparison test: {why}")


def nth_term_test(a: Callable, *, k0: int = 16, levels: int = 8) -> SeriesTestResult:
    r"""The n-th term test: if :math:`\lim a_k \ne 0` the series diverges; otherwise inconclusive.

    The terms are sampled at :math:`k = k_0 2^j` and at :math:`k + 1`, so that an alternation
    such as :math:`(-1)^k` is seen as having no limit.

    ``"converges"`` is never returned: terms tending to 0 do not make a series converge
    (:math:`\sum 1/k`).
    """
    k = _tail_points(k0, levels)
    (l0, e0), (l1, e1) = (_extrapolate(values_like(a, kk, "a")) for kk in (k, k + 1))
    if abs(l0 - l1) > e0 + e1:  # even and odd k disagree: (-1)^k
        verdict, why = "diverges", f"a_k has no limit (it tends to {l0:.3g} and {l1:.3g})"
        limit, err = l0, abs(l0 - l1)
    elif abs(l0) - e0 > 0:
        limit, err = l0, e0
        verdict, why = "diverges", f"a_k -> {limit:.6g} ± {err:.2g}, not 0"
    else:
        limit, err = l0, e0
        verdict, why = "inconclusive", f"a_k -> {limit:.3g} ± {err:.2g}, possibly 0"
    return SeriesTestResult("n-th term", limit, err, verdict, f"n-th term test: {why}")


def harmonic_numbers(n: int) -> np.ndarray:
    r"""The partial sums :math:`H_m = \sum_{k=1}^m 1/k`, :math:`m = 1, \dots, n`: a divergent series.

    :math:`H_m = \log m + \gamma + \frac{1}{2m} - \frac{1}{12 m^2} + O(m^{-4})`
    (:math:`\gamma \approx 0.5772` is Euler's constant): unbounded, yet only about 14.4 after
    a million terms. A running sum in float64 (its rounding error is at most about
    :math:`m\,\varepsilon H_m`).
    """
    n = check_count(n, "n", 1)
    return np.cumsum(1.0 / np.arange(1, n + 1))
