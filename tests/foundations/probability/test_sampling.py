"""weighted_sample: the right law (chi-squared at a fixed seed), exact edge cases, clear errors.

Goodness of fit: Pearson's chi-squared test (``scipy.stats.chisquare``) of the observed counts
against the exact probabilities, at significance level ALPHA = 0.001 with a fixed seed, so a
correct sampler passes deterministically and a wrong one (also tested) is rejected.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from foundations.errors import InputError
from foundations.probability import (
    box_muller,
    inverse_transform_sample,
    uniform_source,
    weighted_sample,
)

ALPHA = 1e-3


def chi_squared_pvalue(indices, probabilities):
    """p-value of Pearson's test that ``indices`` were drawn with ``probabilities``."""
    probabilities = np.asarray(probabilities, dtype=float)
    support = probabilities > 0
    counts = np.bincount(np.ravel(indices), minlength=probabilities.size)
    assert np.all(counts[~support] == 0), "an index of probability zero was drawn"
    expected = probabilities[support] * counts.sum()
    return stats.chisquare(counts[support], expected).pvalue


WEIGHTS = np.array([0.0, 1.0, 3.0, 0.5, 0.0, 2.5, 8.0, 0.25, 4.0, 0.0])


def test_goodness_of_fit_with_replacement():
    idx = weighted_sample(WEIGHTS, 50_000, rng=20240518)
    assert idx.shape == (50_000,) and idx.dtype == np.int64
    assert chi_squared_pvalue(idx, WEIGHTS / WEIGHTS.sum()) > ALPHA


def test_the_test_rejects_wrong_samplers():
    """The same test, at the same level, fails for samplers that are slightly off."""
    rng = np.random.default_rng(20240518)
    p = WEIGHTS / WEIGHTS.sum()
    squared = rng.choice(WEIGHTS.size, 50_000, p=WEIGHTS**2 / np.sum(WEIGHTS**2))
    assert chi_squared_pvalue(squared, p) < ALPHA
    uniform_on_support = rng.choice(np.flatnonzero(WEIGHTS), 50_000)
    assert chi_squared_pvalue(uniform_on_support, p) < ALPHA
    # mildly perturbed weights (one weight 10% high) are still caught at this sample size
    perturbed = WEIGHTS.copy()
    perturbed[6] *= 1.1
    assert chi_squared_pvalue(weighted_sample(perturbed, 50_000, rng=1), p) < ALPHA


def test_zero_weights_are_never_drawn():
    w = np.array([0.0, 0.0, 1e-300, 0.0, 1.0, 0.0])
    idx = weighted_sample(w, 100_000, rng=3)
    assert set(np.unique(idx).tolist()) <= {2, 4}
    assert weighted_sample([0.0, 0.0, 5.0, 0.0], 1000, rng=4).tolist() == [2] * 1000


def test_huge_weights_do_not_overflow():
    w = np.array([1e308, 1e308, 1e308, 0.0])
    idx = weighted_sample(w, 30_000, rng=5)
    assert chi_squared_pvalue(idx, [1 / 3, 1 / 3, 1 / 3, 0]) > ALPHA


def test_shape_seed_and_no_mutation():
    w = np.array([1.0, 2.0, 3.0])
    before = w.copy()
    a = weighted_sample(w, (4, 5), rng=7)
    assert a.shape == (4, 5)
    np.testing.assert_array_equal(a, weighted_sample(w, (4, 5), rng=7))
    np.testing.assert_array_equal(w, before)
    assert weighted_sample(w, 0, rng=0).shape == (0,)
    g = np.random.default_rng(0)
    assert not np.array_equal(weighted_sample(w, 50, rng=g), weighted_sample(w, 50, rng=g))


def test_without_replacement_first_draw_and_ordered_pairs():
    """Exact law of ordered pairs: P(i, j) = w_i / W * w_j / (W - w_i)."""
    w = np.array([1.0, 2.0, 0.0, 3.0, 4.0])
    W = w.sum()
    pairs = [(i, j) for i, j in itertools.permutations(range(w.size), 2) if w[i] > 0 and w[j] > 0]
    exact = np.array([w[i] / W * w[j] / (W - w[i]) for i, j in pairs])
    assert np.isclose(exact.sum(), 1.0)
    code = {pair: k for k, pair in enumerate(pairs)}
    rng = np.random.default_rng(11)
    draws = [tuple(weighted_sample(w, 2, rng=rng, replace=False).tolist()) for _ in range(20_000)]
    observed = np.array([code[d] for d in draws])  # KeyError if a repeat or a zero weight
    assert chi_squared_pvalue(observed, exact) > ALPHA
    # the same test rejects "independent draws conditioned on being distinct" -- a wrong law
    wrong = []
    while len(wrong) < 20_000:
        i, j = weighted_sample(w, 2, rng=rng)
        if i != j:
            wrong.append(code[(int(i), int(j))])
    assert chi_squared_pvalue(wrong, exact) < ALPHA


def test_without_replacement_takes_every_positive_weight():
    w = [0.5, 0.0, 2.0, 1.0]
    idx = weighted_sample(w, 3, rng=0, replace=False)
    assert sorted(idx.tolist()) == [0, 2, 3]
    with pytest.raises(InputError, match="without replacement from 3 positive weights"):
        weighted_sample(w, 4, rng=0, replace=False)


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30).filter(
        lambda w: max(w) > 0
    ),
    st.integers(0, 40),
    st.booleans(),
)
def test_indices_valid_for_any_weights(w, k, replace):
    w = np.asarray(w)
    k = min(k, int(np.count_nonzero(w))) if not replace else k
    idx = weighted_sample(w, k, rng=0, replace=replace)
    assert idx.shape == (k,)
    assert np.all(w[idx] > 0)
    if not replace:
        assert len(set(idx.tolist())) == k


@pytest.mark.parametrize(
    ("weights", "size", "message"),
    [
        ([1.0, -0.5, 2.0], 3, "non-negative"),
        ([0.0, 0.0], 3, "all zero"),
        ([1.0, np.nan], 3, "NaN or inf"),
        ([1.0, np.inf], 3, "NaN or inf"),
        ([], 3, "empty"),
        ([[1.0, 2.0]], 3, "1-D"),
        (["a", "b"], 3, "numbers"),
        ([1.0, 2.0], -1, "must not be negative"),
        ([1.0, 2.0], 2.5, "int or a tuple"),
    ],
)
def test_bad_input(weights, size, message):
    with pytest.raises(InputError, match=message):
        weighted_sample(weights, size, rng=0)


def test_float32_weights_give_the_float64_law():
    """The regression: the cumulative sum ran in float32; with 1e5 weights 18 % of the draws
    differed from those for the same weights in float64 (probabilities off by about 1 %)."""
    w = np.random.default_rng(0).random(100_000).astype(np.float32)
    a = weighted_sample(w, 100_000, rng=1)
    b = weighted_sample(w.astype(np.float64), 100_000, rng=1)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: inverse_transform_sample(3, 5), "callable"),
        (lambda: inverse_transform_sample(lambda u: 0.0, 3), "shape"),
        (lambda: inverse_transform_sample(lambda u: "a" + u, 3), "numbers"),
        (lambda: box_muller(-1), "must not be negative"),
        (lambda: uniform_source(True), "int or a tuple"),
        (lambda: weighted_sample([1.0, 2.0], 2.5), "int or a tuple"),
    ],
)
def test_sampler_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
