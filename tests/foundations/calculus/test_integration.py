import warnings

import numpy as np
import pytest
import scipy.integrate
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.calculus import (
    IntegrationWarning,
    adaptive_simpson,
    integrate,
    monte_carlo_integral,
    observed_order,
    riemann_sum,
    simpson_rule,
    trapezoid_rule,
)
from foundations.errors import InputError

coef = st.floats(-10, 10)


def poly_and_integral(c, a, b):
    p = np.polynomial.Polynomial(c)
    P = p.integ()
    return p, P(b) - P(a)


@settings(max_examples=40, deadline=None)
@given(
    c=st.lists(coef, min_size=1, max_size=6),
    a=st.floats(-3, 0),
    width=st.floats(0.1, 4),
    n=st.integers(1, 20),
)
def test_rules_are_exact_on_the_degrees_they_promise(c, a, width, n):
    b = a + width
    p, exact = poly_and_integral(c[:4], a, b)  # degree <= 3
    tol = 1e-10 * (1 + np.sum(np.abs(c)) * (1 + abs(a) + abs(b)) ** 4)
    assert simpson_rule(p, a, b, 2 * n) == pytest.approx(exact, abs=tol)
    assert adaptive_simpson(p, a, b)[0] == pytest.approx(exact, abs=tol)
    p1, exact1 = poly_and_integral(c[:2], a, b)  # degree <= 1
    assert trapezoid_rule(p1, a, b, n) == pytest.approx(exact1, abs=tol)
    assert riemann_sum(p1, a, b, n, "midpoint") == pytest.approx(exact1, abs=tol)
    p0, exact0 = poly_and_integral(c[:1], a, b)
    assert riemann_sum(p0, a, b, n, "left") == pytest.approx(exact0, abs=tol)
    assert riemann_sum(p0, a, b, n, "right") == pytest.approx(exact0, abs=tol)


@pytest.mark.parametrize(
    ("rule", "order"),
    [("left", 1), ("right", 1), ("midpoint", 2), ("trapezoid", 2), ("simpson", 4)],
)
def test_rules_converge_at_their_order(rule, order):
    orders = observed_order(np.exp, 0.0, 1.0, np.e - 1, rule, [8, 16, 32, 64])
    np.testing.assert_allclose(orders, order, atol=0.05)
    # the next degree up is *not* integrated exactly (the order is not higher than promised)
    deg = {1: 1, 2: 2, 4: 4}[order]
    assert abs(integrate(lambda x: x**deg, 0.0, 1.0, 4, rule) - 1 / (deg + 1)) > 1e-6


def test_agrees_with_scipy_on_sampled_rules():
    x = np.linspace(0.0, 2.0, 101)
    assert trapezoid_rule(np.sin, 0.0, 2.0, 100) == pytest.approx(
        scipy.integrate.trapezoid(np.sin(x), x), rel=1e-14
    )
    assert simpson_rule(np.sin, 0.0, 2.0, 100) == pytest.approx(
        scipy.integrate.simpson(np.sin(x), x=x), rel=1e-14
    )


def test_adaptive_simpson_meets_its_tolerance_with_few_evaluations():
    f = lambda x: np.sqrt(np.abs(x - 0.3)) + np.exp(-200 * (x - 0.7) ** 2)  # noqa: E731
    ref = scipy.integrate.quad(f, 0, 1, points=[0.3, 0.7], epsabs=1e-14)[0]
    for tol in (1e-6, 1e-9):
        value, est, n_evals = adaptive_simpson(f, 0.0, 1.0, tol=tol)
        assert abs(value - ref) < 10 * tol
        assert est <= tol  # each accepted panel met its share of the tolerance
        # uniform Simpson with as many evaluations is far less accurate on this integrand
        n = n_evals - n_evals % 2
        assert abs(simpson_rule(f, 0, 1, n) - ref) > abs(value - ref)


def test_monte_carlo_error_shrinks_like_one_over_sqrt_n_and_is_reproducible():
    exact = np.e - 1
    ns = [1_000, 16_000, 256_000]
    errs = []
    for n in ns:
        runs = [monte_carlo_integral(np.exp, 0, 1, n, random_state=s) for s in range(20)]
        estimates = np.array([r[0] for r in runs])
        errs.append(np.sqrt(np.mean((estimates - exact) ** 2)))
        # the reported standard error matches the observed spread
        assert np.mean([r[1] for r in runs]) == pytest.approx(errs[-1], rel=0.5)
    assert errs[0] / errs[1] == pytest.approx(4, rel=0.5)
    assert errs[1] / errs[2] == pytest.approx(4, rel=0.5)
    assert monte_carlo_integral(np.exp, 0, 1, 100, random_state=3) == monte_carlo_integral(
        np.exp, 0, 1, 100, random_state=3
    )


def test_clear_errors():
    with pytest.raises(InputError, match="even"):
        simpson_rule(np.sin, 0, 1, 3)
    with pytest.raises(InputError, match="integer >= 1"):
        trapezoid_rule(np.sin, 0, 1, 0)
    with pytest.raises(InputError, match="not finite"), np.errstate(divide="ignore"):
        riemann_sum(lambda x: 1 / x, 0, 1, 10, "left")
    with pytest.raises(InputError, match="rule"):
        integrate(np.sin, 0, 1, 10, "gauss")


@pytest.mark.parametrize("k", [1, 2, 3, 4, 6, 8])
def test_adaptive_simpson_is_not_fooled_by_a_periodic_integrand(k):
    # regression: started on [0, 1] alone, every sample of sin²(2^k πx) was a zero: it returned
    # 3e-31 for 0.5 and claimed an error of 6e-48
    f = lambda x: np.sin(2**k * np.pi * x) ** 2  # noqa: E731
    value, est, _ = adaptive_simpson(f, 0.0, 1.0, tol=1e-8)
    assert abs(value - 0.5) <= 1e-8
    assert abs(value - 0.5) <= max(est, 1e-14)  # the estimate covers the error
    # and on a shifted interval, against scipy
    ref = scipy.integrate.quad(f, 0.25, 2.0, limit=500, epsabs=1e-13)[0]
    assert adaptive_simpson(f, 0.25, 2.0, tol=1e-9)[0] == pytest.approx(ref, abs=1e-9)


def test_adaptive_simpson_orientation_limits_and_honest_warnings():
    assert adaptive_simpson(np.exp, 1.0, 0.0)[0] == pytest.approx(1 - np.e, rel=1e-12)
    assert adaptive_simpson(np.exp, 2.0, 2.0) == (0.0, 0.0, 0)
    f = lambda x: np.sqrt(np.abs(x - 1 / 3))  # noqa: E731
    with pytest.warns(IntegrationWarning, match="max_depth"):
        _, est, _ = adaptive_simpson(f, 0.0, 1.0, tol=1e-14, max_depth=3)
    assert est > 1e-14
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v32 = adaptive_simpson(lambda x: np.cos(x.astype(np.float32)), 0.0, 1.0, tol=1e-6)[0]
    assert v32 == pytest.approx(np.sin(1.0), abs=1e-6)


def test_bad_arguments_to_the_rules():
    cases = [
        (lambda: trapezoid_rule(np.sin, "a", 1, 4), "a must be a real number"),
        (lambda: trapezoid_rule(np.sin, 0, np.inf, 4), "finite"),
        (lambda: trapezoid_rule(np.sin, 0, 1, 4.0), "integer"),
        (lambda: simpson_rule("sin", 0, 1, 4), "callable"),
        (lambda: riemann_sum(lambda x: np.ones((2, 2)), 0, 1, 4), "one value per point"),
        (lambda: riemann_sum(lambda x: "s", 0, 1, 4), "real numbers"),
        (lambda: adaptive_simpson(np.sin, 0, 1, tol=0.0), "tol"),
        (lambda: adaptive_simpson(np.sin, 0, 1, tol=np.nan), "tol"),
        (lambda: adaptive_simpson(np.sin, 0, 1, max_depth=-1), "max_depth"),
        (lambda: monte_carlo_integral(np.sin, 0, 1, 1), "n >= 2"),
        (lambda: observed_order(np.sin, 0, 1, 1 - np.cos(1), "simpson", [8, 16.0]), "integers"),
        (lambda: observed_order(lambda x: x, 0, 1, 0.5, "trapezoid", [2, 4]), "exact"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()
    assert riemann_sum(lambda x: 2.0, 0, 3, 5) == pytest.approx(
        6.0
    )  # a constant f may return a scalar


def test_orientation_and_floating_point_limits_of_the_interval():
    # a > b is minus the integral for every rule, Monte Carlo included (it used to raise)
    value, err = monte_carlo_integral(np.exp, 1.0, 0.0, 1000, random_state=0)
    assert value == -monte_carlo_integral(np.exp, 0.0, 1.0, 1000, random_state=0)[0] and err > 0
    assert simpson_rule(np.exp, 1.0, 0.0, 8) == pytest.approx(-simpson_rule(np.exp, 0.0, 1.0, 8))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow in midpoints near the largest float
        big = adaptive_simpson(lambda x: np.ones_like(x), 1e307, 1.5e307, tol=1e300)[0]
    assert big == pytest.approx(5e306, rel=1e-12)
    for call, match in [
        (lambda: adaptive_simpson(np.sin, -1e308, 1e308), "too wide"),
        (lambda: integrate(np.sin, 0, 1, 4, ["simpson"]), "rule"),
        (lambda: observed_order(np.exp, 0, 1, 1.0, "simpson", [[1, 2], [3]]), "ns"),
    ]:
        with pytest.raises(InputError, match=match):
            call()
