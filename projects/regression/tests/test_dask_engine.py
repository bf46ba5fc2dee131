"""``--engine dask``: the CLI on the Ames data in 7 Parquet partitions (issue 20)."""

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli
from toolkit.datasets import load_ames

from ..cli import main
from ..model import LinearRegression

# Complete numeric columns and one with missing values (Garage.Area: one house).
FEATURES = ["area", "Lot.Area", "Overall.Qual", "Year.Built", "Total.Bsmt.SF", "Garage.Area"]
DASK = ["--engine", "dask", "--in-process", "--workers", "2"]


@pytest.fixture(scope="module")
def partitions(tmp_path_factory):
    frame = load_ames()[[*FEATURES, "price"]]
    folder = tmp_path_factory.mktemp("ames-parts")
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), 7)):
        frame.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    return frame, folder


@pytest.mark.parametrize("stream", [[], ["--stream", "always"]])
def test_dask_engine_gives_the_in_memory_coefficients(partitions, tmp_path, capsys, stream):
    frame, folder = partitions
    out = tmp_path / "out"
    argv = ["--data", str(folder), "--features", ",".join(FEATURES), "--out", str(out), *DASK,
            *stream]  # fmt: skip
    assert run_cli(main, argv) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["partitions_streamed"] is bool(stream)  # the Ames data fits: held by default
    complete = frame.dropna()
    reference = LinearRegression().fit(complete[FEATURES].to_numpy(), np.log(complete["price"]))
    coef = np.array([metrics["coef"][f] for f in FEATURES])
    np.testing.assert_allclose(coef, reference.coef_, rtol=1e-10)
    assert metrics["intercept"] == pytest.approx(reference.intercept_, rel=1e-10)
    assert (metrics["engine"], metrics["partitions"], metrics["workers"]) == ("dask", 7, 2)
    assert metrics["rows_dropped_incomplete"] == len(frame) - len(complete) > 0
    assert metrics["log_target"]
    predictions = pd.concat(pd.read_parquet(out / p) for p in metrics["predictions"])
    assert len(predictions) == len(complete)
    expected = np.exp(reference.predict(complete[FEATURES].to_numpy()))
    np.testing.assert_allclose(predictions["predicted"], expected, rtol=1e-9)
    assert "7 partitions on 2 worker(s)" in capsys.readouterr().out
    assert "Engine **dask**: 7 partitions" in (out / "report.md").read_text()


def test_a_partition_missing_a_column_is_one_error(partitions, tmp_path, capsys):
    frame, folder = partitions
    broken = tmp_path / "broken"
    broken.mkdir()
    for part in folder.iterdir():
        (broken / part.name).write_bytes(part.read_bytes())
    frame.iloc[:5].drop(columns="Lot.Area").to_parquet(broken / "part-7.parquet", index=False)
    argv = ["--data", str(broken), "--features", ",".join(FEATURES), "--out",
            str(tmp_path / "out"), *DASK]  # fmt: skip
    assert run_cli(main, argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: ") and "part-7.parquet" in err[-1] and "Lot.Area" in err[-1]
    assert not any("Traceback" in line for line in err)


def test_engine_arguments_are_checked(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--engine", "dask"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["--scheduler", "tcp://x:1"])
    assert "go(es) with --engine dask" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--stream", "always"])
    assert "--stream go(es) with --engine dask" in capsys.readouterr().err
