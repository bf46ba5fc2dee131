import numpy as np
import pandas as pd
import pytest

from foundations.errors import InputError

from ..pipeline import Options, clean, run, split, standardize
from ..plots import confusion_matrix


def test_run_returns_typed_numbers_that_agree_with_sklearn():
    result = run(Options(seed=5))
    assert [s.model for s in result.scores] == ["ours", "scikit-learn"]
    assert result.agreement == pytest.approx(
        np.mean(result.predicted == result.predicted_reference)
    )
    assert result.centroid_gap < 1e-12
    assert len(result.split.y_test) + len(result.split.y_train) == len(result.cleaned.y)


def test_split_is_seeded_disjoint_and_complete():
    train, test = split(50, 0.2, seed=1)
    assert len(test) == 10 and not set(train) & set(test)
    assert sorted([*train, *test]) == list(range(50))
    again = split(50, 0.2, seed=1)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    train, test = split(2, 0.99, seed=0)  # always at least one sample on each side
    assert len(train) == 1 and len(test) == 1


def test_standardize_uses_training_statistics_and_keeps_constant_columns_finite():
    train = np.array([[1.0, 5.0], [3.0, 5.0]])
    test = np.array([[2.0, 7.0]])
    scaled_train, scaled_test = standardize(train, test)
    np.testing.assert_allclose(scaled_train, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(scaled_test, [[0.0, 2.0]])


def test_clean_counts_dropped_rows_and_refuses_inf():
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0, 5.0], "y": [0, 0, 1, 1, 0]})
    cleaned = clean(frame, "y")
    assert cleaned.dropped_rows == 1 and list(cleaned.rows) == [0, 2, 3, 4]
    frame.loc[0, "a"] = -np.inf
    with pytest.raises(InputError, match="'a' holds inf in 1 row"):
        clean(frame, "y")


def test_confusion_matrix_counts_pairs():
    counts = confusion_matrix(
        np.array(["a", "b", "b"]), np.array(["a", "a", "b"]), np.array(["a", "b"])
    )
    np.testing.assert_array_equal(counts, [[1, 0], [1, 1]])
