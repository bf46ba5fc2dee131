import numpy as np
import pandas as pd
import pytest

from foundations.errors import InputError
from toolkit.datasets import load_ames

from ..columns import identifier_columns, is_identifier_name
from ..data import OUTLIER_AREA, clean, clean_new, load_housing
from ..encoding import RARE, FeatureEncoder
from ..rules import key


@pytest.fixture(scope="module")
def ames():
    return load_housing()


def test_ames_outliers_dropped_and_target_is_log_price(ames):
    raw = load_ames()
    n_big = int((raw["area"] > OUTLIER_AREA).sum())
    assert n_big == 5  # De Cock's five
    assert len(ames.y) == len(raw) - n_big
    assert ames.features["area"].max() <= OUTLIER_AREA
    assert ames.log_target
    np.testing.assert_allclose(np.exp(ames.y), ames.target)
    assert "Order" not in ames.features and "PID" not in ames.features
    assert any("4,000 sq ft" in note for note in ames.notes)
    assert len(load_housing(drop_outliers=False).y) == len(raw)


def test_none_means_absent_but_true_missing_stays_missing(ames):
    raw = load_ames().loc[lambda f: f["area"] <= OUTLIER_AREA].reset_index(drop=True)
    f = ames.features
    no_basement = raw["Bsmt.Qual"].isna()
    # houses without a basement: quality 0 on the ordinal scale, areas 0
    assert (f.loc[no_basement, "Bsmt.Qual"] == 0).all()
    assert (f.loc[no_basement, "Total.Bsmt.SF"] == 0).all()
    assert f.loc[no_basement, "Bsmt.Full.Bath"].notna().all()
    # a basement with an empty exposure: truly missing, left for the imputer
    has_basement_no_exposure = raw["Bsmt.Exposure"].isna() & raw["Bsmt.Qual"].notna()
    assert has_basement_no_exposure.sum() == 3
    assert f.loc[has_basement_no_exposure, "Bsmt.Exposure"].isna().all()
    no_garage = raw["Garage.Type"].isna()
    assert (f.loc[no_garage, "Garage.Type"] == "None").all()
    assert (f.loc[no_garage, "Garage.Area"] == 0).all()
    assert (f.loc[raw["Alley"].isna(), "Alley"] == "None").all()
    assert (f.loc[raw["Fireplaces"] == 0, "Fireplace.Qu"] == 0).all()


def test_ordinal_and_nominal_codes(ames):
    f = ames.features
    assert set(f["Kitchen.Qual"].dropna().unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert set(f["Pool.QC"].unique()) <= {0.0, 2.0, 3.0, 4.0, 5.0}
    assert f["MS.SubClass"].dtype == object and "20" in set(f["MS.SubClass"])
    assert "WD" in set(f["Sale.Type"])  # 'WD ' with its stray space
    assert f["Neighborhood"].dtype == object


def test_key_matches_spellings():
    assert key("Bsmt.Qual") == key("BsmtQual") == key("bsmt_qual") == "bsmtqual"


def tiny_frame(n=30, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "sqft": rng.uniform(500, 3000, n),
            "kind": rng.choice(["a", "b", "c"], n),
            "price": rng.uniform(1e5, 5e5, n),
        }
    )


@pytest.mark.parametrize(
    ("change", "target", "message"),
    [
        (lambda f: f, "missing", "no column 'missing'"),
        (lambda f: f.assign(price=["cheap"] * len(f)), "price", "not numeric"),
        (lambda f: f.assign(price=np.nan), "price", "not numeric|no values"),
        (lambda f: f[["price"]].assign(empty=np.nan), "price", "no usable feature"),
        (lambda f: f.head(10), "price", "at least 20 rows"),
    ],
)
def test_clean_bad_input(change, target, message):
    with pytest.raises(InputError, match=message):
        clean(change(tiny_frame()), target)


def test_clean_generic_frame():
    frame = tiny_frame()
    frame.loc[3, "price"] = np.nan
    frame["Id"] = np.arange(len(frame))
    frame["price"] = frame["price"].astype(str).where(frame["price"].notna())  # numbers as text
    data = clean(frame, "price")
    assert len(data.y) == len(frame) - 1
    assert "Id" not in data.features
    assert data.numeric_columns == ["sqft"] and data.categorical_columns == ["kind"]
    negative = clean(tiny_frame().assign(price=lambda f: f["price"] - 3e5), "price")
    assert not negative.log_target
    np.testing.assert_array_equal(negative.y, negative.target)


def test_encoder_learns_from_training_rows_only():
    train = pd.DataFrame(
        {
            "x": [1.0, 2.0, np.nan, 4.0, 100.0, 6.0],
            "color": ["red", "red", "red", "blue", "blue", None],
            "const": [5.0] * 6,
        }
    )
    test = pd.DataFrame({"x": [np.nan, 3.0], "color": ["green", None], "const": [5.0, 1.0]})
    before = test.copy()
    enc = FeatureEncoder(min_count=1).fit(train)
    assert enc.feature_names_ == ["x", "color=blue"]  # 'red' is the reference; const dropped
    Z_train, Z_test = enc.transform(train), enc.transform(test)
    np.testing.assert_allclose(Z_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z_train.std(axis=0), 1)
    raw_x = np.array([1, 2, 4, 4, 100, 6.0])  # NaN -> training median 4
    np.testing.assert_allclose(Z_train[:, 0], (raw_x - raw_x.mean()) / raw_x.std())
    np.testing.assert_allclose(Z_test[0, 0], (4 - raw_x.mean()) / raw_x.std())  # train median
    blue = np.array([0, 0, 0, 1, 1, 0.0])  # missing colour -> training mode 'red'
    # an unseen level and a missing one both land on the reference level
    np.testing.assert_allclose(Z_test[:, 1], (0 - blue.mean()) / blue.std())
    pd.testing.assert_frame_equal(test, before)


def test_encoder_pools_rare_levels():
    train = pd.DataFrame({"n": ["a"] * 12 + ["b"] * 11 + ["c", "d"]})
    enc = FeatureEncoder(min_count=10).fit(train)
    assert enc.feature_names_ == ["n=b", f"n={RARE}"]
    Z = enc.transform(pd.DataFrame({"n": ["zzz", "a"]}))
    rare_col = enc.transform(train)[:, 1]
    assert Z[0, 1] == rare_col.max() and Z[1, 1] == rare_col.min()


def test_ames_design_has_no_missing_values(ames):
    enc = FeatureEncoder().fit(ames.features.iloc[:2000])
    X = enc.transform(ames.features.iloc[2000:])
    assert X.shape == (len(ames.y) - 2000, len(enc.feature_names_))
    assert np.isfinite(X).all()
    assert "area" in enc.feature_names_ and any(
        n.startswith("Neighborhood=") for n in enc.feature_names_
    )


def test_other_spellings_of_ames_get_the_same_rules(tmp_path, ames):
    raw = load_ames()
    raw.columns = [c.replace(".", "") for c in raw.columns]
    raw = raw.rename(columns={"price": "SalePrice", "area": "GrLivArea"})
    csv = tmp_path / "train.csv"
    raw.to_csv(csv, index=False, na_rep="NA")  # NA for "none", as in other copies
    other = load_housing(csv, "SalePrice")
    assert len(other.y) == len(ames.y)  # the same five outliers dropped
    np.testing.assert_array_equal(other.y, ames.y)
    assert (other.features["GarageType"] == ames.features["Garage.Type"]).all()
    np.testing.assert_array_equal(other.features["BsmtQual"], ames.features["Bsmt.Qual"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Id", True),
        ("PID", True),
        ("Order", True),
        ("house_id", True),
        ("HouseID", True),
        ("Unnamed: 0", True),
        ("paid", False),
        ("Idaho", False),
        ("Lot.Area", False),
    ],
)
def test_identifier_names(name, expected):
    assert is_identifier_name(name) is expected


def test_identifier_needs_a_value_per_row():
    frame = pd.DataFrame({"Id": [1, 2, 3], "zone_id": [1, 1, 2], "row_id": [1.0, np.nan, 3.0]})
    assert identifier_columns(frame) == ["Id"]


def test_none_means_absent_on_an_empty_or_numeric_column():
    frame = tiny_frame()
    frame["Alley"] = np.nan  # entirely empty: read by pandas as float
    data = clean(frame, "price")
    assert (data.features["Alley"] == "None").all()
    numeric = tiny_frame().assign(Alley=np.arange(30.0))  # someone's own numeric column
    np.testing.assert_array_equal(clean(numeric, "price").features["Alley"], np.arange(30.0))


def test_new_houses_are_cleaned_by_the_training_plan():
    train = tiny_frame().assign(cond=["Gd", "TA", "Ex"] * 10)
    data = clean(train, "price")
    assert data.plan.scales["cond"]["Gd"] == 4
    new = pd.DataFrame({"sqft": ["1200", " 900"], "kind": ["a", "z"], "cond": ["Gd", "Po"]})
    houses = clean_new(new, data.plan, "new.csv")
    # the scale is the quality scale the training column was read on (Po = 1, though unseen)
    np.testing.assert_array_equal(houses.features["cond"], [4.0, 1.0])
    np.testing.assert_array_equal(houses.features["sqft"], [1200.0, 900.0])
    assert houses.id_name == "row" and list(houses.ids) == [0, 1]
    with pytest.raises(InputError, match="has no column 'kind'"):
        clean_new(new.drop(columns=["kind"]), data.plan, "new.csv")


def test_a_level_off_the_ordinal_scale_becomes_missing_and_is_counted():
    data = clean(tiny_frame().assign(cond=["Gd", "TA", "Ex"] * 10), "price")
    new = pd.DataFrame({"sqft": [1200.0, 900.0], "kind": ["a", "b"], "cond": ["Gd", "Bad"]})
    houses = clean_new(new, data.plan, "new.csv")
    assert houses.features["cond"].iloc[0] == 4.0 and np.isnan(houses.features["cond"].iloc[1])
    assert any("ordinal scale became missing" in n and "cond (1)" in n for n in houses.notes)
