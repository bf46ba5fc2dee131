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
from .network import ACTIVATIONS
from .writeup import table, write_report

__all__ = ["DEFAULT_OUT", "PACKAGE", "PROJECT", "main", "parse_args", "parse_hidden"]

PACKAGE = __package__ or "neural_net"
#: The project's name, as the marker in its report folders records it.
PROJECT = PACKAGE.rpartition(".")[2]
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"64,32"`` -> ``(64, 32)``; raises ``ValueError`` unless every size is a positive integer."""
    parts = [p.strip() for p in text.split(",")]
    if not parts or any(not p.isdigit() or int(p) < 1 for p in parts):
        raise ValueError(f"--hidden takes positive layer sizes separated by commas, got {text!r}")
    return tuple(int(p) for p in parts)


def parse_args(argv=None) -> argparse.Namespace:
    """The parsed command line; impossible values end in ``parser.error`` (exit code 2)."""
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="A multilayer perceptron from scratch (default data: the handwritten "
        "digits), side by side with scikit-learn's MLPClassifier.",
    )
    parser.add_argument("--data", type=Path, help="a CSV of your own (default: the digits)")
    parser.add_argument("--target", default="target", help="label column of --data")
    parser.add_argument(
        "--hidden", default="100", help="hidden layer sizes, e.g. 64,32 (default 100)"
    )
    parser.add_argument(
        "--activation", choices=[a for a in ACTIVATIONS if a != "identity"], default="relu"
    )
    parser.add_argument("--optimizer", choices=["sgd", "momentum", "adam"], default="adam")
    parser.add_argument("--epochs", type=int, default=200, help="most epochs (default 200)")
    parser.add_argument(
        "--learning-rate",
        type=float,
        help="step size (default: adam 0.001, momentum 0.01, sgd 0.1)",
    )
    parser.add_argument("--batch-size", type=int, help="rows per step (default min(200, n_train))")
    parser.add_argument("--alpha", type=float, default=1e-4, help="L2 penalty (default 1e-4)")
    parser.add_argument(
        "--patience", type=int, default=10, help="epochs without improvement before stopping"
    )
    parser.add_argument("--test-size", type=float, default=0.2, help="test share (default 0.2)")
    parser.add_argument(
        "--validation-size", type=float, default=0.2, help="validation share (default 0.2)"
    )
    parser.add_argument(
        "--same-start-epochs", type=int, default=100, help="epochs of the same-start comparison"
    )
    parser.add_argument(
        "--no-tensor-fit",
        action="store_true",
        help="skip the second fit with Tensor-autodiff gradients (it is slower)",
    )
    add_common_arguments(
        parser,
        default_out=DEFAULT_OUT,
        seed_help="seed for the split, the start and the shuffles",
        default_threads=1,
    )
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)
    try:
        args.hidden = parse_hidden(args.hidden)
    except ValueError as exc:
        parser.error(str(exc))
    for flag, value in [("--epochs", args.epochs), ("--patience", args.patience),
                        ("--same-start-epochs", args.same_start_epochs)]:  # fmt: skip
        if value < 1:
            parser.error(f"{flag} must be at least 1, got {value}")
    if args.batch_size is not None and args.batch_size < 1:
        parser.error(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.learning_rate is not None and not 0 < args.learning_rate < float("inf"):
        parser.error(f"--learning-rate must be a positive number, got {args.learning_rate}")
    if not 0 <= args.alpha < float("inf"):
        parser.error(f"--alpha must be 0 or more, got {args.alpha}")
    for flag, value in [
        ("--test-size", args.test_size),
        ("--validation-size", args.validation_size),
    ]:
        if not 0 < value < 1:
            parser.error(f"{flag} must be between 0 and 1, got {value}")
    if args.test_size + args.validation_size >= 0.9:
        parser.error("--test-size plus --validation-size must leave at least 10% for training")
    return args


def main(argv=None) -> int:
    """Run the project; returns the exit code (0)."""
    args = parse_args(argv)
    out = prepare_out_dir(args.out, project=PROJECT, force=args.force)
    use_agg_backend()
    options = pipeline.Options(
        data=args.data,
        target=args.target,
        hidden=args.hidden,
        activation=args.activation,
        optimizer=args.optimizer,
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        batch_size=args.batch_size,
        alpha=args.alpha,
        patience=args.patience,
        test_size=args.test_size,
        validation_size=args.validation_size,
        seed=args.seed,
        same_start_epochs=args.same_start_epochs,
        tensor_fit=not args.no_tensor_fit,
    )
    progress = Progress(total=pipeline.STEPS + 1)
    with blas_threads(args.threads):
        result = pipeline.run(options, progress)
        with progress.step("writing the report"):
            write_report(Report(out), result)
    print(table(result))
    s = result.same
    print(
        f"\nsame start: largest relative loss gap {s.max_relative_gap:.1e} over {s.epochs} epochs; "
        f"gradient check: {result.gradients.vs_central_differences:.1e}"
    )
    print(f"Report written to {out}")
    return 0
