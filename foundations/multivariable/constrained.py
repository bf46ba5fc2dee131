r"""Constrained optimization (chapter 17): Lagrange multipliers, and projected gradient descent.

**Equality constraints.** At a minimum of :math:`f` on :math:`\{x : c(x) = 0\}`,
:math:`c : \mathbb{R}^n \to \mathbb{R}^m` with full-rank Jacobian :math:`J = \partial c/\partial x`,
the gradient of :math:`f` is a combination of the constraint gradients: there are multipliers
:math:`\lambda \in \mathbb{R}^m` with

.. math:: \nabla_x L(x, \lambda) = \nabla f(x) + J(x)^\top \lambda = 0, \qquad c(x) = 0,

the stationarity of the Lagrangian :math:`L = f + \lambda^\top c` (the KKT conditions for
equalities). :func:`lagrange_newton` solves these :math:`n + m` equations by Newton's method:
each step solves the symmetric **KKT system**

.. math:: \begin{pmatrix} \nabla^2_{xx} L & J^\top \\ J & 0 \end{pmatrix}
          \begin{pmatrix} \Delta x \\ \Delta\lambda \end{pmatrix}
          = -\begin{pmatrix} \nabla f + J^\top\lambda \\ c \end{pmatrix},
          \qquad \nabla^2_{xx} L = \nabla^2 f + \textstyle\sum_i \lambda_i \nabla^2 c_i,

halving the step while it does not reduce the residual norm. For a quadratic :math:`f` and linear
:math:`c` one step is exact.

**Projected gradient descent** minimises over a closed convex set :math:`C` with a cheap
projection :math:`P_C(y) = \arg\min_{x \in C}\|x - y\|`:

.. math:: x_{k+1} = P_C\bigl(x_k - t_k \nabla f(x_k)\bigr),

with backtracking on the step (Beck and Teboulle's test, which every :math:`t \le 1/L` passes),
stopping when the *gradient mapping* :math:`\|x - P_C(x - \nabla f(x))\|` (0 exactly at the
constrained minimisers of a convex :math:`f`) is below ``tol``. Projections onto a box (clip),
a Euclidean ball (rescale) and the probability simplex (sort and threshold, Held et al. 1974,
Duchi et al. 2008) are provided.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..calculus._checks import check_callable, check_count, check_real, check_tol
from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_vector
from .results import (
    DIVERGENCE_FACTOR,
    ConstrainedResult,
    OptimizeResult,
    _check_start,
    _diverged,
    _gradient,
    _is_divergent,
    _norm,
    _unbounded,
    _value,
)

__all__ = [
    "lagrange_newton",
    "project_ball",
    "project_box",
    "project_simplex",
    "projected_gradient_descent",
]


# --- equality constraints: Newton on the KKT conditions ---------------------------------------


def _matrix(M, shape: tuple[int, int], name: str) -> np.ndarray:
    try:
        M = np.asarray(M, dtype=float).reshape(shape)
    except (TypeError, ValueError):
        raise InputError(f"{name} must return an array of {shape[0]}x{shape[1]} numbers") from None
    if not np.all(np.isfinite(M)):
        raise InputError(f"{name} returned NaN or inf")
    return M


def _kkt_parts(grad, hess, c, cjac, chess, x, lam):
    """The residual (∇f + Jᵀλ, c) and the KKT matrix at (x, λ)."""
    n, m = x.size, lam.size
    g = _gradient(grad, x, "x").reshape(n)
    cx = np.atleast_1d(np.asarray(c(x), dtype=float))
    if cx.shape != (m,):
        raise InputError(f"constraints must return {m} values, got shape {cx.shape}")
    J = _matrix(cjac(x), (m, n), "constraints_jac")
    H = _matrix(hess(x), (n, n), "hess")
    if chess is not None:
        Hc = np.asarray(chess(x), dtype=float)
        if Hc.shape != (m, n, n):
            raise InputError(f"constraints_hess must return shape ({m}, {n}, {n}), got {Hc.shape}")
        H = H + np.tensordot(lam, Hc, axes=1)
    K = np.block([[H, J.T], [J, np.zeros((m, m))]])
    return np.concatenate([g + J.T @ lam, cx]), K


def _damped_kkt_step(fun, parts, x, lam, r, K, k):
    """The Newton step on the KKT system, halved until the residual goes down (or None)."""
    from ..linalg import solve  # chapter 5

    try:
        step = -solve(K, r)
    except (LinAlgError, np.linalg.LinAlgError):
        raise LinAlgError(
            f"the KKT matrix is singular at iteration {k}: the constraint gradients are "
            "linearly dependent, or the problem has no isolated minimum on the constraints"
        ) from None
    t, r_norm, n = 1.0, _norm(r), x.size
    for _ in range(40):
        x_try, lam_try = x + t * step[:n], lam + t * step[n:]
        f_try = _value(fun, x_try, f"iteration {k + 1}")
        if np.isfinite(f_try):
            r_try, K_try = parts(x_try, lam_try)
            if _norm(r_try) < r_norm:
                return x_try, lam_try, f_try, r_try, K_try
        t /= 2
    return None


def lagrange_newton(
    fun: Callable,
    grad: Callable,
    hess: Callable,
    x0,
    *,
    constraints: Callable,
    constraints_jac: Callable,
    constraints_hess: Callable | None = None,
    multipliers0=None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> ConstrainedResult:
    r"""Minimise ``fun`` subject to ``constraints(x) = 0`` by Newton's method on the KKT system.

    Parameters
    ----------
    fun, grad, hess : callable
        :math:`f(x)`, :math:`\nabla f(x)` (shape ``(n,)``), :math:`\nabla^2 f(x)` (``(n, n)``).
    x0 : array_like, shape (n,)
    constraints : callable
        :math:`c(x)`, shape ``(m,)`` (a scalar for one constraint).
    constraints_jac : callable
        :math:`J(x)`, shape ``(m, n)``: row :math:`i` is :math:`\nabla c_i(x)^\top`.
    constraints_hess : callable, optional
        :math:`\nabla^2 c_i(x)` stacked, shape ``(m, n, n)``; omit for linear constraints.
    multipliers0 : array_like, shape (m,), optional
        The starting :math:`\lambda` (zeros by default).
    tol : float
        Stop when :math:`\|\nabla f + J^\top\lambda\|_2 \le \text{tol}\,\max(1, \|\nabla f\|_2)`
        and :math:`\|c\|_2 \le \text{tol}\,\max(1, \|x\|_2)`: relative to the sizes that
        rounding scales with (large multipliers cancel a large :math:`\nabla f`).
    max_iter : int

    Returns
    -------
    ConstrainedResult
        ``x``, ``multipliers`` :math:`\lambda`, ``fun``, ``grad_norm``
        (:math:`\|\nabla_x L\|`), ``constraint_violation`` (:math:`\|c(x)\|`), ``converged``,
        ``n_iter``, ``history`` (:math:`f` at each iterate), ``message``.

    Raises
    ------
    LinAlgError
        If the KKT matrix is singular (the constraint gradients are linearly dependent, or
        :math:`\nabla^2 L` is singular on the tangent space of the constraints).
    """
    callables = {"fun": fun, "grad": grad, "hess": hess, "constraints": constraints}
    callables |= {"constraints_jac": constraints_jac, "constraints_hess": constraints_hess}
    for name, f in callables.items():
        if f is not None or name != "constraints_hess":
            check_callable(f, name)
    tol, max_iter = check_tol(tol), check_count(max_iter, "max_iter", 0)
    x = as_vector(x0, "x0").astype(float)
    m = np.atleast_1d(np.asarray(constraints(x), dtype=float)).size
    lam = np.zeros(m) if multipliers0 is None else as_vector(multipliers0, "multipliers0").copy()
    if lam.shape != (m,):
        raise InputError(f"multipliers0 must have {m} entries (one per constraint)")
    f = _value(fun, x, "x0")

    def parts(x, lam):
        return _kkt_parts(grad, hess, constraints, constraints_jac, constraints_hess, x, lam)

    r, K = parts(x, lam)
    _check_start(f, r)
    history, k, message = [f], 0, ""

    def kkt_met(x, r):
        n = x.size
        g_norm = _norm(_gradient(grad, x, "x"))
        return _norm(r[:n]) <= tol * max(1.0, g_norm) and _norm(r[n:]) <= tol * max(1.0, _norm(x))

    while not kkt_met(x, r) and k < max_iter:
        found = _damped_kkt_step(fun, parts, x, lam, r, K, k)
        if found is None:
            message = f"no step reduces the KKT residual {_norm(r):.3g} at iteration {k}"
            break
        x_try, lam_try, f_try, r_try, K_try = found
        x, lam, f, r, K = x_try, lam_try, f_try, r_try, K_try
        k += 1
        history.append(f)
    n, converged = x.size, kkt_met(x, r)
    message = message or (
        f"KKT conditions met to tol={tol:g} (residual {_norm(r):.3g}) after {k} iterations"
        if converged
        else f"reached max_iter={max_iter} with KKT residual {_norm(r):.3g} (tol={tol:g})"
    )
    return ConstrainedResult(
        x,
        f,
        _norm(r[:n]),
        k,
        bool(converged),
        np.asarray(history),
        message,
        multipliers=lam,
        constraint_violation=_norm(r[n:]),
    )


# --- projections onto simple convex sets ------------------------------------------------------


def project_box(x, lower=-np.inf, upper=np.inf) -> np.ndarray:
    r"""Projection onto the box :math:`\{l \le x \le u\}`: clip each coordinate, :math:`\min(\max(x, l), u)`."""
    x = as_float_array(x, "x")
    try:
        lo = np.broadcast_to(np.asarray(lower, dtype=float), x.shape)
        hi = np.broadcast_to(np.asarray(upper, dtype=float), x.shape)
    except (TypeError, ValueError):
        raise InputError(
            f"lower and upper must be numbers or arrays broadcasting to {x.shape}"
        ) from None
    if np.any(np.isnan(lo)) or np.any(np.isnan(hi)) or np.any(lo > hi):
        raise InputError("the box needs lower <= upper (and no NaN)")
    return np.minimum(np.maximum(x, lo), hi).astype(x.dtype, copy=False)


def project_ball(x, radius: float = 1.0, center=0.0) -> np.ndarray:
    r"""Projection onto the ball :math:`\{\|x - c\|_2 \le r\}`: :math:`c + (x - c)\min(1, r/\|x - c\|)`."""
    x = as_float_array(x, "x")
    radius = check_real(radius, "radius", low=0.0)
    c = np.broadcast_to(as_float_array(center, "center"), x.shape)
    d = x - c
    scale = float(np.max(np.abs(d))) if d.size else 0.0
    norm = scale * float(np.linalg.norm(d / scale)) if scale > 0 else 0.0  # no overflow
    if norm <= radius:
        return x.copy()
    return (c + d * (radius / norm)).astype(x.dtype, copy=False)


def project_simplex(x, total: float = 1.0) -> np.ndarray:
    r"""Projection onto the simplex :math:`\{x \ge 0,\ \sum_i x_i = s\}` (``total`` :math:`s > 0`).

    The projection is :math:`\max(x - \theta, 0)` with the threshold :math:`\theta` that makes the
    sum :math:`s`: sort :math:`x` descending, :math:`u_1 \ge u_2 \ge \dots`, take the largest
    :math:`\rho` with :math:`u_\rho > (\sum_{j \le \rho} u_j - s)/\rho`, and
    :math:`\theta = (\sum_{j\le\rho} u_j - s)/\rho`. :math:`O(n \log n)`.
    """
    x = as_vector(x, "x")
    total = check_real(total, "total", low=0.0, low_open=True)
    u = np.sort(x)[::-1]
    css = np.cumsum(u) - total
    rho = np.nonzero(u > css / np.arange(1, x.size + 1))[0][-1]
    theta = css[rho] / (rho + 1.0)
    return np.maximum(x - theta, 0.0).astype(x.dtype, copy=False)


# --- projected gradient descent ---------------------------------------------------------------


def _projector(project: Callable, shape: tuple[int, ...]) -> Callable:
    check_callable(project, "project")

    def P(y):
        try:
            z = np.asarray(project(y), dtype=float)
        except (TypeError, ValueError):
            raise InputError("project must return an array of numbers") from None
        if z.shape != shape or not np.all(np.isfinite(z)):
            raise InputError(f"project must return a finite array shaped like x0 {shape}")
        return z

    return P


def _sufficient_decrease(grad, f, g, x, f_new, x_new, t) -> bool:
    r"""Beck and Teboulle's backtracking test for a projected step of length :math:`t`,

    .. math:: f(x^+) \le f(x) + g^\top d + \frac{\lVert d\rVert^2}{2t}, \qquad d = x^+ - x,

    which every :math:`t \le 1/L` passes. Where the two values of :math:`f` agree to
    :math:`10^{-6}|f|` their difference is mostly rounding, and the curvature along :math:`d` is
    judged from gradients instead, :math:`(\nabla f(x^+) - g)^\top d \le \lVert d\rVert^2 / t`
    (the same test, exact for quadratics).
    """
    if not np.isfinite(f_new):
        return False
    d = x_new - x
    dd = float(np.vdot(d, d))
    if f_new <= f + float(np.vdot(g, d)) + dd / (2 * t):
        return True
    if f_new <= f + 1e-6 * abs(f):
        g_new = _gradient(grad, x_new, "a line-search trial point")
        return float(np.vdot(g_new - g, d)) <= dd / t
    return False


def projected_gradient_descent(
    fun: Callable,
    grad: Callable,
    x0,
    project: Callable,
    *,
    step: str | float = "armijo",
    tol: float = 1e-8,
    max_iter: int = 1000,
) -> OptimizeResult:
    r"""Minimise ``fun`` over a convex set by :math:`x_{k+1} = P(x_k - t_k\nabla f(x_k))`.

    Parameters
    ----------
    fun, grad : callable
        :math:`f(x)` and :math:`\nabla f(x)` (shaped like ``x``).
    x0 : array_like
        The start (projected first if it is outside the set).
    project : callable
        ``project(y) -> x``, the Euclidean projection onto the set, e.g.
        ``lambda y: project_box(y, 0, 1)``, ``project_ball``, ``project_simplex``.
    step : "armijo" or float
        A fixed step, or backtracking from the last accepted step (doubled) until
        :math:`f(x^+) \le f(x) + \nabla f(x)^\top d + \lVert d\rVert^2/(2t)`,
        :math:`d = x^+ - x` (Beck and Teboulle), which holds once :math:`t \le 1/L`.
    tol : float
        Stop when the gradient mapping :math:`\|x - P(x - \nabla f(x))\|_2 \le` ``tol``.
    max_iter : int

    Returns
    -------
    OptimizeResult
        ``grad_norm`` is the gradient mapping, the constrained counterpart of
        :math:`\|\nabla f\|`.
    """
    check_callable(fun, "fun")
    check_callable(grad, "grad")
    if not (isinstance(step, str) and step == "armijo"):
        step = check_real(step, "step ('armijo' or a positive number)", low=0.0, low_open=True)
    tol, max_iter = check_tol(tol), check_count(max_iter, "max_iter", 0)
    x0 = as_float_array(x0, "x0")
    if x0.size == 0:
        raise InputError("x0 is empty")
    P = _projector(project, x0.shape)
    x = P(x0)
    f, g = _value(fun, x, "P(x0)"), _gradient(grad, x, "P(x0)")
    _check_start(f, g)
    f0, history, t, k, message = f, [f], 1.0, 0, ""

    def mapping(x, g):
        return _norm(x - P(x - g))

    g_map = mapping(x, g)
    while g_map > tol and k < max_iter:
        if isinstance(step, str):
            t *= 2.0
            for _ in range(60):
                x_new = P(x - t * g)
                f_new = _value(fun, x_new, f"iteration {k + 1}")
                if _sufficient_decrease(grad, f, g, x, f_new, x_new, t):
                    break
                t /= 2.0
            else:
                message = (
                    f"line search found no decrease at iteration {k} (gradient mapping {g_map:.3g})"
                )
                break
        else:
            x_new = P(x - step * g)
            f_new = _value(fun, x_new, f"iteration {k + 1}")
        if np.array_equal(x_new, x):
            message = (
                f"no progress at iteration {k}: the step no longer moves x (gradient mapping "
                f"{g_map:.3g}, at the rounding floor of this problem)"
            )
            break
        x, f, k = x_new, f_new, k + 1
        if _is_divergent(f0, f, x):
            raise _diverged("projected gradient descent", f"iteration {k}", f0, f, step)
        if f < f0 - DIVERGENCE_FACTOR * max(1.0, abs(f0)):
            raise _unbounded("projected gradient descent", f"iteration {k}", f0, f)
        g = _gradient(grad, x, f"iteration {k}")
        history.append(f)
        g_map = mapping(x, g)
    converged = g_map <= tol
    if not message:
        message = (
            f"gradient mapping {g_map:.3g} <= tol={tol:g} after {k} iterations"
            if converged
            else f"reached max_iter={max_iter} with gradient mapping {g_map:.3g} > tol={tol:g}"
        )
    x = x.astype(x0.dtype, copy=False)  # float32 in, float32 out
    return OptimizeResult(x, f, g_map, k, bool(converged), np.asarray(history), message)
