r"""Optimization in several variables (chapter 17): gradient descent, momentum, Newton.

Training a model is minimising a loss :math:`f : \mathbb{R}^n \to \mathbb{R}`. Every method here
repeats one move: from the iterate :math:`x_k` pick a direction :math:`d_k` along which :math:`f`
goes down (:math:`\nabla f(x_k)^\top d_k < 0`) and a step length :math:`t_k > 0`, then

.. math:: x_{k+1} = x_k + t_k d_k .

- **Gradient descent**: :math:`d_k = -\nabla f(x_k)`, the direction of steepest descent.
- **Momentum** (Polyak's heavy ball): the step remembers the previous one,
  :math:`v_{k+1} = \beta v_k - \alpha \nabla f(x_k)`, :math:`x_{k+1} = x_k + v_{k+1}`.
- **Newton**: :math:`d_k = -H_k^{-1} \nabla f(x_k)` with :math:`H_k = \nabla^2 f(x_k)`, the
  minimiser of the local quadratic model; it converges quadratically near a minimum.

The step length is either fixed (``step=0.1``) or chosen by **backtracking (Armijo) line search**:
start from a trial step and halve it until the sufficient-decrease condition

.. math:: f(x_k + t d_k) \le f(x_k) + c\, t\, \nabla f(x_k)^\top d_k, \qquad c = 10^{-4},

holds. All methods stop when :math:`\|\nabla f(x_k)\|_2 \le` ``tol``.

On a quadratic :math:`f(x) = \tfrac12 x^\top A x` with condition number
:math:`\kappa = \lambda_{\max}/\lambda_{\min}`, gradient descent with the best fixed step shrinks the
error by :math:`(\kappa-1)/(\kappa+1)` per step, heavy-ball momentum by
:math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`, and Newton solves it in one step (see
:func:`figure_ch17_conditioning`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array
from .results import (
    DIVERGENCE_FACTOR,
    OptimizeResult,
    _check_options,
    _check_start,
    _diverged,
    _gradient,
    _is_divergent,
    _norm,
    _unbounded,
    _value,
)

__all__ = [
    "gradient_descent",
    "minimize",
    "newton",
]

#: Armijo's sufficient-decrease constant :math:`c` and the backtracking factor.
ARMIJO_C = 1e-4
BACKTRACK = 0.5
#: A line search that has halved the step this often has found no decrease at working precision.
MAX_BACKTRACKS = 60
# --- line search -----------------------------------------------------------------------------


def _armijo(fun, grad, x, f, slope, d, t0):
    r"""Backtrack from ``t0`` until :math:`f(x + t d) \le f(x) + c\,t\,\text{slope}`.

    A rejected :math:`t` is replaced by the minimiser of the quadratic interpolating
    :math:`\varphi(0) = f(x)`, :math:`\varphi'(0) = \text{slope}` and :math:`\varphi(t)`,

    .. math:: t_{\text{new}} = \frac{-\varphi'(0)\, t^2}{2\,(\varphi(t) - \varphi(0) - \varphi'(0)\, t)},

    clipped to :math:`[t/10, t/2]` (on a quadratic this is the exact line minimum).

    ``slope`` is the directional derivative :math:`\nabla f(x)^\top d < 0`. A trial point where
    ``fun`` is inf or NaN simply fails the test (the step shrinks).

    Near a minimum the decrease :math:`f(x) - f(x + t d)` is smaller than the rounding error in
    the two values, so the test fails for every :math:`t` although the gradient is still above
    ``tol``. Where the two values differ by less than :math:`\epsilon_f = 10^{-6}|f(x)|`, the
    decrease is therefore estimated from slopes, which carry no such cancellation (Hager and
    Zhang's approximate Armijo condition): with :math:`\varphi(t) = f(x + t d)`,

    .. math:: \varphi(t) - \varphi(0) \approx \tfrac{t}{2}\bigl(\varphi'(0) + \varphi'(t)\bigr)
              \le c\,t\,\varphi'(0),

    exact for quadratics. Returns ``(t, f(x + t d), grad(x + t d) or None)``, or ``None`` when no
    step is found.
    """
    eps_f = 1e-6 * abs(f)
    t = t0
    for _ in range(MAX_BACKTRACKS):
        x_new = x + t * d
        f_new = _value(fun, x_new, "a line-search trial point")
        if np.isfinite(f_new):
            if f_new <= f + ARMIJO_C * t * slope:
                return t, f_new, None
            if f_new <= f + eps_f:
                g_new = _gradient(grad, x_new, "a line-search trial point")
                if np.all(np.isfinite(g_new)) and 0.5 * (slope + np.vdot(g_new, d)) <= (
                    ARMIJO_C * slope
                ):
                    return t, f_new, g_new
        if np.isfinite(f_new):  # minimiser of the quadratic through φ(0), φ'(0), φ(t), safeguarded
            curvature = f_new - f - slope * t
            t_quad = -slope * t * t / (2 * curvature) if curvature > 0 else BACKTRACK * t
            t = min(max(t_quad, 0.1 * t), BACKTRACK * t)
        else:
            t *= BACKTRACK
    return None


# --- the methods -----------------------------------------------------------------------------


def _descend(fun, grad, x0, direction, *, step, momentum, tol, max_iter, method) -> OptimizeResult:
    """The shared loop: ``direction(x, g, d_prev) -> d`` picks the search direction."""
    _check_options(step, tol, max_iter)
    x = as_float_array(x0, "x0").copy()
    dtype = x.dtype
    if x.size == 0:
        raise InputError("x0 is empty")
    f = _value(fun, x, "x0")
    g = _gradient(grad, x, "x0")
    _check_start(f, g)
    f0 = f
    history = [f]
    g_norm = _norm(g)
    velocity = np.zeros_like(x)  # the previous step x_k - x_{k-1}
    t_prev = 1.0
    message = ""
    converged = g_norm <= tol
    k = 0
    while not converged and k < max_iter:
        d = direction(x, g)
        slope = float(np.vdot(g, d))
        if isinstance(step, str):  # Armijo line search along d (+ momentum as a direction term)
            if momentum:
                d = d + momentum * velocity / t_prev
                slope = float(np.vdot(g, d))
                if slope >= 0:  # momentum would go uphill: restart from the plain direction
                    d = direction(x, g)
                    slope = float(np.vdot(g, d))
            if method == "newton" or len(history) < 2:
                t0 = 1.0
            else:  # expect the same first-order decrease as last step: φ'(0) t0 = 2 (f_k - f_{k-1})
                t0 = 2.0 * (history[-1] - history[-2]) / slope
                if not (np.isfinite(t0) and t0 > 0):
                    t0 = t_prev
                t0 = min(t0, 1e3 * t_prev)
            found = _armijo(fun, grad, x, f, slope, d, t0)
            if found is None:
                message = (
                    f"line search found no decrease at iteration {k} (gradient norm "
                    f"{g_norm:.3g}); the minimum is reached to working precision or grad is wrong"
                )
                break
            t_prev, f_new, g = found
            velocity = t_prev * d
        else:  # fixed step, heavy-ball momentum
            velocity = momentum * velocity + step * d
            f_new, g = None, None
        x = x + velocity
        k += 1
        if f_new is None:
            f_new = _value(fun, x, f"iteration {k}")
            if _is_divergent(f0, f_new, x):
                raise _diverged(method, f"iteration {k}", f0, f_new, step)
        f = f_new
        if f < f0 - DIVERGENCE_FACTOR * max(1.0, abs(f0)):
            raise _unbounded(method, f"iteration {k}", f0, f)
        if g is None:
            g = _gradient(grad, x, f"iteration {k}")
        if not np.all(np.isfinite(g)):
            raise _diverged(method, f"iteration {k}", f0, np.nan if np.isfinite(f) else f, step)
        history.append(f)
        g_norm = _norm(g)
        converged = g_norm <= tol
    if converged:
        message = f"gradient norm {g_norm:.3g} <= tol={tol:g} after {k} iterations"
    elif not message:
        message = f"reached max_iter={max_iter} with gradient norm {g_norm:.3g} > tol={tol:g}"
    return OptimizeResult(
        x=x.astype(dtype, copy=False),  # float32 in, float32 out (the iteration is float64)
        fun=f,
        grad_norm=g_norm,
        n_iter=k,
        converged=bool(converged),
        history=np.asarray(history),
        message=message,
    )


def gradient_descent(
    fun: Callable,
    grad: Callable,
    x0,
    *,
    step: str | float = "armijo",
    momentum: float = 0.0,
    tol: float = 1e-8,
    max_iter: int = 1000,
) -> OptimizeResult:
    r"""Minimise ``fun`` by gradient descent, with a fixed step or Armijo line search.

    Fixed step :math:`\alpha` (``step=alpha``), with heavy-ball momentum :math:`\beta`:

    .. math::
        v_{k+1} = \beta v_k - \alpha \nabla f(x_k), \qquad x_{k+1} = x_k + v_{k+1}

    (:math:`\beta = 0` is plain gradient descent). With ``step="armijo"`` the direction
    :math:`d_k = -\nabla f(x_k) + \beta v_k / t_{k-1}` is searched by backtracking until
    :math:`f(x_k + t d_k) \le f(x_k) + c\,t\,\nabla f(x_k)^\top d_k` (:math:`c = 10^{-4}`). The
    first trial expects the same decrease as the last step,
    :math:`t = 2(f(x_k) - f(x_{k-1})) / \nabla f(x_k)^\top d_k` (Nocedal and Wright, §3.5), and a
    rejected :math:`t` is replaced by the minimiser of the quadratic through
    :math:`\varphi(0), \varphi'(0), \varphi(t)`, kept within :math:`[t/10, t/2]`; if momentum makes :math:`d_k` point uphill it is reset to
    :math:`-\nabla f(x_k)`. The objective then never increases, up to rounding (near the minimum,
    where values of :math:`f` no longer resolve the decrease, slopes decide; see ``_armijo``).

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``, the objective.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``, the gradient :math:`\nabla f(x)`.
    x0 : array_like
        The starting point (any shape; a 1-D weight vector is usual). Not modified.
    step : "armijo" or float
        Backtracking line search, or a fixed step (learning rate) :math:`\alpha > 0`.
    momentum : float
        :math:`\beta \in [0, 1)`.
    tol : float
        Stop when :math:`\|\nabla f(x_k)\|_2 \le` ``tol``.
    max_iter : int
        The most steps taken.

    Returns
    -------
    OptimizeResult
        ``x, fun, grad_norm, n_iter, converged, history`` (objective at each iterate), ``message``.

    Raises
    ------
    InputError
        ``fun(x0)`` or ``grad(x0)`` is not finite, a wrong shape, or a bad option.
    DivergenceError
        (an ``InputError``) A fixed step made the objective blow up or become inf/NaN.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[3.0, 1.0], [1.0, 2.0]])
    ... b = np.array([1.0, -1.0])
    >>> res = gradient_descent(lambda x: 0.5 * x @ A @ x - b @ x, lambda x: A @ x - b, np.zeros(2))
    >>> bool(res.converged), bool(np.allclose(A @ res.x, b))
    (True, True)
    """
    if not (isinstance(momentum, (int, float, np.integer, np.floating)) and 0 <= momentum < 1):
        raise InputError(f"momentum must be in [0, 1), got {momentum!r}")
    method = "gradient descent with momentum" if momentum else "gradient descent"
    return _descend(
        fun,
        grad,
        x0,
        lambda x, g: -g,
        step=step,
        momentum=float(momentum),
        tol=tol,
        max_iter=max_iter,
        method=method,
    )


def _newton_direction(hess: Callable, x: np.ndarray, g: np.ndarray) -> np.ndarray:
    r"""Solve :math:`H d = -g`; fall back to :math:`-g` if :math:`H` is singular or ``d`` is uphill."""
    from ..linalg import solve  # chapter 5's LU solve

    H = np.asarray(hess(x), dtype=float)
    n = x.size
    if H.shape != (n, n):
        raise InputError(f"hess must return an ({n}, {n}) matrix for x of size {n}, got {H.shape}")
    if not np.all(np.isfinite(H)):
        raise InputError("hess returned NaN or inf")
    gv = g.reshape(-1)
    try:
        d = -solve(H, gv)
    except (LinAlgError, np.linalg.LinAlgError):
        return -g
    if not np.all(np.isfinite(d)) or float(d @ gv) >= 0:  # H not positive definite here
        return -g
    return d.reshape(x.shape)


def newton(
    fun: Callable,
    grad: Callable,
    hess: Callable,
    x0,
    *,
    step: str | float = "armijo",
    tol: float = 1e-8,
    max_iter: int = 100,
) -> OptimizeResult:
    r"""Minimise ``fun`` by Newton's method, damped by Armijo line search.

    The direction minimises the local quadratic model
    :math:`f(x_k) + g^\top d + \tfrac12 d^\top H d`:

    .. math:: H_k d_k = -\nabla f(x_k), \qquad x_{k+1} = x_k + t_k d_k,

    with :math:`t_k` found by backtracking from 1 (``step="armijo"``, so that near the minimum
    the full Newton step is taken and convergence is quadratic) or fixed (``step=1.0`` is the
    pure method). Where :math:`H_k` is singular or not positive definite, so that :math:`d_k`
    is not a descent direction, the step falls back to :math:`-\nabla f(x_k)`.

    Parameters
    ----------
    fun, grad : callable
        As in :func:`gradient_descent`.
    hess : callable
        ``hess(x) -> ndarray`` of shape ``(x.size, x.size)``, the Hessian :math:`\nabla^2 f(x)`.
    x0 : array_like
    step : "armijo" or float
    tol : float
    max_iter : int

    Returns
    -------
    OptimizeResult
    """
    if not callable(hess):
        raise InputError(f"hess must be callable, got {type(hess).__name__}")
    return _descend(
        fun,
        grad,
        x0,
        lambda x, g: _newton_direction(hess, x, g),
        step=step,
        momentum=0.0,
        tol=tol,
        max_iter=max_iter,
        method="newton",
    )


METHODS = ("gd", "momentum", "newton")


def minimize(
    fun: Callable,
    x0,
    *,
    jac: Callable,
    hess: Callable | None = None,
    method: str = "gd",
    step: str | float = "armijo",
    momentum: float = 0.9,
    tol: float = 1e-8,
    max_iter: int = 1000,
) -> OptimizeResult:
    r"""Minimise ``fun`` from ``x0`` (``scipy.optimize.minimize``'s shape of call).

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``.
    x0 : array_like
        The starting point. Not modified.
    jac : callable
        ``jac(x) -> ndarray`` shaped like ``x``: the gradient :math:`\nabla f(x)`.
    hess : callable, optional
        ``hess(x) -> (n, n) ndarray``; required by ``method="newton"``.
    method : {"gd", "momentum", "newton"}
        Gradient descent, heavy-ball momentum (:math:`\beta` = ``momentum``), or damped Newton.
        See :func:`gradient_descent` and :func:`newton` for the update formulas.
    step : "armijo" or float
        Armijo backtracking line search or a fixed step :math:`\alpha`.
    momentum : float
        :math:`\beta \in [0, 1)`, used by ``method="momentum"`` only.
    tol : float
        Stop when :math:`\|\nabla f(x_k)\|_2 \le` ``tol``.
    max_iter : int

    Returns
    -------
    OptimizeResult
        ``x, fun, grad_norm, n_iter, converged, history``, ``message``.
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    if not callable(jac):
        raise InputError("jac must be a callable returning the gradient")
    if method == "newton":
        if hess is None or not callable(hess):
            raise InputError("method='newton' needs hess, a callable returning the Hessian")
        return newton(fun, jac, hess, x0, step=step, tol=tol, max_iter=max_iter)
    return gradient_descent(
        fun,
        jac,
        x0,
        step=step,
        momentum=momentum if method == "momentum" else 0.0,
        tol=tol,
        max_iter=max_iter,
    )
