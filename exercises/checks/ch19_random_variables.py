"""Checks for chapter 19: the binomial pmf, the normal cdf, quantiles, sampling, Kolmogorov–Smirnov."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy import stats
from scipy.special import gammaln

from ..grading import Failed, Problem, close, for_all
from .strategies import SEEDS, log_uniform, seeded

__all__ = ["PROBLEMS"]

EPS = np.finfo(float).eps


def _array(value, shape, what: str) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if v.shape != shape:
        raise Failed(f"{what} must return shape {shape} (one value per input), got {v.shape}")
    return v


# --- binomial_pmf ------------------------------------------------------------------------------

PROBS = st.floats(0.001, 0.999) | log_uniform(-12, -1) | log_uniform(-12, -1).map(lambda q: 1 - q)


@for_all(log_uniform(0, 5).map(int), PROBS, SEEDS, max_examples=40)
def matches_scipy_binomial(fn, n, p, seed):
    rng = np.random.default_rng(seed)
    k = np.unique(np.concatenate([[0, n], rng.integers(0, n + 1, size=20)]))
    got = _array(fn(k, n, p), k.shape, "binomial_pmf")
    want = stats.binom.pmf(k, n, p)
    normal = want > 1e-290
    tol = 20 * EPS * (gammaln(n + 1) + np.abs(np.log(want[normal])) + 1)
    if not np.all(np.abs(got[normal] - want[normal]) <= tol * want[normal]):
        bad = int(k[normal][np.argmax(np.abs(got[normal] - want[normal]) / want[normal])])
        raise Failed(
            f"binomial_pmf({bad}, n={n}, p={p:.6g}) = {got[k == bad][0]:.10g}, expected "
            f"{stats.binom.pmf(bad, n, p):.10g} (scipy.stats.binom)"
        )
    if np.any(got[~normal] > 1e-280) or np.any(got < 0):
        raise Failed(f"binomial_pmf(k, n={n}, p={p:.6g}) is wrong where the pmf underflows")


def no_overflow(fn):
    try:
        got = float(fn(1000, 2000, 0.5))
    except OverflowError:
        got = float("nan")
    want = stats.binom.pmf(1000, 2000, 0.5)
    if not np.isclose(got, want, rtol=1e-10, atol=0):
        raise Failed(
            f"binomial_pmf(1000, 2000, 0.5) = {want:.6g}, got {got:.6g}: C(2000, 1000) ≈ 1e600 "
            "overflows and 0.5²⁰⁰⁰ underflows — add logarithms instead"
        )
    got = float(fn(0, 10**5, 1e-10))
    want = np.exp(10**5 * np.log1p(-1e-10))
    if not np.isclose(got, want, rtol=1e-14, atol=0):
        raise Failed(
            f"binomial_pmf(0, 1e5, 1e-10) = {want:.16g}, got {got:.16g}: log(1 − p) loses the "
            "digits of a tiny p — use log1p(−p)"
        )


def edges(fn):
    for args, want, what in [
        ((np.array([-1, 4, 5]), 4, 0.3), [0.0, 0.3**4, 0.0], "k outside 0..n has probability 0"),
        ((np.array([0, 1, 2]), 2, 0.0), [1.0, 0.0, 0.0], "p = 0 puts all the mass at k = 0"),
        ((np.array([0, 1, 2]), 2, 1.0), [0.0, 0.0, 1.0], "p = 1 puts all the mass at k = n"),
        ((np.array([0]), 0, 0.4), [1.0], "n = 0: X = 0 for sure"),
    ]:
        got = _array(fn(*args), args[0].shape, "binomial_pmf")
        if not close(got, want, rtol=1e-13, atol=0):
            raise Failed(f"binomial_pmf({args[0].tolist()}, {args[1]}, {args[2]}) = {want}: {what}")


# --- normal_cdf --------------------------------------------------------------------------------


@for_all(st.floats(-38, 8), st.floats(-10, 10), log_uniform(-1, 1))
def matches_scipy_normal(fn, z, mu, sigma):
    x = mu + z * sigma
    got = float(_array(fn(x, mu, sigma), (), "normal_cdf"))
    want = stats.norm.cdf(x, mu, sigma)
    if want > 1e-300 and not np.isclose(got, want, rtol=1e-10, atol=0):
        raise Failed(
            f"Φ((x − μ)/σ) at x = {x:.6g}, μ = {mu:.6g}, σ = {sigma:.6g} is {want:.10g}, got "
            f"{got:.10g} (scipy.stats.norm.cdf)"
        )


def lower_tail_and_arrays(fn):
    for z in (-10.0, -20.0, -37.0):
        got = float(_array(fn(z), (), "normal_cdf"))
        want = stats.norm.cdf(z)
        if not np.isclose(got, want, rtol=1e-12, atol=0):
            raise Failed(
                f"Φ({z:g}) = {want:.6g}, got {got:.6g}: ½(1 + erf(z/√2)) cancels to 0 in the "
                "lower tail — use ½ erfc(−z/√2)"
            )
    z = np.array([[-1.0, 0.0], [1.0, 2.0]])
    if not close(_array(fn(z), z.shape, "normal_cdf"), stats.norm.cdf(z), rtol=1e-14, atol=0):
        raise Failed("normal_cdf of a 2×2 array must be Φ at each entry")
    try:
        fn(0.0, 0.0, 0.0)
    except ValueError:
        return
    raise Failed("normal_cdf with σ = 0 must raise ValueError")


# --- exponential_ppf ---------------------------------------------------------------------------


@for_all(st.floats(0, 1, exclude_max=True) | log_uniform(-300, -1), log_uniform(-2, 2))
def matches_scipy_quantiles(fn, q, rate):
    got = float(_array(fn(q, rate), (), "exponential_ppf"))
    want = stats.expon.ppf(q, scale=1 / rate)
    if not np.isclose(got, want, rtol=1e-14, atol=0):
        raise Failed(
            f"F⁻¹({q!r}) for rate {rate:.6g} is {want:.10g}, got {got:.10g}: for tiny q, "
            "log(1 − q) is 0 — use log1p(−q)"
        )


def quantile_ends(fn):
    got = _array(fn(np.array([0.0, 0.5, 1.0]), 2.0), (3,), "exponential_ppf")
    if not (
        got[0] == 0 and np.isclose(got[1], np.log(2) / 2, rtol=1e-15, atol=0) and got[2] == np.inf
    ):
        raise Failed(f"F⁻¹(0, ½, 1) for rate 2 is (0, ln 2 / 2, ∞), got {got}")


# --- inverse_transform_sample ------------------------------------------------------------------


class _FixedUniforms:
    def __init__(self, u):
        self.u = np.asarray(u, dtype=float)

    def random(self, size=None):
        if size is None or np.shape(np.empty(size)) != self.u.shape:
            raise Failed(f"draw the uniforms as rng.random(size) with size {self.u.shape}")
        return self.u.copy()


def applies_the_quantile_function(fn):
    u = np.array([[0.0, 0.25, 0.5], [0.75, 0.9, 0.999]])
    got = np.asarray(fn(lambda q: q**2, (2, 3), _FixedUniforms(u)), dtype=float)
    if got.shape != (2, 3) or not close(got, u**2, rtol=1e-15, atol=0):
        raise Failed("inverse_transform_sample must return ppf(u) for the uniforms u it drew")


DISTRIBUTIONS = {
    "exponential": (lambda q: -np.log1p(-q), stats.expon.cdf),
    "Cauchy": (lambda q: np.tan(np.pi * (q - 0.5)), stats.cauchy.cdf),
    "logistic": (lambda q: np.log(q) - np.log1p(-q), stats.logistic.cdf),
}


@for_all(st.sampled_from(sorted(DISTRIBUTIONS)), SEEDS, max_examples=20)
def follows_the_distribution(fn, name, seed):
    ppf, cdf = DISTRIBUTIONS[name]
    x = np.asarray(fn(ppf, 2000, np.random.default_rng(seed)), dtype=float)
    if x.shape != (2000,):
        raise Failed(
            f"inverse_transform_sample(ppf, 2000, rng) must return 2000 samples, got {x.shape}"
        )
    if not np.array_equal(x, np.asarray(fn(ppf, 2000, np.random.default_rng(seed)))):
        raise Failed("two generators of the same seed must give the same sample")
    pvalue = stats.kstest(x, cdf).pvalue
    if pvalue < 1e-6:
        raise Failed(f"the {name} samples fail the Kolmogorov–Smirnov test (p = {pvalue:.2g})")


# --- ks_statistic ------------------------------------------------------------------------------

CDFS = {"normal": stats.norm.cdf, "uniform": stats.uniform.cdf, "exponential": stats.expon.cdf}


def _ks_case(rng, n):
    name = sorted(CDFS)[int(rng.integers(0, 3))]
    x = rng.normal(rng.uniform(-1, 1), rng.uniform(0.5, 2), size=n * 10)
    if rng.random() < 0.3:
        x = np.round(x, 1)  # ties
    return name, x


@for_all(seeded(_ks_case, 1, 20))
def matches_scipy_kstest(fn, case):
    name, x = case
    cdf = CDFS[name]
    got = float(fn(x.copy(), cdf))
    want = stats.kstest(x, cdf).statistic
    if not np.isclose(got, want, rtol=1e-12, atol=1e-15):
        raise Failed(
            f"D of {x.size} samples against the {name} cdf is {want:.12g} (scipy.stats.kstest), "
            f"got {got:.12g}"
        )


def both_sides_of_each_jump(fn):
    for x, want, what in [
        ([0.9], 0.9, "F_n is 0 just before 0.9, where F = 0.9"),
        ([0.1], 0.9, "F_n is 1 at 0.1, where F = 0.1"),
        ([0.8, 0.2, 0.5], 0.2, "the sample comes in any order: sort it"),
    ]:
        got = float(fn(np.array(x), stats.uniform.cdf))
        if not np.isclose(got, want, rtol=1e-12, atol=0):
            raise Failed(f"D of {x} against the uniform cdf is {want:.6g}, got {got:.6g}: {what}")


PROBLEMS = [
    Problem(
        "binomial_pmf", lambda fn: fn(3, 10, 0.5), [edges, no_overflow, matches_scipy_binomial]
    ),
    Problem("normal_cdf", lambda fn: fn(0.5), [lower_tail_and_arrays, matches_scipy_normal]),
    Problem("exponential_ppf", lambda fn: fn(0.5), [quantile_ends, matches_scipy_quantiles]),
    Problem(
        "inverse_transform_sample",
        lambda fn: fn(lambda q: q, 3, np.random.default_rng(0)),
        [applies_the_quantile_function, follows_the_distribution],
    ),
    Problem(
        "ks_statistic",
        lambda fn: fn(np.array([0.2, 0.7]), stats.uniform.cdf),
        [both_sides_of_each_jump, matches_scipy_kstest],
    ),
]
