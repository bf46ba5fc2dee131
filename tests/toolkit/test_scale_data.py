"""The scale data generator (issue 20): deterministic, shaped like the real data, safe."""

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli
from toolkit.datasets import load_ames
from toolkit.output import REPO_ROOT
from toolkit.scale_data import cdnow_rfm, main


def _read(folder):
    return pd.concat(pd.read_parquet(p) for p in sorted(folder.glob("*.parquet")))


def test_writes_n_rows_deterministically_and_like_the_real_data(tmp_path):
    args = ["2500", "--rows-per-part", "1000", "--seed", "4"]
    assert run_cli(main, [*args, "--out", str(tmp_path / "a")]) == 0
    assert run_cli(main, [*args, "--out", str(tmp_path / "b")]) == 0
    customers, houses = _read(tmp_path / "a" / "customers"), _read(tmp_path / "a" / "houses")
    assert len(list((tmp_path / "a" / "houses").glob("*.parquet"))) == 3
    assert len(customers) == len(houses) == 2500
    pd.testing.assert_frame_equal(customers, _read(tmp_path / "b" / "customers"))
    pd.testing.assert_frame_equal(houses, _read(tmp_path / "b" / "houses"))
    assert customers["customer_id"].is_unique and (customers["recency"] >= 1).all()
    real = cdnow_rfm()
    assert set(customers["frequency"]) <= set(real["frequency"])
    assert np.median(customers["monetary"]) == pytest.approx(np.median(real["monetary"]), rel=0.2)
    ames = load_ames()
    assert list(houses.columns) == list(ames.columns)
    assert houses["price"].median() == pytest.approx(ames["price"].median(), rel=0.1)
    assert set(houses["Neighborhood"]) <= set(ames["Neighborhood"])
    other = tmp_path / "c"
    assert (
        run_cli(main, ["2500", "--rows-per-part", "1000", "--seed", "5", "--out", str(other)]) == 0
    )
    assert not _read(other / "customers").equals(customers)


def test_refuses_the_data_folder(capsys):
    assert run_cli(main, ["10", "--out", str(REPO_ROOT / "data" / "scale")]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert not (REPO_ROOT / "data" / "scale").exists()
