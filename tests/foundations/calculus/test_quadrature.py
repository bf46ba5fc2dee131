import warnings

import numpy as np
import pytest
import scipy.integrate
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.calculus import IntegrationWarning, fixed_quad, quad, roots_legendre
from foundations.errors import InputError


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8, 10, 17, 32, 64, 100])
def test_golub_welsch_matches_numpy_leggauss_and_scipy(n):
    x, w = roots_legendre(n)
    X, W = np.polynomial.legendre.leggauss(n)
    np.testing.assert_allclose(x, X, rtol=0, atol=2e-16)
    np.testing.assert_allclose(w, W, rtol=1e-11)
    _, Ws = scipy.special.roots_legendre(n)
    np.testing.assert_allclose(w, Ws, rtol=1e-11)
    assert np.all(np.diff(x) > 0) and np.all(w > 0)
    assert w.sum() == pytest.approx(2.0, rel=1e-14)
    np.testing.assert_array_equal(x, -x[::-1])  # symmetric rule
    # exact for every monomial of degree <= 2n - 1: ∫ x^k = 2/(k+1) for even k, 0 for odd k
    for k in range(2 * n):
        exact = 2.0 / (k + 1) if k % 2 == 0 else 0.0
        assert np.sum(w * x**k) == pytest.approx(exact, abs=3e-15 * (n + 1))
    if n >= 2:  # and not for degree 2n: the rule has exactly its promised degree
        assert abs(np.sum(w * x ** (2 * n)) - 2.0 / (2 * n + 1)) > 1e-6 / 4**n


@settings(max_examples=30, deadline=None)
@given(
    c=st.lists(st.floats(-10, 10), min_size=1, max_size=10),
    a=st.floats(-5, 5),
    width=st.floats(0.01, 10),
)
def test_fixed_quad_integrates_polynomials_of_degree_2n_minus_1_and_matches_scipy(c, a, width):
    b = a + width
    p = np.polynomial.Polynomial(c)
    n = max(1, (len(c) + 1) // 2)  # degree len(c) - 1 <= 2n - 1
    exact = p.integ()(b) - p.integ()(a)
    value, none = fixed_quad(p, a, b, n=n)
    assert none is None
    # (+ 1e-300: subnormal coefficients carry fewer digits than any relative tolerance)
    scale = np.sum(np.abs(c)) * max(1.0, abs(a), abs(b)) ** len(c) * width + 1e-300
    assert value == pytest.approx(exact, abs=1e-13 * scale)
    assert value == pytest.approx(scipy.integrate.fixed_quad(p, a, b, n=n)[0], abs=1e-13 * scale)


IMPROPER = [
    ("exp(-x) on [0, inf)", lambda x: np.exp(-x), 0, np.inf, 1.0),
    ("gaussian on R", lambda x: np.exp(-x * x), -np.inf, np.inf, np.sqrt(np.pi)),
    ("1/x² on [1, inf)", lambda x: 1 / x**2, 1, np.inf, 1.0),
    ("x^-1.5 on [1, inf)", lambda x: x**-1.5, 1, np.inf, 2.0),
    ("Cauchy on R", lambda x: 1 / (1 + x * x), -np.inf, np.inf, np.pi),
    ("exp on (-inf, 0]", np.exp, -np.inf, 0, 1.0),
    ("1/sqrt(x) on [0, 1]", lambda x: 1 / np.sqrt(x), 0, 1, 2.0),
    ("log x on [0, 1]", np.log, 0, 1, -1.0),
    ("log² x on [0, 1]", lambda x: np.log(x) ** 2, 0, 1, 2.0),
    ("x^-0.9 on [0, 1]", lambda x: x**-0.9, 0, 1, 10.0),
    ("1/sqrt(1 - x²) on [-1, 1]", lambda x: 1 / np.sqrt(1 - x * x), -1, 1, np.pi),
    ("1/sqrt(x - 1) on [1, 2]", lambda x: 1 / np.sqrt(x - 1), 1, 2, 2.0),
    ("Γ(1/2) = ∫ e^-x x^-1/2", lambda x: np.exp(-x) / np.sqrt(x), 0, np.inf, np.sqrt(np.pi)),
    ("-γ = ∫ e^-x log x", lambda x: np.exp(-x) * np.log(x), 0, np.inf, -np.euler_gamma),
    ("sin² on [0, 100]", lambda x: np.sin(x) ** 2, 0, 100, 50 - np.sin(200) / 4),
]


@pytest.mark.parametrize(
    ("f", "a", "b", "exact"), [c[1:] for c in IMPROPER], ids=[c[0] for c in IMPROPER]
)
def test_quad_handles_infinite_limits_and_endpoint_singularities_like_scipy(f, a, b, exact):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no IntegrationWarning, no NumPy warning
        value, abserr = quad(f, a, b)
    ref, _ = scipy.integrate.quad(f, a, b)
    tol = max(1.49e-8, 1.49e-8 * abs(exact))
    assert abs(value - exact) <= abserr <= tol  # the estimate is honest and meets the tolerance
    assert value == pytest.approx(ref, abs=2 * tol)
    # reversed limits give minus the integral
    assert quad(f, b, a)[0] == pytest.approx(-value, abs=2 * tol)


def test_quad_reaches_tight_tolerances_and_interior_points():
    value, err = quad(lambda x: x**-0.9, 0, 1, epsabs=0.0, epsrel=1e-12, limit=1000)
    assert abs(value - 10.0) <= err <= 1e-11
    # a narrow peak far from every sample is invisible to any sampling rule; points= shows it
    peak = lambda x: np.exp(-((x - 5) ** 2) / 1e-4)  # noqa: E731
    value, err = quad(peak, -np.inf, np.inf, points=[5.0])
    assert value == pytest.approx(np.sqrt(np.pi * 1e-4), rel=1e-12) and err < 1e-10
    jump = lambda x: np.where(x < 0.37, 1.0, 0.0)  # noqa: E731
    assert quad(jump, 0, 1, points=[0.37])[0] == pytest.approx(0.37, rel=1e-14)
    cusp = lambda x: 1 / np.sqrt(np.abs(x - 0.5))  # noqa: E731
    value, err = quad(cusp, 0, 1, points=[0.5])
    assert abs(value - 4 * np.sqrt(0.5)) <= err <= 1.5e-8 * 4
    assert quad(np.exp, 2.0, 2.0) == (0.0, 0.0)


def test_quad_error_estimate_is_honest_on_kinks_and_jumps_without_points():
    # regression of the estimator: coarse and fine rules can agree by chance across a kink
    for f, exact in [
        (lambda x: np.abs(x - 0.3), 0.29),
        (lambda x: np.where(x < 0.37, 1.0, 0.0), 0.37),
        (lambda x: np.maximum(np.sin(7 * x), 0.0), None),
    ]:
        value, err = quad(f, 0, 1)
        ref = scipy.integrate.quad(f, 0, 1, limit=500, epsabs=1e-13)[0] if exact is None else exact
        assert abs(value - ref) <= err


def test_quad_says_so_when_it_cannot_meet_the_tolerance():
    with pytest.warns(IntegrationWarning, match="limit=20"):
        value, err = quad(lambda x: x**-0.99, 0, 1, limit=20)
    assert abs(value - 100.0) <= err  # the estimate still covers the error
    with pytest.warns(IntegrationWarning, match="diverge"):
        quad(lambda x: 1 / x, 1, np.inf)


def test_quad_and_fixed_quad_bad_arguments():
    cases = [
        (lambda: quad("f", 0, 1), "callable"),
        (lambda: quad(np.exp, np.nan, 1), "finite number|NaN"),
        (lambda: quad(np.exp, 0, "1"), "real number"),
        (lambda: quad(np.exp, 0, 1, epsabs=-1.0), "epsabs"),
        (lambda: quad(np.exp, 0, 1, epsabs=0.0, epsrel=0.0), "epsabs > 0"),
        (lambda: quad(np.exp, 0, 1, limit=0), "limit"),
        (lambda: quad(np.exp, 0, 1, points=[np.nan]), "points"),
        (lambda: quad(lambda x: np.ones(3), 0, 1), "one value per point"),
        (lambda: quad(lambda x: np.where(x < 0.5, np.nan, 1.0), 0, 1), "not finite"),
        (lambda: fixed_quad(np.exp, 0, np.inf), "finite"),
        (lambda: fixed_quad(np.exp, 0, 1, n=0), "n must be"),
        (lambda: roots_legendre(2.5), "integer"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match), warnings.catch_warnings():
            warnings.simplefilter("ignore", IntegrationWarning)
            call()
