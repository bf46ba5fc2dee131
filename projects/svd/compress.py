r"""Rank-k compression of an image, one channel matrix at a time.

Each channel is an :math:`m \times n` matrix :math:`A = U \Sigma V^\top`. Keeping the k largest
singular values gives

.. math:: A_k = U_k \Sigma_k V_k^\top = \sum_{i=1}^{k} \sigma_i u_i v_i^\top ,

the best rank-k approximation in the Frobenius norm (Eckart–Young):
:math:`\lVert A - A_k\rVert_F^2 = \sum_{i>k} \sigma_i^2`. The factors hold
:math:`k(m+n+1)` numbers instead of :math:`mn`. The SVD itself is ``foundations``' own
(:func:`foundations.linalg.truncated_svd`, :func:`foundations.linalg.randomized_svd`).

In YCbCr (see :mod:`.color`) the same number of stored numbers can be spent unevenly: more rank
for luma, which holds the detail, less for the smooth chroma channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from foundations.errors import InputError
from foundations.linalg import randomized_svd, svd, truncated_svd
from foundations.validation import as_float_array

from .color import rgb_to_ycbcr, ycbcr_error_weights, ycbcr_to_rgb
from .images import value_range

__all__ = [
    "COLOR_SPACES",
    "METHODS",
    "ChannelSVD",
    "allocate_ranks",
    "channel_ranks",
    "check_image",
    "check_rank",
    "compress_image",
    "factor",
    "from_float",
    "to_float",
]

METHODS = ("exact", "randomized")
COLOR_SPACES = ("rgb", "ycbcr")


@dataclass
class ChannelSVD:
    """The (possibly truncated) SVD of one channel: ``A ≈ U @ diag(s) @ Vt``."""

    U: np.ndarray
    s: np.ndarray
    Vt: np.ndarray

    def reconstruct(self, k: int | None = None) -> np.ndarray:
        r"""The rank-k matrix :math:`U_k \Sigma_k V_k^\top` (``k=None``: every kept component)."""
        k = self.s.size if k is None else k
        return (self.U[:, :k] * self.s[:k]) @ self.Vt[:k]


def check_image(image, name: str = "image") -> np.ndarray:
    """``image`` as an array of shape (h, w) or (h, w, c), finite, inside its dtype's valid range."""
    arr = np.asarray(image)
    lo, hi = value_range(arr.dtype)
    as_float_array(arr, name, ndim=(2, 3))  # numbers, finite
    if min(arr.shape[:2]) < 1 or (arr.ndim == 3 and arr.shape[2] < 1):
        raise InputError(f"{name} is empty (shape {arr.shape})")
    if np.issubdtype(arr.dtype, np.floating) and (arr.min() < lo or arr.max() > hi):
        raise InputError(
            f"a floating-point {name} must lie in [0, 1], got values in "
            f"[{arr.min():.4g}, {arr.max():.4g}] (divide 8-bit values by 255)"
        )
    return arr


def to_float(image: np.ndarray) -> np.ndarray:
    """The pixels as float64 of shape (h, w, c), channels last (a grayscale image gets c = 1)."""
    arr = np.asarray(image, dtype=np.float64)
    return arr[..., None] if arr.ndim == 2 else arr


def from_float(x: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Clip ``x`` (h, w, c) to the valid range of ``like``'s dtype, round integers, restore shape."""
    lo, hi = value_range(like.dtype)
    out = np.clip(x, lo, hi)
    if np.issubdtype(like.dtype, np.integer):
        out = np.rint(out)
    return out.reshape(like.shape).astype(like.dtype)


def check_rank(rank, m: int, n: int, what: str = "rank") -> int:
    """``rank`` as an int in ``[1, min(m, n)]``, or one clear :class:`InputError`."""
    if isinstance(rank, (bool, np.bool_)) or not isinstance(rank, (int, np.integer)):
        raise InputError(f"{what} must be an integer, got {rank!r}")
    limit = min(m, n)
    if not 1 <= rank <= limit:
        raise InputError(
            f"{what} {rank} is out of range: it must be between 1 and min(height, width) = "
            f"{limit} for a {m}×{n} image"
        )
    return int(rank)


def allocate_ranks(spectra: Sequence[np.ndarray], budget: int, weights=None) -> tuple[int, ...]:
    r"""Split a total rank ``budget`` over channels so the weighted squared error is smallest.

    If channel c is kept at rank :math:`k_c`, its squared error is :math:`\sum_{i>k_c}
    \sigma_{c,i}^2` (Eckart–Young) and every component costs the same :math:`m + n + 1` numbers.
    Minimising :math:`\sum_c w_c \sum_{i > k_c} \sigma_{c,i}^2` subject to
    :math:`\sum_c k_c = \text{budget}` therefore means keeping the ``budget`` largest values of
    :math:`w_c \sigma_{c,i}^2` over all channels together (each channel's values are sorted,
    so what is kept is a leading block of each spectrum). Every channel keeps at least one
    component.

    Parameters
    ----------
    spectra : sequence of 1-D arrays
        The singular values of each channel, descending.
    budget : int
        The total number of components, between ``len(spectra)`` and the number of values.
    weights : array_like, optional
        :math:`w_c`; all ones by default (see :func:`.color.ycbcr_error_weights`).
    """
    c = len(spectra)
    sizes = [len(s) for s in spectra]
    if not c <= budget <= sum(sizes):
        raise InputError(f"budget must be between {c} and {sum(sizes)}, got {budget}")
    w = np.ones(c) if weights is None else np.asarray(weights, dtype=np.float64)
    values = np.concatenate(
        [w[j] * np.asarray(s[1:], dtype=np.float64) ** 2 for j, s in enumerate(spectra)]
    )
    owner = np.repeat(np.arange(c), [size - 1 for size in sizes])
    keep = np.argsort(-values, kind="stable")[: budget - c]
    return tuple(int(k) for k in 1 + np.bincount(owner[keep], minlength=c))


def factor(
    A: np.ndarray, rank: int | None = None, method: str = "exact", random_state=None
) -> ChannelSVD:
    """The SVD of one channel: full (``rank=None``), truncated, or randomized at ``rank``."""
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if rank is None:
        if method != "exact":
            raise InputError("a randomized SVD needs a rank")
        U, s, Vt = svd(A, full_matrices=False)
    elif method == "exact":
        U, s, Vt = truncated_svd(A, rank)
    else:
        U, s, Vt = randomized_svd(A, rank, random_state=random_state)
    return ChannelSVD(np.asarray(U), np.asarray(s), np.asarray(Vt))


def compress_image(
    image,
    rank: int | Sequence[int],
    method: str = "exact",
    *,
    color_space: str = "rgb",
    random_state=None,
) -> np.ndarray:
    r"""The image rebuilt from rank-k SVDs of its channels: same shape, same dtype.

    Parameters
    ----------
    image : array_like, shape (h, w) or (h, w, c)
        Integer pixels (uint8, uint16, …) or floats in ``[0, 1]``.
    rank : int or sequence of int
        The rank k of every channel, or one rank per channel, each in ``[1, min(h, w)]``.
        With ``color_space="ycbcr"`` a single k means the storage of RGB at rank k (3k
        components) split over Y, Cb and Cr by :func:`allocate_ranks` (luma gets most); a
        sequence gives the Y, Cb, Cr (and alpha) ranks.
    method : {"exact", "randomized"}
        :func:`foundations.linalg.truncated_svd` or :func:`foundations.linalg.randomized_svd`.
    color_space : {"rgb", "ycbcr"}
        Compress the channels as given, or convert the first three to YCbCr first
        (needs 3 or 4 channels).
    random_state : None, int
        Seed of the randomized SVD.

    Returns
    -------
    ndarray, same shape and dtype as ``image``
        Values clipped to the valid range (``[0, 255]`` for uint8, ``[0, 1]`` for floats) and
        rounded for integer dtypes.

    Examples
    --------
    >>> from toolkit.datasets import load_sample_image
    >>> photo = load_sample_image("china.jpg")  # (427, 640, 3) uint8
    >>> compress_image(photo, 50).shape
    (427, 640, 3)
    """
    arr = check_image(image)
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if color_space not in COLOR_SPACES:
        raise InputError(
            f"color_space must be one of {', '.join(COLOR_SPACES)}, got {color_space!r}"
        )
    x = to_float(arr)
    m, n, c = x.shape
    lo, hi = value_range(arr.dtype)
    if color_space == "rgb":
        ranks = channel_ranks(rank, m, n, c)
        factors = [factor(x[..., j], k, method, random_state) for j, k in enumerate(ranks)]
        approx = np.stack([f.reconstruct() for f in factors], axis=2)
        return from_float(approx, arr)
    if c not in (3, 4):
        raise InputError(f"YCbCr needs a colour image with 3 or 4 channels, got {c}")
    peak = hi - lo
    y = np.concatenate([rgb_to_ycbcr(x[..., :3] - lo, peak), x[..., 3:] - lo], axis=2)
    if isinstance(rank, (int, np.integer)) and not isinstance(rank, (bool, np.bool_)):
        k = check_rank(rank, m, n)
        # The budget of RGB at rank k: 3k components, spent where they lower the RGB error most.
        most = min(m, n, 3 * k - 2)
        factors = [factor(y[..., j], most, method, random_state) for j in range(3)]
        ranks = allocate_ranks([f.s for f in factors], 3 * k, ycbcr_error_weights())
        if c == 4:
            factors.append(factor(y[..., 3], k, method, random_state))
            ranks = (*ranks, k)
    else:
        ranks = channel_ranks(rank, m, n, c)
        factors = [factor(y[..., j], k, method, random_state) for j, k in enumerate(ranks)]
    approx = np.stack([f.reconstruct(k) for f, k in zip(factors, ranks, strict=True)], axis=2)
    approx = np.concatenate([ycbcr_to_rgb(approx[..., :3], peak) + lo, approx[..., 3:] + lo], 2)
    return from_float(approx, arr)


def channel_ranks(rank: int | Sequence[int], m: int, n: int, c: int) -> tuple[int, ...]:
    """One checked rank per channel from an int (the same for all) or a sequence of ``c`` ints."""
    if isinstance(rank, (int, np.integer)) and not isinstance(rank, (bool, np.bool_)):
        return (check_rank(rank, m, n),) * c
    if isinstance(rank, (str, bytes)) or not isinstance(rank, (Sequence, np.ndarray)):
        raise InputError(f"rank must be an integer or one integer per channel, got {rank!r}")
    ranks = list(rank)
    if len(ranks) != c:
        raise InputError(f"rank lists {len(ranks)} values for an image with {c} channels")
    return tuple(check_rank(k, m, n) for k in ranks)
