"""Argument checks and result conventions shared by the probability modules (private).

* evaluation points (``x`` of a cdf, ``k`` of a pmf, arguments of special functions) may be
  :math:`\\pm\\infty` — :math:`F(\\infty) = 1` is a value, and ``ppf(1)`` returns ``inf`` — but
  not NaN;
* a ``float32`` argument gives a ``float32`` result, anything else ``float64``; a 0-d result
  is returned as a Python ``float``;
* parameters are real Python/NumPy scalars, checked once, with one sentence naming the problem.
"""

from __future__ import annotations

import numbers
import operator

import numpy as np

from ..errors import InputError

__all__ = [
    "as_shape",
    "count_param",
    "finish",
    "points",
    "positive_param",
    "power_of_two_scale",
    "probability_param",
    "quantile_levels",
    "real_param",
    "result_dtype",
]


def points(x, name: str = "x") -> tuple[np.ndarray, np.dtype]:
    """``x`` as a float64 array (infinities allowed, NaN not) and the dtype of the result."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} is not a rectangular array of numbers: {exc}") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise InputError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise InputError(f"{name} must be real, got complex dtype {arr.dtype}")
    dtype = np.dtype(np.float32) if arr.dtype == np.float32 else np.dtype(np.float64)
    arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise InputError(f"{name} contains NaN")
    return arr, dtype


def result_dtype(*values) -> np.dtype:
    """float32 when every array argument is float32 (Python numbers don't count), else float64."""
    arrays = [np.asarray(v) for v in values if not isinstance(v, (int, float))]
    if arrays and all(a.dtype == np.float32 for a in arrays):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def finish(result, dtype=np.float64):
    """Cast to ``dtype``; a 0-d array becomes a Python number."""
    result = np.asarray(result)
    if result.dtype.kind == "f" and result.dtype != dtype:
        with np.errstate(over="ignore"):  # beyond float32's range is inf, as it should be
            result = result.astype(dtype)
    return result.item() if result.ndim == 0 else result


def real_param(value, name: str) -> float:
    """A finite real scalar parameter."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise InputError(f"{name} must be finite, got {value}")
    return value


def positive_param(value, name: str) -> float:
    """A finite real parameter > 0."""
    value = real_param(value, name)
    if value <= 0:
        raise InputError(f"{name} must be positive, got {value}")
    return value


def probability_param(p, name: str = "p", *, allow_zero: bool = True) -> float:
    """A probability in ``[0, 1]`` (or ``(0, 1]``)."""
    p = real_param(p, name)
    low_ok = p >= 0 if allow_zero else p > 0
    if not (low_ok and p <= 1):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise InputError(f"{name} must lie in {interval}, got {p}")
    return p


def count_param(n, name: str, *, minimum: int = 0, maximum: int = 2**53) -> int:
    """An integer in ``[minimum, maximum]`` (bools refused; ``2**53``: exact in a float)."""
    kind = "non-negative" if minimum == 0 else "positive" if minimum == 1 else f">= {minimum}"
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < minimum:
        raise InputError(f"{name} must be a {kind} integer, got {n!r}")
    if n > maximum:
        raise InputError(f"{name} must be a {kind} integer of at most {maximum}, got {n}")
    return int(n)


def as_shape(size, name: str = "size") -> tuple[int, ...]:
    """``size`` (an int or a tuple of ints, none negative) as a shape tuple."""
    if isinstance(size, (bool, np.bool_)):
        raise InputError(f"{name} must be an int or a tuple of ints, got {size!r}")
    try:
        shape = (operator.index(size),)
    except TypeError:
        try:
            shape = tuple(operator.index(s) for s in size)
        except TypeError:
            raise InputError(f"{name} must be an int or a tuple of ints, got {size!r}") from None
    if any(s < 0 for s in shape):
        raise InputError(f"{name} must not be negative, got {size!r}")
    return shape


def quantile_levels(q, name: str = "q") -> tuple[np.ndarray, np.dtype]:
    """Probability levels in ``[0, 1]`` as float64, with the dtype of the result."""
    q, dtype = points(q, name)
    if np.any((q < 0) | (q > 1)):
        raise InputError(f"quantile levels {name} must lie in [0, 1]")
    return q, dtype


def power_of_two_scale(values) -> float:
    """A power of two near ``max|values|`` (1 for zeros): dividing by it is exact, and it keeps
    sums and squares of values near 1e308 from overflowing."""
    largest = float(np.max(np.abs(values), initial=0.0))
    if largest == 0 or not np.isfinite(largest):
        return 1.0
    return float(np.ldexp(1.0, int(np.frexp(largest)[1]) - 1))
