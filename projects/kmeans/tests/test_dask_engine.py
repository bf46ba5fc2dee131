"""``--engine dask``: the CLI on the CDNOW customers in 7 Parquet partitions (issue 20)."""

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from ..cli import main
from ..features import RFM, from_transactions, standardise
from ..model import KMeans

DASK = ["--engine", "dask", "--in-process", "--workers", "2", "--features", ",".join(RFM)]


@pytest.fixture(scope="module")
def partitions(tmp_path_factory):
    raw = from_transactions(None, customer="customer_id", date="date", amount="amount").raw
    raw = raw.reset_index(drop=True)
    folder = tmp_path_factory.mktemp("rfm-parts")
    for i, rows in enumerate(np.array_split(np.arange(len(raw)), 7)):
        raw.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    return raw, folder


def _segments(out, metrics):
    return pd.concat(pd.read_parquet(out / p) for p in metrics["segments"])["segment"].to_numpy()


@pytest.mark.parametrize("stream", ["never", "always"])
def test_dask_engine_from_given_centres_gives_the_in_memory_labels(partitions, tmp_path, stream):
    raw, folder = partitions
    init = raw.iloc[np.random.default_rng(1).choice(len(raw), 4, replace=False)]
    init.to_csv(tmp_path / "init.csv", index=False)
    out = tmp_path / "out"
    argv = ["--data", str(folder), "--k", "4", "--init", str(tmp_path / "init.csv"),
            "--out", str(out), "--stream", stream, *DASK]  # fmt: skip
    assert run_cli(main, argv) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["partitions_streamed"] is (stream == "always")
    memory = standardise(raw, "in memory")
    start = init.to_numpy(dtype=float)
    logged = [list(RFM).index(name) for name in memory.logged]
    start[:, logged] = np.log1p(start[:, logged])
    reference = KMeans(4, init=(start - memory.mean) / memory.scale, n_init=1, tol=0).fit(memory.X)
    assert metrics["log_transformed"] == memory.logged == ["frequency", "monetary"]
    np.testing.assert_array_equal(_segments(out, metrics), reference.labels_)
    assert metrics["inertia"] == pytest.approx(reference.inertia_, rel=1e-12)
    assert (metrics["engine"], metrics["partitions"], metrics["workers"]) == ("dask", 7, 2)
    assert metrics["sizes"] == np.bincount(reference.labels_).tolist()


def test_dask_engine_seeds_by_kmeans_parallel_deterministically(partitions, tmp_path):
    _, folder = partitions
    runs = []
    for name in ["a", "b"]:
        argv = ["--data", str(folder), "--k", "3", "--seed", "5", "--out", str(tmp_path / name),
                *DASK]  # fmt: skip
        assert run_cli(main, argv) == 0
        metrics = json.loads((tmp_path / name / "metrics.json").read_text())
        runs.append((metrics["centres"], _segments(tmp_path / name, metrics)))
    assert metrics["init"].startswith("k-means||")
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert len(set(runs[0][1])) == 3


def test_a_partition_missing_a_column_is_one_error(partitions, tmp_path, capsys):
    raw, folder = partitions
    raw.iloc[:5].drop(columns="monetary").to_parquet(tmp_path / "part-7.parquet", index=False)
    for part in folder.iterdir():
        (tmp_path / part.name).write_bytes(part.read_bytes())
    argv = ["--data", str(tmp_path), "--k", "3", "--out", str(tmp_path / "out"), *DASK]
    assert run_cli(main, argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: ") and "part-7.parquet" in err[-1] and "monetary" in err[-1]
    assert not any("Traceback" in line for line in err)


def test_engine_arguments_are_checked(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--engine", "dask", "--k", "3"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["--init", "x.csv"])
    assert "go(es) with --engine dask" in capsys.readouterr().err
