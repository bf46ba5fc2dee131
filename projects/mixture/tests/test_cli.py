"""The command line end to end: the penguins' report, your own CSV, and every refusal."""

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from .. import pipeline
from ..cli import main

FIGURES = ["criteria", "ellipses_features", "ellipses_pca", "log_likelihood", "soft_assignments"]


@pytest.fixture(scope="module")
def penguins_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("penguins") / "report"
    code = run_cli(main, ["--out", str(out), "--threads", "1", "--k-max", "4", "--n-init", "3"])
    return code, out


def test_the_penguins_report(penguins_run):
    code, out = penguins_run
    assert code == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["n_input_rows"] == 344 and m["n_dropped_rows"] == 2 and m["n_samples"] == 342
    assert m["dropped_rows"] == [3, 271]
    assert m["k"] == 3 and not m["k_given"] and m["label"] == "species"
    same = m["same_start"]
    assert same["max_relative_gap_per_iteration"] < 1e-10 and same["labels_identical"]
    assert same["iterations_ours"] == same["iterations_sklearn"]
    assert m["history_never_falls"] and m["ari_vs_labels"] > 0.9
    assert sorted(m["bic"]) == ["diag", "full", "spherical", "tied"]
    report = (out / "report.md").read_text()
    assert report.startswith("# Gaussian mixtures")
    assert "2 of 344 rows dropped" in report and "9 kept rows have no 'sex'" in report
    assert "`assignments.csv`" in report and "`figures/ellipses_pca.png`" in report
    assert sorted(p.stem for p in (out / "figures").glob("*.png")) == FIGURES


def test_assignments_hold_every_row(penguins_run):
    _, out = penguins_run
    table = pd.read_csv(out / "assignments.csv")
    assert len(table) == 344 and list(table["row"]) == list(range(344))
    assert set(table["species"]) == {"Adelie", "Chinstrap", "Gentoo"}
    dropped = table[table["status"] != "fitted"]
    assert list(dropped["row"]) == [3, 271] and dropped["p_0"].isna().all()
    fitted = table[table["status"] == "fitted"]
    probs = fitted[["p_0", "p_1", "p_2"]].to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    assert (fitted["component"] == probs.argmax(axis=1)).all()
    assert (fitted["uncertain"] == (probs.max(axis=1) < 0.9)).all()


def test_a_second_run_may_reuse_its_own_folder(tmp_path):
    out = tmp_path / "r"
    quick = ["--out", str(out), "--k-max", "1", "--n-init", "1", "--features", "bill_depth_mm"]
    assert run_cli(main, [*quick, "--k", "2"]) == 0
    assert run_cli(main, [*quick, "--k", "3"]) == 0
    assert json.loads((out / "metrics.json").read_text())["k"] == 3


def own_csv(tmp_path, n=90, d=3, seed=0):
    rng = np.random.default_rng(seed)
    groups = np.repeat([0, 1, 2], n // 3)
    frame = pd.DataFrame(
        rng.normal(size=(n, d)) + 6.0 * groups[:, None], columns=list("abcdefgh"[:d])
    )
    frame["kind"] = np.array(["x", "y", "z"])[groups]
    frame["note"] = "text"
    return frame


def test_own_csv_counts_what_was_cleaned(tmp_path):
    frame = own_csv(tmp_path)
    frame.loc[[4, 9], "b"] = np.nan
    frame.loc[[5], "kind"] = np.nan
    csv = tmp_path / "mine.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    argv = ["--data", str(csv), "--label-col", "kind", "--out", str(out), "--k-max", "4"]
    argv += ["--n-init", "1"]
    assert run_cli(main, argv) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["features"] == ["a", "b", "c"] and m["n_dropped_rows"] == 2 and m["k"] == 3
    assert m["ari_vs_labels"] == pytest.approx(1.0)
    report = (out / "report.md").read_text()
    assert "2 of 90 rows dropped" in report and "1 kept rows have no 'kind'" in report
    assert "left out as not numeric (name them in --features to see why): note" in report
    rows = pd.read_csv(out / "assignments.csv")
    assert rows.loc[[4, 9], "status"].str.startswith("dropped").all()


def test_one_feature_and_a_given_k(tmp_path):
    frame = own_csv(tmp_path, d=1)
    csv = tmp_path / "one.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    argv = ["--data", str(csv), "--features", "a", "--k", "3", "--k-max", "3", "--out", str(out)]
    assert run_cli(main, [*argv, "--covariance-type", "spherical"]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["k"] == 3 and m["k_given"] and m["label"] is None and m["ari_vs_labels"] is None
    assert not (out / "figures" / "ellipses_pca.png").exists()


@pytest.mark.parametrize(
    ("edit", "args", "message"),
    [
        (None, [], "does not exist"),
        (lambda f: f, ["--features", "a,zz"], "no column 'zz'"),
        (lambda f: f, ["--label-col", "missing"], "no column 'missing'"),
        (
            lambda f: f.assign(a=f["a"].astype(str).where(f.index != 3, "oops")),
            ["--features", "a,b"],
            "'a' is not numeric",
        ),
        (lambda f: f.assign(a=f["a"].where(f.index != 3, np.inf)), [], "'a' holds inf in 1 row"),
        (lambda f: f.assign(c=1.5), [], "'c' is constant"),
        (lambda f: f.assign(a=np.nan), [], "every one of the 90 rows"),
        (lambda f: f.iloc[:4], ["--k", "5"], "fewer than the k = 5"),
        (lambda f: f.iloc[:1], [], "at least 2"),
        (lambda f: f, ["--features", "a,a"], "named twice"),
        (lambda f: f, ["--features", "a,kind", "--label-col", "kind"], "cannot also be a feature"),
        (lambda f: f[["kind", "note"]], [], "no numeric column"),
    ],
)
def test_bad_input_gets_one_clear_message(tmp_path, capsys, edit, args, message):
    csv = tmp_path / "data.csv"
    if edit is not None:
        edit(own_csv(tmp_path)).to_csv(csv, index=False)
    code = run_cli(main, ["--data", str(csv), "--out", str(tmp_path / "r"), "--k-max", "2", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k", "0"], "--k"),
        (["--k-max", "0"], "--k-max"),
        (["--n-init", "0"], "--n-init"),
        (["--tol", "-1"], "--tol"),
        (["--reg-covar", "nan"], "--reg-covar"),
        (["--uncertain", "1.5"], "--uncertain"),
        (["--covariance-type", "round"], "--covariance-type"),
        (["--label-col", "species"], "--label-col goes with --data"),
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
