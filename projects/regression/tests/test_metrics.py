import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn import metrics as sk

from foundations.errors import InputError

from ..metrics import mean_absolute_error, r2_score, regression_report, root_mean_squared_error

finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    pair=st.integers(1, 50).flatmap(
        lambda n: st.tuples(arrays(float, n, elements=finite), arrays(float, n, elements=finite))
    )
)
def test_metrics_equal_sklearn(pair):
    y_true, y_pred = pair
    np.testing.assert_allclose(
        root_mean_squared_error(y_true, y_pred),
        sk.root_mean_squared_error(y_true, y_pred),
        rtol=1e-9,
        atol=1e-9,
    )
    np.testing.assert_allclose(
        mean_absolute_error(y_true, y_pred),
        sk.mean_absolute_error(y_true, y_pred),
        rtol=1e-9,
        atol=1e-9,
    )
    if y_true.size > 1:
        with np.errstate(over="ignore"):  # scikit-learn's own division, on a nearly constant y
            reference = sk.r2_score(y_true, y_pred)
        np.testing.assert_allclose(r2_score(y_true, y_pred), reference, rtol=1e-7, atol=1e-9)


def test_r2_edge_cases():
    assert r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0
    assert r2_score([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]) == 0.0  # the mean predicts nothing
    assert r2_score([2.0, 2.0], [2.0, 2.0]) == 1.0  # constant truth, perfect guess
    assert r2_score([2.0, 2.0], [1.0, 3.0]) == 0.0
    assert r2_score([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) < 0


def test_report_on_log_scale_uses_dollars():
    rng = np.random.default_rng(0)
    log_true = rng.normal(12, 0.4, size=100)
    log_pred = log_true + rng.normal(0, 0.1, size=100)
    out = regression_report(log_true, log_pred)
    assert out.rmse == pytest.approx(sk.root_mean_squared_error(np.exp(log_true), np.exp(log_pred)))
    assert out.rmse_model_scale == pytest.approx(sk.root_mean_squared_error(log_true, log_pred))
    raw = regression_report(log_true, log_pred, log_target=False)
    assert raw.rmse == raw.rmse_model_scale


def test_bad_input():
    with pytest.raises(InputError, match="differ in length"):
        root_mean_squared_error([1.0, 2.0], [1.0])
    with pytest.raises(InputError, match="NaN"):
        mean_absolute_error([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(InputError, match="empty"):
        r2_score([], [])
