r"""Random variables and their distributions (chapter 19): the one place that lists them all.

A random variable :math:`X` is described by its distribution: for a discrete one the
probability mass function :math:`p(k) = P(X = k)`, for a continuous one the density
:math:`f` with :math:`P(a < X \le b) = \int_a^b f(x)\,dx`; in both cases the cumulative
distribution function :math:`F(x) = P(X \le x)` and the survival function
:math:`S(x) = 1 - F(x)`.

Each is a small class mirroring ``scipy.stats``' frozen distributions, with ``pmf``/``pdf``,
``logpmf``/``logpdf``, ``cdf``, ``logcdf``, ``sf``, ``logsf``, ``ppf`` (:math:`F^{-1}`),
``isf`` (:math:`S^{-1}`), ``mean``, ``var``, ``std``, ``median``, ``support`` and ``rvs``:

==============================  ==============================  ======================================
ours                            support                         ``scipy.stats`` equivalent
==============================  ==============================  ======================================
``Bernoulli(p)``                :math:`\lbrace 0, 1\rbrace`     ``bernoulli(p)``
``Binomial(n, p)``              :math:`0, \dots, n`             ``binom(n, p)``
``Geometric(p)``                :math:`1, 2, \dots`             ``geom(p)`` (trials up to the first success)
``Poisson(mu)``                 :math:`0, 1, \dots`             ``poisson(mu)``
``Categorical(p)``              :math:`0, \dots, K-1`           ``multinomial(1, p)`` (as an index)
``Uniform(a, b)``               :math:`[a, b]`                  ``uniform(loc=a, scale=b - a)``
``Normal(mu, sigma)``           :math:`\mathbb{R}`              ``norm(loc=mu, scale=sigma)``
``Exponential(rate)``           :math:`[0, \infty)`             ``expon(scale=1 / rate)``
``Gamma(a, scale)``             :math:`[0, \infty)`             ``gamma(a, scale=scale)``
``ChiSquared(df)``              :math:`[0, \infty)`             ``chi2(df)``
``Beta(a, b)``                  :math:`[0, 1]`                  ``beta(a, b)``
``StudentT(df, loc, scale)``    :math:`\mathbb{R}`              ``t(df, loc, scale)``
==============================  ==============================  ======================================

The classes live in :mod:`~foundations.probability.discrete`,
:mod:`~foundations.probability.continuous` and :mod:`~foundations.probability.gamma_beta`;
the samplers they share (:func:`uniform_source`, :func:`inverse_transform_sample`,
:func:`box_muller`) in :mod:`~foundations.probability.sampling`. This module re-exports them,
so ``from foundations.probability.distributions import Normal`` keeps working.
"""

from .continuous import Exponential, Normal, StudentT, Uniform
from .discrete import Bernoulli, Binomial, Categorical, Geometric, Poisson
from .gamma_beta import Beta, ChiSquared, Gamma
from .sampling import box_muller, inverse_transform_sample, uniform_source

__all__ = [
    "Bernoulli",
    "Beta",
    "Binomial",
    "Categorical",
    "ChiSquared",
    "Exponential",
    "Gamma",
    "Geometric",
    "Normal",
    "Poisson",
    "StudentT",
    "Uniform",
    "box_muller",
    "inverse_transform_sample",
    "uniform_source",
]
