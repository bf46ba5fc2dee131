import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge as SkRidge
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold

from foundations.errors import InputError

from ..model_selection import kfold_indices, ridge_cv, train_test_split


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 500), test_size=st.floats(0.01, 0.99), seed=st.integers(0, 2**31))
def test_split_is_a_seeded_partition(n, test_size, seed):
    train, test = train_test_split(n, test_size, seed=seed)
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))
    assert len(test) >= 1 and len(train) >= 1
    assert abs(len(test) - test_size * n) <= 1
    again = train_test_split(n, test_size, seed=seed)
    assert np.array_equal(again[0], train) and np.array_equal(again[1], test)


def test_split_depends_on_seed_and_rejects_bad_sizes():
    assert not np.array_equal(train_test_split(100, seed=0)[1], train_test_split(100, seed=1)[1])
    for bad in (0.0, 1.0, -0.2, 1.5):
        with pytest.raises(InputError, match="test_size"):
            train_test_split(10, bad)
    with pytest.raises(InputError, match="at least 2"):
        train_test_split(1)


@pytest.mark.parametrize(("n", "k"), [(10, 2), (23, 5), (100, 7), (5, 5)])
def test_unshuffled_folds_equal_sklearn_kfold(n, k):
    ours = kfold_indices(n, k, shuffle=False)
    for (train, val), (ref_train, ref_val) in zip(ours, KFold(k).split(np.zeros(n)), strict=True):
        assert np.array_equal(train, ref_train) and np.array_equal(val, ref_val)


def test_shuffled_folds_partition_the_samples():
    folds = kfold_indices(103, 5, seed=4)
    validation = np.concatenate([val for _, val in folds])
    assert np.array_equal(np.sort(validation), np.arange(103))  # each sample validated once
    for train, val in folds:
        assert np.intersect1d(train, val).size == 0 and train.size + val.size == 103
    assert sorted(val.size for _, val in folds) == [20, 20, 21, 21, 21]
    with pytest.raises(InputError, match="n_splits"):
        kfold_indices(10, 1)
    with pytest.raises(InputError, match="more than"):
        kfold_indices(3, 5)


def collinear_data(seed, n=150, p=12):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X[:, 1] = X[:, 0] + 0.01 * rng.normal(size=n)
    y = X @ rng.normal(size=p) * 0.3 + rng.normal(size=n) * 2 + 10
    return X, y


@pytest.mark.parametrize("seed", range(4))
def test_cv_picks_the_alpha_ridgecv_picks_with_the_same_folds(seed):
    X, y = collinear_data(seed)
    alphas = np.logspace(-3, 3, 25)
    folds = kfold_indices(len(y), 5, seed=seed)
    ours = ridge_cv(X, y, alphas, folds)
    ref = RidgeCV(alphas=alphas, cv=folds, scoring="neg_mean_squared_error").fit(X, y)
    assert ours.best_alpha == ref.alpha_
    np.testing.assert_allclose(ours.mean_mse.min(), -ref.best_score_, rtol=1e-9)


def test_cv_errors_equal_refitting_every_fold():
    X, y = collinear_data(7)
    alphas = np.array([0.0, 0.1, 10.0])
    folds = kfold_indices(len(y), 4, seed=0)
    result = ridge_cv(X, y, alphas, folds)
    for k, (train, val) in enumerate(folds):
        for j, alpha in enumerate(alphas):
            model = SkRidge(alpha=alpha, solver="svd").fit(X[train], y[train])
            mse = np.mean((model.predict(X[val]) - y[val]) ** 2)
            np.testing.assert_allclose(result.mse[k, j], mse, rtol=1e-8)


def test_cv_bad_input():
    X, y = collinear_data(0)
    folds = kfold_indices(len(y), 3, seed=0)
    with pytest.raises(InputError, match="alphas"):
        ridge_cv(X, y, [-1.0], folds)
    with pytest.raises(InputError, match="rows"):
        ridge_cv(X, y[:-1], [1.0], folds)
    with pytest.raises(InputError, match="NaN"):
        ridge_cv(np.where(X > 2, np.nan, X), y, [1.0], folds)
