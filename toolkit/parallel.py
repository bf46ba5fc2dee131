"""Threads: the BLAS limit, the cores this process may use, and a map over row blocks.

One home for the three mechanisms every project needs when it times itself fairly or splits
its rows over cores:

- :func:`blas_threads` — a context limiting the linear-algebra library (ours and
  scikit-learn's alike: both call the same BLAS), scikit-learn's OpenMP loops and the row-block
  pool below to ``n`` threads.
- :func:`available_cores` — the cores this process may use (its CPU affinity), capped by an
  enclosing :func:`blas_threads`.
- :func:`row_blocks` and :func:`map_row_blocks` — contiguous blocks of rows, one per core,
  run on a shared thread pool. NumPy releases the interpreter lock inside its array
  operations, so the blocks really run at the same time, one core each (the layout of
  scikit-learn's OpenMP loops); BLAS is kept on one thread meanwhile so the two levels of
  threads do not fight.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np

__all__ = ["available_cores", "blas_threads", "map_row_blocks", "row_blocks"]

_CAP = threading.local()
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_CONTROLLER = None


def _machine_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def available_cores() -> int:
    """Cores this process may use: its CPU affinity, capped by an enclosing :func:`blas_threads`."""
    cap = getattr(_CAP, "limit", None)
    cores = _machine_cores()
    return cores if cap is None else max(1, min(cap, cores))


def _controller():
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()  # finds the loaded BLAS libraries once
    return _CONTROLLER


@contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Limit BLAS (and :func:`map_row_blocks`) to ``n`` threads inside the block.

    ``n = None`` or ``0`` leaves the library's own default and the machine's cores.
    """
    if n is not None and (not isinstance(n, int) or n < 0):
        raise ValueError(f"the thread count must be a non-negative integer, got {n!r}")
    if not n:
        yield
        return
    previous = getattr(_CAP, "limit", None)
    _CAP.limit = n
    try:
        # Every thread pool threadpoolctl knows: BLAS, and OpenMP (scikit-learn's own loops).
        with _controller().limit(limits=n):
            yield
    finally:
        _CAP.limit = previous


def row_blocks(n_rows: int, min_rows: int = 20_000) -> list[slice]:
    """Contiguous blocks of rows, one per available core, none smaller than ``min_rows``.

    Small data gives one block (no thread is worth starting for it).
    """
    count = max(1, min(available_cores(), n_rows // max(1, min_rows)))
    edges = np.linspace(0, n_rows, count + 1).astype(int)
    return [slice(int(a), int(b)) for a, b in itertools.pairwise(edges)]


def map_row_blocks(fn: Callable, blocks: Iterable) -> list:
    """``[fn(b) for b in blocks]``, on a shared thread pool when there is more than one block.

    While the blocks run, BLAS is held to one thread so each block uses one core.
    """
    global _POOL
    blocks = list(blocks)
    if len(blocks) <= 1:
        return [fn(b) for b in blocks]
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=_machine_cores(), thread_name_prefix="rows")
    with _controller().limit(limits=1, user_api="blas"):
        return list(_POOL.map(fn, blocks))


def single_threaded_blas():
    """Context manager keeping BLAS on one thread (for small products inside row blocks)."""
    return _controller().limit(limits=1, user_api="blas")
