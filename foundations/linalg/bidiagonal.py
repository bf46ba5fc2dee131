r"""The SVD of an upper bidiagonal matrix by divide and conquer (chapter 7; LAPACK's ``dbdsdc``).

**The split.** Removing row :math:`k` of an upper bidiagonal :math:`B` (rows :math:`[a, b)`)
leaves two bidiagonal blocks: :math:`B_1` (rows :math:`[a, k)`, one more column than rows, so
it has a null vector) and :math:`B_2` (rows :math:`[k+1, b)`). With their SVDs
:math:`B_i = U_i[\Sigma_i\; 0]V_i^T`, row :math:`k` in the new bases is
:math:`z^T = (d_k\,\ell_1^T,\; e_k\,f_2^T)` (:math:`\ell_1` the last row of :math:`V_1`,
:math:`f_2` the first of :math:`V_2`); a Givens rotation merges the two null columns, so that

.. math:: B = U \begin{pmatrix} z_0 & z_1 & \cdots & z_m \\ & d_1 & & \\ & & \ddots & \\ & & & d_m \end{pmatrix} V^T,
    \qquad d_0 = 0 < d_1 \le \dots \le d_m ,

an "arrow" matrix :math:`M = e_0z^T + D`. Since :math:`M^TM = D^2 + zz^T`, its singular values
are the roots of the secular equation :math:`1 + \sum_i z_i^2/(d_i^2 - \sigma^2) = 0` — solved
with the poles :math:`d_i^2`, every difference formed as :math:`(d_i - d_o)(d_i + d_o)` for
accuracy (:mod:`.secular`) — and, with the Löwner vector :math:`\hat z`,

.. math:: v_j \propto \Big(\frac{\hat z_i}{d_i^2 - \sigma_j^2}\Big)_i, \qquad
    u_j \propto \Big(-1, \frac{d_1\hat z_1}{d_1^2 - \sigma_j^2}, \dots\Big).

**Deflation** (``dlasd2``), :math:`\text{tol} = 8\varepsilon\max(d_{\max}, |d_k|, |e_k|)`: a
:math:`|z_i| \le \text{tol}` leaves :math:`d_i` a singular value; two poles closer than tol are
rotated (the same rotation on :math:`U` and :math:`V`) so that one :math:`z_i` vanishes; a
pole :math:`d_j \le \text{tol}` is rotated into the zero pole's column (as LAPACK does not: it
moves the pole to tol/2, which would leave a zero singular value at :math:`4\varepsilon\|B\|`).
Each step perturbs :math:`B` by at most tol: backward stable.

As in :mod:`.tridiagonal`, the merges are done level by level (all merges of one height of the
tree together), starting from empty blocks; values only carry just the first and last rows of
:math:`V`'s blocks.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector
from .secular import loewner_weights, secular_roots
from .tridiagonal import _deflate_pairs, _diagonal_block_products, _group_starts

__all__ = ["svd_bidiagonal"]

_LOOP_FROM = 160  # merges this large get their own matrix products


def _levels(n: int) -> list[tuple[np.ndarray, ...]]:
    """The merges ``(a, k, b, sq)`` of the balanced split tree, grouped by height, lowest first.

    A node holds rows ``[a, b)`` and columns ``[a, b + sq)``; it splits at the middle row ``k``
    into ``(a, k, sq=1)`` and ``(k + 1, b, sq)``; the root is ``(0, n, 0)``.
    """
    by_height: dict[int, list[tuple[int, int, int, int]]] = {}

    def build(a: int, b: int, sq: int) -> int:
        if a == b:
            return 0
        k = a + (b - a) // 2
        h = 1 + max(build(a, k, 1), build(k + 1, b, sq))
        by_height.setdefault(h, []).append((a, k, b, sq))
        return h

    build(0, n, 0)
    return [
        tuple(np.array(col) for col in zip(*sorted(by_height[h]), strict=True))
        for h in sorted(by_height)
    ]


def _svd_close(gap, c, s, tol):
    return np.abs(gap) <= tol


class _Merges:
    """Index bookkeeping of one level: node ``t`` owns the columns ``[a_t, b_t)`` (items)."""

    def __init__(self, a, k, b, sq):
        self.a, self.k, self.b, self.sq = a, k, b, sq
        self.size = b - a
        self.start = np.cumsum(self.size) - self.size  # first item of each node
        self.nid = np.repeat(np.arange(a.size), self.size)
        self.cols = np.arange(self.nid.size) - self.start[self.nid] + a[self.nid]


def _arrow(m, d, e, sv, V, vectors, floor):
    """The arrow matrix of every merge: ``z``, the rotation of the null columns, tolerances."""
    eps = np.finfo(float).eps
    n = d.size
    a, k, b, sq, nid, cols = m.a, m.k, m.b, m.sq, m.nid, m.cols
    alpha = d[k]
    beta = np.where(k + 1 < b + sq, e[np.minimum(k, max(n - 2, 0))] if n > 1 else 0.0, 0.0)
    kk = k[nid]
    on_left = cols <= kk
    last_of_left = V[kk, cols] if vectors else V[1, cols]
    first_of_right = V[np.minimum(kk + 1, n - 1), cols] if vectors else V[0, cols]
    z = np.where(on_left, alpha[nid] * last_of_left, beta[nid] * first_of_right)
    poles = np.where(cols == kk, 0.0, sv[cols])
    tol = (
        8
        * eps
        * np.maximum(np.maximum.reduceat(poles, m.start), np.maximum(np.abs(alpha), np.abs(beta)))
    )
    tol = np.maximum(tol, floor)
    z_left = z[m.start + (k - a)]
    z_right = np.zeros(a.size)
    has_null = sq == 1
    if has_null.any():
        bb = b[has_null]
        z_right[has_null] = beta[has_null] * (V[k[has_null] + 1, bb] if vectors else V[0, bb])
    z0 = np.hypot(z_left, z_right)
    zero = z0 == 0.0
    c = np.where(zero, 1.0, z_left / np.where(zero, 1.0, z0))
    s = np.where(zero, 0.0, z_right / np.where(zero, 1.0, z0))
    z[m.start + (k - a)] = np.where(has_null, z0, z_left)
    return z, poles, tol, c, s


def _rotate_nulls(m, V, c, s):
    """Merge the two null columns ``k`` and ``b`` of each node with a node-wise rotation."""
    nodes = np.flatnonzero(m.sq == 1)
    if nodes.size:
        k, b = m.k[nodes], m.b[nodes]
        x, y = V[:, k], V[:, b]
        V[:, k], V[:, b] = c[nodes] * x + s[nodes] * y, c[nodes] * y - s[nodes] * x


def _edge_rows(m, V):
    """First and last rows of each merged node's V (values only): children's edges, zero-padded."""
    cols = np.concatenate((m.cols, m.b[m.sq == 1]))
    node = np.concatenate((m.nid, np.flatnonzero(m.sq == 1)))
    left = cols <= m.k[node]
    V[0, cols[~left]] = 0.0
    V[1, cols[left]] = 0.0


def _deflate_small_pole(m, cs, dd, zz, deflated, special, tol, V, side, item):
    r"""Rotate a pole :math:`d_j \le \text{tol}` into the zero pole's column (right side only).

    Columns :math:`z_0e_0` and :math:`z_je_0 + d_je_j` of the arrow are nearly parallel; the
    rotation with :math:`c = z_0/r, s = z_j/r` (:math:`r = \pm\sqrt{z_0^2 + z_j^2}`) leaves
    :math:`re_0 + sd_je_j` and :math:`cd_je_j`: dropping :math:`sd_j` (at most tol) deflates
    :math:`cd_j`, with its left vector unchanged. After the pair rounds at most one pole per
    merge can be this small (two would have been rotated together).
    """
    free = np.flatnonzero(~deflated & ~special)
    if not free.size:
        return
    first = free[np.r_[True, m.nid[free][1:] != m.nid[free][:-1]]]
    p = first[dd[first] <= tol[m.nid[first]]]
    if not p.size:
        return
    q = m.start[m.nid[p]]  # the special position of the same merge
    r = np.copysign(np.hypot(zz[q], zz[p]), zz[q])
    c, s = zz[q] / r, zz[p] / r
    x, y = V[:, cs[q]], V[:, cs[p]]
    V[:, cs[q]], V[:, cs[p]] = c * x + s * y, c * y - s * x
    zz[q], zz[p] = r, 0.0
    dd[p] *= c
    deflated[p] = True
    side[item[p]] = 2


def _solve_arrow(m, d_sorted, z_sorted, alive):
    """Secular equations of the surviving poles: singular values and vector coefficients."""
    nid = m.nid[alive]
    counts = np.bincount(nid, minlength=m.a.size)
    local = np.arange(alive.size) - _group_starts(nid, m.a.size)[nid]
    K = int(counts.max())
    P = np.full((m.a.size, K), np.inf)
    P[nid, local] = d_sorted[alive]
    W = np.zeros((m.a.size, K))
    W[nid, local] = z_sorted[alive] ** 2
    one = m.a.size == 1

    def differences(bl, o):
        Pb = P[0] if one else P[bl]
        Po = P[bl, o][:, None]
        return (Pb - Po) * (Pb + Po)

    rho = np.ones(m.a.size)
    roots = secular_roots(W, rho, counts, differences)
    do = P[roots.block, roots.origin]
    sigma = do + roots.tau / (do + np.sqrt(do * do + roots.tau))
    zhat = np.zeros((m.a.size, K))
    zhat[nid, local] = np.copysign(
        np.sqrt(np.maximum(loewner_weights(roots, rho, differences), 0)), z_sorted[alive]
    )
    Pz = (zhat if one else zhat[roots.block]) / roots.delta
    Vc = Pz / np.sqrt(np.einsum("ij,ij->i", Pz, Pz))[:, None]
    Uc = np.where(np.isfinite(P[roots.block]), P[roots.block], 0.0) * Pz
    Uc[:, 0] = -1.0
    Uc /= np.sqrt(np.einsum("ij,ij->i", Uc, Uc))[:, None]
    return roots.block, roots.index, sigma, Uc, Vc


def _merge_level(m, d, e, sv, U, V, vectors, floor):
    """One level of merges, in place on ``sv`` (singular values by column), ``U`` and ``V``."""
    z, poles, tol, c, s = _arrow(m, d, e, sv, V, vectors, floor)
    if not vectors:
        _edge_rows(m, V)
    _rotate_nulls(m, V, c, s)
    special = m.cols == m.k[m.nid]
    order = np.lexsort((np.where(special, -1.0, poles), m.nid))
    cs, dd, zz, special = m.cols[order], poles[order], z[order], special[order]
    item = cs - m.a[m.nid] + m.start[m.nid]  # the unsorted item of each sorted position
    side = (m.cols > m.k[m.nid]).astype(np.int8)  # per item: 0 left child, 1 right, 2 both

    def rotate(p, q, c_, s_):
        cp, cq = cs[p], cs[q]
        for Q in (U, V) if vectors else (V,):
            x, y = Q[:, cp], Q[:, cq]
            Q[:, cp], Q[:, cq] = c_ * x + s_ * y, c_ * y - s_ * x
        ip, iq = item[p], item[q]
        side[iq] = np.where(side[ip] != side[iq], 2, side[iq])

    deflated = (np.abs(zz) <= tol[m.nid]) & ~special
    _deflate_pairs(m.nid, dd, zz, deflated, tol, rotate, _svd_close, fixed=special)
    _deflate_small_pole(m, cs, dd, zz, deflated, special, tol, V, side, item)
    first = m.start  # the special column: z_0 must not vanish (it is an exact zero otherwise)
    zz[first] = np.where(
        np.abs(zz[first]) < np.finfo(float).eps * tol, np.finfo(float).eps * tol, zz[first]
    )
    alive = np.flatnonzero(~deflated)
    blk, index, sigma, Uc, Vc = _solve_arrow(m, dd, zz, alive)
    k_alive = np.bincount(m.nid[alive], minlength=m.a.size)
    dead = np.flatnonzero(deflated)
    dead_rank = np.arange(dead.size) - _group_starts(m.nid[dead], m.a.size)[m.nid[dead]]
    dead_new = m.a[m.nid[dead]] + k_alive[m.nid[dead]] + dead_rank
    sv[m.a[blk] + index] = sigma
    sv[dead_new] = dd[dead]
    _update(m, U, V, vectors, cs, item, alive, blk, index, Uc, Vc, dead, dead_new, k_alive, side)


def _update(m, U, V, vectors, cs, item, alive, blk, index, Uc, Vc, dead, dead_new, k_alive, side):
    """New singular vectors: ``U, V`` blocks times the coefficients; deflated columns kept."""
    if not vectors:
        keep = V[:, cs[dead]]
        K = Vc.shape[1]
        starts = _group_starts(m.nid[alive], m.a.size)
        gather = np.minimum(starts[blk][:, None] + np.arange(K), alive.size - 1)
        V[:, m.a[blk] + index] = np.einsum("xri,ri->xr", V[:, cs[alive][gather]], Vc)
        V[:, dead_new] = keep
        return
    alive_starts = _group_starts(m.nid[alive], m.a.size)
    root_starts = _group_starts(blk, m.a.size)
    dead_starts = _group_starts(m.nid[dead], m.a.size)
    small = m.size < _LOOP_FROM
    for t in np.flatnonzero(~small):
        a, k, b, sq, kt = int(m.a[t]), int(m.k[t]), int(m.b[t]), int(m.sq[t]), int(k_alive[t])
        pos = alive[alive_starts[t] : alive_starts[t] + kt]
        src, where = cs[pos], side[item[pos]]
        uc = Uc[root_starts[t] : root_starts[t] + kt, :kt].T
        vc = Vc[root_starts[t] : root_starts[t] + kt, :kt].T
        old = cs[dead[dead_starts[t] : dead_starts[t] + (b - a - kt)]]
        kept_u, kept_v = U[a:b, old], V[a : b + sq, old]
        special = src == k
        top_u, bottom_u = (where != 1) & ~special, (where != 0) & ~special
        up, down = U[a:k, src[top_u]], U[k + 1 : b, src[bottom_u]]
        np.matmul(up, uc[top_u], out=U[a:k, a : a + kt])
        U[k, a : a + kt] = uc[special].ravel()
        np.matmul(down, uc[bottom_u], out=U[k + 1 : b, a : a + kt])
        top_v, bottom_v = (where != 1) | special, (where != 0) | special
        up, down = V[a : k + 1, src[top_v]], V[k + 1 : b + sq, src[bottom_v]]
        np.matmul(up, vc[top_v], out=V[a : k + 1, a : a + kt])
        np.matmul(down, vc[bottom_v], out=V[k + 1 : b + sq, a : a + kt])
        U[a:b, a + kt : b] = kept_u
        V[a : b + sq, a + kt : b] = kept_v
    nodes = np.flatnonzero(small)
    if nodes.size:
        _update_small(m, U, V, cs, alive, blk, index, Uc, Vc, dead, dead_new, nodes)


def _update_small(m, U, V, cs, alive, blk, index, Uc, Vc, dead, dead_new, nodes):
    """The small merges as batched products of padded diagonal blocks."""
    slot = np.full(m.a.size, -1)
    slot[nodes] = np.arange(nodes.size)
    S = int(m.size[nodes].max())
    MU, MV = np.zeros((nodes.size, S, S)), np.zeros((nodes.size, S + 1, S + 1))
    on = np.flatnonzero(slot[blk] >= 0)
    if on.size:
        K = Vc.shape[1]
        starts = _group_starts(m.nid[alive], m.a.size)
        counts = np.bincount(m.nid[alive], minlength=m.a.size)
        t = blk[on]
        i = np.arange(K)[None, :]
        valid = i < counts[t][:, None]
        src = cs[alive][np.minimum(starts[t][:, None] + i, alive.size - 1)] - m.a[t][:, None]
        tt = np.broadcast_to(slot[t][:, None], valid.shape)[valid]
        jj = np.broadcast_to(index[on][:, None], valid.shape)[valid]
        MU[tt, src[valid], jj] = Uc[on][valid]
        MV[tt, src[valid], jj] = Vc[on][valid]
    dn = m.nid[dead]
    d_on = slot[dn] >= 0
    tt, old, new = slot[dn[d_on]], cs[dead[d_on]] - m.a[dn[d_on]], dead_new[d_on] - m.a[dn[d_on]]
    MU[tt, old, new] = MV[tt, old, new] = 1.0
    null = nodes[m.sq[nodes] == 1]
    MV[slot[null], m.size[null], m.size[null]] = 1.0  # the null column stays
    _diagonal_block_products(U, m.a[nodes], m.size[nodes], MU)
    _diagonal_block_products(V, m.a[nodes], m.size[nodes] + m.sq[nodes], MV)


def _bidiagonal_dc(d: np.ndarray, e: np.ndarray, vectors: bool):
    """Singular values (descending) of the upper bidiagonal (d, e); and U, V if asked."""
    n = d.size
    sv = np.zeros(n)
    U = np.eye(n) if vectors else None
    V = np.eye(n) if vectors else np.ones((2, n))
    if not (d.any() or e.any()):
        return sv, U, V
    # a tolerance floor for merges of exact zeros, large enough that its square is normal
    floor = 8 * np.finfo(float).eps ** 2 * max(np.max(np.abs(d)), np.max(np.abs(e), initial=0.0))
    floor = max(floor, 1e-150)
    for a, k, b, sq in _levels(n):
        _merge_level(_Merges(a, k, b, sq), d, e, sv, U, V, vectors, floor)
    order = np.argsort(-sv, kind="stable")
    if not vectors:
        return sv[order], None, None
    return sv[order], U[:, order], V[:, order]


def svd_bidiagonal(d, e, compute_uv: bool = True):
    r"""SVD :math:`B = U\operatorname{diag}(s)V^T` of the upper bidiagonal matrix with diagonal ``d``.

    Parameters
    ----------
    d : array_like, shape (n,)
        The diagonal.
    e : array_like, shape (n - 1,)
        The superdiagonal.
    compute_uv : bool
        Also return the singular vectors.

    Returns
    -------
    U : ndarray, shape (n, n)
    s : ndarray, shape (n,)
        Singular values, descending.
    Vt : ndarray, shape (n, n)
        ``s`` alone when ``compute_uv`` is false.

    Notes
    -----
    Divide and conquer (module docstring). Backward stable; :math:`U, V` orthogonal to
    :math:`O(n\varepsilon)`. Scaled by a power of two (exact) first.
    """
    d = as_vector(d, "d").astype(np.float64)
    e = as_float_array(e, "e", ndim=1).astype(np.float64)
    n = d.size
    if e.size != n - 1:
        raise InputError(f"e must have n - 1 = {n - 1} entries, got {e.size}")
    largest = max(float(np.max(np.abs(d))), float(np.max(np.abs(e), initial=0.0)))
    if largest == 0.0:
        s = np.zeros(n)
        return (np.eye(n), s, np.eye(n)) if compute_uv else s
    scale = 2.0 ** np.round(np.log2(largest))
    s, U, V = _bidiagonal_dc(d / scale, e / scale, compute_uv)
    s *= scale
    return (U, s, V.T) if compute_uv else s
