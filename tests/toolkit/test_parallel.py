import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from toolkit.parallel import available_cores, blas_threads, map_row_blocks, row_blocks


def blas_limits():
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


def openmp_limits():
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "openmp"}


def test_blas_threads_also_caps_scikit_learns_openmp_loops():
    import sklearn.cluster  # noqa: F401  (loads scikit-learn's OpenMP runtime)

    before = openmp_limits()
    assert before, "scikit-learn's OpenMP runtime is loaded"
    with blas_threads(1):
        assert openmp_limits() == {1}
    assert openmp_limits() == before


def test_blas_threads_limits_and_restores():
    before = blas_limits()
    cores = available_cores()
    with blas_threads(1):
        assert blas_limits() == {1}
        assert available_cores() == 1
    assert blas_limits() == before
    assert available_cores() == cores


@pytest.mark.parametrize("n", [None, 0])
def test_zero_or_none_leaves_the_default(n):
    before = blas_limits()
    with blas_threads(n):
        assert blas_limits() == before


@pytest.mark.parametrize("bad", [-1, 1.5, "2"])
def test_bad_thread_counts_are_refused(bad):
    with pytest.raises(ValueError, match="non-negative integer"), blas_threads(bad):
        pass


@pytest.mark.parametrize("n_rows", [0, 1, 19_999, 20_000, 100_001])
def test_row_blocks_cover_every_row_once(n_rows):
    blocks = row_blocks(n_rows)
    covered = np.concatenate([np.arange(n_rows)[b] for b in blocks])
    np.testing.assert_array_equal(covered, np.arange(n_rows))
    assert len(blocks) <= max(1, available_cores())


def test_map_row_blocks_keeps_order_and_runs_on_threads():
    names = set()

    def work(b):
        names.add(threading.current_thread().name)
        return b.start

    blocks = [slice(i, i + 1) for i in range(6)]
    assert map_row_blocks(work, blocks) == list(range(6))
    assert map_row_blocks(work, blocks[:1]) == [0]
    assert map_row_blocks(work, []) == []
