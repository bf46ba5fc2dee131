r"""What the optimizers of chapter 17 return, the error they raise, and their shared checks.

:class:`OptimizeResult` (deterministic methods: gradient descent, Newton, constrained) and
:class:`StochasticResult` (mini-batch SGD and Adam) mirror ``scipy.optimize.OptimizeResult``'s
fields; :class:`DivergenceError` (defined with the one-variable methods of chapter 13) is raised
when the iterates run away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..calculus.optimization import DivergenceError
from ..errors import InputError

__all__ = [
    "DIVERGENCE_FACTOR",
    "ConstrainedResult",
    "OptimizeResult",
    "StochasticResult",
]

#: An objective this many times its starting scale above its starting value counts as divergence.
DIVERGENCE_FACTOR = 1e12


@dataclass
class OptimizeResult:
    """The outcome of a minimisation (the fields mirror ``scipy.optimize.OptimizeResult``).

    Attributes
    ----------
    x : ndarray
        The final iterate, shaped like ``x0``.
    fun : float
        The objective at ``x``.
    grad_norm : float
        :math:`\\|\\nabla f(x)\\|_2` at ``x``.
    n_iter : int
        The number of steps taken.
    converged : bool
        Whether the stopping rule ``grad_norm <= tol`` was met.
    history : ndarray, shape (n_iter + 1,)
        The objective at every iterate, ``history[0] = f(x0)`` and ``history[-1] = fun``.
    message : str
        Why the iteration stopped.
    """

    x: np.ndarray
    fun: float
    grad_norm: float
    n_iter: int
    converged: bool
    history: np.ndarray = field(repr=False)
    message: str = ""


@dataclass
class ConstrainedResult(OptimizeResult):
    r"""An :class:`OptimizeResult` of :func:`~foundations.multivariable.lagrange_newton`.

    ``grad_norm`` is :math:`\lVert\nabla f + J^\top\lambda\rVert_2`, the gradient of the Lagrangian.

    Attributes
    ----------
    multipliers : ndarray, shape (m,)
        The Lagrange multipliers :math:`\lambda` (:math:`\nabla f = -J^\top \lambda` at the
        solution).
    constraint_violation : float
        :math:`\lVert c(x)\rVert_2`.
    """

    multipliers: np.ndarray = field(default_factory=lambda: np.zeros(0))
    constraint_violation: float = 0.0


@dataclass
class StochasticResult:
    """The outcome of :func:`sgd` or :func:`adam`.

    Attributes
    ----------
    x : ndarray
        The final parameters, shaped (and typed) like ``x0``.
    fun : float
        The full objective ``fun(x)`` at the end (NaN when no ``fun`` was given).
    grad_norm : float
        The norm of the full-batch gradient at the end (NaN when ``tol`` is None: not computed).
    n_epochs, n_steps : int
        Epochs run and mini-batch steps taken.
    converged : bool
        Whether the full-batch gradient norm reached ``tol`` (checked at the end of each epoch);
        never ``True`` when ``tol`` is None.
    history : ndarray
        ``fun`` at ``x0`` and after each epoch (empty when no ``fun`` was given).
    message : str
    """

    x: np.ndarray
    fun: float
    grad_norm: float
    n_epochs: int
    n_steps: int
    converged: bool
    history: np.ndarray = field(repr=False)
    message: str = ""


# --- checks ----------------------------------------------------------------------------------


def _value(fun: Callable, x: np.ndarray, where: str) -> float:
    """``fun(x)`` as a Python float (InputError if it is not a single number)."""
    try:
        v = np.asarray(fun(x))
    except (TypeError, ValueError) as exc:  # a ragged or non-numeric return value
        raise InputError(f"fun must return a single real number at {where}: {exc}") from None
    if v.size != 1:
        raise InputError(f"fun must return a single number, got shape {v.shape} at {where}")
    if not np.issubdtype(v.dtype, np.number) or np.iscomplexobj(v):
        raise InputError(f"fun must return a real number, got dtype {v.dtype} at {where}")
    return float(v.reshape(()))


def _gradient(grad: Callable, x: np.ndarray, where: str) -> np.ndarray:
    """``grad(x)`` as a float array shaped like ``x`` (InputError otherwise)."""
    try:
        g = np.asarray(grad(x), dtype=float)
    except (TypeError, ValueError) as exc:  # a ragged or non-numeric return value
        raise InputError(f"grad must return an array of numbers at {where}: {exc}") from None
    if g.shape != x.shape:
        if g.size == x.size:
            g = g.reshape(x.shape)
        else:
            raise InputError(f"grad must return an array shaped like x {x.shape}, got {g.shape}")
    return g


def _check_start(f0: float, g0: np.ndarray) -> None:
    if not np.isfinite(f0):
        raise InputError(f"fun(x0) is not finite ({f0}); start from a point where f is defined")
    if not np.all(np.isfinite(g0)):
        raise InputError("grad(x0) contains NaN or inf; start from a point where f is smooth")


def _check_options(step, tol, max_iter) -> None:
    if isinstance(step, str):
        if step != "armijo":
            raise InputError(f"step must be 'armijo' or a positive number, got {step!r}")
    elif isinstance(step, bool) or not isinstance(step, (int, float, np.integer, np.floating)):
        raise InputError(f"step must be 'armijo' or a positive number, got {step!r}")
    elif not (np.isfinite(step) and step > 0):
        raise InputError(f"step must be a positive finite number, got {step}")
    if not (isinstance(tol, (int, float, np.integer, np.floating)) and tol >= 0):
        raise InputError(f"tol must be a non-negative number, got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
        raise InputError(f"max_iter must be a non-negative integer, got {max_iter!r}")


def _norm(g: np.ndarray) -> float:
    return float(np.sqrt(np.vdot(g, g)))


def _diverged(method: str, where: str, f0, f: float, step, step_name: str = "step"):
    """The DivergenceError for an objective (or iterate) that blew up at ``where``."""
    how = f"became {f}" if f0 is None or not np.isfinite(f) else f"grew from {f0:.6g} to {f:.6g}"
    if isinstance(step, str):
        fix = "the function may be unbounded below or grad may be wrong"
    else:
        fix = f"the {step_name} {step:g} is too large for this function; use a smaller {step_name}"
        fix += " or step='armijo'" if step_name == "step" else ""
    return DivergenceError(f"{method} diverged at {where}: the objective {how}; {fix}")


def _unbounded(method: str, where: str, f0: float, f: float) -> DivergenceError:
    """The DivergenceError for an objective falling without bound (no minimum to find)."""
    return DivergenceError(
        f"{method} diverged at {where}: the objective fell from {f0:.6g} to {f:.6g} and the "
        "iterates ran away; the function appears unbounded below"
    )


def _is_divergent(f0: float, f: float, x: np.ndarray) -> bool:
    return (
        not np.isfinite(f)
        or not np.all(np.isfinite(x))
        or f > f0 + DIVERGENCE_FACTOR * max(1.0, abs(f0))
    )
