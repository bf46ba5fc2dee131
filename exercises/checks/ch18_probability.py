"""Checks for chapter 18: total probability, Bayes, the diagnostic test, independence, sampling."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.stats import chisquare

from ..grading import Failed, Problem, close, for_all
from .strategies import SEEDS, probability_vectors

__all__ = ["PROBLEMS"]

UNIT = st.floats(0, 1)


@st.composite
def _priors_and_likelihoods(draw):
    p = draw(probability_vectors(1, 6))
    return p, draw(hnp.arrays(np.float64, p.shape, elements=UNIT))


def _raises_value_error(call) -> bool:
    try:
        call()
    except ValueError:
        return True
    return False


def _exact_posterior(prior, likelihood) -> np.ndarray:
    joint = [
        Fraction(float(p)) * Fraction(float(q)) for p, q in zip(prior, likelihood, strict=True)
    ]
    total = sum(joint)
    return np.array([float(j / total) for j in joint])


BAD_PRIORS = [
    ([0.5, 0.6], [0.1, 0.2], "a prior that sums to 1.1"),
    ([1.2, -0.2], [0.1, 0.2], "a prior with a negative entry"),
    ([0.5, 0.5], [0.1, 1.5], "a likelihood of 1.5"),
    ([0.5, 0.5], [0.1, 0.2, 0.3], "three likelihoods for two events"),
]


def _refuses(name: str):
    def refuses_bad_arguments(fn):
        for prior, likelihood, what in BAD_PRIORS:
            if not _raises_value_error(lambda p=prior, q=likelihood: fn(np.array(p), np.array(q))):
                raise Failed(f"{name} must raise ValueError for {what}")

    return refuses_bad_arguments


# --- total_probability -------------------------------------------------------------------------


@for_all(_priors_and_likelihoods())
def matches_the_weighted_sum(fn, case):
    prior, likelihood = case
    got = float(fn(prior.copy(), likelihood.copy()))
    want = float(
        sum(Fraction(float(p)) * Fraction(float(q)) for p, q in zip(prior, likelihood, strict=True))
    )
    if not np.isclose(got, want, rtol=1e-12, atol=1e-300):
        raise Failed(f"P(B) = Σ P(B | Aⱼ) P(Aⱼ) = {want:.15g}, got {got:.15g}")


def likelihoods_need_not_sum_to_one(fn):
    got = float(fn(np.array([0.25, 0.75]), np.array([1.0, 1.0])))
    if got != 1.0:
        raise Failed(f"P(B | Aⱼ) = 1 for every j gives P(B) = 1, got {got!r}")


# --- bayes_posterior ---------------------------------------------------------------------------


@for_all(_priors_and_likelihoods())
def matches_bayes_theorem(fn, case):
    prior, likelihood = case
    if not np.any(prior * likelihood > 0):
        if not _raises_value_error(lambda: fn(prior.copy(), likelihood.copy())):
            raise Failed("P(B) = 0 here (every P(B | Aⱼ) P(Aⱼ) is 0): raise ValueError")
        return
    got = np.asarray(fn(prior.copy(), likelihood.copy()), dtype=float)
    want = _exact_posterior(prior, likelihood)
    if got.shape != want.shape or not close(got, want, rtol=1e-12, atol=1e-15):
        raise Failed(f"the posterior P(Aᵢ | B) should be {np.round(want, 10)}, got {got}")


def tiny_likelihoods(fn):
    prior, likelihood = np.array([0.3, 0.7]), np.array([1e-320, 3e-320])
    got = np.asarray(fn(prior, likelihood), dtype=float)
    want = _exact_posterior(prior, likelihood)
    if got.shape != (2,) or not close(got, want, rtol=1e-12, atol=0):
        raise Failed(
            f"prior (0.3, 0.7) and likelihoods (1e-320, 3e-320) give the posterior "
            f"{np.round(want, 12)}, got {got}: subnormal products lose their digits — divide the "
            "likelihoods by their largest first"
        )


# --- diagnostic_test_posterior -----------------------------------------------------------------


@for_all(UNIT, UNIT, UNIT)
def matches_the_formula(fn, prevalence, sensitivity, specificity):
    a = Fraction(sensitivity) * Fraction(prevalence)
    b = (1 - Fraction(specificity)) * (1 - Fraction(prevalence))
    if a + b == 0:
        if not _raises_value_error(lambda: fn(prevalence, sensitivity, specificity)):
            raise Failed(
                f"with prevalence {prevalence} and specificity {specificity} a positive test "
                "is impossible: raise ValueError"
            )
        return
    got = float(fn(prevalence, sensitivity, specificity))
    want = float(a / (a + b))
    if not np.isclose(got, want, rtol=1e-12, atol=1e-15):
        raise Failed(
            f"P(sick | +) for prevalence {prevalence:.6g}, sensitivity {sensitivity:.6g}, "
            f"specificity {specificity:.6g} is {want:.12g}, got {got:.12g} (false positives "
            "come at rate 1 − specificity)"
        )


def rare_disease(fn):
    got = float(fn(0.01, 0.99, 0.99))
    if not np.isclose(got, 0.5, rtol=1e-12, atol=0):
        raise Failed(
            f"prevalence 1%, sensitivity and specificity 99%: P(sick | +) = 0.5, got {got}"
        )
    if not _raises_value_error(lambda: fn(1.5, 0.9, 0.9)):
        raise Failed("a prevalence of 1.5 must raise ValueError")


# --- are_independent ---------------------------------------------------------------------------


@for_all(probability_vectors(1, 5), probability_vectors(1, 5), st.sampled_from([0.0, 1e-3, 0.2]))
def decides_independence(fn, px, py, bump):
    P = np.outer(px, py)
    cells = np.argwhere(P > 1e-3)
    rows, cols = np.unique(cells[:, 0]), np.unique(cells[:, 1])
    dependent = bump > 0 and rows.size > 1 and cols.size > 1
    if dependent:  # move mass around a rectangle: the marginals stay, independence goes
        (i, k), (j, m) = rows[:2], cols[:2]
        d = bump * min(P[i, j], P[k, m], P[i, m], P[k, j])
        P[i, j] += d
        P[k, m] += d
        P[i, m] -= d
        P[k, j] -= d
    got = fn(P.copy())
    if not isinstance(got, (bool, np.bool_)):
        raise Failed(f"are_independent must return True or False, got {got!r}")
    if bool(got) != (not dependent):
        raise Failed(
            f"a {P.shape[0]}×{P.shape[1]} table that is {'not ' if dependent else ''}the outer "
            f"product of its marginals{' (up to rounding)' if not dependent else ''} was called "
            f"{'independent' if got else 'dependent'}"
        )


def tiny_cells_and_bad_tables(fn):
    px, py = np.array([1 - 1e-12, 1e-12]), np.array([0.3, 0.7])
    P = np.outer(px, py)
    if not fn(P.copy()):
        raise Failed(
            "the outer product of (1 − 1e-12, 1e-12) and (0.3, 0.7) is independent (up to "
            "rounding: compare with a relative tolerance, not ==)"
        )
    P[1] = [0.7e-12, 0.3e-12]  # tiny cells, but their own ratio
    P /= P.sum()
    if fn(P.copy()):
        raise Failed(
            "a table whose tiny row is (0.7e-12, 0.3e-12) against (0.3, 0.7) above is dependent: "
            "an absolute tolerance misses it — compare each cell relatively"
        )
    if not _raises_value_error(lambda: fn(np.full((2, 2), 0.3))):
        raise Failed("a table that sums to 1.2 must raise ValueError")


# --- weighted_sample ---------------------------------------------------------------------------


class _FixedUniforms:
    """A stand-in generator whose ``random(size)`` returns chosen numbers."""

    def __init__(self, u):
        self.u = np.asarray(u, dtype=float)

    def random(self, size=None):
        if size is not None and int(np.prod(size)) != self.u.size:
            raise Failed(f"weighted_sample must draw rng.random(size) once (size {self.u.size})")
        return self.u.copy()


def boundaries_and_zero_weights(fn):
    top = 1 - 2.0**-53  # the largest float below 1: rng.random() can return it
    for weights, u, want, what in [
        (
            [0.0, 1.0, 0.0, 2.0],
            [0.0, 1 / 3, 0.5, top],
            [1, 3, 3, 3],
            "zero weights are never drawn",
        ),
        ([1.0, 3.0], [0.0, 0.2499, 0.25, top], [0, 0, 1, 1], "u = 1/4 belongs to index 1"),
        ([0.1] * 10, [top], [9], "the cumulative sums must end at exactly 1"),
        ([2.0, 0.0], [0.0, top], [0, 0], "a last weight of 0 is never drawn"),
    ]:
        try:
            got = np.asarray(fn(np.array(weights), len(u), _FixedUniforms(u)))
        except IndexError:
            got = "an IndexError"
        if not (isinstance(got, np.ndarray) and got.shape == (len(u),) and np.all(got == want)):
            shown = ", ".join("1 − 2⁻⁵³" if v == top else f"{v:.4g}" for v in u)
            raise Failed(f"weights {weights} with u = [{shown}] give {want}, got {got}: {what}")
    if not _raises_value_error(lambda: fn(np.array([0.0, 0.0]), 3, np.random.default_rng(0))):
        raise Failed("all-zero weights must raise ValueError")


@for_all(probability_vectors(1, 6), SEEDS, st.sampled_from([1.0, 7.5]), max_examples=25)
def samples_the_distribution(fn, p, seed, scale):
    size = 4000
    got = np.asarray(fn(p * scale, size, np.random.default_rng(seed)))
    if got.shape != (size,) or got.dtype.kind not in "iu":
        raise Failed(
            f"weighted_sample must return {size} integer indices, got {got.dtype} {got.shape}"
        )
    if np.any((got < 0) | (got >= p.size)) or np.any(p[got] == 0):
        raise Failed("weighted_sample drew an index outside the weights or one of weight 0")
    again = np.asarray(fn(p * scale, size, np.random.default_rng(seed)))
    if not np.array_equal(got, again):
        raise Failed("two calls with generators of the same seed must give the same sample")
    support = p > 0
    if support.sum() > 1:
        counts = np.bincount(got, minlength=p.size)[support]
        expected = p[support] / p[support].sum() * size
        pvalue = chisquare(counts, expected).pvalue
        if pvalue < 1e-6:
            raise Failed(f"the counts do not follow the weights (χ² test p = {pvalue:.2g})")


PROBLEMS = [
    Problem(
        "total_probability",
        lambda fn: fn(np.array([0.5, 0.5]), np.array([0.2, 0.4])),
        [_refuses("total_probability"), likelihoods_need_not_sum_to_one, matches_the_weighted_sum],
    ),
    Problem(
        "bayes_posterior",
        lambda fn: fn(np.array([0.5, 0.5]), np.array([0.2, 0.4])),
        [_refuses("bayes_posterior"), tiny_likelihoods, matches_bayes_theorem],
    ),
    Problem(
        "diagnostic_test_posterior",
        lambda fn: fn(0.01, 0.99, 0.99),
        [rare_disease, matches_the_formula],
    ),
    Problem(
        "are_independent",
        lambda fn: fn(np.full((2, 2), 0.25)),
        [tiny_cells_and_bad_tables, decides_independence],
    ),
    Problem(
        "weighted_sample",
        lambda fn: fn(np.array([1.0, 2.0]), 5, np.random.default_rng(0)),
        [boundaries_and_zero_weights, samples_the_distribution],
    ),
]
