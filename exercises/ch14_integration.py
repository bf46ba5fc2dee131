"""Chapter 14 — Integration: Riemann sums, the trapezoid and Simpson rules, Gauss–Legendre.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch14            # or: python -m exercises.grader ch14

Use NumPy (``np.linspace``, slicing, ``np.sum``; ``np.linalg.eigh`` for the Jacobi matrix); do
not call ``scipy.integrate``, ``scipy.special`` or ``foundations.calculus`` — the point is to
write them. Every ``f`` is vectorised: call it once on an array of points.
"""


def riemann_sum(f, a, b, n, rule="midpoint"):
    r"""The Riemann sum :math:`h \sum_{i=0}^{n-1} f(\xi_i)` of :math:`\int_a^b f` on ``n`` equal pieces.

    With :math:`h = (b - a)/n` and :math:`x_i = a + ih`, :math:`\xi_i` is the left end
    :math:`x_i`, the right end :math:`x_{i+1}`, or the midpoint :math:`x_i + h/2`. Left and
    right sums have error :math:`O(h)`; the midpoint sum :math:`O(h^2)` (it is exact for lines).

    Parameters
    ----------
    f : callable
        Vectorised: call it once, on the array of the :math:`n` sample points.
    a, b : float
        ``b < a`` is allowed (the integral changes sign: :math:`h < 0`).
    n : int
        Positive.
    rule : {"left", "right", "midpoint"}

    Returns
    -------
    float

    Hint: ``a + h * (np.arange(n) + offset)`` with offset 0, 1 or ½.
    """
    raise NotImplementedError


def trapezoid_rule(f, a, b, n):
    r"""The composite trapezoid rule on ``n`` equal pieces, :math:`h = (b - a)/n`:

    .. math:: T_n = h\Bigl[\tfrac12 f(x_0) + f(x_1) + \dots + f(x_{n-1}) + \tfrac12 f(x_n)\Bigr],
              \qquad \int_a^b f - T_n = -\frac{(b - a)h^2}{12} f''(\xi).

    Parameters
    ----------
    f : callable
        Vectorised.
    a, b : float
    n : int
        Positive.

    Returns
    -------
    float

    Hint: :math:`n` pieces have :math:`n + 1` points, ``np.linspace(a, b, n + 1)``.
    """
    raise NotImplementedError


def simpson_rule(f, a, b, n):
    r"""The composite Simpson rule on ``n`` (even) equal pieces, :math:`h = (b - a)/n`:

    .. math:: S_n = \frac h3\Bigl[f_0 + 4f_1 + 2f_2 + 4f_3 + \dots + 2f_{n-2} + 4f_{n-1} + f_n\Bigr],
              \qquad \int_a^b f - S_n = -\frac{(b - a)h^4}{180} f^{(4)}(\xi),

    the integral of the parabola through each three consecutive points — exact for cubics.

    Parameters
    ----------
    f : callable
        Vectorised.
    a, b : float
    n : int
        Even and positive.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``n`` is odd or not positive.

    Hint: the weights 4 go to the odd indices :math:`1, 3, \dots, n-1`, the weights 2 to the
    even inner ones :math:`2, 4, \dots, n-2`. Test on :math:`x^3` — and count your points.
    """
    raise NotImplementedError


def roots_legendre(n):
    r"""The ``n`` Gauss–Legendre nodes :math:`t_i` and weights :math:`w_i` on :math:`[-1, 1]`.

    :math:`\sum_i w_i\, p(t_i) = \int_{-1}^1 p(t)\,dt` for every polynomial of degree
    :math:`\le 2n - 1`: the nodes are the roots of the Legendre polynomial :math:`P_n`.

    **Golub–Welsch.** The three-term recurrence
    :math:`t P_k = \beta_{k+1} \hat P_{k+1} + \beta_k \hat P_{k-1}` of the orthonormal
    Legendre polynomials makes the nodes the eigenvalues of the symmetric tridiagonal
    *Jacobi matrix*

    .. math:: J = \begin{pmatrix} 0 & \beta_1 \\ \beta_1 & 0 & \beta_2 \\
              & \ddots & \ddots & \ddots \\ & & \beta_{n-1} & 0 \end{pmatrix},
              \qquad \beta_k = \frac{k}{\sqrt{4k^2 - 1}},

    and the weights :math:`w_i = 2 v_{0i}^2`, from the first component of each unit
    eigenvector (2 is :math:`\int_{-1}^1 dt`). Check yourself on the first three:

    - :math:`n = 1`: node :math:`0`, weight :math:`2`;
    - :math:`n = 2`: nodes :math:`\pm 1/\sqrt3`, weights :math:`1, 1`;
    - :math:`n = 3`: nodes :math:`-\sqrt{3/5}, 0, \sqrt{3/5}`, weights :math:`5/9, 8/9, 5/9`.

    Parameters
    ----------
    n : int
        Positive.

    Returns
    -------
    nodes, weights : ndarray, shape (n,)
        Nodes ascending, as ``scipy.special.roots_legendre`` returns them.

    Hint: ``np.linalg.eigh`` of :math:`J` is allowed (chapters 6–7 wrote it); its eigenvalues
    come ascending and its eigenvectors as columns.
    """
    raise NotImplementedError


def fixed_quad(func, a, b, n=5):
    r"""Gauss–Legendre quadrature of :math:`\int_a^b f` with ``n`` nodes.

    The map :math:`x = \frac{b - a}2 t + \frac{a + b}2` takes :math:`[-1, 1]` onto
    :math:`[a, b]`, with :math:`dx = \frac{b - a}2\,dt`:

    .. math:: \int_a^b f(x)\,dx \approx \frac{b - a}2 \sum_i w_i\,
              f\Bigl(\frac{b - a}2 t_i + \frac{a + b}2\Bigr),

    exact for polynomials of degree :math:`\le 2n - 1`. (``scipy.integrate.fixed_quad`` and
    ``foundations.calculus.fixed_quad`` return ``(value, None)``; return the value.)

    Parameters
    ----------
    func : callable
        Vectorised.
    a, b : float
    n : int

    Returns
    -------
    float

    Hint: use your :func:`roots_legendre`; do not forget the factor :math:`dx/dt`.
    """
    raise NotImplementedError
