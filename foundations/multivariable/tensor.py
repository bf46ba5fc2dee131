r"""Reverse-mode automatic differentiation on arrays (chapter 16): a small vectorised engine.

The same graph algorithm as :class:`foundations.multivariable.autodiff.Value`, but each node holds
an array and each operation supplies a *vector–Jacobian product*: given the gradient
:math:`\bar Y = \partial L/\partial Y` of the output, it returns :math:`\bar X = \partial L/\partial X`
for each input without ever forming the Jacobian:

=====================  ===================================================================
operation              vector–Jacobian product
=====================  ===================================================================
:math:`Y = A + B`      :math:`\bar A = \bar Y`, :math:`\bar B = \bar Y` (summed over broadcast axes)
:math:`Y = A \odot B`  :math:`\bar A = \bar Y \odot B`, :math:`\bar B = \bar Y \odot A`
:math:`Y = AB`         :math:`\bar A = \bar Y B^\top`, :math:`\bar B = A^\top \bar Y`
:math:`y = \sum X`     :math:`\bar X = \bar y\,\mathbf{1}` (broadcast back)
:math:`y = X[i]`       :math:`\bar X = ` zeros with :math:`\bar y` added at :math:`i`
:math:`Y = g(X)`       :math:`\bar X = \bar Y \odot g'(X)` (exp, log, tanh, σ, ReLU)
logsumexp              :math:`\bar X = \bar y\,\operatorname{softmax}(X)`
=====================  ===================================================================

Broadcasting in the forward pass (a bias of shape ``(k,)`` added to a ``(n, k)`` batch) becomes
a sum in the backward pass over the axes that were broadcast. A two-layer network's gradient is
one backward pass (see the tests, which check it against central differences).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..calculus._checks import check_real
from ..calculus.functions import _check_axis
from ..calculus.functions import logsumexp as _logsumexp
from ..calculus.functions import sigmoid as _sigmoid
from ..calculus.functions import softmax as _softmax
from ..errors import InputError
from ..validation import as_float_array
from .autodiff import topological_order

__all__ = ["Tensor", "value_and_grad"]


def _unbroadcast(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``g`` over the axes that broadcasting added or stretched, back to ``shape``."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class Tensor:
    r"""An array node of a computational graph.

    Parameters
    ----------
    data : array_like
        Finite numbers (stored as float64).
    label : str, optional

    Attributes
    ----------
    data : ndarray
    grad : ndarray or None
        :math:`\partial L/\partial\,\text{self}` after ``L.backward()`` (added to on each call).
    """

    __array_ufunc__ = None  # ndarray <op> Tensor defers to Tensor's reflected operator

    def __init__(self, data, _parents=(), _vjp: Callable | None = None, op: str = "", label=""):
        if _parents:
            self.data = np.asarray(data, dtype=float)
        else:
            self.data = as_float_array(data, label or "data").astype(float, copy=True)
        self.grad: np.ndarray | None = None
        self._parents = tuple(_parents)
        self._vjp = _vjp  # ḡ of the output -> tuple of ḡ for each parent
        self.op = op
        self.label = label

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    def __repr__(self) -> str:
        return f"Tensor(shape={self.shape}, op={self.op!r})"

    # --- elementwise arithmetic with broadcasting -------------------------------------------

    @staticmethod
    def _lift(other) -> Tensor:
        return other if isinstance(other, Tensor) else Tensor(other)

    def __add__(self, other):
        o = self._lift(other)
        sa, sb = self.shape, o.shape
        return Tensor(
            self.data + o.data,
            (self, o),
            lambda g: (_unbroadcast(g, sa), _unbroadcast(g, sb)),
            "+",
        )

    __radd__ = __add__

    def __neg__(self):
        return Tensor(-self.data, (self,), lambda g: (-g,), "neg")

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __rsub__(self, other):
        return self._lift(other) - self

    def __mul__(self, other):
        o = self._lift(other)
        a, b = self.data, o.data
        return Tensor(
            a * b,
            (self, o),
            lambda g: (_unbroadcast(g * b, a.shape), _unbroadcast(g * a, b.shape)),
            "*",
        )

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)
        a, b = self.data, o.data
        return Tensor(
            a / b,
            (self, o),
            lambda g: (_unbroadcast(g / b, a.shape), _unbroadcast(-g * a / b**2, b.shape)),
            "/",
        )

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __pow__(self, p):
        if isinstance(p, Tensor):
            raise InputError("use exp(p * log(x)) for a variable exponent")
        p = check_real(p, "the exponent")
        a = self.data
        if np.any(a < 0) and not p.is_integer():
            raise InputError(f"a negative entry ** {p:g} is not real (a fractional power)")
        if np.any(a == 0) and p < 0:
            raise InputError(f"0 ** {p:g} is a division by zero")

        def vjp(g):
            if p == 0:
                return (np.zeros_like(a),)
            with np.errstate(divide="ignore", invalid="ignore"):  # inf slope of x ** p at 0, p < 1
                return (g * p * a ** (p - 1),)

        return Tensor(a**p, (self,), vjp, f"**{p:g}")

    # --- linear algebra and reductions ------------------------------------------------------

    def __matmul__(self, other):
        r""":math:`Y = AB` for 1-D or 2-D operands; :math:`\bar A = \bar Y B^\top`, :math:`\bar B = A^\top \bar Y`."""
        o = self._lift(other)
        a, b = self.data, o.data
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise InputError(f"matmul supports 1-D and 2-D arrays, got {a.shape} @ {b.shape}")
        if a.shape[-1] != b.shape[0]:
            raise InputError(f"matmul shapes do not match: {a.shape} @ {b.shape}")
        A2 = a.reshape(1, -1) if a.ndim == 1 else a  # promote vectors as numpy does
        B2 = b.reshape(-1, 1) if b.ndim == 1 else b

        def vjp(g):
            G = np.asarray(g).reshape(A2.shape[0], B2.shape[1])
            return (G @ B2.T).reshape(a.shape), (A2.T @ G).reshape(b.shape)

        return Tensor(a @ b, (self, o), vjp, "@")

    def __rmatmul__(self, other):
        return self._lift(other) @ self

    def sum(self, axis=None, keepdims: bool = False) -> Tensor:
        if axis is not None:
            axis = _check_axis(axis, self.ndim)
        shape = self.shape

        def vjp(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, shape).copy(),)

        return Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), vjp, "sum")

    def mean(self, axis=None, keepdims: bool = False) -> Tensor:
        if axis is not None:
            axis = _check_axis(axis, self.ndim)
        count = (
            self.data.size
            if axis is None
            else np.prod([self.shape[i] for i in np.atleast_1d(axis)])
        )
        return self.sum(axis=axis, keepdims=keepdims) * (1.0 / float(count))

    def reshape(self, *shape) -> Tensor:
        old = self.shape
        return Tensor(self.data.reshape(*shape), (self,), lambda g: (g.reshape(old),), "reshape")

    def __getitem__(self, index) -> Tensor:
        shape = self.shape

        def vjp(g):
            out = np.zeros(shape)
            np.add.at(out, index, g)  # repeated indices add up
            return (out,)

        return Tensor(self.data[index], (self,), vjp, "[]")

    @property
    def T(self) -> Tensor:
        return Tensor(self.data.T, (self,), lambda g: (g.T,), "T")

    # --- the functions of chapter 9 ---------------------------------------------------------

    def exp(self) -> Tensor:
        with np.errstate(over="ignore"):  # inf beyond log(max float), as IEEE says
            e = np.exp(self.data)
        return Tensor(e, (self,), lambda g: (g * e,), "exp")

    def log(self) -> Tensor:
        a = self.data
        if np.any(a <= 0):
            raise InputError("log of a non-positive entry")
        return Tensor(np.log(a), (self,), lambda g: (g / a,), "log")

    def tanh(self) -> Tensor:
        t = np.tanh(self.data)
        return Tensor(t, (self,), lambda g: (g * (1 - t * t),), "tanh")

    def sigmoid(self) -> Tensor:
        s = _sigmoid(self.data)
        return Tensor(s, (self,), lambda g: (g * s * (1 - s),), "σ")

    def relu(self) -> Tensor:
        a = self.data
        return Tensor(np.maximum(a, 0.0), (self,), lambda g: (g * (a > 0),), "relu")

    def logsumexp(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Stable :math:`\log\sum e^{x}` along ``axis``; its gradient is the softmax."""
        if axis is not None:
            axis = _check_axis(axis, self.ndim)
        a = self.data
        out = _logsumexp(a, axis=axis, keepdims=keepdims)

        def vjp(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            p = (
                _softmax(a, axis=axis)
                if axis is not None
                else _softmax(a.reshape(-1)).reshape(a.shape)
            )
            return (g * p,)

        return Tensor(out, (self,), vjp, "logsumexp")

    def log_softmax(self, axis: int = -1) -> Tensor:
        r""":math:`x - \operatorname{logsumexp}(x)` along ``axis`` (composed, so differentiable)."""
        return self - self.logsumexp(axis=axis, keepdims=True)

    # --- backward ---------------------------------------------------------------------------

    def backward(self, grad=None) -> None:
        r"""Add :math:`\partial L/\partial u` to ``u.grad`` for every node ``u`` (``L`` = self).

        ``grad`` is :math:`\bar L` (1 for a scalar output, required otherwise). Gradients of one
        pass are gathered apart from ``.grad``, so a node reached by several paths gets their sum
        and a second call adds exactly the same amount again.
        """
        if grad is None:
            if self.data.size != 1:
                raise InputError(f"backward() without grad needs a scalar output, got {self.shape}")
            grad = np.ones_like(self.data)
        grad = np.asarray(grad, dtype=float)
        if grad.shape != self.shape:
            raise InputError(f"grad has shape {grad.shape} but the output has {self.shape}")
        adjoint = {id(self): grad}
        for node in reversed(topological_order(self)):
            g = adjoint.pop(id(node), None)
            if g is None:
                continue
            node.grad = g.copy() if node.grad is None else node.grad + g
            if node._vjp is None:
                continue
            for parent, pg in zip(node._parents, node._vjp(g), strict=True):
                key = id(parent)
                adjoint[key] = pg if key not in adjoint else adjoint[key] + pg

    def zero_grad(self) -> None:
        """Reset ``.grad`` to ``None`` on every node of the graph ending here."""
        for node in topological_order(self):
            node.grad = None


def value_and_grad(f: Callable, x) -> tuple[float, np.ndarray]:
    r"""``f(Tensor(x))``'s value and its gradient with respect to ``x``, by one backward pass.

    ``f`` must return a scalar :class:`Tensor`; the gradient has ``x``'s float dtype (the
    computation itself is in float64). Handy as the ``jac`` of
    :func:`foundations.multivariable.minimize`::

        jac = lambda w: value_and_grad(loss, w)[1]
    """
    if not callable(f):
        raise InputError(f"f must be callable, got {type(f).__name__}")
    dtype = as_float_array(x, "x").dtype
    leaf = Tensor(x, label="x")
    out = f(leaf)
    if not isinstance(out, Tensor) or out.data.size != 1:
        raise InputError("f must return a scalar Tensor")
    out.backward()
    g = leaf.grad if leaf.grad is not None else np.zeros_like(leaf.data)
    return float(out.data.reshape(())), g.astype(dtype, copy=False)  # float32 in, float32 out
