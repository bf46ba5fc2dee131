r"""Weighted sampling of indices by the inverse cumulative distribution function.

Given weights :math:`w_0, \dots, w_{n-1} \ge 0` with :math:`W = \sum_i w_i > 0`, the index
:math:`i` is drawn with probability :math:`w_i / W`. The cumulative sums
:math:`c_i = w_0 + \dots + w_i` cut the interval :math:`[0, W)` into pieces of lengths
:math:`w_i`; a uniform :math:`u \in [0, W)` lands in piece :math:`i` exactly when
:math:`c_{i-1} \le u < c_i`, which is what ``searchsorted(c, u, side="right")`` finds.
A zero weight is a piece of length zero, so it is never drawn.

This is the sampling step of k-means++ (centres drawn with probability proportional to
:math:`D(x)^2`) and of every "draw with these probabilities" in the projects.
"""

from __future__ import annotations

import operator

import numpy as np

from ..errors import InputError
from ..validation import as_vector, check_rng

__all__ = ["weighted_sample"]


def _as_shape(size, name: str = "size") -> tuple[int, ...]:
    """Return ``size`` (an int or a tuple of ints) as a shape tuple, or raise InputError."""
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


def _check_weights(weights) -> np.ndarray:
    """Return the weights as a float vector: finite, non-negative, not all zero."""
    w = as_vector(weights, "weights")
    if np.any(w < 0):
        raise InputError(f"weights must be non-negative, got a minimum of {w.min():g}")
    if not np.any(w > 0):
        raise InputError("weights are all zero: there is nothing to sample from")
    return w


def weighted_sample(weights, size, *, rng=None, replace: bool = True) -> np.ndarray:
    r"""Draw indices ``i`` with probability proportional to ``weights[i]``.

    With replacement (the default), each draw is independent:

    .. math:: P(\text{index} = i) = \frac{w_i}{\sum_j w_j},

    computed by inverse-cdf sampling: ``c = cumsum(w)``, uniforms ``u`` on ``[0, c[-1])``,
    ``searchsorted(c, u, side="right")``. One cumulative sum of cost :math:`O(n)`, then
    :math:`O(\log n)` per draw.

    Without replacement, the draws are the successive ones of an urn where a drawn index is
    removed and the remaining weights renormalised,

    .. math:: P(i_1, \dots, i_k) = \prod_{t=1}^{k} \frac{w_{i_t}}{W - w_{i_1} - \dots - w_{i_{t-1}}},

    the same law as ``numpy.random.Generator.choice(n, k, replace=False, p=w/W)``. It is
    computed without a loop (Efraimidis–Spirakis): draw :math:`E_i \sim \text{Exp}(1)` and
    keep the ``k`` smallest keys :math:`E_i / w_i` in increasing order (compared as
    :math:`\log E_i - \log w_i`, which cannot overflow). The smallest key is
    index :math:`i` with probability :math:`w_i / W` (the minimum of independent exponential
    variables with rates :math:`w_i`), and by memorylessness the rest of the order is again
    such a race among the remaining indices.

    Parameters
    ----------
    weights : array_like, shape (n,)
        Non-negative, finite, not all zero. They need not sum to 1. With replacement, a
        weight below about :math:`10^{-308}` times the largest one counts as zero (its
        probability is below double precision).
    size : int or tuple of int
        The shape of the returned array of indices.
    rng : None, int or numpy.random.Generator, optional
        Source of randomness (a seed makes the result reproducible).
    replace : bool, default True
        Draw with replacement. Without it, ``prod(size)`` must not exceed the number of
        positive weights.

    Returns
    -------
    indices : ndarray of int64, shape ``size``
        Values in ``range(n)``; an index with zero weight never appears.

    Raises
    ------
    InputError
        Weights that are not 1-D, empty, NaN/inf, negative or all zero; a bad ``size``;
        more draws without replacement than positive weights.

    Examples
    --------
    >>> idx = weighted_sample([0.0, 1.0, 3.0], 8, rng=0)
    >>> bool(set(idx.tolist()) <= {1, 2})
    True
    """
    w = _check_weights(weights)
    shape = _as_shape(size)
    rng = check_rng(rng)
    count = int(np.prod(shape))
    if replace:
        cdf = np.cumsum(w / w.max())  # scaled so that the sum cannot overflow
        u = rng.random(count) * cdf[-1]  # uniform on [0, total)
        idx = np.searchsorted(cdf, u, side="right")
        return idx.astype(np.int64, copy=False).reshape(shape)

    positive = int(np.count_nonzero(w))
    if count > positive:
        raise InputError(
            f"cannot draw {count} indices without replacement from {positive} positive weights"
        )
    with np.errstate(divide="ignore"):  # log keys: no overflow for tiny w; w = 0 -> key +inf
        keys = np.log(rng.exponential(size=w.shape[0])) - np.log(w)
    first = np.argpartition(keys, count - 1)[:count] if count else np.empty(0, np.int64)
    idx = first[np.argsort(keys[first], kind="stable")]
    return idx.astype(np.int64, copy=False).reshape(shape)
