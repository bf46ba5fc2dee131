"""What a user comes for, on small files made here: predictions, new houses, honest cleaning."""

import errno
import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from .. import pipeline
from ..cli import main
from ..encoding import FeatureEncoder, encoding_notes

ALPHAS = np.array([0.1, 1.0, 10.0])


def homes(n=120, seed=0) -> pd.DataFrame:
    """House sales with an id, numbers, a category, a quality scale and gaps."""
    rng = np.random.default_rng(seed)
    sqft = rng.uniform(600, 3500, n)
    hood = rng.choice(["north", "south", "east"], n)
    price = 60 * sqft * np.exp(rng.normal(0, 0.1, n)) * np.where(hood == "north", 1.3, 1.0)
    frame = pd.DataFrame(
        {
            "HouseID": [f"H{i:04d}" for i in range(n)],
            "sqft": sqft,
            "beds": rng.integers(1, 6, n).astype(float),
            "hood": hood,
            "kitchen": rng.choice(["Ex", "Gd", "TA"], n),
            "zone_id": rng.integers(0, 4, n),  # named like an id, but repeats: a feature
            "price": price,
        }
    )
    frame.loc[::13, "beds"] = np.nan
    frame.loc[::29, "hood"] = None
    return frame


def run(tmp_path, frame, **options):
    csv = tmp_path / "homes.csv"
    frame.to_csv(csv, index=False)
    return pipeline.run(pipeline.Options(data=csv, alphas=ALPHAS, **options))


def test_predictions_of_the_test_split(tmp_path):
    frame = homes()
    result = run(tmp_path, frame)
    p = result.predictions
    d = result.design
    assert p.id_name == "HouseID" and p.ids.size == d.test.size
    # the ids are the test rows' own, and the actual prices are theirs
    by_id = frame.set_index("HouseID")["price"]
    np.testing.assert_array_equal(p.actual, by_id.loc[p.ids].to_numpy())
    np.testing.assert_allclose(p.residual, p.actual - p.predicted)
    # the predictions are the ridge model's, back in dollars
    np.testing.assert_allclose(p.predicted, np.exp(result.ridge.test_prediction), rtol=1e-12)
    rmse = np.sqrt(np.mean(p.residual**2))
    assert rmse == pytest.approx(result.ridge_score.scores.rmse, rel=1e-12)
    # every imputed cell of the test split is counted, row by row
    test = frame.iloc[d.test]
    assert p.imputed.sum() == test[["beds", "hood"]].isna().to_numpy().sum()


def test_identifier_left_out_and_said_so_but_features_can_use_it(tmp_path):
    result = run(tmp_path, homes())
    names = result.feature_names
    assert not any(n.startswith("HouseID") for n in names)
    assert "zone_id" in names  # repeats, so not an identifier
    assert any("identifier" in n and "HouseID" in n for n in result.data.notes)
    chosen = run(tmp_path, homes().assign(HouseID=np.arange(120)), features=("HouseID", "sqft"))
    assert chosen.feature_names == ["HouseID", "sqft"]


def test_features_and_drop(tmp_path):
    result = run(tmp_path, homes(), drop=("hood", "zone_id"))
    assert not any(n.startswith(("hood", "zone_id")) for n in result.feature_names)
    assert any("--drop" in n and "hood" in n for n in result.data.notes)
    only = run(tmp_path, homes(), features=("sqft", "kitchen"))
    assert only.feature_names == ["sqft", "kitchen"]  # kitchen read as an ordinal scale


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"features": ("sqft", "nope")}, "--features names 'nope'"),
        ({"drop": ("nope",)}, "--drop names 'nope'"),
        ({"features": ("price",)}, "cannot be a feature"),
    ],
)
def test_unknown_columns_are_one_clear_error(tmp_path, options, message):
    from foundations.errors import InputError

    with pytest.raises(InputError, match=message):
        run(tmp_path, homes(), **options)


def test_target_transform(tmp_path):
    assert run(tmp_path, homes()).data.log_target
    plain = run(tmp_path, homes(), target_transform="none")
    assert not plain.data.log_target
    np.testing.assert_array_equal(plain.data.y, plain.data.target)
    s = plain.ridge_score.scores
    assert s.rmse == s.rmse_model_scale and s.r2 == s.r2_model_scale
    from foundations.errors import InputError

    negative = homes().assign(price=lambda f: f["price"] - 150_000)
    with pytest.raises(InputError, match=r"needs a positive price, but \d+ rows"):
        run(tmp_path, negative, target_transform="log")
    assert not run(tmp_path, negative).data.log_target  # auto: no log for values <= 0


@pytest.mark.parametrize("column", ["sqft", "beds"])
def test_inf_in_a_used_column_is_one_error_naming_it(tmp_path, capsys, column):
    frame = homes()
    frame.loc[[3, 50, 51], column] = [np.inf, -np.inf, np.inf]
    csv = tmp_path / "homes.csv"
    frame.to_csv(csv, index=False)
    assert run_cli(main, ["--data", str(csv), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"the column '{column}'" in err and "inf in 3 rows" in err
    # a column the model does not use may hold inf
    ok = run(tmp_path, frame.assign(**{column: frame[column]}), drop=(column,))
    assert column not in ok.feature_names


def test_imputed_cells_are_counted_in_the_notes():
    frame = homes().drop(columns=["HouseID", "price"])
    train, test = frame.iloc[:80], frame.iloc[80:]
    encoder = FeatureEncoder(min_count=1).fit(train)
    notes = encoding_notes(encoder, {"the training split": train, "the test split": test})
    n_train = int(train[["beds", "hood"]].isna().to_numpy().sum())
    n_test = int(test[["beds", "hood"]].isna().to_numpy().sum())
    assert any(
        n.startswith(f"imputed {n_train} missing cells of the training split") for n in notes
    )
    assert any(n.startswith(f"imputed {n_test} missing cells of the test split") for n in notes)
    unseen = test.assign(hood=["west"] * len(test))
    notes = encoding_notes(encoder, {"new": unseen})
    assert any(f"{len(test)} cells of new hold a level" in n for n in notes)


def test_cli_writes_predictions_and_prices_new_houses(tmp_path, capsys):
    frame = homes()
    csv, new_csv = tmp_path / "homes.csv", tmp_path / "new.csv"
    frame.to_csv(csv, index=False)
    new = frame.drop(columns=["price"])  # every house again, so the test split is among them
    new.loc[1, "beds"] = np.nan
    new.to_csv(new_csv, index=False)
    out = tmp_path / "r"
    argv = [
        "--data",
        str(csv),
        "--alphas",
        "0.1,1,10",
        "--out",
        str(out),
        "--predict",
        str(new_csv),
    ]
    assert run_cli(main, argv) == 0
    held_out = pd.read_csv(out / "predictions.csv")
    assert list(held_out.columns) == ["id", "actual", "predicted", "residual", "imputed_cells"]
    priced = pd.read_csv(out / "new_predictions.csv")
    assert list(priced.columns) == ["id", "predicted", "imputed_cells"]
    assert list(priced["id"]) == list(new["HouseID"]) and priced["imputed_cells"].iloc[1] >= 1
    # a house of the test split is priced the same as a new house and as a held-out sale
    both = held_out.merge(priced, on="id", suffixes=("_test", "_new"))
    full = both[both["imputed_cells_test"] == both["imputed_cells_new"]]
    assert len(both) == len(held_out) and len(full) >= len(both) - 1
    np.testing.assert_allclose(full["predicted_test"], full["predicted_new"], rtol=1e-12)
    assert (priced["predicted"] > 0).all()
    report = (out / "report.md").read_text()
    for name in ("predictions.csv", "new_predictions.csv", "metrics.json", "figures/cv_curve.png"):
        assert f"`{name}`" in report
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["new_predictions"]["rows"] == len(new)
    header = capsys.readouterr().out.splitlines()[0]
    assert header.index("R² ($)") < header.index("R² (log)")  # the target's units first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns=["hood"]), "has no column 'hood'"),
        (lambda f: f.assign(sqft=["big"] * len(f)), "holds text ('big'"),
        (lambda f: f.assign(sqft=np.inf), "holds inf in 5 rows"),
    ],
)
def test_bad_predict_file_is_one_error_before_any_fitting(tmp_path, capsys, change, message):
    frame = homes()
    csv, new_csv = tmp_path / "homes.csv", tmp_path / "new.csv"
    frame.to_csv(csv, index=False)
    change(frame.iloc[:5].drop(columns=["price"])).to_csv(new_csv, index=False)
    argv = ["--data", str(csv), "--out", str(tmp_path / "r"), "--predict", str(new_csv)]
    assert run_cli(main, argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and message in captured.err
    assert "fitting" not in captured.err  # refused while loading, before the models


def test_a_read_only_destination_is_one_error_line(tmp_path, capsys, monkeypatch):
    import toolkit.reporting

    def read_only(path, data):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(toolkit.reporting, "write_atomically", read_only)
    frame = homes()
    csv = tmp_path / "homes.csv"
    frame.to_csv(csv, index=False)
    argv = ["--data", str(csv), "--alphas", "1", "--out", str(tmp_path / "r")]
    assert run_cli(main, argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error: Read-only file system" in err
