import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from foundations.calculus import (
    EXP,
    RELU,
    SIGMOID,
    SIN,
    SOFTPLUS,
    TANH,
    Affine,
    Function,
    derivative,
    log_softmax,
    logsumexp,
    logsumexp_naive,
    sigmoid,
    softmax,
    softplus,
    tanh,
)
from foundations.errors import InputError

finite = st.floats(-800, 800, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(x=arrays(np.float64, st.integers(1, 50), elements=finite))
def test_activations_match_scipy_and_numpy_without_warnings(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning anywhere
        np.testing.assert_allclose(sigmoid(x), scipy.special.expit(x), rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(tanh(x), np.tanh(x), rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(softplus(x), np.logaddexp(0, x), rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(logsumexp(x), scipy.special.logsumexp(x), rtol=1e-13)
        np.testing.assert_allclose(softmax(x), scipy.special.softmax(x), rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(
            log_softmax(x), scipy.special.log_softmax(x), rtol=1e-12, atol=1e-12
        )


def test_stable_forms_survive_where_naive_ones_overflow():
    x = np.array([1000.0, 1000.0, 999.0])
    with np.errstate(over="ignore"):
        assert np.isinf(logsumexp_naive(x))
    assert logsumexp(x) == pytest.approx(1000 + np.log(2 + np.exp(-1)), rel=1e-15)
    assert np.all(np.isfinite(softmax(x))) and softmax(x).sum() == pytest.approx(1.0)
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
    # tiny arguments keep full relative accuracy (no cancellation)
    assert tanh(1e-20) == 1e-20 and sigmoid(-745.0) > 0


@pytest.mark.parametrize("gap", [8.0, 20.0, 40.0, 700.0])
def test_logsumexp_keeps_a_remainder_below_machine_epsilon(gap):
    # regression: log(1 + s) with 1 + s rounded lost s (relative error 1.0 at [0, -40])
    x = np.array([0.0, -gap])
    assert logsumexp(x) == pytest.approx(np.log1p(np.exp(-gap)), rel=1e-15, abs=0)
    np.testing.assert_allclose(log_softmax(x)[0], -np.log1p(np.exp(-gap)), rtol=1e-15, atol=0)
    # ties at the maximum: log k + log1p(rest / k)
    assert logsumexp([3.0, 3.0, 3.0 - gap]) == pytest.approx(
        3 + np.log(2) + np.log1p(np.exp(-gap) / 2), rel=1e-15
    )


def test_logsumexp_dtypes_minus_inf_and_bad_axes():
    x32 = np.array([[0.0, -8.0], [1.0, 2.0]], dtype=np.float32)
    for f in (logsumexp, softmax, log_softmax):
        assert f(x32).dtype == np.float32
    np.testing.assert_allclose(
        logsumexp(x32, axis=1), scipy.special.logsumexp(x32, axis=1), rtol=1e-6
    )
    assert logsumexp(np.arange(3)) == pytest.approx(
        scipy.special.logsumexp(np.arange(3.0)), rel=1e-15
    )
    assert logsumexp([[5.0]]) == 5.0 and logsumexp([[5.0]], keepdims=True).shape == (1, 1)
    # -inf is a weight of zero, as in scipy
    assert logsumexp([0.0, -np.inf]) == 0.0
    np.testing.assert_array_equal(softmax([0.0, -np.inf]), [1.0, 0.0])
    np.testing.assert_array_equal(log_softmax([0.0, -np.inf]), [0.0, -np.inf])
    for bad, match in [
        (lambda: logsumexp([-np.inf, -np.inf]), "only of -inf"),
        (lambda: logsumexp([1.0, np.nan]), "NaN"),
        (lambda: logsumexp([1.0, np.inf]), r"\+inf"),
        (lambda: logsumexp([[1.0]], axis=2), "out of bounds"),
        (lambda: logsumexp([[1.0]], axis=1.5), "axis must be"),
        (lambda: softmax([[1.0]], axis=(0, 0)), "repeats"),
        (lambda: log_softmax(np.zeros((2, 0)), axis=1), "empty"),
        (lambda: logsumexp("abc"), "numbers"),
    ]:
        with pytest.raises(InputError, match=match):
            bad()


def test_logsumexp_and_softmax_along_axes_match_scipy():
    rng = np.random.default_rng(0)
    X = rng.normal(scale=300, size=(4, 5, 6))
    for axis in (0, 1, -1, (0, 2)):
        np.testing.assert_allclose(
            logsumexp(X, axis=axis), scipy.special.logsumexp(X, axis=axis), rtol=1e-13
        )
        np.testing.assert_allclose(
            logsumexp(X, axis=axis, keepdims=True),
            scipy.special.logsumexp(X, axis=axis, keepdims=True),
            rtol=1e-13,
        )
    for axis in (0, 1, 2):
        np.testing.assert_allclose(softmax(X, axis), scipy.special.softmax(X, axis), atol=1e-15)


@pytest.mark.parametrize("f", [SIGMOID, TANH, SOFTPLUS, EXP, SIN], ids=lambda f: f.name)
def test_known_derivatives_agree_with_central_differences(f):
    x = np.linspace(-3, 3, 41)
    np.testing.assert_allclose(f.derivative(x), derivative(f, x), rtol=1e-8, atol=1e-9)


def test_composition_follows_the_chain_rule():
    rng = np.random.default_rng(1)
    x = rng.uniform(-2, 2, size=30)
    layer = SIGMOID @ Affine(1.5, -0.3)
    net = TANH @ Affine(-2.0, 0.5) @ layer  # tanh(-2 σ(1.5x - 0.3) + 0.5)
    expected = np.tanh(-2 * scipy.special.expit(1.5 * x - 0.3) + 0.5)
    np.testing.assert_allclose(net(x), expected, rtol=1e-14)
    np.testing.assert_allclose(net.derivative(x), derivative(net, x), rtol=1e-8)
    prod = (SIN * EXP + 3.0) - RELU
    np.testing.assert_allclose(prod.derivative(x), derivative(prod, x), rtol=1e-7, atol=1e-8)
    assert Affine(2.0, 1.0).params == {"a": 2.0, "b": 1.0}


def test_bad_input():
    with pytest.raises(InputError, match="NaN"):
        sigmoid([1.0, np.nan])
    with pytest.raises(InputError, match="empty"):
        logsumexp([])
    with pytest.raises(InputError, match="no known derivative"):
        Function(np.abs).derivative  # noqa: B018
    with pytest.raises(InputError, match="cannot combine"):
        SIN + "x"
    with pytest.raises(InputError, match="a must be a real number"):
        Affine("slope", 0.0)
    with pytest.raises(InputError, match="finite"):
        Affine(1.0, np.inf)


def test_activations_keep_float32_and_handle_empty_input():
    x32 = np.float32([-100.0, -1.0, 0.0, 1.0, 100.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in (sigmoid, tanh, softplus, softmax, log_softmax, logsumexp):
            assert f(x32).dtype == np.float32
        for f in (SIGMOID, TANH, SOFTPLUS, RELU):
            assert f.derivative(x32).dtype == np.float32
        assert sigmoid(np.array([])).shape == (0,) and tanh([]).shape == (0,)
    expected = scipy.special.expit(x32.astype(float))  # e^-100 is subnormal in float32:
    np.testing.assert_allclose(sigmoid(x32), expected, rtol=1e-6, atol=np.finfo(np.float32).tiny)
