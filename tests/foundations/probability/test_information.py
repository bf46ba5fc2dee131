"""Chapter 20: entropy, cross-entropy, KL divergence against scipy.stats.entropy; log loss
against scikit-learn."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.metrics import log_loss as sk_log_loss

from foundations.errors import InputError
from foundations.probability import cross_entropy, entropy, kl_divergence, log_loss


def normalized(raw):
    raw = np.asarray(raw, dtype=float)
    return raw / raw.sum()


probability_vectors = st.lists(st.floats(0, 10), min_size=1, max_size=12).filter(
    lambda v: sum(v) > 0.1
)


@settings(deadline=None, max_examples=60)
@given(probability_vectors, st.sampled_from([None, 2, 10]))
def test_entropy_matches_scipy(raw, base):
    p = normalized(raw)
    assert entropy(p, base=base) == pytest.approx(stats.entropy(p, base=base), rel=1e-12, abs=1e-14)


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_kl_and_cross_entropy_match_scipy(data):
    n = data.draw(st.integers(1, 10))
    p = normalized(
        data.draw(st.lists(st.floats(0, 10), min_size=n, max_size=n).filter(lambda v: sum(v) > 0.1))
    )
    q = normalized(data.draw(st.lists(st.floats(0.01, 10), min_size=n, max_size=n)))
    kl = kl_divergence(p, q)
    assert kl == pytest.approx(stats.entropy(p, q), rel=1e-10, abs=1e-12)
    assert entropy(p, q) == kl
    assert kl >= 0
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl, rel=1e-10, abs=1e-12)
    assert cross_entropy(p, q) >= entropy(p) - 1e-12  # Gibbs' inequality


def test_special_cases():
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0)
    assert kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0.0
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf == stats.entropy([0.5, 0.5], [1.0, 0.0])
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert kl_divergence(p, q) != pytest.approx(kl_divergence(q, p))  # not symmetric


def test_along_an_axis():
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(5), size=7)
    Q = rng.dirichlet(np.ones(5), size=7)
    np.testing.assert_allclose(entropy(P, axis=1), stats.entropy(P, axis=1), rtol=1e-12)
    np.testing.assert_allclose(kl_divergence(P.T, Q.T), stats.entropy(P.T, Q.T), rtol=1e-10)


def test_log_loss_matches_sklearn():
    rng = np.random.default_rng(1)
    proba = rng.dirichlet(np.ones(4), size=200)
    y = rng.integers(0, 4, size=200)
    assert log_loss(y, proba) == pytest.approx(sk_log_loss(y, proba, labels=range(4)), rel=1e-12)
    onehot = np.eye(4)[y]
    assert log_loss(y, proba) == pytest.approx(
        np.mean([cross_entropy(o, r) for o, r in zip(onehot, proba, strict=True)])
    )
    assert log_loss([0], [[0.0, 1.0]]) == np.inf
    assert np.isfinite(log_loss([0], [[0.0, 1.0]], eps=1e-15))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: entropy([0.5, 0.6]), "sum to 1"),
        (lambda: entropy([1.5, -0.5]), "non-negative"),
        (lambda: kl_divergence([0.5, 0.5], [0.2, 0.2, 0.6]), "same shape"),
        (lambda: kl_divergence([0.5, 0.5], [0.2, 0.7]), "qk must sum to 1"),
        (lambda: entropy([0.5, 0.5], base=1), "base"),
        (lambda: entropy([]), "non-empty"),
        (lambda: log_loss([0, 3], [[0.5, 0.5], [0.5, 0.5]]), "labels in"),
        (lambda: log_loss([0], [[0.5, 0.6]]), "sum to 1"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_kl_divergence_stays_finite_for_a_tiny_positive_q():
    """The regression: p / q overflowed to inf (with a warning) for q = 1e-320."""
    p, q = [0.5, 0.5], [1.0 - 1e-320, 1e-320]
    expected = 0.5 * np.log(0.5) + 0.5 * (np.log(0.5) - np.log(1e-320))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kl_divergence(p, q) == pytest.approx(expected, rel=1e-15)
        assert np.isfinite(cross_entropy(p, q))
        assert kl_divergence([1e-320, 1.0 - 1e-320], [0.5, 0.5]) == pytest.approx(np.log(2.0))


def test_float32_probabilities_are_accepted_and_kept():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(5, 1000)).astype(np.float32)
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # float32 softmax rows
    H = entropy(P, axis=1)
    assert H.dtype == np.float32
    np.testing.assert_allclose(H, stats.entropy(P.astype(float), axis=1), rtol=1e-6)
    y = rng.integers(0, 1000, size=5)
    assert log_loss(y, P) == pytest.approx(
        sk_log_loss(y, P.astype(float), labels=range(1000)), rel=1e-6
    )
    assert isinstance(entropy(np.float32([0.5, 0.5])), float)


def test_bases_of_any_real_type():
    assert entropy([0.5, 0.5], base=np.int64(2)) == pytest.approx(1.0)
    assert entropy([0.5, 0.5], base=np.float32(2.0)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: entropy([0.5, 0.5], axis=3), "out of range"),
        (lambda: entropy([0.5, 0.5], axis=0.0), "axis must be an integer"),
        (lambda: entropy([0.5, 0.5], base=True), "base"),
        (lambda: entropy([0.5, 0.5], base=np.inf), "base"),
        (lambda: log_loss([0], [[0.5, 0.5]], eps=2.0), "eps"),
        (lambda: log_loss([0.5], [[0.5, 0.5]]), "integer labels"),
        (lambda: log_loss([[0]], [[0.5, 0.5]]), "1-D"),
        (lambda: kl_divergence([0.5, 0.5], [np.nan, 1.0]), "NaN"),
    ],
)
def test_more_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
