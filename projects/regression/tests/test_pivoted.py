"""The fast exact path: pivoted Cholesky, the minimum-norm solution without an SVD, the Gram."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import linear_model as sk

from ..direct import bordered_solve, ridge_condition_bound, scaled_gram
from ..gram import MAX_CANCELLATION, gram_uncentred, normal_equations
from ..model import LinearRegression, Ridge
from ..pivoted import pivoted_cholesky


def low_rank_design(seed, n, p, rank, scale_spread=True):
    """``n x p`` with exact linear dependencies: ``rank`` independent centred columns."""
    rng = np.random.default_rng(seed)
    basis = rng.normal(size=(n, rank))
    X = basis @ rng.normal(size=(rank, p))
    if scale_spread:
        X *= 10.0 ** rng.uniform(-3, 3, size=p)  # very different units
    return X + rng.normal(size=p) * 5  # offsets: the centred design keeps the rank


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), p=st.integers(1, 25), data=st.data())
def test_pivoted_cholesky_reconstructs_and_reveals_the_rank(seed, p, data):
    rank = data.draw(st.integers(1, p))
    rng = np.random.default_rng(seed)
    F = rng.normal(size=(p, rank))
    A = F @ F.T
    d = np.sqrt(np.diag(A))
    A = A / np.outer(d, d)  # unit diagonal, as the solvers scale it
    fact = pivoted_cholesky(A, 1e-12)
    assert fact.rank == np.linalg.matrix_rank(A, rtol=1e-10) == rank
    L, perm = fact.L, fact.perm
    assert sorted(perm) == list(range(p))
    np.testing.assert_allclose(L @ L.T, A[np.ix_(perm, perm)], atol=1e-12)
    np.testing.assert_array_equal(L[:rank], np.tril(L[:rank]))
    pivots = np.diag(L[:rank])
    assert np.all(pivots > 0) and np.all(np.diff(pivots) <= 1e-12)  # the largest first
    assert np.all(fact.remaining <= 1e-12)


def test_pivoted_cholesky_of_duplicate_and_zero_columns():
    A = np.array([[1.0, 1.0, 0.0, 0.5], [1.0, 1.0, 0.0, 0.5], [0, 0, 0, 0], [0.5, 0.5, 0, 1.0]])
    fact = pivoted_cholesky(A, 1e-12)
    assert fact.rank == 2
    assert 2 in fact.perm[2:] and {0, 1} & set(fact.perm[2:])  # the zero and one duplicate out


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    n=st.integers(20, 120),
    p=st.integers(2, 15),
    data=st.data(),
    weighted=st.booleans(),
    targets=st.sampled_from([None, 2]),
)
def test_rank_deficient_least_squares_is_the_minimum_norm_solution(
    seed, n, p, data, weighted, targets
):
    rank = data.draw(st.integers(1, p))
    X = low_rank_design(seed, n, p, rank)
    rng = np.random.default_rng(seed + 1)
    y = rng.normal(size=n if targets is None else (n, targets))
    w = rng.uniform(0.1, 2.0, size=n) if weighted else None
    model = LinearRegression().fit(X, y, sample_weight=w)
    ref = sk.LinearRegression().fit(X, y, sample_weight=w)
    if model.solver_ == "svd":  # kept columns too ill conditioned: the SVD, as scikit-learn
        np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-8, atol=1e-8)
        return
    # a full-rank but ill-conditioned draw may go to QR; otherwise the pivoted Cholesky
    assert (model.solver_, model.rank_) in {("pivoted cholesky", rank), ("qr", None)}
    # the minimum-norm least-squares solution of the centred (weighted) problem
    sw = np.ones(n) if w is None else w
    mu = sw @ X / sw.sum()
    Xc = (X - mu) * np.sqrt(sw)[:, None]
    Y = y if targets is not None else y[:, None]
    Yc = (Y - sw @ Y / sw.sum()) * np.sqrt(sw)[:, None]
    exact = np.linalg.pinv(Xc, rtol=1e-10) @ Yc
    coef = model.coef_.T if targets is not None else model.coef_[:, None]
    # columns in units up to 10^6 apart: any backward-stable method's coefficients carry an
    # error of about eps times that spread (relative to the largest coefficient)
    norms = np.linalg.norm(Xc, axis=0)
    spread = norms.max() / norms.min()
    np.testing.assert_allclose(coef, exact, atol=1e-13 * spread * np.abs(exact).max())
    # scikit-learn decides the rank on the unscaled singular values (cond = tol = 1e-6), so with
    # columns in units 10^6 apart it may drop a direction the scaled design keeps; where the two
    # ranks agree, so do the fits
    if ref.rank_ == rank:
        np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-8, atol=1e-8)


def test_more_features_than_samples_still_goes_to_the_svd():
    X = np.random.default_rng(0).normal(size=(8, 20))
    y = np.random.default_rng(1).normal(size=8)
    model = LinearRegression().fit(X, y)
    assert model.solver_ == "svd" and model.rank_ == 7
    np.testing.assert_allclose(model.coef_, sk.LinearRegression().fit(X, y).coef_, atol=1e-10)


@pytest.mark.parametrize("offset", [0.0, 3.0, 1e4])
def test_normal_equations_equal_the_centred_products(offset):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(500, 6)) * [1, 2, 3, 0.1, 10, 1] + offset
    Y = rng.normal(size=(500, 2)) + 100.0
    x_offset, _, G, B = normal_equations(X, Y)
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    np.testing.assert_allclose(G, Xc.T @ Xc, rtol=1e-11, atol=1e-9 * np.abs(Xc.T @ Xc).max())
    np.testing.assert_allclose(B, Xc.T @ Yc, rtol=1e-10, atol=1e-10 * np.abs(Xc.T @ Yc).max())
    # A sum's rounding is relative to sum |x|, not to the mean (near 0 at offset 0): any
    # summation order keeps |error of the mean| <= n * eps * mean |x|.
    bound = len(X) * np.finfo(float).eps * np.abs(X).mean(axis=0)
    assert np.all(np.abs(x_offset - X.mean(axis=0)) <= bound)
    amplification = gram_uncentred(X, Y)[-1]
    assert (amplification <= MAX_CANCELLATION) == (offset < 1.0)  # large means: blocked path


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), log_alpha=st.floats(-8, 4), p=st.integers(1, 12))
def test_ridge_condition_bound_is_a_bound(seed, log_alpha, p):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, p)) * 10.0 ** rng.uniform(-2, 2, size=p)
    G = X.T @ X
    A, _, d = scaled_gram(G, np.zeros((p, 1)), 10.0**log_alpha)
    assert ridge_condition_bound(A, d, 10.0**log_alpha) >= np.linalg.cond(A) * (1 - 1e-9)
    assert ridge_condition_bound(A, d, 0.0) == np.inf


def test_bordered_solve_equals_a_solve():
    rng = np.random.default_rng(3)
    F = rng.normal(size=(40, 9))
    A = F.T @ F + 0.5 * np.eye(9)
    B = rng.normal(size=(9, 3))
    lam_min = np.linalg.eigvalsh(A)[0]
    np.testing.assert_allclose(bordered_solve(A, B, lam_min), np.linalg.solve(A, B), rtol=1e-12)


def test_ridge_uses_the_bound_and_stays_exact():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(300, 12)) * 10.0 ** rng.uniform(-2, 2, size=12)
    y = X @ rng.normal(size=12) + rng.normal(size=300)
    model = Ridge(alpha=5.0).fit(X, y)
    assert model.solver_ == "cholesky" and model.condition_number_ is None
    assert model.condition_bound_ >= 1.0
    np.testing.assert_allclose(model.coef_, sk.Ridge(alpha=5.0).fit(X, y).coef_, rtol=1e-10)
