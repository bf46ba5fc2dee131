"""Chapter 6 — Eigenvalues and eigenvectors: the characteristic polynomial and the iterations.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch06            # or: python -m exercises.grader ch06

Use NumPy arrays and their operations; ``np.linalg.solve`` is fine inside inverse iteration,
but do not call ``np.linalg.eig``, ``eigh``, ``eigvals`` or ``np.poly`` — the point is to
compute eigenpairs yourself.
"""


def characteristic_polynomial(A):
    r"""The coefficients of :math:`p(\lambda) = \det(\lambda I - A)`, highest degree first.

    The Faddeev–LeVerrier recursion computes them with matrix products only: with
    :math:`M_0 = 0` and :math:`c_n = 1`, for :math:`k = 1, \dots, n`,

    .. math:: M_k = A M_{k-1} + c_{n-k+1} I, \qquad c_{n-k} = -\tfrac{1}{k}\operatorname{tr}(A M_k),

    and :math:`p(\lambda) = \sum_k c_k \lambda^k`. (The roots of :math:`p` are the
    eigenvalues, but roots are very sensitive to the coefficients: this is for small matrices.)

    Parameters
    ----------
    A : ndarray, shape (n, n)

    Returns
    -------
    ndarray, shape (n + 1,)
        ``[1, c_{n-1}, ..., c_0]`` — ``numpy.poly``'s convention, so
        ``characteristic_polynomial([[2, 1], [1, 2]])`` is ``[1, -4, 3]``.

    Hint: store the coefficients in the order you return them: ``coef[k]`` is :math:`c_{n-k}`.
    """
    raise NotImplementedError


def rayleigh_quotient(A, x):
    r"""The Rayleigh quotient :math:`\rho(x) = \dfrac{x^\top A x}{x^\top x}` of a non-zero ``x``.

    At an eigenvector it is the eigenvalue; it does not change when :math:`x` is scaled; and
    for symmetric :math:`A` its error is the *square* of the error in the vector.

    Parameters
    ----------
    A : ndarray, shape (n, n)
    x : ndarray, shape (n,)

    Returns
    -------
    float

    Hint: one line — and do not assume ``x`` is a unit vector.
    """
    raise NotImplementedError


def power_iteration(A, x0=None, *, tol=1e-10, max_iter=1000, random_state=None):
    r"""The dominant eigenpair (largest :math:`|\lambda|`) by power iteration.

    .. math:: v_{k+1} = \frac{A v_k}{\lVert A v_k \rVert}, \qquad
              \rho_k = v_k^\top A v_k

    Writing :math:`v_0 = \sum_i a_i u_i` in eigenvectors, :math:`A^k v_0` turns towards
    :math:`u_1` with error :math:`\sim |\lambda_2/\lambda_1|^k`. Stop as soon as the residual
    :math:`\lVert A v - \rho v \rVert \le \text{tol}\cdot\lVert A \rVert_F`, or after
    ``max_iter`` steps.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        Its eigenvalue of largest magnitude is real and simple (it may be negative).
    x0 : ndarray, shape (n,), optional
        The start; by default ``np.random.default_rng(random_state).normal(size=n)``.
    tol : float
    max_iter : int
    random_state : None or int

    Returns
    -------
    eigenvalue : float
    eigenvector : ndarray, shape (n,)
        A unit vector.

    Hint: normalise every step — :math:`A^k v_0` itself overflows when :math:`|\lambda_1| > 1`
    and the convergence is slow. Read the eigenvalue as the Rayleigh quotient, not as
    :math:`\lVert Av \rVert` (which has no sign).
    (``foundations.linalg.power_iteration`` returns a record with the history too.)
    """
    raise NotImplementedError


def inverse_iteration(A, shift, x0=None, *, tol=1e-10, max_iter=1000, random_state=None):
    r"""The eigenpair whose eigenvalue is closest to ``shift``, by shifted inverse iteration.

    :math:`(A - \mu I)^{-1}` has the eigenvectors of :math:`A` and the eigenvalues
    :math:`1/(\lambda_i - \mu)`, the largest for the :math:`\lambda_j` nearest :math:`\mu`:
    power iteration on it,

    .. math:: (A - \mu I)\, w = v_k, \qquad v_{k+1} = w / \lVert w \rVert,

    converges to :math:`u_j` at the rate :math:`|\lambda_j - \mu| / |\lambda_{\text{next}} - \mu|`.
    Return :math:`\lambda_j` itself (the Rayleigh quotient of :math:`A`), with the same stopping
    rule as :func:`power_iteration`.

    Parameters
    ----------
    A : ndarray, shape (n, n)
    shift : float
    x0, tol, max_iter, random_state
        As in :func:`power_iteration`.

    Returns
    -------
    eigenvalue : float
    eigenvector : ndarray, shape (n,)
        A unit vector.

    Hint: solve, do not invert. When ``shift`` *is* an eigenvalue, :math:`A - \mu I` is exactly
    singular and ``np.linalg.solve`` raises ``LinAlgError``: nudge :math:`\mu` by a tiny
    relative amount (say :math:`10^{-10}\lVert A \rVert_F`) and go on — the nearly singular
    system is harmless, its solution points along the eigenvector.
    """
    raise NotImplementedError
