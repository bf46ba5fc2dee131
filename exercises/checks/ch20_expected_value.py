"""Checks for chapter 20: expectation and variance, entropy and KL divergence, the normal MLE."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from ..grading import Failed, Problem, for_all
from .strategies import normal_samples, probability_vectors, seeded

__all__ = ["PROBLEMS"]


def _number(value, what: str) -> float:
    if np.ndim(value) != 0:
        raise Failed(f"{what} must return a number, got shape {np.shape(value)}")
    return float(value)


def _raises_value_error(call) -> bool:
    try:
        call()
    except ValueError:
        return True
    return False


def _discrete(rng, n):
    """``(values, p)``: values near an offset up to ±1e9, a probability vector with zeros."""
    offset = rng.choice([0.0, 1.0, -1.0]) * 10.0 ** rng.uniform(0, 9)
    values = offset + rng.normal(size=n) * 10.0 ** rng.uniform(-2, 2)
    p = rng.dirichlet(np.ones(n))
    if n > 1 and rng.random() < 0.3:
        p[int(rng.integers(0, n))] = 0.0
    return values, p / p.sum()


def _exact_moments(x, p):
    xs = [Fraction(float(v)) for v in x]
    ps = [Fraction(float(q)) for q in p]
    total = sum(ps)
    mu = sum(v * q for v, q in zip(xs, ps, strict=True)) / total
    var = sum((v - mu) ** 2 * q for v, q in zip(xs, ps, strict=True)) / total
    return float(mu), float(var)


def _refuses(name: str):
    def refuses_bad_distributions(fn):
        for x, p, what in [
            ([1.0, 2.0], [0.5, 0.6], "probabilities that sum to 1.1"),
            ([1.0, 2.0], [1.5, -0.5], "a negative probability"),
            ([1.0, 2.0, 3.0], [0.5, 0.5], "three values for two probabilities"),
        ]:
            if not _raises_value_error(lambda x=x, p=p: fn(np.array(x), np.array(p))):
                raise Failed(f"{name} must raise ValueError for {what}")

    return refuses_bad_distributions


# --- expected_value and variance ---------------------------------------------------------------


@for_all(seeded(_discrete, 1, 8))
def matches_the_exact_mean(fn, case):
    x, p = case
    got = _number(fn(x.copy(), p.copy()), "expected_value")
    want, _ = _exact_moments(x, p)
    if not abs(got - want) <= 1e-14 * np.max(np.abs(x)) * x.size:
        raise Failed(f"E X = Σ xᵢ pᵢ = {want:.15g}, got {got:.15g}")


@for_all(seeded(_discrete, 1, 8))
def matches_the_exact_variance(fn, case):
    x, p = case
    got = _number(fn(x.copy(), p.copy()), "variance")
    _, want = _exact_moments(x, p)
    if not abs(got - want) <= 1e-9 * want + 1e-300:
        raise Failed(
            f"Var X = Σ (xᵢ − μ)² pᵢ = {want:.12g}, got {got:.12g} (values near "
            f"{np.median(x):.3g}: E[X²] − μ² cancels — centre first)"
        )


def far_from_zero(fn):
    got = _number(fn(np.array([1e9, 1e9 + 1]), np.array([0.5, 0.5])), "variance")
    if got != 0.25:
        raise Failed(
            f"Var X for X ∈ {{1e9, 1e9 + 1}}, equally likely, is 0.25, got {got!r}: E[X²] − μ² "
            "subtracts two numbers near 1e18 — use Σ (xᵢ − μ)² pᵢ"
        )


# --- entropy -----------------------------------------------------------------------------------


@for_all(probability_vectors(1, 8), st.sampled_from([None, 2.0, 10.0]))
def matches_scipy_entropy(fn, p, base):
    got = _number(fn(p.copy(), base=base), "entropy")
    want = stats.entropy(p, base=base)
    if not np.isclose(got, want, rtol=1e-12, atol=1e-15):
        raise Failed(
            f"H(p) = −Σ pᵢ log pᵢ (base {base or 'e'}) = {want:.12g}, got {got:.12g} "
            f"for p with {int(np.sum(p == 0))} zero entries (0 log 0 = 0)"
        )


def entropy_landmarks(fn):
    for p, base, want, what in [
        ([0.25] * 4, 2.0, 2.0, "four equally likely outcomes carry 2 bits"),
        ([0.0, 1.0, 0.0], None, 0.0, "a certain outcome carries no information (0 log 0 = 0)"),
        ([0.5, 0.5, 0.0], 2.0, 1.0, "a fair coin is 1 bit, whatever the impossible outcomes"),
    ]:
        got = _number(fn(np.array(p), base=base), "entropy")
        if not (np.isfinite(got) and abs(got - want) <= 1e-15):
            raise Failed(f"entropy({p}, base={base}) = {want:g}, got {got!r}: {what}")
    if not _raises_value_error(lambda: fn(np.array([0.5, 0.6]))):
        raise Failed("entropy of (0.5, 0.6), which sums to 1.1, must raise ValueError")


# --- kl_divergence -----------------------------------------------------------------------------


def _reference_kl(p, q) -> float:
    if np.any((p > 0) & (q == 0)):
        return math.inf
    return math.fsum(
        pi * (math.log(pi) - math.log(qi)) for pi, qi in zip(p, q, strict=True) if pi > 0
    )


@st.composite
def _pairs(draw):
    p = draw(probability_vectors(1, 6))
    q = draw(probability_vectors(p.size, p.size))
    return p, q


@for_all(_pairs(), st.sampled_from([None, 2.0]))
def matches_the_definition(fn, pair, base):
    p, q = pair
    got = _number(fn(p.copy(), q.copy(), base=base), "kl_divergence")
    want = _reference_kl(p, q) / (math.log(base) if base else 1.0)
    if math.isinf(want):
        if got != math.inf:
            raise Failed(f"q rules out an outcome p allows (qᵢ = 0 < pᵢ): D(p‖q) = ∞, got {got!r}")
        return
    if not (abs(got - want) <= 1e-12 * abs(want) + 1e-14 and got >= 0):
        raise Failed(
            f"D(p‖q) = Σ pᵢ log(pᵢ/qᵢ) = {want:.12g}, got {got:.12g} (terms with pᵢ = 0 are 0)"
        )


def zeros_tiny_and_asymmetry(fn):
    p = np.array([0.5, 0.5, 0.0])
    if _number(fn(p, p.copy()), "kl_divergence") != 0.0:
        raise Failed("D(p‖p) = 0 exactly")
    got = _number(fn(p, np.array([0.25, 0.25, 0.5])), "kl_divergence")
    if not np.isclose(got, math.log(2), rtol=1e-14, atol=0):
        raise Failed(
            f"D((½, ½, 0) ‖ (¼, ¼, ½)) = log 2, got {got!r}: a term with pᵢ = 0 is 0, not NaN"
        )
    q = np.array([1 - 1e-320, 1e-320])
    got = _number(fn(np.array([0.5, 0.5]), q), "kl_divergence")
    want = _reference_kl(np.array([0.5, 0.5]), q)
    if not np.isclose(got, want, rtol=1e-12, atol=0):
        raise Failed(
            f"D((½, ½) ‖ (1 − 1e-320, 1e-320)) = {want:.6g} (finite: q allows both outcomes), got "
            f"{got!r}: pᵢ/qᵢ overflows — use log pᵢ − log qᵢ"
        )
    forward = _number(fn(np.array([0.9, 0.1]), np.array([0.5, 0.5])), "kl_divergence")
    backward = _number(fn(np.array([0.5, 0.5]), np.array([0.9, 0.1])), "kl_divergence")
    if np.isclose(forward, backward):
        raise Failed("D(p‖q) and D(q‖p) differ: KL divergence is not symmetric")


# --- mle_normal --------------------------------------------------------------------------------


def _pair(value) -> tuple[float, float]:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise Failed("mle_normal must return the tuple (mu, sigma)")
    return _number(value[0], "mu"), _number(value[1], "sigma")


@for_all(normal_samples(1, 50))
def matches_the_maximum_likelihood(fn, x):
    mu, sigma = _pair(fn(x.copy()))
    want_mu, want_var = _exact_moments(x, np.full(x.size, 1.0 / x.size))
    spread = np.sqrt(want_var)
    if not abs(mu - want_mu) <= 1e-14 * (abs(want_mu) + spread) * 10:
        raise Failed(f"μ̂ = x̄ = {want_mu:.15g}, got {mu:.15g}")
    if not abs(sigma - spread) <= 1e-9 * spread + 1e-300:
        unbiased = spread * np.sqrt(x.size / max(x.size - 1, 1))
        hint = " — divide by n, not n − 1" if np.isclose(sigma, unbiased, rtol=1e-6) else ""
        raise Failed(
            f"σ̂ = √(Σ (xᵢ − x̄)²/n) = {spread:.12g} for n = {x.size}, got {sigma:.12g}{hint}"
        )


def small_samples(fn):
    mu, sigma = _pair(fn(np.array([1.0, 3.0])))
    if (mu, sigma) != (2.0, 1.0):
        raise Failed(
            f"mle_normal([1, 3]) = (2, 1): the maximum-likelihood σ̂² divides by n, got "
            f"({mu:g}, {sigma:g})"
        )
    mu, sigma = _pair(fn(np.array([5.0])))
    if (mu, sigma) != (5.0, 0.0):
        raise Failed(f"one observation 5 gives (5, 0), got ({mu:g}, {sigma:g})")
    if not _raises_value_error(lambda: fn(np.array([]))):
        raise Failed("an empty sample must raise ValueError")


PROBLEMS = [
    Problem(
        "expected_value",
        lambda fn: fn(np.array([1.0, 2.0]), np.array([0.5, 0.5])),
        [_refuses("expected_value"), matches_the_exact_mean],
    ),
    Problem(
        "variance",
        lambda fn: fn(np.array([1.0, 2.0]), np.array([0.5, 0.5])),
        [_refuses("variance"), far_from_zero, matches_the_exact_variance],
    ),
    Problem(
        "entropy", lambda fn: fn(np.array([0.5, 0.5])), [entropy_landmarks, matches_scipy_entropy]
    ),
    Problem(
        "kl_divergence",
        lambda fn: fn(np.array([0.5, 0.5]), np.array([0.25, 0.75])),
        [zeros_tiny_and_asymmetry, matches_the_definition],
    ),
    Problem(
        "mle_normal",
        lambda fn: fn(np.array([1.0, 2.0, 4.0])),
        [small_samples, matches_the_maximum_likelihood],
    ),
]
