"""Probability from scratch (Part 4 of *Mathematics of Machine Learning*, chapters 18–20).

Every public function of the chapter modules is re-exported here, so
``from foundations.probability import weighted_sample, Normal`` works.

* chapter 18 (what is probability): ``spaces`` — finite spaces, events, conditioning, Bayes;
* chapter 19 (random variables): ``distributions``, ``special``, ``empirical``, ``multivariate``;
* chapter 20 (expected value): ``expectation``, ``information``, ``mle``;
* ``sampling`` — :func:`weighted_sample`, the inverse-cdf draw k-means++ uses.
"""

from .distributions import (
    Bernoulli,
    Binomial,
    Exponential,
    Geometric,
    Normal,
    Poisson,
    Uniform,
    box_muller,
    inverse_transform_sample,
    uniform_source,
)
from .empirical import EmpiricalCDF, KSResult, ecdf, kolmogorov_sf, ks_statistic, ks_test
from .sampling import weighted_sample
from .spaces import (
    DiagnosticSimulation,
    FiniteProbabilitySpace,
    bayes_posterior,
    check_probability_vector,
    diagnostic_test_posterior,
    simulate_diagnostic_test,
    total_probability,
)
from .special import erf, erfc, gammaln
