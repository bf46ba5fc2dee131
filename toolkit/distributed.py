"""The Dask engine: the chunked algorithms of ``foundations.linalg.chunked*`` on a cluster.

``foundations`` writes each algorithm once against two operations, ``map`` (a function on every
chunk, where the chunk lives) and ``total`` (the sum of the per-chunk results by a pairwise
tree). :class:`DaskEngine` implements them with ``distributed`` futures: chunks are futures of
NumPy arrays held by the workers, ``map`` is ``Client.map``, ``total`` submits the same pairwise
additions as the in-memory engine (so the two add the same numbers in the same order) and
fetches only the small result.

Dask is optional (``pip install ml-math-bridge[dask]``): it is imported when a function here is
called, never when ``toolkit`` is imported. Reading data: :func:`partition_files` and
:func:`read_partitions` take a file, a folder or a glob of Parquet/CSV partitions and check
every partition's columns before reading (one clear error naming the file).
"""

from __future__ import annotations

import functools
import glob
import operator
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from foundations.errors import InputError
from foundations.linalg.chunked import pairwise_reduce

from .errors import DataFileError
from .parallel import available_cores

__all__ = [
    "DaskEngine",
    "array_chunks",
    "dask_client",
    "dask_client_for",
    "frame_chunks",
    "parse_memory_limit",
    "partition_files",
    "read_partitions",
    "require_dask",
    "worker_count",
    "write_parquet",
]

_SUFFIXES = (".parquet", ".pq", ".csv")


def require_dask():
    """``dask`` and ``distributed``, or one clear error saying how to install them."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise InputError(
            "the dask engine needs the optional dependencies: pip install 'ml-math-bridge[dask]'"
        ) from None
    return distributed


def parse_memory_limit(text: str | None):
    """``"1.5GB"`` / ``"800MiB"`` / ``"auto"`` / ``None`` as Dask's worker memory limit."""
    if text is None or text == "auto":
        return "auto"
    require_dask()
    from dask.utils import parse_bytes

    try:
        limit = parse_bytes(text)
    except (ValueError, TypeError):
        raise InputError(f"--memory-limit must be a size such as 1.5GB, got {text!r}") from None
    if limit <= 0:
        raise InputError(f"--memory-limit must be positive, got {text!r}")
    return limit


@contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    memory_limit: str | None = None,
    n_workers: int | None = None,
    processes: bool = True,
):
    """A ``distributed.Client``: joined to ``scheduler`` (an address), else on a new
    ``LocalCluster`` of one single-threaded worker per available core (``n_workers``)."""
    distributed = require_dask()
    if scheduler:
        with distributed.Client(scheduler, timeout="10s") as client:
            yield client
        return
    workers = n_workers or available_cores()
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            memory_limit=parse_memory_limit(memory_limit),
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def dask_client_for(settings):
    """:func:`dask_client` from a project's settings: any object with the ``scheduler``,
    ``memory_limit``, ``workers`` and ``processes`` that :func:`toolkit.cli.add_engine_arguments`
    parses (``processes`` is ``not --in-process``)."""
    return dask_client(
        settings.scheduler,
        memory_limit=settings.memory_limit,
        n_workers=settings.workers,
        processes=settings.processes,
    )


class DaskEngine:
    """``map``/``total``/``gather`` on a ``distributed.Client`` (see the module docstring)."""

    def __init__(self, client):
        self.client = client

    def map(self, fn, *chunked: Sequence, **shared) -> list:
        """``fn(a_c, b_c, ..., **shared)`` on the workers, one task per chunk: futures.

        Small shared values travel inside each task (bound with ``functools.partial``); large
        arrays are scattered once and passed as futures (as is a shared value that already is a
        future: the scheduler resolves it). Plain values are never handed to
        ``Client.map`` as keyword arguments: ``distributed`` turns those into tasks keyed by
        the argument's *name*, so two maps sharing a name (``M=`` twice) collide on the
        scheduler and the second one never finishes.
        """
        if not chunked or len(chunked[0]) == 0:
            return []
        small = {k: v for k, v in shared.items() if not (_large(v) or _is_future(v))}
        futures = {
            k: v if _is_future(v) else self.client.scatter(v, broadcast=True, hash=False)
            for k, v in shared.items()
            if k not in small
        }
        task = functools.partial(fn, **small) if small else fn
        return self.client.map(task, *chunked, pure=False, **futures)

    def total(self, parts: Sequence):
        """The pairwise-tree sum of the futures, computed on the workers; the value."""
        root = pairwise_reduce(
            parts, lambda a, b: self.client.submit(operator.add, a, b, pure=False)
        )
        return root.result() if hasattr(root, "result") else root

    def gather(self, parts: Sequence) -> list:
        return list(self.client.gather(list(parts)))

    def scatter(self, chunks: Sequence) -> list:
        """In-memory arrays sent to the workers, spread evenly: their futures."""
        return self.client.scatter(list(chunks), hash=False)


def _is_future(value) -> bool:
    from distributed import Future

    return isinstance(value, Future)


def _large(value) -> bool:
    return isinstance(value, np.ndarray) and value.nbytes > 1 << 20


def array_chunks(client, x) -> list:
    """A ``dask.array`` of rows as futures of its row blocks (columns in one block), persisted."""
    x = x.rechunk({1: -1}) if x.ndim == 2 else x
    blocks = x.to_delayed().ravel().tolist()
    return client.compute(blocks)


def _as_float_array(frame) -> np.ndarray:
    return frame.to_numpy(dtype=np.float64)


def frame_chunks(client, frame) -> list:
    """A ``dask.dataframe`` as futures of float64 arrays, one per partition, held by the workers."""
    parts = client.compute(frame.to_delayed())
    return client.map(_as_float_array, parts, pure=False)


def partition_files(source) -> list[Path]:
    """The partition files named by ``source``: a file, a folder (its .parquet/.csv files) or a glob."""
    text = str(source)
    path = Path(text)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
    elif any(ch in text for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(text))
    else:
        files = [path]
    if not files:
        raise DataFileError(f"no .parquet or .csv partitions in {text}")
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise DataFileError(f"{missing[0]}: no such file")
    kinds = {f.suffix.lower() == ".csv" for f in files}
    if len(kinds) > 1:
        raise DataFileError(f"{text}: mixes CSV and Parquet partitions; use one format")
    return files


def _columns_of(file: Path) -> list[str]:
    if file.suffix.lower() == ".csv":
        with file.open(encoding="utf-8", errors="replace") as handle:
            header = handle.readline().rstrip("\r\n")
        return [name.strip().strip('"') for name in header.split(",")]
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(file).names)
    except Exception as exc:  # pyarrow raises its own error types for a broken file
        raise DataFileError(f"{file}: not a readable Parquet file ({exc})") from None


def read_partitions(source, columns: Sequence[str]):
    """A ``dask.dataframe`` of ``columns`` from every partition of ``source``, checked first.

    Raises
    ------
    DataFileError
        A partition lacks one of ``columns`` (the message names the file and the columns).
    """
    require_dask()
    import dask.dataframe as dd

    files = partition_files(source)
    for file in files:
        absent = [c for c in columns if c not in set(_columns_of(file))]
        if absent:
            raise DataFileError(
                f"{file}: partition lacks column(s) {', '.join(absent)} "
                f"(every partition needs {', '.join(columns)})"
            )
    names = [str(f) for f in files]
    if files[0].suffix.lower() == ".csv":
        return dd.read_csv(names, usecols=list(columns))[list(columns)]
    return dd.read_parquet(names, columns=list(columns))


def worker_count(client) -> int:
    """How many workers the client's cluster has now."""
    return len(client.scheduler_info().get("workers", {}))


def write_parquet(frame, path) -> str:
    """``frame`` as one Parquet partition at ``path``, written atomically (run on a worker)."""
    import io

    from .output import write_atomically

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return str(write_atomically(Path(path), buffer.getvalue()))
