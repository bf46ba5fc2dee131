"""Chapter 18: exact probabilities on finite spaces, Bayes' theorem, and simulations beside them."""

from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from foundations.errors import InputError
from foundations.probability import (
    FiniteProbabilitySpace,
    bayes_posterior,
    check_probability_vector,
    diagnostic_test_posterior,
    simulate_diagnostic_test,
    sum_tolerance,
    total_probability,
)

ALPHA = 1e-3
DICE = FiniteProbabilitySpace([(a, b) for a in range(1, 7) for b in range(1, 7)])


def count_fraction(predicate):
    """Classical probability by counting (exact rational arithmetic), the independent reference."""
    favourable = sum(1 for a in range(1, 7) for b in range(1, 7) if predicate((a, b)))
    return Fraction(favourable, 36)


@pytest.mark.parametrize(
    "predicate",
    [
        lambda w: w[0] + w[1] == 7,
        lambda w: w[0] == w[1],
        lambda w: max(w) >= 5,
        lambda w: w[0] % 2 == 0 and w[1] > 3,
        lambda w: False,
        lambda w: True,
    ],
)
def test_probability_matches_counting(predicate):
    event = DICE.event(predicate)
    assert DICE.probability(event) == pytest.approx(float(count_fraction(predicate)), abs=1e-15)
    assert DICE.probability(predicate) == DICE.probability(event)
    assert DICE.probability(event) + DICE.probability(DICE.complement(event)) == pytest.approx(1)


def test_set_algebra_inclusion_exclusion():
    a = DICE.event(lambda w: w[0] + w[1] >= 9)
    b = DICE.event(lambda w: w[0] == 6)
    lhs = DICE.probability(a | b)
    rhs = DICE.probability(a) + DICE.probability(b) - DICE.probability(a & b)
    assert lhs == pytest.approx(rhs, abs=1e-15)


def test_conditional_probability_and_conditional_space():
    sum_ten = DICE.event(lambda w: sum(w) == 10)
    first_six = DICE.event(lambda w: w[0] == 6)
    expected = count_fraction(lambda w: sum(w) == 10 and w[0] == 6) / count_fraction(
        lambda w: w[0] == 6
    )
    assert DICE.conditional_probability(sum_ten, first_six) == pytest.approx(float(expected))
    given = DICE.conditional_space(first_six)
    assert len(given.outcomes) == 6 and given.probabilities.sum() == pytest.approx(1)
    assert given.probability(sum_ten & first_six) == pytest.approx(float(expected))


def test_independence():
    seven = DICE.event(lambda w: sum(w) == 7)
    first_even = DICE.event(lambda w: w[0] % 2 == 0)
    assert DICE.are_independent(seven, first_even)  # the classic surprise
    twelve = DICE.event(lambda w: sum(w) == 12)
    first_six = DICE.event(lambda w: w[0] == 6)
    assert not DICE.are_independent(twelve, first_six)


def test_product_space_is_independent_repetition():
    coin = FiniteProbabilitySpace(["H", "T"], [0.3, 0.7])
    three = FiniteProbabilitySpace.product(coin, coin, coin)
    assert len(three.outcomes) == 8
    assert three.probability({("H", "H", "T")}) == pytest.approx(0.3 * 0.3 * 0.7)
    n_heads = three.event(lambda w: w.count("H") == 2)
    assert three.probability(n_heads) == pytest.approx(stats.binom.pmf(2, 3, 0.3))
    assert three.are_independent(lambda w: w[0] == "H", lambda w: w[2] == "T")


def test_simulated_frequency_agrees_with_exact_probability():
    """Binomial test of the simulated count against the exact P(A), level ALPHA, fixed seed."""
    event = DICE.event(lambda w: max(w) >= 5)
    p = DICE.probability(event)
    n = 40_000
    estimate = DICE.estimate_probability(event, n, rng=18)
    assert stats.binomtest(round(estimate * n), n, p).pvalue > ALPHA
    # ... and the same test rejects a wrong value (P of "max >= 4")
    wrong = DICE.probability(lambda w: max(w) >= 4)
    assert stats.binomtest(round(estimate * n), n, wrong).pvalue < ALPHA
    draws = DICE.sample(5, rng=1)
    assert draws == DICE.sample(5, rng=1) and all(d in DICE.omega for d in draws)


def test_bayes_and_total_probability_match_the_joint_space():
    """Build the joint space (hypothesis, evidence) and condition in it: same numbers."""
    prior = np.array([0.5, 0.3, 0.2])
    likelihood = np.array([0.1, 0.6, 0.9])
    joint = FiniteProbabilitySpace(
        [(h, e) for h in range(3) for e in (True, False)],
        np.column_stack([prior * likelihood, prior * (1 - likelihood)]).ravel(),
    )
    evidence = joint.event(lambda w: w[1])
    assert total_probability(prior, likelihood) == pytest.approx(joint.probability(evidence))
    post = bayes_posterior(prior, likelihood)
    assert post.sum() == pytest.approx(1)
    for h in range(3):
        assert post[h] == pytest.approx(
            joint.conditional_probability(joint.event(lambda w, h=h: w[0] == h), evidence)
        )


def test_diagnostic_test_exact_and_simulated():
    exact = diagnostic_test_posterior(0.01, 0.99, 0.95)
    assert exact == pytest.approx(bayes_posterior([0.01, 0.99], [0.99, 0.05])[0])
    assert exact < 0.2  # a positive test on a rare disease is usually a false alarm
    sim = simulate_diagnostic_test(0.01, 0.99, 0.95, 400_000, rng=2024)
    result = stats.binomtest(sim.n_sick_and_positive, sim.n_positive, exact)
    assert result.pvalue > ALPHA
    assert stats.binomtest(sim.n_sick_and_positive, sim.n_positive, 0.99).pvalue < ALPHA
    prevalences = np.array([1e-4, 1e-2, 0.5])
    np.testing.assert_allclose(
        diagnostic_test_posterior(prevalences, 0.99, 0.95),
        [diagnostic_test_posterior(float(p), 0.99, 0.95) for p in prevalences],
    )
    assert np.all(np.diff(diagnostic_test_posterior(prevalences, 0.99, 0.95)) > 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: FiniteProbabilitySpace("ab", [0.5, 0.6]), "sum to 1"),
        (lambda: FiniteProbabilitySpace("ab", [1.5, -0.5]), "non-negative"),
        (lambda: FiniteProbabilitySpace("abc", [0.5, 0.5]), "3 outcomes but 2"),
        (lambda: FiniteProbabilitySpace("aa"), "distinct"),
        (lambda: FiniteProbabilitySpace([]), "at least one"),
        (lambda: DICE.probability({(7, 7)}), "not in the space"),
        (lambda: DICE.conditional_probability({(1, 1)}, set()), "probability zero"),
        (lambda: bayes_posterior([0.5, 0.4], [0.1, 0.2]), "sum to 1"),
        (lambda: bayes_posterior([0.5, 0.5], [0.1, 1.2]), r"\[0, 1\]"),
        (lambda: bayes_posterior([0.5, 0.5], [0.0, 0.0]), "probability zero"),
        (lambda: diagnostic_test_posterior(1.2, 0.9, 0.9), "prevalence"),
        (lambda: simulate_diagnostic_test(0.1, 0.9, -0.1, 10), "specificity"),
        (lambda: simulate_diagnostic_test(0.1, 0.9, 0.9, 0), "n_people"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_a_float32_softmax_is_a_probability_vector():
    """The regression: an absolute 1e-9 tolerance refused float32 vectors summing to 1 - 6e-8."""
    rng = np.random.default_rng(0)
    for k in (3, 10, 1000, 100_000):
        logits = rng.normal(size=k).astype(np.float32)
        p = np.exp(logits) / np.exp(logits).sum()
        assert p.dtype == np.float32
        assert check_probability_vector(p).dtype == np.float32
        assert abs(float(np.sum(p, dtype=np.float64)) - 1.0) <= sum_tolerance(np.float32, k)
    space = FiniteProbabilitySpace(range(3), np.float32([0.1, 0.2, 0.7]))
    assert space.probability({0, 1, 2}) == pytest.approx(1.0, abs=1e-7)


def test_the_tolerance_follows_the_dtype_and_the_length():
    assert sum_tolerance(np.float64, 3) == pytest.approx(12 * np.finfo(float).eps)
    assert sum_tolerance(np.float32, 10) == pytest.approx(40 * np.finfo(np.float32).eps)
    assert sum_tolerance(np.float32, 10**9) == pytest.approx(np.sqrt(np.finfo(np.float32).eps))
    assert sum_tolerance(np.int64, 2) == sum_tolerance(np.float64, 2)
    check_probability_vector([0.1, 0.2, 0.7])  # 1.0000000000000002 in floating point
    with pytest.raises(InputError, match="sum to 1"):
        check_probability_vector([0.3, 0.3, 0.4 + 1e-9])  # float64: 1e-9 is not rounding
    with pytest.raises(InputError, match="sum to 1"):
        check_probability_vector(np.float32([0.3, 0.3, 0.41]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: FiniteProbabilitySpace([[1], [2]]), "hashable"),
        (lambda: FiniteProbabilitySpace(3), "iterable"),
        (lambda: DICE.probability(3), "set of outcomes or a predicate"),
        (lambda: DICE.estimate_probability({(1, 1)}, 0), "n_samples"),
        (lambda: DICE.are_independent({(1, 1)}, {(1, 2)}, atol=-1.0), "atol"),
        (lambda: FiniteProbabilitySpace.product(DICE, 3), "FiniteProbabilitySpace"),
        (lambda: diagnostic_test_posterior([0.1, 0.2], [0.9, 0.8, 0.7], 0.9), "broadcast"),
        (lambda: DICE.sample(-1), "must not be negative"),
        (lambda: FiniteProbabilitySpace("ab", [np.nan, 1.0]), "NaN"),
    ],
)
def test_more_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
