"""Row echelon forms, rank and null space against NumPy, SciPy and SymPy-free exact cases."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from foundations.linalg import matrix_rank, null_space, row_echelon, rref


def low_rank(rng, m, n, r, scale=1.0):
    return scale * (rng.normal(size=(m, r)) @ rng.normal(size=(r, n)))


def assert_echelon(E, pivots):
    """Each pivot lies right of the one above, everything below a pivot is zero, zero rows last."""
    assert list(pivots) == sorted(set(pivots))
    for r, c in enumerate(pivots):
        assert E[r, c] != 0
        np.testing.assert_array_equal(E[r + 1 :, c], 0)
        np.testing.assert_array_equal(E[r, :c], 0)
    np.testing.assert_array_equal(E[len(pivots) :], 0)


@settings(max_examples=150, deadline=None)
@given(
    m=st.integers(1, 25),
    n=st.integers(1, 25),
    r=st.integers(0, 25),
    exponent=st.integers(-6, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_rank_rref_and_null_space_on_low_rank_matrices(m, n, r, exponent, seed):
    rng = np.random.default_rng(seed)
    r = min(r, m, n)
    A = low_rank(rng, m, n, r, 10.0**exponent)
    assert matrix_rank(A) == np.linalg.matrix_rank(A) == r

    E, pivots = row_echelon(A)
    assert_echelon(E, pivots)
    assert len(pivots) == r

    R, rpivots = rref(A)
    assert rpivots == pivots
    assert_echelon(R, rpivots)
    np.testing.assert_allclose(R[: len(rpivots)][:, list(rpivots)], np.eye(r), atol=1e-12)
    # The row space is unchanged: A's rows are combinations of R's non-zero rows.
    if r:
        coef = np.linalg.lstsq(R[:r].T, A.T, rcond=None)[0]
        np.testing.assert_allclose(R[:r].T @ coef, A.T, atol=1e-8 * np.max(np.abs(A)))

    N = null_space(A)
    assert N.shape == scipy.linalg.null_space(A).shape == (n, n - r)
    np.testing.assert_allclose(A @ N, 0, atol=1e-9 * max(1.0, np.max(np.abs(A))))
    np.testing.assert_allclose(N.T @ N, np.eye(n - r), atol=1e-10)
    if n - r:  # same subspace as SciPy's: equal orthogonal projectors
        S = scipy.linalg.null_space(A)
        np.testing.assert_allclose(N @ N.T, S @ S.T, atol=1e-7)


def test_rref_exact_example():
    A = np.array([[1.0, 2.0, 1.0, 1.0], [2.0, 4.0, 0.0, 6.0], [1.0, 2.0, 2.0, -1.0]])
    R, pivots = rref(A)
    # Row 3 = 2 row1 - row2/2 ... rank 2, pivots in columns 0 and 2 (column 1 = 2 column 0).
    assert pivots == (0, 2)
    np.testing.assert_allclose(R, [[1, 2, 0, 3], [0, 0, 1, -2], [0, 0, 0, 0]], atol=1e-15)
    N = null_space(A, orthonormal=False)  # the special solutions
    np.testing.assert_allclose(N, [[-2, -3], [1, 0], [0, 2], [0, 1]], atol=1e-15)
    np.testing.assert_allclose(A @ N, 0, atol=1e-14)


def test_row_swap_identity_and_zero():
    assert rref([[0.0, 1.0], [1.0, 0.0]])[1] == (0, 1)
    np.testing.assert_array_equal(rref([[0.0, 1.0], [1.0, 0.0]])[0], np.eye(2))
    assert matrix_rank(np.zeros((3, 4))) == 0
    assert null_space(np.zeros((3, 4))).shape == (4, 4)
    assert null_space(np.eye(3)).shape == (3, 0)
    assert matrix_rank([[5.0]]) == 1
    assert matrix_rank([0.0, 0.0]) == 0 and matrix_rank([0.0, 1.0]) == 1  # vectors, as NumPy


def test_rank_with_graded_singular_values_and_tolerance():
    # Singular values 1 .. 1e-8 then a gap down to rounding level: both rules see the gap.
    rng = np.random.default_rng(1)
    for n in (5, 10, 30):
        U, _ = np.linalg.qr(rng.normal(size=(n, n)))
        V, _ = np.linalg.qr(rng.normal(size=(n, n)))
        s = np.concatenate([np.logspace(0, -8, n - 2), [1e-17, 1e-18]])
        A = (U * s) @ V.T
        assert matrix_rank(A) == np.linalg.matrix_rank(A) == n - 2
    A = np.diag([1.0, 1e-3, 1e-9])
    assert matrix_rank(A) == 3
    assert matrix_rank(A, tol=1e-6) == 2
    assert len(rref(A, tol=1e-6)[1]) == 2


def test_input_is_not_modified():
    A = low_rank(np.random.default_rng(0), 6, 5, 3)
    before = A.copy()
    row_echelon(A), rref(A), matrix_rank(A), null_space(A)
    np.testing.assert_array_equal(A, before)


def test_errors():
    with pytest.raises(InputError, match="tol"):
        rref(np.eye(2), tol=-1.0)
    with pytest.raises(InputError, match="NaN"):
        matrix_rank([[np.nan]])
    with pytest.raises(InputError, match="empty"):
        matrix_rank(np.ones((0, 2)))
    with pytest.raises(InputError, match="2-D"):
        null_space(np.ones(3))
