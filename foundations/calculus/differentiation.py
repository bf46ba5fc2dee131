r"""Differentiation (chapter 12): finite differences and forward-mode automatic differentiation.

**Finite differences.** From Taylor's theorem :math:`f(x \pm h) = f(x) \pm h f'(x) +
\tfrac{h^2}{2} f''(x) \pm \tfrac{h^3}{6} f'''(x) + \dots`:

.. math::
    \underbrace{\frac{f(x+h) - f(x)}{h}}_{\text{forward}} = f'(x) + O(h), \quad
    \underbrace{\frac{f(x) - f(x-h)}{h}}_{\text{backward}} = f'(x) + O(h), \quad
    \underbrace{\frac{f(x+h) - f(x-h)}{2h}}_{\text{central}} = f'(x) + O(h^2).

Smaller :math:`h` shrinks this *truncation* error but the two values of :math:`f` each carry a
rounding error of about :math:`\varepsilon |f|`, divided by :math:`h`. The total
:math:`\approx C h^p + \varepsilon |f| / h` is smallest near :math:`h \approx \varepsilon^{1/2}`
(forward, :math:`p = 1`) and :math:`h \approx \varepsilon^{1/3}` (central, :math:`p = 2`), giving
errors of about :math:`10^{-8}` and :math:`10^{-11}` (see :func:`figure_ch12_step_size`).

Forward-mode automatic differentiation (the derivative to rounding, no step) is in
:mod:`foundations.calculus.dual`.

The steps scale with the floating-point type: float32 input uses float32's
:math:`\varepsilon = 2^{-23}` and gives float32 output.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from ..errors import InputError
from ..validation import as_float_array
from ._checks import check_callable, values_like

__all__ = [
    "derivative",
    "finite_difference_errors",
    "optimal_step",
    "second_derivative",
]

_EPS = np.finfo(float).eps
METHODS = ("forward", "backward", "central")


def _eps(x: np.ndarray) -> float:
    return float(np.finfo(x.dtype).eps)


def _check_method(method) -> None:
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")


def optimal_step(x, method: str = "central") -> np.ndarray:
    r"""The step that balances truncation and rounding: :math:`h = \varepsilon^{1/(p+1)}\max(1, |x|)`.

    :math:`p = 1` for forward/backward differences (:math:`h \approx 1.5\cdot 10^{-8}` in
    float64), :math:`p = 2` for central ones (:math:`h \approx 6\cdot 10^{-6}`);
    :math:`\varepsilon` is that of ``x``'s dtype.
    """
    _check_method(method)
    p = 2 if method == "central" else 1
    x = as_float_array(x, "x")
    return (_eps(x) ** (1.0 / (p + 1)) * np.maximum(1.0, np.abs(x))).astype(x.dtype)


def _representable_steps(x: np.ndarray, h) -> np.ndarray:
    """``h`` as positive steps with :math:`(x + h) - x` exact, or InputError."""
    h = as_float_array(h, "h")
    try:
        h = np.broadcast_to(h, x.shape).astype(x.dtype)
    except ValueError:
        raise InputError(
            f"h has shape {h.shape}, which does not broadcast to x {x.shape}"
        ) from None
    if np.any(h <= 0):
        raise InputError("h must be positive")
    with np.errstate(over="ignore"):
        h = (x + h) - x  # an exactly representable step
    if not np.all(np.isfinite(h)):
        raise InputError("x + h overflows: x is too close to the largest float for this step")
    if np.any(h == 0):
        raise InputError("h is below the spacing of floating-point numbers at x (x + h == x)")
    return h


def derivative(f: Callable, x, *, h=None, method: str = "central") -> np.ndarray:
    r"""Approximate :math:`f'(x)` by a forward, backward or central difference.

    .. math::
        \frac{f(x+h) - f(x)}{h}, \qquad \frac{f(x) - f(x-h)}{h}, \qquad
        \frac{f(x+h) - f(x-h)}{2h}

    Parameters
    ----------
    f : callable
        Vectorised scalar function (it may return a scalar if it is constant).
    x : array_like
        Points (any shape); float32 points give float32 derivatives.
    h : float or array_like, optional
        Step; :func:`optimal_step` by default. The step actually used is the representable
        difference :math:`(x + h) - x`, which removes one source of rounding error.
    method : {"central", "forward", "backward"}

    Returns
    -------
    ndarray, shaped like ``x``
    """
    check_callable(f)
    _check_method(method)
    x = as_float_array(x, "x")
    h = _representable_steps(x, optimal_step(x, method) if h is None else h)
    fx = functools.partial(values_like, f, what="f", finite=False)
    if method == "forward":
        d = (fx(x + h) - fx(x)) / h
    elif method == "backward":
        d = (fx(x) - fx(x - h)) / h
    else:
        d = (fx(x + h) - fx(x - h)) / (2 * h)
    return d.astype(x.dtype, copy=False)


def second_derivative(f: Callable, x, *, h=None) -> np.ndarray:
    r""":math:`f''(x) \approx \dfrac{f(x+h) - 2f(x) + f(x-h)}{h^2}`, error :math:`O(h^2)`.

    The default :math:`h = \varepsilon^{1/4}\max(1, |x|)` balances :math:`h^2` against
    :math:`\varepsilon/h^2`.
    """
    check_callable(f)
    x = as_float_array(x, "x")
    if h is None:
        h = _eps(x) ** 0.25 * np.maximum(1.0, np.abs(x))
    h = _representable_steps(x, h)
    fx = functools.partial(values_like, f, what="f", finite=False)
    f0 = fx(x)
    # ((f(x+h) - f(x)) - (f(x) - f(x-h))) / h / h: h² itself may overflow for a huge x
    return (((fx(x + h) - f0) - (f0 - fx(x - h))) / h / h).astype(x.dtype, copy=False)


def finite_difference_errors(f: Callable, df: Callable, x: float, steps, method: str) -> np.ndarray:
    r"""Measured :math:`|D_h f(x) - f'(x)|` for every step in ``steps`` (for the trade-off plot)."""
    check_callable(df, "df")
    steps = as_float_array(steps, "steps", ndim=1)
    x = as_float_array(x, "x", ndim=0)
    approx = derivative(f, np.full_like(steps, x), h=steps, method=method)
    return np.abs(approx - values_like(df, np.full_like(steps, x), "df"))
