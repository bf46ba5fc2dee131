r"""Geometric structure: norms, distances, inner products, angles, projections (chapter 2).

A norm measures length, :math:`\lVert x \rVert_p = (\sum_i |x_i|^p)^{1/p}`; a distance is the
length of a difference, :math:`d(x, y) = \lVert x - y \rVert`; an inner product
:math:`\langle x, y \rangle` measures alignment and gives both a norm
:math:`\lVert x \rVert = \sqrt{\langle x, x \rangle}` and angles,
:math:`\cos\theta = \langle x, y \rangle / (\lVert x \rVert \lVert y \rVert)`. Projections drop
the part of a vector orthogonal to a line or subspace, and Gram–Schmidt turns any basis into an
orthonormal one, one projection at a time.

Distances between many points at once (the expansion
:math:`\lVert x - y \rVert^2 = \lVert x \rVert^2 - 2\,x^\top y + \lVert y \rVert^2`) live in
:mod:`foundations.linalg.distances`.

Data are rows: a batch of vectors is an array of shape ``(n_samples, n_features)``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix, as_vector
from .decomp_svd import svdvals  # chapter 7

__all__ = [
    "angle",
    "cosine_similarity",
    "distance",
    "gram_schmidt",
    "inner",
    "matrix_norm",
    "norm",
    "project_onto_subspace",
    "project_onto_vector",
]

# --------------------------------------------------------------------------------------------
# Norms
# --------------------------------------------------------------------------------------------


def _scaled_p_norm(a: np.ndarray, p: float, axis) -> np.ndarray:
    r""":math:`s\,(\sum_i (|x_i|/s)^p)^{1/p}` with :math:`s = \max_i |x_i|`: no overflow or underflow."""
    absx = np.abs(a)
    scale = np.max(absx, axis=axis, keepdims=True)
    safe = np.where(scale > 0, scale, 1.0)
    with np.errstate(divide="ignore", over="ignore"):
        if p == 2:
            inner_sum = np.sum(np.square(absx / safe), axis=axis, keepdims=True)
            result = safe * np.sqrt(inner_sum)
        else:
            inner_sum = np.sum((absx / safe) ** p, axis=axis, keepdims=True)
            result = safe * inner_sum ** (1.0 / p)
    result = np.where(scale > 0, result, 0.0)
    return np.squeeze(result, axis=axis) if axis is not None else result.reshape(())


def norm(x, ord=None, axis: int | None = None):
    r"""Vector norm (``numpy.linalg.norm``'s semantics), or a matrix norm for a 2-D ``x``.

    .. math:: \lVert x \rVert_p = \Big(\sum_i |x_i|^p\Big)^{1/p}, \quad
              \lVert x \rVert_\infty = \max_i |x_i|, \quad
              \lVert x \rVert_{-\infty} = \min_i |x_i|, \quad
              \lVert x \rVert_0 = \#\{i : x_i \ne 0\}

    The sums are scaled by :math:`\max_i |x_i|` first, so ``norm([1e200, 1e200])`` is
    ``1.41e200``, not ``inf`` (NumPy overflows there).

    Parameters
    ----------
    x : array_like, shape (d,) or (n_samples, d)
    ord : {None, int, float, inf, -inf}, optional
        ``None`` means 2. For a 2-D ``x`` with ``axis=None`` it is passed to :func:`matrix_norm`
        (``None`` meaning Frobenius).
    axis : int, optional
        Take vector norms along this axis (``axis=1``: one norm per row).

    Returns
    -------
    float or ndarray
    """
    x = as_float_array(x, "x")
    if x.ndim == 0 or x.size == 0:
        raise InputError(f"x must be a non-empty vector or matrix, got shape {x.shape}")
    if axis is None:
        if x.ndim == 2:
            return matrix_norm(x, "fro" if ord is None else ord)
        if x.ndim != 1:
            raise InputError(f"x must be 1-D or 2-D without an axis, got shape {x.shape}")
    elif not isinstance(axis, (int, np.integer)) or not -x.ndim <= axis < x.ndim:
        raise InputError(f"axis must be an integer in [{-x.ndim}, {x.ndim}), got {axis!r}")
    if ord is None:
        ord = 2
    if isinstance(ord, str) or not np.isscalar(ord) or np.isnan(ord):
        raise InputError(f"ord must be a number or +/-inf for vector norms, got {ord!r}")
    if ord == np.inf:
        result = np.max(np.abs(x), axis=axis)
    elif ord == -np.inf:
        result = np.min(np.abs(x), axis=axis)
    elif ord == 0:
        result = np.count_nonzero(x, axis=axis).astype(x.dtype)
    elif ord == 1:
        result = np.sum(np.abs(x), axis=axis)
    else:
        result = _scaled_p_norm(x, float(ord), axis)
    return float(result) if np.ndim(result) == 0 else result


def matrix_norm(A, ord="fro") -> float:
    r"""Matrix norm (``numpy.linalg.norm`` for a 2-D array).

    .. math:: \lVert A \rVert_F = \Big(\sum_{ij} a_{ij}^2\Big)^{1/2}, \quad
              \lVert A \rVert_1 = \max_j \sum_i |a_{ij}|, \quad
              \lVert A \rVert_\infty = \max_i \sum_j |a_{ij}|

    :math:`\lVert A \rVert_1` and :math:`\lVert A \rVert_\infty` are *induced* norms,
    :math:`\max_{x \ne 0} \lVert Ax \rVert / \lVert x \rVert` for the vector 1- and ∞-norms: the
    worst case is a single coordinate vector (the heaviest column), resp. a sign vector (the
    heaviest row). ``-1``/``-inf`` take the minimum instead of the maximum (not norms, NumPy
    has them). ``2``, ``-2`` and ``"nuc"`` are :math:`\sigma_{\max}`, :math:`\sigma_{\min}` and
    :math:`\sum_i \sigma_i`, from chapter 7's SVD.

    Parameters
    ----------
    A : array_like, shape (m, n)
    ord : {"fro", 1, -1, inf, -inf, 2, -2, "nuc"}

    Returns
    -------
    float
    """
    a = as_matrix(A, "A")
    if isinstance(ord, str):
        if ord == "fro":
            return float(_scaled_p_norm(a.ravel(), 2.0, None))
        if ord == "nuc":
            return float(np.sum(svdvals(a)))
    elif ord in (1, -1):
        sums = np.sum(np.abs(a), axis=0)
        return float(np.max(sums) if ord == 1 else np.min(sums))
    elif ord in (np.inf, -np.inf):
        sums = np.sum(np.abs(a), axis=1)
        return float(np.max(sums) if ord == np.inf else np.min(sums))
    elif ord in (2, -2):
        s = svdvals(a)
        return float(s[0] if ord == 2 else s[-1])
    raise InputError(f"ord must be one of 'fro', 1, -1, inf, -inf, 2, -2, 'nuc', got {ord!r}")


def distance(x, y, ord=None) -> float:
    r"""Distance induced by a norm, :math:`d(x, y) = \lVert x - y \rVert_p` (``ord`` as in :func:`norm`)."""
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    if x.shape != y.shape:
        raise InputError(f"x and y must have the same length, got {x.size} and {y.size}")
    return norm(x - y, ord)


# --------------------------------------------------------------------------------------------
# Inner products and angles
# --------------------------------------------------------------------------------------------


def _check_spd(M: np.ndarray) -> None:
    """Raise unless ``M`` is symmetric and positive definite.

    Symmetric Gaussian elimination without pivoting succeeds with every pivot positive exactly
    when all leading principal minors are positive (Sylvester's criterion).
    """
    scale = np.max(np.abs(M))
    n = M.shape[0]
    if np.max(np.abs(M - M.T)) > 100 * n * np.finfo(M.dtype).eps * scale:
        raise InputError("M must be symmetric")
    a = np.array(M, dtype=M.dtype, copy=True)
    tiny = n * np.finfo(M.dtype).eps * scale
    for k in range(n):
        if not a[k, k] > tiny:
            raise LinAlgError(f"M is not positive definite: elimination pivot {k} is {a[k, k]:.3g}")
        a[k + 1 :, k + 1 :] -= np.outer(a[k + 1 :, k], a[k, k + 1 :]) / a[k, k]


def inner(x, y, M=None) -> float:
    r"""Inner product :math:`\langle x, y \rangle_M = x^\top M y` (the dot product if ``M`` is None).

    Any symmetric positive definite :math:`M` defines an inner product: it is bilinear,
    symmetric, and :math:`\langle x, x \rangle_M > 0` for :math:`x \ne 0`. (The Mahalanobis
    distance uses :math:`M = \Sigma^{-1}`.)

    Parameters
    ----------
    x, y : array_like, shape (d,)
    M : array_like, shape (d, d), optional
        Symmetric positive definite; checked (InputError if not symmetric, LinAlgError if not
        positive definite).

    Returns
    -------
    float
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    if x.shape != y.shape:
        raise InputError(f"x and y must have the same length, got {x.size} and {y.size}")
    if M is None:
        return float(x @ y)
    M = as_matrix(M, "M", square=True)
    if M.shape[0] != x.size:
        raise InputError(f"M is {M.shape[0]}x{M.shape[1]} but x and y have length {x.size}")
    _check_spd(M)
    return float(x @ (M @ y))


def angle(x, y) -> float:
    r"""The angle between two non-zero vectors, in radians, in :math:`[0, \pi]`.

    Mathematically :math:`\theta = \arccos\frac{x^\top y}{\lVert x \rVert \lVert y \rVert}`, but
    arccos is ill-conditioned near 0 and :math:`\pi` (nearly parallel vectors get angle 0 or an
    error of about :math:`10^{-8}`). Computed instead with Kahan's formula, accurate everywhere:

    .. math:: \theta = 2 \operatorname{atan2}(\lVert u - v \rVert, \lVert u + v \rVert), \qquad
              u = x/\lVert x \rVert,\; v = y / \lVert y \rVert.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    if x.shape != y.shape:
        raise InputError(f"x and y must have the same length, got {x.size} and {y.size}")
    nx, ny = norm(x), norm(y)
    if nx == 0 or ny == 0:
        raise InputError("the angle with a zero vector is undefined")
    u, v = x / nx, y / ny
    return float(2.0 * np.arctan2(norm(u - v), norm(u + v)))


def cosine_similarity(X, Y=None) -> np.ndarray:
    r"""Cosine similarity between the rows of ``X`` and of ``Y`` (``sklearn.metrics.pairwise``).

    .. math:: S_{ij} = \frac{x_i^\top y_j}{\lVert x_i \rVert \lVert y_j \rVert}

    computed as one matrix product of the row-normalized matrices. A zero row has similarity 0
    with everything (scikit-learn's convention).

    Parameters
    ----------
    X : array_like, shape (n_samples_X, n_features)
    Y : array_like, shape (n_samples_Y, n_features), optional
        Defaults to ``X``.

    Returns
    -------
    S : ndarray, shape (n_samples_X, n_samples_Y)
    """

    def normalized(Z):
        lengths = norm(Z, axis=1)
        return Z / np.where(lengths > 0, lengths, 1.0)[:, None]

    X = as_matrix(X, "X")
    Xn = normalized(X)
    if Y is None:
        return Xn @ Xn.T
    Y = as_matrix(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise InputError(
            f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}"
        )
    return Xn @ normalized(Y).T


# --------------------------------------------------------------------------------------------
# Projections and Gram–Schmidt
# --------------------------------------------------------------------------------------------


def _points(x, d: int | None = None) -> np.ndarray:
    x = as_float_array(x, "x", ndim=(1, 2))
    if x.size == 0:
        raise InputError("x is empty")
    if d is not None and x.shape[-1] != d:
        raise InputError(f"x has {x.shape[-1]} coordinates but the subspace lives in R^{d}")
    return x


def project_onto_vector(x, v) -> np.ndarray:
    r"""Orthogonal projection onto the line spanned by ``v``.

    .. math:: \operatorname{proj}_v x = \frac{x^\top v}{v^\top v}\, v

    ``x - proj_v x`` is orthogonal to ``v``, and ``proj_v x`` is the closest point of the line.

    Parameters
    ----------
    x : array_like, shape (d,) or (n_samples, d)
        One vector or a batch of row vectors.
    v : array_like, shape (d,)
        Non-zero.

    Returns
    -------
    ndarray, shape like ``x``
    """
    v = as_vector(v, "v")
    x = _points(x, v.size)
    length = norm(v)
    if length == 0:
        raise InputError("cannot project onto the zero vector")
    u = v / length
    return (x @ u)[..., None] * u if x.ndim == 2 else (x @ u) * u


def gram_schmidt(
    A,
    method: str = "modified",
    reorthogonalize: bool = True,
    tol: float | None = None,
    *,
    drop_dependent: bool = False,
) -> np.ndarray:
    r"""Orthonormal basis of the column space of ``A`` by Gram–Schmidt.

    Column :math:`a_j` minus its projections on the earlier directions is the new direction:

    .. math:: v_j = a_j - \sum_{i<j} (q_i^\top a_j)\, q_i, \qquad q_j = v_j / \lVert v_j \rVert.

    ``"classical"`` computes all the coefficients :math:`q_i^\top a_j` from the original column
    (one matrix–vector product); ``"modified"`` subtracts each :math:`q_i` as soon as it is
    known from every later column, so later coefficients see the already-reduced vectors.
    In floating point classical Gram–Schmidt loses orthogonality like
    :math:`\kappa(A)^2\varepsilon`, modified like :math:`\kappa(A)\varepsilon`; a second pass
    :math:`v_j \leftarrow v_j - Q(Q^\top v_j)` ("twice is enough", ``reorthogonalize=True``)
    brings either to :math:`O(\varepsilon)`.

    Rank deficiency: column :math:`j` counts as linearly dependent on the earlier ones when
    :math:`\lVert v_j \rVert \le \text{tol} \cdot \lVert A \rVert_F`, with default
    ``tol = max(m, n) * eps`` (NumPy's ``matrix_rank`` rule with :math:`\lVert A \rVert_F`
    for :math:`\sigma_{\max}`).

    Parameters
    ----------
    A : array_like, shape (m, n)
        The vectors are the columns.
    method : {"modified", "classical"}
    reorthogonalize : bool
        Project every new vector a second time.
    tol : float, optional
        Relative tolerance of the dependence test.
    drop_dependent : bool
        Skip dependent columns (return a basis of the span) instead of raising.

    Returns
    -------
    Q : ndarray, shape (m, r)
        Orthonormal columns, :math:`Q^\top Q = I`; ``r = n`` unless dependent columns are
        dropped.

    Raises
    ------
    LinAlgError
        If a column is dependent on the earlier ones and ``drop_dependent`` is False.
    """
    a = as_matrix(A, "A")
    if method not in ("modified", "classical"):
        raise InputError(f"method must be 'modified' or 'classical', got {method!r}")
    m, n = a.shape
    if tol is None:
        tol = max(m, n) * np.finfo(a.dtype).eps
    elif not np.isfinite(tol) or tol < 0:
        raise InputError(f"tol must be a non-negative number, got {tol!r}")
    threshold = tol * matrix_norm(a, "fro")
    work = np.array(a, order="F", copy=True)
    Q = np.empty((m, min(m, n)), dtype=a.dtype, order="F")
    r = 0
    for j in range(n):
        Qr = Q[:, :r]
        # classical: every coefficient from the original column; modified: the column was
        # already reduced against q_0 .. q_{r-1}, one at a time, as each was found.
        v = a[:, j] - Qr @ (Qr.T @ a[:, j]) if method == "classical" else work[:, j].copy()
        if reorthogonalize and r > 0:
            v -= Qr @ (Qr.T @ v)
        length = norm(v)
        if length <= threshold or r == m:
            if drop_dependent:
                continue
            raise LinAlgError(
                f"column {j} of A is linearly dependent on the previous columns "
                f"(residual {length:.2e} <= tol * ||A||_F = {threshold:.2e})"
            )
        q = v / length
        Q[:, r] = q
        r += 1
        if method == "modified" and j + 1 < n:
            work[:, j + 1 :] -= np.outer(q, q @ work[:, j + 1 :])
    return Q[:, :r].copy()


def project_onto_subspace(x, A) -> np.ndarray:
    r"""Orthogonal projection onto the column space of ``A``.

    With an orthonormal basis :math:`Q` of :math:`\operatorname{col}(A)` (:func:`gram_schmidt`,
    dependent columns dropped),

    .. math:: \operatorname{proj}_A x = Q Q^\top x \quad
              \big(= A (A^\top A)^{-1} A^\top x \text{ when } A \text{ has full column rank}\big),

    the closest point of the subspace to :math:`x` — the geometry of least squares.

    Parameters
    ----------
    x : array_like, shape (d,) or (n_samples, d)
    A : array_like, shape (d, k)
        Its columns span the subspace (they need not be independent).

    Returns
    -------
    ndarray, shape like ``x``
    """
    a = as_matrix(A, "A")
    x = _points(x, a.shape[0])
    Q = gram_schmidt(a, drop_dependent=True)
    return (x @ Q) @ Q.T
