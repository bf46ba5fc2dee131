"""The report's figures (matplotlib ``Figure``s, drawn off-screen): rank gallery, spectrum, error and PSNR against the Eckart–Young bound,
storage against quality."""

from __future__ import annotations

import numpy as np

from .images import preview, value_range
from .study import Study

__all__ = [
    "CHANNEL_COLORS",
    "METHOD_MARKERS",
    "channel_letters",
    "displayable",
    "error_and_psnr",
    "gallery",
    "spectrum",
    "storage_quality",
]

CHANNEL_COLORS = {"R": "tab:red", "G": "tab:green", "B": "tab:blue", "A": "0.5", "L": "0.2"}
METHOD_MARKERS = {
    "ours: svd": ("o", 9),
    "ours: truncated_svd": ("s", 6),
    "ours: randomized_svd": ("D", 6),
    "NumPy linalg.svd": ("x", 9),
    "scikit-learn TruncatedSVD": ("+", 11),
    "scikit-learn randomized_svd": ("1", 11),
}


def channel_letters(pixels: np.ndarray) -> str:
    c = 1 if pixels.ndim == 2 else pixels.shape[2]
    return {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[c]


def displayable(pixels: np.ndarray) -> np.ndarray:
    """Floats in [0, 1] that ``imshow`` draws: grayscale stays 2-D, gray+alpha becomes RGBA."""
    lo, hi = value_range(pixels.dtype)
    x = (pixels.astype(np.float64) - lo) / (hi - lo)
    if x.ndim == 3 and x.shape[2] == 2:
        x = np.concatenate([np.repeat(x[..., :1], 3, axis=2), x[..., 1:]], axis=2)
    return x


def _show(ax, pixels: np.ndarray, title: str) -> None:
    img = displayable(preview(pixels))
    ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1, interpolation="none")
    ax.set_title(title, fontsize=9)
    ax.set_axis_off()


def gallery(study: Study):
    """The original beside its compressed versions; a second row in YCbCr at equal storage."""
    import matplotlib.pyplot as plt

    rows = 2 if study.color else 1
    cols = 1 + len(study.ranks)
    h, w = study.pixels.shape[:2]
    panel_w = 3.0
    fig, axes = plt.subplots(
        rows, cols, figsize=(panel_w * cols, rows * panel_w * h / w + 0.6 * rows), squeeze=False
    )
    _show(axes[0, 0], study.pixels, f"original {w}×{h}")
    for ax, result in zip(axes[0, 1:], study.results, strict=True):
        _show(
            ax,
            study.outputs[result.rank],
            f"{channel_letters(study.pixels)} k={result.rank} · {result.storage_ratio:.1%} stored\n"
            f"PSNR {result.psnr:.1f} dB · SSIM {result.ssim:.3f}",
        )
    if study.color:
        axes[1, 0].set_axis_off()
        axes[1, 0].text(
            0.5,
            0.5,
            "YCbCr, same storage:\nranks (Y, Cb, Cr) chosen\nby the weighted spectrum",
            ha="center",
            va="center",
            fontsize=9,
            transform=axes[1, 0].transAxes,
        )
        for ax, row in zip(axes[1, 1:], study.color.rows, strict=True):
            y, cb, cr = row.ycbcr_ranks
            _show(
                ax,
                row.image,
                f"YCbCr ({y}, {cb}, {cr})\nPSNR {row.ycbcr_psnr:.1f} dB · SSIM {row.ycbcr_ssim:.3f}",
            )
    fig.suptitle(f"{study.name}: rank-k approximations ({study.method_label})", fontsize=9)
    fig.tight_layout()
    return fig


def spectrum(study: Study):
    """Singular values on a log scale and the cumulative energy they capture, per channel."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4))
    energy_ax = ax.twinx()
    for letter, s, energy in zip(
        channel_letters(study.pixels), study.spectra, study.curve.energy, strict=True
    ):
        color = CHANNEL_COLORS[letter]
        index = np.arange(1, s.size + 1)
        ax.semilogy(index, np.maximum(s, np.finfo(float).tiny), color=color, lw=1.2, label=letter)
        energy_ax.plot(index, energy, color=color, lw=1, ls="--")
    for k in study.ranks:
        ax.axvline(k, color="0.7", lw=0.8, ls=":")
    ax.set(
        xlabel="index i",
        ylabel=r"singular value $\sigma_i$ (log scale)",
        title=f"{study.name}: spectrum (solid) and cumulative energy "
        r"$\sum_{j\leq i}\sigma_j^2/\sum_j\sigma_j^2$ (dashed)",
    )
    ax.title.set_fontsize(9)
    energy_ax.set_ylabel("cumulative energy")
    energy_ax.set_ylim(0, 1.01)
    ax.legend(title="channel", loc="center right", fontsize=8)
    fig.tight_layout()
    return fig


def error_and_psnr(study: Study):
    """Measured error and PSNR against rank, with the Eckart–Young bound and the target drawn."""
    import matplotlib.pyplot as plt

    curve = study.curve
    fig, (err_ax, psnr_ax) = plt.subplots(1, 2, figsize=(11, 4))
    err_ax.loglog(
        curve.all_ranks[:-1],
        curve.eckart_young_error[:-1],
        color="k",
        lw=1.5,
        label=r"Eckart–Young bound $\sqrt{\sum_{i>k}\sigma_i^2}\,/\,\|A\|_F$",
    )
    below_full = curve.ranks < study.min_side  # full rank is lossless: no point on a log axis
    err_ax.plot(curve.ranks[below_full], curve.relative_error[below_full], "o", mfc="none",
                color="tab:blue", label="ours, from the study's SVD (grid)")  # fmt: skip
    for row in study.comparison[1:]:
        if any(e is None for e in row.errors):
            continue  # not run (its table row says why)
        marker, size = next(
            (v for name, v in METHOD_MARKERS.items() if row.method.startswith(name)), (".", 8)
        )
        err_ax.plot(study.ranks, row.errors, marker, ms=size, ls="none", label=row.method)
    err_ax.set(xlabel="rank k", ylabel="relative Frobenius error", title="Error vs rank")
    err_ax.legend(fontsize=7)

    psnr_ax.semilogx(
        curve.all_ranks,
        curve.eckart_young_psnr,
        color="k",
        lw=1.5,
        label="predicted by the spectrum (unrounded)",
    )
    psnr_ax.plot(curve.ranks, curve.psnr, "o", mfc="none", color="tab:blue",
                 label="measured on the stored image")  # fmt: skip
    target = study.target
    psnr_ax.axhline(target.target_psnr_db, color="tab:red", lw=0.8, ls="--",
                    label=f"target {target.target_psnr_db:g} dB")  # fmt: skip
    if target.rank:
        psnr_ax.axvline(target.rank, color="tab:red", lw=0.8, ls=":",
                        label=f"smallest rank reaching it: {target.rank}")  # fmt: skip
    finite = curve.psnr[np.isfinite(curve.psnr)]
    top = max(finite.max() if finite.size else 0, target.target_psnr_db) + 5
    psnr_ax.set(xlabel="rank k", ylabel="PSNR (dB)", title="PSNR vs rank", ylim=(None, top))
    psnr_ax.legend(fontsize=7)
    fig.suptitle(study.name, fontsize=11)
    fig.tight_layout()
    return fig


def storage_quality(study: Study):
    """PSNR and SSIM against the share of numbers stored, RGB and (for colour) YCbCr."""
    import matplotlib.pyplot as plt

    curve = study.curve
    keep = curve.storage_ratio <= 1.2
    fig, (p_ax, s_ax) = plt.subplots(1, 2, figsize=(11, 4))
    label = channel_letters(study.pixels) + ", same rank per channel"
    p_ax.plot(100 * curve.storage_ratio[keep], curve.psnr[keep], "o-", label=label)
    measured = keep & np.isfinite(curve.ssim)  # a large image: SSIM at the requested ranks only
    s_ax.plot(100 * curve.storage_ratio[measured], curve.ssim[measured], "o-", label=label)
    if study.color:
        ratio = np.array([row.storage_ratio for row in study.color.curve])
        ok = ratio <= 1.2
        ycc_psnr = np.array([row.ycbcr_psnr for row in study.color.curve])
        ycc_ssim = np.array([row.ycbcr_ssim for row in study.color.curve])
        p_ax.plot(100 * ratio[ok], ycc_psnr[ok], "s-", label="YCbCr, ranks by weighted spectrum")
        ok_ssim = ok & np.isfinite(ycc_ssim)
        s_ax.plot(
            100 * ratio[ok_ssim], ycc_ssim[ok_ssim], "s-", label="YCbCr, ranks by weighted spectrum"
        )
    for ax, what in [(p_ax, "PSNR (dB)"), (s_ax, "SSIM")]:
        ax.axvline(100, color="0.5", lw=0.8, ls="--", label="as many numbers as the image")
        ax.set(xlabel="numbers stored, % of the image", ylabel=what, xscale="log")
        ax.legend(fontsize=7)
    p_ax.set_title("Quality vs storage: PSNR", fontsize=10)
    where = "" if study.complete else " (measured at the requested ranks only)"
    s_ax.set_title(f"Quality vs storage: SSIM{where}", fontsize=10)
    fig.suptitle(study.name, fontsize=11)
    fig.tight_layout()
    return fig
