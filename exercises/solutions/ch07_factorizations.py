"""Reference solutions, chapter 7 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def qr(A):
    r"""The reduced QR decomposition :math:`A = QR` of a matrix with independent columns.

    Householder reflectors :math:`H = I - 2vv^\top` (:math:`\lVert v \rVert = 1`) map column
    :math:`k`'s lower part :math:`x` onto :math:`\alpha e_1`, :math:`\alpha = \mp\lVert x\rVert`;
    one per column gives :math:`H_n \cdots H_1 A = R` and :math:`Q = H_1 \cdots H_n`. Each
    :math:`H` is orthogonal to working precision, so :math:`Q` is orthonormal to about
    :math:`10^{-15}` however nearly dependent the columns are — which Gram–Schmidt (chapter 2)
    only matches when it projects twice. Either method is accepted.

    Parameters
    ----------
    A : ndarray, shape (m, n), m >= n, rank n

    Returns
    -------
    Q : ndarray, shape (m, n)
        Orthonormal columns, :math:`Q^\top Q = I`.
    R : ndarray, shape (n, n)
        Upper triangular.

    Hint (Householder): take :math:`\alpha = -\operatorname{sign}(x_1)\lVert x \rVert`, so
    that :math:`v \propto x - \alpha e_1` never subtracts nearly equal numbers; apply each
    reflector to the remaining columns of :math:`R` and accumulate it into :math:`Q`
    (``Q[:, k:] -= 2 * np.outer(Q[:, k:] @ v, v)``). ``foundations.linalg.qr`` has
    ``numpy.linalg.qr``'s interface.
    """
    R = np.array(A, dtype=float)
    m, n = R.shape
    Q = np.eye(m)
    for k in range(n):
        x = R[k:, k]
        length = np.linalg.norm(x)
        if length == 0.0:
            continue
        alpha = -length if x[0] >= 0 else length  # opposite sign to x[0]: no cancellation
        v = x.copy()
        v[0] -= alpha
        v /= np.linalg.norm(v)
        R[k:, k:] -= 2.0 * np.outer(v, v @ R[k:, k:])
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ v, v)
    return Q[:, :n], np.triu(R[:n])


def cholesky(A):
    r"""The Cholesky factor: lower triangular :math:`L` with a positive diagonal, :math:`A = LL^\top`.

    For symmetric positive definite :math:`A`, column by column:

    .. math:: \ell_{jj} = \sqrt{a_{jj} - \textstyle\sum_{k<j} \ell_{jk}^2}, \qquad
              \ell_{ij} = \Bigl(a_{ij} - \textstyle\sum_{k<j} \ell_{ik}\ell_{jk}\Bigr) / \ell_{jj}
              \quad (i > j).

    A pivot :math:`a_{jj} - \sum_k \ell_{jk}^2 \le 0` proves that :math:`A` is *not* positive
    definite: raise ``ValueError`` (``np.linalg.LinAlgError`` is one) instead of taking the
    square root of a negative number.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Symmetric.

    Returns
    -------
    L : ndarray, shape (n, n)

    Raises
    ------
    ValueError
        If ``A`` is not positive definite.

    Hint: the sums are dot products of row slices of :math:`L`: ``L[i, :j] @ L[j, :j]``.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    L = np.zeros((n, n))
    for j in range(n):
        pivot = A[j, j] - L[j, :j] @ L[j, :j]
        if not pivot > 0:
            raise np.linalg.LinAlgError(f"A is not positive definite (pivot {j} is {pivot:.3g})")
        L[j, j] = np.sqrt(pivot)
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L


def lstsq_qr(A, b):
    r"""The least-squares solution of :math:`Ax \approx b` through your :func:`qr`.

    With :math:`A = QR`, :math:`\lVert Ax - b\rVert^2 = \lVert Rx - Q^\top b\rVert^2 +
    \text{const}`, so :math:`x` solves the triangular system :math:`Rx = Q^\top b`. The normal
    equations :math:`A^\top A x = A^\top b` give the same :math:`x` in exact arithmetic but
    square the condition number: for :math:`\kappa(A) = 10^7` they lose every digit.

    Parameters
    ----------
    A : ndarray, shape (m, n), m >= n, rank n
    b : ndarray, shape (m,)

    Returns
    -------
    x : ndarray, shape (n,)
        ``foundations.linalg.lstsq(A, b)[0]`` (``lstsq`` also returns the residuals, the rank
        and the singular values, like ``numpy.linalg.lstsq``).

    Hint: back substitution on :math:`R` (chapter 5), not an inverse.
    """
    Q, R = qr(A)
    c = Q.T @ np.asarray(b, dtype=float)
    x = np.zeros(R.shape[1])
    for i in reversed(range(len(x))):  # back substitution, R x = Qᵀ b
        x[i] = (c[i] - R[i, i + 1 :] @ x[i + 1 :]) / R[i, i]
    return x


def pca(X, n_components):
    r"""The principal components of the rows of ``X`` and the variance along each.

    For centred data :math:`X_c = X - \bar x` (:math:`n` samples), the variance along a unit
    direction :math:`w` is :math:`\frac{1}{n-1}\lVert X_c w \rVert^2`, a Rayleigh quotient of the
    covariance matrix. The best directions are the right singular vectors of :math:`X_c`,
    :math:`X_c = U\Sigma V^\top`, with variances :math:`\sigma_i^2/(n-1)` — no need to form the
    covariance matrix.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    n_components : int
        :math:`1 \le k \le \min(n_\text{samples} - 1, n_\text{features})`.

    Returns
    -------
    components : ndarray, shape (n_components, n_features)
        Orthonormal rows, by decreasing variance (each up to its sign), like scikit-learn's
        ``PCA().components_``.
    explained_variance : ndarray, shape (n_components,)
        The sample variance (divided by :math:`n - 1`) along each component.

    Hint: ``np.linalg.svd(Xc, full_matrices=False)``; centre first, or the first component
    points at the mean instead of along the spread.
    """
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    k = n_components
    return Vt[:k], s[:k] ** 2 / (X.shape[0] - 1)
