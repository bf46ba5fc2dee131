"""Chapter 20: maximum likelihood. Closed forms against NumPy and scipy's fits; the numerical
estimates (chapter 17's optimiser) against the closed forms and, for Cauchy, against scipy."""

import numpy as np
import pytest
from scipy import stats

from foundations.errors import InputError
from foundations.probability import (
    mle_bernoulli,
    mle_exponential,
    mle_normal,
    mle_numerical,
    mle_poisson,
    negative_log_likelihood,
)

RNG = np.random.default_rng(20)
NORMAL = RNG.normal(1000.0, 3.0, size=500)
POISSON = RNG.poisson(3.3, size=400).astype(float)
BERNOULLI = (RNG.random(300) < 0.3).astype(float)
EXPONENTIAL = RNG.exponential(2.0, size=300)


def test_closed_forms_match_scipy_fits():
    mu, sigma = mle_normal(NORMAL)
    assert (mu, sigma) == pytest.approx(stats.norm.fit(NORMAL), rel=1e-12)
    assert sigma == pytest.approx(np.std(NORMAL, ddof=0))
    assert mle_exponential(EXPONENTIAL) == pytest.approx(
        1 / stats.expon.fit(EXPONENTIAL, floc=0)[1], rel=1e-12
    )
    assert mle_poisson(POISSON) == POISSON.mean()
    assert mle_bernoulli(BERNOULLI) == BERNOULLI.mean()


@pytest.mark.parametrize(
    ("family", "x", "closed"),
    [
        ("normal", NORMAL, lambda x: dict(zip(("mu", "sigma"), mle_normal(x), strict=True))),
        ("poisson", POISSON, lambda x: {"mu": mle_poisson(x)}),
        ("bernoulli", BERNOULLI, lambda x: {"p": mle_bernoulli(x)}),
        ("exponential", EXPONENTIAL, lambda x: {"rate": mle_exponential(x)}),
    ],
)
def test_numerical_matches_closed_form(family, x, closed):
    result = mle_numerical(family, x)  # Newton's method: every family here has a Hessian
    assert result.optimize_result.converged
    expected = closed(x)
    assert result.params.keys() == expected.keys()
    for name, value in expected.items():
        assert result.params[name] == pytest.approx(value, rel=1e-7)
    # the objective went down, and the minimum is the likelihood at the closed form
    history = result.optimize_result.history
    assert history[-1] <= history[0]
    assert result.neg_log_likelihood <= history[0]


def test_negative_log_likelihood_is_scipys():
    mu, sigma = mle_normal(NORMAL)
    assert negative_log_likelihood("normal", [mu, np.log(sigma)], NORMAL) == pytest.approx(
        -np.mean(stats.norm.logpdf(NORMAL, mu, sigma)), rel=1e-12
    )
    lam = POISSON.mean()
    assert negative_log_likelihood("poisson", [np.log(lam)], POISSON) == pytest.approx(
        -np.mean(stats.poisson.logpmf(POISSON, lam)), rel=1e-12
    )


def test_gradient_descent_and_momentum_on_the_normal():
    for method in ("gd", "momentum"):
        result = mle_numerical("normal", NORMAL, method=method)
        assert result.params["mu"] == pytest.approx(NORMAL.mean(), rel=1e-9)
        assert result.params["sigma"] == pytest.approx(np.std(NORMAL), rel=1e-6)
    for method in ("gd", "newton"):  # from a start 3 standard deviations off, sigma = 1
        far = mle_numerical("normal", NORMAL, method=method, theta0=[NORMAL.mean() - 10, 0.0])
        assert far.params["mu"] == pytest.approx(NORMAL.mean(), rel=1e-9)
        assert far.params["sigma"] == pytest.approx(np.std(NORMAL), rel=1e-6)
        assert far.optimize_result.n_iter > 5


def test_cauchy_has_no_closed_form_but_beats_scipys_fit():
    x = stats.cauchy.rvs(2.0, 0.5, size=1000, random_state=1)
    ours = mle_numerical("cauchy", x)
    loc, scale = stats.cauchy.fit(x)
    assert ours.params["loc"] == pytest.approx(loc, abs=1e-3)
    assert ours.params["scale"] == pytest.approx(scale, rel=1e-3)
    ref_nll = -np.mean(stats.cauchy.logpdf(x, loc, scale))
    assert ours.neg_log_likelihood <= ref_nll + 1e-12
    assert ours.neg_log_likelihood == pytest.approx(
        -np.mean(stats.cauchy.logpdf(x, ours.params["loc"], ours.params["scale"])), rel=1e-12
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mle_bernoulli([0.0, 1.0, 0.5]), "0 or 1"),
        (lambda: mle_poisson([1.0, -2.0]), "non-negative integers"),
        (lambda: mle_poisson([1.5, 2.0]), "non-negative integers"),
        (lambda: mle_exponential([1.0, 0.0]), "positive"),
        (lambda: mle_normal([]), "empty"),
        (lambda: mle_numerical("gamma", [1.0, 2.0]), "family must be one of"),
        (lambda: mle_numerical("poisson", [0.0, 0.0]), "boundary"),
        (lambda: mle_numerical("bernoulli", [1.0, 1.0]), "boundary"),
        (lambda: mle_numerical("normal", [3.0, 3.0]), "boundary"),
        (lambda: mle_numerical("cauchy", [1.0, 2.0, 5.0], method="newton"), "Hessian"),
        (lambda: mle_numerical("normal", [1.0, 2.0], method="bfgs"), "method must be one of"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
