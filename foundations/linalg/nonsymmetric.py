r"""Eigenvalues of a general (non-symmetric) real matrix: the QR algorithm (chapter 6).

**The QR algorithm.** Factor :math:`A_k = Q_kR_k` and multiply back in the other order,
:math:`A_{k+1} = R_kQ_k = Q_k^TA_kQ_k`: every iterate is orthogonally similar to :math:`A`. With
eigenvalues of distinct magnitudes :math:`|\lambda_1| > \dots > |\lambda_n|` the iterates tend to
upper-triangular form, entry :math:`(i, j)`, :math:`i > j`, like :math:`|\lambda_i/\lambda_j|^k`.
A shift :math:`\sigma` (:math:`A_k - \sigma I = Q_kR_k`, :math:`A_{k+1} = R_kQ_k + \sigma I`) makes
the last row converge at the rate :math:`|\lambda_n - \sigma| / |\lambda_{n-1} - \sigma|`, quadratically
with Wilkinson's shift; converged rows are *deflated* from the bottom.

**Practical form** (:func:`eig`, LAPACK's ``dgeev``): balance, reduce to upper Hessenberg form
:math:`A = QHQ^T` by Householder reflectors (each QR step then costs :math:`O(n^2)`), run
Francis' implicit double-shift QR — two conjugate shifts at once, in real arithmetic — to the
real Schur form :math:`T` (1x1 and 2x2 diagonal blocks), and back-substitute for eigenvectors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import LinAlgError
from ..validation import as_float_array, as_matrix
from .decomp_qr import qr
from .eigen import _check_params
from .householder import _apply_reflectors, _reflector

__all__ = ["QRAlgorithmResult", "eig", "eigvals", "qr_algorithm"]

_EPS = np.finfo(float).eps
_SAFE_MIN = np.finfo(float).tiny / _EPS
_BIG = 1e150
_ITERATIONS_PER_EIGENVALUE = 30


@dataclass
class QRAlgorithmResult:
    """The result of :func:`qr_algorithm`.

    Attributes
    ----------
    eigenvalues : ndarray, shape (n,)
        Complex dtype if a complex pair was deflated. When ``converged`` is False these are
        only the diagonal of the last iterate, not eigenvalues.
    T : ndarray, shape (n, n)
        The last iterate, orthogonally similar to ``A``.
    history : ndarray, shape (n_iter,)
        Frobenius norm of the strictly lower triangle of the iterate after each step.
    n_iter : int
    converged : bool
    """

    eigenvalues: np.ndarray
    T: np.ndarray = field(repr=False)
    history: np.ndarray = field(repr=False)
    n_iter: int
    converged: bool


def _two_by_two(a, b, c, d):
    """Eigenvalues of ``[[a, b], [c, d]]`` (LAPACK ``dlanv2``'s scaling) and its ``z``.

    Returns ``(lam1, lam2, z)``; for a real pair ``lam1 = d + z``, for a complex pair
    ``lam1`` has positive imaginary part and ``z`` is None.
    """
    p = 0.5 * (a - d)
    bcmax = max(abs(b), abs(c))
    bcmis = min(abs(b), abs(c)) * math.copysign(1.0, b) * math.copysign(1.0, c)
    scale = max(abs(p), bcmax)
    if scale == 0.0:
        return d, d, 0.0
    zz = (p / scale) * p + (bcmax / scale) * bcmis
    if zz < 0.0:
        im = math.sqrt(scale) * math.sqrt(-zz)
        return complex(d + p, im), complex(d + p, -im), None
    z = p + math.copysign(math.sqrt(scale) * math.sqrt(zz), p)
    return d + z, d - ((bcmax / z) * bcmis if z else 0.0), z


def _lower_norm(T):
    return float(np.sqrt(np.sum(np.tril(T, -1) ** 2)))


def qr_algorithm(A, *, shift=True, tol=None, max_iter=None) -> QRAlgorithmResult:
    r"""The didactic QR algorithm, each step one dense QR factorization (:func:`.qr`).

    Unshifted (``shift=False``): :math:`A_k = Q_kR_k`, :math:`A_{k+1} = R_kQ_k`, until the strictly
    lower triangle has norm :math:`\le \text{tol}\,\|A\|_F`; the history then falls like
    :math:`\max_i|\lambda_{i+1}/\lambda_i|^k`. Shifted: Wilkinson's shift (the eigenvalue of the
    trailing 2x2 block nearer its last entry; the Rayleigh shift :math:`a_{mm}` when that block
    has complex eigenvalues), deflating the last row (or a trailing 2x2 block with complex
    eigenvalues) once it is below :math:`\text{tol}\,\|A\|_F`.

    Parameters
    ----------
    A : array_like, shape (n, n)
    shift : bool
    tol : float, optional
        Default machine epsilon.
    max_iter : int, optional
        Default ``1000 n`` unshifted, ``30 n`` shifted.

    Returns
    -------
    QRAlgorithmResult
        ``converged`` is False when ``max_iter`` was reached: e.g. a real matrix with complex
        eigenvalues (a rotation) never becomes triangular under the real unshifted iteration.
    """
    T = as_matrix(A, "A", square=True).astype(np.float64)
    n = T.shape[0]
    tol = _EPS if tol is None else tol
    max_iter = (1000 * n if not shift else 30 * n) if max_iter is None else max_iter
    _check_params(tol, max_iter)
    bound = tol * max(float(np.sqrt(np.sum(T * T))), np.finfo(float).tiny)
    history = []
    if not shift:
        while _lower_norm(T) > bound and len(history) < max_iter:
            Q, R = qr(T)
            T = R @ Q
            history.append(_lower_norm(T))
        converged = _lower_norm(T) <= bound
        w = np.diagonal(T).copy()
        return QRAlgorithmResult(w, T, np.asarray(history), len(history), converged)
    w = np.zeros(n, dtype=complex)
    m, stalled = n, 0
    while m > 0:
        if m == 1 or np.sqrt(np.sum(T[m - 1, : m - 1] ** 2)) <= bound:
            T[m - 1, : m - 1] = 0.0
            w[m - 1], m, stalled = T[m - 1, m - 1], m - 1, 0
            continue
        lam1, lam2, z = _two_by_two(*T[m - 2 : m, m - 2 : m].ravel())
        if z is None and np.sqrt(np.sum(T[m - 2 : m, : m - 2] ** 2)) <= bound:
            T[m - 2 : m, : m - 2] = 0.0
            w[m - 2], w[m - 1], m, stalled = lam1, lam2, m - 2, 0
            continue
        if len(history) == max_iter:
            break
        stalled += 1
        sigma = T[m - 1, m - 1]
        if stalled % 10 == 0:  # exceptional shift, breaks symmetric stagnation
            sigma += 0.75 * float(np.sqrt(np.sum(T[m - 1, : m - 1] ** 2)))
        elif z is not None:
            sigma = lam1 if abs(lam1 - sigma) <= abs(lam2 - sigma) else lam2
        Q, R = qr(T[:m, :m] - sigma * np.eye(m))
        T[:m, :m] = R @ Q + sigma * np.eye(m)
        T[:m, m:] = Q.T @ T[:m, m:]
        history.append(_lower_norm(T))
    converged = m == 0
    w[:m] = np.diagonal(T)[:m]
    w = w.real.copy() if not np.any(w.imag) else w
    return QRAlgorithmResult(w, T, np.asarray(history), len(history), converged)


def _balance(A):
    """Diagonal scaling :math:`D^{-1}AD` by powers of two equalizing row and column norms (``dgebal``)."""
    n = A.shape[0]
    D = np.ones(n)
    for _ in range(100):
        changed = False
        for i in range(n):
            c = float(np.sqrt(A[:, i] @ A[:, i] - A[i, i] ** 2))
            r = float(np.sqrt(A[i, :] @ A[i, :] - A[i, i] ** 2))
            if not (c > 0.0 and r > 0.0):
                continue
            f = 2.0 ** round(0.5 * (math.log2(r) - math.log2(c)))
            if c * f + r / f >= 0.95 * (c + r) or not 2.0**-500 < D[i] * f < 2.0**500:
                continue
            D[i] *= f
            A[i, :] /= f
            A[:, i] *= f
            changed = True
        if not changed:
            break
    return A, D


def _hessenberg(H, want_q):
    """Householder reduction to upper Hessenberg form in place; returns ``Q`` or None."""
    n = H.shape[0]
    taus = np.zeros(max(n - 2, 0))
    for k in range(n - 2):
        tau, beta = _reflector(H[k + 1 :, k])  # H[k + 1:, k] becomes v, v_0 = 1
        taus[k] = tau
        if tau != 0.0:
            v = H[k + 1 :, k].copy()
            H[k + 1 :, k + 1 :] -= np.outer(tau * v, v @ H[k + 1 :, k + 1 :])
            H[:, k + 1 :] -= np.outer(H[:, k + 1 :] @ v, tau * v)
        H[k + 1, k] = beta
    Q = _apply_reflectors(H[1:, :], taus, np.eye(n), 1) if want_q else None
    H[:] = np.triu(H, -1)
    return Q


def _reflector3(x, y, z):
    """``(tau, v1, v2, beta)``: :math:`(I - \\tau vv^T)(x, y, z)^T = \\beta e_1`, :math:`v = (1, v_1, v_2)`."""
    sigma = math.hypot(y, z)
    if sigma == 0.0:
        return 0.0, 0.0, 0.0, x
    beta = -math.copysign(math.hypot(x, sigma), x)
    return (beta - x) / beta, y / (x - beta), z / (x - beta), beta


def _shifts(H, hi, its):
    """The two shifts (real and imaginary parts) from the trailing 2x2 block, ``dlahqr``'s way."""
    a, b, c, d = H[hi - 1, hi - 1], H[hi - 1, hi], H[hi, hi - 1], H[hi, hi]
    if its % 10 == 0:  # exceptional shift
        s = abs(H[hi, hi - 1]) + abs(H[hi - 1, hi - 2])
        a = d = 0.75 * s + H[hi, hi]
        b, c = -0.4375 * s, s
    lam1, lam2, z = _two_by_two(a, b, c, d)
    if z is None:
        return lam1.real, lam1.imag, lam2.real, lam2.imag
    mu = lam1 if abs(lam1 - d) <= abs(lam2 - d) else lam2  # the real shift nearer d, twice
    return mu, 0.0, mu, 0.0


def _apply(H, Z, k, tau, v, cols, rows):
    """Apply :math:`I - \\tau vv^T` to rows ``k:k+len(v)`` (columns ``cols``) and the same columns."""
    tv = tau * v
    block = H[k : k + v.size, cols]
    block -= np.outer(tv, v @ block)
    block = H[rows, k : k + v.size]
    block -= np.outer(block @ v, tv)
    if Z is not None:
        block = Z[:, k : k + v.size]
        block -= np.outer(block @ v, tv)


def _francis_step(H, Z, l, hi, shifts, full):
    """One implicit double-shift step on the unreduced window ``l..hi`` (a bulge chased down)."""
    n = H.shape[0]
    r1, i1, r2, i2 = shifts
    cend, r0 = (n if full else hi + 1), (0 if full else l)
    h21 = H[l + 1, l]
    s = abs(H[l, l] - r2) + abs(i2) + abs(h21)
    h21 /= s
    x = h21 * H[l, l + 1] + (H[l, l] - r1) * ((H[l, l] - r2) / s) - i1 * (i2 / s)
    y = h21 * (H[l, l] + H[l + 1, l + 1] - r1 - r2)
    z = h21 * H[l + 2, l + 1]
    for k in range(l, hi):
        size = 3 if k < hi - 1 else 2
        tau, v1, v2, beta = _reflector3(x, y, z if size == 3 else 0.0)
        if k > l:
            H[k, k - 1] = beta
            H[k + 1 : k + size, k - 1] = 0.0
        if tau != 0.0:
            v = np.array([1.0, v1, v2][:size])
            _apply(H, Z, k, tau, v, slice(k, cend), slice(r0, min(k + 4, hi + 1)))
        if k < hi - 1:
            x, y = H[k + 1, k], H[k + 2, k]
            z = H[k + 3, k] if k + 3 <= hi else 0.0


def _split_point(H, hi):
    """Lowest row of the unreduced window ending at ``hi``; zeroes the negligible subdiagonal."""
    if hi == 0:
        return 0
    d = np.abs(np.diagonal(H)[: hi + 1])
    s = np.abs(np.diagonal(H, -1)[:hi])
    idx = np.flatnonzero(s <= np.maximum(_EPS * (d[:-1] + d[1:]), _SAFE_MIN))
    if idx.size == 0:
        return 0
    H[idx[-1] + 1, idx[-1]] = 0.0
    return int(idx[-1]) + 1


def _block_2x2(H, Z, k, full):
    """Eigenvalues of the deflated block at ``k``; a real pair is rotated to triangular form."""
    a, b, c, d = H[k, k], H[k, k + 1], H[k + 1, k], H[k + 1, k + 1]
    lam1, lam2, z = _two_by_two(a, b, c, d)
    if z is not None and full:
        r = math.hypot(c, z)
        G = np.array([[z / r, -c / r], [c / r, z / r]])
        H[k : k + 2, k : k + 2] = [[lam1, b - c], [0.0, lam2]]
        H[k : k + 2, k + 2 :] = G.T @ H[k : k + 2, k + 2 :]
        H[:k, k : k + 2] = H[:k, k : k + 2] @ G
        Z[:, k : k + 2] = Z[:, k : k + 2] @ G
    return lam1, lam2


def _schur(H, Z, full):
    """Francis QR iteration to the real Schur form (in place); returns the eigenvalues."""
    n = H.shape[0]
    w = np.zeros(n, dtype=complex)
    itmax = _ITERATIONS_PER_EIGENVALUE * max(n, 10)
    hi, its = n - 1, 0
    while hi >= 0:
        l = _split_point(H, hi)
        if l >= hi - 1:
            if l == hi:
                w[hi] = H[hi, hi]
            else:
                w[hi - 1], w[hi] = _block_2x2(H, Z, hi - 1, full)
            hi, its = l - 1, 0
            continue
        if its >= itmax:
            raise LinAlgError(f"the QR iteration did not converge within {itmax} iterations")
        its += 1
        _francis_step(H, Z, l, hi, _shifts(H, hi, its), full)
    return w


def _schur_vectors(T, w):
    """Eigenvectors of the quasi-triangular ``T`` (columns, unnormalized) by back-substitution."""
    n = T.shape[0]
    X = np.eye(n, dtype=complex if np.any(w.imag) else float)
    w = w if np.any(w.imag) else w.real
    top_of_pair = w.imag > 0
    for k in np.flatnonzero(top_of_pair):
        a, b, c, d = T[k, k], T[k, k + 1], T[k + 1, k], T[k + 1, k + 1]
        x = (b, w[k] - a) if abs(b) >= abs(c) else (w[k] - d, c)
        X[k : k + 2, k] = x
        X[k : k + 2, k + 1] = np.conj(x)
    smin = np.maximum(_EPS * np.abs(w), _SAFE_MIN)
    j = n - 1
    while j >= 0:
        top = j - 1 if j > 0 and top_of_pair[j - 1] else j
        if j + 1 < n:
            rhs = -(T[top : j + 1, j + 1 :] @ X[j + 1 :, j + 1 :])
            wc, guard = w[j + 1 :], smin[j + 1 :]
            if top == j:
                den = T[j, j] - wc
                X[j, j + 1 :] = rhs[0] / np.where(np.abs(den) < guard, guard, den)
            else:
                B = T[top : j + 1, top : j + 1]
                a, d = B[0, 0] - wc, B[1, 1] - wc
                det = a * d - B[0, 1] * B[1, 0]
                guard = guard * (np.abs(B).sum() + np.abs(wc))
                det = np.where(np.abs(det) < guard, guard, det)
                X[top, j + 1 :] = (d * rhs[0] - B[0, 1] * rhs[1]) / det
                X[j, j + 1 :] = (a * rhs[1] - B[1, 0] * rhs[0]) / det
            big = np.max(np.abs(X[top : j + 1, j + 1 :]), axis=0) > _BIG
            if np.any(big):
                cols = np.flatnonzero(big) + j + 1
                X[:, cols] /= np.max(np.abs(X[:, cols]), axis=0)
        j = top - 1
    return X


def _prepare(a):
    """Validated float64 copy of ``a``, balanced and scaled by a power of two."""
    arr = as_float_array(a, "a", ndim=2)
    out = np.float32 if arr.dtype == np.float32 else np.float64
    if arr.shape == (0, 0):
        return np.zeros((0, 0)), np.ones(0), 1.0, out
    A = as_matrix(arr, "a", square=True).astype(np.float64)
    largest = float(np.max(np.abs(A)))
    scale = 2.0 ** round(math.log2(largest)) if largest > 0 else 1.0
    A, D = _balance(A / scale)
    return A, D, scale, out


def _real_if_possible(w, out):
    if not np.any(w.imag):
        return w.real.astype(out)
    return w.astype(np.complex64 if out == np.float32 else np.complex128)


def eig(a):
    r"""Eigenvalues and right eigenvectors of a real square matrix (``numpy.linalg.eig``).

    Balancing :math:`B = D^{-1}AD`, Hessenberg reduction :math:`B = QHQ^T`, Francis double-shift
    QR to the real Schur form :math:`H = ZTZ^T` (a subdiagonal entry is negligible when
    :math:`|h_{k+1,k}| \le \varepsilon(|h_{kk}| + |h_{k+1,k+1}|)`), back-substitution
    :math:`(T - \lambda I)x = 0` on the quasi-triangular :math:`T`, and :math:`v = DQZx / \|DQZx\|`.

    Parameters
    ----------
    a : array_like, shape (n, n)

    Returns
    -------
    w : ndarray, shape (n,)
        Eigenvalues, in the order the iteration deflates them; a complex conjugate pair is
        adjacent, positive imaginary part first. Real dtype when all are real.
    v : ndarray, shape (n, n)
        Column ``v[:, i]`` is a unit eigenvector of ``w[i]``: ``a @ v = v * w``.

    Raises
    ------
    InputError
        If ``a`` is not a finite real square matrix.
    LinAlgError
        If the iteration needs more than :math:`30\max(n, 10)` steps for one eigenvalue.

    Notes
    -----
    ``float32`` input gives ``float32`` / ``complex64`` output (computed in double precision).
    For a defective eigenvalue the computed vectors are nearly parallel.
    """
    A, D, scale, out = _prepare(a)
    n = A.shape[0]
    Q = _hessenberg(A, True)
    w = _schur(A, Q, True)
    V = Q @ _schur_vectors(A, w)
    V *= D[:, None]
    V /= np.max(np.abs(V), axis=0, initial=0.0) if n else 1.0
    V /= np.sqrt(np.sum(np.abs(V) ** 2, axis=0))
    pairs = np.flatnonzero(w.imag != 0)
    if pairs.size:
        big = V[np.argmax(np.abs(V[:, pairs]), axis=0), pairs]
        V[:, pairs] *= np.conj(big) / np.abs(big)
    w = _real_if_possible(w * scale, out)
    return w, V.astype(w.dtype if w.dtype.kind == "c" else out)


def eigvals(a):
    """Eigenvalues of a real square matrix (``numpy.linalg.eigvals``), as :func:`eig` without vectors.

    Returns
    -------
    w : ndarray, shape (n,)
    """
    A, _, scale, out = _prepare(a)
    _hessenberg(A, False)
    return _real_if_possible(_schur(A, None, False) * scale, out)
