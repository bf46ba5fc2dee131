"""The command-line runner every project shares, and the flags they all have.

:func:`run_cli` turns the errors a user can cause (bad input, bad files, singular matrices,
file-system errors) into one ``error: ...`` line and exit code 2, without a traceback.
:func:`add_common_arguments` adds ``--out``, ``--seed`` and ``--threads`` with one meaning in
every project.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from foundations.errors import InputError, LinAlgError

from .errors import ClusterError, DataFileError

__all__ = [
    "USER_ERRORS",
    "add_common_arguments",
    "check_common_arguments",
    "run_cli",
    "use_agg_backend",
]

#: The errors a command line reports as one line: bad input, bad files, singular matrices, a
#: cluster whose workers died, and every operating-system error (read-only file system, not a
#: directory, disk full, ...).
USER_ERRORS = (InputError, DataFileError, LinAlgError, ClusterError, OSError)


def add_common_arguments(
    parser: argparse.ArgumentParser,
    *,
    default_out: Path,
    seed_help: str = "random seed (default 0)",
    default_threads: int = 0,
) -> None:
    """Add ``--out DIR``, ``--force``, ``--seed N`` and ``--threads N`` to ``parser``.

    ``--force`` lets a run write into a non-empty folder that holds no earlier report of the
    same project (see :func:`toolkit.output.prepare_out_dir`). ``--threads`` is the most threads the run uses, ours and scikit-learn's alike: the BLAS
    library's threads and our own row blocks (:func:`toolkit.parallel.blas_threads`); 0 leaves
    the library's default and every core.
    """
    parser.add_argument("--out", type=Path, default=default_out, help="report folder")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty --out folder that holds no earlier report of this project",
    )
    parser.add_argument("--seed", type=int, default=0, help=seed_help)
    what = "every core" if default_threads == 0 else str(default_threads)
    parser.add_argument(
        "--threads",
        type=int,
        default=default_threads,
        help="most threads for the linear-algebra library and our row blocks, ours and "
        f"scikit-learn's alike (0 = every core; default: {what})",
    )


def check_common_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse impossible values of the common flags through ``parser.error`` (exit code 2)."""
    if args.threads < 0:
        parser.error(f"--threads must be 0 or more, got {args.threads}")
    if not 0 <= args.seed < 2**32:
        parser.error(f"--seed must be an integer from 0 to 2**32 - 1, got {args.seed}")


def add_engine_arguments(parser: argparse.ArgumentParser, *, dask_help: str):
    """Add ``--engine {numpy,dask}``, ``--scheduler``, ``--memory-limit``, ``--workers``, ``--in-process``.

    Returns the argument group, so that a project can add its own Dask-only flags to it.
    """
    group = parser.add_argument_group("larger than memory (--engine dask)")
    group.add_argument(
        "--engine",
        choices=["numpy", "dask"],
        default="numpy",
        help=f"numpy: the whole in-memory study (default); dask: {dask_help}",
    )
    group.add_argument("--scheduler", metavar="ADDRESS", help="join this Dask scheduler")
    group.add_argument(
        "--memory-limit", metavar="SIZE", help="memory per local worker, e.g. 1.5GB (auto)"
    )
    group.add_argument("--workers", type=int, help="local workers (default: one per core)")
    group.add_argument(
        "--in-process",
        action="store_true",
        help="run the local workers as threads of this process (small data, tests)",
    )
    return group


STREAM_CHOICES = {"auto": None, "always": True, "never": False}


def add_stream_argument(group) -> None:
    """Add ``--stream {auto,always,never}`` for a project whose ``--data`` is partitions."""
    group.add_argument(
        "--stream",
        choices=list(STREAM_CHOICES),
        help="read every partition again on each pass instead of holding them in the workers' "
        "memory (auto, the default: when the data would take over a quarter of it)",
    )


def stream_choice(args: argparse.Namespace) -> bool | None:
    """``--stream`` as :func:`toolkit.distributed.partition_chunks` takes it (None: decide by size)."""
    return STREAM_CHOICES[args.stream or "auto"]


def check_engine_arguments(
    parser: argparse.ArgumentParser, args: argparse.Namespace, *, dask_only: Sequence[str] = ()
) -> None:
    """Refuse Dask-only flags without ``--engine dask`` and a worker count below 1.

    ``dask_only`` names the project's own Dask-only flags (``"--init"``), checked the same way.
    """
    flags = ["--scheduler", "--memory-limit", "--workers", "--in-process", *dask_only]
    given = [f for f in flags if getattr(args, f.lstrip("-").replace("-", "_"))]
    if args.engine == "numpy" and given:
        parser.error(f"{', '.join(given)} go(es) with --engine dask")
    if args.workers is not None and args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")


def use_agg_backend() -> None:
    """Select matplotlib's file-only Agg backend (no screen needed)."""
    import matplotlib

    matplotlib.use("Agg", force=True)


def run_cli(main: Callable[[Sequence[str] | None], int], argv: Iterable[str] | None = None) -> int:
    """Run a project's ``main(argv)``; print user errors as one ``error: ...`` line, exit code 2."""
    try:
        return main(None if argv is None else list(argv))
    except USER_ERRORS as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, OSError) and exc.strerror and exc.filename:
            message = f"{message}: {exc.filename}"
        print(f"error: {message}", file=sys.stderr)
        return 2
