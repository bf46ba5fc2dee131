r"""Weighted sampling of indices by the inverse cumulative distribution function.

Given weights :math:`w_0, \dots, w_{n-1} \ge 0` with :math:`W = \sum_i w_i > 0`, the index
:math:`i` is drawn with probability :math:`w_i / W`. The cumulative sums
:math:`c_i = w_0 + \dots + w_i` cut the interval :math:`[0, W)` into pieces of lengths
:math:`w_i`; a uniform :math:`u \in [0, W)` lands in piece :math:`i` exactly when
:math:`c_{i-1} \le u < c_i`, which is what ``searchsorted(c, u, side="right")`` finds.
A zero weight is a piece of length zero, so it is never drawn.

This is the sampling step of k-means++ (centres drawn with probability proportional to
:math:`D(x)^2`) and of every "draw with these probabilities" in the projects.

The other samplers start from the same uniform source (:func:`uniform_source`): the inverse
transform :math:`X = F^{-1}(U)` (:func:`inverse_transform_sample`) and the Box–Muller
transform for normals (:func:`box_muller`).
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_vector, check_rng
from ._checks import as_shape

__all__ = ["box_muller", "inverse_transform_sample", "uniform_source", "weighted_sample"]

_as_shape = as_shape  # the name the other modules import


def uniform_source(size=None, rng=None) -> np.ndarray:
    """Uniform numbers on ``[0, 1)``: the one source of randomness every sampler here uses."""
    shape = () if size is None else as_shape(size)
    return check_rng(rng).random(shape)


def inverse_transform_sample(ppf, size=None, rng=None):
    r"""Sample :math:`X = F^{-1}(U)` with :math:`U \sim \text{Uniform}(0, 1)`.

    If :math:`F` is continuous and increasing, :math:`P(F^{-1}(U) \le x) = P(U \le F(x)) = F(x)`,
    so :math:`F^{-1}(U)` has cdf :math:`F`. ``ppf`` (the "percent point function",
    scipy's name for :math:`F^{-1}`) must accept an array of values in ``[0, 1)`` and return
    an array of the same shape.

    Parameters
    ----------
    ppf : callable
        The quantile function :math:`F^{-1}`.
    size : int or tuple of int, optional
    rng : None, int or numpy.random.Generator, optional

    Returns
    -------
    ndarray of shape ``size`` (or a float when ``size`` is None)
    """
    if not callable(ppf):
        raise InputError(f"ppf must be a callable quantile function, got {type(ppf).__name__}")
    u = uniform_source(size, rng)
    try:
        x = np.asarray(ppf(u), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"ppf did not return numbers for an array of levels: {exc}") from None
    if x.shape != u.shape:
        raise InputError(f"ppf returned shape {x.shape} for levels of shape {u.shape}")
    return x.item() if x.ndim == 0 else x


def box_muller(size=None, rng=None):
    r"""Standard normal samples from pairs of uniforms (the Box–Muller transform).

    For independent :math:`U_1, U_2 \sim \text{Uniform}(0, 1]`, the pair

    .. math:: Z_1 = \sqrt{-2\ln U_1}\,\cos(2\pi U_2), \qquad Z_2 = \sqrt{-2\ln U_1}\,\sin(2\pi U_2)

    are independent :math:`\mathcal{N}(0, 1)`: in polar coordinates a standard 2-D Gaussian has
    a uniform angle and a squared radius :math:`R^2 \sim \text{Exponential}(1/2)`, whose
    inverse transform is :math:`-2\ln U_1`. Both coordinates of each pair are used.

    Returns
    -------
    ndarray of shape ``size`` (or a float when ``size`` is None)
    """
    shape = () if size is None else as_shape(size)
    count = int(np.prod(shape))
    n_pairs = (count + 1) // 2
    rng = check_rng(rng)
    u1 = 1.0 - rng.random(n_pairs)  # in (0, 1]: log(u1) is finite
    u2 = rng.random(n_pairs)
    radius = np.sqrt(-2.0 * np.log(u1))
    angle = 2.0 * np.pi * u2
    z = np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])[:count]
    z = z.reshape(shape)
    return z.item() if z.ndim == 0 else z


_HUGE = np.finfo(np.float64).max / 4


def _check_weights(weights) -> np.ndarray:
    """Return the weights as a float64 vector: finite, non-negative, not all zero.

    A float64 vector is returned as it is (the caller only reads it).

    float32 weights are widened first: a float32 cumulative sum of a million uniform weights
    gets the probabilities (its differences) wrong by about 1 % for the median weight and by
    100 % for one weight in a hundred.
    """
    if isinstance(weights, np.ndarray) and weights.dtype == np.float64 and weights.ndim == 1:
        # the common case in two reductions: NaN or inf shows in the min or the max
        lo, hi = (weights.min(), weights.max()) if weights.size else (np.nan, np.nan)
        if np.isfinite(lo) and np.isfinite(hi) and lo >= 0 and hi > 0:
            return weights  # read only
    w = as_vector(weights, "weights").astype(np.float64)
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
    shape = as_shape(size)
    rng = check_rng(rng)
    count = int(np.prod(shape))
    if replace:
        top = float(w.max())
        # scaled only if the sum could overflow
        cdf = np.cumsum(w if top * w.shape[0] < _HUGE else w / top)
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
