r"""The randomized SVD by row chunks: every product with :math:`A` is a map and a sum (chapter 8).

The randomized range finder (:mod:`.randomized`) touches :math:`A` only through products:
with :math:`A = [A_1; \dots; A_c]` cut into row chunks,

.. math::
    A\Omega = [A_1\Omega; \dots; A_c\Omega] \quad\text{(chunk by chunk)},\qquad
    A^TY = \sum_c A_c^TY_c \quad\text{(a reduction)},\qquad
    Q^TA = \sum_c Q_c^TA_c .

Between power iterations the tall block :math:`Y` is re-normalised by Cholesky QR,
:math:`Y R^{-1}` with :math:`R^TR = \sum_c Y_c^TY_c` (one small reduction; TSQR,
:func:`.chunked.tsqr`, when :math:`Y^TY` is too ill conditioned for Cholesky), and the final
basis is the :math:`Q` of a TSQR. The small :math:`\ell \times n` matrix :math:`B = Q^TA`
is factored in memory. With the same generator the Gaussian :math:`\Omega` is the one
:func:`~.randomized.randomized_range_finder` draws, so the two span the same subspace up to
rounding, and their errors agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import check_rng
from .chunked import LocalChunks, tsqr
from .decomp_cholesky import cholesky
from .decomp_qr import qr
from .decomp_svd import svd
from .triangular import solve_triangular

__all__ = ["randomized_range_finder_chunks", "randomized_svd_chunks"]


def _times(A, *, M):
    return A @ M


def _gram(Y):
    return Y.T @ Y


def _transpose_times(A, Y):
    return A.T @ Y


def _right_solve(Y, *, L):
    # Y R^{-1} with R = L^T:  solve L Z^T = Y^T
    return solve_triangular(L, Y.T, lower=True).T if Y.shape[0] else Y


def _orthonormalize(engine, Y_chunks):
    """A well-conditioned basis of the chunked block: Cholesky QR, else the TSQR ``Q``."""
    G = engine.total(engine.map(_gram, Y_chunks))
    try:
        L = cholesky(G)
    except LinAlgError:
        return tsqr(Y_chunks, engine, want_q=True)[1]
    return engine.map(_right_solve, Y_chunks, L=L)


def randomized_range_finder_chunks(
    chunks: Sequence, n_columns: int, size: int, n_iter: int, *, engine=None, random_state=None
) -> list:
    r"""Per-chunk rows of :math:`Q` (orthonormal, ``size`` columns) with :math:`A \approx QQ^TA`.

    :math:`Q` spans :math:`(AA^T)^q A\Omega` for Gaussian :math:`\Omega` (``n_columns`` ×
    ``size``, drawn first from ``random_state``), :math:`q` = ``n_iter``; the block is
    re-normalised after every product (Cholesky QR of the chunks, TSQR as fallback).

    Returns
    -------
    Q_chunks : list
        The engine's handles of the chunks of :math:`Q` (arrays for ``LocalChunks``).
    """
    engine = LocalChunks() if engine is None else engine
    if not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise InputError(f"n_iter must be a non-negative integer, got {n_iter!r}")
    rng = check_rng(random_state)
    Omega = rng.normal(size=(n_columns, size))
    for _ in range(n_iter):
        Y = _orthonormalize(engine, engine.map(_times, chunks, M=Omega))
        Z = engine.total(engine.map(_transpose_times, chunks, Y))  # A^T Q, (n, size)
        Omega = qr(Z)[0]
    return tsqr(engine.map(_times, chunks, M=Omega), engine, want_q=True)[1]


def randomized_svd_chunks(
    chunks: Sequence,
    n_components: int,
    *,
    n_oversamples: int = 10,
    n_iter: int = 4,
    engine=None,
    random_state=None,
):
    r"""Rank-``n_components`` SVD of the row-stacked ``chunks``: ``(U_chunks, s, Vt)``.

    :math:`B = Q^TA = \sum_c Q_c^TA_c` (``ℓ × n``, in memory) has the SVD
    :math:`\hat U\Sigma V^T`; :math:`U = Q\hat U` stays in chunks. Signs: the largest-magnitude
    entry of every row of ``Vt`` is positive (scikit-learn's ``svd_flip`` with
    ``u_based_decision=False``; ``U`` is never gathered to decide).

    Returns
    -------
    U_chunks : list of the engine's handles, chunk :math:`c` of shape (m_c, k)
    s : ndarray, shape (k,)
    Vt : ndarray, shape (k, n)
    """
    engine = LocalChunks() if engine is None else engine
    shapes = engine.gather(engine.map(np.shape, chunks))
    m, n = sum(s[0] for s in shapes), shapes[0][1]
    k_max = min(m, n)
    if not isinstance(n_components, (int, np.integer)) or not 1 <= n_components <= k_max:
        raise InputError(f"n_components must be an integer between 1 and {k_max}")
    size = min(n_components + n_oversamples, k_max)
    Q = randomized_range_finder_chunks(
        chunks, n, size, n_iter, engine=engine, random_state=random_state
    )
    B = engine.total(engine.map(_transpose_times, Q, chunks))  # (size, n)
    U_hat, s, Vt = svd(B, full_matrices=False)
    rows = np.arange(Vt.shape[0])
    signs = np.sign(Vt[rows, np.argmax(np.abs(Vt), axis=1)])
    signs[signs == 0] = 1.0
    Vt = Vt * signs[:, None]
    U_hat = U_hat * signs
    k = n_components
    return engine.map(_times, Q, M=U_hat[:, :k]), s[:k], Vt[:k]
