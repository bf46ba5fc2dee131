r"""Symmetric eigendecomposition :math:`A = V \Lambda V^T` (chapter 7, the spectral theorem).

**The spectral theorem.** A real symmetric matrix has real eigenvalues and an orthonormal basis
of eigenvectors: :math:`A = V\Lambda V^T = \sum_i \lambda_i v_i v_i^T`. Each :math:`\lambda_i`
is a Rayleigh quotient :math:`v_i^TAv_i`, and the extreme ones are its extreme values,
:math:`\lambda_{\min} = \min_{\|x\|=1} x^TAx`, :math:`\lambda_{\max} = \max_{\|x\|=1} x^TAx`.

**Algorithm: Jacobi on a positive shift.** Gershgorin's theorem bounds every eigenvalue by
:math:`|\lambda| \le c = \max_i \sum_j |a_{ij}|`, so :math:`B = A + cI` is positive
semidefinite with the same eigenvectors and eigenvalues :math:`\lambda_i + c`. For such a
matrix the SVD *is* the eigendecomposition (:math:`U = V`), so the QR-preconditioned one-sided
Jacobi SVD (:func:`foundations.linalg.svd`) gives :math:`V`; Jacobi rotations keep :math:`V`
orthogonal to working precision, even for repeated and clustered eigenvalues. The eigenvalues
are then read off as Rayleigh quotients :math:`\lambda_i = v_i^T A v_i`, whose error is of the
order of the *square* of the eigenvector error. Backward stable: the result is the exact
eigendecomposition of :math:`A + E`, :math:`\|E\| = O(\varepsilon\|A\|)`, so each
:math:`|\hat\lambda_i - \lambda_i| = O(\varepsilon\|A\|)` (Weyl).

Sign convention: the largest-magnitude entry of each eigenvector is positive.
"""

from __future__ import annotations

import numpy as np

from ..errors import LinAlgError
from ..validation import as_matrix
from .decomp_svd import svd

__all__ = ["eigh"]


def eigh(A, *, check_symmetric: bool = True) -> tuple[np.ndarray, np.ndarray]:
    r"""Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix.

    ``numpy.linalg.eigh``'s return convention: ``w, V = eigh(A)`` with ``A @ V = V * w``.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric.
    check_symmetric : bool
        Raise if :math:`\max|A - A^T| > \sqrt{\varepsilon}\max|A|`; the symmetric part
        :math:`(A + A^T)/2` is used in any case.

    Returns
    -------
    w : ndarray, shape (n,)
        Eigenvalues, ascending.
    V : ndarray, shape (n, n)
        Column ``V[:, i]`` is the unit eigenvector of ``w[i]``; :math:`V^TV = I`.

    Raises
    ------
    LinAlgError
        If ``A`` is not symmetric.
    """
    A = as_matrix(A, "A", square=True).astype(np.float64, copy=False)
    scale = np.max(np.abs(A))
    if check_symmetric and np.max(np.abs(A - A.T)) > np.sqrt(np.finfo(float).eps) * scale:
        raise LinAlgError("A is not symmetric")
    S = (A + A.T) / 2
    n = S.shape[0]
    shift = float(np.max(np.sum(np.abs(S), axis=1)))  # Gershgorin: B = S + shift*I is PSD
    B = S + shift * np.eye(n)
    _, _, Vt = svd(B)  # rows of Vt: eigenvectors of B, hence of S
    V = Vt.T
    w = np.einsum("ij,ij->j", V, S @ V)  # Rayleigh quotients v_i^T S v_i
    order = np.argsort(w, kind="stable")
    w, V = w[order], np.ascontiguousarray(V[:, order])
    flip = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(n)])
    flip[flip == 0] = 1.0
    return w, V * flip
