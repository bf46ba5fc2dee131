import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from .. import pipeline
from ..cli import main

FIGURES = [
    "cv_curve.png",
    "gd_loss.png",
    "largest_coefficients.png",
    "predicted_vs_actual.png",
    "residual_distribution.png",
    "residuals_vs_fitted.png",
]


def test_default_run_on_ames(tmp_path, capsys):
    out = tmp_path / "report"
    code = run_cli(main, ["--out", str(out), "--alphas", "1,10,100,1000", "--seed", "2"])
    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_samples"] == 2925 and metrics["n_train"] + metrics["n_test"] == 2925
    assert metrics["cv_alpha"] == metrics["sklearn_cv_alpha"]
    # the Ames design has exactly collinear columns: found by the pivoted Cholesky, no SVD
    assert metrics["ols"]["solver"] == "pivoted cholesky"
    assert metrics["ols"]["rank"] < metrics["n_features"]
    assert metrics["ols"]["max_coef_diff"] < 1e-8
    assert metrics["ridge"]["max_coef_diff"] < 1e-8
    ours, ref = (
        metrics["test"]["ours: LinearRegression"],
        metrics["test"]["scikit-learn LinearRegression"],
    )
    assert ours["rmse"] == pytest.approx(ref["rmse"], rel=1e-9)
    assert 0.8 < ours["r2_model_scale"] < 1
    for run in metrics["gd"].values():
        assert run["converged"] and run["max_coef_diff_from_closed_form"] < 1e-6
    refused = [row for row in metrics["solvers_ols"] if row["solver"] == "cholesky"]
    assert "refused" in refused[0]["result"]
    assert sorted(p.name for p in (out / "figures").glob("*.png")) == FIGURES
    report = (out / "report.md").read_text()
    assert report.startswith("# House prices") and "minimum-norm" in report
    for figure in FIGURES:
        assert f"figures/{figure}" in report
    printed = capsys.readouterr().out
    assert "scikit-learn RidgeCV" in printed and "cholesky" in printed


def housing_csv(path, n=150, seed=0):
    """A housing table the pipeline has never seen: other names, text numbers, gaps."""
    rng = np.random.default_rng(seed)
    sqft = rng.uniform(600, 3500, n)
    hood = rng.choice(["north", "south", "east", "west"], n)
    beds = rng.integers(1, 6, n).astype(float)
    price = 50 * sqft * np.exp(rng.normal(0, 0.1, n)) * np.where(hood == "north", 1.3, 1.0)
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "sqft": sqft,
            "bedrooms": beds,
            "neighbourhood": hood,
            "condition": rng.choice(["Ex", "Gd", "TA", "Fa"], n),
            "garage": rng.choice([True, False], n),
            "price": price,
        }
    )
    frame.loc[::17, "bedrooms"] = np.nan
    frame.loc[::23, "neighbourhood"] = None
    frame.loc[5, "price"] = np.nan
    frame.to_csv(path, index=False)
    return frame


def test_runs_unchanged_on_an_unseen_csv(tmp_path):
    csv = tmp_path / "homes.csv"
    housing_csv(csv)
    out = tmp_path / "r"
    assert run_cli(main, ["--data", str(csv), "--target", "price", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_samples"] == 149  # the row without a price is dropped
    # sqft, bedrooms, condition (an ordinal quality scale), garage, and 3 neighbourhood levels
    assert metrics["n_features"] == 7
    assert metrics["test"]["ours: LinearRegression"]["r2_model_scale"] > 0.7
    assert (out / "report.md").exists()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "does not exist"),
        ("a,b\n1,2\n", ["--target", "missing"], "no column 'missing'"),
        ("a,price\n" + "1,cheap\n" * 30, [], "not numeric"),
        ("a,price\n" + ",5\n" * 30, [], "no usable feature"),
        ("a,price\n" + "1,5\n" * 5, [], "at least 20 rows"),
        ("price\n1\n2\n", [], "need a target and at least one feature"),
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


def test_out_is_checked_before_any_work(tmp_path, capsys, monkeypatch):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "report.md").write_text("my own notes")

    def no_work(*args, **kwargs):
        raise AssertionError("the pipeline ran before --out was checked")

    monkeypatch.setattr(pipeline, "run", no_work)
    assert run_cli(main, ["--out", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--force" in err
    assert (foreign / "report.md").read_text() == "my own notes"


@pytest.mark.parametrize("argv", [["--threads", "-1"], ["--seed", "-1"], ["--folds", "1"]])
def test_bad_common_arguments_exit_2(argv, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--out", str(tmp_path / "r")])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
