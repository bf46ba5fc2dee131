r"""Gaussian quadrature and improper integrals (chapter 14).

**Gauss–Legendre.** The :math:`n`-point rule :math:`\int_{-1}^1 f \approx \sum_i w_i f(x_i)` with
nodes at the roots of the Legendre polynomial :math:`P_n` is exact for every polynomial of
degree :math:`\le 2n - 1` — twice the degree of a Newton–Cotes rule with as many points. The
:math:`P_k` obey the three-term recurrence
:math:`x P_k = \beta_{k+1} \hat P_{k+1} + \beta_k \hat P_{k-1}` for the normalised
:math:`\hat P_k`, with :math:`\beta_k = k/\sqrt{4k^2 - 1}`, i.e. :math:`x\,\hat p(x) = J\hat p(x) +
\beta_n \hat P_n(x) e_n` for the symmetric tridiagonal **Jacobi matrix**

.. math:: J = \begin{pmatrix} 0 & \beta_1 & & \\ \beta_1 & 0 & \ddots & \\ & \ddots & \ddots &
          \beta_{n-1} \\ & & \beta_{n-1} & 0 \end{pmatrix}.

So the roots of :math:`P_n` are the eigenvalues of :math:`J`, and (Golub and Welsch, 1969) the
weights are :math:`w_i = 2 v_{1i}^2`, twice the squared first component of the unit
eigenvectors. :func:`roots_legendre` finds the eigenvalues by an implicit QL iteration
(:math:`O(n^2)` work), polishes each by one Newton step on :math:`P_n`, and reads
:math:`v_{1i}` off the eigenvector :math:`(\hat P_0(x_i), \dots, \hat P_{n-1}(x_i))`, which the
recurrence gives to full accuracy.

**Improper integrals.** :func:`quad` maps each piece of the interval onto :math:`[0, 1]`:

- an infinite limit by :math:`x = a + t/(1-t)` (:math:`dx = dt/(1-t)^2`), and
  :math:`(-\infty, \infty)` as two such halves;
- then :math:`t = s(\tau)` with :math:`s'(\tau) = 140\,\tau^3(1-\tau)^3`, which vanishes to third
  order at both ends: an integrable endpoint singularity :math:`|x - a|^{-\alpha}` becomes
  :math:`\tau^{3 - 4\alpha}` (bounded for :math:`\alpha \le 3/4`, and
  :math:`\log|x - a|` becomes :math:`\tau^3 \log \tau`);

and integrates the result adaptively with 10-point Gauss–Legendre panels, splitting the panel
of largest estimated error (the difference between the panel's rule and the sum over its two
halves) until the total is below ``max(epsabs, epsrel * |I|)``. Gauss nodes are interior, so
``f`` is never evaluated at an endpoint.
"""

from __future__ import annotations

import heapq
import itertools
import math
import warnings
from collections.abc import Callable

import numpy as np

from ..errors import InputError, LinAlgError
from ._checks import check_callable, check_count, check_real, values_like
from .integration import IntegrationWarning

__all__ = ["fixed_quad", "quad", "roots_legendre"]


def _tridiagonal_eigenvalues(d: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Eigenvalues of the symmetric tridiagonal matrix with diagonal d and off-diagonal e.

    Implicit QL with Wilkinson-type shifts (the ``tqli`` of Numerical Recipes): each sweep is a
    chase of Givens rotations from the bottom, and an off-diagonal below
    :math:`\varepsilon(|d_m| + |d_{m+1}|)` splits the matrix.
    """
    n = d.size
    d, e = [float(v) for v in d], [float(v) for v in e] + [0.0]  # Python floats: fast scalars
    eps = np.finfo(float).eps
    for l in range(n):
        for _ in range(60):
            m = l
            while m < n - 1 and abs(e[m]) > eps * (abs(d[m]) + abs(d[m + 1])):
                m += 1
            if m == l:
                break
            g = (d[l + 1] - d[l]) / (2.0 * e[l])
            r = math.hypot(g, 1.0)
            g = d[m] - d[l] + e[l] / (g + math.copysign(r, g))
            s = c = 1.0
            p = 0.0
            for i in range(m - 1, l - 1, -1):
                f, b = s * e[i], c * e[i]
                r = math.hypot(f, g)
                e[i + 1] = r
                if r == 0.0:  # split: restart on the smaller problem
                    d[i + 1] -= p
                    e[m] = 0.0
                    break
                s, c = f / r, g / r
                g = d[i + 1] - p
                r = (d[i] - g) * s + 2.0 * c * b
                p = s * r
                d[i + 1] = g + p
                g = c * r - b
            else:
                d[l] -= p
                e[l] = g
                e[m] = 0.0
        else:
            raise LinAlgError(f"the tridiagonal QL iteration did not converge for eigenvalue {l}")
    return np.array(d)


def _orthonormal_legendre(x: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Rows :math:`q_0(x), \dots, q_{n-1}(x)` of the orthonormal Legendre polynomials and
    :math:`P_n(x), P_n'(x)`, by the three-term recurrence (:math:`q_k = \sqrt{k + 1/2}\,P_k`)."""
    P = np.empty((n + 1, x.size))
    P[0] = 1.0
    if n >= 1:
        P[1] = x
    for k in range(1, n):  # (k + 1) P_{k+1} = (2k + 1) x P_k - k P_{k-1}
        P[k + 1] = ((2 * k + 1) * x * P[k] - k * P[k - 1]) / (k + 1)
    q = np.sqrt(np.arange(n) + 0.5)[:, None] * P[:n]
    dPn = n * (x * P[n] - P[n - 1]) / (x * x - 1.0)  # (x² - 1) P_n' = n (x P_n - P_{n-1})
    return q, np.vstack([P[n], dPn])


def roots_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Nodes and weights of the :math:`n`-point Gauss–Legendre rule on :math:`[-1, 1]`.

    The nodes are the eigenvalues of the Jacobi matrix (off-diagonal
    :math:`\beta_k = k/\sqrt{4k^2-1}`), the weights :math:`2 v_{1i}^2` (Golub–Welsch). The rule
    :math:`\sum_i w_i f(x_i)` integrates polynomials of degree :math:`\le 2n-1` exactly.
    ``scipy.special.roots_legendre``'s name and return convention;
    ``numpy.polynomial.legendre.leggauss`` gives the same rule.

    Parameters
    ----------
    n : int
        The number of nodes, :math:`n \ge 1`.

    Returns
    -------
    x : ndarray, shape (n,)
        The nodes, ascending, symmetric about 0.
    w : ndarray, shape (n,)
        The positive weights, summing to 2.
    """
    n = check_count(n, "n", 1)
    k = np.arange(1, n, dtype=float)
    x = np.sort(_tridiagonal_eigenvalues(np.zeros(n), k / np.sqrt(4.0 * k * k - 1.0)))
    if n > 1:  # one Newton step on P_n polishes each eigenvalue to full accuracy
        Pn, dPn = _orthonormal_legendre(x, n)[1]
        x = x - Pn / dPn
    x = (x - x[::-1]) / 2  # the rule is symmetric: average out the rounding of each pair
    # The eigenvector of J for the eigenvalue x is (q_0(x), ..., q_{n-1}(x)): its squared first
    # component, normalised, is q_0² / Σ q_k², and w = 2 v_1² = 1 / Σ_k q_k(x)² (q_0² = 1/2).
    q = _orthonormal_legendre(x, n)[0]
    w = 1.0 / np.sum(q * q, axis=0)
    return x, (w + w[::-1]) / 2


def fixed_quad(func: Callable, a: float, b: float, n: int = 5) -> tuple[float, None]:
    r"""Integrate ``func`` over :math:`[a, b]` with the :math:`n`-point Gauss–Legendre rule.

    .. math:: \int_a^b f \approx \frac{b-a}{2}\sum_i w_i\, f\!\Bigl(\frac{a+b}{2} + \frac{b-a}{2} x_i\Bigr)

    exact for polynomials of degree :math:`\le 2n - 1`. ``scipy.integrate.fixed_quad``'s
    arguments and return value ``(value, None)``.
    """
    check_callable(func, "func")
    a, b = check_real(a, "a"), check_real(b, "b")
    if not abs(b - a) < 1e300:
        raise InputError(f"the interval [{a:g}, {b:g}] is too wide for floating point")
    x, w = roots_legendre(n)
    half, mid = (b - a) / 2, (a + b) / 2
    return float(half * np.sum(w * values_like(func, mid + half * x, "func"))), None


# --- adaptive quad on [0, 1] after a change of variables -------------------------------------

_NODES, _WEIGHTS = roots_legendre(10)


def _smoothstep(tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r""":math:`s(\tau) = \tau^4(35 - 84\tau + 70\tau^2 - 20\tau^3)`, :math:`1 - s(\tau) = s(1 - \tau)`
    (no cancellation near 1) and :math:`s'(\tau) = 140\,\tau^3 (1 - \tau)^3`."""

    def s(t):
        return t**4 * (35.0 - 84.0 * t + 70.0 * t * t - 20.0 * t**3)

    return s(tau), s(1.0 - tau), 140.0 * (tau * (1.0 - tau)) ** 3


def _piece_map(lo: float, hi: float) -> Callable:
    r"""``tau -> (x, dx/dtau)`` mapping [0, 1] onto the piece [lo, hi] (one end may be infinite)."""

    def mapped(tau: np.ndarray):
        s, one_minus_s, ds = _smoothstep(tau)
        if np.isfinite(lo) and np.isfinite(hi):
            return lo + (hi - lo) * s, (hi - lo) * ds
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            stretch = s / one_minus_s  # t / (1 - t), from 0 to inf
            jac = ds / one_minus_s**2
        return (lo + stretch, jac) if np.isfinite(lo) else (hi - stretch, jac)

    return mapped


def _gauss_panels(func, maps, pieces, lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """The 10-point Gauss values of the mapped integrand (and of its absolute value) on each
    panel [lo_k, hi_k] of its piece."""
    half, mid = (hi - lo) / 2, (hi + lo) / 2
    tau = mid[:, None] + half[:, None] * _NODES
    xs, jacs = np.empty_like(tau), np.empty_like(tau)
    for p in np.unique(pieces):
        rows = pieces == p
        xs[rows], jacs[rows] = maps[p](tau[rows])
    # within about 1e-154 of an infinite end x or dx/dτ overflows: such nodes carry no weight
    # for a convergent integral (and a divergent one shows in the other nodes)
    live = np.isfinite(xs) & np.isfinite(jacs)
    fx = np.zeros_like(xs)
    fx[live] = values_like(func, xs[live], "func", finite=False)
    if not np.all(np.isfinite(fx)):
        bad = float(xs[~np.isfinite(fx)][0])
        raise InputError(
            f"func is not finite at x={bad!r}; if that is a singularity at an end or a point, "
            "it is closer than the float spacing there: move it to 0 by a change of variable"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        integrand = np.where(fx == 0, 0.0, fx * jacs)  # f underflowed where dx/dτ is huge
    if not np.all(np.isfinite(integrand)):
        raise InputError("func decays too slowly at infinity: the integral does not converge")
    return half * (integrand @ _WEIGHTS), half * (np.abs(integrand) @ _WEIGHTS)


def _pieces(a: float, b: float, points) -> list[tuple[float, float]]:
    inner = []
    if points is not None:
        pts = np.atleast_1d(np.asarray(points, dtype=float))
        if pts.ndim != 1 or not np.all(np.isfinite(pts)):
            raise InputError("points must be a 1-D sequence of finite numbers")
        inner = sorted({float(p) for p in pts if a < p < b})
    if not inner and np.isinf(a) and np.isinf(b):
        inner = [0.0]
    edges = [a, *inner, b]
    return list(itertools.pairwise(edges))


def _panel_errors(diff, parent_diff, absolute) -> np.ndarray:
    """The error estimate of each new panel from its difference and its parent's."""
    # If bisection only shrinks the difference by r = diff / parent_diff (an endpoint
    # singularity: r near 1), the error left after this level is about diff r / (1 - r).
    r = np.divide(diff, parent_diff, out=np.ones_like(diff), where=parent_diff > 0)
    r = np.minimum(r, 0.99)
    err = diff * np.maximum(1.0, r / (1.0 - r))
    # A 10-point rule's difference shrinks by about 2^-21 per bisection on a smooth panel; a
    # far larger drop is a coincidence (a kink where coarse and fine rules happen to agree):
    # keep the parent's estimate, so that the panel is split again.
    err = np.where(diff < 1e-9 * parent_diff, parent_diff, err)
    # Not yet smooth at this scale (r above 1e-4: a kink, a jump, a singularity): the
    # difference may be small by chance, so the parent's share is kept as a floor.
    err = np.where(r > 1e-4, np.maximum(err, parent_diff / 2), err)
    # and never below the rounding error of the sums (QUADPACK's 50 ε ∫|f| floor)
    return np.maximum(err, 50 * np.finfo(float).eps * absolute)


def _adaptive(func, maps, tolerance, limit: int) -> tuple[float, float]:
    """Globally adaptive Gauss panels on [0, 1] for each mapped piece: (value, abserr)."""
    heap: list = []
    counter = itertools.count()

    def push(ids, lo, hi, coarse, parent_diff):
        """Panels [lo, hi] of pieces ids, whose own rule gave ``coarse``: add their halves."""
        mid = (lo + hi) / 2
        both = (np.concatenate([ids, ids]), np.concatenate([lo, mid]), np.concatenate([mid, hi]))
        halves, absolute = _gauss_panels(func, maps, *both)
        k = ids.size
        diff = np.abs(coarse - (halves[:k] + halves[k:]))
        err = _panel_errors(diff, parent_diff, absolute[:k] + absolute[k:])
        for j in range(k):
            entry = (
                -err[j],
                next(counter),
                ids[j],
                lo[j],
                hi[j],
                halves[j],
                halves[k + j],
                diff[j],
            )
            heapq.heappush(heap, entry)

    n = len(maps)
    ids = np.arange(n)
    first = _gauss_panels(func, maps, ids, np.zeros(n), np.ones(n))[0]
    # never trust a first panel: split each piece once, so that every estimate has a parent
    ids2, lo2, hi2 = np.repeat(ids, 2), np.tile([0.0, 0.5], n), np.tile([0.5, 1.0], n)
    halves = _gauss_panels(func, maps, ids2, lo2, hi2)[0]
    first_diff = np.abs(first - halves.reshape(n, 2).sum(axis=1))
    push(ids2, lo2, hi2, halves, np.repeat(first_diff, 2))
    while True:
        value = sum(p[5] + p[6] for p in heap)
        abserr = -sum(p[0] for p in heap)
        if abserr <= tolerance(value) or len(heap) >= limit:
            return value, abserr
        _, _, p, l, h, left, right, diff = heapq.heappop(heap)
        m = (l + h) / 2
        pair = (np.array([p, p]), np.array([l, m]), np.array([m, h]))
        push(*pair, np.array([left, right]), np.array([diff, diff]))


def quad(
    func: Callable,
    a: float,
    b: float,
    *,
    points=None,
    epsabs: float = 1.49e-8,
    epsrel: float = 1.49e-8,
    limit: int = 200,
) -> tuple[float, float]:
    r"""Integrate ``func`` from ``a`` to ``b`` (possibly infinite), with an error estimate.

    ``scipy.integrate.quad``'s arguments and return value ``(value, abserr)``. Each piece
    (between ``a``, the ``points`` and ``b``) is mapped onto :math:`[0, 1]` as described in the
    module docstring, so infinite limits and integrable singularities at ``a``, ``b`` or a
    point of ``points`` are handled; panels of 10-point Gauss–Legendre are bisected where the
    estimated error is largest.

    Parameters
    ----------
    func : callable
        Vectorised integrand (called with 1-D arrays of points).
    a, b : float
        The limits, ``-inf``/``inf`` allowed; ``a > b`` gives minus the integral from ``b``.
    points : sequence of float, optional
        Interior points where ``func`` has a kink, a jump or an integrable singularity.
    epsabs, epsrel : float
        Stop when the error estimate is :math:`\le \max(\text{epsabs}, \text{epsrel}\,|I|)`.
    limit : int
        The most panels.

    Returns
    -------
    value : float
    abserr : float
        The sum over the panels of :math:`|G(\text{panel}) - G(\text{left}) - G(\text{right})|`,
        an estimate of the error of the coarser rule, so usually pessimistic.

    Warns
    -----
    IntegrationWarning
        When ``limit`` panels did not bring the error estimate below the tolerance.
    """
    check_callable(func, "func")
    a = check_real(a, "a", finite=False)
    b = check_real(b, "b", finite=False)
    epsabs = check_real(epsabs, "epsabs", low=0.0)
    epsrel = check_real(epsrel, "epsrel", low=0.0)
    if epsabs == 0 and epsrel < 50 * np.finfo(float).eps:
        raise InputError("need epsabs > 0 or epsrel >= 50 * machine epsilon")
    limit = check_count(limit, "limit", 1)
    if a == b:
        return 0.0, 0.0
    sign, (a, b) = (1.0, (a, b)) if a < b else (-1.0, (b, a))
    if np.isfinite(a) and np.isfinite(b) and not b - a < 1e300:
        raise InputError(f"the interval [{a:g}, {b:g}] is too wide: give an infinite limit")
    maps = [_piece_map(lo, hi) for lo, hi in _pieces(a, b, points)]
    value, abserr = _adaptive(func, maps, lambda v: max(epsabs, epsrel * abs(v)), limit)
    if abserr > max(epsabs, epsrel * abs(value)):
        warnings.warn(
            f"quad reached limit={limit} panels with an error estimate of {abserr:.2g}; the "
            "integrand may be singular inside (give points=) or the integral may diverge",
            IntegrationWarning,
            stacklevel=2,
        )
    return sign * float(value), float(abserr)
