"""Command line: parse and check the arguments, run the pipeline, print the tables.

Nothing is computed here: :func:`main` checks ``--out`` (before any work), hands the options
to :func:`.pipeline.run`, has :func:`.writeup.write_report` write the files, and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from toolkit.cli import (
    add_common_arguments,
    add_engine_arguments,
    add_stream_argument,
    check_common_arguments,
    check_engine_arguments,
    stream_choice,
    use_agg_backend,
)
from toolkit.output import prepare_out_dir
from toolkit.parallel import blas_threads
from toolkit.reporting import Report, side_by_side
from toolkit.timing import Progress

from . import distributed, pipeline
from .data import AMES_TARGET, TARGET_TRANSFORMS
from .writeup import main_table, solver_table, write_report

__all__ = [
    "DEFAULT_OUT",
    "PACKAGE",
    "PROJECT",
    "main",
    "parse_alphas",
    "parse_args",
    "parse_columns",
]

PACKAGE = __package__ or "regression"
#: The project's name, as the marker in its report folders records it.
PROJECT = PACKAGE.rpartition(".")[2]
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def parse_alphas(text: str) -> np.ndarray:
    """``"0.1,1,10"`` as a sorted array of distinct positive numbers (argparse ``type``)."""
    try:
        alphas = np.array([float(a) for a in text.split(",") if a.strip()])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of numbers: {text!r}"
        ) from None
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or np.any(alphas <= 0):
        raise argparse.ArgumentTypeError("alphas must be positive numbers")
    return np.unique(alphas)


def parse_columns(text: str) -> tuple[str, ...]:
    """``"area,Lot.Area"`` as a tuple of column names (argparse ``type``)."""
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of column names: {text!r}")
    return names


def parse_args(argv=None) -> argparse.Namespace:
    """The parsed command line; impossible values end in ``parser.error`` (exit code 2)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="House prices by linear and ridge regression written from scratch, "
        "side by side with scikit-learn.",
    )
    parser.add_argument("--data", type=Path, help="a housing CSV (default: the Ames data)")
    parser.add_argument(
        "--target", default=AMES_TARGET, help=f"target column (default: {AMES_TARGET})"
    )
    parser.add_argument("--test-size", type=float, default=0.25, help="held-out share (0.25)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (5)")
    parser.add_argument(
        "--alphas",
        type=parse_alphas,
        default=pipeline.DEFAULT_ALPHAS,
        help="comma-separated ridge penalties to try (default: 49 from 0.01 to 10,000)",
    )
    parser.add_argument(
        "--min-count", type=int, default=10, help="pool category levels rarer than this (10)"
    )
    parser.add_argument(
        "--features",
        type=parse_columns,
        metavar="COL,COL,...",
        help="use exactly these columns as features (identifier columns included if listed); "
        "default: every column but the target, identifiers and free text",
    )
    parser.add_argument(
        "--drop",
        type=parse_columns,
        default=(),
        metavar="COL,COL,...",
        help="leave these columns out",
    )
    parser.add_argument(
        "--target-transform",
        choices=TARGET_TRANSFORMS,
        default="auto",
        help="model log(target) ('log'), the target itself ('none'), or log when every value "
        "is positive ('auto', the default)",
    )
    parser.add_argument(
        "--predict",
        type=Path,
        metavar="FILE",
        help="a CSV of houses to price with the fitted model (same columns; the target may be "
        "absent): writes new_predictions.csv",
    )
    parser.add_argument(
        "--keep-outliers",
        action="store_true",
        help="keep the five Ames houses over 4,000 sq ft that De Cock advises removing",
    )
    _add_engine_arguments(parser)
    # One BLAS thread by default: the matrices here are small, and threads on a busy machine
    # make the timings erratic.
    add_common_arguments(
        parser,
        default_out=DEFAULT_OUT,
        seed_help="seed for the split and the folds (default 0)",
        default_threads=1,
    )
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    if not 0 < args.test_size < 1:
        parser.error(f"--test-size must be between 0 and 1, got {args.test_size}")
    if args.folds < 2:
        parser.error(f"--folds must be at least 2, got {args.folds}")
    if args.min_count < 1:
        parser.error(f"--min-count must be at least 1, got {args.min_count}")
    _check_engine_arguments(parser, args)
    return args


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    group = add_engine_arguments(
        parser,
        dask_help="least squares from per-partition statistics on a Dask cluster, --data a "
        "folder or glob of Parquet/CSV partitions",
    )
    add_stream_argument(group)


def _check_engine_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    check_engine_arguments(parser, args, dask_only=["--stream"])
    if args.engine == "numpy":
        return
    if args.data is None or args.features is None:
        parser.error("--engine dask needs --data (partitions) and --features (numeric columns)")
    if args.predict is not None:
        parser.error("--predict goes with --engine numpy")
    if args.target in args.features:
        parser.error(f"--features lists the target {args.target!r}")


def main(argv=None) -> int:
    """Run the project; returns the exit code (0)."""
    args = parse_args(argv)
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    if args.engine == "dask":
        return _main_dask(args, out)
    use_agg_backend()
    options = pipeline.Options(
        data=args.data,
        target=args.target,
        test_size=args.test_size,
        folds=args.folds,
        alphas=args.alphas,
        min_count=args.min_count,
        keep_outliers=args.keep_outliers,
        seed=args.seed,
        features=args.features,
        drop=args.drop,
        target_transform=args.target_transform,
        predict=args.predict,
    )
    progress = Progress(total=pipeline.STEPS + 1)
    with blas_threads(args.threads):
        result = pipeline.run(options, progress)
        with progress.step("drawing the figures and writing the report"):
            files = write_report(Report(out), result)
    print(main_table(result))
    print(f"\nRidge (α = {result.ridge.alpha:.4g}) with each solver, against scikit-learn's Ridge:")
    print(solver_table(result.solvers_ridge))
    print(f"\nReport written to {out}: {', '.join(files)}")
    return 0


def _main_dask(args: argparse.Namespace, out: Path) -> int:
    """``--engine dask``: the chunked fit, its report and a short table."""
    options = distributed.DaskOptions(
        data=str(args.data),
        features=tuple(f for f in args.features if f not in args.drop),
        target=args.target,
        target_transform=args.target_transform,
        out=out,
        scheduler=args.scheduler,
        memory_limit=args.memory_limit,
        workers=args.workers,
        processes=not args.in_process,
        stream=stream_choice(args),
    )
    with blas_threads(args.threads):
        run = distributed.run_dask(options, Progress(total=3))
    report = Report(out)
    report.write_metrics(distributed.dask_metrics(run))
    report.write_markdown(distributed.dask_report(run))
    print(
        side_by_side(
            [
                {"feature": n, "coefficient": c}
                for n, c in zip(options.features, run.fit.coef, strict=True)
            ]
            + [{"feature": "(intercept)", "coefficient": run.fit.intercept}]
        )
    )
    print(
        f"\nEngine dask: {run.partitions} partitions on {run.workers} worker(s), "
        f"{run.fit.rows:,} rows fitted ({run.rows_dropped:,} incomplete dropped), "
        f"in-sample R² {run.r2:.4f}"
    )
    print(f"Report written to {out}: report.md, metrics.json, predictions/*.parquet")
    return 0
