"""Reference solutions, chapter 17 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def project_ball(x, radius=1.0, center=0.0):
    r"""The Euclidean projection onto the ball :math:`\{y : \|y - c\|_2 \le r\}`.

    .. math:: P(x) = \begin{cases} x & \|x - c\| \le r \\
              c + r\,\dfrac{x - c}{\|x - c\|} & \text{otherwise} \end{cases}

    Parameters
    ----------
    x : ndarray, shape (n,)
    radius : float
        Positive.
    center : float or ndarray, shape (n,)

    Returns
    -------
    ndarray, shape (n,)

    Hint: :math:`\|x - c\|` must not overflow for :math:`x = (10^{200}, 10^{200})`: divide by
    :math:`\max_i |x_i - c_i|` before squaring.
    """
    x = np.asarray(x, dtype=float)
    d = x - center
    s = np.max(np.abs(d), initial=0.0)
    if s == 0:
        return x.copy()
    scaled = np.sqrt(np.sum((d / s) ** 2))  # ‖x − c‖ / s, between 1 and √n
    if s * scaled <= radius:
        return x.copy()
    return center + radius * (d / s) / scaled


def project_simplex(x, total=1.0):
    r"""The Euclidean projection onto the simplex :math:`\{p : p_i \ge 0,\ \sum_i p_i = s\}`.

    The closest point is :math:`p = \max(x - \theta, 0)` with the threshold :math:`\theta`
    that makes the sum :math:`s`. Sort :math:`x` descending, :math:`u_1 \ge u_2 \ge \dots`; the
    number of positive entries is the largest :math:`\rho` with

    .. math:: u_\rho > \frac{\sum_{j \le \rho} u_j - s}{\rho}, \qquad
              \theta = \frac{\sum_{j \le \rho} u_j - s}{\rho}.

    Parameters
    ----------
    x : ndarray, shape (n,)
    total : float
        :math:`s > 0`.

    Returns
    -------
    ndarray, shape (n,)

    Hint: ``np.cumsum`` of the sorted values gives every candidate :math:`\theta` at once.
    "Clip at 0 and divide by the sum" lands on the simplex, but not at the closest point.
    """
    x = np.asarray(x, dtype=float)
    u = np.sort(x)[::-1]
    theta = (np.cumsum(u) - total) / np.arange(1, x.size + 1)
    rho = np.nonzero(u > theta)[0][-1]
    return np.maximum(x - theta[rho], 0.0)


def gradient_descent(fun, grad, x0, *, step=0.1, momentum=0.0, tol=1e-8, max_iter=1000):
    r"""Minimise ``fun`` by gradient descent with a fixed step :math:`\alpha` and heavy-ball momentum :math:`\beta`.

    .. math:: v_{k+1} = \beta v_k - \alpha \nabla f(x_k), \qquad x_{k+1} = x_k + v_{k+1},
              \qquad v_0 = 0

    (:math:`\beta = 0` is plain gradient descent). On a quadratic with condition number
    :math:`\kappa`, plain descent with :math:`\alpha = 1/L` needs about
    :math:`\kappa \log(1/\text{tol})` steps; momentum :math:`\beta \approx 0.9` far fewer.

    Parameters
    ----------
    fun : callable
        The objective (not needed by the iteration itself; the same arguments as
        ``foundations.multivariable.gradient_descent``).
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``.
    x0 : ndarray, shape (n,)
        Not modified.
    step, momentum, tol : float
    max_iter : int
        The most steps taken.

    Returns
    -------
    x : ndarray, shape (n,)
    converged : bool
        Whether :math:`\|\nabla f(x)\|_2 \le` ``tol`` at the returned ``x``.

    Raises
    ------
    ValueError
        When an iterate or a gradient is not finite (the step is too large).

    Hint: test the gradient before each step, as in chapter 13.
    """
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    for k in range(max_iter + 1):
        g = np.asarray(grad(x), dtype=float)
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(g))):
            raise ValueError("gradient descent diverged: the step is too large")
        if np.linalg.norm(g) <= tol:
            return x, True
        if k == max_iter:
            break
        v = momentum * v - step * g
        x = x + v
    return x, False


def newton(fun, grad, hess, x0, *, tol=1e-8, max_iter=100):
    r"""Minimise ``fun`` by Newton's method: solve :math:`\nabla^2 f(x_k)\, p_k = -\nabla f(x_k)`, then :math:`x_{k+1} = x_k + p_k`.

    The step minimises the local quadratic model
    :math:`f(x_k) + g^\top p + \tfrac12 p^\top H p`; near a minimum with a positive definite
    Hessian the error squares each step, and a quadratic is minimised in one step. Stop when
    :math:`\|\nabla f(x_k)\|_2 \le` ``tol``.

    Parameters
    ----------
    fun, grad, hess : callable
        The objective, its gradient ``(n,)`` and its Hessian ``(n, n)``.
    x0 : ndarray, shape (n,)
    tol : float
    max_iter : int

    Returns
    -------
    x : ndarray, shape (n,)
    converged : bool

    Hint: ``np.linalg.solve`` (chapter 5), never ``np.linalg.inv``.
    """
    x = np.array(x0, dtype=float)
    for _ in range(max_iter):
        g = np.asarray(grad(x), dtype=float)
        if np.linalg.norm(g) <= tol:
            return x, True
        x = x + np.linalg.solve(np.asarray(hess(x), dtype=float), -g)
    return x, bool(np.linalg.norm(grad(x)) <= tol)


def projected_gradient_descent(fun, grad, x0, project, *, step=0.1, tol=1e-8, max_iter=1000):
    r"""Minimise ``fun`` over a closed convex set :math:`C` by :math:`x_{k+1} = P_C(x_k - \alpha \nabla f(x_k))`.

    At a constrained minimum the gradient need not vanish (it points out of :math:`C`), so
    the stopping test is on the *gradient mapping*
    :math:`G(x_k) = (x_k - P_C(x_k - \alpha\nabla f(x_k)))/\alpha`, which is 0 exactly at the
    minimisers: stop when :math:`\|G(x_k)\|_2 \le` ``tol``. ``x0`` need not lie in :math:`C`;
    the first step projects it.

    Parameters
    ----------
    fun, grad : callable
    x0 : ndarray, shape (n,)
    project : callable
        :math:`P_C`, e.g. ``np.clip`` to a box, or your :func:`project_simplex`.
    step : float
        :math:`\alpha \le 1/L` for an :math:`L`-smooth ``fun``.
    tol : float
    max_iter : int

    Returns
    -------
    x : ndarray, shape (n,)
        A point of :math:`C`.
    converged : bool
        Whether :math:`\|G(x)\| \le` ``tol`` at the returned ``x``.

    Hint: the step :math:`x_{k+1} - x_k` is :math:`-\alpha G(x_k)`.
    """
    x = project(np.array(x0, dtype=float))
    for _ in range(max_iter):
        new = project(x - step * np.asarray(grad(x), dtype=float))
        if np.linalg.norm(x - new) / step <= tol:  # ‖G(x)‖ ≤ tol at this x
            return x, True
        x = new
    return x, False
