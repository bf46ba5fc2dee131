r"""Symmetric eigendecomposition :math:`A = V \Lambda V^T` (chapter 7, the spectral theorem).

**The spectral theorem.** A real symmetric matrix has real eigenvalues and an orthonormal basis
of eigenvectors: :math:`A = V\Lambda V^T = \sum_i \lambda_i v_i v_i^T`. Each :math:`\lambda_i`
is a Rayleigh quotient :math:`v_i^TAv_i`, and the extreme ones are its extreme values,
:math:`\lambda_{\min} = \min_{\|x\|=1} x^TAx`, :math:`\lambda_{\max} = \max_{\|x\|=1} x^TAx`.

**Default algorithm** (``method="dc"``, LAPACK's ``dsyevd``): three steps.

1. Householder reduction :math:`A = QTQ^T` to a symmetric tridiagonal :math:`T`, blocked so that
   half of the :math:`\tfrac43n^3` flops are matrix products (:mod:`.householder`).
2. Divide and conquer on :math:`T = Z\Lambda Z^T` (:mod:`.tridiagonal`): tear :math:`T` into halves
   and a rank-one term, solve the halves, merge through the secular equation
   (:mod:`.secular`); Gu–Eisenstat's Löwner correction keeps :math:`Z` orthogonal.
3. Back-transformation :math:`V = QZ`, three matrix products per panel of reflectors.

Backward stable: the result is the exact eigendecomposition of :math:`A + E`,
:math:`\|E\| = O(n\varepsilon\|A\|)`, so each :math:`|\hat\lambda_i - \lambda_i| =
O(n\varepsilon\|A\|)` (Weyl) and :math:`V^TV = I` to :math:`O(n\varepsilon)`. About
:math:`\tfrac43n^3` flops for the values, :math:`\approx 4.7n^3` with vectors (the reduction,
about :math:`\tfrac43n^3` for the divide and conquer, :math:`2n^3` for the back-transformation).

**Didactic algorithm** (``method="jacobi"``): Gershgorin's theorem bounds every eigenvalue by
:math:`|\lambda| \le c = \max_i \sum_j |a_{ij}|`, so :math:`B = A + cI` is positive
semidefinite with the same eigenvectors; for such a matrix the SVD *is* the eigendecomposition,
so the one-sided Jacobi SVD gives :math:`V`, and the eigenvalues are read off as Rayleigh
quotients :math:`v_i^TAv_i`. Many sweeps of rotations (no matrix products): 30–100 times slower
at :math:`n \ge 500`. Prefer it to study rotations, or — through the Jacobi SVD it calls — for
graded positive definite matrices, whose small eigenvalues one-sided Jacobi finds to high
*relative* accuracy where the default is only accurate relative to :math:`\|A\|`.

Sign convention (both methods): the largest-magnitude entry of each eigenvector is positive.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_matrix
from .decomp_svd import svd
from .householder import _apply_tridiagonal_q, _tridiagonal_reduction
from .tridiagonal import _divide_and_conquer

__all__ = ["eigh", "eigvalsh"]

METHODS = ("dc", "jacobi")


def _prepare(A, UPLO: str, method: str, check_symmetric: bool):
    """The symmetric matrix of the chosen triangle (float64, scaled by a power of two), its scale."""
    if UPLO not in ("L", "U"):
        raise InputError(f"UPLO must be 'L' or 'U', got {UPLO!r}")
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    A = as_matrix(A, "A", square=True)
    dtype = A.dtype
    A = A.astype(np.float64, copy=False)
    largest = float(np.max(np.abs(A)))
    asymmetry = float(np.max(np.abs(A - A.T)))
    if check_symmetric and asymmetry > np.sqrt(np.finfo(float).eps) * largest:
        raise LinAlgError("A is not symmetric")
    scale = 2.0 ** np.round(np.log2(largest)) if largest > 0 else 1.0
    if asymmetry == 0.0:
        return A * (1.0 / scale), scale, dtype
    S = np.tril(A) if UPLO == "L" else np.triu(A).T
    S = S + np.tril(S, -1).T
    S *= 1.0 / scale
    return S, scale, dtype


def _flip(V: np.ndarray) -> np.ndarray:
    """Make the largest-magnitude entry of each column positive (in place)."""
    n = V.shape[1]
    flip = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(n)])
    flip[flip == 0] = 1.0
    V *= flip
    return V


def _eigh_jacobi(S: np.ndarray):
    """Eigenvalues and vectors by the Jacobi SVD of the Gershgorin-shifted matrix."""
    n = S.shape[0]
    shift = float(np.max(np.sum(np.abs(S), axis=1)))  # Gershgorin: S + shift*I is PSD
    _, _, Vt = svd(S + shift * np.eye(n), method="jacobi")
    V = Vt.T
    w = np.einsum("ij,ij->j", V, S @ V)  # Rayleigh quotients v_i^T S v_i
    order = np.argsort(w, kind="stable")
    return w[order], np.ascontiguousarray(V[:, order])


def _eigh_dc(S: np.ndarray, vectors: bool):
    """Householder tridiagonalization, divide and conquer, back-transformation."""
    d, e, F, taus = _tridiagonal_reduction(np.ascontiguousarray(S))
    w, Z = _divide_and_conquer(d, e, vectors)
    return w, (_apply_tridiagonal_q(F, taus, Z) if vectors else None)


def eigh(A, UPLO: str = "L", *, method: str = "dc", check_symmetric: bool = True):
    r"""Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix.

    ``numpy.linalg.eigh``'s interface and return convention: ``w, V = eigh(A)`` with
    ``A @ V = V * w``.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric.
    UPLO : {"L", "U"}
        The triangle that is used (the other is only checked, see ``check_symmetric``).
    method : {"dc", "jacobi"}
        ``"dc"``: Householder tridiagonalization and divide and conquer (fast, the default);
        ``"jacobi"``: the Jacobi SVD of a shifted matrix (didactic; see the module docstring).
    check_symmetric : bool
        Raise if :math:`\max|A - A^T| > \sqrt{\varepsilon}\max|A|`.

    Returns
    -------
    w : ndarray, shape (n,)
        Eigenvalues, ascending.
    V : ndarray, shape (n, n)
        Column ``V[:, i]`` is the unit eigenvector of ``w[i]``; :math:`V^TV = I`. Its
        largest-magnitude entry is positive.

    Raises
    ------
    LinAlgError
        If ``A`` is not symmetric.

    Notes
    -----
    ``float32`` input is computed in double precision and returned as ``float32``.
    """
    S, scale, dtype = _prepare(A, UPLO, method, check_symmetric)
    w, V = _eigh_jacobi(S) if method == "jacobi" else _eigh_dc(S, True)
    out = np.float32 if dtype == np.float32 else np.float64
    return (w * scale).astype(out), _flip(V).astype(out, copy=False)


def eigvalsh(A, UPLO: str = "L", *, method: str = "dc", check_symmetric: bool = True):
    r"""Eigenvalues of a symmetric matrix, ascending (``numpy.linalg.eigvalsh``).

    Skips the eigenvectors: the tridiagonal divide and conquer carries only two rows of them
    and there is no back-transformation, so the cost is the :math:`\tfrac43n^3` flops of the
    reduction. Parameters as :func:`eigh`.

    Returns
    -------
    w : ndarray, shape (n,)
    """
    S, scale, dtype = _prepare(A, UPLO, method, check_symmetric)
    w = _eigh_jacobi(S)[0] if method == "jacobi" else _eigh_dc(S, False)[0]
    return (w * scale).astype(np.float32 if dtype == np.float32 else np.float64)
