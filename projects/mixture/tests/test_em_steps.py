"""The E and M steps against plain dense NumPy formulas; chunks, row blocks, extreme values."""

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import logsumexp

from .. import em_steps
from ..covariances import COVARIANCE_TYPES, precision_cholesky
from ..em_steps import CHUNK_ROWS, Params, em_iteration, estimate_parameters, logsumexp_rows


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 5)),
        elements=st.one_of(
            st.floats(-1e300, 1e300, allow_nan=False), st.just(-np.inf), st.floats(-50, 50)
        ),
    )
)
def test_logsumexp_rows_is_scipys(a):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = logsumexp_rows(a)
    with np.errstate(all="ignore"):
        expected = logsumexp(a, axis=1)
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def dense_reference(X, params, reg):
    """The textbook E and M step with explicit inverses (a slow, independent reference)."""
    k, d = params.means.shape
    ct = params.covariance_type
    cov = params.covariances
    covs = {
        "full": lambda: cov,
        "tied": lambda: np.broadcast_to(cov, (k, d, d)),
        "diag": lambda: np.stack([np.diag(c) for c in cov]),
        "spherical": lambda: np.stack([c * np.eye(d) for c in cov]),
    }[ct]()
    a = np.empty((X.shape[0], k))
    for j in range(k):
        diff = X - params.means[j]
        maha = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(covs[j]), diff)
        _, logdet = np.linalg.slogdet(covs[j])
        a[:, j] = np.log(params.weights[j]) - 0.5 * (d * np.log(2 * np.pi) + logdet + maha)
    log_p = logsumexp(a, axis=1)
    r = np.exp(a - log_p[:, None])
    nk = r.sum(axis=0)
    means = r.T @ X / nk[:, None]
    S = np.stack([(r[:, j, None] * (X - means[j])).T @ (X - means[j]) for j in range(k)])
    new = {
        "full": lambda: S / nk[:, None, None] + reg * np.eye(d),
        "tied": lambda: S.sum(axis=0) / nk.sum() + reg * np.eye(d),
        "diag": lambda: np.diagonal(S, axis1=1, axis2=2) / nk[:, None] + reg,
        "spherical": lambda: (np.diagonal(S, axis1=1, axis2=2) / nk[:, None] + reg).mean(1),
    }[ct]()
    return log_p.mean(), nk / nk.sum(), means, new, r


def random_params(rng, k, d, ct):
    X = rng.normal(size=(3 * CHUNK_ROWS + 17, d)) * [1.0, 3.0, 0.5][:d]
    resp = rng.dirichlet(np.ones(k), size=X.shape[0])
    return X, estimate_parameters(X, resp, 1e-3, ct)


@pytest.mark.parametrize("ct", COVARIANCE_TYPES)
def test_one_iteration_is_the_textbook_formula(ct):
    rng = np.random.default_rng(0)
    X, params = random_params(rng, 4, 3, ct)
    resp = np.empty((X.shape[0], 4))
    bound, new = em_iteration(X, params, 1e-3, resp)
    ref_bound, w, mu, cov, r = dense_reference(X, params, 1e-3)
    assert bound == pytest.approx(ref_bound, rel=1e-13)
    np.testing.assert_allclose(resp, r, rtol=1e-11, atol=1e-15)
    np.testing.assert_allclose(new.weights, w, rtol=1e-12)
    np.testing.assert_allclose(new.means, mu, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(new.covariances, cov, rtol=1e-11)
    np.testing.assert_allclose(new.prec_chol, precision_cholesky(cov, ct), rtol=1e-9)


def test_row_blocks_on_threads_give_the_same_iteration(monkeypatch):
    rng = np.random.default_rng(1)
    X, params = random_params(rng, 3, 3, "full")
    resp = np.empty((X.shape[0], 3))
    one_bound, one = em_iteration(X, params, 1e-6, resp)
    edges = [0, 1000, 1001, 4500, X.shape[0]]
    blocks = [slice(a, b) for a, b in itertools.pairwise(edges)]
    monkeypatch.setattr(em_steps, "row_blocks", lambda n: blocks)
    resp2 = np.empty_like(resp)
    bound, many = em_iteration(X, params, 1e-6, resp2)
    assert bound == pytest.approx(one_bound, rel=1e-14)
    np.testing.assert_allclose(resp2, resp, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(many.covariances, one.covariances, rtol=1e-12)


def test_the_scatter_keeps_the_digits_the_raw_moments_lose():
    """Variance 1e-6 around 1e8: E[x^2] - E[x]^2 cancels 28 digits, the two-pass sum none."""
    rng = np.random.default_rng(2)
    X = 1e8 + rng.normal(scale=1e-3, size=(5000, 1))
    resp = np.ones((5000, 1))
    p = estimate_parameters(X, resp, 0.0, "diag")
    centred = X - 1e8  # exact: X lies within a factor 2 of 1e8
    exact = np.mean((centred - centred.mean()) ** 2)
    assert p.covariances[0, 0] == pytest.approx(exact, rel=1e-9)
    naive = np.mean(X**2) - np.mean(X) ** 2  # the raw-moment formula
    assert abs(naive - exact) > 10 * exact


def test_zero_weights_cost_no_warning():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 2))
    cov = np.tile(np.eye(2), (2, 1, 1))
    params = Params(
        np.array([1.0, 0.0]), np.zeros((2, 2)), cov, precision_cholesky(cov, "full"), "full"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, log_resp = em_steps.log_prob_resp(X, params)
    assert np.all(log_resp[:, 1] == -np.inf) and np.all(log_resp[:, 0] == 0)
