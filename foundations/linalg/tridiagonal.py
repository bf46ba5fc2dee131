r"""Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer (chapter 7).

**Cuppen's tear.** A symmetric tridiagonal :math:`T` (diagonal :math:`d`, off-diagonal
:math:`e`) splits at any row :math:`m` into two tridiagonal halves and a rank-one term,

.. math::
    T = \begin{pmatrix} T_1 & \\ & T_2 \end{pmatrix} + \rho\, v v^T, \qquad
    v = e_{m-1} + \operatorname{sign}(e_{m-1})\, e_m,\quad \rho = |e_{m-1}|,

where :math:`T_1, T_2` have :math:`|e_{m-1}|` subtracted from the two diagonal entries next
to the tear. With :math:`T_i = Q_i D_i Q_i^T` known, :math:`T = Q (D + \rho zz^T) Q^T` for
:math:`Q = \operatorname{diag}(Q_1, Q_2)` and :math:`z = Q^Tv` — the last row of :math:`Q_1`
next to the first row of :math:`Q_2`. The eigenvalues of :math:`D + \rho zz^T` are the roots of
the secular equation (:mod:`.secular`), its eigenvectors :math:`(D - \lambda_j I)^{-1}z`, and the
eigenvectors of :math:`T` one matrix product :math:`Q U`.

**Levels, not recursion.** Every row starts as its own :math:`1\times1` block (all the tears
applied to :math:`d` at once); each level merges neighbouring blocks pairwise, all merges of the
level together: one sort, one deflation pass, one secular solve for all their roots, a batched
matrix product for the small blocks and two products per block for the large ones. A level is
a fixed number of array operations, so the :math:`\log_2 n` levels cost little beyond their
arithmetic; no small-matrix base case is needed.

**Deflation** (what makes divide and conquer fast in practice). With
:math:`\text{tol} = 8\varepsilon\max(\max|D|, \max|z|)`, a pole with :math:`\rho|z_i| \le
\text{tol}` is already an eigenvalue (its column of :math:`Q` is kept), and two poles
:math:`\delta_p, \delta_j` with :math:`|(\delta_j - \delta_p)cs| \le \text{tol}` for the Givens
rotation :math:`(c, s)` that moves :math:`z_p` into :math:`z_j` are rotated so that :math:`z_p =
0` (dropping an off-diagonal of size :math:`\le` tol). Both perturb :math:`T` by
:math:`O(\varepsilon\|T\|)`: backward stable. Chains of equal poles are rotated in rounds of
disjoint pairs (:math:`\log_2` of the chain's length). Only the surviving poles enter the
secular equation and the matrix product: for matrices with clustered or repeated eigenvalues
most of the work disappears.

Values only (``vectors=False``) carries just the first and last rows of each block's
eigenvector matrix, all that the next tear needs: :math:`O(n^2)` work.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector
from .secular import loewner_weights, secular_roots

__all__ = ["eigh_tridiagonal"]

_LOOP_FROM = 160  # blocks this large get their own matrix products (no padding)


def _deflate_pairs(bid, d, z, deflated, tol, rotate, close, fixed=None):
    r"""Rotate neighbouring surviving poles together until no pair passes the deflation test.

    ``close(gap, c, s, tol)`` is the test for the pair; ``rotate(p, q, c, s)`` applies the
    rotation to the vectors; poles marked ``fixed`` take no part. Modifies ``d``, ``z`` and
    ``deflated`` in place.
    """
    while True:
        alive = np.flatnonzero(~deflated if fixed is None else ~(deflated | fixed))
        if alive.size < 2:
            return
        prev, cur = alive[:-1], alive[1:]
        zp, zc = z[prev], z[cur]
        r = np.hypot(zp, zc)
        c, s = zc / r, -zp / r
        test = (bid[prev] == bid[cur]) & close(d[cur] - d[prev], c, s, tol[bid[cur]])
        if not test.any():
            return
        # rotate pairs at odd positions of each run of passing pairs: disjoint pairs
        idx = np.arange(test.size)
        last_fail = np.maximum.accumulate(np.where(test, -1, idx))
        pick = np.flatnonzero(test & ((idx - last_fail) % 2 == 1))
        p, q, c, s = prev[pick], cur[pick], c[pick], s[pick]
        z[q], z[p] = r[pick], 0.0
        deflated[p] = True
        dp, dq = d[p], d[q]
        d[p] = dp * c * c + dq * s * s
        d[q] = dp * s * s + dq * c * c
        rotate(p, q, c, s)


def _eigen_close(gap, c, s, tol):
    return np.abs(gap * c * s) <= tol


def _group_starts(group: np.ndarray, n_groups: int) -> np.ndarray:
    """Index of the first element of each group in a group-sorted array (``size`` if empty)."""
    return np.searchsorted(group, np.arange(n_groups))


class _Level:
    """The merges of one level: pairs of neighbouring blocks ``[a, mid)`` and ``[mid, b)``."""

    def __init__(self, a, mid, b):
        self.a, self.mid, self.b = a, mid, b
        self.size = b - a
        self.end = int(b[-1])
        self.bid = np.repeat(np.arange(a.size), self.size)  # merge of each column 0..end-1


def _secular_block(level, d, z, deflated, rho, coefficients=True):
    """Solve the secular equations of the surviving poles; eigenvalues and vector coefficients."""
    alive = np.flatnonzero(~deflated)
    blk = level.bid[alive]
    counts_all = np.bincount(blk, minlength=level.a.size)
    used = np.flatnonzero(counts_all)
    counts = counts_all[used]
    compact = np.cumsum(counts_all > 0) - 1  # merge -> row of the padded arrays
    row = compact[blk]
    local = np.arange(alive.size) - _group_starts(row, used.size)[row]
    K = int(counts.max())
    poles = np.full((used.size, K), np.inf)
    poles[row, local] = d[alive]
    weights = np.zeros((used.size, K))
    weights[row, local] = z[alive] ** 2

    def differences(b, o):
        if used.size == 1:  # one merge: broadcast its poles
            return poles[0] - poles[0, o][:, None]
        return poles[b] - poles[b, o][:, None]

    rho_u = rho[used]
    roots = secular_roots(weights, rho_u, counts, differences)
    lam = poles[roots.block, roots.origin] + roots.tau
    if not coefficients:  # the last merge of the values-only path: no vectors needed
        return alive, used[roots.block], roots.index, lam, None
    zhat = np.zeros((used.size, K))
    zhat[row, local] = np.copysign(
        np.sqrt(np.maximum(loewner_weights(roots, rho_u, differences), 0)), z[alive]
    )
    coef = (zhat if used.size == 1 else zhat[roots.block]) / roots.delta  # row r: eigenvector r
    coef /= np.sqrt(np.einsum("ij,ij->i", coef, coef))[:, None]
    return alive, used[roots.block], roots.index, lam, coef


def _merge(level, lam, Q, e, vectors):
    """One level of merges, in place on ``lam`` (eigenvalues) and ``Q`` (vectors or edge rows)."""
    eps = np.finfo(float).eps
    a, mid, bid = level.a, level.mid, level.bid
    cols = np.arange(level.end)
    in_first = cols < mid[bid]
    rho = np.abs(e[mid - 1])
    sign = np.where(e[mid - 1] < 0, -1.0, 1.0)
    if vectors:
        z = Q[np.where(in_first, mid[bid] - 1, mid[bid]), cols]
        rows = Q
    else:  # Q holds (first row, last row) of each block; the merged block's edges:
        z = np.where(in_first, Q[1, cols], Q[0, cols])
        rows = np.zeros((2, level.end))
        rows[0, in_first], rows[1, ~in_first] = Q[0, cols[in_first]], Q[1, cols[~in_first]]
    z = np.where(in_first, z, z * sign[bid]) / np.sqrt(2.0)
    rho = 2.0 * rho
    order = np.lexsort((lam[cols], bid))
    cs, d, z = cols[order], lam[cols][order], z[order]
    starts = a  # merges are contiguous and sorted, so positions of merge t start at a[t]
    tol = (
        8
        * eps
        * np.maximum(np.maximum.reduceat(np.abs(d), starts), np.maximum.reduceat(np.abs(z), starts))
    )
    deflated = rho[bid] * np.abs(z) <= tol[bid]
    mixed = np.zeros(level.end, dtype=bool)

    def rotate(p, q, c, s):
        cp, cq = cs[p], cs[q]
        x, y = rows[:, cp], rows[:, cq]
        rows[:, cp], rows[:, cq] = c * x + s * y, c * y - s * x
        mixed[cq] |= in_first[cp] != in_first[cq]
        mixed[cp] |= mixed[cq]

    _deflate_pairs(bid, d, z, deflated, tol, rotate, _eigen_close)
    new_lam = np.empty(level.end)
    alive_pos = np.flatnonzero(~deflated)
    k = np.bincount(bid[alive_pos], minlength=a.size)
    dead = np.flatnonzero(deflated)
    dead_rank = np.arange(dead.size) - _group_starts(bid[dead], a.size)[bid[dead]]
    dead_new = a[bid[dead]] + k[bid[dead]] + dead_rank
    new_lam[dead_new] = d[dead]
    if alive_pos.size:
        final = not vectors and a.size == 1 and level.end == lam.size  # no next tear to feed
        alive, blk, index, roots, coef = _secular_block(level, d, z, deflated, rho, not final)
        new_lam[a[blk] + index] = roots
        if final:
            lam[: level.end] = new_lam
            return
    else:
        alive = alive_pos
        blk = index = np.zeros(0, dtype=int)
        coef = np.zeros((0, 0))
    lam[: level.end] = new_lam
    update = _update_vectors if vectors else _update_edges
    update(level, Q, rows, cs, alive, blk, index, coef, dead, dead_new, mixed, k)


def _update_edges(level, Q, rows, cs, alive, blk, index, coef, dead, dead_new, mixed, k):
    """New first and last rows of each merged block's eigenvectors."""
    new = np.empty((2, level.end))
    new[:, dead_new] = rows[:, cs[dead]]
    if alive.size:
        K = coef.shape[1]
        starts = _group_starts(level.bid[alive], level.a.size)
        gather = np.minimum(starts[blk][:, None] + np.arange(K), alive.size - 1)
        src = cs[alive][gather]  # column of pole i of root r's merge (garbage on padding)
        new[:, level.a[blk] + index] = np.einsum("xri,ri->xr", rows[:, src], coef)
    Q[:, : level.end] = new


def _update_vectors(level, Q, rows, cs, alive, blk, index, coef, dead, dead_new, mixed, k):
    """Q[:, block] <- Q[:, block] @ (coefficients of the new eigenvectors), merge by merge."""
    a, mid, b, size = level.a, level.mid, level.b, level.size
    S = int(size.max())
    batched = (size == S) & (S < _LOOP_FROM)  # equal small merges: one batched product
    alive_starts = _group_starts(level.bid[alive], a.size)
    dead_starts = _group_starts(level.bid[dead], a.size)
    root_starts = _group_starts(blk, a.size)
    for t in np.flatnonzero(~batched):
        at, mt, bt, kt = int(a[t]), int(mid[t]), int(b[t]), int(k[t])
        src = cs[alive[alive_starts[t] : alive_starts[t] + kt]]
        U = coef[root_starts[t] : root_starts[t] + kt, :kt].T
        old = cs[dead[dead_starts[t] : dead_starts[t] + (bt - at - kt)]]
        kept = Q[at:bt, old]
        top = (src < mt) | mixed[src]
        bottom = (src >= mt) | mixed[src]
        upper, lower = Q[at:mt, src[top]], Q[mt:bt, src[bottom]]
        np.matmul(upper, U[top], out=Q[at:mt, at : at + kt])
        np.matmul(lower, U[bottom], out=Q[mt:bt, at : at + kt])
        Q[at:bt, at + kt : bt] = kept
    if batched.any():
        _update_batched(
            level, Q, cs, alive, blk, index, coef, dead, dead_new, np.flatnonzero(batched), S
        )


def _diagonal_block_products(Q, starts, sizes, M):
    """``Q[s:s+m, s:s+m] <- Q[s:s+m, s:s+m] @ M[t, :m, :m]`` for each diagonal block ``t``.

    One batched product of blocks padded to ``M.shape[1]``; ``M`` must be zero beyond each
    block's size (the padding then picks up nothing from the neighbours).
    """
    n, S = Q.shape[0], M.shape[1]
    idx = np.minimum(starts[:, None] + np.arange(S), n - 1)
    rows, cols = idx[:, :, None], idx[:, None, :]
    new = Q[rows, cols] @ M
    valid = np.arange(S)[None, :] < sizes[:, None]
    mask = valid[:, :, None] & valid[:, None, :]
    Q[np.broadcast_to(rows, mask.shape)[mask], np.broadcast_to(cols, mask.shape)[mask]] = new[mask]


def _update_batched(level, Q, cs, alive, blk, index, coef, dead, dead_new, merges, S):
    """The equal small merges ``0..P-1`` of a level as one batched product of diagonal blocks."""
    n = Q.shape[0]
    P = merges.size  # merges 0..P-1, block t = Q[tS:(t+1)S, tS:(t+1)S]
    M = np.zeros((P, S, S))
    on = blk < P  # surviving poles -> new eigenvector columns
    if on.any():
        K = coef.shape[1]
        starts = _group_starts(level.bid[alive], level.a.size)
        counts = np.bincount(level.bid[alive], minlength=level.a.size)
        r_on = np.flatnonzero(on)
        t = blk[r_on]
        i = np.arange(K)[None, :]
        valid = i < counts[t][:, None]
        src = cs[alive][np.minimum(starts[t][:, None] + i, alive.size - 1)] - (t * S)[:, None]
        tt = np.broadcast_to(t[:, None], valid.shape)[valid]
        cc = np.broadcast_to(index[r_on][:, None], valid.shape)[valid]
        M[tt, src[valid], cc] = coef[r_on][valid]
    dt = level.bid[dead]
    d_on = dt < P
    M[dt[d_on], cs[dead[d_on]] - dt[d_on] * S, dead_new[d_on] - dt[d_on] * S] = 1.0
    item = Q.itemsize
    blocks = np.lib.stride_tricks.as_strided(Q, (P, S, S), (S * (n + 1) * item, n * item, item))
    blocks[...] = blocks @ M


def _divide_and_conquer(d, e, vectors):
    """Eigenvalues (ascending) and, if asked, eigenvectors of the tridiagonal (d, e)."""
    n = d.size
    lam = d.copy()
    lam[:-1] -= np.abs(e)
    lam[1:] -= np.abs(e)
    Q = np.eye(n) if vectors else np.ones((2, n))
    bounds = np.arange(n + 1)
    while bounds.size > 2:
        pairs = (bounds.size - 1) // 2
        level = _Level(
            bounds[0 : 2 * pairs : 2], bounds[1 : 2 * pairs : 2], bounds[2 : 2 * pairs + 1 : 2]
        )
        _merge(level, lam, Q, e, vectors)
        bounds = np.concatenate((bounds[0 : 2 * pairs + 1 : 2], bounds[2 * pairs + 1 :]))
    order = np.argsort(lam, kind="stable")
    return lam[order], (Q[:, order] if vectors else None)


def eigh_tridiagonal(d, e, eigvals_only: bool = False):
    r"""Eigenvalues and eigenvectors of a symmetric tridiagonal matrix (``scipy.linalg.eigh_tridiagonal``).

    Parameters
    ----------
    d : array_like, shape (n,)
        The diagonal.
    e : array_like, shape (n - 1,)
        The off-diagonal.
    eigvals_only : bool
        Skip the eigenvectors (:math:`O(n^2)` work instead of :math:`O(n^3)` in the worst case).

    Returns
    -------
    w : ndarray, shape (n,)
        Eigenvalues, ascending.
    V : ndarray, shape (n, n)
        Orthonormal eigenvectors, ``T @ V = V * w`` (not returned with ``eigvals_only``).

    Notes
    -----
    Divide and conquer (see the module docstring); backward stable, :math:`V` orthogonal to
    :math:`O(n\varepsilon)`. The matrix is scaled by a power of two (exact) first.
    """
    d = as_vector(d, "d").astype(np.float64)
    e = as_float_array(e, "e", ndim=1).astype(np.float64)
    n = d.size
    if e.size != max(n - 1, 0):
        raise InputError(f"e must have n - 1 = {max(n - 1, 0)} entries, got {e.size}")
    largest = max(float(np.max(np.abs(d), initial=0.0)), float(np.max(np.abs(e), initial=0.0)))
    scale = 2.0 ** np.round(np.log2(largest)) if largest > 0 else 1.0
    w, V = _divide_and_conquer(d / scale, e / scale, not eigvals_only)
    w *= scale
    return w if eigvals_only else (w, V)
