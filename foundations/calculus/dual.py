r"""Forward-mode automatic differentiation with dual numbers (chapter 12).

A dual number :math:`a + b\epsilon` with :math:`\epsilon^2 = 0` carries a value and a derivative.
Taylor's theorem stops after one term, :math:`g(a + b\epsilon) = g(a) + g'(a)\,b\,\epsilon`, so
evaluating :math:`f(x + \epsilon)` gives :math:`f(x) + f'(x)\epsilon`: the derivative to rounding,
no step size, for any :math:`f` built from operations whose rules are known.

:class:`Dual` implements those rules for Python's operators, for NumPy's common ufuncs through
``__array_ufunc__`` (``np.exp``, ``np.square``, ``np.maximum``, ``np.less``, …) and for
``np.where``/``np.sum`` through ``__array_function__``, so an ``f`` written with ``np.`` works
unchanged. Piecewise functions are written with :func:`where` (or ``np.where``), which selects the
value *and* the derivative of the branch taken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np

from ..errors import InputError
from ..validation import as_float_array
from ._checks import check_callable

__all__ = ["Dual", "derivative_dual", "where"]


def _ones(a):
    return np.ones_like(a)


def _zeros(a):
    return np.zeros_like(a)


#: d/dx g(x) as a function of x, for the unary ufuncs a Dual supports.
_UNARY: dict = {
    np.exp: np.exp,
    np.exp2: lambda a: np.log(2.0) * np.exp2(a),
    np.expm1: np.exp,
    np.log: lambda a: 1 / a,
    np.log2: lambda a: 1 / (a * np.log(2.0)),
    np.log10: lambda a: 1 / (a * np.log(10.0)),
    np.log1p: lambda a: 1 / (1 + a),
    np.sqrt: lambda a: 0.5 / np.sqrt(a),
    np.cbrt: lambda a: 1 / (3 * np.cbrt(a) ** 2),
    np.square: lambda a: 2 * a,
    np.reciprocal: lambda a: -1 / a**2,
    np.sin: np.cos,
    np.cos: lambda a: -np.sin(a),
    np.tan: lambda a: 1 / np.cos(a) ** 2,
    np.arcsin: lambda a: 1 / np.sqrt(1 - a * a),
    np.arccos: lambda a: -1 / np.sqrt(1 - a * a),
    np.arctan: lambda a: 1 / (1 + a * a),
    np.sinh: np.cosh,
    np.cosh: np.sinh,
    np.tanh: lambda a: 1 - np.tanh(a) ** 2,
    np.arcsinh: lambda a: 1 / np.sqrt(1 + a * a),
    np.arctanh: lambda a: 1 / (1 - a * a),
    np.absolute: np.sign,  # 0 at 0: a subgradient
    np.negative: lambda a: -np.ones_like(a),
    np.positive: _ones,
    np.sign: _zeros,  # piecewise constant: derivative 0 away from the jumps
    np.floor: _zeros,
    np.ceil: _zeros,
    np.rint: _zeros,
}
_COMPARISONS = (np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal)


def _select_max(x: Dual, y: Dual, larger: bool) -> Dual:
    """max/min with the derivative of the winner (ties: the mean of both, a subgradient)."""
    pick = x.value > y.value if larger else x.value < y.value
    tie = x.value == y.value
    value = np.where(pick | tie, x.value, y.value)
    deriv = np.where(tie, 0.5 * (x.deriv + y.deriv), np.where(pick, x.deriv, y.deriv))
    return Dual(value, deriv)


class Dual:
    r"""A dual number :math:`a + b\epsilon`, :math:`\epsilon^2 = 0` (``value`` :math:`a`, ``deriv`` :math:`b`).

    .. math::
        (a + b\epsilon)(c + d\epsilon) = ac + (ad + bc)\epsilon, \qquad
        g(a + b\epsilon) = g(a) + g'(a)\, b\,\epsilon,

    i.e. the sum, product and chain rules. ``value`` and ``deriv`` may be arrays (one derivative
    per point). Comparisons (``<``, ``np.less``, …) compare the values and return boolean
    arrays, so ``np.where(x > 0, x, 0.1 * x)`` is a differentiable leaky ReLU. Where the
    derivative is infinite (``np.sqrt`` at 0, ``x ** 0.5`` at 0) it is returned as ``inf``
    without a warning; ``np.maximum``/``np.minimum`` split a tie evenly.

    Parameters
    ----------
    value, deriv : array_like
        Real numbers (stored as float64); ``deriv`` is broadcast to ``value``'s shape.
    """

    __slots__ = ("deriv", "value")
    __array_priority__ = 100
    __hash__ = None  # == compares values elementwise

    def __init__(self, value, deriv=0.0):
        try:
            self.value = np.asarray(value, dtype=float)
            self.deriv = np.broadcast_to(np.asarray(deriv, dtype=float), self.value.shape).copy()
        except (TypeError, ValueError) as exc:
            raise InputError(f"a Dual needs real numbers of matching shapes: {exc}") from None

    @staticmethod
    def _lift(other) -> Dual:
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def __getitem__(self, index) -> Dual:
        return Dual(self.value[index], self.deriv[index])

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

    def __pos__(self):
        return self

    def __abs__(self):
        return np.absolute(self)

    def __mul__(self, other):
        o = self._lift(other)
        return Dual(self.value * o.value, self.deriv * o.value + self.value * o.deriv)

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)  # (a/c)' = (a'c - ac') / c² = (a' - (a/c) c') / c
        q = self.value / o.value
        return Dual(q, (self.deriv - q * o.deriv) / o.value)

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __pow__(self, p):
        if isinstance(p, Dual):  # a^p = exp(p log a)
            return np.exp(p * np.log(self))
        try:
            p = np.asarray(p, dtype=float)
        except (TypeError, ValueError):
            raise InputError(
                f"a Dual's exponent must be a number, got {type(p).__name__}"
            ) from None
        a = self.value
        with np.errstate(divide="ignore", invalid="ignore"):  # 0 ** (p - 1), p < 1: inf slope
            slope = np.where(p == 0, 0.0, p * a ** (p - 1))
        return Dual(a**p, slope * self.deriv)

    def __rpow__(self, base):
        base = np.asarray(base, dtype=float)
        if np.any(base <= 0):
            raise InputError("base ** Dual needs a positive base (it is exp(x log base))")
        return np.exp(self * np.log(base))

    def _compare(self, other, op):
        return op(self.value, self._lift(other).value)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    _BINARY: ClassVar[dict] = {
        np.add: lambda x, y: x + y,
        np.subtract: lambda x, y: x - y,
        np.multiply: lambda x, y: x * y,
        np.true_divide: lambda x, y: x / y,
        np.power: lambda x, y: x**y if np.any(y.deriv) else x**y.value,
        np.maximum: lambda x, y: _select_max(x, y, True),
        np.minimum: lambda x, y: _select_max(x, y, False),
        np.fmax: lambda x, y: _select_max(x, y, True),
        np.fmin: lambda x, y: _select_max(x, y, False),
        np.arctan2: lambda y, x: Dual(
            np.arctan2(y.value, x.value),
            (x.value * y.deriv - y.value * x.deriv) / (x.value**2 + y.value**2),
        ),
        np.hypot: lambda x, y: Dual(
            h := np.hypot(x.value, y.value), (x.value * x.deriv + y.value * y.deriv) / h
        ),
    }

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or kwargs:
            return NotImplemented
        if len(inputs) == 1 and ufunc in _UNARY:
            a = inputs[0]
            with np.errstate(divide="ignore", invalid="ignore"):  # inf slopes, as 1/(2√0)
                slope = _UNARY[ufunc](a.value)
            return Dual(ufunc(a.value), slope * a.deriv)
        if len(inputs) == 2 and ufunc in _COMPARISONS:
            return ufunc(*(v.value if isinstance(v, Dual) else v for v in inputs))
        if len(inputs) == 2 and ufunc in self._BINARY:
            return self._BINARY[ufunc](*(self._lift(v) for v in inputs))
        return NotImplemented

    def __array_function__(self, func, types, args, kwargs):
        if func is np.where and len(args) == 3 and not kwargs:
            return where(*args)
        if func is np.sum and len(args) == 1:
            x = args[0]
            return Dual(np.sum(x.value, **kwargs), np.sum(x.deriv, **kwargs))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, {self.deriv!r})"


def where(condition, x, y):
    r"""``np.where`` for dual numbers: the value and the derivative of the branch chosen.

    .. math:: \text{where}(c, x, y) = \begin{cases} x & c \\ y & \text{otherwise} \end{cases}

    so a piecewise function such as ``where(x > 0, x, np.expm1(x))`` (ELU) has the derivative of
    the piece each point lies in. With no Dual among ``x, y`` it is ``np.where``.
    """
    try:
        cond = np.asarray(condition)
    except (TypeError, ValueError):
        raise InputError("condition must be a boolean array (e.g. x > 0)") from None
    if cond.dtype != bool:
        raise InputError(f"condition must be boolean (e.g. x > 0), got dtype {cond.dtype}")
    if not isinstance(x, Dual) and not isinstance(y, Dual):
        x, y = as_float_array(x, "x"), as_float_array(y, "y")
        try:
            return np.where(cond, x, y)
        except ValueError:
            raise InputError("condition, x and y must broadcast to one shape") from None
    xd, yd = Dual._lift(x), Dual._lift(y)
    try:
        return Dual(np.where(cond, xd.value, yd.value), np.where(cond, xd.deriv, yd.deriv))
    except ValueError:
        raise InputError("condition, x and y must broadcast to one shape") from None


def derivative_dual(f: Callable, x) -> np.ndarray:
    r""":math:`f'(x)` exactly (to rounding) by forward mode: the :math:`\epsilon` part of :math:`f(x + \epsilon)`.

    ``f`` is applied elementwise to a Dual holding every point of ``x``; the result has ``x``'s
    shape and float dtype (float32 in, float32 out).
    """
    check_callable(f)
    x = as_float_array(x, "x")
    out = f(Dual(x, 1.0))
    if not isinstance(out, Dual):  # f does not depend on x
        try:
            np.broadcast_to(np.asarray(out, dtype=float), x.shape)
        except (TypeError, ValueError):
            raise InputError(f"f must return a Dual or numbers, got {type(out).__name__}") from None
        return np.zeros_like(x)
    if out.deriv.shape != x.shape:
        raise InputError(f"f must act elementwise (shape {x.shape}), got shape {out.deriv.shape}")
    return out.deriv.astype(x.dtype, copy=False)
