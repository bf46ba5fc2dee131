r"""Functions (chapter 9): composable function objects and the functions ML is built from.

A neural network is a composition of simple functions, :math:`f = f_L \circ \dots \circ f_1`.
:class:`Function` makes that literal: ``(g @ f)(x) == g(f(x))``, and when both pieces know their
derivative the composition knows its own, by the chain rule
:math:`(g \circ f)'(x) = g'(f(x))\, f'(x)`.

The activation functions are written in their numerically stable forms:

- sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, evaluated as :math:`e^{x}/(1+e^{x})` for
  :math:`x < 0` so that :math:`e^{-x}` never overflows;
- log-sum-exp :math:`\log\sum_i e^{x_i} = m + \operatorname{log1p}\sum_{i \ne i^*} e^{x_i - m}`
  with :math:`m = x_{i^*} = \max_i x_i`, so that the largest exponent is :math:`e^0 = 1` (no
  overflow), there is no :math:`\log 0`, and a remainder below :math:`\varepsilon` is not lost by
  rounding :math:`1 + s` to 1;
- softmax :math:`e^{x_i}/\sum_j e^{x_j} = e^{x_i - m}/\sum_j e^{x_j - m}` for the same reason;
- softplus :math:`\log(1 + e^x) = \max(x, 0) + \log(1 + e^{-|x|})`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InputError
from ..validation import as_float_array
from ._checks import check_real

__all__ = [
    "COS",
    "EXP",
    "IDENTITY",
    "LOG",
    "RELU",
    "SIGMOID",
    "SIN",
    "SOFTPLUS",
    "TANH",
    "Affine",
    "Function",
    "log_softmax",
    "logsumexp",
    "logsumexp_naive",
    "relu",
    "sigmoid",
    "sigmoid_naive",
    "softmax",
    "softplus",
    "tanh",
]


# --- the functions ---------------------------------------------------------------------------


def sigmoid(x) -> np.ndarray:
    r"""The logistic function :math:`\sigma(x) = \dfrac{1}{1 + e^{-x}}`, stable for any ``x``.

    For :math:`x \ge 0` the formula as written is safe (:math:`e^{-x} \le 1`); for :math:`x < 0`
    the equal form :math:`e^{x}/(1 + e^{x})` is used. Its derivative is
    :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`. Matches ``scipy.special.expit``.
    """
    x = as_float_array(x, "x")
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_naive(x) -> np.ndarray:
    r"""The textbook :math:`1/(1 + e^{-x})`: overflows (with a warning) for :math:`x < -709`."""
    x = as_float_array(x, "x")
    return 1.0 / (1.0 + np.exp(-x))


def tanh(x) -> np.ndarray:
    r"""Hyperbolic tangent :math:`\tanh x = \dfrac{e^x - e^{-x}}{e^x + e^{-x}} = 2\sigma(2x) - 1`.

    Evaluated as :math:`(1 - e^{-2|x|})/(1 + e^{-2|x|})` with the sign of ``x`` (no overflow, and
    no cancellation near 0 since ``expm1`` is used). Derivative :math:`1 - \tanh^2 x`.
    """
    x = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # -2|x| = -inf past 1e308: expm1 gives -1, tanh = ±1
        e = np.expm1(-2.0 * np.abs(x))  # e^{-2|x|} - 1, accurate near 0
    return np.sign(x) * (-e / (2.0 + e))


def relu(x) -> np.ndarray:
    r"""Rectified linear unit :math:`\max(x, 0)`; its derivative (a.e.) is :math:`[x > 0]`."""
    x = as_float_array(x, "x")
    return np.maximum(x, 0.0)


def softplus(x) -> np.ndarray:
    r"""Softplus :math:`\log(1 + e^x) = \max(x, 0) + \log(1 + e^{-|x|})`, a smooth ReLU.

    Its derivative is the sigmoid.
    """
    x = as_float_array(x, "x")
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _check_axis(axis, ndim: int):
    """``axis`` as a tuple of distinct non-negative ints < ``ndim`` (``None``: all), or InputError."""
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    out = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise InputError(f"axis must be None, an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            raise InputError(f"axis {a} is out of bounds for an array of dimension {ndim}")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise InputError(f"axis {axis!r} repeats an axis")
    return tuple(out)


def logsumexp(x, axis=None, keepdims: bool = False) -> np.ndarray:
    r"""The log-sum-exp :math:`\log \sum_i e^{x_i}`, accurate to a few units in the last place.

    With :math:`m = \max_i x_i`, attained by :math:`k` of the entries,

    .. math:: \log\sum_i e^{x_i} = m + \log k + \operatorname{log1p}\Bigl(\tfrac1k
              \sum_{x_i < m} e^{x_i - m}\Bigr).

    The largest exponent is :math:`e^0 = 1` (no overflow), and the small remainder goes through
    ``log1p``: taking ``log`` of :math:`1 + s` after rounding the sum would lose :math:`s` entirely
    once :math:`s < \varepsilon` (e.g. ``[0, -40]``), which is what ``scipy.special.logsumexp``
    avoids the same way. ``axis`` and ``keepdims`` as in scipy; its gradient is the softmax.

    Parameters
    ----------
    x : array_like
        Finite numbers; ``-inf`` entries are allowed (they contribute :math:`e^{-\infty} = 0`),
        but not a slice made only of them.
    axis : int or tuple of int, optional
        The axes summed over (all by default).
    keepdims : bool

    Returns
    -------
    ndarray
        ``x`` with the summed axes removed (kept with length 1 if ``keepdims``); float32 for
        float32 input.
    """
    x = _as_logits(x)
    m, log_rest = _logsumexp_parts(x, _check_axis(axis, x.ndim))
    out = m + log_rest
    return out if keepdims else np.squeeze(out, axis=_check_axis(axis, x.ndim))


def _logsumexp_parts(x: np.ndarray, axes: tuple) -> tuple[np.ndarray, np.ndarray]:
    """``m`` and ``log k + log1p(rest / k)`` (kept dims), whose sum is the log-sum-exp."""
    if x.size == 0 or any(x.shape[a] == 0 for a in axes):
        raise InputError("x is empty along the summed axes")
    m = np.max(x, axis=axes, keepdims=True)
    if np.any(m == -np.inf):
        raise InputError("x has a slice made only of -inf (the log of 0)")
    at_max = x == m
    k = np.sum(at_max, axis=axes, keepdims=True).astype(x.dtype)
    rest = np.sum(np.where(at_max, 0, np.exp(x - m)), axis=axes, keepdims=True, dtype=x.dtype)
    return m, np.log(k) + np.log1p(rest / k)


def _as_logits(x) -> np.ndarray:
    """A float array whose entries are finite or ``-inf`` (a zero weight), else InputError."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):  # ragged input: as_float_array words the error
        return as_float_array(x, "x")
    if arr.dtype.kind != "f" or np.all(np.isfinite(arr)):
        return as_float_array(arr, "x")
    if np.any(np.isnan(arr) | (arr == np.inf)):
        raise InputError("x contains NaN or +inf (only -inf, a weight of zero, is allowed)")
    return arr.astype(np.float64) if arr.dtype == np.float16 else arr


def logsumexp_naive(x, axis=None) -> np.ndarray:
    r"""The textbook :math:`\log\sum_i e^{x_i}`: overflows to ``inf`` once some :math:`x_i > 709`."""
    x = as_float_array(x, "x")
    return np.log(np.sum(np.exp(x), axis=axis))


def softmax(x, axis: int = -1) -> np.ndarray:
    r"""Softmax :math:`\operatorname{softmax}(x)_i = e^{x_i - m} / \sum_j e^{x_j - m}` along ``axis``.

    Subtracting :math:`m = \max_j x_j` changes nothing mathematically (numerator and denominator
    gain the same factor :math:`e^{-m}`) and keeps every exponent :math:`\le 0`. The entries are
    non-negative and sum to 1 along ``axis``; ``-inf`` entries get probability 0. Matches
    ``scipy.special.softmax``.
    """
    x = _as_logits(x)
    axes = _check_axis(axis, x.ndim)
    if x.size == 0:
        raise InputError("x is empty")
    m = np.max(x, axis=axes, keepdims=True)
    if np.any(m == -np.inf):
        raise InputError("x has a slice made only of -inf (the log of 0)")
    e = np.exp(x - m)
    return e / np.sum(e, axis=axes, keepdims=True)


def log_softmax(x, axis: int = -1) -> np.ndarray:
    r""":math:`\log\operatorname{softmax}(x)_i = x_i - \operatorname{logsumexp}(x)`, without forming the ratio.

    Computed as :math:`(x_i - m) - \log\sum_j e^{x_j - m}` (``x - m`` is exact near the
    maximum, and the log part uses ``log1p``); matches
    ``scipy.special.log_softmax``.
    """
    x = _as_logits(x)
    m, log_rest = _logsumexp_parts(x, _check_axis(axis, x.ndim))
    return (x - m) - log_rest  # x - m is exact near the maximum: no cancellation against m


# --- composable function objects -------------------------------------------------------------


class Function:
    r"""A real function of a real (array) argument that composes and knows its derivative.

    Parameters
    ----------
    fn : callable
        ``fn(x) -> ndarray``, applied elementwise to a float array.
    derivative : callable or Function, optional
        :math:`f'`; needed for :attr:`derivative` of this function and of compositions using it.
    name : str, optional

    Notes
    -----
    - ``g @ f`` (or ``g.compose(f)``) is :math:`g \circ f`, with derivative
      :math:`(g'\circ f)\cdot f'` (chain rule);
    - ``f + g`` and ``f * g`` are pointwise, with derivatives :math:`f' + g'` and
      :math:`f'g + fg'` (product rule); numbers are constant functions.

    Examples
    --------
    >>> f = SIGMOID @ Affine(2.0, -1.0)  # x ↦ σ(2x - 1)
    >>> float(f(0.5)), float(f.derivative(0.5))
    (0.5, 0.5)
    """

    def __init__(self, fn: Callable, derivative: Callable | None = None, name: str | None = None):
        if not callable(fn):
            raise InputError("fn must be callable")
        self.fn = fn
        self._derivative = derivative
        self.name = str(name) if name is not None else getattr(fn, "__name__", "f")

    def __call__(self, x):
        return self.fn(as_float_array(x, "x"))

    @property
    def derivative(self) -> Function:
        """The derivative :math:`f'` as a :class:`Function`."""
        d = self._derivative
        if d is None:
            raise InputError(f"{self.name} has no known derivative")
        return d if isinstance(d, Function) else Function(d, name=f"{self.name}'")

    def compose(self, inner: Function) -> Function:
        r""":math:`x \mapsto` ``self(inner(x))``; derivative by the chain rule."""
        inner = _as_function(inner)
        outer = self

        def d(x):
            return outer.derivative(inner(x)) * inner.derivative(x)

        return Function(lambda x: outer(inner(x)), d, f"{outer.name}∘{inner.name}")

    def __matmul__(self, inner):
        return self.compose(inner)

    def __add__(self, other):
        other = _as_function(other)
        f = self
        return Function(
            lambda x: f(x) + other(x),
            lambda x: f.derivative(x) + other.derivative(x),
            f"({f.name} + {other.name})",
        )

    __radd__ = __add__

    def __mul__(self, other):
        other = _as_function(other)
        f = self
        return Function(
            lambda x: f(x) * other(x),
            lambda x: f.derivative(x) * other(x) + f(x) * other.derivative(x),
            f"({f.name} · {other.name})",
        )

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_function(other))

    def __repr__(self) -> str:
        return f"Function({self.name})"


def _as_function(f) -> Function:
    if isinstance(f, Function):
        return f
    if isinstance(f, (int, float, np.integer, np.floating)):
        c = float(f)
        return Function(lambda x: np.full_like(x, c), lambda x: np.zeros_like(x), repr(c))
    raise InputError(f"cannot combine a Function with {type(f).__name__}")


class Affine(Function):
    r"""The affine map :math:`x \mapsto a x + b` with parameters ``a`` (slope) and ``b`` (intercept).

    Its derivative is the constant ``a``: the one-dimensional linear layer.
    """

    def __init__(self, a: float = 1.0, b: float = 0.0):
        a, b = check_real(a, "a"), check_real(b, "b")
        self.a, self.b = a, b
        super().__init__(lambda x: a * x + b, lambda x: np.full_like(x, a), f"({a:g}·x + {b:g})")

    @property
    def params(self) -> dict[str, float]:
        return {"a": self.a, "b": self.b}


def _sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1 - s)


IDENTITY = Function(lambda x: x, lambda x: np.ones_like(x), "id")
SIGMOID = Function(sigmoid, _sigmoid_prime, "σ")
TANH = Function(tanh, lambda x: 1 - tanh(x) ** 2, "tanh")
RELU = Function(relu, lambda x: (x > 0).astype(x.dtype), "relu")
SOFTPLUS = Function(softplus, SIGMOID, "softplus")
EXP = Function(np.exp, np.exp, "exp")
LOG = Function(np.log, lambda x: 1 / x, "log")
SIN = Function(np.sin, np.cos, "sin")
COS = Function(np.cos, lambda x: -np.sin(x), "cos")
