r"""The randomized SVDs on the Dask engine (``--engine dask``): every channel in row chunks.

A channel :math:`A` (:math:`m \times n`) becomes a ``dask.array`` of row chunks
:math:`A = [A_1; \dots; A_c]`, held by the workers as float64, and
:func:`foundations.linalg.chunked_randomized.randomized_svd_chunks` runs on
:class:`toolkit.distributed.DaskEngine` — the MapReduce view of the randomized range finder:

- :math:`Y = A\Omega` is a per-chunk product, :math:`Y_c = A_c\Omega`;
- the power iterations' :math:`A^TY = \sum_c A_c^TY_c` is a sum over chunks; the tall
  :math:`Y` is re-normalised by Cholesky QR from :math:`\sum_c Y_c^TY_c` (TSQR as fallback),
  and the final :math:`Q` is the one of a TSQR (a QR per chunk, one QR of the stacked R's);
- :math:`B = Q^TA = \sum_c Q_c^TA_c` (:math:`\ell \times n`, small) is factored in memory,
  and :math:`U = Q\hat U` comes back chunk by chunk.

Nothing else of the study changes: the factors come back as a :class:`~.compress.ChannelSVD`
and the stored images, the measures, the figures and the report are the numpy engine's. The
channel's chunks stay on the workers while every rank of that channel is factored, so each
channel is sent once.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from foundations.linalg.chunked_randomized import randomized_svd_chunks

from .blocks import BLOCK_ENTRIES, channel
from .compress import ChannelSVD
from .study import N_ITER, N_OVERSAMPLES

__all__ = ["DaskSVD", "DaskSettings", "dask_svd", "default_chunk_rows"]


@dataclass(frozen=True)
class DaskSettings:
    """How ``--engine dask`` runs: rows per chunk and the cluster (see ``--help``)."""

    chunk_rows: int | None = None
    scheduler: str | None = None
    memory_limit: str | None = None
    workers: int | None = None
    processes: bool = True


def default_chunk_rows(shape: tuple[int, ...], workers: int) -> int:
    """Rows per chunk: about :data:`~.blocks.BLOCK_ENTRIES` pixels of one channel (8 MB of
    float64), and at least two chunks per worker."""
    m, n = shape[:2]
    return max(1, min(BLOCK_ENTRIES // max(1, n), math.ceil(m / (2 * max(1, workers)))))


class DaskSVD:
    """``randomized(pixels, j, rank, seed)`` (:func:`.study.randomized_channel`'s signature) on
    a ``distributed.Client``: channel ``j`` by row chunks, :func:`randomized_svd_chunks`."""

    def __init__(self, client, settings: DaskSettings):
        from toolkit.distributed import DaskEngine, worker_count

        self.client = client
        self.engine = DaskEngine(client)
        self.settings = settings
        self.workers = worker_count(client)
        self._held = None  # (pixels, j, futures of the chunks)

    def chunk_rows(self, shape: tuple[int, ...]) -> int:
        """Rows per chunk for an image of ``shape`` (``--chunk-rows``, else the default)."""
        rows = self.settings.chunk_rows or default_chunk_rows(shape, self.workers)
        return min(rows, shape[0])

    def chunk_sizes(self, shape: tuple[int, ...]) -> list[int]:
        """The rows of every chunk of an image of ``shape``, top to bottom."""
        rows, m = self.chunk_rows(shape), shape[0]
        return [min(rows, m - top) for top in range(0, m, rows)]

    def _chunks(self, pixels: np.ndarray, j: int) -> list:
        """Channel ``j`` as futures of float64 row chunks on the workers (kept for the next call)."""
        if self._held is not None and self._held[0] is pixels and self._held[1] == j:
            return self._held[2]
        import dask.array as da

        from toolkit.distributed import array_chunks

        self._held = None  # let the workers drop the previous channel first
        rows = self.chunk_rows(pixels.shape)
        x = da.from_array(channel(pixels, j), chunks=(rows, -1)).astype(np.float64)
        self._held = (pixels, j, array_chunks(self.client, x))
        return self._held[2]

    def __call__(self, pixels: np.ndarray, j: int, rank: int, seed: int) -> ChannelSVD:
        U, s, Vt = randomized_svd_chunks(
            self._chunks(pixels, j),
            rank,
            n_oversamples=N_OVERSAMPLES,
            n_iter=N_ITER,
            engine=self.engine,
            random_state=seed,
        )
        return ChannelSVD(np.concatenate(self.engine.gather(U), axis=0), s, Vt)

    def release(self) -> None:
        self._held = None


@contextmanager
def dask_svd(settings: DaskSettings):
    """A :class:`DaskSVD` on a new ``LocalCluster`` (or the ``settings.scheduler``), closed after."""
    from toolkit.distributed import dask_client_for

    with dask_client_for(settings) as client:
        svd = DaskSVD(client, settings)
        try:
            yield svd
        finally:
            svd.release()
