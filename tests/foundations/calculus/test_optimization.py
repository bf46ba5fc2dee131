import itertools

import numpy as np
import pytest
import scipy.optimize

from foundations.calculus import (
    DivergenceError,
    convergence_order,
    golden_section_search,
    gradient_descent_1d,
    newton_1d,
    newton_root,
)
from foundations.errors import InputError

X_STAR = np.log(2.0)  # minimiser of f(x) = eˣ - 2x
df = lambda x: np.exp(x) - 2  # noqa: E731


def test_gradient_descent_converges_linearly_at_the_predicted_ratio():
    step = 0.2
    res = gradient_descent_1d(df, 2.0, step=step, tol=1e-14)
    assert res.converged
    assert res.x == pytest.approx(X_STAR, abs=1e-12)
    err = np.abs(res.history - X_STAR)
    ratios = err[20:40] / err[19:39]
    np.testing.assert_allclose(ratios, abs(1 - step * 2.0), rtol=1e-3)  # f''(x*) = 2
    assert convergence_order(err[20:23]) == pytest.approx(1.0, abs=0.01)


def test_newton_converges_quadratically_and_agrees_with_scipy():
    res = newton_1d(df, np.exp, 2.0)
    assert res.converged and res.x == pytest.approx(X_STAR, abs=1e-15)
    err = np.abs(res.history - X_STAR)
    quad = [(a, b) for a, b in itertools.pairwise(err) if 1e-7 < a < 1e-1]
    assert quad and all(b <= 0.6 * a**2 for a, b in quad)  # |e_{k+1}| <= (f'''/2f'') e_k²
    for x0 in (0.5, 1.0, 3.0, 10.0):
        f = lambda x: x**3 - 2 * x - 5  # noqa: E731
        fp = lambda x: 3 * x**2 - 2  # noqa: E731
        ours = newton_root(f, fp, x0)
        ref = scipy.optimize.newton(f, x0, fprime=fp)
        assert ours.x == pytest.approx(ref, abs=1e-12)


def test_golden_section_shrinks_by_the_golden_ratio_and_agrees_with_scipy():
    f = lambda x: (x - 1.3) ** 2 + np.cos(3 * x) / 10  # noqa: E731
    res = golden_section_search(f, -1.0, 3.0, tol=1e-10)
    ref = scipy.optimize.minimize_scalar(f, bracket=(-1.0, 3.0), method="golden", tol=1e-12)
    assert res.converged and res.x == pytest.approx(ref.x, abs=1e-7)
    # bracket (b - a) φ^-k reaches tol·max(1, |a|+|b|) after about log(4/(tol·3)) / log φ steps
    phi = (1 + np.sqrt(5)) / 2
    assert res.n_iter <= np.ceil(np.log(4 / (1e-10 * 2)) / np.log(phi)) + 1


def test_clear_errors():
    with pytest.raises(InputError, match="diverged"), np.errstate(over="ignore"):
        gradient_descent_1d(lambda x: 4 * x**3, 3.0, step=1.0)
    with pytest.raises(InputError, match="undefined"):
        newton_root(lambda x: x**2 + 1, lambda x: 2 * x, 0.0)
    with pytest.raises(InputError, match="a < b"):
        golden_section_search(np.cos, 2.0, 1.0)
    with pytest.raises(InputError, match="not finite"):
        gradient_descent_1d(df, np.nan)


def test_gradient_descent_converges_on_the_gradient_not_on_a_small_step():
    # regression: with step 1e-12 it said "converged" at x = 2, far from ln 2
    res = gradient_descent_1d(df, 2.0, step=1e-12, max_iter=1000)
    assert not res.converged and "max_iter" in res.message and res.x == pytest.approx(2.0)
    res = gradient_descent_1d(df, 2.0, step=0.2, tol=1e-9)
    assert res.converged and abs(df(res.x)) <= 1e-9
    assert abs(res.x - X_STAR) <= 1e-9 / 2 * 1.01  # |x - x*| ≈ |f'(x)| / f''(x*)
    assert res.history.shape == (res.n_iter + 1,)
    # a step below the float spacing is no progress: an honest stop, not convergence
    res = gradient_descent_1d(lambda x: 1.0, 1.0, step=1e-20)
    assert not res.converged and "float spacing" in res.message and res.n_iter == 0
    assert gradient_descent_1d(df, X_STAR, tol=1e-12).n_iter == 0  # a stationary start


def test_divergence_is_a_divergence_error_and_every_bad_argument_is_one_input_error():
    with pytest.raises(DivergenceError, match="too large"):
        gradient_descent_1d(lambda x: 4 * x**3, 3.0, step=1.0)
    with pytest.raises(DivergenceError, match="diverged"), np.errstate(over="ignore"):
        # Newton on sign(x)|x|^(1/4) maps x to -3x: the iterates run off to infinity
        newton_root(
            lambda x: np.sign(x) * abs(x) ** 0.25, lambda x: abs(x) ** -0.75 / 4, 1.0, maxiter=1000
        )
    cases = [
        (lambda: gradient_descent_1d(df, 1.0, step=0.0), "step"),
        (lambda: gradient_descent_1d(df, 1.0, step="big"), "step"),
        (lambda: gradient_descent_1d(df, 1.0, tol=-1.0), "tol"),
        (lambda: gradient_descent_1d(df, 1.0, max_iter=2.5), "max_iter"),
        (lambda: gradient_descent_1d("df", 1.0), "callable"),
        (lambda: gradient_descent_1d(lambda x: np.ones(2), 1.0), "single number"),
        (lambda: gradient_descent_1d(df, [1.0, 2.0]), "single number"),
        (lambda: newton_1d(df, np.exp, 1.0, tol="x"), "tol"),
        (lambda: newton_root(np.sin, None, 1.0), "callable"),
        (lambda: golden_section_search(np.cos, 0.0, 1.0, tol=0.0), "tol"),
        (lambda: golden_section_search(np.cos, 0.0, np.inf), "finite"),
        (lambda: golden_section_search(np.cos, 0.0, 1.0, max_iter=-1), "max_iter"),
        (lambda: convergence_order([1e-1, 1e-2, 1e-2]), "strictly decreasing"),
        (lambda: convergence_order(["a", "b", "c"]), "numbers"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()
