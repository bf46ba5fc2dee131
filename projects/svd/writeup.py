"""The run's files from the typed result: ``report.md`` (the math walked through with this
run's numbers), ``metrics.json``, and the figures of every image."""

from __future__ import annotations

import math

from toolkit.reporting import Report, side_by_side

from . import plots
from .images import png_bytes
from .metrics import break_even_rank
from .pipeline import EngineRun, Options, Result, StudiedImage
from .study import FULL_SVD_LIMIT, N_ITER, N_OVERSAMPLES, Study

__all__ = [
    "color_section",
    "comparison_columns",
    "comparison_rows",
    "engine_metrics",
    "engine_section",
    "engine_summary",
    "image_section",
    "in_memory_ratio",
    "markdown",
    "metrics",
    "table",
    "write_report",
]


def comparison_columns(ranks: list[int]) -> list[str]:
    return ["image", "method", *(f"error k={k}" for k in ranks), "worst / optimum", "time (s)"]


def comparison_rows(studies: list[StudiedImage]) -> list[dict]:
    return [
        {"image": item.study.name, **row.as_dict(item.study.ranks)}
        for item in studies
        for row in item.study.comparison
    ]


def _listing(values) -> str:
    return ", ".join(str(v) for v in values)


IN_MEMORY_ROW = "ours: randomized_svd"


def in_memory_ratio(item: StudiedImage) -> float | None:
    """The largest ratio, over the ranks, of this run's error to the in-memory randomized SVD's
    from the same seed (the side by side's ``ours: randomized_svd`` row); ``None`` when that row
    is not the same computation (the exact method, or a large image's one truncated call)."""
    s = item.study
    row = next((r for r in s.comparison if r.method == IN_MEMORY_ROW), None)
    if s.method != "randomized" or row is None:
        return None
    pairs = [(r.relative_error, e) for r, e in zip(s.results, row.errors, strict=True)]
    ratios = [ours / theirs for ours, theirs in pairs if theirs]
    return max(ratios) if ratios else None


def engine_metrics(engine: EngineRun, item: StudiedImage) -> dict:
    """The per-image engine numbers ``metrics.json`` records under ``--engine dask``."""
    if engine.name != "dask":
        return {}
    return {
        "row_chunks": item.row_chunks,
        "rank_svd_seconds": item.study.rank_svd_seconds,
        "error_ratio_to_in_memory": in_memory_ratio(item),
    }


def engine_summary(result: Result) -> str:
    """One line: which engine computed the randomized SVDs, and how the rows were chunked."""
    e = result.engine
    if e.name != "dask":
        return "Engine numpy: every SVD in memory."
    where = f"the scheduler {e.scheduler}" if e.scheduler else "a local cluster"
    chunks = "; ".join(
        f"{item.study.name} in {len(item.row_chunks)} row chunks of at most "
        f"{max(item.row_chunks)} rows"
        for item in result.images
    )
    return (
        f"Engine dask: the randomized SVDs on {e.workers} worker(s) of {where}, each channel "
        f"split by rows ({chunks})."
    )


def engine_section(result: Result) -> str:
    """``report.md``'s account of the engine: the MapReduce view with this run's chunks."""
    if result.engine.name != "dask":
        return (
            "## Engine\n\nEngine **numpy**: every SVD ran in memory "
            "(`--engine dask` runs the randomized SVDs by row chunks on a Dask cluster).\n"
        )
    lines = [
        "## Engine",
        "",
        engine_summary(result).replace("Engine dask", "Engine **dask**", 1),
        "",
        "With a channel cut into row chunks $A = [A_1; \\dots; A_c]$, the randomized SVD "
        "touches $A$ only through products: $Y = A\\Omega$ is a per-chunk product "
        "($Y_c = A_c\\Omega$, on the worker holding $A_c$); the power iterations' "
        "$A^TY = \\sum_c A_c^TY_c$ is a sum over chunks; the tall $Y$ is re-normalised by "
        "Cholesky QR from $\\sum_c Y_c^TY_c$ (TSQR as fallback) and its final $Q$ is a TSQR's; "
        "$B = Q^TA = \\sum_c Q_c^TA_c$ is small and factored in memory "
        "(`foundations.linalg.chunked_randomized`). Every other step, the stored images and "
        "the figures are the numpy engine's.",
        "",
        "| image | chunks | rows per chunk | randomized SVDs (s) | worst error / in-memory |",
        "|---|---|---|---|---|",
    ]
    for item in result.images:
        ratio = in_memory_ratio(item)
        lines.append(
            f"| {item.study.name} | {len(item.row_chunks)} | "
            f"{_listing(sorted(set(item.row_chunks), reverse=True))} | "
            f"{item.study.rank_svd_seconds:.2f} | "
            f"{'—' if ratio is None else f'{ratio:.6f}'} |"
        )
    lines += [
        "",
        "The last column divides this run's error at each rank by the in-memory randomized "
        f"SVD's from the same seed (the side by side's `{IN_MEMORY_ROW}` row) and gives the "
        "largest ratio. The two draw their Gaussian test matrices of different shapes (the "
        "in-memory one works on $A^T$ when the image is wider than tall), so the errors agree "
        "to rounding of the randomness, not bit for bit.",
        "",
    ]
    return "\n".join(lines)


def metrics(options: Options, studies: list[StudiedImage], engine: EngineRun | None = None) -> dict:
    engine = engine or EngineRun()
    out = {
        "engine": engine.name,
        **(
            {"dask_workers": engine.workers, "dask_scheduler": engine.scheduler or "local"}
            if engine.name == "dask"
            else {}
        ),
        "method": options.method,
        "ranks": options.ranks,
        "target_psnr_db": options.target_psnr,
        "seed": options.seed,
        "blas_threads": options.threads or "library default",
        "images": [],
    }
    for item in studies:
        s, slug = item.study, item.slug
        h, w = s.pixels.shape[:2]
        out["images"].append(
            {
                "name": s.name,
                "figures": slug,
                "height": h,
                "width": w,
                "channels": plots.channel_letters(s.pixels),
                "dtype": str(s.pixels.dtype),
                "mode": s.mode,
                "break_even_rank": break_even_rank(h, w),
                "svd_method": s.method_label,
                "original_shape": item.original_shape,
                "compressed_images": [f"images/{slug}_rank{k}.png" for k in s.ranks],
                "svd_seconds": s.svd_seconds,
                "singular_values_head": {
                    letter: f.s[:10]
                    for letter, f in zip(plots.channel_letters(s.pixels), s.factors, strict=True)
                },
                "ranks": [vars(r) for r in s.results],
                "side_by_side": [row.as_dict(s.ranks) for row in s.comparison],
                "target": vars(s.target),
                "color": None if s.color is None else s.color.as_dict(),
                **({"color_skipped": s.color_skipped} if s.color_skipped else {}),
                **engine_metrics(engine, item),
            }
        )
    return out


def _fmt_db(value) -> str:
    return "∞ (lossless)" if value is None or not math.isfinite(value) else f"{value:.2f} dB"


def _rank_table(s: Study) -> str:
    """The quality table at each requested rank, with the method in its header."""
    return side_by_side(
        [
            {
                "rank k": r.rank,
                "numbers stored": f"{r.storage_ratio:.2%}",
                "energy captured": f"{r.energy_captured:.4%}",
                (
                    "Eckart–Young error" if s.complete else "Eckart–Young estimate (upper bound)"
                ): r.eckart_young_error,
                f"our error ({s.method if s.complete else f'randomized rank {s.max_rank}'})": (
                    r.relative_error
                ),
                "PSNR (dB)": r.psnr,
                "SSIM": r.ssim,
            }
            for r in s.results
        ]
    )


def _rank_notes(s: Study) -> tuple[str, str]:
    """What the errors are measured against, and which SVD the image's numbers come from."""
    gaps = [
        abs(r.relative_error - r.eckart_young_error) / r.eckart_young_error
        for r in s.results
        if r.eckart_young_error > 0
    ]
    exact_note = (
        f"Our errors sit on the bound: the largest relative gap is {max(gaps):.1e}."
        if s.method == "exact" and s.complete and gaps
        else "The randomized SVD lands just above the bound (the side-by-side table below "
        "gives the ratio)."
        if s.complete
        else "These errors are those of the randomized factors truncated to rank k, so they "
        "equal the estimate $\\lVert A\\rVert_F^2 - \\sum_{i\\le k}\\hat\\sigma_i^2$ by "
        "construction; the true optimum is at most this (the exact SVD was not run)."
    )
    if s.complete:
        svd_text = (
            f"One full SVD per channel with `foundations.linalg.svd` took {s.svd_seconds:.2f} s "
            "in all; every rank below is cut from it."
        )
    else:
        svd_text = (
            f"The image is too large for the from-scratch full SVD (the short side is above "
            f"{FULL_SVD_LIMIT}), so the study rests on `foundations.linalg.randomized_svd` "
            f"at rank {s.max_rank} ({N_OVERSAMPLES} oversamples, {N_ITER} power iterations; "
            f"{s.svd_seconds:.2f} s for all channels, one channel at a time). Every number, the "
            "gallery and the PNG files of this image come from it. The Eckart–Young numbers use "
            f"$\\lVert A\\rVert_F^2 - \\sum_{{i\\le k}}\\hat\\sigma_i^2$ with these approximate "
            "singular values $\\hat\\sigma_i$; since $\\hat\\sigma_i \\le \\sigma_i$ they are "
            "upper bounds on the true optimum, not the optimum itself. The quality curves are "
            "measured at fewer ranks, SSIM only at the requested ones."
        )
    return exact_note, svd_text


def _target_text(s: Study) -> str:
    """The smallest rank reaching the PSNR target: predicted, then measured."""
    t = s.target
    if t.rank:
        target_text = (
            f"The spectrum predicts that rank **{t.predicted_rank}** is the smallest whose "
            f"unrounded image reaches {t.target_psnr_db:g} dB; measured on the stored "
            f"{s.pixels.dtype} image, the smallest rank is **{t.rank}** "
            f"({_fmt_db(t.psnr_db)}), which stores {t.storage_ratio:.1%} of the numbers"
            + (" — more than the image itself." if t.storage_ratio > 1 else ".")
        )
    else:
        target_text = f"No rank up to {t.searched_up_to} reaches {t.target_psnr_db:g} dB."
    return target_text


def image_section(s: Study, slug: str, original_shape=None) -> str:
    h, w = s.pixels.shape[:2]
    letters = plots.channel_letters(s.pixels)
    c = len(letters)
    per_channel = h * w
    k0 = s.ranks[min(1, len(s.ranks) - 1)]
    first = s.results[min(1, len(s.results) - 1)]
    sig = s.spectra[0]
    shown = [k for k in (1, *s.ranks) if k <= sig.size]
    sigma_text = ", ".join(f"$\\sigma_{{{k}}} = {sig[k - 1]:,.1f}$" for k in shown)
    rank_rows = _rank_table(s)
    exact_note, svd_text = _rank_notes(s)
    shrunk = (
        f" (downscaled by `--max-side` from {original_shape[1]}×{original_shape[0]})"
        if original_shape is not None and tuple(original_shape) != s.pixels.shape
        else ""
    )
    pngs = ", ".join(f"[k = {k}](images/{slug}_rank{k}.png)" for k in s.ranks)
    target_text = _target_text(s)
    section = f"""## {s.name}

{w}×{h} pixels{shrunk}, {c} channel{"s" if c > 1 else ""} ({letters}, {s.pixels.dtype}). Each channel is
a {h}×{w} matrix of {per_channel:,} numbers; rank k stores $k({h} + {w} + 1) = {h + w + 1:,}\\,k$
of them, so the factors are smaller than the image up to the break-even rank
$\\lfloor {h}\\cdot{w} / {h + w + 1} \\rfloor = {break_even_rank(h, w)}$. At k = {k0} the
image keeps {first.storage_ratio:.2%} of its numbers.
{svd_text} The stored image at each rank (rounded, clipped, lossless PNG):
{pngs}.

**Spectrum.** The first channel ({letters[0]}) has {sigma_text}. The first layer
$\\sigma_1 u_1 v_1^\\top$ is roughly the average brightness (all pixels are positive); the rest
fall off fast, which is why a low rank works
(![spectrum](figures/{slug}_spectrum.png)).

**Quality at each rank** (all channels at rank k; error over all channels together):

{rank_rows}

"Energy captured" is $\\sum_{{i\\le k}}\\sigma_i^2 / \\sum_i \\sigma_i^2$ summed over channels;
the Eckart–Young error is $\\sqrt{{1 - \\text{{energy}}}}$, the least any rank-k matrix can reach.
{exact_note}

![gallery](figures/{slug}_gallery.png)

**Target.** {target_text}

![error and PSNR vs rank](figures/{slug}_error_psnr.png)
"""
    if s.color:
        section += color_section(s, slug)
    elif s.color_skipped:
        section += f"\n**RGB or YCbCr?** {s.color_skipped}.\n"
    return section


def color_section(s: Study, slug: str) -> str:
    col = s.color
    share_rgb = ", ".join(
        f"{letter} {v:.0%}" for letter, v in zip("RGB", col.variance_share_rgb, strict=True)
    )
    share_ycc = ", ".join(f"{v:.1%}" for v in col.variance_share_ycbcr)
    w = col.weights
    rows = side_by_side(
        [
            {
                "rank k": r.rank,
                "numbers stored": f"{r.storage_ratio:.2%}",
                "RGB PSNR": r.rgb_psnr,
                "RGB, pooled ranks": "/".join(map(str, r.rgb_pooled_ranks)),
                "pooled PSNR": r.rgb_pooled_psnr,
                "YCbCr ranks (Y/Cb/Cr)": "/".join(map(str, r.ycbcr_ranks)),
                "YCbCr PSNR": r.ycbcr_psnr,
                "gain (dB)": r.ycbcr_psnr - r.rgb_psnr,
                "RGB SSIM": r.rgb_ssim,
                "YCbCr SSIM": r.ycbcr_ssim,
            }
            for r in col.rows
        ]
    )
    gains = [r.ycbcr_psnr - r.rgb_psnr for r in col.rows if math.isfinite(r.rgb_psnr)]
    pooled = [r.rgb_pooled_psnr - r.rgb_psnr for r in col.rows if math.isfinite(r.rgb_psnr)]
    gain_text = (
        f"At equal storage YCbCr changes PSNR by {min(gains):+.2f} to {max(gains):+.2f} dB over "
        f"these ranks, while spreading the same budget unevenly over R, G, B changes it by only "
        f"{min(pooled):+.2f} to {max(pooled):+.2f} dB"
        if gains
        else "Every rank here is lossless"
    )
    return f"""
**RGB or YCbCr?** R, G and B move together (a bright pixel is bright in all three): here they
hold {share_rgb} of the picture's variance, and all three need a high rank because each
carries the whole picture's detail. YCbCr (`color.py`, JPEG's transform) puts brightness in Y
and colour differences in Cb and Cr. Weighted by what an error in each costs back in RGB
($w_Y = {w[0]:.2f}$, $w_{{Cb}} = {w[1]:.2f}$, $w_{{Cr}} = {w[2]:.2f}$, the squared column norms
of the inverse transform), Y holds {share_ycc.split(", ")[0]} of the variance and Cb, Cr
{", ".join(share_ycc.split(", ")[1:])}. With the storage of RGB at rank k (3k components of $m+n+1$ numbers), the
ranks go to the $3k$ largest values of $w_c\\sigma_{{c,i}}^2$ over all three channels
(`allocate_ranks`; this minimises $\\sum_c w_c\\sum_{{i>k_c}}\\sigma_{{c,i}}^2$), so luma gets
most of them. {gain_text}: the gain comes from the change of basis, not from the allocation.

{rows}

![storage vs quality](figures/{slug}_storage_quality.png)
"""


def markdown(
    options: Options,
    studies: list[StudiedImage],
    table: str,
    files: list[str] = (),
    engine: str = "",
) -> str:
    names = ", ".join(item.study.name for item in studies)
    listing = "\n".join(f"- `{name}`" for name in files)
    large = "".join(
        f" ({item.study.name}: {item.study.method_label})"
        for item in studies
        if not item.study.complete and options.method == "exact"
    )
    large_note = (
        "\n\nFor an image whose short side is above "
        f"{FULL_SVD_LIMIT:,} px the exact SVDs (ours, NumPy's) are not run — their rows say so — "
        "and each randomized method is called once per channel at the largest requested rank and "
        "truncated to the smaller ones; the reference row is then the upper bound on the optimum "
        "estimated from the study's randomized singular values."
        if any(not item.study.complete for item in studies)
        else ""
    )
    sections = "\n".join(
        image_section(item.study, item.slug, item.original_shape) for item in studies
    )
    return f"""# Image compression with the SVD

Images: {names}. Ranks {_listing(options.ranks)}; gallery from the {options.method} SVD{large};
target PSNR {options.target_psnr:g} dB; seed {options.seed}.

{engine}
## The idea

Each colour channel of a photo is an $m\\times n$ matrix $A$. Its singular value decomposition
writes it as a sum of rank-one layers, largest first,

$$A = U\\Sigma V^\\top = \\sum_{{i=1}}^{{r}} \\sigma_i\\, u_i v_i^\\top, \\qquad
\\sigma_1 \\ge \\sigma_2 \\ge \\dots \\ge \\sigma_r > 0 .$$

Keeping the first k layers, $A_k = U_k\\Sigma_k V_k^\\top$, needs $k(m+n+1)$ numbers (k columns
of $U$, k of $V$, k singular values) instead of $mn$. The Eckart–Young theorem says no rank-k
matrix is closer to $A$:

$$\\lVert A - A_k\\rVert_F = \\sqrt{{\\textstyle\\sum_{{i>k}}\\sigma_i^2}}
\\;\\le\\; \\lVert A - B\\rVert_F \\quad\\text{{for every }} B \\text{{ of rank}} \\le k .$$

So the spectrum alone tells how good every rank will be, before any image is rebuilt. The stored
image is then rounded to whole pixel values and clipped to the valid range.

Quality is measured two ways: PSNR $= 10\\log_{{10}}(L^2/\\text{{MSE}})$ dB ($L$ = 255 for 8-bit
pixels) looks only at pixel differences; SSIM (Wang et al., 2004; 7×7 windows) compares local
brightness, contrast and structure, $\\frac{{(2\\mu_x\\mu_y + C_1)(2\\sigma_{{xy}} + C_2)}}
{{(\\mu_x^2+\\mu_y^2+C_1)(\\sigma_x^2+\\sigma_y^2+C_2)}}$, and is 1 only for identical images.

{sections}

## Side by side

Our `svd` and `randomized_svd` (both from `foundations.linalg`) beside NumPy's
`linalg.svd`, scikit-learn's `TruncatedSVD` (its defaults) and `randomized_svd` (the same
{N_OVERSAMPLES} oversamples and {N_ITER} power iterations as ours). The errors are
relative Frobenius errors of the unrounded rank-k images; "worst / optimum" is the largest ratio
to the Eckart–Young error over the ranks (1 = optimal). The time is what it takes to produce
the rank-k images for every requested k on every channel: one factorization plus products for
the full SVDs, one call per rank for the others; every method ran with the same BLAS thread
limit ({options.threads or "the library's default"}, `--threads`).{large_note}

{table}

## Files of this run

{listing}
- `report.md` (this file)
"""


def table(result: Result) -> str:
    """The side-by-side table of every image (printed, and in ``report.md``)."""
    return side_by_side(comparison_rows(result.images), comparison_columns(result.options.ranks))


def write_report(report: Report, result: Result) -> None:
    """Every image's figures, then ``metrics.json`` and ``report.md``."""
    for item in result.images:
        s, slug = item.study, item.slug
        report.save_figure(plots.gallery(s), f"{slug}_gallery")
        report.save_figure(plots.spectrum(s), f"{slug}_spectrum")
        report.save_figure(plots.error_and_psnr(s), f"{slug}_error_psnr")
        report.save_figure(plots.storage_quality(s), f"{slug}_storage_quality")
        for k in s.ranks:
            report.write_file(f"images/{slug}_rank{k}.png", png_bytes(s.outputs[k]))
    report.write_metrics(metrics(result.options, result.images, result.engine))
    files = [p.relative_to(report.out_dir).as_posix() for p in report.written]
    report.write_markdown(
        markdown(result.options, result.images, table(result), files, engine_section(result))
    )
