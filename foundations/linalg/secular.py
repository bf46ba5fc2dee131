r"""The secular equation of a symmetric rank-one update, solved for all its roots at once (chapter 7).

For poles :math:`\delta_1 < \dots < \delta_k`, weights :math:`w_i = z_i^2 > 0` and :math:`\rho > 0`,
the eigenvalues of :math:`D + \rho zz^T` (:math:`D = \operatorname{diag}(\delta)`) are the roots of

.. math:: f(\lambda) = 1 + \rho \sum_{i=1}^k \frac{w_i}{\delta_i - \lambda},

one in each interval :math:`(\delta_j, \delta_{j+1})` and the last in
:math:`(\delta_k, \delta_k + \rho\sum_i w_i]` (:math:`f` climbs from :math:`-\infty` to
:math:`+\infty` between two poles). The divide-and-conquer eigensolver (:mod:`.tridiagonal`) and
SVD (:mod:`.bidiagonal`) spend their merges here.

**Accuracy: a root is stored as a pole plus a correction.** Each root is kept as
:math:`\lambda_j = \delta_o + \tau_j` with origin :math:`o \in \{j, j+1\}` the nearer pole (a
test of the sign of :math:`f` at the midpoint decides), and every difference
:math:`\delta_i - \lambda_j = (\delta_i - \delta_o) - \tau_j` is formed from an exactly
computed pole gap and the small :math:`\tau_j`. That keeps *every* difference accurate relative to
itself — also the tiny one next to the origin — which the eigenvectors
:math:`u_j \propto (D - \lambda_j I)^{-1} z` need. The caller supplies the pole gaps
:math:`\delta_i - \delta_o`, so the SVD can pass :math:`(d_i - d_o)(d_i + d_o)` for
:math:`\delta = d^2`.

**Iteration.** Near the root, :math:`f` is dominated by the terms of the two poles
:math:`\delta_l, \delta_r` next to it; the models below keep those terms exactly and solve a
quadratic for their root — without cancellation, so a root :math:`10^{-30}` from its pole is found
to full relative accuracy. *Start*: the bracket half is chosen by the sign of :math:`f` at the
middle of the interval; there the rest of the sum is replaced by its value and slope (a linear
function) and a few Newton steps on the cleared-of-fractions model give the first iterate.
*Steps*: the fixed-weight model of LAPACK's ``dlaed4`` (the origin's term exact, the other
pole's weight fitted to :math:`f` and :math:`f'`), polished by Newton on the model above.
Quadratic convergence, typically three or four evaluations of :math:`f`; safeguarded by the
bracket kept from the sign of :math:`f` (bisection, geometric when the bracket spans decades,
whenever a step leaves it or stalls). Converged when :math:`|f|` is below the rounding error of
evaluating it, :math:`\varepsilon(8(1 + \rho\sum_i|w_i/(\delta_i-\lambda)|) + |\tau|\,|f'|)`. All
roots of all merges of a level are iterated together as rows of one array.

**Orthogonal eigenvectors (Gu–Eisenstat).** The computed roots are the exact eigenvalues of
:math:`D + \rho\hat z\hat z^T` for the *Löwner* vector

.. math:: \hat z_i^2 = \frac{1}{\rho}\,\frac{\prod_j (\lambda_j - \delta_i)}{\prod_{j \ne i} (\delta_j - \delta_i)},

and the vectors :math:`(D - \lambda_jI)^{-1}\hat z` are then orthogonal to working precision,
however close the roots (:func:`loewner_weights`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import LinAlgError

__all__ = ["SecularRoots", "loewner_weights", "secular_roots"]

_MAX_ITER = 200


@dataclass
class SecularRoots:
    r"""The roots of a batch of secular equations, row ``r`` one root.

    Attributes
    ----------
    block, index : ndarray of int, shape (R,)
        The equation the root belongs to and its rank there (``0`` = smallest).
    origin : ndarray of int, shape (R,)
        Index of the pole the root is measured from, ``index`` or ``index + 1``.
    tau : ndarray, shape (R,)
        :math:`\lambda = \delta_{\text{origin}} + \tau`.
    delta : ndarray, shape (R, K)
        :math:`\delta_i - \lambda` for every pole ``i`` of the root's equation (``inf`` on
        padding).
    iterations : int
        Iterations of the slowest root.
    """

    block: np.ndarray
    index: np.ndarray
    origin: np.ndarray
    tau: np.ndarray
    delta: np.ndarray
    iterations: int


def _two_pole_step(C, B, D, gap, from_left, lo, hi):
    r"""Root in the bracket of the model :math:`C + B/(\delta_l - \lambda) + D/(\delta_r - \lambda)`.

    Solved for the new distance :math:`s = \delta_o - \lambda` to the origin pole (``from_left``:
    :math:`o = l`, else :math:`o = r`), with :math:`g = \delta_r - \delta_l`: cleared of
    fractions the model is :math:`Cs^2 + (Cg + B + D)s + Bg` (origin left) or
    :math:`Cs^2 + (B + D - Cg)s - Dg` (origin right), whose roots are computed without
    cancellation — so a root :math:`10^{-30}` from its pole comes out to full relative accuracy.
    Returns the new ``tau = -s``, ``nan`` where neither root lies strictly inside ``(lo, hi)``.
    """
    b = np.where(from_left, C * gap + B + D, B + D - C * gap)
    c = np.where(from_left, B * gap, -D * gap)
    q = -0.5 * (b + np.copysign(np.sqrt(np.abs(b * b - 4.0 * C * c)), b))
    new = np.full_like(lo, np.nan)
    for s in (q / C, c / q):  # the second (the smaller one) wins when both are inside
        inside = (-s > lo) & (-s < hi)
        new[inside] = -s[inside]
    return new


def _start(weights, rho, counts, block, index, differences):
    r"""Origin, pole gaps, bracket and first iterate of every root.

    The root is bracketed by the sign of :math:`f` at the middle of its interval (the middle of
    :math:`(\delta_k, \delta_k + \rho\sum w)` for the last one); the first iterate solves the
    model that keeps the two nearest poles exactly and the rest of the sum frozen there
    (LAPACK's starting guess), refined with the rest's slope (:func:`_refine`).
    """
    R = block.size
    last = index == counts[block] - 1
    left = np.where(last, index - 1, index)  # the poles next to the root: left, left + 1
    gaps = differences(block, index)
    rows = np.arange(R)
    rho_r = rho[block]
    width = np.where(
        last,
        rho_r * weights.sum(axis=1)[block],
        gaps[rows, np.minimum(index + 1, gaps.shape[1] - 1)],
    )
    half = 0.5 * width
    delta = gaps - half[:, None]
    t = (weights if counts.size == 1 else weights[block]) / delta
    f = 1.0 + rho_r * t.sum(axis=1)
    slope = rho_r * np.einsum("ij,ij->i", t, 1.0 / delta)
    ok = counts[block] > 1
    rl = np.where(ok, left, 0)
    gap = gaps[rows, rl + ok] - gaps[rows, rl]  # exact: one of the two is the origin's 0
    inner_upper = ~last & (f < 0)  # the root is in the upper half: measure it from delta_{j+1}
    origin = index + inner_upper
    lo = np.where(inner_upper, -half, np.where(last & (f < 0), half, 0.0))
    hi = np.where(inner_upper, 0.0, np.where(last & (f < 0), width, half))
    tau = np.where(inner_upper, -half, half)
    if inner_upper.any():
        up = np.flatnonzero(inner_upper)
        gaps[up] = differences(block[up], origin[up])
    dl, dr = delta[rows, rl], delta[rows, rl + ok]
    B, D = rho_r * weights[block, rl], rho_r * weights[block, rl + ok]
    C = f - B / dl - D / dr
    from_left = origin == rl
    first = _two_pole_step(C, B, D, gap, from_left, lo, hi)
    first = np.where(np.isnan(first), _bisect(lo, hi), first)
    E = np.maximum(slope - B / (dl * dl) - D / (dr * dr), 0.0)
    first = _refine(first, (C, E, B, D), gap, from_left, tau, lo, hi)
    tau = first
    tau[~ok] = width[~ok]  # a lone pole: tau = rho w exactly
    return origin, gaps, tau, lo, hi, left, last, ok


def _refine(u, model, gap, from_left, tau, lo, hi, steps=3, bisect=True):
    r"""Newton steps on the model with the rest of the sum linear, :math:`C + E(u - \tau) + \dots`.

    The model :math:`m(u) = C + E(u - \tau) + B/d_l(u) + D/d_r(u)` (the two nearest poles exact,
    the rest of :math:`f` to first order) is increasing on the interval; Newton runs on the
    cubic :math:`P = m\,d_ld_r`, which has no poles, kept inside ``(lo, hi)`` by bisection.
    """
    C, E, B, D = model
    off_l = np.where(from_left, 0.0, -gap)  # d_l(u) = off_l - u, d_r(u) = off_r - u
    off_r = np.where(from_left, gap, 0.0)
    a, b = lo.copy(), hi.copy()
    for _ in range(steps):
        xl, xr = off_l - u, off_r - u
        lin = C + E * (u - tau)
        P = lin * xl * xr + B * xr + D * xl
        above = P * np.sign(xl * xr) > 0  # m(u) > 0: the model's root is below u
        b = np.where(above, u, b)
        a = np.where(above, a, u)
        new = u - P / (E * xl * xr - lin * (xl + xr) - B - D)
        out = ~((new > a) & (new < b))
        new[out] = 0.5 * (a[out] + b[out]) if bisect else u[out]
        u = new
    return u


def _polish(step, f, slope, B, D, nearest, tau, lo, hi):
    """Newton steps on the model with both nearest poles exact and the rest linear (where the
    fixed-weight step landed in the bracket; a Newton step leaving it is not taken)."""
    dl, dr, gap, from_left = nearest
    ok = ~np.isnan(step)
    if ok.any():
        E = np.maximum(slope - B / (dl * dl) - D / (dr * dr), 0.0)
        model = (f - B / dl - D / dr, E, B, D)
        model = tuple(x[ok] for x in model)
        step[ok] = _refine(
            step[ok], model, gap[ok], from_left[ok], tau[ok], lo[ok], hi[ok], bisect=False
        )
    return step


def _fixed_weight_step(f, slope, rho, w_origin, nearest, lo, hi):
    r"""The fixed-weight step (LAPACK's ``dlaed4``); ``nan`` where it leaves the bracket.

    The model :math:`C + B/(\delta_l - \lambda) + D/(\delta_r - \lambda)` keeps the origin
    pole's term exactly (:math:`B = \rho w_l` or :math:`D = \rho w_r`) and fits the other pole's
    coefficient and :math:`C` to the value :math:`f` and slope :math:`f'` at the iterate.
    ``nearest = (d_l, d_r, gap, from_left)``: distances to the two poles next to the root, the
    exact gap between them, and whether the origin is the left one.
    """
    dl, dr, gap, from_left = nearest
    exact = rho * w_origin
    fitted = np.maximum(slope - exact / np.where(from_left, dl * dl, dr * dr), 0.0)
    B = np.where(from_left, exact, fitted * dl * dl)
    D = np.where(from_left, fitted * dr * dr, exact)
    return _two_pole_step(f - B / dl - D / dr, B, D, gap, from_left, lo, hi)


def _evaluate(G, W, tau, live, buffers):
    r"""Terms :math:`t_i = w_i/(\delta_i - \lambda)` of every row, and the sums the step needs.

    Returns ``delta`` (all rows, in ``buffers``) and, for the ``live`` rows, the sum of the
    terms, of the negative ones (poles left of the iterate), and the slope
    :math:`\sum_i t_i/(\delta_i - \lambda)`.
    """
    n_rows = G.shape[0]
    delta = np.subtract(G, tau[:, None], out=buffers[0][:n_rows])
    inv = np.divide(1.0, delta, out=buffers[1][:n_rows])
    t = np.multiply(W, inv, out=buffers[2][:n_rows])
    neg = np.minimum(t, 0.0, out=buffers[3][:n_rows])
    tsum, psi = t.sum(axis=1)[live], neg.sum(axis=1)[live]
    t2sum = np.einsum("ij,ij->i", t, inv)[live]
    return delta, tsum, psi, t2sum


def _bisect(lo, hi):
    """The middle of each bracket; geometric where the bracket spans more than a decade."""
    mid = 0.5 * (lo + hi)
    pos, neg = (lo > 0) & (hi > 10 * lo), (hi < 0) & (lo < 10 * hi)
    mid[pos] = np.sqrt(lo[pos] * hi[pos])
    mid[neg] = -np.sqrt(lo[neg] * hi[neg])
    return mid


def _iterate(weights, rho, block, counts, gaps, tau, lo, hi, layout):
    """Safeguarded fixed-weight iterations until every root has converged; updates ``tau``."""
    origin, left, _last, ok = layout
    eps = np.finfo(float).eps
    ids = np.flatnonzero(ok)  # the roots still iterated
    G = gaps[ids]  # their pole gaps, one row each (compacted as roots converge)
    one_block = counts.size == 1
    W = weights if one_block else weights[block[ids]]
    live = np.arange(ids.size)  # rows of G whose root has not converged
    buffers = [np.empty(G.shape) for _ in range(4)]  # delta, 1/delta, t, min(t, 0)
    f_old = np.full(block.size, np.inf)
    slow = np.zeros(block.size, dtype=int)
    iterations = 0
    while live.size:
        iterations += 1
        if iterations > _MAX_ITER:
            raise LinAlgError("the secular equation solver did not converge")
        if live.size < 0.7 * G.shape[0]:  # drop the converged rows
            ids, G = ids[live], np.take(G, live, axis=0)
            W = W if one_block else np.take(W, live, axis=0)
            live = np.arange(ids.size)
        r = ids[live]
        delta, tsum, psi, t2sum = _evaluate(G, W, tau[ids], live, buffers)
        rho_a, tau_a = rho[block[r]], tau[r]
        f = 1.0 + rho_a * tsum
        lo[r] = np.where(f < 0, tau_a, lo[r])
        hi[r] = np.where(f > 0, tau_a, hi[r])
        error = eps * (8.0 * (1.0 + rho_a * (tsum - 2.0 * psi)) + np.abs(tau_a) * rho_a * t2sum)
        lo_a, hi_a = lo[r], hi[r]
        tight = hi_a - lo_a <= 4 * eps * np.maximum(np.abs(lo_a), np.abs(hi_a))
        keep = np.flatnonzero((np.abs(f) > error) & ~tight)
        live, r = live[keep], r[keep]
        if not live.size:
            break
        f = f[keep]
        jl, o = left[r], origin[r]
        from_left = o == jl
        gap = np.where(from_left, G[live, jl + 1], -G[live, jl])
        near = (delta[live, jl], delta[live, jl + 1], gap, from_left)
        rk, slope = rho_a[keep], rho_a[keep] * t2sum[keep]
        w = [W[0, x] if one_block else W[live, x] for x in (o, jl, jl + 1)]
        step = _fixed_weight_step(f, slope, rk, w[0], near, lo[r], hi[r])
        step = _polish(step, f, slope, rk * w[1], rk * w[2], near, tau[r], lo[r], hi[r])
        slow[r] = np.where(np.abs(f) > 0.5 * np.abs(f_old[r]), slow[r] + 1, 0)
        f_old[r] = f
        bisect = np.isnan(step) | (slow[r] >= 2)
        step[bisect] = _bisect(lo[r[bisect]], hi[r[bisect]])
        slow[r[bisect]] = 0
        tau[r] = step
    return iterations


def secular_roots(
    weights: np.ndarray,
    rho: np.ndarray,
    counts: np.ndarray,
    differences: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> SecularRoots:
    r"""All roots of a batch of secular equations :math:`1 + \rho_b\sum_i w_{bi}/(\delta_{bi} - \lambda) = 0`.

    Parameters
    ----------
    weights : ndarray, shape (B, K)
        :math:`w_{bi} = z_{bi}^2 > 0` for :math:`i <` ``counts[b]``, zero beyond (padding).
    rho : ndarray, shape (B,)
        Positive.
    counts : ndarray of int, shape (B,)
        Number of poles of each equation, at least one.
    differences : callable
        ``differences(b, o)`` with integer arrays of length R returns the ``(R, K)`` array of
        pole gaps :math:`\delta_{b_r i} - \delta_{b_r o_r}`, computed accurately, ``+inf`` on
        padding. The poles must be strictly increasing.

    Returns
    -------
    SecularRoots
        The roots in order of equation, then ascending.
    """
    counts = np.asarray(counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    block = np.repeat(np.arange(counts.size), counts)
    index = np.arange(block.size) - starts[block]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        origin, gaps, tau, lo, hi, left, last, ok = _start(
            weights, rho, counts, block, index, differences
        )
        iterations = _iterate(
            weights, rho, block, counts, gaps, tau, lo, hi, (origin, left, last, ok)
        )
    delta = gaps - tau[:, None]
    return SecularRoots(block, index, origin, tau, delta, iterations)


def loewner_weights(roots: SecularRoots, rho: np.ndarray, differences: Callable) -> np.ndarray:
    r"""The Löwner weights :math:`\hat z_i^2` for which the computed roots are exact eigenvalues.

    .. math::
        \hat z_i^2 = \frac{\prod_j (\lambda_j - \delta_i)}{\rho\prod_{j \ne i} (\delta_j - \delta_i)}
        = -\frac{1}{\rho}\,(\delta_i - \lambda_i)\prod_{j \ne i}\frac{\delta_i - \lambda_j}{\delta_i - \delta_j},

    the factors taken in pairs as in LAPACK's ``dlaed3``: by interlacing those with :math:`j < i`
    lie in :math:`(0, 1)` and the product of those with :math:`j > i` is at most
    :math:`(\delta_k - \delta_i)/(\delta_{i+1} - \delta_i)`, so nothing overflows. Row ``r`` of
    ``roots`` stands for pole ``roots.index[r]`` of equation ``roots.block[r]`` here (there are as
    many poles as roots).

    Returns
    -------
    ndarray, shape (R,)
        :math:`\hat z^2`, one per pole, in the order of ``roots``.
    """
    block, i = roots.block, roots.index
    R, K = roots.delta.shape
    denom = np.negative(differences(block, i))  # delta_i - delta_j
    if R == K:  # one equation, no padding: the transpose is a view
        numer = roots.delta.T
    else:  # row r: delta_i - lambda_j over the roots j of the same equation
        counts = np.bincount(block)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        j = np.minimum(starts[block][:, None] + np.arange(K), R - 1)
        numer = roots.delta[j, i[:, None]]
        pad = np.arange(K)[None, :] >= counts[block][:, None]
        numer[pad] = 1.0
        denom[pad] = 1.0
    denom[np.arange(R), i] = -1.0  # the j = i factor: lambda_i - delta_i
    with np.errstate(over="ignore", under="ignore"):
        return np.prod(numer / denom, axis=1) / rho[block]
