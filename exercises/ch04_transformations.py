"""Chapter 4 — Linear transformations: rotations, reflections, and areas under a map.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch04            # or: python -m exercises.grader ch04

A matrix *is* a map: its columns are the images of the basis vectors. Points are rows, so a
map :math:`M` moves a set of points ``X`` to ``X @ M.T``. Use NumPy (``np.cos``, ``np.outer``,
``np.roll``); do not call ``scipy.spatial.transform`` — the point is to build the matrices.
"""


def rotation_2d(theta):
    r"""The counter-clockwise rotation of the plane by ``theta`` radians.

    .. math:: R(\theta) = \begin{pmatrix} \cos\theta & -\sin\theta \\
              \sin\theta & \cos\theta \end{pmatrix}, \qquad
              \det R = 1, \quad R(\alpha) R(\beta) = R(\alpha + \beta)

    Parameters
    ----------
    theta : float

    Returns
    -------
    R : ndarray, shape (2, 2)

    Hint: the first column is where :math:`e_1 = (1, 0)` goes: :math:`(\cos\theta, \sin\theta)`.
    """
    raise NotImplementedError


def rotation_3d(axis, theta):
    r"""The rotation of space by ``theta`` radians about ``axis`` (right-hand rule), by Rodrigues.

    With :math:`u = \text{axis}/\lVert\text{axis}\rVert` and :math:`K` the cross-product matrix
    of :math:`u` (:math:`Kx = u \times x`),

    .. math:: R = I + \sin\theta\, K + (1 - \cos\theta)\, K^2,
              \qquad K = \begin{pmatrix} 0 & -u_3 & u_2 \\ u_3 & 0 & -u_1 \\
              -u_2 & u_1 & 0 \end{pmatrix} .

    :math:`R` fixes the axis (:math:`Ru = u`) and, seen from the tip of :math:`u`, turns the
    plane orthogonal to it counter-clockwise.

    Parameters
    ----------
    axis : ndarray, shape (3,)
        Non-zero, of any length.
    theta : float

    Returns
    -------
    R : ndarray, shape (3, 3)

    Hint: normalise the axis first — the formula needs a unit vector.
    """
    raise NotImplementedError


def reflection(normal):
    r"""The reflection across the hyperplane orthogonal to ``normal`` (a Householder matrix).

    .. math:: H = I - 2\,\frac{n n^\top}{n^\top n}, \qquad Hn = -n, \quad Hw = w
              \text{ for } w \perp n, \quad H^2 = I, \quad \det H = -1

    Parameters
    ----------
    normal : ndarray, shape (d,)
        Non-zero, of any length.

    Returns
    -------
    H : ndarray, shape (d, d)

    Hint: ``np.outer``; in 2-D, ``reflection([0, 1])`` mirrors across the x-axis.
    """
    raise NotImplementedError


def polygon_area(P):
    r"""The signed area of a polygon with its vertices as rows, by the shoelace formula.

    .. math:: A = \tfrac12 \sum_{i=1}^{k} (x_i\, y_{i+1} - x_{i+1}\, y_i),
              \qquad (x_{k+1}, y_{k+1}) = (x_1, y_1)

    positive when the vertices run counter-clockwise, negative when clockwise. A map :math:`M`
    multiplies every signed area by :math:`\det M`: that is what the determinant *is*.

    Parameters
    ----------
    P : ndarray, shape (k, 2), k >= 3

    Returns
    -------
    float

    Hint: the sum wraps around — the last vertex pairs with the first (``np.roll``).
    """
    raise NotImplementedError
