"""Chapter 19: every distribution's methods against scipy.stats; samplers pass goodness-of-fit tests.

The tails (far beyond scipy's accuracy), quantiles and regressions are in ``test_discrete.py``
and ``test_continuous.py``; this file checks the bulk, where scipy is accurate to 1e-14.

Goodness of fit at a fixed seed and significance level ALPHA = 0.001: Kolmogorov–Smirnov
(``scipy.stats.kstest``) for the continuous samplers, Pearson's chi-squared
(``scipy.stats.chisquare``, tail cells pooled so every expected count is at least 5) for the
discrete ones. Each test also shows that a slightly wrong sampler is rejected at that level.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from foundations.errors import InputError
from foundations.probability import (
    Bernoulli,
    Beta,
    Binomial,
    Categorical,
    ChiSquared,
    Exponential,
    Gamma,
    Geometric,
    Normal,
    Poisson,
    StudentT,
    Uniform,
    box_muller,
    inverse_transform_sample,
)

ALPHA = 1e-3
N = 20_000

DISCRETE = [
    (Bernoulli(0.3), stats.bernoulli(0.3)),
    (Bernoulli(0.0), stats.bernoulli(0.0)),
    (Binomial(20, 0.35), stats.binom(20, 0.35)),
    (Binomial(500, 0.02), stats.binom(500, 0.02)),
    (Binomial(7, 1.0), stats.binom(7, 1.0)),
    (Geometric(0.2), stats.geom(0.2)),
    (Geometric(1.0), stats.geom(1.0)),
    (Poisson(4.5), stats.poisson(4.5)),
    (Poisson(250.0), stats.poisson(250.0)),
    (Poisson(0.0), stats.poisson(0.0)),
    (
        Categorical([0.2, 0.0, 0.5, 0.3]),
        stats.rv_discrete(values=([0, 1, 2, 3], [0.2, 0, 0.5, 0.3])),
    ),
]
CONTINUOUS = [
    (Uniform(-1.0, 3.0), stats.uniform(-1.0, 4.0)),
    (Normal(1.5, 2.0), stats.norm(1.5, 2.0)),
    (Normal(-3.0, 1e-3), stats.norm(-3.0, 1e-3)),
    (Exponential(0.5), stats.expon(scale=2.0)),
    (Exponential(40.0), stats.expon(scale=1 / 40)),
    (Gamma(0.3), stats.gamma(0.3)),
    (Gamma(4.5, 2.0), stats.gamma(4.5, scale=2.0)),
    (ChiSquared(3), stats.chi2(3)),
    (ChiSquared(0.5), stats.chi2(0.5)),
    (Beta(0.5, 0.5), stats.beta(0.5, 0.5)),
    (Beta(2.5, 7.0), stats.beta(2.5, 7.0)),
    (Beta(300.0, 40.0), stats.beta(300.0, 40.0)),
    (StudentT(1), stats.t(1)),
    (StudentT(3.5, 1.0, 2.0), stats.t(3.5, 1.0, 2.0)),
    (StudentT(0.3), stats.t(0.3)),
]


def ids(pairs):
    return [repr(ours) for ours, _ in pairs]


@pytest.mark.parametrize(("ours", "ref"), DISCRETE, ids=ids(DISCRETE))
def test_discrete_against_scipy(ours, ref):
    k = np.arange(-3.0, ref.ppf(0.999999) + 5, 0.5)  # integers, half-integers, outside support
    np.testing.assert_allclose(ours.pmf(k), ref.pmf(k), rtol=1e-12, atol=1e-15)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(ours.logpmf(k), ref.logpmf(k), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ours.cdf(k), ref.cdf(k), rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(ours.sf(k), ref.sf(k), rtol=1e-11, atol=1e-14)
    q = np.linspace(0.0, 1.0, 41)[1:-1] + 1e-3  # away from the jumps F(k), where rounding decides
    k, k_isf = ours.ppf(q), ours.isf(q)
    # the definitions: the smallest k with F(k) >= q, the smallest with S(k) <= s
    assert np.all(ours.cdf(k) >= q) and np.all(ours.cdf(k - 1) < q)
    assert np.all(ours.sf(k_isf) <= q) and np.all(ours.sf(k_isf - 1) > q)
    if not (isinstance(ours, Geometric) and ours.p == 1):  # scipy gives 0 there, not 1
        np.testing.assert_array_equal(k, ref.ppf(q))
        np.testing.assert_array_equal(k_isf, ref.isf(q))
    np.testing.assert_array_equal(ours.ppf([0.0, 1.0]), ref.ppf([0.0, 1.0]))
    assert ours.support() == tuple(float(v) for v in ref.support())
    assert ours.mean() == pytest.approx(ref.mean(), rel=1e-13, abs=1e-15)
    assert ours.var() == pytest.approx(ref.var(), rel=1e-13, abs=1e-15)
    assert ours.std() == pytest.approx(ref.std(), rel=1e-13, abs=1e-15)
    assert isinstance(ours.pmf(1), float) and isinstance(ours.rvs(rng=0), int)


@pytest.mark.parametrize(("ours", "ref"), CONTINUOUS, ids=ids(CONTINUOUS))
def test_continuous_against_scipy(ours, ref):
    levels = np.concatenate([np.logspace(-12, -1, 12), np.linspace(0.1, 0.9, 17)])
    x = np.concatenate([ref.ppf(levels), ref.isf(levels), [ref.ppf(1e-12) - 1.0]])
    x = x[np.isfinite(x) & (x > ref.support()[0])]
    np.testing.assert_allclose(ours.pdf(x), ref.pdf(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ours.logpdf(x), ref.logpdf(x), rtol=1e-12, atol=1e-13)
    # each side where it is the small one (scipy rounds 1 - 1e-11 to 1 on the other side)
    low, high = x[x <= ref.median()], x[x > ref.median()]
    for name, points in (("cdf", low), ("logcdf", low), ("sf", high), ("logsf", high)):
        np.testing.assert_allclose(
            getattr(ours, name)(points), getattr(ref, name)(points), rtol=1e-11, atol=1e-300
        )
    np.testing.assert_allclose(ours.cdf(x) + ours.sf(x), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(ours.ppf(levels), ref.ppf(levels), rtol=1e-11, atol=1e-300)
    np.testing.assert_allclose(ours.isf(levels), ref.isf(levels), rtol=1e-11, atol=1e-300)
    np.testing.assert_allclose(ours.median(), ref.median(), rtol=1e-12, atol=1e-300)
    if np.isfinite(ref.var()):
        assert ours.mean() == pytest.approx(ref.mean(), rel=1e-14)
        assert ours.var() == pytest.approx(ref.var(), rel=1e-14)
    assert ours.support() == tuple(float(v) for v in ref.support())


def test_normal_tails_keep_relative_accuracy():
    """Relative accuracy down to 1e-300 (1 - erf would give 0 there). scipy itself is only
    good to a few 1e-14 that deep, hence rtol=1e-12 rather than a tighter bound."""
    x = np.array([-37.0, -20.0, -8.0, -3.0, 3.0, 8.0])
    np.testing.assert_allclose(Normal().cdf(x), stats.norm.cdf(x), rtol=1e-12)
    np.testing.assert_allclose(Normal().logpdf(x), stats.norm.logpdf(x), rtol=1e-14)


@settings(deadline=None, max_examples=40)
@given(
    n=st.integers(0, 400),
    # scipy.stats.binom (the reference) overflows for p within a few ulps of the smallest float
    p=st.one_of(st.just(0.0), st.floats(1e-300, 1)),
    mu=st.floats(0, 300),
    q=st.floats(1e-6, 1),
)
def test_discrete_random_parameters(n, p, mu, q):
    k = np.arange(0, 420)
    np.testing.assert_allclose(
        Binomial(n, p).pmf(k), stats.binom.pmf(k, n, p), rtol=1e-10, atol=1e-14
    )
    np.testing.assert_allclose(Poisson(mu).pmf(k), stats.poisson.pmf(k, mu), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(Poisson(mu).cdf(k), stats.poisson.cdf(k, mu), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(Geometric(q).cdf(k), stats.geom.cdf(k, q), rtol=1e-12, atol=1e-15)


def chi_squared_pvalue(samples, dist, min_expected=5.0):
    """Pearson's test of integer ``samples`` against ``dist.pmf``; sparse tails pooled."""
    hi = int(max(samples.max(), dist.mean() + 12 * dist.std() + 12))
    support = np.arange(0, hi + 1)
    p = np.asarray(dist.pmf(support), dtype=float)
    p[-1] += 1.0 - p.sum()  # the rest of the tail into the last cell
    observed = np.bincount(samples, minlength=hi + 1)[: hi + 1].astype(float)
    expected = p * samples.size
    keep = expected >= min_expected
    if np.any(observed[(p == 0)] > 0):
        return 0.0  # a value of probability zero was drawn
    cells_o = np.append(observed[keep], observed[~keep].sum())
    cells_e = np.append(expected[keep], expected[~keep].sum())
    if cells_e[-1] == 0:
        cells_o, cells_e = cells_o[:-1], cells_e[:-1]
    if cells_o.size < 2:
        return 1.0 if np.all(observed[keep] == samples.size) else 0.0
    return stats.chisquare(cells_o, cells_e * cells_o.sum() / cells_e.sum()).pvalue


@pytest.mark.parametrize(
    ("dist", "wrong"),
    [
        (Bernoulli(0.3), Bernoulli(0.32)),
        (Binomial(20, 0.35), Binomial(20, 0.37)),
        (Binomial(500, 0.02), Binomial(500, 0.022)),
        (Geometric(0.2), Geometric(0.21)),
        (Poisson(4.5), Poisson(4.65)),
        (Poisson(250.0), Poisson(253.0)),
    ],
    ids=lambda d: repr(d),
)
def test_discrete_samplers_goodness_of_fit(dist, wrong):
    samples = dist.rvs(N, rng=19)
    assert samples.shape == (N,) and samples.dtype == np.int64
    assert chi_squared_pvalue(samples, dist) > ALPHA
    assert chi_squared_pvalue(wrong.rvs(N, rng=19), dist) < ALPHA  # the test has power


@pytest.mark.parametrize(
    ("dist", "ref", "wrong"),
    [
        (Uniform(-1.0, 3.0), stats.uniform(-1.0, 4.0), Uniform(-1.0, 3.1)),
        (Normal(1.5, 2.0), stats.norm(1.5, 2.0), Normal(1.5, 2.1)),
        (Normal(1.5, 2.0), stats.norm(1.5, 2.0), Normal(1.6, 2.0)),
        (Exponential(0.5), stats.expon(scale=2.0), Exponential(0.55)),
    ],
    ids=lambda d: repr(d) if not hasattr(d, "dist") else "",
)
def test_continuous_samplers_goodness_of_fit(dist, ref, wrong):
    samples = dist.rvs(N, rng=19)
    assert samples.shape == (N,)
    assert stats.kstest(samples, ref.cdf).pvalue > ALPHA
    assert stats.kstest(wrong.rvs(N, rng=19), ref.cdf).pvalue < ALPHA


def test_box_muller_gives_independent_standard_normals():
    z = box_muller((N, 2), rng=5)
    assert z.shape == (N, 2)
    assert stats.kstest(z.ravel(), "norm").pvalue > ALPHA
    # the two coordinates of a pair are uncorrelated (|r| < 4 / sqrt(n) is about 4 s.e.)
    pairs = box_muller(2 * N, rng=6)
    assert abs(np.corrcoef(pairs[:N], pairs[N:])[0, 1]) < 4 / np.sqrt(N)
    assert abs(np.corrcoef(pairs[0::2], pairs[1::2])[0, 1]) < 4 / np.sqrt(N)
    # a wrong transform, radius sqrt(-ln U) instead of sqrt(-2 ln U), is rejected
    rng = np.random.default_rng(5)
    u1, u2 = 1 - rng.random(N), rng.random(N)
    wrong = np.sqrt(-np.log(u1)) * np.cos(2 * np.pi * u2)
    assert stats.kstest(wrong, "norm").pvalue < ALPHA
    assert box_muller(3, rng=0).shape == (3,) and isinstance(box_muller(rng=0), float)


def test_inverse_transform_with_any_quantile_function():
    """F^{-1}(U) for a Cauchy (quantile tan(pi (u - 1/2))) has the Cauchy distribution."""
    x = inverse_transform_sample(lambda u: np.tan(np.pi * (u - 0.5)), N, rng=7)
    assert stats.kstest(x, "cauchy").pvalue > ALPHA
    assert stats.kstest(x, "norm").pvalue < ALPHA


def test_sampling_is_seeded_and_shaped():
    for dist in (Poisson(3.0), Binomial(10, 0.5), Normal(), Exponential(), Geometric(0.5)):
        a = dist.rvs((3, 4), rng=11)
        assert a.shape == (3, 4)
        np.testing.assert_array_equal(a, dist.rvs((3, 4), rng=11))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Bernoulli(1.2), r"p must lie in \[0, 1\]"),
        (lambda: Bernoulli(-0.1), r"p must lie in \[0, 1\]"),
        (lambda: Binomial(10, 1.5), r"p must lie in \[0, 1\]"),
        (lambda: Binomial(-3, 0.5), "non-negative integer"),
        (lambda: Binomial(2.5, 0.5), "non-negative integer"),
        (lambda: Geometric(0.0), r"p must lie in \(0, 1\]"),
        (lambda: Poisson(-1.0), "non-negative"),
        (lambda: Normal(0.0, -1.0), "must be positive"),
        (lambda: Normal(0.0, 0.0), "must be positive"),
        (lambda: Normal(np.nan, 1.0), "finite"),
        (lambda: Exponential(0.0), "rate must be positive"),
        (lambda: Uniform(2.0, 1.0), "a < b"),
        (lambda: Normal(0.0, "1"), "real number"),
        (lambda: Normal().pdf([0.0, np.nan]), "NaN"),
        (lambda: Exponential().ppf(1.5), r"\[0, 1\]"),
        (lambda: Normal().rvs(-2), "must not be negative"),
        (lambda: Gamma(0.0), "a must be positive"),
        (lambda: Gamma(1.0, scale=-1.0), "scale must be positive"),
        (lambda: Beta(1.0, np.inf), "finite"),
        (lambda: StudentT(-1.0), "df must be positive"),
        (lambda: ChiSquared("3"), "real number"),
        (lambda: Categorical([0.5, 0.6]), "sum to 1"),
        (lambda: Categorical([[0.5, 0.5]]), "1-D"),
        (lambda: Binomial(True, 0.5), "non-negative integer"),
        (lambda: Binomial(2**60, 0.5), "at most"),
        (lambda: Poisson(3.0).ppf(-0.1), r"\[0, 1\]"),
        (lambda: Beta(2.0, 3.0).isf([0.5, np.nan]), "NaN"),
    ],
)
def test_invalid_parameters(call, message):
    with pytest.raises(InputError, match=message):
        call()
