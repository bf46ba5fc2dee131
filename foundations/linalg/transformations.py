r"""Linear transformations as matrices: rotations, scalings, shears, reflections, projections (chapter 4).

A linear map :math:`f(x) = Mx` is determined by where it sends the basis vectors: the columns
of :math:`M` are :math:`f(e_1), \dots, f(e_d)`. Composition is the matrix product (apply
:math:`N` then :math:`M`: :math:`MN`), the inverse map is the inverse matrix, and the
determinant is the **signed volume scaling**: :math:`f` maps the unit square (cube) to a
parallelogram (parallelepiped) of area (volume) :math:`|\det M|`, and :math:`\det M < 0`
means orientation is reversed (a reflection is involved); :math:`\det M = 0` means the space
is flattened (a projection), so the map cannot be undone.

Data as rows: :func:`transform_points` applies :math:`M` to every row of ``X`` as ``X @ M.T``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix, as_vector
from .conditioning import det
from .decomp_lu import inv
from .geometry import gram_schmidt, norm

__all__ = [
    "compose",
    "inverse_map",
    "polygon_area",
    "projection_matrix",
    "reflection",
    "rotation_2d",
    "rotation_3d",
    "scaling",
    "shear",
    "transform_points",
    "volume_scale",
]


def _angle(theta) -> float:
    theta = float(as_float_array(theta, "theta", ndim=0))
    return theta


def rotation_2d(theta) -> np.ndarray:
    r"""Counter-clockwise rotation of the plane by ``theta`` radians.

    .. math:: R(\theta) = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix},
              \qquad \det R = 1, \quad R^{-1} = R^\top = R(-\theta).
    """
    t = _angle(theta)
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s], [s, c]])


def rotation_3d(axis, theta) -> np.ndarray:
    r"""Rotation of space by ``theta`` radians about ``axis`` (right-hand rule), by Rodrigues' formula.

    With :math:`u = \text{axis}/\lVert\text{axis}\rVert` and :math:`K` the cross-product matrix
    (:math:`Kx = u \times x`),

    .. math:: R = I + \sin\theta\, K + (1 - \cos\theta)\, K^2 .
    """
    u = as_vector(axis, "axis")
    if u.size != 3:
        raise InputError(f"axis must have 3 coordinates, got {u.size}")
    length = norm(u)
    if length == 0:
        raise InputError("the rotation axis must be a non-zero vector")
    u = u / length
    t = _angle(theta)
    K = np.array([[0.0, -u[2], u[1]], [u[2], 0.0, -u[0]], [-u[1], u[0], 0.0]])
    return np.eye(3) + np.sin(t) * K + (1.0 - np.cos(t)) * (K @ K)


def scaling(factors) -> np.ndarray:
    r"""Axis-aligned scaling :math:`\operatorname{diag}(s_1, \dots, s_d)`; :math:`\det = \prod_i s_i`."""
    return np.diag(as_vector(factors, "factors"))


def shear(k, i: int = 0, j: int = 1, dim: int = 2) -> np.ndarray:
    r"""Shear :math:`I + k\, e_i e_j^\top`: adds ``k`` times coordinate ``j`` to coordinate ``i``.

    In 2-D, ``shear(k)`` is :math:`\begin{pmatrix} 1 & k \\ 0 & 1 \end{pmatrix}` (horizontal
    shear). Areas and volumes are preserved: :math:`\det = 1`. (The elementary row operation
    "add a multiple of one row to another" of Gaussian elimination is a shear.)
    """
    k = float(as_float_array(k, "k", ndim=0))
    if not isinstance(dim, (int, np.integer)) or dim < 2:
        raise InputError(f"dim must be an integer >= 2, got {dim!r}")
    if not (0 <= i < dim and 0 <= j < dim) or i == j:
        raise InputError(f"i and j must be different indices in [0, {dim}), got {i} and {j}")
    S = np.eye(dim)
    S[i, j] = k
    return S


def reflection(normal) -> np.ndarray:
    r"""Reflection across the hyperplane orthogonal to ``normal`` (a Householder matrix).

    .. math:: H = I - 2\,\frac{n n^\top}{n^\top n}, \qquad H = H^\top = H^{-1}, \quad \det H = -1.

    In 2-D, ``reflection([0, 1])`` mirrors across the x-axis.
    """
    n = as_vector(normal, "normal")
    length = norm(n)
    if length == 0:
        raise InputError("the normal of a reflection must be a non-zero vector")
    u = n / length
    return np.eye(n.size) - 2.0 * np.outer(u, u)


def projection_matrix(A) -> np.ndarray:
    r"""Orthogonal projection onto the column space of ``A``.

    .. math:: P = QQ^\top \quad (= A(A^\top A)^{-1}A^\top \text{ for independent columns}),
              \qquad P^2 = P = P^\top,

    with :math:`Q` an orthonormal basis from :func:`~foundations.linalg.gram_schmidt`. For a
    line, pass one column (``A`` of shape ``(d, 1)``) or a 1-D direction. :math:`\det P = 0`
    unless the subspace is everything.
    """
    a = as_float_array(A, "A", ndim=(1, 2))
    a = a[:, None] if a.ndim == 1 else a
    Q = gram_schmidt(as_matrix(a, "A"), drop_dependent=True)
    return Q @ Q.T


def compose(*maps) -> np.ndarray:
    r"""Composition of linear maps: ``compose(M1, M2, M3)`` is :math:`M_1 M_2 M_3`, the map that
    applies :math:`M_3` first. :math:`\det(M_1 M_2) = \det M_1 \det M_2`."""
    if not maps:
        raise InputError("compose needs at least one matrix")
    mats = [as_matrix(M, f"maps[{i}]", square=True) for i, M in enumerate(maps)]
    result = mats[0]
    for i, M in enumerate(mats[1:], start=1):
        if M.shape != result.shape:
            raise InputError(f"maps[{i}] has shape {M.shape}, expected {result.shape}")
        result = result @ M
    return result


def inverse_map(M) -> np.ndarray:
    r"""The matrix of :math:`f^{-1}` (:func:`~foundations.linalg.inv`); raises ``LinAlgError``
    when :math:`\det M = 0` (the map flattens space and cannot be undone)."""
    return inv(M)


def volume_scale(M) -> float:
    r"""Signed area/volume scaling factor of the map: :math:`\det M` (by LU).

    :math:`|\det M|` is the area (volume) of the image of the unit square (cube); the sign says
    whether orientation is kept.
    """
    return det(M)


def transform_points(X, M) -> np.ndarray:
    r"""Apply :math:`x \mapsto Mx` to every row of ``X``: ``X @ M.T``.

    Parameters
    ----------
    X : array_like, shape (n_points, d)
    M : array_like, shape (d_out, d)

    Returns
    -------
    ndarray, shape (n_points, d_out)
    """
    X = as_float_array(X, "X", ndim=2)
    M = as_matrix(M, "M")
    if X.shape[1] != M.shape[1]:
        raise InputError(f"points have {X.shape[1]} coordinates but M maps from R^{M.shape[1]}")
    return X @ M.T


def polygon_area(P) -> float:
    r"""Signed area of a polygon with vertices as rows (shoelace formula),
    :math:`\tfrac{1}{2}\sum_i (x_i y_{i+1} - x_{i+1} y_i)`: positive when counter-clockwise."""
    P = as_float_array(P, "P", ndim=2)
    if P.shape[1] != 2 or P.shape[0] < 3:
        raise InputError(f"P must hold at least 3 points of the plane, got shape {P.shape}")
    x, y = P[:, 0], P[:, 1]
    return float(0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
