r"""RGB against YCbCr at equal storage on one image.

JPEG's YCbCr transform (:mod:`.color`) puts brightness in Y and colour differences in Cb and
Cr; the same number of stored components is spread over the three channels by
:func:`.compress.allocate_ranks`, and compared with RGB at one rank per channel.
"""

from __future__ import annotations

import numpy as np

from .color import rgb_to_ycbcr, ycbcr_error_weights, ycbcr_to_rgb
from .compress import allocate_ranks, factor, from_float
from .images import value_range
from .metrics import psnr, ssim, storage_ratio
from .results import ColorRow, ColorStudy
from .study import Study, reconstruct, timed

__all__ = ["compare_color_spaces"]


def compare_color_spaces(study: Study, seed: int) -> None:
    r"""RGB at rank k against YCbCr with the same storage, at every requested rank and on the grid.

    YCbCr gets :math:`3k` components in total, spread over Y, Cb, Cr by
    :func:`.compress.allocate_ranks` with the weights of :func:`.color.ycbcr_error_weights`;
    "RGB, pooled" spends the same :math:`3k` the same way over R, G, B, which separates the
    gain of the allocation from the gain of the change of colour space. An alpha channel keeps
    rank k in every variant. Nothing is done for images without three colour channels.
    """
    c = study.pixels.shape[2] if study.pixels.ndim == 3 else 1
    if c not in (3, 4):
        return
    x = study.x
    lo, _ = value_range(study.pixels.dtype)
    peak = study.peak
    y = rgb_to_ycbcr(x[..., :3] - lo, peak)
    K = study.max_rank
    if study.complete:
        ycc, seconds = timed(lambda: [factor(y[..., j]) for j in range(3)])
    else:
        ycc, seconds = timed(
            lambda: [factor(y[..., j], K, "randomized", seed) for j in range(3)], budget=0
        )
    weights = ycbcr_error_weights()
    alpha = study.factors[3:]

    def variance_share(channels: np.ndarray, w: np.ndarray) -> list[float]:
        v = w * channels.reshape(-1, 3).var(axis=0)
        return (v / v.sum()).tolist()

    def evaluate(k: int, detailed: bool) -> ColorRow:
        ycc_ranks = allocate_ranks([f.s for f in ycc], 3 * k, weights)
        approx = ycbcr_to_rgb(reconstruct(ycc, ycc_ranks), peak) + lo
        if alpha:
            approx = np.concatenate([approx, reconstruct(alpha, k)], axis=2)
        ycc_out = from_float(approx, study.pixels)
        row = ColorRow(
            rank=k,
            storage_ratio=storage_ratio(study.pixels.shape, k),
            ycbcr_ranks=list(ycc_ranks),
            ycbcr_psnr=psnr(study.pixels, ycc_out),
            ycbcr_ssim=ssim(study.pixels, ycc_out),
        )
        if detailed:  # the requested ranks: RGB beside it, and RGB with pooled ranks
            rgb = study.outputs.get(k) if study.method == "exact" else None
            rgb = (
                rgb if rgb is not None else from_float(reconstruct(study.factors, k), study.pixels)
            )
            pooled_ranks = allocate_ranks(study.spectra[:3], 3 * k)
            pooled = reconstruct(study.factors, (*pooled_ranks, *(k,) * len(alpha)))
            row.rgb_psnr = psnr(study.pixels, rgb)
            row.rgb_ssim = ssim(study.pixels, rgb)
            row.rgb_pooled_ranks = list(pooled_ranks)
            row.rgb_pooled_psnr = psnr(study.pixels, from_float(pooled, study.pixels))
            row.image = ycc_out
        return row

    rows = [evaluate(k, detailed=True) for k in study.ranks]
    by_rank = {row.rank: row for row in rows}
    curve = [by_rank.get(int(k)) or evaluate(int(k), detailed=False) for k in study.curve.ranks]
    study.color = ColorStudy(
        rows=rows,
        curve=curve,
        seconds=seconds,
        variance_share_rgb=variance_share(x[..., :3], np.ones(3)),
        variance_share_ycbcr=variance_share(y, weights),
        weights=weights.tolist(),
    )
