import numpy as np
import pytest

from foundations.errors import InputError, LinAlgError
from foundations.linalg import (
    characteristic_polynomial,
    deflation,
    inverse_iteration,
    power_iteration,
    rayleigh_quotient_iteration,
)


def symmetric_with(eigenvalues, seed=0):
    n = len(eigenvalues)
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    return (Q * np.asarray(eigenvalues, dtype=float)) @ Q.T, Q


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_characteristic_polynomial_matches_numpy_poly(n):
    A = np.random.default_rng(n).normal(size=(n, n))
    np.testing.assert_allclose(characteristic_polynomial(A), np.poly(A), rtol=1e-9, atol=1e-9)
    roots = np.sort_complex(np.roots(characteristic_polynomial(A)))
    np.testing.assert_allclose(roots, np.sort_complex(np.linalg.eigvals(A)), atol=1e-6)


def test_power_iteration_finds_dominant_pair_linearly():
    lam = np.r_[-5.0, 4.0, np.linspace(-3, 3, 18)]
    A, Q = symmetric_with(lam)
    run = power_iteration(A, random_state=1)
    assert run.converged
    assert run.eigenvalue == pytest.approx(-5.0, abs=1e-9)
    assert abs(run.eigenvector @ Q[:, 0]) == pytest.approx(1.0, abs=1e-9)
    assert run.history.shape == run.residuals.shape == (run.n_iter,)
    # linear convergence at ratio |4/5|: residual falls by about 0.8 per step
    ratios = run.residuals[20:40] / run.residuals[19:39]
    assert np.median(ratios) == pytest.approx(0.8, abs=0.05)


def test_inverse_iteration_finds_closest_eigenvalue():
    lam = np.arange(1.0, 11.0)
    A, Q = symmetric_with(lam, seed=2)
    for shift, expected in ((3.2, 3.0), (9.6, 10.0), (0.0, 1.0), (7.0, 7.0)):
        run = inverse_iteration(A, shift, random_state=0)
        assert run.converged
        assert run.eigenvalue == pytest.approx(expected, abs=1e-9)
        assert abs(run.eigenvector @ Q[:, int(expected) - 1]) == pytest.approx(1.0, abs=1e-9)


def test_rayleigh_quotient_iteration_is_fast_and_accurate():
    B = np.random.default_rng(3).normal(size=(40, 40))
    A = B + B.T
    run = rayleigh_quotient_iteration(A, random_state=4)
    assert run.converged and run.n_iter <= 10
    assert np.min(np.abs(np.linalg.eigvalsh(A) - run.eigenvalue)) <= 1e-10
    np.testing.assert_allclose(A @ run.eigenvector, run.eigenvalue * run.eigenvector, atol=1e-10)
    # fast (cubic) convergence: once small, each scaled residual is below the square of the
    # previous one, until it reaches the rounding floor
    r = run.residuals / np.linalg.norm(A)
    small = np.flatnonzero(r[:-1] < 1e-4)
    assert small.size and np.all(r[small + 1] < np.maximum(r[small] ** 2, 1e-15))


def test_deflation_recovers_top_k_by_magnitude():
    lam = np.r_[9.0, -7.0, 5.0, np.linspace(-2, 2, 12)]
    A, Q = symmetric_with(lam, seed=5)
    values, vectors, runs = deflation(A, 3, random_state=0)
    np.testing.assert_allclose(values, [9.0, -7.0, 5.0], atol=1e-8)
    np.testing.assert_allclose(np.abs(np.sum(vectors * Q[:, :3], axis=0)), 1.0, atol=1e-8)
    assert len(runs) == 3 and all(r.converged for r in runs)


def test_repeated_eigenvalue_gives_a_vector_in_the_eigenspace():
    A, Q = symmetric_with([4.0, 4.0, 1.0, 0.5], seed=6)
    run = power_iteration(A, random_state=0)
    assert run.eigenvalue == pytest.approx(4.0, abs=1e-9)
    assert np.linalg.norm(Q[:, :2].T @ run.eigenvector) == pytest.approx(1.0, abs=1e-9)


def test_exact_eigenvalue_shift_and_errors():
    A = np.diag([1.0, 2.0, 3.0])
    run = inverse_iteration(A, 2.0, x0=[1.0, 1.0, 1.0])
    assert run.eigenvalue == pytest.approx(2.0)
    with pytest.raises(InputError, match="zero vector"):
        power_iteration(A, x0=np.zeros(3))
    with pytest.raises(InputError, match="tol"):
        power_iteration(A, tol=0)
    with pytest.raises(InputError, match="symmetric"):
        deflation(np.triu(np.ones((3, 3))), 1)
    with pytest.raises(InputError, match="k must"):
        deflation(A, 4)


@pytest.mark.parametrize("seed", range(4))
def test_deflation_resolves_eigenvalues_of_equal_magnitude(seed):
    # Regression: with lambda and -lambda leading, power iteration never converges and the old
    # deflation returned a meaningless Rayleigh quotient without a word.
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(7, 7)))
    spectrum = np.array([3.0, -3.0, 2.0, -2.0, 1.0, 0.5, 0.1])
    A = (Q * spectrum) @ Q.T
    A = (A + A.T) / 2
    values, vectors, _ = deflation(A, 7, random_state=seed)
    np.testing.assert_allclose(np.sort(values), np.sort(spectrum), atol=1e-8)
    assert np.all(np.diff(np.abs(values)) <= 1e-12)
    np.testing.assert_allclose(A @ vectors, vectors * values, atol=1e-8)


def test_deflation_refuses_what_it_cannot_resolve():
    # Three leading magnitudes within 1e-4 and 20 steps: neither the power iteration nor the
    # two-dimensional Rayleigh-Ritz can separate them.
    with pytest.raises(LinAlgError, match="did not converge"):
        deflation(np.diag([1.0, -1.0, 0.9999, 0.1]), 1, max_iter=20, random_state=0)
    with pytest.raises(InputError, match="tol"):
        deflation(np.eye(2), 1, tol=0.0)


def test_float32_eigenvector_stays_float32():
    A = np.diag([3.0, 1.0]).astype(np.float32)
    run = power_iteration(A, random_state=0, tol=1e-6)
    assert run.eigenvector.dtype == np.float32
    assert abs(run.eigenvalue - 3.0) < 1e-5
