r"""Randomized SVD (Halko–Martinsson–Tropp): a rank-:math:`k` SVD from a few products with :math:`A`.

Idea: if :math:`A` (:math:`m \times n`) is close to rank :math:`k`, then :math:`A\Omega` for a
Gaussian :math:`n \times \ell` matrix :math:`\Omega` (:math:`\ell = k + p`, :math:`p` a few
*oversamples*) spans almost all of the range of :math:`A`. With :math:`Q` an orthonormal basis of
that sample,

.. math:: A \approx Q Q^T A = Q B, \qquad B = Q^T A \;(\ell \times n),

and the SVD of the small :math:`B = \hat U \Sigma V^T` gives :math:`A \approx (Q\hat U)\Sigma V^T`.

*Power iterations* sharpen the sample when the spectrum decays slowly: sampling
:math:`(AA^T)^q A\Omega` weights the directions by :math:`\sigma_i^{2q+1}` instead of
:math:`\sigma_i`. Between products the block is re-normalised (else the columns all align
with :math:`u_1` in floating point). Any well-conditioned basis of the same span will do, so
the default is *Cholesky QR*, :math:`Y \to YR^{-1}` with :math:`R^TR = Y^TY` — one small Gram
matrix and one triangular solve — falling back to LU with partial pivoting,
:math:`Y = PLU \to PL` (scikit-learn's choice; :math:`|L_{ij}| \le 1`), when :math:`Y` is too ill
conditioned for it; a Householder QR gives the orthonormal basis once at the end.

Expected error (HMT 2011, Thm 10.6): :math:`\mathbb{E}\|A - QQ^TA\|_F \le
(1 + \tfrac{k}{p-1})^{1/2} (\sum_{j>k}\sigma_j^2)^{1/2}` for :math:`q = 0`, which the power
iterations push towards the Eckart–Young optimum.

The cost is :math:`2(q+1)` products of :math:`A` with :math:`\ell` vectors — :math:`O(mn\ell)`
instead of the :math:`O(mn\min(m,n))` of a full SVD.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_matrix, check_rng
from .decomp_cholesky import cholesky
from .decomp_lu import lu
from .decomp_qr import qr
from .decomp_svd import svd
from .triangular import solve_triangular

__all__ = ["randomized_range_finder", "randomized_svd"]


def _cholesky_qr(Y: np.ndarray) -> np.ndarray:
    r"""A well-conditioned basis of range(Y): :math:`Y R^{-1}` with :math:`R^TR = Y^TY` (Cholesky QR).

    One small Gram matrix and one triangular solve — much cheaper than a Householder QR or an LU
    of the tall :math:`Y`. If :math:`Y` is too ill conditioned for the Cholesky factorization of
    :math:`Y^TY` (condition number beyond about :math:`10^8`), fall back to LU: :math:`Y = PLU
        o PL`.
    """
    try:
        L = cholesky(Y.T @ Y)
    except LinAlgError:
        return lu(Y, permute_l=True)[0]
    return solve_triangular(L, Y.T, lower=True).T


def _normalizer(kind: str):
    if kind == "LU":
        return lambda Y: lu(Y, permute_l=True)[0]
    if kind == "cholesky":
        return _cholesky_qr
    if kind == "QR":
        return lambda Y: qr(Y)[0]
    return lambda Y: Y


def randomized_range_finder(
    A, size: int, n_iter: int, *, power_iteration_normalizer="auto", random_state=None
):
    r"""An :math:`m \times` ``size`` matrix :math:`Q` with orthonormal columns, :math:`A \approx QQ^TA`.

    ``Q`` spans :math:`(AA^T)^{q} A \Omega` with Gaussian :math:`\Omega` and :math:`q` = ``n_iter``
    (HMT Algorithm 4.4 with cheap re-normalisation). ``power_iteration_normalizer`` is
    ``"auto"`` (none for ``n_iter <= 2``, else ``"cholesky"``), ``"cholesky"`` (Cholesky QR,
    falling back to LU), ``"LU"`` (:math:`PL` of :math:`Y = PLU`, scikit-learn's), ``"QR"``
    (Householder) or ``"none"``.
    """
    rng = check_rng(random_state)
    if power_iteration_normalizer == "auto":
        power_iteration_normalizer = "none" if n_iter <= 2 else "cholesky"
    if power_iteration_normalizer not in ("LU", "QR", "cholesky", "none"):
        raise InputError(
            "power_iteration_normalizer must be 'auto', 'cholesky', 'LU', 'QR' or 'none', "
            f"got {power_iteration_normalizer!r}"
        )
    normalize = _normalizer(power_iteration_normalizer)
    Q = rng.normal(size=(A.shape[1], size))
    if A.dtype == np.float32:
        Q = Q.astype(np.float32)
    for _ in range(n_iter):
        Q = normalize(A @ Q)
        # A^T Q computed as (Q^T A)^T: the same numbers, but the product streams through A in
        # its own (row-major) order, which measured faster than the transposed product.
        Q = normalize((Q.T @ A).T)
    Q, _ = qr(A @ Q)
    return Q


def _svd_flip(U: np.ndarray, Vt: np.ndarray, u_based: bool) -> None:
    """scikit-learn's ``svd_flip``: make the largest-magnitude entry of each column of ``U``
    (``u_based``) or of each row of ``Vt`` positive, in place."""
    if u_based:
        idx = np.argmax(np.abs(U), axis=0)
        signs = np.sign(U[idx, np.arange(U.shape[1])])
    else:
        idx = np.argmax(np.abs(Vt), axis=1)
        signs = np.sign(Vt[np.arange(Vt.shape[0]), idx])
    signs[signs == 0] = 1.0
    U *= signs
    Vt *= signs[:, None]


def randomized_svd(
    A,
    n_components: int,
    *,
    n_oversamples: int = 10,
    n_iter: int = 4,
    power_iteration_normalizer: str = "auto",
    transpose="auto",
    flip_sign: bool = True,
    random_state=None,
):
    r"""Approximate rank-``n_components`` SVD (``sklearn.utils.extmath.randomized_svd``'s interface).

    Parameters
    ----------
    A : array_like, shape (m, n)
    n_components : int
        Rank :math:`k` of the approximation, :math:`1 \le k \le \min(m, n)`.
    n_oversamples : int
        Extra random vectors :math:`p`; the sample has :math:`\ell = k + p` columns (capped at
        :math:`\min(m, n)`).
    n_iter : int
        Number of power iterations :math:`q`.
    power_iteration_normalizer : {"auto", "cholesky", "LU", "QR", "none"}
        How the block is re-normalised between products (see :func:`randomized_range_finder`).
    transpose : bool or "auto"
        Work with :math:`A^T` ("auto": when :math:`m < n`, as scikit-learn).
    flip_sign : bool
        Deterministic signs, scikit-learn's rule: the largest-magnitude entry of each column of
        the returned ``U`` is positive (whether or not the work was transposed).
    random_state : None, int or numpy Generator

    Returns
    -------
    U : ndarray, shape (m, k)
    s : ndarray, shape (k,)
        Descending.
    Vt : ndarray, shape (k, n)
    """
    A = as_matrix(A, "A")
    k_max = min(A.shape)
    if not isinstance(n_components, (int, np.integer)) or not 1 <= n_components <= k_max:
        raise InputError(
            f"n_components must be an integer between 1 and {k_max}, got {n_components!r}"
        )
    if not isinstance(n_oversamples, (int, np.integer)) or n_oversamples < 0:
        raise InputError(f"n_oversamples must be a non-negative integer, got {n_oversamples!r}")
    if not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise InputError(f"n_iter must be a non-negative integer, got {n_iter!r}")
    if transpose == "auto":
        transpose = A.shape[0] < A.shape[1]
    M = A.T if transpose else A
    size = min(n_components + n_oversamples, k_max)
    Q = randomized_range_finder(
        M,
        size,
        n_iter,
        power_iteration_normalizer=power_iteration_normalizer,
        random_state=random_state,
    )
    B = Q.T @ M  # (size, n): small, its SVD is cheap (QR + Jacobi on a size x size triangle)
    U_hat, s, Vt = svd(B, full_matrices=False)
    U = Q @ U_hat
    if flip_sign:
        _svd_flip(U, Vt, u_based=not transpose)
    k = n_components
    if transpose:
        return Vt[:k].T.copy(), s[:k], U[:, :k].T.copy()
    return U[:, :k], s[:k], Vt[:k]
