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

from ..calculus._checks import check_callable, check_count, check_real, scalar_value
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


def _steps(x: np.ndarray, h, power: float) -> np.ndarray:
    """Positive, exactly representable steps shaped like ``x`` (eps of ``x``'s dtype by default)."""
    if h is None:
        h = np.finfo(x.dtype).eps ** power * np.maximum(1.0, np.abs(x))
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
        h = (x + h) - x  # exactly representable steps
    if not np.all(np.isfinite(h)):
        raise InputError("x + h overflows: x is too close to the largest float for this step")
    if np.any(h == 0):
        raise InputError("h is below the spacing of floating-point numbers at x (x + h == x)")
    return h


def _scalar(v, what) -> float:
    return scalar_value(v, f"f{what}", finite=False)


def partial_derivative(f: Callable, x, i: int, *, h=None) -> float:
    r""":math:`\partial_i f(x) \approx (f(x + h e_i) - f(x - h e_i)) / 2h`."""
    check_callable(f)
    x = as_vector(x, "x")
    i = check_count(i, "i", 0)
    if i >= x.size:
        raise InputError(f"i must be in [0, {x.size}), got {i}")
    h = _steps(x, h, 1 / 3)[i]
    e = np.zeros_like(x)
    e[i] = h
    return (_scalar(f(x + e), "(x + h e_i)") - _scalar(f(x - e), "(x - h e_i)")) / (2 * float(h))


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
    check_callable(f)
    x = as_vector(x, "x")
    h = _steps(x, h, 1 / 3)
    E = np.diag(h)
    # One loop step per coordinate (each a full evaluation of f), as the definition reads.
    up = np.array([_scalar(f(x + e), "(x + h e_i)") for e in E])
    down = np.array([_scalar(f(x - e), "(x - h e_i)") for e in E])
    return ((up - down) / (2 * h)).astype(x.dtype, copy=False)


def directional_derivative(f: Callable, x, v, *, h=None) -> float:
    r""":math:`D_v f(x) = \lim_{t\to0} (f(x + tv) - f(x))/t = \nabla f(x)^\top v`, by a central difference in :math:`t`."""
    check_callable(f)
    x, v = as_vector(x, "x"), as_vector(v, "v")
    if v.shape != x.shape:
        raise InputError(f"v has shape {v.shape} but x has {x.shape}")
    if not np.any(v):
        return 0.0
    if h is None:
        eps = np.finfo(x.dtype).eps
        t = eps ** (1 / 3) * max(1.0, float(np.max(np.abs(x)))) / float(np.max(np.abs(v)))
    else:
        t = check_real(h, "h", low=0.0, low_open=True)
    step = (x + t * v) - x
    if not np.any(step):
        raise InputError("h is below the spacing of floating-point numbers at x (x + h v == x)")
    return (_scalar(f(x + t * v), "(x + t v)") - _scalar(f(x - t * v), "(x - t v)")) / (2 * t)


def jacobian(F: Callable, x, *, h=None) -> np.ndarray:
    r"""The Jacobian :math:`J_{ij} = \partial F_i / \partial x_j` of :math:`F:\mathbb{R}^n\to\mathbb{R}^m`.

    Column :math:`j` is :math:`(F(x + h e_j) - F(x - h e_j))/2h`.

    Returns
    -------
    ndarray, shape (m, n)
    """
    check_callable(F, "F")
    x = as_vector(x, "x")
    h = _steps(x, h, 1 / 3)

    def value(z):
        try:
            out = np.atleast_1d(np.asarray(F(z), dtype=float))
        except (TypeError, ValueError):
            raise InputError("F must return a vector of real numbers") from None
        if out.ndim != 1:
            raise InputError(f"F must return a 1-D vector, got shape {out.shape}")
        return out

    cols = []
    for j, hj in enumerate(h):
        e = np.zeros_like(x)
        e[j] = hj
        up, down = value(x + e), value(x - e)
        if cols and up.shape != cols[0].shape:
            raise InputError("F must return vectors of one length")
        cols.append((up - down) / (2 * hj))
    return np.column_stack(cols).astype(x.dtype, copy=False)


def hessian(f: Callable, x, *, h=None, grad: Callable | None = None) -> np.ndarray:
    r"""The Hessian :math:`H_{ij} = \partial_i \partial_j f(x)`, symmetrised.

    With ``grad`` given: the Jacobian of the gradient (central differences, :math:`2n` gradient
    calls). Otherwise the four-point formula

    .. math:: H_{ij} \approx \frac{f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
              - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)}{4 h_i h_j},

    with :math:`h \approx \varepsilon^{1/4}` (truncation :math:`O(h^2)` against rounding
    :math:`O(\varepsilon/h^2)`). Returned as :math:`(H + H^\top)/2`.
    """
    check_callable(f)
    x = as_vector(x, "x")
    n = x.size
    if grad is not None:
        check_callable(grad, "grad")
        H = jacobian(grad, x, h=h)
        if H.shape != (n, n):
            raise InputError(f"grad must return {n} entries, got a Jacobian of shape {H.shape}")
    else:
        h = _steps(x, h, 1 / 4)
        E = np.diag(h)
        H = np.empty((n, n))
        for i in range(n):  # one pair (i, j) per step: n(n+1)/2 of them, each 4 calls of f
            for j in range(i, n):
                pp = _scalar(f(x + E[i] + E[j]), "(x + h_i e_i + h_j e_j)")
                pm = _scalar(f(x + E[i] - E[j]), "(x + h_i e_i - h_j e_j)")
                mp = _scalar(f(x - E[i] + E[j]), "(x - h_i e_i + h_j e_j)")
                mm = _scalar(f(x - E[i] - E[j]), "(x - h_i e_i - h_j e_j)")
                H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4 * h[i] * h[j])
    return ((H + H.T) / 2).astype(x.dtype, copy=False)


def check_gradient(fun: Callable, grad: Callable, x, *, h=None) -> float:
    r"""Relative error between ``grad(x)`` and the central-difference gradient of ``fun``.

    .. math:: \frac{\|g - \hat g\|_2}{\max(\|g\|_2, \|\hat g\|_2, \text{tiny})}

    About :math:`10^{-8}` or less for a correct gradient of a smooth function; of order 1 for a
    wrong one. Use it to test a hand-written gradient before handing it to an optimiser.
    """
    check_callable(fun, "fun")
    check_callable(grad, "grad")
    x = as_vector(x, "x")
    try:
        g = np.asarray(grad(x), dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError("grad must return an array of real numbers") from None
    if g.shape != x.shape:
        raise InputError(f"grad must return {x.size} entries, got {g.size}")
    approx = gradient(fun, x, h=h)
    scale = max(float(np.linalg.norm(g)), float(np.linalg.norm(approx)), np.finfo(float).tiny)
    return float(np.linalg.norm(g - approx) / scale)
