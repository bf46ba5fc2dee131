"""Probability from scratch (Part 4 of *Mathematics of Machine Learning*, chapters 18–20).

Every public function of the chapter modules is re-exported here, so
``from foundations.probability import weighted_sample, Normal`` works.

* chapter 18 (what is probability): ``spaces`` — finite spaces, events, conditioning, Bayes;
* chapter 19 (random variables): ``distributions`` (the list; the classes in ``discrete``,
  ``continuous``, ``gamma_beta``), ``special`` and ``incomplete`` (special functions),
  ``empirical``, ``multivariate``;
* chapter 20 (expected value): ``expectation`` (with conditional expectation),
  ``inequalities`` (Markov, Chebyshev, Jensen), ``information``, ``mle``;
* ``sampling`` — :func:`weighted_sample`, the inverse-cdf draw k-means++ uses, and the
  uniform source, inverse transform and Box–Muller every sampler starts from.
"""

from .distributions import (
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
    uniform_source,
)
from .empirical import EmpiricalCDF, KSResult, ecdf, kolmogorov_sf, ks_statistic, ks_test
from .expectation import (
    ConditionalExpectation,
    conditional_expectation,
    correlation_matrix,
    covariance_matrix,
    empirical_conditional_expectation,
    expected_value,
    running_mean,
    standardized_sample_means,
    variance,
)
from .incomplete import betainc, betaincc, gammainc, gammaincc
from .inequalities import (
    InequalityCheck,
    JensenCheck,
    chebyshev_inequality,
    jensen_inequality,
    markov_inequality,
)
from .information import cross_entropy, entropy, kl_divergence, log_loss
from .mle import (
    FAMILIES,
    MLEResult,
    mle_bernoulli,
    mle_exponential,
    mle_normal,
    mle_numerical,
    mle_poisson,
    negative_log_likelihood,
)
from .multivariate import MultivariateNormal
from .sampling import weighted_sample
from .spaces import (
    DiagnosticSimulation,
    FiniteProbabilitySpace,
    bayes_posterior,
    check_probability_vector,
    diagnostic_test_posterior,
    simulate_diagnostic_test,
    sum_tolerance,
    total_probability,
)
from .special import betaln, erf, erfc, gammaln
