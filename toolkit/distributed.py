"""The Dask engine: the chunked algorithms of ``foundations.linalg.chunked*`` on a cluster.

``foundations`` writes each algorithm once against two operations, ``map`` (a function on every
chunk, where the chunk lives) and ``total`` (the sum of the per-chunk results by a pairwise
tree). :class:`DaskEngine` implements them with ``distributed`` futures: chunks are futures of
NumPy arrays held by the workers, ``map`` is ``Client.map``, ``total`` submits the same pairwise
additions as the in-memory engine (so the two add the same numbers in the same order) and
fetches only the small result.

Dask is optional (``pip install ml-math-bridge[dask]``): it is imported when a function here is
called, never when ``toolkit`` is imported.

Partitions (:mod:`toolkit.partitions`) reach the algorithms in one of two ways,
:func:`partition_chunks` chooses: held in the workers' memory (each file read once, every later
pass works on the arrays), or *streamed* by :class:`StreamingEngine`, whose chunks are file
descriptions that every task reads itself — slower per pass, but a pass over data larger than
the cluster's memory then holds one partition per worker. Per-partition transformations go
through ``derive``: computed and held on the first engine, applied inside each task on the
streaming one.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from foundations.errors import InputError
from foundations.linalg.chunked import pairwise_reduce

from .errors import ClusterError
from .parallel import available_cores
from .partitions import Derived, Partition, estimated_bytes, materialize, read_partition

__all__ = [
    "DaskEngine",
    "PartitionChunks",
    "StreamingEngine",
    "array_chunks",
    "cluster_memory",
    "dask_client",
    "dask_client_for",
    "parse_memory_limit",
    "partition_chunks",
    "require_dask",
    "worker_count",
    "write_parquet",
]


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
    ``LocalCluster`` of one single-threaded worker per available core (``n_workers``).

    Raises
    ------
    ClusterError
        Workers died running a task (``distributed.KilledWorker``; almost always the memory
        limit): one message saying what to change instead of Dask's traceback.
    """
    distributed = require_dask()
    try:
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
    except distributed.KilledWorker as exc:
        raise ClusterError(
            f"the Dask workers died running a task ({exc.args[0] if exc.args else 'unknown'}), "
            "almost always for lack of memory: give each worker more (--memory-limit) or split "
            "the data into smaller partitions (a streamed run holds about one partition per "
            "worker; --stream always forces streaming)"
        ) from None


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

    def derive(self, fn, *chunked: Sequence, **shared) -> list:
        """A per-chunk transformation whose results are new chunks: here :meth:`map` (held)."""
        return self.map(fn, *chunked, **shared)

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


class StreamingEngine(DaskEngine):
    """A :class:`DaskEngine` whose chunks are :class:`~toolkit.partitions.Partition` and
    :class:`~toolkit.partitions.Derived` descriptions, read and transformed inside every task
    that uses them (:func:`~toolkit.partitions.materialize`); nothing chunk-sized is held."""

    def map(self, fn, *chunked: Sequence, **shared) -> list:
        return super().map(functools.partial(_on_materialized, fn), *chunked, **shared)

    def derive(self, fn, *chunked: Sequence, **shared) -> list:
        """``Derived`` descriptions, one per chunk: applied where a later ``map`` reads them."""
        return [Derived(fn, args, shared) for args in zip(*chunked, strict=True)]


def _on_materialized(fn, *chunks, **shared):
    cache: dict = {}
    return fn(*(materialize(c, cache) for c in chunks), **shared)


def cluster_memory(client) -> int:
    """The sum of the workers' memory limits in bytes (0 when a worker has none)."""
    workers = client.scheduler_info().get("workers", {}).values()
    limits = [int(w.get("memory_limit") or 0) for w in workers]
    return 0 if not limits or 0 in limits else sum(limits)


@dataclass(frozen=True)
class PartitionChunks:
    """The engine and chunks :func:`partition_chunks` chose, and why (for the report)."""

    engine: DaskEngine
    chunks: list
    streamed: bool
    data_bytes: int
    memory_bytes: int

    def describe(self) -> str:
        size = f"about {self.data_bytes / 1e6:,.0f} MB as float64"
        memory = f"{self.memory_bytes / 1e6:,.0f} MB" if self.memory_bytes else "no limit"
        if self.streamed:
            return f"streamed: every pass reads each partition again ({size}; workers' memory {memory})"
        return f"held in the workers' memory after one read ({size}; workers' memory {memory})"


def partition_chunks(client, parts: Sequence[Partition], stream: bool | None = None):
    """Chunks for ``parts`` on ``client``: held in memory, or streamed (``stream=True``).

    ``stream=None`` decides by size: stream when the partitions, read as float64, would take
    more than a quarter of the cluster's memory — held, the partitions and the chunks derived
    from them (the design, the standardised features) take about twice the data, and the
    rest is for the per-pass work and Dask's spill margin. Returns a :class:`PartitionChunks`.
    """
    data, memory = estimated_bytes(parts), cluster_memory(client)
    if stream is None:
        stream = bool(memory) and data > memory // 4
    if stream:
        return PartitionChunks(StreamingEngine(client), list(parts), True, data, memory)
    chunks = client.map(read_partition, list(parts), pure=False)
    return PartitionChunks(DaskEngine(client), chunks, False, data, memory)


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
