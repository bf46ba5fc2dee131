r"""Optimization in one variable (chapter 13): gradient descent, Newton's method, golden section.

A differentiable :math:`f` has :math:`f'(x^*) = 0` at a local minimum; if also
:math:`f''(x^*) > 0` it is a strict one. Three ways to get there, each with its rate:

- **Gradient descent** :math:`x_{k+1} = x_k - \alpha f'(x_k)`: near :math:`x^*`,
  :math:`x_{k+1} - x^* \approx (1 - \alpha f''(x^*))(x_k - x^*)`, *linear* convergence with ratio
  :math:`|1 - \alpha f''(x^*)|` (it diverges when :math:`\alpha > 2/f''(x^*)`).
- **Newton's method** :math:`x_{k+1} = x_k - f'(x_k)/f''(x_k)` (Newton root-finding applied to
  :math:`f'`): *quadratic* convergence, :math:`|x_{k+1} - x^*| \le C |x_k - x^*|^2`.
- **Golden-section search**, derivative-free for a unimodal :math:`f` on :math:`[a, b]`: keeps
  two interior points at the golden ratio so one is reused; the bracket shrinks by
  :math:`1/\varphi \approx 0.618` per evaluation.

:func:`convergence_order` estimates the order :math:`p` in :math:`e_{k+1} \approx C e_k^p` from a
run's errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ._checks import check_callable, check_count, check_real, check_tol, scalar_value

__all__ = [
    "DivergenceError",
    "ScalarOptimizeResult",
    "convergence_order",
    "golden_section_search",
    "gradient_descent_1d",
    "newton_1d",
    "newton_root",
]

INV_PHI = (np.sqrt(5.0) - 1.0) / 2.0  # 1/φ ≈ 0.618


class DivergenceError(InputError):
    """The iterates ran away (the objective grew without bound or became inf/NaN).

    With a fixed step this means the step is too large for the function's curvature: for a
    quadratic with largest Hessian eigenvalue :math:`L`, any fixed step above :math:`2/L`
    diverges. It is an :class:`~foundations.errors.InputError` because the fix is a parameter:
    a smaller ``step``, or ``step="armijo"``.
    """


@dataclass
class ScalarOptimizeResult:
    """The result of a one-variable method.

    Attributes
    ----------
    x : float
        The final iterate (for golden section: the centre of the final bracket).
    n_iter : int
    converged : bool
    history : ndarray, shape (n_iter + 1,)
        Every iterate, starting with ``x0`` (for golden section: the best point after each step).
    message : str
    """

    x: float
    n_iter: int
    converged: bool
    history: np.ndarray = field(repr=False)
    message: str = ""


def _scalar(v, what: str) -> float:
    return scalar_value(v, what)


def _check_iteration(x0, tol, max_iter) -> tuple[float, float, int]:
    return _scalar(x0, "x0"), check_tol(tol), check_count(max_iter, "max_iter", 0)


def _iterate(update: Callable[[float], float], x0, tol, max_iter, name: str):
    """``x <- x - update(x)`` until the step is below ``tol * max(1, |x|)``."""
    x, tol, max_iter = _check_iteration(x0, tol, max_iter)
    history = [x]
    for k in range(max_iter):
        try:
            step = update(x)
        except (OverflowError, FloatingPointError):
            step = np.inf
        if not np.isfinite(step) or not np.isfinite(x - step):
            raise DivergenceError(f"{name} diverged at iteration {k + 1}: the step became {step}")
        x = x - step
        history.append(x)
        if abs(step) <= tol * max(1.0, abs(x)):
            return ScalarOptimizeResult(x, k + 1, True, np.asarray(history), "step below tol")
    return ScalarOptimizeResult(x, max_iter, False, np.asarray(history), "max_iter reached")


def gradient_descent_1d(
    df: Callable, x0: float, *, step: float = 0.1, tol: float = 1e-10, max_iter: int = 10_000
) -> ScalarOptimizeResult:
    r"""Minimise by :math:`x_{k+1} = x_k - \alpha f'(x_k)`; converged when :math:`|f'(x_k)| \le \text{tol}`.

    The test is on the gradient, the optimality condition itself. (A test on the step
    :math:`|\alpha f'(x_k)|` declares convergence far from the minimum whenever :math:`\alpha`
    is small.) A step below the float spacing at :math:`x_k` stops the run with
    ``converged=False``, as does ``max_iter``.

    Raises
    ------
    DivergenceError
        (an InputError) If an iterate becomes inf/NaN (``step`` too large:
        :math:`\alpha > 2/f''`).
    """
    check_callable(df, "df")
    step = check_real(step, "step", low=0.0, low_open=True)
    x, tol, max_iter = _check_iteration(x0, tol, max_iter)
    history = [x]
    g = _scalar(df(x), "f'(x0)")
    for k in range(max_iter + 1):
        if abs(g) <= tol:
            message = f"|f'(x)| = {abs(g):.3g} <= tol={tol:g}"
            return ScalarOptimizeResult(x, k, True, np.asarray(history), message)
        if k == max_iter:
            break
        with np.errstate(over="ignore"):
            x_new = x - step * g
        if not np.isfinite(x_new):
            raise DivergenceError(
                f"gradient descent diverged at iteration {k + 1}: the iterate became {x_new}; "
                f"the step {step:g} is too large"
            )
        if x_new == x:
            message = (
                f"the step {step * g:.3g} is below the float spacing at x; |f'(x)| = {abs(g):.3g}"
            )
            return ScalarOptimizeResult(x, k, False, np.asarray(history), message)
        x = x_new
        history.append(x)
        try:
            g = _scalar(df(x), "f'(x)")
        except (InputError, OverflowError, FloatingPointError) as exc:  # f' overflowed far out
            raise DivergenceError(
                f"gradient descent diverged at iteration {k + 1}: f'(x) at x={x:.3g} is not "
                f"finite ({exc}); the step {step:g} is too large"
            ) from None
    message = f"max_iter={max_iter} reached with |f'(x)| = {abs(g):.3g} > tol={tol:g}"
    return ScalarOptimizeResult(x, max_iter, False, np.asarray(history), message)


def newton_1d(
    df: Callable, d2f: Callable, x0: float, *, tol: float = 1e-12, max_iter: int = 100
) -> ScalarOptimizeResult:
    r"""Find a stationary point by :math:`x_{k+1} = x_k - f'(x_k)/f''(x_k)` (quadratic convergence).

    It finds *stationary* points: maxima too, when :math:`f'' < 0` there.
    """

    check_callable(df, "df")
    check_callable(d2f, "d2f")

    def update(x):
        curvature = _scalar(d2f(x), "f''(x)")
        if curvature == 0:
            raise InputError(f"f''({x}) = 0: the Newton step is undefined")
        return _scalar(df(x), "f'(x)") / curvature

    return _iterate(update, x0, tol, max_iter, "Newton's method")


def newton_root(
    f: Callable, fprime: Callable, x0: float, *, tol: float = 1.48e-8, maxiter: int = 50
) -> ScalarOptimizeResult:
    r"""Root of ``f`` by Newton's method :math:`x_{k+1} = x_k - f(x_k)/f'(x_k)`.

    (``scipy.optimize.newton``'s arguments and tolerance.) The tangent line at :math:`x_k` meets
    zero at :math:`x_{k+1}`; for a simple root the error squares each step.
    """

    check_callable(f)
    check_callable(fprime, "fprime")

    def update(x):
        slope = _scalar(fprime(x), "f'(x)")
        if slope == 0:
            raise InputError(f"f'({x}) = 0: the Newton step is undefined")
        return _scalar(f(x), "f(x)") / slope

    return _iterate(update, x0, tol, maxiter, "Newton's method")


def golden_section_search(
    f: Callable, a: float, b: float, *, tol: float = 1e-8, max_iter: int = 500
) -> ScalarOptimizeResult:
    r"""Minimise a unimodal ``f`` on :math:`[a, b]` by golden-section search.

    Interior points :math:`c = b - (b-a)/\varphi`, :math:`d = a + (b-a)/\varphi`; if
    :math:`f(c) < f(d)` the minimum is in :math:`[a, d]`, else in :math:`[c, b]`. Because
    :math:`1/\varphi^2 = 1 - 1/\varphi`, the surviving interior point is one of the next pair, so
    each step costs one evaluation and shrinks the bracket by :math:`1/\varphi`. Stops when
    :math:`b - a \le \text{tol}\max(1, |a|+|b|)`.
    """
    check_callable(f)
    a, b = check_real(a, "a"), check_real(b, "b")
    if a >= b:
        raise InputError(f"need a < b, got a={a}, b={b}")
    tol = check_tol(tol)
    max_iter = check_count(max_iter, "max_iter", 0)
    c, d = b - INV_PHI * (b - a), a + INV_PHI * (b - a)
    fc, fd = _scalar(f(c), "f(c)"), _scalar(f(d), "f(d)")
    history = [c if fc < fd else d]
    for k in range(max_iter):
        if b - a <= tol * max(1.0, abs(a) + abs(b)):
            return ScalarOptimizeResult(
                float((a + b) / 2), k, True, np.asarray(history), "bracket below tol"
            )
        if fc < fd:  # minimum in [a, d]; old c becomes the new d
            b, d, fd = d, c, fc
            c = b - INV_PHI * (b - a)
            fc = _scalar(f(c), "f(c)")
        else:  # minimum in [c, b]; old d becomes the new c
            a, c, fc = c, d, fd
            d = a + INV_PHI * (b - a)
            fd = _scalar(f(d), "f(d)")
        history.append(c if fc < fd else d)
    return ScalarOptimizeResult(
        float((a + b) / 2), max_iter, False, np.asarray(history), "max_iter reached"
    )


def convergence_order(errors) -> float:
    r"""Estimate :math:`p` in :math:`e_{k+1} \approx C e_k^p` from the last three errors.

    .. math:: p \approx \frac{\log(e_{k+1}/e_k)}{\log(e_k/e_{k-1})}

    (1 for linear, 2 for quadratic convergence). Errors must be positive and decreasing.
    """
    try:
        e = np.asarray(errors, dtype=float)
    except (TypeError, ValueError):
        raise InputError("errors must be a 1-D sequence of numbers") from None
    if e.ndim != 1 or e.size < 3 or np.any(e <= 0) or not np.all(np.isfinite(e)):
        raise InputError("need at least three positive finite errors")
    if not (e[-1] < e[-2] < e[-3]):
        raise InputError("the last three errors must be strictly decreasing")
    return float(np.log(e[-1] / e[-2]) / np.log(e[-2] / e[-3]))
