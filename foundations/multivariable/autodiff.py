r"""Reverse-mode automatic differentiation on scalars (chapter 16): the computational graph.

Every arithmetic operation creates a node that remembers its inputs (parents) and the *local*
derivatives :math:`\partial v / \partial u` of its output with respect to each input. For an output
:math:`L`, the chain rule summed over every path from a node :math:`u` to :math:`L` is

.. math:: \bar u = \frac{\partial L}{\partial u} = \sum_{v \,:\, u \to v} \bar v\, \frac{\partial v}{\partial u},
          \qquad \bar L = 1 .

Processing the nodes in *reverse topological order* guarantees that :math:`\bar v` is complete
(every path through :math:`v` already added) before it is pushed to :math:`v`'s parents. That is
why a node used twice (``x * x``) gets both contributions, and why the order matters. One backward
pass gives the derivative of :math:`L` with respect to *every* input, at a cost of a small
multiple of evaluating :math:`L` — the reason neural networks are trained this way.

``backward()`` adds the gradients into ``.grad`` (as PyTorch does): calling it twice doubles them,
exactly; :meth:`Value.zero_grad` resets a graph. The vectorised counterpart is
:class:`foundations.multivariable.tensor.Tensor`.
"""

from __future__ import annotations

import math

import numpy as np

from ..calculus._checks import check_real
from ..errors import InputError

__all__ = ["Value", "topological_order"]


class Value:
    r"""A scalar node of a computational graph.

    Parameters
    ----------
    data : float
    label : str, optional
        A name for display.

    Examples
    --------
    >>> x, y = Value(2.0), Value(3.0)
    >>> z = x * y + x.exp()  # ∂z/∂x = y + eˣ, ∂z/∂y = x
    >>> z.backward()
    >>> round(x.grad, 6), y.grad
    (10.389056, 2.0)
    """

    __slots__ = ("_local", "_parents", "data", "grad", "label", "op")

    def __init__(self, data, _parents=(), _local=(), op: str = "", label: str = ""):
        if not _parents:
            data = check_real(data, "a leaf value")  # one real number, finite
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(_parents)
        self._local = tuple(_local)  # ∂self/∂parent, one per parent
        self.op = op
        self.label = label

    # --- operations: value and local derivatives -------------------------------------------

    @staticmethod
    def _lift(other) -> Value:
        if isinstance(other, Value):
            return other
        return Value(check_real(other, "an operand of a Value"))

    def __add__(self, other):
        o = self._lift(other)
        return Value(self.data + o.data, (self, o), (1.0, 1.0), "+")

    __radd__ = __add__

    def __mul__(self, other):
        o = self._lift(other)
        return Value(self.data * o.data, (self, o), (o.data, self.data), "*")

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __rsub__(self, other):
        return self._lift(other) - self

    def __pow__(self, p):
        if isinstance(p, Value):
            raise InputError("use exp(p * log(x)) for a variable exponent")
        p = check_real(p, "the exponent")
        x = self.data
        if x == 0 and p < 0:
            raise InputError(f"0 ** {p:g} is a division by zero")
        if x < 0 and not p.is_integer():
            raise InputError(f"{x:g} ** {p:g} is not real (a negative base, a fractional power)")
        with np.errstate(over="ignore", divide="ignore"):  # x ** (p - 1) at 0: an inf slope
            value = float(np.power(x, p))
            slope = 0.0 if p == 0 else p * float(np.power(x, p - 1))
        return Value(value, (self,), (slope,), f"**{p:g}")

    def __truediv__(self, other):
        return self * self._lift(other) ** -1

    def __rtruediv__(self, other):
        return self._lift(other) * self**-1

    def exp(self) -> Value:
        r"""``exp``; above :math:`\log(\text{max float}) \approx 709.78` the value and slope are inf (as in NumPy)."""
        try:
            e = math.exp(self.data)
        except OverflowError:  # IEEE's answer, as numpy.exp gives
            e = math.inf
        return Value(e, (self,), (e,), "exp")

    def log(self) -> Value:
        if self.data <= 0:
            raise InputError(f"log of a non-positive number {self.data}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self) -> Value:
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value(s, (self,), (s * (1.0 - s),), "σ")

    def relu(self) -> Value:
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # --- the backward pass -----------------------------------------------------------------

    def backward(self) -> None:
        r"""Add :math:`\partial\,\text{self} / \partial u` to ``u.grad`` for every node ``u`` of the graph."""
        order = topological_order(self)
        adjoint = {id(self): 1.0}  # this pass's gradients, separate from .grad
        for node in reversed(order):
            g = adjoint.get(id(node), 0.0)
            node.grad += g
            for parent, local in zip(node._parents, node._local, strict=True):
                adjoint[id(parent)] = adjoint.get(id(parent), 0.0) + g * local

    def zero_grad(self) -> None:
        """Set ``.grad = 0`` on every node of the graph ending here."""
        for node in topological_order(self):
            node.grad = 0.0

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"


def topological_order(root) -> list:
    """Nodes of the graph ending at ``root``, every node after all of its parents.

    Depth-first search with an explicit stack (deep graphs do not hit Python's recursion limit);
    each node appears once however many paths reach it.
    """
    if not hasattr(root, "_parents"):
        raise InputError(f"root must be a Value or a Tensor, got {type(root).__name__}")
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in node._parents if id(p) not in visited)
    return order
