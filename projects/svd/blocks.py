r"""Quality of a rank-k image measured row block by row block, in bounded memory.

A 24-megapixel photo is 72 MB of 8-bit pixels but 576 MB as one float64 array, and every
temporary of the same size costs as much again. Here nothing of the image's size is ever
held in floating point: the rank-k image is rebuilt a block of rows at a time (:func:`block_rows`),
:math:`A_{r,:} \approx (U_{r,:k}\,\Sigma_k) V_k^\top`, compared with the original rows, rounded
and clipped into the output (an array of the image's own dtype), and dropped.

What is accumulated over the blocks, for an image :math:`X` of :math:`N` entries, its rank-k
rebuild :math:`\hat X` and the stored (rounded, clipped) image :math:`Q(\hat X)`:

- :math:`\lVert X - \hat X\rVert_F^2` for the relative error of the unrounded image;
- :math:`\lVert X - Q(\hat X)\rVert_F^2 / N`, the MSE of the stored image, for its PSNR;

and SSIM is computed on the stored image afterwards, channel by channel, in strips
(:func:`.metrics.ssim`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .compress import ChannelSVD
from .images import value_range
from .metrics import ssim

__all__ = [
    "BLOCK_ENTRIES",
    "Measured",
    "block_rows",
    "channel",
    "from_factors",
    "measure",
    "sum_of_squares",
]

#: Entries rebuilt at once: about 2**20 (8 MB of float64) — 58 rows of a 6000-pixel-wide RGB
#: photo — so the few temporaries of a block stay small whatever the image.
BLOCK_ENTRIES = 1 << 20


def block_rows(pixels: np.ndarray) -> int:
    """Rows per block for ``pixels``: :data:`BLOCK_ENTRIES` entries, at least one row."""
    per_row = max(1, pixels[:1].size)
    return max(1, BLOCK_ENTRIES // per_row)


#: A function giving the unrounded rebuilt rows ``rows`` of every channel, shape (r, w, c).
RowSource = Callable[[slice], np.ndarray]


@dataclass
class Measured:
    """Quality of one rank-k image: errors of the unrounded and the stored image.

    ``ssim`` is ``None`` when it was not asked for, ``image`` (the stored image, the original's
    shape and dtype) when it was not kept.
    """

    relative_error: float
    psnr: float
    ssim: float | None = None
    image: np.ndarray | None = None


def channel(pixels: np.ndarray, j: int) -> np.ndarray:
    """Channel ``j`` of an (h, w) or (h, w, c) image, as a view of the original pixels."""
    return pixels if pixels.ndim == 2 else pixels[..., j]


def _rows_as_float(pixels: np.ndarray, rows: slice) -> np.ndarray:
    block = np.asarray(pixels[rows], dtype=np.float64)
    return block[..., None] if block.ndim == 2 else block


def _squared_norm(a: np.ndarray) -> float:
    """The sum of squares of a (rows, w, c) block, without a temporary (and without BLAS
    threads, which cost more than they give for one pass over memory)."""
    return float(np.einsum("ijk,ijk->", a, a))


def sum_of_squares(pixels: np.ndarray) -> list[float]:
    r""":math:`\lVert A_c\rVert_F^2` of every channel, in float64, a block of rows at a time."""
    c = 1 if pixels.ndim == 2 else pixels.shape[2]
    totals = np.zeros(c)
    step = block_rows(pixels)
    for top in range(0, pixels.shape[0], step):
        block = _rows_as_float(pixels, slice(top, top + step))
        totals += np.einsum("ijc,ijc->c", block, block)
    return [float(t) for t in totals]


def from_factors(factors: Sequence[ChannelSVD], ranks, offset: float = 0.0) -> RowSource:
    """Rows of the image rebuilt from per-channel factors, channel ``c`` at rank ``ranks[c]``."""
    ks = [int(k) for k in np.broadcast_to(np.asarray(ranks), (len(factors),))]

    def rows(r: slice) -> np.ndarray:
        parts = [(f.U[r, :k] * f.s[:k]) @ f.Vt[:k] for f, k in zip(factors, ks, strict=True)]
        return np.stack(parts, axis=2) + offset

    return rows


def measure(
    pixels: np.ndarray,
    source: RowSource,
    *,
    with_ssim: bool = True,
    keep_image: bool = False,
) -> Measured:
    """Relative error, PSNR (and SSIM) of the image that ``source`` rebuilds, block by block.

    Parameters
    ----------
    pixels : ndarray, shape (h, w) or (h, w, c)
        The original image (integers, or floats in [0, 1]).
    source : callable
        ``source(rows)`` returns the unrounded rebuilt rows, shape (len(rows), w, c).
    with_ssim, keep_image : bool
        Also compute SSIM of the stored image; return the stored image.
    """
    lo, hi = value_range(pixels.dtype)
    integer = np.issubdtype(pixels.dtype, np.integer)
    need_image = with_ssim or keep_image
    out = np.empty_like(pixels) if need_image else None
    err2 = total2 = stored2 = 0.0
    step = block_rows(pixels)
    for top in range(0, pixels.shape[0], step):
        rows = slice(top, top + step)
        x = _rows_as_float(pixels, rows)
        approx = source(rows)
        diff = x - approx
        err2 += _squared_norm(diff)
        total2 += _squared_norm(x)
        stored = np.clip(approx, lo, hi)
        if integer:
            stored = np.rint(stored)
        elif pixels.dtype != np.float64:
            stored = stored.astype(pixels.dtype).astype(np.float64)  # what the file holds
        diff = x - stored
        stored2 += _squared_norm(diff)
        if out is not None:
            out[rows] = stored.reshape(out[rows].shape)
    relative = (0.0 if err2 == 0 else math.inf) if total2 == 0 else math.sqrt(err2 / total2)
    mse = stored2 / pixels.size
    psnr = math.inf if mse == 0 else 10.0 * math.log10((hi - lo) ** 2 / mse)
    value = ssim(pixels, out) if with_ssim else None
    return Measured(relative, psnr, value, out if keep_image else None)
