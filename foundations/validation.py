"""Input checks shared by every module and estimator: one clear message naming the problem.

Public so that the projects' estimators validate their input the same way as ``foundations``
(the role of scikit-learn's ``utils.validation``).
"""

from __future__ import annotations

import numbers

import numpy as np

from .errors import InputError

__all__ = ["as_float_array", "as_matrix", "as_vector", "check_rng", "check_sample_weight"]


def as_float_array(x, name: str = "x", *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``x`` as a finite floating-point array, or raise :class:`InputError`.

    Integer and boolean input becomes ``float64``; ``float32`` stays ``float32``.

    Parameters
    ----------
    x : array_like
    name : str
        The name used in the error message.
    ndim : int or tuple of int, optional
        The allowed numbers of dimensions.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise InputError(f"{name} is not a rectangular array of numbers: {exc}") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise InputError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise InputError(f"{name} must be real, got complex dtype {arr.dtype}")
    if not np.issubdtype(arr.dtype, np.floating) or arr.dtype == np.float16:
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise InputError(f"{name} must be {want}, got an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or inf")
    return arr


def as_matrix(a, name: str = "A", *, square: bool = False) -> np.ndarray:
    """Return ``a`` as a finite 2-D float array (square if asked), or raise :class:`InputError`."""
    arr = as_float_array(a, name, ndim=2)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(f"{name} is empty (shape {arr.shape})")
    if square and arr.shape[0] != arr.shape[1]:
        raise InputError(f"{name} must be square, got shape {arr.shape}")
    return arr


def as_vector(v, name: str = "v") -> np.ndarray:
    """Return ``v`` as a finite non-empty 1-D float array, or raise :class:`InputError`."""
    arr = as_float_array(v, name, ndim=1)
    if arr.shape[0] == 0:
        raise InputError(f"{name} is empty")
    return arr


def check_rng(seed) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from ``None``, an int, or a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.RandomState):
        return np.random.default_rng(seed.randint(0, 2**31 - 1))
    if seed is None or isinstance(seed, (int, np.integer)):
        return np.random.default_rng(seed)
    raise InputError(f"seed must be None, an int or a numpy Generator, got {type(seed).__name__}")


def check_sample_weight(sample_weight, n_samples: int, dtype=np.float64) -> np.ndarray:
    """Sample weights as a 1-D array of ``dtype``: finite, non-negative, not all zero.

    Parameters
    ----------
    sample_weight : None, number or array_like of shape (n_samples,)
        ``None`` gives equal weights of 1; a number gives that weight to every sample.
    n_samples : int
    dtype : numpy dtype
        The dtype of the result (that of the data the weights go with).

    Returns
    -------
    ndarray, shape (n_samples,)
    """
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, numbers.Number):
        sample_weight = np.full(n_samples, sample_weight)
    w = np.asarray(sample_weight)
    if w.dtype == object or not (np.issubdtype(w.dtype, np.number) or w.dtype == bool):
        raise InputError(f"sample_weight must hold numbers, got dtype {w.dtype}")
    if np.iscomplexobj(w):
        raise InputError("sample_weight must be real")
    w = w.astype(dtype)
    if w.shape != (n_samples,):
        raise InputError(f"sample_weight has shape {w.shape}, expected ({n_samples},)")
    if not np.all(np.isfinite(w)):
        raise InputError("sample_weight contains NaN or inf")
    if np.any(w < 0):
        raise InputError("Negative values in data passed to sample_weight")
    if not np.any(w > 0):
        raise InputError("Sample weights must contain at least one non-zero number.")
    return w
