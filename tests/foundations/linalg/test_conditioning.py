"""Determinants and condition numbers against NumPy and LAPACK's gecon."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import cond, cond_estimate, det, det_cofactor_naive, lu_factor, slogdet


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 2**32 - 1))
def test_det_and_slogdet_match_numpy(n, seed):
    A = np.random.default_rng(seed).normal(size=(n, n))
    np.testing.assert_allclose(det(A), np.linalg.det(A), rtol=1e-9)
    sign, logabs = slogdet(A)
    ref_sign, ref_logabs = np.linalg.slogdet(A)
    assert sign == ref_sign
    np.testing.assert_allclose(logabs, ref_logabs, rtol=1e-10, atol=1e-10)


def test_det_special_cases():
    assert det([[0.0, 1.0], [1.0, 0.0]]) == -1.0  # one swap
    assert det(np.fliplr(np.eye(5))) == np.linalg.det(np.fliplr(np.eye(5)))
    assert det([[1.0, 2.0], [2.0, 4.0]]) == 0.0
    assert slogdet(np.zeros((3, 3))) == (0.0, -np.inf)
    assert det([[4.0]]) == 4.0
    # det of a product is the product of dets; det of the transpose is the same
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(2, 8, 8))
    np.testing.assert_allclose(det(A @ B), det(A) * det(B), rtol=1e-10)
    np.testing.assert_allclose(det(A.T), det(A), rtol=1e-10)
    # slogdet does not overflow where det does
    big = 1e3 * np.eye(200)
    with np.errstate(over="ignore"):
        assert det(big) == np.inf
    np.testing.assert_allclose(slogdet(big)[1], 200 * np.log(1e3))


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7])
def test_cofactor_expansion_matches_numpy(n):
    A = np.random.default_rng(n).normal(size=(n, n))
    np.testing.assert_allclose(det_cofactor_naive(A), np.linalg.det(A), rtol=1e-10)
    np.testing.assert_allclose(det_cofactor_naive(A), det(A), rtol=1e-10)


@pytest.mark.parametrize("p", [1, -1, np.inf, -np.inf, "fro"])
def test_cond_matches_numpy(p):
    rng = np.random.default_rng(1)
    for n in (1, 4, 30):
        A = rng.normal(size=(n, n))
        np.testing.assert_allclose(cond(A, p), np.linalg.cond(A, p), rtol=1e-8)
    H = scipy.linalg.hilbert(9)  # ill-conditioned but invertible: still a number, not inf
    np.testing.assert_allclose(cond(H, p), np.linalg.cond(H, p), rtol=1e-4)
    assert cond([[1.0, 2.0], [2.0, 4.0]], p) == np.inf


@pytest.mark.parametrize("p", [None, 2, -2, "nuc"])
def test_cond_from_singular_values_matches_numpy(p):
    rng = np.random.default_rng(2)
    A = rng.normal(size=(12, 12))
    np.testing.assert_allclose(cond(A, p), np.linalg.cond(A, p), rtol=1e-8)
    if p in (None, 2, -2):  # these accept rectangular matrices
        B = rng.normal(size=(12, 5))
        np.testing.assert_allclose(cond(B, p), np.linalg.cond(B, p), rtol=1e-8)


def test_cond_estimate_is_a_tight_lower_bound_like_lapack():
    rng = np.random.default_rng(3)
    for i in range(60):
        n = int(rng.integers(1, 80))
        # graded singular values make the conditioning vary over many orders of magnitude
        U, _ = np.linalg.qr(rng.normal(size=(n, n)))
        V, _ = np.linalg.qr(rng.normal(size=(n, n)))
        A = (U * np.logspace(0, -rng.uniform(0, 12), n)) @ V.T if i % 2 else rng.normal(size=(n, n))
        exact = np.linalg.cond(A, 1)
        estimate = cond_estimate(A)
        # a lower bound, up to the rounding in the "exact" value, ~ cond * eps relative
        assert estimate <= exact * (1 + 1e-3)
        assert estimate >= exact / 10  # and a good one
        lu_, _ = scipy.linalg.lu_factor(A)
        rcond, _ = scipy.linalg.lapack.dgecon(lu_, np.abs(A).sum(axis=0).max(), norm="1")
        assert estimate >= 0.3 / rcond  # never much worse than LAPACK's own estimate
    assert cond_estimate([[1.0, 1.0], [1.0, 1.0]]) == np.inf


def test_input_is_not_modified():
    A = np.random.default_rng(4).normal(size=(6, 6))
    before = A.copy()
    det(A), slogdet(A), cond(A, 1), cond_estimate(A), lu_factor(A)
    np.testing.assert_array_equal(A, before)


def test_errors():
    with pytest.raises(InputError, match="square"):
        det(np.ones((2, 3)))
    with pytest.raises(InputError, match="n <= 8"):
        det_cofactor_naive(np.eye(9))
    with pytest.raises(InputError, match="p must be"):
        cond(np.eye(2), 3)
    with pytest.raises(InputError, match="square"):
        cond(np.ones((2, 3)), 1)
