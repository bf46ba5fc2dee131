"""Reference solutions, chapter 9 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def _floats(x):
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(float)


def sigmoid(x):
    r"""The logistic function :math:`\sigma(x) = \dfrac{1}{1 + e^{-x}}`, element-wise.

    For :math:`x \ge 0` the formula is safe (:math:`e^{-x} \le 1`). For :math:`x < 0` use the
    equal form :math:`e^{x}/(1 + e^{x})`: as written, :math:`e^{-x}` overflows for
    :math:`x < -709`, and :math:`\sigma(-720) \approx 2.03\cdot 10^{-313}` comes out as 0.

    Parameters
    ----------
    x : ndarray

    Returns
    -------
    ndarray, shape and float dtype of ``x`` (float32 in, float32 out)

    Hint: compute :math:`z = e^{-|x|} \in (0, 1]` once, then ``np.where(x >= 0, ..., ...)``.
    """
    x = _floats(x)
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def softplus(x):
    r"""Softplus :math:`\log(1 + e^{x})`, a smooth ReLU (its derivative is the sigmoid).

    .. math:: \log(1 + e^{x}) = \max(x, 0) + \log\bigl(1 + e^{-|x|}\bigr)

    The right side never overflows, and with ``np.log1p`` it keeps the tiny values:
    softplus(−40) is :math:`4.25\cdot 10^{-18}`, not 0.

    Parameters
    ----------
    x : ndarray

    Returns
    -------
    ndarray, shape of ``x``

    Hint: one line.
    """
    x = _floats(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def logsumexp(x, axis=None, keepdims=False):
    r"""The log-sum-exp :math:`\log \sum_i e^{x_i}`, over all entries or along ``axis``.

    With :math:`m = \max_i x_i`,

    .. math:: \log\sum_i e^{x_i} = m + \log\sum_i e^{x_i - m},

    so the largest exponential is :math:`e^0 = 1`: no overflow, and the sum is at least 1.
    ``logsumexp([1000, 1000])`` is :math:`1000 + \log 2`. For full accuracy, keep the
    :math:`e^0` terms apart: with :math:`k` entries equal to :math:`m` and :math:`s` the sum of
    the others' :math:`e^{x_i - m}`, the result is :math:`m + \log k + \operatorname{log1p}(s/k)`
    — ``logsumexp([0, -40])`` is :math:`\log(1 + e^{-40}) = 4.25\cdot 10^{-18}`, which
    :math:`\log(1 + s)` rounds to 0. Entries of :math:`-\infty` (weight zero) are allowed.

    Parameters
    ----------
    x : ndarray
    axis : None or int
        Sum over every entry (``None``) or along this axis.
    keepdims : bool
        Keep the summed axis with length 1.

    Returns
    -------
    float or ndarray

    Hint: ``np.max(x, axis=axis, keepdims=True)`` broadcasts against ``x``; squeeze at the end
    unless ``keepdims``. Its gradient is the softmax.
    """
    x = _floats(x)
    m = np.max(x, axis=axis, keepdims=True)
    at_max = x == m
    k = np.sum(at_max, axis=axis, keepdims=True)
    rest = np.sum(np.where(at_max, 0.0, np.exp(x - m)), axis=axis, keepdims=True)
    out = m + np.log(k) + np.log1p(rest / k)
    if keepdims:
        return out
    return out.reshape(()) if axis is None else np.squeeze(out, axis=axis)


def softmax(x, axis=-1):
    r"""The softmax :math:`e^{x_i} / \sum_j e^{x_j}` along ``axis``.

    Subtracting :math:`m = \max_j x_j` from every entry multiplies the numerator and the
    denominator by :math:`e^{-m}` — the same ratio, but every exponent is :math:`\le 0` and the
    denominator is at least 1. The entries are non-negative and sum to 1 along ``axis``;
    :math:`-\infty` gets probability 0.

    Parameters
    ----------
    x : ndarray
    axis : int

    Returns
    -------
    ndarray, shape of ``x``

    Hint: ``keepdims=True`` in both the max and the sum.
    """
    x = _floats(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    r"""The logarithm of the softmax, :math:`x_i - \log\sum_j e^{x_j}`, without forming the ratio.

    ``np.log(softmax(x))`` is :math:`\log 0 = -\infty` as soon as a probability underflows:
    ``log_softmax([0, -1000])`` is :math:`[0, -1000]` (to rounding), not :math:`[0, -\infty]`.
    Compute :math:`(x_i - m) - \log\sum_j e^{x_j - m}` instead.

    Parameters
    ----------
    x : ndarray
    axis : int

    Returns
    -------
    ndarray, shape of ``x``

    Hint: your :func:`logsumexp` with ``keepdims=True``.
    """
    x = _floats(x)
    m = np.max(x, axis=axis, keepdims=True)
    return (x - m) - logsumexp(x - m, axis=axis, keepdims=True)
