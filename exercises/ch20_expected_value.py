"""Chapter 20 — The expected value: mean and variance, entropy and KL divergence, and the
maximum-likelihood estimates of a normal sample.

Replace each ``raise NotImplementedError`` with your code, then grade it::

    nox -s grade -- ch20            # or: python -m exercises.grader ch20

Use NumPy; do not call ``np.var``/``np.std``, ``scipy.stats`` or ``foundations.probability`` —
the point is to write them. Probability vectors may contain zeros; they must sum to 1.
"""


def expected_value(values, probabilities):
    r"""The expected value :math:`\mathbb{E}X = \sum_i x_i\, P(X = x_i)` of a discrete variable.

    Parameters
    ----------
    values : array_like, shape (k,)
    probabilities : array_like, shape (k,)
        Non-negative, summing to 1 (within 1e-9).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ or the probabilities are not a distribution.
    """
    raise NotImplementedError


def variance(values, probabilities):
    r"""The variance :math:`\operatorname{Var} X = \sum_i (x_i - \mu)^2 P(X = x_i)`, :math:`\mu = \mathbb{E}X`.

    Two passes: the mean first, then the squared deviations. The one-pass
    :math:`\mathbb{E}[X^2] - \mu^2` subtracts two nearly equal numbers when
    :math:`|\mu| \gg \sigma` — for :math:`X \in \{10^9, 10^9 + 1\}` it loses every digit.

    Parameters
    ----------
    values, probabilities : array_like, shape (k,)
        As for :func:`expected_value`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`expected_value`.

    Hint: reuse :func:`expected_value`.
    """
    raise NotImplementedError


def entropy(pk, base=None):
    r"""The Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i` (``scipy.stats.entropy``'s signature).

    With the convention :math:`0 \log 0 = 0` (the limit of :math:`t \log t` as
    :math:`t \to 0^+`): outcomes that never happen carry no surprise.

    Parameters
    ----------
    pk : array_like, shape (k,)
        A probability vector (non-negative, summing to 1 within 1e-9); zeros allowed.
    base : float, optional
        The logarithm's base: :math:`e` (nats) by default, 2 for bits.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``pk`` is not a probability vector. (Unlike scipy, do not normalise silently.)

    Hint: :math:`0 \cdot \log 0` is ``0 * -inf = nan`` in floating point — sum over the
    positive entries only.
    """
    raise NotImplementedError


def kl_divergence(pk, qk, base=None):
    r"""The Kullback–Leibler divergence :math:`D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log(p_i / q_i) \ge 0`.

    Terms with :math:`p_i = 0` are 0 (whatever :math:`q_i`); a term with :math:`p_i > 0 = q_i`
    is :math:`+\infty` (``q`` rules out what ``p`` allows). For a tiny positive :math:`q_i`
    (:math:`10^{-320}`) the ratio :math:`p_i / q_i` overflows: take
    :math:`\log p_i - \log q_i` instead, which is finite.

    Parameters
    ----------
    pk, qk : array_like, shape (k,)
        Probability vectors; zeros allowed in either.
    base : float, optional

    Returns
    -------
    float
        0 exactly when :math:`p = q`; ``inf`` when some :math:`q_i = 0 < p_i`.

    Raises
    ------
    ValueError
        If ``pk`` or ``qk`` is not a probability vector of the same length.

    Hint: it is not symmetric; check :math:`D(p\|q) \ne D(q\|p)` on an example.
    """
    raise NotImplementedError


def mle_normal(x):
    r"""The maximum-likelihood estimates :math:`(\hat\mu, \hat\sigma)` of a normal sample.

    Maximising :math:`\sum_i \log \varphi\bigl((x_i - \mu)/\sigma\bigr) - n \log \sigma` gives

    .. math:: \hat\mu = \bar x = \frac1n \sum_i x_i, \qquad
              \hat\sigma^2 = \frac1n \sum_i (x_i - \bar x)^2

    — divided by :math:`n`, not :math:`n - 1`: the maximum-likelihood variance is the biased
    one (``np.std(x, ddof=0)``).

    Parameters
    ----------
    x : array_like, shape (n,)
        At least one number.

    Returns
    -------
    mu, sigma : float

    Raises
    ------
    ValueError
        If ``x`` is empty.

    Hint: two passes, as in :func:`variance` — the sample may be :math:`10^9` plus noise.
    """
    raise NotImplementedError
