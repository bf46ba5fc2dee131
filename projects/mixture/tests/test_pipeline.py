"""The pipeline's steps: cleaning the penguins, the BIC/AIC grid, the report's worked iteration."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from ..data import PENGUIN_FEATURES, clean, load, standardize
from ..model import GaussianMixture
from ..pipeline import first_iteration
from ..selection import Criteria, information_criteria


@pytest.fixture(scope="module")
def penguins():
    frame, source = load(None)
    return clean(frame, source, list(PENGUIN_FEATURES), "species")


def test_the_penguins_are_cleaned_and_counted(penguins):
    d = penguins
    assert d.n_input_rows == 344 and d.n == 342
    assert list(d.dropped_rows) == [3, 271] and d.dropped_without_any == 2
    assert d.missing_by_column == dict.fromkeys(PENGUIN_FEATURES, 2)
    assert d.unused_columns == ["island", "sex", "year"]
    assert d.unused_missing == {"sex": 9} and d.unlabelled_rows == 0
    assert not np.isnan(d.X).any() and len(d.labels) == 342
    assert list(d.rows) == [r for r in range(344) if r not in (3, 271)]
    z = standardize(d.X)
    np.testing.assert_allclose(z.Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z.Z.std(axis=0), 1, rtol=1e-12)


def test_the_criteria_are_scikit_learns_formulas(penguins):
    Z = standardize(penguins.X).Z
    c = information_criteria(Z, [1, 2, 3], types=("full", "diag"), n_init=2, seed=0)
    assert c.bic.shape == (2, 3) and not c.failures
    for r, ct in enumerate(c.types):
        for col, k in enumerate(c.ks):
            m = GaussianMixture(k, covariance_type=ct, n_init=2, random_state=0).fit(Z)
            n, p = Z.shape[0], m._n_parameters()
            assert c.bic[r, col] == pytest.approx(-2 * m.score(Z) * n + p * np.log(n), rel=1e-12)
            assert c.aic[r, col] == pytest.approx(-2 * m.score(Z) * n + 2 * p, rel=1e-12)
            sk = SkGaussianMixture(k, covariance_type=ct)
            sk.fit(Z[: 10 * k])
            assert p == sk._n_parameters()
    assert c.best("bic", "full") == ("full", 3)


def test_best_skips_failed_fits():
    nan = np.nan
    c = Criteria(
        [1, 2],
        ["full", "tied"],
        np.array([[nan, 5.0], [7.0, nan]]),
        np.array([[nan, 1.0], [0.5, nan]]),
        None,
        None,
        ["full, k = 1"],
        [],
    )
    assert c.best("bic") == ("full", 2) and c.best("aic") == ("tied", 1)
    assert c.best("bic", "tied") == ("tied", 1)


def test_the_worked_iteration_is_the_models_first(penguins):
    Z = standardize(penguins.X).Z
    start = GaussianMixture(3, max_iter=0, random_state=0).fit(Z)
    given = dict(
        weights_init=start.weights_, means_init=start.means_, precisions_init=start.precisions_
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        one = GaussianMixture(3, max_iter=1, **given).fit(Z)
    walk = first_iteration(Z, start, row=17, index=5)
    assert walk.bound_0 == pytest.approx(one.lower_bounds_[0], rel=1e-14)
    np.testing.assert_allclose(walk.weights, one.weights_, rtol=1e-12)
    np.testing.assert_allclose(walk.means, one.means_, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(walk.resp, start.predict_proba(Z[5:6])[0], atol=1e-14)
    np.testing.assert_allclose(walk.a, walk.log_weights + walk.log_densities, rtol=1e-14)
    assert walk.log_p == pytest.approx(start.score_samples(Z[5:6])[0], rel=1e-14)
    assert walk.row == 17 and walk.z.shape == (4,)


def test_rows_without_a_label_are_kept_but_not_labelled():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, np.nan], "kind": ["x", None, "y", "y"]})
    d = clean(frame, "t", None, "kind")
    assert d.n == 3 and d.unlabelled_rows == 1 and d.labels[1] is None
    assert list(d.input_labels) == ["x", None, "y", "y"]
