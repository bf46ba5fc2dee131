r"""Entropy, cross-entropy and the Kullback–Leibler divergence (chapter 20).

For discrete distributions :math:`p` and :math:`q` on the same outcomes,

.. math:: H(p) = -\sum_i p_i \log p_i, \qquad
          H(p, q) = -\sum_i p_i \log q_i, \qquad
          D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log\frac{p_i}{q_i} = H(p, q) - H(p),

with :math:`0 \log 0 = 0`. Entropy is the expected surprise :math:`\mathbb{E}[-\log p(X)]`;
cross-entropy the expected surprise when the data come from :math:`p` but we code (or
predict) with :math:`q`; KL the excess, which is :math:`\ge 0` (Gibbs' inequality) and zero
only when :math:`q = p`. Minimising the cross-entropy between the labels and a classifier's
predicted probabilities — the "log loss" — is maximum likelihood for the classifier.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector
from .spaces import sum_tolerance

__all__ = ["cross_entropy", "entropy", "kl_divergence", "log_loss"]


def _distribution(p, name: str, axis) -> np.ndarray:
    """Probabilities along ``axis`` (float32 kept), each slice summing to 1 up to rounding."""
    p = as_float_array(p, name)
    if p.ndim == 0 or p.size == 0:
        raise InputError(f"{name} must be a non-empty array of probabilities")
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise InputError(f"axis must be an integer, got {axis!r}")
    if not -p.ndim <= axis < p.ndim:
        raise InputError(f"axis {axis} is out of range for {name} of shape {p.shape}")
    if np.any(p < 0):
        raise InputError(f"{name} must be non-negative, got a minimum of {p.min():g}")
    sums = np.sum(p, axis=axis, dtype=np.float64)
    if np.any(np.abs(sums - 1.0) > sum_tolerance(p.dtype, p.shape[axis])):
        worst = np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))]
        raise InputError(f"{name} must sum to 1 along axis {axis}, got a sum of {worst!r}")
    return p


def _log(base):
    if base is None:
        return np.log
    if (
        isinstance(base, (bool, np.bool_))
        or not isinstance(base, numbers.Real)
        or not (np.isfinite(base) and base > 0 and base != 1)
    ):
        raise InputError(f"base must be a positive number other than 1, got {base!r}")
    return lambda x: np.log(x) / np.log(float(base))


def _pair(p, q, axis):
    p = _distribution(p, "pk", axis)
    q = _distribution(q, "qk", axis)
    if p.shape != q.shape:
        raise InputError(f"pk and qk must have the same shape, got {p.shape} and {q.shape}")
    return p, q


def _out(x: np.ndarray, like: np.ndarray):
    """A 0-d result as a Python float; arrays in the dtype of the input (float32 stays)."""
    x = np.asarray(x)
    return x.item() if x.ndim == 0 else x.astype(like.dtype, copy=False)


def entropy(pk, qk=None, base=None, *, axis: int = 0):
    r"""Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i` (``scipy.stats.entropy``'s signature).

    With ``qk``, the KL divergence :math:`D_{\mathrm{KL}}(p\|q)`, as scipy does. Unlike
    scipy, which silently normalises, ``pk`` (and ``qk``) must already sum to 1: a vector that
    does not is an :class:`~foundations.errors.InputError`.

    Parameters
    ----------
    pk, qk : array_like
        Probabilities along ``axis``.
    base : float, optional
        Logarithm base (default :math:`e`: nats; 2 gives bits).
    axis : int

    Returns
    -------
    float or ndarray (one value per distribution)
    """
    if qk is not None:
        return kl_divergence(pk, qk, base, axis=axis)
    p = _distribution(pk, "pk", axis)
    log = _log(base)
    p64 = p.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p64 > 0, -p64 * log(p64), 0.0)
    return _out(terms.sum(axis=axis), p)


def cross_entropy(pk, qk, base=None, *, axis: int = 0):
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \log q_i` (infinite where :math:`q_i = 0 < p_i`)."""
    p, q = _pair(pk, qk, axis)
    log = _log(base)
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p64 > 0, -p64 * log(q64), 0.0)
    return _out(terms.sum(axis=axis), np.result_type(p, q).type(0))


def kl_divergence(pk, qk, base=None, *, axis: int = 0):
    r"""Kullback–Leibler divergence :math:`D_{\mathrm{KL}}(p\|q) = \sum_i p_i \log(p_i / q_i) \ge 0`.

    Infinite when some :math:`q_i = 0 < p_i` (``q`` rules out what ``p`` allows), finite for
    any positive :math:`q_i`, however small: :math:`\log(p_i/q_i)` is taken as
    :math:`\log p_i - \log q_i` where the ratio overflows (:math:`q_i = 10^{-320}`). Not
    symmetric in ``p`` and ``q``.
    """
    p, q = _pair(pk, qk, axis)
    log = _log(base)
    p64, q64 = p.astype(np.float64), q.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = p64 / q64
        log_ratio = np.where(np.isfinite(ratio), log(ratio), log(p64) - log(q64))
        terms = np.where(p64 > 0, p64 * log_ratio, 0.0)
    # rounding can give -1e-17
    return _out(np.maximum(terms.sum(axis=axis), 0.0), np.result_type(p, q).type(0))


def log_loss(y_true, y_prob, *, eps: float | None = None) -> float:
    r"""Mean cross-entropy between integer labels and predicted class probabilities.

    .. math:: L = -\frac1n \sum_{i=1}^{n} \log \hat p_{i, y_i},

    the cross-entropy :math:`H(\delta_{y_i}, \hat p_i)` averaged over samples, i.e. the
    negative log-likelihood of the labels under the model (``sklearn.metrics.log_loss`` for
    labels ``0..k-1``).

    Parameters
    ----------
    y_true : array_like of int, shape (n_samples,)
        Labels in ``range(n_classes)``.
    y_prob : array_like, shape (n_samples, n_classes)
        Each row a probability vector.
    eps : float, optional
        Clip probabilities to ``[eps, 1 - eps]`` first (avoids an infinite loss for a
        confident mistake). Default: no clipping.
    """
    P = _distribution(y_prob, "y_prob", axis=1)
    if P.ndim != 2:
        raise InputError(f"y_prob must be 2-D (n_samples, n_classes), got shape {P.shape}")
    y = as_vector(y_true, "y_true")
    if y.shape[0] != P.shape[0]:
        raise InputError(f"y_true has {y.shape[0]} labels but y_prob has {P.shape[0]} rows")
    if np.any(y != np.round(y)) or np.any((y < 0) | (y >= P.shape[1])):
        raise InputError(f"y_true must hold integer labels in [0, {P.shape[1]})")
    picked = P[np.arange(P.shape[0]), y.astype(np.int64)].astype(np.float64)
    if eps is not None:
        if (
            isinstance(eps, (bool, np.bool_))
            or not isinstance(eps, numbers.Real)
            or not 0 < eps < 0.5
        ):
            raise InputError(f"eps must be a number in (0, 0.5), got {eps!r}")
        picked = np.clip(picked, eps, 1 - eps)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(picked)))
