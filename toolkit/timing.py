"""Wall-clock timing and step-by-step progress for a project run."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager

__all__ = ["Progress", "best_time"]


def best_time(fn: Callable[[], object], repeat: int = 3) -> tuple[object, float]:
    """Run ``fn`` ``repeat`` times; return its last result and the fastest wall time in seconds."""
    best = math.inf
    result = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


class Progress:
    """Prints numbered steps with elapsed time to stderr: ``[2/5] fitting k-means ... 1.3 s``."""

    def __init__(self, total: int, *, stream=None, enabled: bool = True):
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self._start = time.perf_counter()

    @contextmanager
    def step(self, what: str):
        """Context manager around one step of the run."""
        self.done += 1
        if self.enabled:
            print(f"[{self.done}/{self.total}] {what} ...", file=self.stream, flush=True)
        start = time.perf_counter()
        yield
        if self.enabled:
            took = time.perf_counter() - start
            print(f"      done in {took:.2f} s", file=self.stream, flush=True)

    def elapsed(self) -> float:
        """Seconds since the progress display was created."""
        return time.perf_counter() - self._start
