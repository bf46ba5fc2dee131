"""Command line: parse and check the arguments, run the pipeline, print the table.

Nothing is computed here: :func:`main` checks ``--out`` (before any work), hands the options
to :func:`.pipeline.run`, has :func:`.writeup.write_report` write the files, and prints.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from toolkit.cli import add_common_arguments, check_common_arguments, use_agg_backend
from toolkit.output import prepare_out_dir
from toolkit.parallel import blas_threads
from toolkit.reporting import Report
from toolkit.timing import Progress

from . import pipeline
from .covariances import COVARIANCE_TYPES
from .initialization import INIT_METHODS
from .writeup import table, write_report

__all__ = ["DEFAULT_OUT", "PACKAGE", "PROJECT", "main", "parse_args"]

PACKAGE = __package__ or "mixture"
#: The project's name, as the marker in its report folders records it.
PROJECT = PACKAGE.rpartition(".")[2]
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def _add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--k", type=int, help="number of components (default: BIC's choice)")
    parser.add_argument("--k-max", type=int, default=8, help="largest k for BIC/AIC (default 8)")
    parser.add_argument(
        "--covariance-type", choices=COVARIANCE_TYPES, default="full", help="default: full"
    )
    parser.add_argument(
        "--init-params", choices=INIT_METHODS, default="kmeans", help="default: kmeans"
    )
    parser.add_argument("--n-init", type=int, default=5, help="starts per fit (default 5)")
    parser.add_argument("--max-iter", type=int, default=200, help="EM iterations (default 200)")
    parser.add_argument(
        "--tol", type=float, default=1e-3, help="stop when the mean log-likelihood gains less"
    )
    parser.add_argument(
        "--reg-covar", type=float, default=1e-6, help="added to each covariance's diagonal"
    )
    parser.add_argument(
        "--uncertain",
        type=float,
        default=0.9,
        help="a row is uncertain when its largest responsibility is below this (default 0.9)",
    )


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.k is not None and args.k < 1:
        parser.error(f"--k must be at least 1, got {args.k}")
    if args.k_max < 1:
        parser.error(f"--k-max must be at least 1, got {args.k_max}")
    if args.n_init < 1 or args.max_iter < 1:
        parser.error("--n-init and --max-iter must be at least 1")
    for flag, value in (("--tol", args.tol), ("--reg-covar", args.reg_covar)):
        if not (math.isfinite(value) and value >= 0):
            parser.error(f"{flag} must be a finite number >= 0, got {value}")
    if not 0 < args.uncertain <= 1:
        parser.error(f"--uncertain must be in (0, 1], got {args.uncertain}")
    if args.label_col is not None and args.data is None:
        parser.error("--label-col goes with --data (the penguins' label is the species)")


def parse_args(argv=None) -> argparse.Namespace:
    """The parsed command line; impossible values end in ``parser.error`` (exit code 2)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Gaussian mixtures by EM from scratch, side by side with scikit-learn "
        "(default data: the Palmer penguins, species hidden from the fit).",
    )
    parser.add_argument("--data", type=Path, help="a CSV of your own (default: the penguins)")
    parser.add_argument(
        "--features",
        default="",
        help="comma-separated feature columns (default: the penguins' four measurements, "
        "or every numeric column of --data)",
    )
    parser.add_argument(
        "--label-col", help="a column of --data used only to judge the fit (ARI, confusion)"
    )
    _add_model_arguments(parser)
    add_common_arguments(parser, default_out=DEFAULT_OUT, seed_help="seed of the initializations")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    _check(parser, args)
    return args


def main(argv=None) -> int:
    """Run the project; returns the exit code (0)."""
    args = parse_args(argv)
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    use_agg_backend()
    features = tuple(f.strip() for f in args.features.split(",") if f.strip()) or None
    options = pipeline.Options(
        data=args.data,
        features=features,
        label_col=args.label_col,
        k=args.k,
        k_max=args.k_max,
        covariance_type=args.covariance_type,
        n_init=args.n_init,
        init_params=args.init_params,
        max_iter=args.max_iter,
        tol=args.tol,
        reg_covar=args.reg_covar,
        uncertain=args.uncertain,
        seed=args.seed,
    )
    progress = Progress(total=pipeline.STEPS + 1)
    with blas_threads(args.threads):
        result = pipeline.run(options, progress)
        with progress.step("writing the report"):
            write_report(Report(out), result)
    print(table(result))
    same = result.same
    print(
        f"\nsame start: largest relative gap of the log-likelihood per iteration "
        f"{same.max_bound_gap:.1e} over {same.ours.n_iter_} iterations; labels identical: "
        f"{'yes' if same.labels_identical else 'no'}"
    )
    if result.ari is not None:
        print(f"ARI against {result.data.label_name}: {result.ari:.3f}")
    print(f"\nReport written to {out}")
    return 0
