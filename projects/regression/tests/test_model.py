import warnings

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import linear_model as sk
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import check_estimator

from foundations.errors import InputError, LinAlgError

from ..model import LinearRegression, Ridge

SOLVERS = ["auto", "cholesky", "qr", "svd", "gd"]


def make_problem(seed, n=200, p=6, n_targets=None, offset=3.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3, size=p) + offset
    shape = (p,) if n_targets is None else (p, n_targets)
    y = X @ rng.normal(size=shape) + rng.normal(size=(n,) if n_targets is None else (n, n_targets))
    return X, y + 5.0, rng.uniform(0.0, 3.0, size=n)


def ours(solver, alpha=None, **kw):
    if solver == "gd":
        kw = {"tol": 1e-12, "max_iter": 100_000, "momentum": 0.9, **kw}
    return (
        LinearRegression(solver=solver, **kw)
        if alpha is None
        else Ridge(alpha, solver=solver, **kw)
    )


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("alpha", [None, 0.5, 30.0])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("n_targets", [None, 3])
def test_matches_sklearn_every_solver(solver, alpha, weighted, n_targets):
    X, y, w = make_problem(seed=len(solver) + 7 * weighted, n_targets=n_targets)
    sw = w if weighted else None
    ref = (sk.LinearRegression() if alpha is None else sk.Ridge(alpha=alpha)).fit(X, y, sw)
    model = ours(solver, alpha).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-6)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-8)
    assert model.coef_.shape == ref.coef_.shape
    assert np.shape(model.intercept_) == np.shape(ref.intercept_)
    auto = "pivoted cholesky" if alpha is None else "cholesky"
    assert model.solver_ == (auto if solver == "auto" else solver)


@pytest.mark.parametrize("solver", SOLVERS)
def test_no_intercept_matches_sklearn(solver):
    X, y, _ = make_problem(seed=3)
    ref = sk.Ridge(alpha=2.0, fit_intercept=False).fit(X, y)
    model = ours(solver, 2.0, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6)
    assert model.intercept_ == 0.0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(3, 60),
    p=st.integers(1, 12),
    alpha=st.sampled_from([0.0, 1e-3, 1.0, 100.0]),
)
def test_random_shapes_match_sklearn_predictions(seed, n, p, alpha):
    """Any shape, including more features than samples (the minimum-norm solution)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = rng.normal(size=n)
    if alpha == 0:
        model, ref = LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
    else:
        model, ref = Ridge(alpha).fit(X, y), sk.Ridge(alpha=alpha).fit(X, y)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-5, atol=1e-8)


def test_gd_converges_to_closed_form_with_monotone_loss():
    X, y, w = make_problem(seed=11, n=300, p=8)
    closed = Ridge(alpha=3.0, solver="cholesky").fit(X, y, sample_weight=w)
    gd = Ridge(alpha=3.0, solver="gd", tol=1e-11, max_iter=200_000).fit(X, y, sample_weight=w)
    assert gd.converged_ and gd.n_iter_ > 1
    np.testing.assert_allclose(gd.coef_, closed.coef_, rtol=1e-7)
    np.testing.assert_allclose(gd.intercept_, closed.intercept_, rtol=1e-9)
    history = gd.loss_history_
    assert np.all(np.diff(history) <= 1e-12 * abs(history[0]))  # step 1/L: monotone descent
    # The recorded loss is the objective itself: (||y - Xw - b||_S^2 + alpha ||w||^2) / (2 m).
    r = y - closed.predict(X)
    objective = 0.5 * (w @ r**2 + 3.0 * closed.coef_ @ closed.coef_) / w.sum()
    np.testing.assert_allclose(history[-1], objective, rtol=1e-9)


def test_gd_momentum_is_faster_and_not_converging_warns():
    X, y, _ = make_problem(seed=12, n=300, p=8)
    X[:, 1] = X[:, 0] + 0.05 * X[:, 1]  # ill-conditioned: plain GD is slow
    plain = LinearRegression(solver="gd", tol=1e-9, max_iter=200_000).fit(X, y)
    heavy = LinearRegression(solver="gd", tol=1e-9, max_iter=200_000, momentum=0.9).fit(X, y)
    assert heavy.n_iter_ < plain.n_iter_
    with pytest.warns(ConvergenceWarning, match="did not reach"):
        few = LinearRegression(solver="gd", tol=1e-12, max_iter=5).fit(X, y)
    assert not few.converged_ and few.n_iter_ == 5


def collinear_problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(100, 5))
    X = np.column_stack([X, X[:, 0] + 2 * X[:, 1], X[:, 2]])  # two exact dependencies
    y = X[:, :5] @ rng.normal(size=5) + 0.1 * rng.normal(size=100)
    return X, y


def test_collinear_auto_finds_the_rank_and_the_min_norm_solution_like_sklearn():
    """The pivoted Cholesky finds the two dependencies; no SVD is needed."""
    X, y = collinear_problem()
    model = LinearRegression().fit(X, y)
    ref = sk.LinearRegression().fit(X, y)
    assert model.solver_ == "pivoted cholesky" and model.rank_ == 5
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
    # minimum norm: no other least-squares solution (add a null-space vector) is shorter
    null = np.zeros(7)
    null[[0, 1, 5]] = [1, 2, -1]
    assert np.linalg.norm(model.coef_) < np.linalg.norm(model.coef_ + 1e-3 * null)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-10)


@pytest.mark.parametrize("solver", ["cholesky", "qr"])
def test_collinear_refused_by_solvers_that_need_full_rank(solver):
    X, y = collinear_problem()
    with pytest.raises(LinAlgError, match="collinear"):
        LinearRegression(solver=solver).fit(X, y)


@pytest.mark.parametrize("solver", SOLVERS)
def test_ridge_handles_collinear_columns(solver):
    X, y = collinear_problem(1)
    ref = sk.Ridge(alpha=1.0).fit(X, y)
    model = ours(solver, 1.0).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6)


def test_ill_conditioned_auto_goes_to_qr_and_stays_accurate():
    rng = np.random.default_rng(5)
    Q, _ = np.linalg.qr(rng.normal(size=(400, 6)))
    X = Q * np.logspace(0, -5, 6) @ np.linalg.qr(rng.normal(size=(6, 6)))[0]  # cond(X) = 1e5
    w = rng.normal(size=6)
    y = X @ w + 1e-3 * rng.normal(size=400)
    model = LinearRegression().fit(X, y)
    assert model.solver_ == "qr" and model.condition_number_ > 1e8
    exact = scipy.linalg.lstsq(np.column_stack([X, np.ones(400)]), y, cond=1e-14)[0][:6]
    np.testing.assert_allclose(model.coef_, exact, rtol=1e-6)


def test_badly_scaled_columns_stay_on_cholesky():
    """Units in the millions next to units in the thousandths: scaling keeps Cholesky exact."""
    X, y, _ = make_problem(seed=9, p=4)
    X = X * np.array([1e6, 1e-3, 1.0, 1e3])
    model = LinearRegression().fit(X, y)
    assert model.solver_ == "pivoted cholesky"
    exact = scipy.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, cond=1e-15)[0][:4]
    np.testing.assert_allclose(model.coef_, exact, rtol=1e-8)


@pytest.mark.parametrize("solver", SOLVERS)
def test_constant_column_gets_zero(solver):
    X, y, _ = make_problem(seed=4)
    X[:, 2] = 0.1  # centring leaves rounding noise, not zeros
    model = ours(solver).fit(X, y)
    assert model.coef_[2] == 0.0
    ref = sk.LinearRegression().fit(np.delete(X, 2, axis=1), y)
    np.testing.assert_allclose(np.delete(model.coef_, 2), ref.coef_, rtol=1e-6)


def test_sample_weight_two_is_repeating_and_zero_is_dropping():
    X, y, _ = make_problem(seed=8, n=40)
    weights = np.tile([0.0, 1.0, 2.0, 1.0], 10)
    weighted = Ridge(0.7).fit(X, y, sample_weight=weights)
    repeated = Ridge(0.7).fit(
        np.repeat(X, weights.astype(int), 0), np.repeat(y, weights.astype(int))
    )
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-10)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=1e-10)


def test_does_not_modify_inputs():
    X, y, w = make_problem(seed=1)
    copies = X.copy(), y.copy(), w.copy()
    for solver in SOLVERS:
        ours(solver, 1.0).fit(X, y, sample_weight=w)
    for original, copy in zip((X, y, w), copies, strict=True):
        np.testing.assert_array_equal(original, copy)


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (LinearRegression(solver="lu"), "solver must be one of"),
        (Ridge(alpha=-1.0), "alpha must be"),
        (Ridge(alpha=np.nan), "alpha must be"),
        (LinearRegression(tol=0), "tol must be"),
        (LinearRegression(max_iter=0), "max_iter must be"),
        (LinearRegression(momentum=1.0), "momentum must be"),
    ],
)
def test_bad_parameters(model, message):
    X, y, _ = make_problem(seed=0)
    with pytest.raises(InputError, match=message):
        model.fit(X, y)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (-np.ones(200), "Negative"),
        (np.zeros(200), "non-zero"),
        (np.ones(199), "shape"),
        (np.full(200, np.nan), "NaN"),
    ],
)
def test_bad_sample_weights(weights, message):
    X, y, _ = make_problem(seed=0)
    with pytest.raises(InputError, match=message):
        Ridge().fit(X, y, sample_weight=weights)


@pytest.mark.parametrize(
    ("ours_", "twin"), [(LinearRegression(), sk.LinearRegression()), (Ridge(), sk.Ridge())]
)
def test_passes_every_estimator_check_its_twin_passes(ours_, twin):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        twin_passed = {
            r["check_name"] for r in check_estimator(twin, on_fail=None) if r["status"] == "passed"
        }
        results = check_estimator(ours_, on_fail=None)
    failed = {r["check_name"]: str(r["exception"]) for r in results if r["status"] == "failed"}
    passed = {r["check_name"] for r in results if r["status"] == "passed"}
    assert not failed, failed
    assert twin_passed <= passed, twin_passed - passed
