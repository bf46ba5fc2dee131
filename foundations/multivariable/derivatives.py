r"""Derivatives and gradients (chapter 16), by finite differences.

For :math:`f : \mathbb{R}^n \to \mathbb{R}` the partial derivative along coordinate :math:`i` is
the one-variable derivative with the other coordinates frozen; central differences give

.. math:: \partial_i f(x) \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}, \qquad
          \nabla f(x) = (\partial_1 f, \dots, \partial_n f)^\top .

For :math:`F : \mathbb{R}^n \to \mathbb{R}^m` the Jacobian :math:`J_{ij} = \partial_j F_i` stacks
the gradients of the components as rows; the Hessian :math:`H_{ij} = \partial_i\partial_j f` is the
Jacobian of the gradient. Finite differences cost :math:`2n` evaluations of :math:`f` per gradient,
which is why training uses reverse-mode autodiff (``foundations.multivariable.autodiff``):
one backward pass per gradient whatever :math:`n` is. Finite differences remain the reference
against which hand-written and automatic gradients are *checked* (:func:`check_gradient`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector

__all__ = [
    "check_gradient",
    "directional_derivative",
    "gradient",
    "hessian",
    "jacobian",
    "partial_derivative",
]

_EPS = np.finfo(float).eps


def _steps(x: np.ndarray, h, power: float) -> np.ndarray:
    if h is None:
        h = _EPS**power * np.maximum(1.0, np.abs(x))
    h = np.broadcast_to(as_float_array(h, "h"), x.shape)
    if np.any(h <= 0):
        raise InputError("h must be positive")
    return (x + h) - x  # exactly representable steps


def _scalar(v, what) -> float:
    v = np.asarray(v, dtype=float)
    if v.size != 1:
        raise InputError(f"f must return a single number, got shape {v.shape} {what}")
    return float(v.reshape(()))


def partial_derivative(f: Callable, x, i: int, *, h=None) -> float:
    r""":math:`\partial_i f(x) \approx (f(x + h e_i) - f(x - h e_i)) / 2h`."""
    x = as_vector(x, "x")
    if not 0 <= int(i) < x.size:
        raise InputError(f"i must be in [0, {x.size}), got {i}")
    h = _steps(x, h, 1 / 3)[int(i)]
    e = np.zeros_like(x)
    e[int(i)] = h
    return (_scalar(f(x + e), "") - _scalar(f(x - e), "")) / (2 * h)


def gradient(f: Callable, x, *, h=None) -> np.ndarray:
    r"""The gradient :math:`\nabla f(x)` by central differences, :math:`2n` calls of ``f``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for ``x`` of shape ``(n,)``.
    x : array_like, shape (n,)
    h : float or array_like, optional
        Steps; :math:`\varepsilon^{1/3}\max(1, |x_i|)` by default (error about :math:`10^{-10}`
        relative for smooth ``f``).

    Returns
    -------
    ndarray, shape (n,)
    """
    x = as_vector(x, "x")
    h = _steps(x, h, 1 / 3)
    E = np.diag(h)
    # One loop step per coordinate (each a full evaluation of f), as the definition reads.
    up = np.array([_scalar(f(x + e), "") for e in E])
    down = np.array([_scalar(f(x - e), "") for e in E])
    return (up - down) / (2 * h)


def directional_derivative(f: Callable, x, v, *, h=None) -> float:
    r""":math:`D_v f(x) = \lim_{t\to0} (f(x + tv) - f(x))/t = \nabla f(x)^\top v`, by a central difference in :math:`t`."""
    x, v = as_vector(x, "x"), as_vector(v, "v")
    if v.shape != x.shape:
        raise InputError(f"v has shape {v.shape} but x has {x.shape}")
    t = _EPS ** (1 / 3) * max(1.0, float(np.max(np.abs(x)))) / max(float(np.max(np.abs(v))), 1e-300)
    if h is not None:
        t = float(h)
    return (_scalar(f(x + t * v), "") - _scalar(f(x - t * v), "")) / (2 * t)


def jacobian(F: Callable, x, *, h=None) -> np.ndarray:
    r"""The Jacobian :math:`J_{ij} = \partial F_i / \partial x_j` of :math:`F:\mathbb{R}^n\to\mathbb{R}^m`.

    Column :math:`j` is :math:`(F(x + h e_j) - F(x - h e_j))/2h`.

    Returns
    -------
    ndarray, shape (m, n)
    """
    x = as_vector(x, "x")
    h = _steps(x, h, 1 / 3)
    cols = []
    for j, hj in enumerate(h):
        e = np.zeros_like(x)
        e[j] = hj
        cols.append((np.atleast_1d(F(x + e)) - np.atleast_1d(F(x - e))) / (2 * hj))
    J = np.column_stack(cols).astype(float)
    return J


def hessian(f: Callable, x, *, h=None, grad: Callable | None = None) -> np.ndarray:
    r"""The Hessian :math:`H_{ij} = \partial_i \partial_j f(x)`, symmetrised.

    With ``grad`` given: the Jacobian of the gradient (central differences, :math:`2n` gradient
    calls). Otherwise the four-point formula

    .. math:: H_{ij} \approx \frac{f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
              - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)}{4 h_i h_j},

    with :math:`h \approx \varepsilon^{1/4}` (truncation :math:`O(h^2)` against rounding
    :math:`O(\varepsilon/h^2)`). Returned as :math:`(H + H^\top)/2`.
    """
    x = as_vector(x, "x")
    n = x.size
    if grad is not None:
        H = jacobian(grad, x, h=h)
        if H.shape != (n, n):
            raise InputError(f"grad must return {n} entries, got a Jacobian of shape {H.shape}")
    else:
        h = _steps(x, h, 1 / 4)
        E = np.diag(h)
        H = np.empty((n, n))
        for i in range(n):  # one pair (i, j) per step: n(n+1)/2 of them, each 4 calls of f
            for j in range(i, n):
                pp = _scalar(f(x + E[i] + E[j]), "")
                pm = _scalar(f(x + E[i] - E[j]), "")
                mp = _scalar(f(x - E[i] + E[j]), "")
                mm = _scalar(f(x - E[i] - E[j]), "")
                H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4 * h[i] * h[j])
    return (H + H.T) / 2


def check_gradient(fun: Callable, grad: Callable, x, *, h=None) -> float:
    r"""Relative error between ``grad(x)`` and the central-difference gradient of ``fun``.

    .. math:: \frac{\|g - \hat g\|_2}{\max(\|g\|_2, \|\hat g\|_2, \text{tiny})}

    About :math:`10^{-8}` or less for a correct gradient of a smooth function; of order 1 for a
    wrong one. Use it to test a hand-written gradient before handing it to an optimiser.
    """
    x = as_vector(x, "x")
    g = np.asarray(grad(x), dtype=float).reshape(-1)
    if g.shape != x.shape:
        raise InputError(f"grad must return {x.size} entries, got {g.size}")
    approx = gradient(fun, x, h=h)
    scale = max(float(np.linalg.norm(g)), float(np.linalg.norm(approx)), np.finfo(float).tiny)
    return float(np.linalg.norm(g - approx) / scale)
