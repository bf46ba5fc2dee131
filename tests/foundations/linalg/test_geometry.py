"""Norms, inner products, angles, cosine similarity, projections and Gram–Schmidt (chapter 2)."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine_similarity

from foundations.errors import InputError, LinAlgError
from foundations.linalg import (
    angle,
    cosine_similarity,
    distance,
    gram_schmidt,
    inner,
    matrix_norm,
    norm,
    project_onto_subspace,
    project_onto_vector,
)

ORDS = [None, 1, 2, 3, 0.5, -1, -2, 0, np.inf, -np.inf]


@settings(max_examples=60, deadline=None)
@given(
    d=st.integers(1, 50),
    exponent=st.integers(-100, 100),
    ord=st.sampled_from(ORDS),
    seed=st.integers(0, 2**32 - 1),
)
def test_vector_norms_match_numpy(d, exponent, ord, seed):
    x = np.random.default_rng(seed).normal(size=d) * 10.0**exponent
    np.testing.assert_allclose(norm(x, ord), np.linalg.norm(x, ord), rtol=1e-12)


@pytest.mark.parametrize("ord", ORDS)
def test_norms_of_rows_match_numpy(ord):
    X = np.random.default_rng(0).normal(size=(20, 6))
    X[3] = 0.0
    with np.errstate(divide="ignore"):
        ref = np.linalg.norm(X, ord, axis=1)
    np.testing.assert_allclose(norm(X, ord, axis=1), ref, rtol=1e-12)
    np.testing.assert_allclose(norm(X, ord, axis=0), np.linalg.norm(X, ord, axis=0), rtol=1e-12)


def test_norms_do_not_overflow_or_underflow():
    assert norm([1e200, 1e200]) == pytest.approx(np.sqrt(2) * 1e200, rel=1e-15)
    assert norm([3e-300, 4e-300]) == pytest.approx(5e-300, rel=1e-15)
    assert norm([1e300, 1e300], 3) == pytest.approx(2 ** (1 / 3) * 1e300, rel=1e-15)
    assert norm(np.zeros(4)) == 0.0
    assert matrix_norm(np.full((2, 2), 1e200)) == pytest.approx(2e200, rel=1e-15)


def test_norm_axioms():
    rng = np.random.default_rng(1)
    for ord in (1, 2, 3, np.inf):
        x, y = rng.normal(size=(2, 9))
        assert norm(x + y, ord) <= norm(x, ord) + norm(y, ord) + 1e-12  # triangle inequality
        assert norm(-2.5 * x, ord) == pytest.approx(2.5 * norm(x, ord))  # homogeneity
        assert distance(x, y, ord) == norm(x - y, ord)


@pytest.mark.parametrize("ord", ["fro", 1, -1, np.inf, -np.inf, 2, -2, "nuc"])
def test_matrix_norms_match_numpy(ord):
    rng = np.random.default_rng(2)
    for shape in ((1, 1), (4, 7), (30, 3)):
        A = rng.normal(size=shape)
        np.testing.assert_allclose(matrix_norm(A, ord), np.linalg.norm(A, ord), rtol=1e-12)
        np.testing.assert_allclose(norm(A, ord), np.linalg.norm(A, ord), rtol=1e-12)


def test_induced_norms_are_attained_and_bound_matrix_vector_products():
    rng = np.random.default_rng(3)
    A = rng.normal(size=(6, 5))
    j = np.argmax(np.abs(A).sum(axis=0))  # 1-norm: worst case is a coordinate vector
    assert norm(A @ np.eye(5)[j], 1) == pytest.approx(matrix_norm(A, 1))
    i = np.argmax(np.abs(A).sum(axis=1))  # inf-norm: worst case is a sign vector
    assert norm(A @ np.sign(A[i]), np.inf) == pytest.approx(matrix_norm(A, np.inf))
    for x in rng.normal(size=(50, 5)):
        assert norm(A @ x, 1) <= matrix_norm(A, 1) * norm(x, 1) + 1e-12
        assert norm(A @ x, np.inf) <= matrix_norm(A, np.inf) * norm(x, np.inf) + 1e-12


def test_inner_product_with_spd_matrix():
    rng = np.random.default_rng(4)
    B = rng.normal(size=(5, 5))
    M = B @ B.T + 5 * np.eye(5)
    x, y = rng.normal(size=(2, 5))
    assert inner(x, y) == pytest.approx(np.dot(x, y))
    assert inner(x, y, M) == pytest.approx(x @ M @ y)
    assert inner(x, y, M) == pytest.approx(inner(y, x, M))  # symmetric
    assert inner(x, x, M) > 0
    with pytest.raises(InputError, match="symmetric"):
        inner(x, y, B)
    with pytest.raises(LinAlgError, match="positive definite"):
        inner(x, y, np.diag([1.0, 1.0, -1.0, 1.0, 1.0]))


def test_angles_including_nearly_parallel_vectors():
    rng = np.random.default_rng(5)
    for _ in range(50):
        x, y = rng.normal(size=(2, 4))
        ref = np.arccos(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))
        assert angle(x, y) == pytest.approx(ref, rel=1e-12)
    assert angle([1.0, 0.0], [0.0, 2.0]) == pytest.approx(np.pi / 2)
    assert angle([1.0, 0.0], [-3.0, 0.0]) == pytest.approx(np.pi)
    # arccos returns 0 (or ~1e-8) here; the true angle is 1e-12 radians.
    assert angle([1.0, 0.0], [1.0, 1e-12]) == pytest.approx(1e-12, rel=1e-10)


def test_cosine_similarity_matches_scikit_learn():
    rng = np.random.default_rng(6)
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(4, 3))
    X[2] = 0.0  # a zero row: similarity 0, as scikit-learn
    np.testing.assert_allclose(cosine_similarity(X, Y), sk_cosine_similarity(X, Y), atol=1e-14)
    np.testing.assert_allclose(cosine_similarity(X), sk_cosine_similarity(X), atol=1e-14)


@settings(max_examples=40, deadline=None)
@given(d=st.integers(1, 20), k=st.integers(1, 20), seed=st.integers(0, 2**32 - 1))
def test_projections_match_least_squares(d, k, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, k))
    X = rng.normal(size=(5, d))
    P = project_onto_subspace(X, A)
    ref = (A @ np.linalg.lstsq(A, X.T, rcond=None)[0]).T
    np.testing.assert_allclose(P, ref, atol=1e-9)
    np.testing.assert_allclose((X - P) @ A, 0, atol=1e-9)  # the residual is orthogonal
    np.testing.assert_allclose(project_onto_subspace(P, A), P, atol=1e-9)  # idempotent
    v = A[:, 0]
    p = project_onto_vector(X[0], v)
    assert abs((X[0] - p) @ v) <= 1e-12 * np.linalg.norm(X[0]) * np.linalg.norm(v)
    np.testing.assert_allclose(project_onto_vector(X, v)[0], p, atol=1e-14)


def test_projection_onto_dependent_columns_uses_their_span():
    A = np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]])  # one line, spanned twice
    np.testing.assert_allclose(project_onto_subspace([1.0, 0.0, 5.0], A), [0.5, 0.5, 0.0])


def graded_matrix(rng, m, n, condition):
    U, _ = np.linalg.qr(rng.normal(size=(m, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (U * np.logspace(0, -np.log10(condition), n)) @ V.T


@pytest.mark.parametrize("method", ["modified", "classical"])
def test_gram_schmidt_is_orthonormal_and_spans_the_columns(method):
    rng = np.random.default_rng(7)
    for m, n in ((5, 5), (40, 10), (3, 1)):
        A = rng.normal(size=(m, n))
        Q = gram_schmidt(A, method=method)
        np.testing.assert_allclose(Q.T @ Q, np.eye(n), atol=1e-14)
        np.testing.assert_allclose(Q @ (Q.T @ A), A, atol=1e-13)
        # Same Q as a QR factorization with positive diag(R) (Q is unique then).
        Qr, R = np.linalg.qr(A)
        np.testing.assert_allclose(Q, Qr * np.sign(np.diagonal(R)), atol=1e-12)


def test_reorthogonalization_fixes_the_loss_of_orthogonality():
    A = graded_matrix(np.random.default_rng(8), 60, 20, condition=1e10)
    eps = np.finfo(float).eps

    def loss(Q):
        return np.linalg.norm(Q.T @ Q - np.eye(Q.shape[1]))

    classical = loss(gram_schmidt(A, "classical", reorthogonalize=False))
    modified = loss(gram_schmidt(A, "modified", reorthogonalize=False))
    assert classical > 1e-3  # ~ kappa^2 eps: orthogonality is lost
    assert 1e3 * eps < modified < 1e-2  # ~ kappa eps: partly lost
    for method in ("classical", "modified"):
        assert loss(gram_schmidt(A, method)) < 100 * eps  # twice is enough


@pytest.mark.parametrize("method", ["modified", "classical"])
def test_gram_schmidt_detects_rank_deficiency(method):
    rng = np.random.default_rng(9)
    A = rng.normal(size=(8, 3)) @ rng.normal(size=(3, 6))
    with pytest.raises(LinAlgError, match="column 3 of A is linearly dependent"):
        gram_schmidt(A, method)
    Q = gram_schmidt(A, method, drop_dependent=True)
    assert Q.shape == (8, 3)
    np.testing.assert_allclose(Q @ Q.T, scipy.linalg.orth(A) @ scipy.linalg.orth(A).T, atol=1e-12)
    # A column of size 1e-8 relative to the others is independent under the default tolerance
    # and dependent under tol=1e-6.
    B = np.array([[1.0, 0.0], [0.0, 1e-8]])
    assert gram_schmidt(B).shape == (2, 2)
    assert gram_schmidt(B, tol=1e-6, drop_dependent=True).shape == (2, 1)


def test_errors():
    with pytest.raises(InputError, match="ord"):
        norm([1.0, 2.0], "fro")
    with pytest.raises(InputError, match="ord"):
        matrix_norm(np.eye(2), 3)
    with pytest.raises(InputError, match="zero vector"):
        angle([0.0, 0.0], [1.0, 0.0])
    with pytest.raises(InputError, match="zero vector"):
        project_onto_vector([1.0, 2.0], [0.0, 0.0])
    with pytest.raises(InputError, match="coordinates"):
        project_onto_subspace([1.0, 2.0], np.eye(3))
    with pytest.raises(InputError, match="same length"):
        inner([1.0], [1.0, 2.0])
    with pytest.raises(InputError, match="features"):
        cosine_similarity(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(InputError, match="method"):
        gram_schmidt(np.eye(2), method="householder")
    with pytest.raises(InputError, match="axis"):
        norm(np.ones((2, 2)), axis=2)
