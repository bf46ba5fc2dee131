"""Argument checks shared by the calculus and multivariable modules: one InputError each.

Every check names the argument and the problem in one sentence; none lets a ``TypeError`` or
``ValueError`` from NumPy or Python escape for a bad argument.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import InputError

__all__ = [
    "check_callable",
    "check_count",
    "check_real",
    "check_tol",
    "scalar_value",
    "values_like",
]


def check_callable(f, name: str = "f") -> None:
    """Raise InputError unless ``f`` is callable."""
    if not callable(f):
        raise InputError(f"{name} must be callable, got {type(f).__name__}")


def check_real(
    value,
    name: str,
    *,
    low: float = -np.inf,
    high: float = np.inf,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = True,
) -> float:
    """``value`` as a Python float in the interval from ``low`` to ``high``, else InputError.

    Booleans, strings and arrays of more than one number are refused; ``finite=False`` lets
    :math:`\\pm\\infty` through (never NaN).
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
            value = value.reshape(())[()]
        else:
            raise InputError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if np.isnan(v) or (finite and not np.isfinite(v)):
        raise InputError(f"{name} must be a finite number, got {v}")
    ok = (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    if not ok:
        lo, hi = "(" if low_open else "[", ")" if high_open else "]"
        raise InputError(f"{name} must be in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


def check_tol(value, name: str = "tol") -> float:
    """A positive finite tolerance, else InputError."""
    return check_real(value, name, low=0.0, low_open=True)


def check_count(value, name: str, low: int = 0) -> int:
    """``value`` as an int ``>= low`` (integral floats like ``10.0`` are refused too)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InputError(f"{name} must be an integer >= {low}, got {value!r}")
    if value < low:
        raise InputError(f"{name} must be an integer >= {low}, got {value}")
    return int(value)


def scalar_value(v, what: str, *, finite: bool = True) -> float:
    """A function's return value as one Python float, else InputError naming ``what``."""
    try:
        arr = np.asarray(v)
    except (TypeError, ValueError):
        arr = np.asarray(None)
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{what} must be a real number, got {type(v).__name__}")
    if arr.size != 1:
        raise InputError(f"{what} must be a single number, got an array of shape {arr.shape}")
    out = float(arr.reshape(()))
    if finite and not np.isfinite(out):
        raise InputError(f"{what} is not finite ({out})")
    return out


def values_like(f, x: np.ndarray, what: str = "f", *, finite: bool = True) -> np.ndarray:
    """``f(x)`` as a float array shaped like ``x`` (a scalar is broadcast), else InputError.

    The result has ``x``'s dtype when that is float32 and ``f`` kept it.
    """
    try:
        y = np.asarray(f(x))
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{what} could not be evaluated on an array of points: {exc}") from None
    if y.dtype.kind not in "biuf":
        raise InputError(f"{what} must return real numbers, got dtype {y.dtype}")
    y = y.astype(np.result_type(y.dtype, np.float32) if y.dtype.kind == "f" else np.float64)
    if y.shape != x.shape:
        if y.size != 1:
            raise InputError(
                f"{what} must return one value per point (shape {x.shape}), got shape {y.shape}"
            )
        y = np.full(x.shape, y.reshape(()), dtype=y.dtype)  # a constant function
    if finite and not np.all(np.isfinite(y)):
        raise InputError(f"{what} is not finite at some sample point")
    return y
