import math
import warnings

import numpy as np
import pytest

from foundations.calculus import (
    alternating_series_bound,
    geometric_series,
    machine_epsilon,
    one_minus_cos,
    one_minus_cos_naive,
    partial_sums,
    taylor_polynomial,
    taylor_remainder_bound,
)
from foundations.errors import InputError


def test_geometric_series_error_is_exact():
    for r in (0.5, -0.9, 0.99):
        sums, limit, err = geometric_series(r, 200)
        np.testing.assert_allclose(limit - sums, err, atol=1e-12)
        assert limit == pytest.approx(1 / (1 - r))
    with pytest.raises(InputError, match="converges only"):
        geometric_series(1.0, 10)


def test_alternating_series_bound_holds_for_log2_and_leibniz_pi():
    k = np.arange(1, 2001)
    sums, bounds = alternating_series_bound(1.0 / k)  # 1 - 1/2 + 1/3 - ... = ln 2
    assert np.all(np.abs(np.log(2) - sums) <= bounds)
    sums, bounds = alternating_series_bound(4.0 / (2 * np.arange(2000) + 1))
    assert np.all(np.abs(np.pi - sums) <= bounds)
    assert np.abs(np.pi - sums[-1]) > bounds[-1] / 4  # and the bound is not loose by far
    with pytest.raises(InputError):
        alternating_series_bound([1.0, 2.0])


@pytest.mark.parametrize(
    ("name", "f", "xs"),
    [
        ("exp", np.exp, np.linspace(-3, 3, 13)),
        ("sin", np.sin, np.linspace(-4, 4, 13)),
        ("cos", np.cos, np.linspace(-4, 4, 13)),
        ("log1p", np.log1p, np.linspace(-0.6, 0.9, 13)),
    ],
)
def test_taylor_error_is_within_lagranges_bound(name, f, xs):
    for n in range(0, 25):
        err = np.abs(taylor_polynomial(name, xs, n) - f(xs))
        bound = taylor_remainder_bound(name, xs, n)
        assert np.all(err <= bound * (1 + 1e-9) + 64 * np.finfo(float).eps * np.abs(f(xs)) + 1e-300)
    # and the polynomial converges to the function (log1p slowly: the bound is 0.9^61/61 at x=0.9)
    err = np.max(np.abs(taylor_polynomial(name, xs, 60) - f(xs)))
    assert err < (1e-13 if name != "log1p" else 2 * 0.9**61 / 61)


def test_taylor_polynomial_matches_the_explicit_sum():
    x = np.linspace(-1, 1, 7)
    explicit = sum(x**k / np.prod(np.arange(1, k + 1)) for k in range(8))
    np.testing.assert_allclose(taylor_polynomial("exp", x, 7), explicit, rtol=1e-15)
    with pytest.raises(InputError):
        taylor_polynomial("tan", x, 3)
    with pytest.raises(InputError):
        taylor_polynomial("log1p", [-1.0], 3)


def test_machine_epsilon_is_measured_correctly():
    assert machine_epsilon() == np.finfo(np.float64).eps
    assert machine_epsilon(np.float32) == np.finfo(np.float32).eps
    assert 1.0 + machine_epsilon() != 1.0 and 1.0 + machine_epsilon() / 2 == 1.0


def test_cancellation_is_measured_and_avoided():
    x = np.logspace(-12, -1, 50)
    reference = 2 * np.sin(x.astype(np.longdouble) / 2) ** 2
    naive = np.abs(one_minus_cos_naive(x) - reference) / reference
    stable = np.abs(one_minus_cos(x) - reference) / reference
    assert np.all(stable < 1e-15)
    assert np.all(naive[x < 1e-8] == 1.0)  # 1 - cos x rounds to exactly 0: 100% error
    assert np.max(naive) > 1e6 * np.max(stable)


def test_partial_sums_are_cumulative():
    np.testing.assert_array_equal(partial_sums([1, 2, 3]), [1, 3, 6])


def test_taylor_bounds_in_logs_and_dtypes():
    # regression: |x|^(n+1) and (n+1)! overflowed (an OverflowError, or inf·0 = nan)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert taylor_remainder_bound("sin", 1.0, 300) == 0.0  # 1/301! underflows: honest 0
        assert taylor_remainder_bound("exp", 800.0, 200) == np.inf  # e^800 800^201/201!
        assert taylor_remainder_bound("exp", 0.0, 3) == 0.0
        assert taylor_polynomial("exp", 1.0, 300) == pytest.approx(np.e, rel=1e-15)
    x = np.float32([0.5, -0.25])
    for name in ("exp", "sin", "cos", "log1p"):
        assert taylor_polynomial(name, x, 6).dtype == np.float32
        assert taylor_remainder_bound(name, x, 6).dtype == np.float32
    b = taylor_remainder_bound("exp", 2.0, 10)
    assert b == pytest.approx(np.exp(2) * 2**11 / math.factorial(11), rel=1e-13)


def test_sequences_bad_arguments():
    for call, match in [
        (lambda: geometric_series("0.5", 3), "real number"),
        (lambda: geometric_series(0.5, 2.5), "integer"),
        (lambda: geometric_series(np.nan, 3), "finite"),
        (lambda: taylor_polynomial("exp", 1.0, -1), "integer >= 0"),
        (lambda: taylor_remainder_bound("exp", 1.0, 1.5), "integer"),
        (lambda: taylor_remainder_bound("log1p", -1.0, 3), "x > -1"),
        (lambda: taylor_polynomial("tan", 1.0, 3), "name"),
        (lambda: machine_epsilon("no such type"), "floating-point"),
        (lambda: machine_epsilon(np.int32), "floating-point"),
        (lambda: partial_sums([[1.0, 2.0]]), "1-D"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
