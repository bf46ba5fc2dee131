"""LU with partial pivoting, lu_solve, solve and inv against SciPy/NumPy, and their backward error."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError, LinAlgError
from foundations.linalg import inv, lu, lu_factor, lu_solve, solve

EPS = np.finfo(float).eps

# LAPACK's test suite accepts ||A - PLU|| / (n ||A|| eps) < 30. Partial pivoting does far better
# on everything below (the worst of 200 random matrices is about 0.1, as SciPy's own LU), so the
# tests hold the factorization to a constant of 1.
BACKWARD_ERROR_BOUND = 1.0


def backward_error(A, P, L, U):
    r"""||A - PLU||_1 / (max(m, n) ||A||_1 eps); for A = 0 the factors themselves must vanish."""
    residual = np.abs(A - P @ L @ U).sum(axis=0).max()
    a_norm = np.abs(A).sum(axis=0).max()
    if a_norm == 0:
        return residual
    return residual / (max(A.shape) * a_norm * EPS)


def check_factors(A, P, L, U):
    m, n = A.shape
    k = min(m, n)
    assert P.shape == (m, m) and L.shape == (m, k) and U.shape == (k, n)
    np.testing.assert_array_equal(P @ P.T, np.eye(m))  # a permutation matrix
    assert set(np.unique(P)) <= {0.0, 1.0}
    np.testing.assert_array_equal(np.triu(L, 1), 0)
    np.testing.assert_array_equal(np.diagonal(L), 1)
    np.testing.assert_array_equal(np.tril(U, -1), 0)
    assert np.all(np.abs(L) <= 1.0)  # partial pivoting bounds every multiplier
    assert backward_error(A, P, L, U) < BACKWARD_ERROR_BOUND


def random_matrices(count=200, seed=0):
    """Square, tall and wide, sizes 1..150, scales 1e-8..1e8."""
    rng = np.random.default_rng(seed)
    for i in range(count):
        m = int(rng.integers(1, 150))
        n = int(rng.integers(1, 150)) if i % 3 == 0 else m
        yield rng.normal(size=(m, n)) * 10.0 ** rng.uniform(-8, 8)


@pytest.mark.parametrize("method", ["blocked", "rank1"])
def test_backward_error_on_200_random_matrices(method):
    for A in random_matrices():
        check_factors(A, *lu(A, method=method))


def special_matrices():
    rng = np.random.default_rng(7)
    low_rank = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 40))
    singular = rng.normal(size=(30, 30))
    singular[:, 7] = singular[:, 3] - 2 * singular[:, 11]
    zero_column = rng.normal(size=(20, 20))
    zero_column[:, 0] = 0.0
    wilkinson = np.tril(-np.ones((30, 30)), -1) + np.eye(30)
    wilkinson[:, -1] = 1.0  # growth factor 2^(n-1): the worst case of partial pivoting
    return {
        **{f"hilbert{n}": scipy.linalg.hilbert(n) for n in (2, 5, 8, 12, 20)},
        "low_rank_40": low_rank,
        "singular_30": singular,
        "zero_column": zero_column,
        "zeros": np.zeros((6, 6)),
        "ones": np.ones((5, 5)),
        "swap": np.array([[0.0, 1.0], [1.0, 0.0]]),
        "reverse": np.fliplr(np.eye(9)),
        "one_by_one": np.array([[3.0]]),
        "zero_one_by_one": np.array([[0.0]]),
        "tall": rng.normal(size=(300, 17)),
        "wide": rng.normal(size=(17, 300)),
        "tall_rank_deficient": rng.normal(size=(50, 2)) @ rng.normal(size=(2, 8)),
        "column": rng.normal(size=(9, 1)),
        "row": rng.normal(size=(1, 9)),
        "wilkinson_small": wilkinson[:10, :10],
        "large_blocked": rng.normal(size=(400, 400)),
    }


@pytest.mark.parametrize("method", ["blocked", "rank1"])
@pytest.mark.parametrize("name", list(special_matrices()))
def test_backward_error_on_special_matrices(name, method):
    A = special_matrices()[name]
    check_factors(A, *lu(A, method=method))


def test_wilkinson_growth_is_exact_in_the_factors():
    # On Wilkinson's matrix U[-1, -1] = 2^(n-1): the growth factor bound of partial pivoting
    # is attained, and both our methods and SciPy find it exactly.
    n = 30
    W = np.tril(-np.ones((n, n)), -1) + np.eye(n)
    W[:, -1] = 1.0
    _, _, U = lu(W)
    assert U[-1, -1] == 2.0 ** (n - 1)
    assert scipy.linalg.lu(W)[2][-1, -1] == U[-1, -1]


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 90),
    n=st.integers(1, 90),
    block=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_lu_factor_matches_scipy(m, n, block, seed):
    A = np.random.default_rng(seed).normal(size=(m, n))
    packed, piv = lu_factor(A, block_size=block)
    ref, ref_piv = scipy.linalg.lu_factor(A)
    np.testing.assert_array_equal(piv, ref_piv)  # same pivots: same choices at every step
    np.testing.assert_allclose(packed, ref, rtol=1e-10, atol=1e-10 * np.max(np.abs(ref)))


def test_lu_conventions_match_scipy():
    A = np.random.default_rng(3).normal(size=(7, 5))
    for ours, ref in zip(lu(A), scipy.linalg.lu(A), strict=True):
        np.testing.assert_allclose(ours, ref, atol=1e-13)
    p, L, U = lu(A, p_indices=True)
    np.testing.assert_array_equal(p, scipy.linalg.lu(A, p_indices=True)[0])
    np.testing.assert_allclose(L[p] @ U, A, atol=1e-13)
    PL, U2 = lu(A, permute_l=True)
    np.testing.assert_allclose(PL @ U2, A, atol=1e-13)


def test_blocked_and_rank1_agree_and_input_is_untouched():
    A = np.random.default_rng(4).normal(size=(260, 260))
    before = A.copy()
    blocked, piv_b = lu_factor(A)
    rank1, piv_r = lu_factor(A, method="rank1")
    np.testing.assert_array_equal(piv_b, piv_r)
    np.testing.assert_allclose(blocked, rank1, atol=1e-11)
    np.testing.assert_array_equal(A, before)


def test_float32_is_factored_in_float32():
    A = np.random.default_rng(5).normal(size=(50, 50)).astype(np.float32)
    P, L, U = lu(A)
    assert L.dtype == U.dtype == np.float32
    eps32 = np.finfo(np.float32).eps
    err = np.abs(A - P @ L @ U).sum(axis=0).max() / (50 * np.abs(A).sum(axis=0).max() * eps32)
    assert err < BACKWARD_ERROR_BOUND


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 120),
    k=st.one_of(st.none(), st.integers(1, 4)),
    trans=st.sampled_from([0, 1]),
    seed=st.integers(0, 2**32 - 1),
)
def test_lu_solve_matches_scipy(n, k, trans, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n)) + n**0.5 * np.eye(n)
    b = rng.normal(size=n if k is None else (n, k))
    x = lu_solve(lu_factor(A), b, trans=trans)
    ref = scipy.linalg.lu_solve(scipy.linalg.lu_factor(A), b, trans=trans)
    assert x.shape == b.shape
    np.testing.assert_allclose(x, ref, rtol=1e-9, atol=1e-9 * np.max(np.abs(ref)))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 150),
    k=st.one_of(st.none(), st.integers(1, 5)),
    seed=st.integers(0, 2**32 - 1),
)
def test_solve_matches_numpy_with_small_residual(n, k, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n))
    b = rng.normal(size=n if k is None else (n, k))
    x = solve(A, b)
    ref = np.linalg.solve(A, b)
    kappa = np.linalg.cond(A)
    np.testing.assert_allclose(x, ref, atol=100 * kappa * EPS * np.max(np.abs(ref)))
    # normwise backward error ||b - Ax|| / (||A|| ||x|| + ||b||) of a stable solver: O(n eps)
    r = np.linalg.norm(b - A @ x, 1)
    scale = np.linalg.norm(A, 1) * np.linalg.norm(x, 1) + np.linalg.norm(b, 1)
    assert r <= 10 * n * EPS * scale


def test_inv_matches_numpy():
    for n in (1, 2, 17, 130):
        A = np.random.default_rng(n).normal(size=(n, n))
        Ainv = inv(A)
        np.testing.assert_allclose(Ainv, np.linalg.inv(A), atol=1e-9 * np.linalg.cond(A))
        np.testing.assert_allclose(A @ Ainv, np.eye(n), atol=1e-10 * np.linalg.cond(A))
    np.testing.assert_array_equal(inv([[0.0, 1.0], [1.0, 0.0]]), [[0.0, 1.0], [1.0, 0.0]])


def test_solve_needs_a_row_swap():
    x = solve([[0.0, 1.0], [1.0, 0.0]], [2.0, 3.0])
    np.testing.assert_array_equal(x, [3.0, 2.0])


def test_singular_and_numerically_singular_are_refused():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    for fn in (lambda: solve(singular, [1.0, 1.0]), lambda: inv(singular)):
        with pytest.raises(LinAlgError, match="singular"):
            fn()
    with pytest.raises(LinAlgError, match="exactly zero"):
        lu_solve(lu_factor(np.zeros((3, 3))), np.ones(3))
    # Hilbert(14) has condition number ~1e17 > 1/eps: no digit of a solution would be right.
    with pytest.raises(LinAlgError, match="numerically singular"):
        solve(scipy.linalg.hilbert(14), np.ones(14))
    # ... unless the check is turned off (an exactly zero pivot is still refused).
    x = solve(scipy.linalg.hilbert(14), np.ones(14), check_condition=False)
    assert np.all(np.isfinite(x))
    with pytest.raises(LinAlgError, match="singular: row 0 is zero"):
        solve(np.zeros((2, 2)), np.ones(2), check_condition=False)
    with pytest.raises(LinAlgError, match="exactly zero"):
        solve([[1.0, 1.0], [1.0, 1.0]], np.ones(2), check_condition=False)
    # ... while Hilbert(8) (cond ~1.5e10) is solved, to the accuracy its conditioning allows.
    H = scipy.linalg.hilbert(8)
    x = solve(H, H @ np.ones(8))
    np.testing.assert_allclose(x, np.ones(8), rtol=1e-4)


def test_bad_input():
    with pytest.raises(InputError, match="square"):
        solve(np.ones((2, 3)), [1.0, 2.0])
    with pytest.raises(InputError, match="rows"):
        solve(np.eye(2), [1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="NaN"):
        lu([[1.0, np.nan], [0.0, 1.0]])
    with pytest.raises(InputError, match="empty"):
        lu_factor(np.ones((0, 3)))
    with pytest.raises(InputError, match="method"):
        lu_factor(np.eye(2), method="crout")
    with pytest.raises(InputError, match="block_size"):
        lu_factor(np.eye(2), block_size=0)
    with pytest.raises(InputError, match="lu_factor"):
        lu_solve(np.eye(2), [1.0, 1.0])
    with pytest.raises(InputError, match="piv"):
        lu_solve((np.eye(2), np.zeros(3, dtype=int)), [1.0, 1.0])
    with pytest.raises(InputError, match="trans"):
        lu_solve(lu_factor(np.eye(2)), [1.0, 1.0], trans=2)


def test_badly_scaled_but_well_posed_systems_are_solved():
    # Regression: diag(1e-20, 1) has kappa = 1e20 but is exactly solvable; the condition is
    # now judged after equilibration (rows and columns scaled by powers of two).
    np.testing.assert_array_equal(solve(np.diag([1e-20, 1.0]), [1.0, 1.0]), [1e20, 1.0])
    np.testing.assert_array_equal(inv(np.diag([1e-20, 1.0])), np.diag([1e20, 1.0]))
    rng = np.random.default_rng(5)
    A0 = rng.normal(size=(40, 40))
    d_rows, d_cols = np.logspace(-120, 120, 40), rng.permutation(np.logspace(-80, 80, 40))
    A = d_rows[:, None] * A0 * d_cols[None, :]
    b = d_rows * rng.normal(size=40)
    x = solve(A, b)
    # The same system, well scaled: y = D_c x solves A0 y = b / D_r.
    ref = np.linalg.solve(A0, b / d_rows)
    np.testing.assert_allclose(x * d_cols, ref, rtol=1e-10, atol=1e-10 * np.max(np.abs(ref)))
    # inv(A) = D_c^-1 inv(A0) D_r^-1, entry by entry to the accuracy of inv(A0).
    inv_A0 = np.linalg.inv(A0)
    unscaled = d_cols[:, None] * inv(A) * d_rows[None, :]
    np.testing.assert_allclose(unscaled, inv_A0, rtol=0, atol=1e-10 * np.max(np.abs(inv_A0)))


def test_zero_row_or_column_is_named():
    with pytest.raises(LinAlgError, match="row 1 is zero"):
        solve([[1.0, 2.0], [0.0, 0.0]], [1.0, 1.0])
    with pytest.raises(LinAlgError, match="column 0 is zero"):
        inv([[0.0, 2.0], [0.0, 1.0]])
    assert solve(np.float32([[2, 1], [1, 3]]), np.float32([1, 2])).dtype == np.float32
