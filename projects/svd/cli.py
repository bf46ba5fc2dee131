"""Command line and pipeline: load → factor → compress at each rank → compare with NumPy and
scikit-learn → target PSNR → RGB vs YCbCr → figures → report."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

from foundations.errors import InputError
from toolkit.cli import use_agg_backend
from toolkit.datasets import SAMPLE_IMAGES, load_sample_image
from toolkit.reporting import Report, side_by_side
from toolkit.timing import Progress

from . import plots, study
from .compress import METHODS
from .images import LoadedImage, load_image
from .metrics import break_even_rank

__all__ = [
    "DEFAULT_OUT",
    "DEFAULT_RANKS",
    "PACKAGE",
    "STEPS_PER_IMAGE",
    "check_ranks",
    "color_section",
    "comparison_columns",
    "comparison_rows",
    "image_section",
    "load_all",
    "main",
    "markdown",
    "metrics",
    "parse_args",
    "parse_ranks",
    "run",
    "slugs",
]

PACKAGE = __package__ or "svd"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"
DEFAULT_RANKS = (5, 20, 50, 100)
STEPS_PER_IMAGE = 6


def parse_ranks(text: str) -> list[int]:
    """``"5,20,50"`` → ``[5, 20, 50]`` (sorted, duplicates dropped); every rank at least 1."""
    try:
        ranks = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ranks must be whole numbers separated by commas, like 5,20,50; got {text!r}"
        ) from None
    if not ranks:
        raise argparse.ArgumentTypeError("give at least one rank, like 5,20,50")
    if min(ranks) < 1:
        raise argparse.ArgumentTypeError(f"every rank must be at least 1; got {min(ranks)}")
    return sorted(set(ranks))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Compress photos by keeping the k largest singular values of each channel; "
        "compare with NumPy and scikit-learn.",
    )
    parser.add_argument(
        "--image",
        type=Path,
        nargs="+",
        action="extend",
        metavar="PATH",
        help="JPEG or PNG files (default: the two photos that ship with scikit-learn)",
    )
    parser.add_argument(
        "--ranks",
        type=parse_ranks,
        default=list(DEFAULT_RANKS),
        help="comma-separated ranks k (default: 5,20,50,100)",
    )
    parser.add_argument(
        "--target-psnr",
        type=float,
        default=30.0,
        metavar="DB",
        help="find the smallest rank reaching this PSNR in dB (default 30)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="exact",
        help="SVD behind the gallery: exact (truncated) or randomized (default exact)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument("--seed", type=int, default=0, help="seed of the randomized SVDs")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS threads for every method alike (default 1: the channel matrices are a few "
        "hundred rows, too small for threads to pay off; 0 = the BLAS library's own default)",
    )
    args = parser.parse_args(argv)
    if args.threads < 0:
        parser.error(f"--threads must be 0 or more, got {args.threads}")
    if not (math.isfinite(args.target_psnr) and args.target_psnr > 0):
        parser.error(f"--target-psnr must be a positive number of dB, got {args.target_psnr}")
    return args


def load_all(paths: list[Path] | None) -> list[LoadedImage]:
    """The images named on the command line, or scikit-learn's two sample photos."""
    if not paths:
        return [LoadedImage(load_sample_image(name), name, "RGB") for name in SAMPLE_IMAGES]
    return [load_image(path) for path in paths]


def check_ranks(ranks: list[int], image: LoadedImage) -> None:
    h, w = image.pixels.shape[:2]
    too_big = [k for k in ranks if k > min(h, w)]
    if too_big:
        raise InputError(
            f"rank {too_big[0]} is out of range for {image.name}: a {h}×{w} image has rank at "
            f"most min(height, width) = {min(h, w)}"
        )


def slugs(names: list[str]) -> list[str]:
    """File-name-safe, distinct labels for the figures of each image."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.lower()).strip("_") or "image"
        slug, n = base, 2
        while slug in out:
            slug, n = f"{base}_{n}", n + 1
        out.append(slug)
    return out


def main(argv=None) -> int:
    args = parse_args(argv)
    use_agg_backend()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=args.threads or None, user_api="blas"):
        return run(args)


def run(args) -> int:
    """The whole study on the parsed arguments (see :func:`main`)."""
    progress = Progress(total=2 + STEPS_PER_IMAGE * max(1, len(args.image or SAMPLE_IMAGES)))
    with progress.step("loading the images"):
        images = load_all(args.image)
        for image in images:
            check_ranks(args.ranks, image)
    report = Report(args.out)
    studies = []
    for image, slug in zip(images, slugs([im.name for im in images]), strict=True):
        h, w = image.pixels.shape[:2]
        what = (
            "full SVD"
            if min(h, w) <= study.FULL_SVD_LIMIT
            else f"randomized SVD (rank {study.spectrum_rank(args.ranks, min(h, w))})"
        )
        with progress.step(f"{image.name}: {what} of each {h}×{w} channel (foundations)"):
            s = study.start(
                image.name, image.pixels, image.mode, args.ranks, args.method, args.seed
            )
        with progress.step(f"{image.name}: compressing at ranks {_listing(args.ranks)}"):
            study.measure_ranks(s, args.seed)
        with progress.step(f"{image.name}: side by side with NumPy and scikit-learn"):
            study.compare_libraries(s, args.seed)
        with progress.step(f"{image.name}: rank for {args.target_psnr:g} dB, quality curves"):
            study.smallest_rank_for_psnr(s, args.target_psnr)
            study.measure_curves(s)
        with progress.step(f"{image.name}: RGB against YCbCr at equal storage"):
            study.compare_color_spaces(s, args.seed)
        with progress.step(f"{image.name}: figures"):
            plots.gallery(report, s, slug)
            plots.spectrum(report, s, slug)
            plots.error_and_psnr(report, s, slug)
            plots.storage_quality(report, s, slug)
        studies.append((s, slug))
    with progress.step("writing the report"):
        table = side_by_side(comparison_rows(studies), comparison_columns(args.ranks))
        report.write_metrics(metrics(args, studies))
        report.write_markdown(markdown(args, studies, table))
    print(table)
    print(f"\nReport written to {report.out_dir}")
    return 0


def comparison_columns(ranks: list[int]) -> list[str]:
    return ["image", "method", *(f"error k={k}" for k in ranks), "worst / optimum", "time (s)"]


def comparison_rows(studies) -> list[dict]:
    return [{"image": s.name, **row} for s, _ in studies for row in s.comparison]


def _listing(values) -> str:
    return ", ".join(str(v) for v in values)


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def metrics(args, studies) -> dict:
    out = {
        "method": args.method,
        "ranks": args.ranks,
        "target_psnr_db": args.target_psnr,
        "seed": args.seed,
        "blas_threads": args.threads or "library default",
        "images": [],
    }
    for s, slug in studies:
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
                "svd_seconds": s.svd_seconds,
                "singular_values_head": {
                    letter: f.s[:10]
                    for letter, f in zip(plots.channel_letters(s.pixels), s.factors, strict=True)
                },
                "ranks": [vars(r) for r in s.results],
                "side_by_side": s.comparison,
                "target": s.target,
                "color": None
                if s.color is None
                else {
                    **{k: v for k, v in s.color.items() if k not in ("rows", "curve")},
                    "rows": [_public(r) for r in s.color["rows"]],
                },
            }
        )
    return out


def _fmt_db(value) -> str:
    return "∞ (lossless)" if value is None or not math.isfinite(value) else f"{value:.2f} dB"


def image_section(args, s: study.Study, slug: str) -> str:
    h, w = s.pixels.shape[:2]
    letters = plots.channel_letters(s.pixels)
    c = len(letters)
    per_channel = h * w
    k0 = s.ranks[min(1, len(s.ranks) - 1)]
    first = s.results[min(1, len(s.results) - 1)]
    sig = s.spectra[0]
    shown = [k for k in (1, *s.ranks) if k <= sig.size]
    sigma_text = ", ".join(f"$\\sigma_{{{k}}} = {sig[k - 1]:,.1f}$" for k in shown)
    rank_rows = side_by_side(
        [
            {
                "rank k": r.rank,
                "numbers stored": f"{r.storage_ratio:.2%}",
                "energy captured": f"{r.energy_captured:.4%}",
                "Eckart–Young error": r.eckart_young_error,
                f"our error ({s.method})": r.relative_error,
                "PSNR (dB)": r.psnr,
                "SSIM": r.ssim,
            }
            for r in s.results
        ]
    )
    gaps = [
        abs(r.relative_error - r.eckart_young_error) / r.eckart_young_error
        for r in s.results
        if r.eckart_young_error > 0
    ]
    exact_note = (
        f"Our errors sit on the bound: the largest relative gap is {max(gaps):.1e}."
        if s.method == "exact" and gaps
        else "The randomized SVD lands just above the bound (the side-by-side table below "
        "gives the ratio)."
    )
    if s.complete:
        svd_text = (
            f"One full SVD per channel with `foundations.linalg.svd` took {s.svd_seconds:.2f} s "
            "in all; every rank below is cut from it."
        )
    else:
        svd_text = (
            f"The image is too large for the from-scratch full SVD (the short side is above "
            f"{study.FULL_SVD_LIMIT}), so the study rests on `foundations.linalg.randomized_svd` "
            f"at rank {s.max_rank} ({s.svd_seconds:.2f} s for all channels): the Eckart–Young "
            f"numbers use $\\lVert A\\rVert_F^2 - \\sum_{{i\\le k}}\\sigma_i^2$ with these "
            "approximate singular values."
        )
    t = s.target
    if t["rank"]:
        target_text = (
            f"The spectrum predicts that rank **{t['predicted_rank']}** is the smallest whose "
            f"unrounded image reaches {t['target_psnr_db']:g} dB; measured on the stored "
            f"{s.pixels.dtype} image, the smallest rank is **{t['rank']}** "
            f"({_fmt_db(t['psnr_db'])}), which stores {t['storage_ratio']:.1%} of the numbers"
            + (" — more than the image itself." if t["storage_ratio"] > 1 else ".")
        )
    else:
        target_text = f"No rank up to {t['searched_up_to']} reaches {t['target_psnr_db']:g} dB."
    section = f"""## {s.name}

{w}×{h} pixels, {c} channel{"s" if c > 1 else ""} ({letters}, {s.pixels.dtype}). Each channel is
a {h}×{w} matrix of {per_channel:,} numbers; rank k stores $k({h} + {w} + 1) = {h + w + 1:,}\\,k$
of them, so the factors are smaller than the image up to the break-even rank
$\\lfloor {h}\\cdot{w} / {h + w + 1} \\rfloor = {break_even_rank(h, w)}$. At k = {k0} the
image keeps {first.storage_ratio:.2%} of its numbers.
{svd_text}

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
    return section


def color_section(s: study.Study, slug: str) -> str:
    col = s.color
    share_rgb = ", ".join(
        f"{letter} {v:.0%}" for letter, v in zip("RGB", col["variance_share_rgb"], strict=True)
    )
    share_ycc = ", ".join(f"{v:.1%}" for v in col["variance_share_ycbcr"])
    w = col["weights"]
    rows = side_by_side(
        [
            {
                "rank k": r["rank"],
                "numbers stored": f"{r['storage_ratio']:.2%}",
                "RGB PSNR": r["rgb_psnr"],
                "RGB, pooled ranks": "/".join(map(str, r["rgb_pooled_ranks"])),
                "pooled PSNR": r["rgb_pooled_psnr"],
                "YCbCr ranks (Y/Cb/Cr)": "/".join(map(str, r["ycbcr_ranks"])),
                "YCbCr PSNR": r["ycbcr_psnr"],
                "gain (dB)": r["ycbcr_psnr"] - r["rgb_psnr"],
                "RGB SSIM": r["rgb_ssim"],
                "YCbCr SSIM": r["ycbcr_ssim"],
            }
            for r in col["rows"]
        ]
    )
    gains = [r["ycbcr_psnr"] - r["rgb_psnr"] for r in col["rows"] if math.isfinite(r["rgb_psnr"])]
    pooled = [
        r["rgb_pooled_psnr"] - r["rgb_psnr"] for r in col["rows"] if math.isfinite(r["rgb_psnr"])
    ]
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


def markdown(args, studies, table: str) -> str:
    names = ", ".join(s.name for s, _ in studies)
    sections = "\n".join(image_section(args, s, slug) for s, slug in studies)
    return f"""# Image compression with the SVD

Images: {names}. Ranks {_listing(args.ranks)}; gallery from the {args.method} SVD; target
PSNR {args.target_psnr:g} dB; seed {args.seed}.

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
{study.N_OVERSAMPLES} oversamples and {study.N_ITER} power iterations as ours). The errors are
relative Frobenius errors of the unrounded rank-k images; "worst / optimum" is the largest ratio
to the Eckart–Young error over the ranks (1 = optimal). The time is what it takes to produce
the rank-k images for every requested k on every channel: one factorization plus products for
the full SVDs, one call per rank for the others; every method ran with the same BLAS thread
limit ({args.threads or "the library's default"}, `--threads`).

{table}
"""
