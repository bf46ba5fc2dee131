r"""RGB against YCbCr at equal storage on one image.

JPEG's YCbCr transform (:mod:`.color`) puts brightness in Y and colour differences in Cb and
Cr; the same number of stored components is spread over the three channels by
:func:`.compress.allocate_ranks`, and compared with RGB at one rank per channel.
"""

from __future__ import annotations

import math

import numpy as np

from . import study as study_module
from .blocks import block_rows, from_factors, measure
from .color import rgb_to_ycbcr, ycbcr_error_weights, ycbcr_to_rgb
from .compress import allocate_ranks, factor
from .images import preview, value_range
from .metrics import storage_ratio
from .results import ColorRow, ColorStudy
from .study import Study, float_channel, timed

__all__ = ["compare_color_spaces", "ycbcr_channel"]


def compare_color_spaces(study: Study, seed: int) -> None:
    r"""RGB at rank k against YCbCr with the same storage, at every requested rank and on the grid.

    YCbCr gets :math:`3k` components in total, spread over Y, Cb, Cr by
    :func:`.compress.allocate_ranks` with the weights of :func:`.color.ycbcr_error_weights`;
    "RGB, pooled" spends the same :math:`3k` the same way over R, G, B, which separates the
    gain of the allocation from the gain of the change of colour space. An alpha channel keeps
    rank k in every variant. Nothing is done for images without three colour channels, nor
    for a large image (short side above :data:`~.study.FULL_SVD_LIMIT`), where it would factor
    three more full-size channels: ``study.color_skipped`` says why.
    """
    c = study.n_channels
    if c not in (3, 4):
        return
    if not study.complete:
        study.color_skipped = (
            f"not run: the short side is above {study_module.FULL_SVD_LIMIT:,} px, and the "
            "comparison would factor three more channels of the full image; pass --max-side "
            f"{study_module.FULL_SVD_LIMIT} to include it"
        )
        return
    lo, _ = value_range(study.pixels.dtype)
    peak = study.peak
    ycc, variances, seconds = [], [], 0.0
    for j in range(3):  # one YCbCr channel at a time: a large photo never exists in float
        Y = ycbcr_channel(study.pixels, j)
        variances.append(float(Y.var()))
        if study.complete:
            f, t = timed(lambda Y=Y: factor(Y))
        else:
            f, t = timed(lambda Y=Y: factor(Y, study.max_rank, "randomized", seed), budget=0)
        ycc.append(f)
        seconds += t
        del Y
    weights = ycbcr_error_weights()
    alpha = study.factors[3:]

    def source(ycc_ranks, k: int):
        ycc_rows, alpha_rows = from_factors(ycc, ycc_ranks), from_factors(alpha, k)

        def rows(r: slice) -> np.ndarray:
            rgb = ycbcr_to_rgb(ycc_rows(r), peak) + lo
            return np.concatenate([rgb, alpha_rows(r)], axis=2) if alpha else rgb

        return rows

    def evaluate(k: int, detailed: bool) -> ColorRow:
        ycc_ranks = allocate_ranks([f.s for f in ycc], 3 * k, weights)
        measured = measure(
            study.pixels,
            source(ycc_ranks, k),
            with_ssim=detailed or study.complete,
            keep_image=detailed,
        )
        row = ColorRow(
            rank=k,
            storage_ratio=storage_ratio(study.pixels.shape, k),
            ycbcr_ranks=list(ycc_ranks),
            ycbcr_psnr=measured.psnr,
            ycbcr_ssim=math.nan if measured.ssim is None else measured.ssim,
        )
        if detailed:  # the requested ranks: RGB beside it, and RGB with pooled ranks
            rgb = study.evaluate(k) if study.method != "exact" else study.measured[k]
            pooled_ranks = allocate_ranks(study.spectra[:3], 3 * k)
            pooled = from_factors(study.factors, (*pooled_ranks, *(k,) * len(alpha)))
            row.rgb_psnr = rgb.psnr
            row.rgb_ssim = rgb.ssim
            row.rgb_pooled_ranks = list(pooled_ranks)
            row.rgb_pooled_psnr = measure(study.pixels, pooled, with_ssim=False).psnr
            row.image = preview(measured.image)
        return row

    rows = [evaluate(k, detailed=True) for k in study.ranks]
    by_rank = {row.rank: row for row in rows}
    curve = [by_rank.get(int(k)) or evaluate(int(k), detailed=False) for k in study.curve.ranks]
    rgb_variances = np.array([float_channel(study.pixels, j).var() for j in range(3)])
    study.color = ColorStudy(
        rows=rows,
        curve=curve,
        seconds=seconds,
        variance_share_rgb=(rgb_variances / rgb_variances.sum()).tolist(),
        variance_share_ycbcr=_shares(weights * np.array(variances)),
        weights=weights.tolist(),
    )


def _shares(values: np.ndarray) -> list[float]:
    return (values / values.sum()).tolist()


def ycbcr_channel(pixels: np.ndarray, j: int) -> np.ndarray:
    """Channel ``j`` (0 = Y, 1 = Cb, 2 = Cr) of an RGB(A) image as float64, a block at a time."""
    lo, hi = value_range(pixels.dtype)
    out = np.empty(pixels.shape[:2])
    step = block_rows(pixels)
    for top in range(0, pixels.shape[0], step):
        rows = slice(top, top + step)
        out[rows] = rgb_to_ycbcr(np.asarray(pixels[rows, :, :3], dtype=np.float64) - lo, hi - lo)[
            ..., j
        ]
    return out
