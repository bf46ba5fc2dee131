"""Command line: parse and check the arguments, run the pipeline, print the table.

Nothing is computed here: :func:`main` checks ``--out`` before any work, hands the options to
:func:`.pipeline.run` under the ``--threads`` limit, has :func:`.writeup.write_report` write the
files, and prints the side-by-side table.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from toolkit.cli import (
    add_common_arguments,
    add_engine_arguments,
    check_common_arguments,
    check_engine_arguments,
    use_agg_backend,
)
from toolkit.output import prepare_out_dir
from toolkit.parallel import blas_threads
from toolkit.reporting import Report
from toolkit.timing import Progress

from . import pipeline
from .compress import METHODS
from .distributed import DaskSettings
from .images import MIN_SIDE
from .pipeline import DEFAULT_RANKS
from .save import save_compressed
from .writeup import engine_summary, table, write_report

__all__ = [
    "DEFAULT_OUT",
    "PACKAGE",
    "PROJECT",
    "dask_settings",
    "main",
    "options_from",
    "parse_args",
    "parse_ranks",
    "save_one",
]

PACKAGE = __package__ or "svd"
#: The project's name, as the marker in its report folders records it.
PROJECT = PACKAGE.rpartition(".")[2]
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


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


def parse_args(argv=None) -> argparse.Namespace:
    """The parsed command line; impossible values end in ``parser.error`` (exit code 2)."""
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
    parser.add_argument(
        "--max-side",
        type=int,
        metavar="PX",
        help="downscale each image so its longer side is at most PX pixels (default: no change)",
    )
    parser.add_argument(
        "--rank",
        type=int,
        metavar="K",
        help="with --save: compress the image at rank K and write it, without the study",
    )
    parser.add_argument(
        "--save", type=Path, metavar="PATH", help="with --rank: the PNG file to write"
    )
    group = add_engine_arguments(
        parser,
        dask_help="the randomized SVDs (--method randomized) by row chunks of each channel on a "
        "Dask cluster, the rest of the study unchanged",
    )
    group.add_argument(
        "--chunk-rows",
        type=int,
        metavar="N",
        help="rows per chunk of every channel (default: about 2**20 pixels per chunk, at least "
        "two chunks per worker)",
    )
    add_common_arguments(parser, default_out=DEFAULT_OUT, seed_help="seed of the randomized SVDs")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    check_engine_arguments(parser, args, dask_only=["--chunk-rows"])
    if args.chunk_rows is not None and args.chunk_rows < 1:
        parser.error(f"--chunk-rows must be at least 1, got {args.chunk_rows}")
    if args.engine == "dask" and args.method != "randomized":
        parser.error(
            "--engine dask runs the randomized SVD by row chunks; the exact SVD is in memory "
            "only: add --method randomized (or use --engine numpy)"
        )
    if args.max_side is not None and args.max_side < MIN_SIDE:
        parser.error(f"--max-side must be at least {MIN_SIDE} pixels, got {args.max_side}")
    if (args.rank is None) != (args.save is None):
        parser.error("--rank K and --save PATH go together")
    if args.rank is not None and args.rank < 1:
        parser.error(f"--rank must be at least 1, got {args.rank}")
    if args.save is not None and len(args.image or [None]) != 1:
        parser.error("--save writes one image: give exactly one --image")
    if args.save is not None and args.save.suffix.lower() != ".png":
        parser.error(f"--save writes a PNG file (lossless); name it *.png, got {args.save}")
    if not (math.isfinite(args.target_psnr) and args.target_psnr > 0):
        parser.error(f"--target-psnr must be a positive number of dB, got {args.target_psnr}")
    return args


def options_from(args: argparse.Namespace) -> pipeline.Options:
    """The pipeline's options from the parsed command line."""
    return pipeline.Options(
        images=args.image,
        ranks=args.ranks,
        target_psnr=args.target_psnr,
        method=args.method,
        seed=args.seed,
        threads=args.threads,
        max_side=args.max_side,
        dask=dask_settings(args),
    )


def dask_settings(args: argparse.Namespace) -> DaskSettings | None:
    """``--engine dask``'s settings from the parsed command line (``None`` for numpy)."""
    if args.engine != "dask":
        return None
    return DaskSettings(
        chunk_rows=args.chunk_rows,
        scheduler=args.scheduler,
        memory_limit=args.memory_limit,
        workers=args.workers,
        processes=not args.in_process,
    )


def main(argv=None) -> int:
    """Run the project; returns the exit code (0)."""
    args = parse_args(argv)
    if args.save is not None:
        return save_one(args)
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    use_agg_backend()
    options = options_from(args)
    progress = Progress(total=pipeline.steps(options) + 1)
    with blas_threads(args.threads):
        result = pipeline.run(options, progress)
        with progress.step("figures and the report"):
            write_report(Report(out), result)
    print(table(result))
    print(f"\n{engine_summary(result)}")
    print(f"Report written to {out}")
    return 0


def save_one(args: argparse.Namespace) -> int:
    """``--rank K --save PATH``: one compressed image written, one line printed."""
    with blas_threads(args.threads):
        saved = save_compressed(
            args.image[0] if args.image else None,
            args.rank,
            args.save,
            method=args.method,
            seed=args.seed,
            max_side=args.max_side,
            force=args.force,
            dask=dask_settings(args),
        )
    print(
        f"wrote {saved.path}: {saved.name} at rank {saved.rank} ({saved.method_label}), "
        f"{saved.storage_ratio:.2%} of the numbers, PSNR {saved.psnr:.2f} dB"
    )
    return 0
