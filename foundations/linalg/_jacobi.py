r"""The one-sided Jacobi SVD (Hestenes), preconditioned by QR (Drmač–Veselić) (chapter 7).

The didactic algorithm behind ``svd(A, method="jacobi")`` and ``eigh(A, method="jacobi")``.

**One-sided Jacobi.** Rotate pairs of rows :math:`y_p, y_q` of a matrix :math:`Y` by a plane
rotation that makes them orthogonal. With :math:`a = \|y_p\|^2`, :math:`b = \|y_q\|^2`,
:math:`c = y_p \cdot y_q`,

.. math::
    \zeta = \frac{b - a}{2c}, \quad t = \frac{\operatorname{sign}\zeta}{|\zeta| + \sqrt{1 + \zeta^2}},
    \quad \cos\theta = \frac{1}{\sqrt{1+t^2}}, \quad \sin\theta = t\cos\theta,

and :math:`(y_p, y_q) \leftarrow (\cos\theta\, y_p - \sin\theta\, y_q,\; \sin\theta\, y_p +
\cos\theta\, y_q)`. Sweeping over all pairs until every :math:`|c| \le \text{tol}\sqrt{ab}`
leaves :math:`Y_\infty = W^T Y` with orthogonal rows, i.e. :math:`Y = W \Sigma X^T`:
the row norms are the singular values and the normalised rows the right singular vectors
:math:`X`. A row smaller than :math:`\sqrt{n}\,\varepsilon` times the largest is rounding
noise (rank deficiency) and counts as orthogonal to everything: its singular vector is taken
from the orthogonal complement of the others, as for an exact zero.

Rather than accumulating the rotations (twice the work), :math:`W = YX\Sigma^{-1}` is recovered
at the end and re-orthonormalised by a Householder QR in order of decreasing :math:`\sigma`:
column :math:`i` is accurate to :math:`O(\varepsilon\sigma_1/\sigma_i)`, so its contribution to
the reconstruction error, :math:`\sigma_i` times that, stays :math:`O(\varepsilon\sigma_1)`.
The *round-robin* ordering pairs the :math:`n` rows into :math:`n/2` disjoint pairs per round,
so a whole round is a handful of vector operations.

**Preconditioning** (Drmač–Veselić). Jacobi is applied not to :math:`A` but to the triangular
factor of :math:`A P = QR` (columns sorted by decreasing norm) after a few QR sweeps
:math:`R^T = Q_1 R_1`, :math:`R_1^T = Q_2 R_2, \dots` (each an orthogonal change of basis).
These push the triangle towards a graded, nearly diagonal matrix, on which Jacobi converges in
a few sweeps instead of a dozen.

**When to prefer it.** Every sweep is :math:`O(n^3)` rotations that are not matrix products,
so it is 20–100 times slower than divide and conquer at :math:`n \ge 500`. In exchange it
computes the singular values of a matrix :math:`A = BD` with :math:`D` diagonal and :math:`B`
well conditioned (a *graded* matrix) to high *relative* accuracy — also the tiny ones, which a
bidiagonalization only gets to :math:`O(\varepsilon\sigma_1)`.
"""

from __future__ import annotations

import numpy as np

from ..errors import LinAlgError
from .decomp_qr import qr

__all__ = ["jacobi_svd_tall"]

_MAX_SWEEPS = 40
_QR_SWEEPS = 4
_QR_SWEEPS_FROM = 96  # below this size Jacobi converges fast enough on its own
_RECOMPUTE_BELOW = 1e-3  # recompute a squared norm that fell below this fraction of its peak


def _round_robin_permutation(n: int) -> np.ndarray:
    """The row permutation that moves a round-robin tournament on ``n`` (even) rows one round on.

    Rows sit in ``n`` seats; seat ``i`` plays seat ``n - 1 - i``. Row position ``j < n/2`` is seat
    ``j``, position ``n/2 + j`` is seat ``n - 1 - j``, so a round pairs the top half of the matrix
    with its bottom half, position by position. Between rounds seat 0 stays and the others move
    one seat on (the "circle method"): after ``n - 1`` rounds every pair has met exactly once.
    """
    half = n // 2
    position_of_seat = np.empty(n, dtype=np.intp)
    position_of_seat[:half] = np.arange(half)
    position_of_seat[half:] = np.arange(n - 1, half - 1, -1)
    previous_seat = np.concatenate(([0, n - 1], np.arange(1, n - 1)))
    perm = np.empty(n, dtype=np.intp)
    perm[position_of_seat] = position_of_seat[previous_seat]
    return perm


def _jacobi_rows(W: np.ndarray, k: int, tol: float) -> tuple[np.ndarray, np.ndarray, float]:
    r"""Orthogonalise the rows of ``W[:, :k]`` by one-sided Jacobi rotations.

    The rotations are applied to whole rows, so any extra columns of ``W`` (an identity, say)
    accumulate them. ``W`` must have an even number of rows; it is overwritten, and its rows end
    up permuted. Returns ``(rows, norms, negligible)``: ``rows[i]`` is the original index of the
    row now at position ``i``, ``norms`` the squared norms of the final rows, and rows with
    ``norms <= negligible`` are numerically zero (see below): they took no part in the last sweep,
    so they need not be orthogonal to anything.

    Two safeguards make rank-deficient input converge:

    * **Negligible rows.** A row whose norm is below :math:`\sqrt{k}\,\varepsilon` times the
      largest is noise from rounding (a zero singular value of ``A`` ends up as a row of
      size :math:`\approx\varepsilon\|A\|`). Asking it to be orthogonal to the others *relative
      to its own norm* cannot succeed: when the row lies (to rounding) in the span of the large
      rows, rotating it against them cancels all its significant digits, the remainder is again
      rounding noise, and the row only shrinks, sweep after sweep, without ever passing the test.
      Such a pair counts as converged; together the negligible rows weigh at most
      :math:`k\varepsilon\sigma_1` (Frobenius), the size of the error the QR already made.
    * **Exact norms after cancellation.** The squared norms are updated by the rotation
      (:math:`a \leftarrow a - tc`, :math:`b \leftarrow b + tc`) rather than recomputed, which
      costs an absolute error of :math:`\varepsilon` times the largest value the norm has had since
      it was last computed. A norm that has fallen far below that is recomputed from its row,
      otherwise it could be wildly wrong, even negative.
    """
    n = W.shape[0]
    half = n // 2
    rows = np.arange(n)
    norms = np.einsum("ij,ij->i", W[:, :k], W[:, :k])
    if n < 2:
        return rows, norms, 0.0
    eps = np.finfo(W.dtype).eps
    perm = _round_robin_permutation(n)
    top, bottom = W[:half], W[half:]
    for _sweep in range(_MAX_SWEEPS):
        # The largest norm never decreases under rotations, so a negligible row stays so.
        negligible = k * eps * eps * float(norms.max())
        peak = norms.copy()  # the largest value of each norm since it was last computed
        rotated = 0
        for _ in range(n - 1):
            c = np.einsum("ij,ij->i", top[:, :k], bottom[:, :k])
            a, b = norms[:half], norms[half:]
            active = (np.abs(c) > tol * np.sqrt(a * b)) & (np.minimum(a, b) > negligible)
            n_active = int(np.count_nonzero(active))
            if n_active:
                rotated += n_active
                # zeta = cot(2 theta) = (b - a) / (2c); |c| > tol sqrt(ab) bounds it, and hypot
                # cannot overflow, so t = tan(theta) (the smaller root) is always finite.
                zeta = (b - a) / (2.0 * np.where(active, c, 1.0))
                t = np.copysign(1.0, zeta) / (np.abs(zeta) + np.hypot(1.0, zeta))
                t[~active] = 0.0
                cos = 1.0 / np.sqrt(1.0 + t * t)
                sin = cos * t
                if 2 * n_active >= half:  # most pairs rotate: whole halves, in place
                    old_top = top.copy()
                    top *= cos[:, None]
                    top -= sin[:, None] * bottom
                    bottom *= cos[:, None]
                    bottom += sin[:, None] * old_top
                else:  # a few pairs: only those rows
                    i = np.flatnonzero(active)
                    Yp, Yq = top[i], bottom[i]
                    cs, sn = cos[i, None], sin[i, None]
                    top[i] = cs * Yp - sn * Yq
                    bottom[i] = sn * Yp + cs * Yq
                norms[:half] = a - t * c
                norms[half:] = b + t * c
                np.maximum(peak, norms, out=peak)
                lost = np.flatnonzero(norms < _RECOMPUTE_BELOW * peak)
                if lost.size:
                    norms[lost] = peak[lost] = np.einsum("ij,ij->i", W[lost, :k], W[lost, :k])
            W[:] = W[perm]
            norms = norms[perm]
            peak = peak[perm]
            rows = rows[perm]
        # Recompute the norms exactly once per sweep (the updates above drift slowly).
        norms = np.einsum("ij,ij->i", W[:, :k], W[:, :k])
        if rotated == 0:
            return rows, norms, negligible
    raise LinAlgError(f"one-sided Jacobi SVD did not converge in {_MAX_SWEEPS} sweeps")


def _complete_basis(Vt: np.ndarray, good: np.ndarray) -> np.ndarray:
    """Replace the rows of ``Vt`` not marked ``good`` by an orthonormal basis of the complement."""
    if good.all():
        return Vt
    n = Vt.shape[1]
    r = int(good.sum())
    if r == 0:
        basis = np.eye(n)[: Vt.shape[0]]
    else:
        Qc, _ = qr(Vt[good].T, mode="complete")
        basis = Qc[:, r:].T
    out = Vt.copy()
    out[~good] = basis[: int((~good).sum())]
    return out


def jacobi_svd_tall(A: np.ndarray, compute_uv: bool, full_matrices: bool):
    """SVD of a tall (m >= n) float64 matrix of unit scale: ``(U, s, Vt)`` sorted by ``s``, signs
    not yet fixed; ``(None, s, None)`` without ``compute_uv``."""
    m, n = A.shape
    eps = np.finfo(A.dtype).eps
    order = np.argsort(-np.einsum("ij,ij->j", A, A), kind="stable")
    if compute_uv:
        Q, M = qr(A[:, order], mode="complete" if full_matrices else "reduced")
        M = M[:n]
    else:
        M = qr(A[:, order], mode="r")
    # A P = Q M Z^T with Z accumulated by the QR sweeps: M <- R of (R of M^T)^T.
    Z = np.eye(n, dtype=A.dtype)
    U_small = np.eye(n, dtype=A.dtype)
    if n >= _QR_SWEEPS_FROM:
        for _ in range(_QR_SWEEPS):
            if compute_uv:
                Q1, R1 = qr(M.T)  # M = R1^T Q1^T
                Q2, M = qr(R1.T)  # R1^T = Q2 M
                Z = Z @ Q1
                U_small = U_small @ Q2
            else:
                M = qr(qr(M.T, mode="r").T, mode="r")
    # Jacobi on the rows of M: W^T M = Sigma X^T, so M = W Sigma X^T. Only M's rows are rotated
    # (W is not accumulated, which halves the work); W is recovered below.
    rows = n + (n % 2)
    Wj = np.zeros((rows, n), dtype=A.dtype)
    Wj[:n] = M
    rows_now, norms, negligible = _jacobi_rows(Wj, n, tol=n * eps)
    kept = rows_now < n  # drop the padding row
    idx = np.argsort(-norms[kept], kind="stable")
    s = np.sqrt(norms[kept][idx])
    if not compute_uv:
        return None, s, None
    Y = Wj[kept][idx]
    # Rows Jacobi left alone as numerically zero get a completing basis, like exact zeros.
    good = norms[kept][idx] > negligible
    Xt = np.zeros_like(Y)
    Xt[good] = Y[good] / s[good, None]
    Xt = _complete_basis(Xt, good)
    # W = M X Sigma^{-1}, column by column, then re-orthonormalised by a Householder QR taken in
    # order of decreasing sigma. Column i is accurate to about eps * sigma_1 / sigma_i, so the
    # error it adds to the reconstruction, sigma_i times that, stays O(eps * sigma_1): the
    # factorization remains backward stable. Zero singular values get a completing basis.
    W = np.zeros((n, n), dtype=A.dtype)
    W[:, good] = (M @ Xt[good].T) / s[good]
    W, R_w = qr(W)
    signs = np.sign(np.diagonal(R_w)).copy()
    signs[signs == 0] = 1.0
    W *= signs
    # A P = Q (U_small W) Sigma (Z X)^T.
    Vt = np.empty((n, n), dtype=A.dtype)
    Vt[:, order] = Xt @ Z.T
    left = U_small @ W
    if full_matrices and m > n:
        U = Q.copy()
        U[:, :n] = Q[:, :n] @ left
    else:
        U = Q @ left
    return U, s, Vt
