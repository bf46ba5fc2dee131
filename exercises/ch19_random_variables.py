"""Chapter 19 — Random variables and distributions: a pmf in log space, a cdf accurate in its
tails, quantiles, inverse-transform sampling and the Kolmogorov–Smirnov statistic.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch19            # or: python -m exercises.grader ch19

Use NumPy, ``math`` and the special functions ``scipy.special.gammaln``/``erfc``; do not call
``scipy.stats`` or ``foundations.probability`` — the point is to write them.
"""


def binomial_pmf(k, n, p):
    r"""The binomial probability :math:`P(X = k) = \binom nk p^k (1 - p)^{n-k}`, in log space.

    :math:`\binom{2000}{1000} \approx 10^{600}` overflows and :math:`0.5^{2000}` underflows,
    although their product is a fine number. Work with logarithms,

    .. math:: \log P(X = k) = \log\Gamma(n + 1) - \log\Gamma(k + 1) - \log\Gamma(n - k + 1)
              + k \log p + (n - k) \log(1 - p),

    and exponentiate at the end. :math:`\log(1 - p)` is ``np.log1p(-p)``: accurate for tiny
    :math:`p`, where ``log(1 - p)`` has lost its digits.

    Parameters
    ----------
    k : int or ndarray of int
        0 outside :math:`0 \le k \le n`.
    n : int
        Non-negative.
    p : float
        In :math:`[0, 1]`; at :math:`p = 0` (or 1) all the mass is at :math:`k = 0` (or
        :math:`n`).

    Returns
    -------
    float or ndarray, shaped like ``k``

    Hint: ``scipy.special.gammaln`` (or ``math.lgamma``) is :math:`\log\Gamma`; treat
    :math:`p \in \{0, 1\}` apart, where :math:`0 \cdot \log 0` would give NaN.
    """
    raise NotImplementedError


def normal_cdf(x, mu=0.0, sigma=1.0):
    r"""The normal distribution function :math:`\Phi\bigl((x - \mu)/\sigma\bigr)`, accurate in both tails.

    .. math:: \Phi(z) = \tfrac12\bigl(1 + \operatorname{erf}(z/\sqrt2)\bigr)
              = \tfrac12 \operatorname{erfc}(-z/\sqrt2)

    The first form computes :math:`1 - 0.99999\ldots` for :math:`z \ll 0` and returns 0 below
    :math:`z \approx -8.3` (where :math:`\Phi(-10) = 7.6 \cdot 10^{-24}`); the second keeps
    the relative accuracy down to :math:`z \approx -38`.

    Parameters
    ----------
    x : float or ndarray
    mu : float
    sigma : float
        Positive.

    Returns
    -------
    float or ndarray, shaped like ``x``

    Raises
    ------
    ValueError
        If ``sigma`` is not positive.

    Hint: ``scipy.special.erfc`` (vectorised) or ``math.erfc``.
    """
    raise NotImplementedError


def exponential_ppf(q, rate=1.0):
    r"""The quantile function (inverse cdf) of the exponential distribution.

    :math:`F(x) = 1 - e^{-\lambda x}` for :math:`x \ge 0`, so

    .. math:: F^{-1}(q) = -\frac{\log(1 - q)}{\lambda}, \qquad 0 \le q < 1

    (:math:`F^{-1}(1) = \infty`). For tiny :math:`q`, ``log(1 - q)`` is 0 below
    :math:`q \approx 10^{-16}`; ``np.log1p(-q)`` keeps every digit.

    Parameters
    ----------
    q : float or ndarray
        In :math:`[0, 1]`.
    rate : float
        :math:`\lambda > 0`.

    Returns
    -------
    float or ndarray, shaped like ``q``

    Hint: one line — with the right logarithm.
    """
    raise NotImplementedError


def inverse_transform_sample(ppf, size, rng):
    r"""Draw ``size`` samples of the distribution whose quantile function is ``ppf``.

    If :math:`U` is uniform on :math:`[0, 1)`, then :math:`X = F^{-1}(U)` has the distribution
    function :math:`F`: :math:`P(X \le x) = P(U \le F(x)) = F(x)`. Every distribution can be
    sampled from one uniform source.

    Parameters
    ----------
    ppf : callable
        :math:`F^{-1}`, vectorised.
    size : int or tuple of int
    rng : numpy.random.Generator
        Draw the uniforms as ``rng.random(size)`` — one call.

    Returns
    -------
    ndarray, shape ``size``

    Hint: one line; the work is in ``ppf``.
    """
    raise NotImplementedError


def ks_statistic(x, cdf):
    r"""The Kolmogorov–Smirnov statistic :math:`D = \sup_t |F_n(t) - F(t)|` of a sample against ``cdf``.

    The empirical cdf :math:`F_n` jumps by :math:`1/n` at each sorted sample
    :math:`x_{(1)} \le \dots \le x_{(n)}`, so the supremum is attained at a jump, from one side
    or the other:

    .. math:: D = \max_{1 \le i \le n} \max\Bigl(\frac in - F(x_{(i)}),\;
              F(x_{(i)}) - \frac{i - 1}n\Bigr)

    Parameters
    ----------
    x : ndarray, shape (n,)
        The sample, in any order (ties allowed).
    cdf : callable
        :math:`F`, vectorised.

    Returns
    -------
    float
        As ``scipy.stats.kstest(x, cdf).statistic``.

    Hint: both sides of each jump count — :math:`F_n` is :math:`(i-1)/n` just before
    :math:`x_{(i)}` and :math:`i/n` at it.
    """
    raise NotImplementedError
