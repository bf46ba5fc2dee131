"""The data: the digits, a user's CSV encoded from the training rows only, the split."""

import numpy as np
import pandas as pd
import pytest

from foundations.errors import InputError

from ..data import MAX_CATEGORIES, encode, load_digits_table, load_table, stratified_split


def test_digits_scaled_to_unit_interval():
    table = load_digits_table()
    train, val, test = stratified_split(table.labels, 0.2, 0.2, 0)
    enc = encode(table, train, val, test)
    assert enc.X_train.shape[1] == 64 and table.images
    assert enc.X_train.min() == 0 and enc.X_train.max() == 1


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_split_is_a_stratified_partition(seed):
    y = np.repeat(np.arange(5), [3, 10, 50, 7, 100])
    train, val, test = stratified_split(y, 0.2, 0.25, seed)
    everything = np.concatenate([train, val, test])
    assert np.array_equal(np.sort(everything), np.arange(y.size))  # disjoint and complete
    for part in (train, val, test):
        assert set(y[part]) == set(range(5))  # every class in every part
    assert abs(test.size / y.size - 0.2) < 0.03 and abs(val.size / y.size - 0.25) < 0.03
    again = stratified_split(y, 0.2, 0.25, seed)
    assert all(np.array_equal(a, b) for a, b in zip((train, val, test), again, strict=True))


def test_split_refuses_tiny_classes():
    with pytest.raises(InputError, match="fewer than 3"):
        stratified_split(np.array([0, 0, 0, 1, 1]), 0.2, 0.2, 0)
    with pytest.raises(InputError, match="at least 2"):
        stratified_split(np.zeros(10), 0.2, 0.2, 0)


def test_csv_encoding_uses_training_statistics(tmp_path):
    frame = pd.DataFrame(
        {
            "size": [1.0, 2.0, np.nan, 4.0, 5.0, 6.0],
            "colour": ["red", "blue", None, "red", "green", "blue"],
            "flag": [True, False, True, False, True, False],
            "label": ["a", "b", "a", "b", None, "a"],
        }
    )
    csv = tmp_path / "t.csv"
    frame.to_csv(csv, index=False)
    table = load_table(csv, "label")
    assert table.dropped_target_rows == 1 and list(table.rows) == [0, 1, 2, 3, 5]
    train, val, test = np.array([0, 1, 2]), np.array([3]), np.array([4])
    enc = encode(table, train, val, test)
    assert enc.numeric_columns == ["size"] and enc.categorical_columns == ["colour", "flag"]
    assert enc.imputed_cells == {"size": 1}
    # size standardised with the training rows (1, 2; the missing third imputed as 1.5)
    assert enc.X_train[:, 0].tolist() == pytest.approx([-1.0, 1.0, 0.0])
    assert "colour=(missing)" in enc.feature_names
    assert enc.unseen_categories == {}  # "red" and "blue" are in training; row 5 is blue


def test_csv_errors_are_clear(tmp_path):
    csv = tmp_path / "t.csv"
    pd.DataFrame({"x": [1.0, np.inf, 2.0], "y": [0, 1, 0]}).to_csv(csv, index=False)
    with pytest.raises(InputError, match="inf"):
        encode(load_table(csv, "y"), np.array([0, 1]), np.array([2]), np.array([2]))
    with pytest.raises(InputError, match="no column 'z'"):
        load_table(csv, "z")
    pd.DataFrame({"y": [0, 1, 0]}).to_csv(csv, index=False)
    with pytest.raises(InputError, match="no feature column"):
        load_table(csv, "y")
    ids = [f"id{i}" for i in range(MAX_CATEGORIES + 1)]
    pd.DataFrame({"id": ids, "y": [0, 1] * 50 + [0]}).to_csv(csv, index=False)
    with pytest.raises(InputError, match="identifier"):
        t = load_table(csv, "y")
        encode(t, np.arange(len(ids)), np.array([0]), np.array([1]))
