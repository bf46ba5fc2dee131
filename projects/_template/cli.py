"""Command line: parse and check the arguments, run the pipeline, print the table.

Nothing is computed here: :func:`main` checks ``--out`` (before any work), hands the options
to :func:`.pipeline.run`, has :func:`.writeup.write_report` write the files, and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli import add_common_arguments, check_common_arguments, use_agg_backend
from toolkit.output import prepare_out_dir
from toolkit.parallel import blas_threads
from toolkit.reporting import Report
from toolkit.timing import Progress

from . import pipeline
from .writeup import table, write_report

__all__ = ["DEFAULT_OUT", "PACKAGE", "PROJECT", "main", "parse_args"]

PACKAGE = __package__ or "template"
#: The project's name, as the marker in its report folders records it.
PROJECT = PACKAGE.rpartition(".")[2]
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def parse_args(argv=None) -> argparse.Namespace:
    """The parsed command line; impossible values end in ``parser.error`` (exit code 2)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Nearest-centroid classification from scratch, side by side with scikit-learn.",
    )
    parser.add_argument("--data", type=Path, help="a CSV of your own (default: the wine dataset)")
    parser.add_argument(
        "--target", default="target", help="label column of --data (default: target)"
    )
    parser.add_argument(
        "--test-size", type=float, default=0.25, help="held-out share (default 0.25)"
    )
    add_common_arguments(parser, default_out=DEFAULT_OUT, seed_help="seed for the train/test split")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    if not 0 < args.test_size < 1:
        parser.error(f"--test-size must be between 0 and 1, got {args.test_size}")
    return args


def main(argv=None) -> int:
    """Run the project; returns the exit code (0)."""
    args = parse_args(argv)
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    use_agg_backend()
    options = pipeline.Options(args.data, args.target, args.test_size, args.seed)
    progress = Progress(total=pipeline.STEPS + 1)
    with blas_threads(args.threads):
        result = pipeline.run(options, progress)
        with progress.step("writing the report"):
            write_report(Report(out), result)
    print(table(result))
    print(f"\nReport written to {out}")
    return 0
