from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.linalg.secular import loewner_weights, secular_roots

EPS = np.finfo(float).eps


def solve_one(delta, z, rho):
    """Roots of one equation with poles ``delta`` (sorted), weights ``z**2``."""
    poles = np.asarray(delta, dtype=float)[None, :]

    def differences(b, o):
        return poles[b] - poles[b, o][:, None]

    roots = secular_roots((np.asarray(z) ** 2)[None, :], np.array([rho]), [poles.size], differences)
    return roots, differences


def vectors(roots, differences, z, rho):
    """Unit eigenvectors of D + rho z z^T from the Löwner weights (row r: eigenvector r)."""
    zhat = np.copysign(np.sqrt(loewner_weights(roots, np.array([rho]), differences)), z)
    U = zhat[None, :] / roots.delta
    return U / np.linalg.norm(U, axis=1)[:, None]


@settings(max_examples=40, deadline=None)
@given(
    k=st.integers(1, 60),
    log_rho=st.floats(-8, 8),
    spread=st.sampled_from([1.0, 1e-6, 1e-12]),
    seed=st.integers(0, 2**32 - 1),
)
def test_roots_are_the_eigenvalues_and_the_vectors_orthogonal(k, log_rho, spread, seed):
    rng = np.random.default_rng(seed)
    delta = np.sort(rng.normal(size=k))
    delta[: k // 2] = 1.0 + spread * np.sort(rng.random(k // 2))  # a cluster of poles
    delta = np.unique(delta)
    k = delta.size
    z = rng.normal(size=k)
    z /= np.linalg.norm(z)
    rho = 10.0**log_rho
    roots, differences = solve_one(delta, z, rho)
    lam = delta[roots.origin] + roots.tau
    ref = np.linalg.eigvalsh(np.diag(delta) + rho * np.outer(z, z))
    scale = np.abs(delta).max() + rho
    assert np.max(np.abs(lam - ref)) <= 4 * k * EPS * scale
    # strict interlacing, as stored: root j = delta[origin] + tau inside (delta_j, delta_j+1),
    # measured from the nearer pole (in floating point lam itself may round onto a pole)
    j = np.arange(k)
    lower = roots.origin == j
    gap = np.append(np.diff(delta), 2 * rho)
    assert np.all(roots.origin[~lower] == j[~lower] + 1)
    assert np.all((roots.tau[lower] > 0) & (roots.tau[lower] <= gap[lower] / 2 * (1 + EPS)))
    assert np.all((roots.tau[~lower] < 0) & (roots.tau[~lower] >= -gap[~lower] / 2 * (1 + EPS)))
    U = vectors(roots, differences, z, rho)
    assert np.linalg.norm(U @ U.T - np.eye(k)) <= 4 * k * EPS
    # the eigenvectors of the computed roots diagonalise the matrix (backward error)
    M = np.diag(delta) + rho * np.outer(z, z)
    assert np.linalg.norm(M @ U.T - U.T * lam) <= 8 * k * EPS * scale


def exact_f(delta, z, rho, origin, tau):
    """The secular function at delta[origin] + tau, in exact rational arithmetic."""
    lam = Fraction(delta[origin]) + tau
    return 1 + Fraction(rho) * sum(
        Fraction(zi) ** 2 / (Fraction(di) - lam) for di, zi in zip(delta, z, strict=True)
    )


def test_a_root_next_to_its_pole_has_full_relative_accuracy():
    # weights of 1e-30 put roots within ~1e-30 of their poles; tau must be exact to a few ulps
    delta = np.array([-1.0, 0.0, 0.5, 2.0])
    z = np.array([1e-15, 0.6, 3e-16, 0.8])
    rho = 1.5
    roots, _ = solve_one(delta, z, rho)
    for o, tau in zip(roots.origin, roots.tau, strict=True):
        below = exact_f(delta, z, rho, o, Fraction(tau) * (1 - Fraction(1, 10**13)))
        above = exact_f(delta, z, rho, o, Fraction(tau) * (1 + Fraction(1, 10**13)))
        # f is increasing between its poles: the exact root lies between the two points
        assert (below < 0 < above) if tau > 0 else (above < 0 < below)
    assert 0 < roots.tau[0] < 1e-28 and 0 < roots.tau[2] < 1e-28


def test_a_batch_of_equations_equals_each_solved_alone():
    rng = np.random.default_rng(4)
    counts = [1, 5, 2, 9]
    K = max(counts)
    poles = np.full((4, K), np.inf)
    weights = np.zeros((4, K))
    for b, k in enumerate(counts):
        poles[b, :k] = np.sort(rng.normal(size=k))
        weights[b, :k] = rng.random(k) + 0.01
    rho = rng.random(4) + 0.5

    def differences(b, o):
        return poles[b] - poles[b, o][:, None]

    batch = secular_roots(weights, rho, counts, differences)
    assert np.array_equal(batch.block, np.repeat(np.arange(4), counts))
    for b, k in enumerate(counts):
        alone, _ = solve_one(poles[b, :k], np.sqrt(weights[b, :k]), rho[b])
        mine = batch.block == b
        lam_batch = poles[b, batch.origin[mine]] + batch.tau[mine]
        lam_alone = poles[b, alone.origin] + alone.tau
        np.testing.assert_allclose(lam_batch, lam_alone, rtol=0, atol=4 * k * EPS * 10)


def test_squared_poles_give_the_singular_values_of_an_arrow_matrix():
    # M = e_0 z^T + diag(0, d_1, ...): its singular values solve 1 + sum z^2/(d^2 - s^2) = 0
    rng = np.random.default_rng(5)
    d = np.r_[0.0, np.sort(rng.random(30)) * 3]
    z = rng.normal(size=31)
    P = d[None, :]

    def differences(b, o):
        return (P[b] - P[b, o][:, None]) * (P[b] + P[b, o][:, None])

    roots = secular_roots((z**2)[None, :], np.array([1.0]), [31], differences)
    do = d[roots.origin]
    sigma = do + roots.tau / (do + np.sqrt(do * do + roots.tau))
    M = np.diag(d)
    M[0] = z
    ref = np.sort(np.linalg.svd(M, compute_uv=False))
    np.testing.assert_allclose(sigma, ref, rtol=0, atol=50 * EPS * ref[-1])
