"""The Dask engine gives the in-memory results on the shipped data in 7 chunks (issue 20)."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from foundations.linalg import randomized_svd
from foundations.linalg.chunked import split_rows
from foundations.linalg.chunked_kmeans import kmeans_lloyd_chunks, kmeans_parallel_init
from foundations.linalg.chunked_randomized import randomized_svd_chunks
from toolkit.distributed import (
    DaskEngine,
    StreamingEngine,
    dask_client,
    parse_memory_limit,
    partition_chunks,
)
from toolkit.errors import ClusterError, DataFileError
from toolkit.partitions import (
    Derived,
    Partition,
    estimated_bytes,
    find_partitions,
    materialize,
    read_partition,
)

CHUNKS = 7


@pytest.fixture(scope="module")
def engine():
    with dask_client(processes=False, n_workers=2) as client:
        yield DaskEngine(client)


@pytest.fixture(scope="module")
def rfm():
    from projects.kmeans.features import from_transactions

    return from_transactions(None, customer="customer_id", date="date", amount="amount").X


@pytest.fixture(scope="module")
def ames():
    from projects.regression.data import load_housing
    from projects.regression.pipeline import encode
    from projects.regression.results import Options

    options = Options()
    data = load_housing(None, options.target, drop_outliers=True, target_transform="auto")
    design = encode(data, options)
    return design.X_train, design.y_train


def test_importing_toolkit_does_not_import_dask():
    code = "import sys, toolkit, toolkit.distributed; assert 'dask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_kmeans_on_dask_gives_the_in_memory_labels_and_inertia(engine, rfm):
    from projects.kmeans import KMeans

    start = rfm[np.random.default_rng(0).choice(len(rfm), 4, replace=False)]
    reference = KMeans(4, init=start, n_init=1, tol=0, max_iter=300).fit(rfm)
    chunks = engine.scatter(split_rows(rfm, CHUNKS))
    run = kmeans_lloyd_chunks(chunks, start, engine=engine)
    np.testing.assert_array_equal(np.concatenate(engine.gather(run.labels)), reference.labels_)
    assert run.inertia == pytest.approx(reference.inertia_, rel=1e-12)
    assert run.n_iter == reference.n_iter_
    # k-means|| on the cluster: the same seeds give the same centres as the in-memory engine.
    local = kmeans_parallel_init(split_rows(rfm, CHUNKS), 4, random_state=3)
    np.testing.assert_array_equal(kmeans_parallel_init(chunks, 4, engine=engine, random_state=3),
                                  local)  # fmt: skip


def test_kmeans_with_an_empty_and_a_single_row_chunk(engine, rfm):
    start = rfm[:3]
    pieces = [rfm[:0], rfm[:1], rfm[1:5000], rfm[5000:5000], rfm[5000:]]
    run = kmeans_lloyd_chunks(engine.scatter(pieces), start, engine=engine, max_iter=50)
    local = kmeans_lloyd_chunks([rfm], start, max_iter=50)
    np.testing.assert_array_equal(np.concatenate(engine.gather(run.labels)), local.labels[0])
    assert run.inertia == pytest.approx(local.inertia, rel=1e-12)


@pytest.mark.parametrize("alpha", [0.0, 10.0])
def test_ols_and_ridge_on_dask_give_the_in_memory_coefficients(engine, ames, alpha):
    from projects.regression.distributed import fit_chunks
    from projects.regression.model import LinearRegression, Ridge

    X, y = ames
    reference = (Ridge(alpha=alpha) if alpha else LinearRegression()).fit(X, y)
    fit = fit_chunks(
        engine.scatter(split_rows(X, CHUNKS)), engine.scatter(split_rows(y, CHUNKS)), alpha,
        engine=engine,
    )  # fmt: skip
    scale = np.max(np.abs(reference.coef_))
    assert np.max(np.abs(fit.coef - reference.coef_)) <= 1e-10 * scale
    assert fit.intercept == pytest.approx(reference.intercept_, rel=1e-10)
    assert fit.rows == X.shape[0]


def test_randomized_svd_on_dask_is_as_accurate_as_in_memory(engine, ames):
    A = ames[0]
    U, s, Vt = randomized_svd(A, 10, n_iter=4, random_state=0)
    chunks = engine.scatter(split_rows(A, CHUNKS))
    Uc, sc, Vtc = randomized_svd_chunks(chunks, 10, n_iter=4, engine=engine, random_state=0)
    Uc = np.vstack(engine.gather(Uc))
    error = np.linalg.norm(A - (U * s) @ Vt)
    assert np.linalg.norm(A - (Uc * sc) @ Vtc) <= 1.001 * error


def test_partitions_are_read_and_a_missing_column_is_one_clear_error(engine, tmp_path):
    frame = pd.DataFrame({"a": np.arange(10.0), "b": np.arange(10) ** 2})
    frame.iloc[:6].to_parquet(tmp_path / "part-0.parquet")
    frame.iloc[6:].to_parquet(tmp_path / "part-1.parquet")
    parts = find_partitions(tmp_path, ["b", "a"])
    assert estimated_bytes(parts) == 10 * 2 * 8
    for stream in (False, True):
        held = partition_chunks(engine.client, parts, stream)
        assert held.streamed is stream and isinstance(held.engine, StreamingEngine) is stream
        got = np.vstack(held.engine.gather(held.engine.map(np.asarray, held.chunks)))
        np.testing.assert_array_equal(got, frame[["b", "a"]].to_numpy())
    frame.iloc[:3][["a"]].to_parquet(tmp_path / "part-2.parquet")
    with pytest.raises(DataFileError, match=r"part-2\.parquet: partition lacks column\(s\) b"):
        find_partitions(tmp_path, ["a", "b"])
    csv = tmp_path / "csv"
    csv.mkdir()
    frame.to_csv(csv / "x.csv", index=False)
    frame[["a"]].to_csv(csv / "y.csv", index=False)
    with pytest.raises(DataFileError, match=r"y\.csv: partition lacks column\(s\) b"):
        find_partitions(str(csv / "*.csv"), ["a", "b"])
    with pytest.raises(DataFileError, match=r"no \.parquet or \.csv"):
        find_partitions(tmp_path / "nothing-*.parquet", ["a"])


def test_a_column_that_is_not_numbers_is_one_error_naming_the_file(engine, tmp_path):
    pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}).to_csv(tmp_path / "p.csv", index=False)
    held = partition_chunks(engine.client, find_partitions(tmp_path, ["a", "b"]), True)
    with pytest.raises(DataFileError, match=r"p\.csv: column b holds values that are not numbers"):
        held.engine.gather(held.engine.map(np.shape, held.chunks))


def test_parquet_and_csv_partitions_read_as_pandas_does(tmp_path):
    frame = pd.DataFrame({"i": pd.array([1, None, 3], dtype="Int64"), "f": [0.5, np.nan, 2.0],
                          "b": [True, False, True]})  # fmt: skip
    frame.to_parquet(tmp_path / "p.parquet")
    frame.to_csv(tmp_path / "p.csv", index=False)
    expected = frame.astype("float64").to_numpy()
    for suffix in ("parquet", "csv"):
        part = Partition(str(tmp_path / f"p.{suffix}"), ("i", "f", "b"))
        np.testing.assert_array_equal(read_partition(part), expected)
        np.testing.assert_array_equal(
            read_partition(Partition(part.path, ("f",))), expected[:, 1:2]
        )
    pd.DataFrame({"a": [1.0], "s": ["x"]}).to_parquet(tmp_path / "s.parquet")
    with pytest.raises(DataFileError, match=r"s\.parquet: column s holds values that are not"):
        read_partition(Partition(str(tmp_path / "s.parquet"), ("a", "s")))
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataFileError, match=r"broken\.parquet: cannot be read"):
        read_partition(Partition(str(tmp_path / "broken.parquet"), ("a",)))


def _scaled_by(chunk, *, factor):
    return chunk * factor


def test_derived_chunks_are_applied_where_they_are_used(engine, tmp_path):
    frame = pd.DataFrame({"a": np.arange(6.0), "b": np.ones(6)})
    for i in range(3):
        frame.iloc[2 * i : 2 * i + 2].to_csv(tmp_path / f"p{i}.csv", index=False)
    parts = find_partitions(tmp_path, ["a", "b"])
    results = []
    for stream in (False, True):
        held = partition_chunks(engine.client, parts, stream)
        twice = held.engine.derive(_scaled_by, held.chunks, factor=2.0)
        four = held.engine.derive(_scaled_by, twice, factor=2.0)
        assert all(isinstance(c, Derived) for c in four) is stream
        results.append(held.engine.total(held.engine.map(np.add, four, held.chunks)))
    np.testing.assert_array_equal(results[0], results[1])
    np.testing.assert_array_equal(results[0], 5 * frame.to_numpy()[:2] + 5 * frame.to_numpy()[2:4]
                                  + 5 * frame.to_numpy()[4:])  # fmt: skip
    cache = {}
    value = materialize(Derived(np.add, (parts[0], parts[0])), cache)
    np.testing.assert_array_equal(value, 2 * frame.to_numpy()[:2])
    assert list(cache) == [parts[0]]  # the file was read once for both arguments


class _ClusterOf:
    """A stand-in client that only reports its workers' memory limits."""

    def __init__(self, *limits):
        self.limits = limits

    def scheduler_info(self):
        return {"workers": {f"w{i}": {"memory_limit": m} for i, m in enumerate(self.limits)}}


def test_partitions_are_streamed_when_they_would_fill_a_quarter_of_the_memory(tmp_path):
    pd.DataFrame({"a": np.arange(1000.0)}).to_parquet(tmp_path / "p.parquet")
    parts = find_partitions(tmp_path, ["a"])  # 8,000 bytes as float64
    assert partition_chunks(_ClusterOf(15_000, 16_999), parts).streamed
    assert "streamed" in partition_chunks(_ClusterOf(15_000, 16_999), parts).describe()
    assert partition_chunks(_ClusterOf(16_000, 16_000), parts, stream=True).streamed


def test_workers_dying_on_a_task_is_one_clear_error():
    from distributed import KilledWorker

    message = r"workers died running a task \(t-1\).*--memory-limit"
    with pytest.raises(ClusterError, match=message), dask_client(processes=False, n_workers=1):
        raise KilledWorker("t-1", "tcp://worker", 3)


def test_memory_limit_parsing():
    assert parse_memory_limit("1.5GB") == 1_500_000_000
    assert parse_memory_limit(None) == "auto"
    from foundations.errors import InputError

    with pytest.raises(InputError, match="memory-limit"):
        parse_memory_limit("lots")


def _scaled(chunk, *, M):
    return chunk @ M


@pytest.mark.parametrize("columns", [3, 10_000, 40_000])  # in the task (tiny, 320 kB) / scattered
def test_maps_sharing_an_argument_name_do_not_collide(engine, columns):
    # distributed keys plain keyword arguments of Client.map by their name: a second map with
    # M= of another value used to wait forever on the scheduler.
    rng = np.random.default_rng(1)
    chunks = engine.scatter(split_rows(rng.normal(size=(12, 4)), 3))
    for trial in range(3):
        M = rng.normal(size=(4, columns)) * (trial + 1)
        got = np.concatenate(engine.gather(engine.map(_scaled, chunks, M=M)))
        expected = np.concatenate(engine.gather(chunks)) @ M
        np.testing.assert_array_equal(got, expected)


def test_a_shared_future_reaches_the_function_as_its_value(engine):
    rng = np.random.default_rng(2)
    chunks = engine.scatter(split_rows(rng.normal(size=(9, 4)), 3))
    M = rng.normal(size=(4, 2))
    (held,) = engine.scatter([M])
    got = np.concatenate(engine.gather(engine.map(_scaled, chunks, M=held)))
    np.testing.assert_array_equal(got, np.concatenate(engine.gather(chunks)) @ M)
