import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from ..cli import main


def test_default_run_writes_report(tmp_path, capsys):
    out = tmp_path / "report"
    assert run_cli(main, ["--out", str(out), "--seed", "3"]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_samples"] == 178
    assert metrics["prediction_agreement"] >= 0.95
    assert metrics["max_centroid_difference"] < 1e-12
    assert (out / "report.md").read_text().startswith("# Nearest-centroid")
    assert sorted(p.name for p in (out / "figures").glob("*.png")) == [
        "centroids.png",
        "confusion.png",
    ]
    assert "scikit-learn" in capsys.readouterr().out


def test_own_csv(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    frame["kind"] = np.repeat(["x", "y", "z"], 20)
    frame["note"] = "text column, ignored"
    csv = tmp_path / "mine.csv"
    frame.to_csv(csv, index=False)
    assert (
        run_cli(main, ["--data", str(csv), "--target", "kind", "--out", str(tmp_path / "r")]) == 0
    )
    assert json.loads((tmp_path / "r" / "metrics.json").read_text())["n_features"] == 3


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "does not exist"),
        ("a,b\n1,x\n2,y\n", ["--target", "missing"], "no column 'missing'"),
        ("a,b\nu,x\nv,y\n", ["--target", "b"], "no numeric feature"),
        ("a,b\n1,x\n2,x\n", ["--target", "b"], "at least two classes"),
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
