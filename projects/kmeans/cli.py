"""The command line: arguments in, the side-by-side tables out (the work is in :mod:`.pipeline`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from foundations.errors import InputError
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

from . import distributed
from .pipeline import Options, run
from .writeup import comparison_table, segments_table, write_report

__all__ = ["DEFAULT_OUT", "PACKAGE", "PROJECT", "main", "options_from", "parse_args"]

PACKAGE = __package__ or "kmeans"
PROJECT = "kmeans"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Customer segmentation with k-means from scratch, side by side with "
        "scikit-learn (default data: the CDNOW transaction log).",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--transactions", type=Path, help="a transaction-log CSV (one row a purchase)"
    )
    source.add_argument("--data", type=Path, help="a customer-table CSV (one row a customer)")
    parser.add_argument(
        "--customer-col", default="customer_id", help="customer column of --transactions"
    )
    parser.add_argument("--date-col", default="date", help="date column of --transactions")
    parser.add_argument("--amount-col", default="amount", help="amount column of --transactions")
    parser.add_argument(
        "--date-format",
        help="strptime format of the dates of --transactions, e.g. %%d/%%m/%%Y (default: ISO "
        "8601 or YYYYMMDD, anything else is refused)",
    )
    parser.add_argument(
        "--id-col",
        help="customer id column of --data, copied to segments.csv (default: the one column "
        "named like an id and unique per row, else the row number)",
    )
    parser.add_argument(
        "--features",
        default="",
        help="comma-separated columns of --data (default: every numeric one)",
    )
    parser.add_argument(
        "--k", type=int, help="number of segments (default: the elbow of k-min..k-max)"
    )
    parser.add_argument("--k-min", type=int, default=2, help="smallest k tried (default 2)")
    parser.add_argument("--k-max", type=int, default=10, help="largest k tried (default 10)")
    parser.add_argument(
        "--n-init", type=int, default=4, help="k-means++ restarts per fit (default 4)"
    )
    parser.add_argument(
        "--silhouette-sample",
        type=int,
        default=2000,
        help="customers scored by the silhouette, each against all (default 2000)",
    )
    parser.add_argument("--algorithm", choices=["hamerly", "lloyd"], default="hamerly")
    _add_engine_arguments(parser)
    add_common_arguments(parser, default_out=DEFAULT_OUT)
    return parser


def parse_args(argv) -> argparse.Namespace:
    """The arguments, with every impossible value refused through ``parser.error`` (exit 2)."""
    parser = _parser()
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    if args.features and args.data is None:
        parser.error("--features goes with --data (a customer table)")
    if args.id_col is not None and args.data is None:
        parser.error("--id-col goes with --data (a transaction log's id is --customer-col)")
    if args.date_format is not None and not args.date_format.strip():
        parser.error("--date-format is empty; give a format such as %d/%m/%Y")
    if args.date_format is not None and args.data is not None:
        parser.error("--date-format goes with --transactions (a customer table has no dates)")
    if args.k_min < 2 or args.k_max < args.k_min:
        parser.error(f"need 2 <= --k-min <= --k-max, got {args.k_min} and {args.k_max}")
    if args.k is not None and args.k < 1:
        parser.error(f"--k must be at least 1, got {args.k}")
    if args.n_init < 1 or args.silhouette_sample < 10:
        parser.error("--n-init must be >= 1 and --silhouette-sample >= 10")
    _check_engine_arguments(parser, args)
    return args


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    group = add_engine_arguments(
        parser,
        dask_help="Lloyd by per-partition sums on a Dask cluster, --data a folder or glob of "
        "Parquet/CSV customer-table partitions",
    )
    group.add_argument(
        "--init",
        type=Path,
        metavar="CSV",
        help="starting centres, one row each, in the features' units (default: k-means||)",
    )
    add_stream_argument(group)


def _check_engine_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    check_engine_arguments(parser, args, dask_only=["--init", "--stream"])
    if args.engine == "dask" and (args.data is None or not args.features or args.k is None):
        parser.error("--engine dask needs --data (partitions), --features and --k")


def options_from(args: argparse.Namespace) -> Options:
    """The pipeline's options from the parsed arguments."""
    return Options(
        transactions=args.transactions,
        data=args.data,
        customer_col=args.customer_col,
        date_col=args.date_col,
        amount_col=args.amount_col,
        date_format=args.date_format,
        id_col=args.id_col,
        features=tuple(f.strip() for f in args.features.split(",") if f.strip()),
        k=args.k,
        k_min=args.k_min,
        k_max=args.k_max,
        n_init=args.n_init,
        silhouette_sample=args.silhouette_sample,
        algorithm=args.algorithm,
        seed=args.seed,
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    out_dir = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    if args.engine == "dask":
        return _main_dask(args, out_dir)
    use_agg_backend()
    progress = Progress(total=6)
    with blas_threads(args.threads):
        result = run(options_from(args), progress)
        report = write_report(result, out_dir, progress)
    print(comparison_table(result))
    print()
    print(segments_table(result, digits=3))
    print(f"\nReport written to {report.out_dir}")
    return 0


def _main_dask(args: argparse.Namespace, out_dir: Path) -> int:
    """``--engine dask``: the chunked segmentation, its report and a short table."""
    features = tuple(f.strip() for f in args.features.split(",") if f.strip())
    init = None if args.init is None else distributed.read_init(args.init, features)
    if init is not None and init.shape[0] != args.k:
        raise InputError(f"--init has {init.shape[0]} centres for --k {args.k}")
    options = distributed.DaskOptions(
        data=str(args.data),
        features=features,
        k=args.k,
        out=out_dir,
        init=init,
        seed=args.seed,
        scheduler=args.scheduler,
        memory_limit=args.memory_limit,
        workers=args.workers,
        processes=not args.in_process,
        stream=stream_choice(args),
    )
    with blas_threads(args.threads):
        run = distributed.run_dask(options, Progress(total=3))
    report = Report(out_dir)
    report.write_metrics(distributed.dask_metrics(run))
    report.write_markdown(distributed.dask_report(run))
    rows = [
        {"segment": j, "customers": int(n), **dict(zip(features, c.tolist(), strict=True))}
        for j, (n, c) in enumerate(zip(run.sizes, run.centres, strict=True))
    ]
    print(side_by_side(rows))
    print(
        f"\nEngine dask: {run.partitions} partitions on {run.workers} worker(s), "
        f"{run.customers:,} customers, {run.n_iter} Lloyd iterations, inertia {run.inertia:.6g}"
    )
    print(f"Report written to {out_dir}: report.md, metrics.json, segments/*.parquet")
    return 0
