"""The command line end to end: the digits, a CSV of one's own, and every bad input."""

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from ..cli import main

FAST = ["--epochs", "15", "--hidden", "16", "--same-start-epochs", "10"]


def test_default_run_writes_the_report(tmp_path, capsys):
    out = tmp_path / "report"
    assert run_cli(main, ["--out", str(out), *FAST, "--threads", "1"]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["n_input_rows"] == 1797 and m["n_train"] + m["n_validation"] + m["n_test"] == 1797
    assert m["n_parameters"] == 64 * 16 + 16 + 16 * 10 + 10
    assert m["same_start"]["within_1e-10"]
    assert m["sklearn_replay_matches_fit"]
    assert m["tensor_fit_max_relative_loss_gap"] < 1e-10
    assert m["gradient_check"]["vs_tensor_autodiff"] < 1e-12
    report = (out / "report.md").read_text()
    assert report.startswith("# A multilayer perceptron") and "16 → 10" in report
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert figures == ["confusion.png", "first_layer.png", "loss_curves.png",
                       "misclassified.png", "same_start.png"]  # fmt: skip
    for name in figures:
        assert f"figures/{name}" in report
    predictions = pd.read_csv(out / "predictions.csv")
    assert len(predictions) == m["n_test"]
    probs = predictions[[f"p_{k}" for k in range(10)]].to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-9)
    accuracy = float(np.mean(predictions["actual"] == predictions["predicted"]))
    assert accuracy == pytest.approx(m["scores"][0]["test_accuracy"])
    assert "scikit-learn" in capsys.readouterr().out


def test_same_seed_same_report(tmp_path):
    args = [*FAST, "--no-tensor-fit", "--seed", "5"]
    assert run_cli(main, ["--out", str(tmp_path / "a"), *args]) == 0
    assert run_cli(main, ["--out", str(tmp_path / "b"), *args]) == 0
    a, b = (pd.read_csv(tmp_path / x / "predictions.csv") for x in "ab")
    pd.testing.assert_frame_equal(a, b)


def test_own_csv_with_mixed_columns(tmp_path):
    rng = np.random.default_rng(0)
    n = 150
    kind = rng.integers(0, 3, n)
    frame = pd.DataFrame(
        {
            "x1": rng.normal(size=n) + kind,
            "x2": rng.normal(size=n) * 100,
            "shop": rng.choice(["north", "south"], n),
            "label": np.array(["low", "mid", "high"])[kind],
        }
    )
    frame.loc[3, "x1"] = np.nan
    csv = tmp_path / "mine.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    code = run_cli(main, ["--data", str(csv), "--target", "label", "--out", str(out),
                          "--optimizer", "momentum", "--hidden", "8,4", *FAST[:2]])  # fmt: skip
    assert code == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["n_features"] == 4 and m["layer_sizes"] == [4, 8, 4, 3]
    assert any("x1" in note for note in m["cleaning"])
    assert not (out / "figures" / "first_layer.png").exists()  # no images to draw


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "does not exist"),
        ("a,b\n1,x\n2,y\n", ["--target", "missing"], "no column 'missing'"),
        ("a,b\n1,x\n2,x\n3,x\n", ["--target", "b"], "at least 2"),
        ("a,b\n1,x\n2,y\n3,x\n", ["--target", "b"], "fewer than 3"),
        ("a,b\ninf,x\n2,y\n3,x\n4,y\n5,x\n6,y\n", ["--target", "b"], "inf"),
    ],
)
def test_bad_data_gets_one_clear_message(tmp_path, capsys, content, args, message):
    csv = tmp_path / "data.csv"
    if content is not None:
        csv.write_text(content)
    code = run_cli(main, ["--data", str(csv), "--out", str(tmp_path / "r"), *args])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last


@pytest.mark.parametrize(
    "args",
    [
        ["--hidden", "64,x"],
        ["--hidden", "0"],
        ["--epochs", "0"],
        ["--learning-rate", "-1"],
        ["--alpha", "-0.1"],
        ["--batch-size", "0"],
        ["--optimizer", "rmsprop"],
        ["--test-size", "1.5"],
        ["--test-size", "0.5", "--validation-size", "0.45"],
        ["--threads", "-1"],
    ],
)
def test_bad_arguments_exit_2(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as exc:
        main(["--out", str(tmp_path / "r"), *args])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_refuses_a_folder_it_did_not_make(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert run_cli(main, ["--out", str(tmp_path), *FAST]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text() == "mine"
