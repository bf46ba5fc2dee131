"""Chapter 9 — Functions: the activations and the log-sum-exp, stable for every input.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch09            # or: python -m exercises.grader ch09

Written as in the textbook, :math:`e^{x}` overflows to ``inf`` for :math:`x > 709`, and
:math:`\\log(1 + s)` loses :math:`s` entirely once :math:`s < 10^{-16}`. The stable forms below
change nothing mathematically. Use NumPy (``np.exp``, ``np.log1p``, ``np.maximum``,
``np.where``); do not call ``scipy.special`` — the point is to write them.
"""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
