import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from .. import pipeline
from ..cli import main


def test_default_run_writes_report(tmp_path, capsys):
    out = tmp_path / "report"
    assert run_cli(main, ["--out", str(out), "--seed", "3", "--threads", "1"]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_samples"] == 178
    assert metrics["n_dropped_rows"] == 0
    assert metrics["prediction_agreement"] >= 0.95
    assert metrics["max_centroid_difference"] < 1e-12
    report = (out / "report.md").read_text()
    assert report.startswith("# Nearest-centroid")
    assert "`predictions.csv`" in report and "`figures/confusion.png`" in report
    assert sorted(p.name for p in (out / "figures").glob("*.png")) == [
        "centroids.png",
        "confusion.png",
    ]
    predictions = pd.read_csv(out / "predictions.csv")
    assert list(predictions.columns) == ["row", "actual", "predicted", "predicted_sklearn"]
    assert len(predictions) == metrics["n_test"]
    accuracy = float(np.mean(predictions["actual"] == predictions["predicted"]))
    assert accuracy == pytest.approx(metrics["ours"]["test_accuracy"])
    assert "scikit-learn" in capsys.readouterr().out


def test_a_second_run_may_reuse_its_own_folder(tmp_path):
    out = tmp_path / "report"
    assert run_cli(main, ["--out", str(out)]) == 0
    assert run_cli(main, ["--out", str(out), "--seed", "1"]) == 0
    assert json.loads((out / "metrics.json").read_text())["seed"] == 1


def test_own_csv_counts_what_was_cleaned(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    frame.loc[[4, 9], "b"] = np.nan
    frame["kind"] = np.repeat(["x", "y", "z"], 20)
    frame["note"] = "text column, ignored"
    csv = tmp_path / "mine.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    assert run_cli(main, ["--data", str(csv), "--target", "kind", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_features"] == 3
    assert metrics["n_dropped_rows"] == 2 and metrics["ignored_columns"] == ["note"]
    report = (out / "report.md").read_text()
    assert "2 of 60 rows dropped" in report and "note" in report
    rows = pd.read_csv(out / "predictions.csv")["row"]
    assert not set(rows) & {4, 9} and rows.between(0, 59).all()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "does not exist"),
        ("a,b\n1,x\n2,y\n", ["--target", "missing"], "no column 'missing'"),
        ("a,b\nu,x\nv,y\n", ["--target", "b"], "no numeric feature"),
        ("a,b\n1,x\n2,x\n", ["--target", "b"], "at least two classes"),
        ("a,b\n1,x\ninf,x\n2,y\n3,y\n", ["--target", "b"], "'a' holds inf in 1 row"),
    ],
)
def test_bad_input_gets_one_clear_message(tmp_path, capsys, content, args, message):
    csv = tmp_path / "data.csv"
    if content is not None:
        csv.write_text(content)
    code = run_cli(main, ["--data", str(csv), "--out", str(tmp_path / "r"), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--test-size", "1.5"], "--test-size"),
        (["--threads", "-1"], "--threads"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_bad_argument_values_exit_2(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as stop:
        run_cli(main, ["--out", str(tmp_path / "r"), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_out_is_checked_before_any_work(tmp_path, capsys, monkeypatch):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "report.md").write_text("the user's own file")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the pipeline ran before --out was checked")

    monkeypatch.setattr(pipeline, "run", must_not_run)
    assert run_cli(main, ["--out", str(foreign)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (foreign / "report.md").read_text() == "the user's own file"
