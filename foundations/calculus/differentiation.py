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

**Dual numbers.** Forward-mode autodiff carries :math:`a + b\epsilon` with :math:`\epsilon^2 = 0`.
Then :math:`f(x + \epsilon) = f(x) + f'(x)\epsilon` exactly, for any :math:`f` built from
operations whose rules are known — the derivative to full precision, no step size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np

from ..errors import InputError
from ..validation import as_float_array

__all__ = [
    "Dual",
    "derivative",
    "derivative_dual",
    "finite_difference_errors",
    "optimal_step",
    "second_derivative",
]

_EPS = np.finfo(float).eps
METHODS = ("forward", "backward", "central")


def optimal_step(x, method: str = "central") -> np.ndarray:
    r"""The step that balances truncation and rounding: :math:`h = \varepsilon^{1/(p+1)}\max(1, |x|)`.

    :math:`p = 1` for forward/backward differences (:math:`h \approx 1.5\cdot 10^{-8}`),
    :math:`p = 2` for central ones (:math:`h \approx 6\cdot 10^{-6}`).
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    p = 2 if method == "central" else 1
    x = as_float_array(x, "x")
    return _EPS ** (1.0 / (p + 1)) * np.maximum(1.0, np.abs(x))


def derivative(f: Callable, x, *, h=None, method: str = "central") -> np.ndarray:
    r"""Approximate :math:`f'(x)` by a forward, backward or central difference.

    .. math::
        \frac{f(x+h) - f(x)}{h}, \qquad \frac{f(x) - f(x-h)}{h}, \qquad
        \frac{f(x+h) - f(x-h)}{2h}

    Parameters
    ----------
    f : callable
        Vectorised scalar function.
    x : array_like
        Points (any shape).
    h : float or array_like, optional
        Step; :func:`optimal_step` by default. The step actually used is the representable
        difference :math:`(x + h) - x`, which removes one source of rounding error.
    method : {"central", "forward", "backward"}
    """
    x = as_float_array(x, "x")
    if h is None:
        h = optimal_step(x, method)
    h = as_float_array(h, "h")
    if np.any(h <= 0):
        raise InputError("h must be positive")
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    h = (x + h) - x  # an exactly representable step
    if np.any(h == 0):
        raise InputError("h is below the spacing of floating-point numbers at x (x + h == x)")
    if method == "forward":
        return (f(x + h) - f(x)) / h
    if method == "backward":
        return (f(x) - f(x - h)) / h
    return (f(x + h) - f(x - h)) / (2 * h)


def second_derivative(f: Callable, x, *, h=None) -> np.ndarray:
    r""":math:`f''(x) \approx \dfrac{f(x+h) - 2f(x) + f(x-h)}{h^2}`, error :math:`O(h^2)`.

    The default :math:`h = \varepsilon^{1/4}\max(1, |x|)` balances :math:`h^2` against
    :math:`\varepsilon/h^2`.
    """
    x = as_float_array(x, "x")
    if h is None:
        h = _EPS**0.25 * np.maximum(1.0, np.abs(x))
    h = (x + as_float_array(h, "h")) - x
    return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)


def finite_difference_errors(f: Callable, df: Callable, x: float, steps, method: str) -> np.ndarray:
    r"""Measured :math:`|D_h f(x) - f'(x)|` for every step in ``steps`` (for the trade-off plot)."""
    steps = as_float_array(steps, "steps", ndim=1)
    approx = derivative(f, np.full_like(steps, float(x)), h=steps, method=method)
    return np.abs(approx - df(x))


# --- forward-mode autodiff -------------------------------------------------------------------


class Dual:
    r"""A dual number :math:`a + b\epsilon`, :math:`\epsilon^2 = 0` (``value`` :math:`a`, ``deriv`` :math:`b`).

    Arithmetic follows from :math:`\epsilon^2 = 0`:

    .. math::
        (a + b\epsilon)(c + d\epsilon) = ac + (ad + bc)\epsilon, \qquad
        g(a + b\epsilon) = g(a) + g'(a)\, b\,\epsilon,

    i.e. the sum, product and chain rules. ``value`` and ``deriv`` may be arrays (one
    derivative per point). NumPy's ``exp, log, sin, cos, tan, tanh, sqrt, log1p, expm1, abs`` act
    on duals through ``__array_ufunc__``, so ``f`` can be written with ``np.``.
    """

    __slots__ = ("deriv", "value")
    __array_priority__ = 100

    def __init__(self, value, deriv=0.0):
        self.value = np.asarray(value, dtype=float)
        self.deriv = np.asarray(deriv, dtype=float) + np.zeros_like(self.value)

    @staticmethod
    def _lift(other) -> Dual:
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    def __add__(self, other):
        o = self._lift(other)
        return Dual(self.value + o.value, self.deriv + o.deriv)

    __radd__ = __add__

    def __sub__(self, other):
        o = self._lift(other)
        return Dual(self.value - o.value, self.deriv - o.deriv)

    def __rsub__(self, other):
        return self._lift(other) - self

    def __neg__(self):
        return Dual(-self.value, -self.deriv)

    def __abs__(self):
        return np.absolute(self)

    def __mul__(self, other):
        o = self._lift(other)
        return Dual(self.value * o.value, self.deriv * o.value + self.value * o.deriv)

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)  # (a/c)' = (a'c - ac') / c²
        return Dual(
            self.value / o.value, (self.deriv * o.value - self.value * o.deriv) / o.value**2
        )

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __pow__(self, p):
        if isinstance(p, Dual):  # a^p = exp(p log a)
            return np.exp(p * np.log(self))
        p = float(p)
        return Dual(self.value**p, p * self.value ** (p - 1) * self.deriv)

    def __rpow__(self, base):
        return np.exp(self * np.log(float(base)))

    _RULES: ClassVar[dict] = {  # d/dx g(x) as a function of x
        np.exp: np.exp,
        np.log: lambda a: 1 / a,
        np.sin: np.cos,
        np.cos: lambda a: -np.sin(a),
        np.tan: lambda a: 1 / np.cos(a) ** 2,
        np.tanh: lambda a: 1 - np.tanh(a) ** 2,
        np.sqrt: lambda a: 0.5 / np.sqrt(a),
        np.log1p: lambda a: 1 / (1 + a),
        np.expm1: np.exp,
        np.absolute: np.sign,
        np.negative: lambda a: -np.ones_like(a),
    }
    _BINARY: ClassVar[dict] = {
        np.add: lambda x, y: x + y,
        np.subtract: lambda x, y: x - y,
        np.multiply: lambda x, y: x * y,
        np.true_divide: lambda x, y: x / y,
        np.power: lambda x, y: Dual._lift(x) ** y,
    }

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or kwargs:
            return NotImplemented
        if len(inputs) == 1 and ufunc in self._RULES:
            a = inputs[0]
            return Dual(ufunc(a.value), self._RULES[ufunc](a.value) * a.deriv)
        if len(inputs) == 2 and ufunc in self._BINARY:
            return self._BINARY[ufunc](*(self._lift(v) for v in inputs))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, {self.deriv!r})"


def derivative_dual(f: Callable, x) -> np.ndarray:
    r""":math:`f'(x)` exactly (to rounding) by forward mode: the :math:`\epsilon` part of :math:`f(x + \epsilon)`."""
    x = as_float_array(x, "x")
    out = f(Dual(x, 1.0))
    if not isinstance(out, Dual):  # f does not depend on x
        return np.zeros_like(x)
    return out.deriv
