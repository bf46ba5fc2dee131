"""Reference solutions, chapter 18 — graded by ``nox -s grade -- --solutions``."""

import numpy as np


def _probability_vector(p, name):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or p.size == 0 or not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must be a non-empty vector of non-negative numbers")
    if abs(p.sum() - 1.0) > 1e-9:
        raise ValueError(f"{name} must sum to 1, sums to {p.sum()!r}")
    return p


def _likelihood(likelihood, k):
    L = np.asarray(likelihood, dtype=float)
    if L.shape != (k,) or not np.all((L >= 0) & (L <= 1)):
        raise ValueError(f"likelihood must be {k} probabilities P(B | A_j) in [0, 1]")
    return L


def total_probability(prior, likelihood):
    r"""The law of total probability :math:`P(B) = \sum_j P(B \mid A_j)\, P(A_j)`.

    :math:`A_1, \dots, A_k` is a partition of the sample space (disjoint, covering it), so
    ``prior`` sums to 1; the likelihoods :math:`P(B \mid A_j)` need not.

    Parameters
    ----------
    prior : array_like, shape (k,)
        :math:`P(A_j)`, non-negative, summing to 1 (within 1e-9).
    likelihood : array_like, shape (k,)
        :math:`P(B \mid A_j)`, each in :math:`[0, 1]`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``prior`` is not a probability vector, or ``likelihood`` not ``k`` numbers in [0, 1].

    Hint: check the arguments first — a prior that sums to 1.1 gives a "probability" that
    can exceed 1.
    """
    p = _probability_vector(prior, "prior")
    return float(p @ _likelihood(likelihood, p.size))


def bayes_posterior(prior, likelihood):
    r"""Bayes' theorem over a partition: :math:`P(A_i \mid B) = P(B \mid A_i) P(A_i) / P(B)`.

    .. math:: P(A_i \mid B) = \frac{P(B \mid A_i)\, P(A_i)}{\sum_j P(B \mid A_j)\, P(A_j)}

    Parameters
    ----------
    prior, likelihood : array_like, shape (k,)
        As for :func:`total_probability`.

    Returns
    -------
    ndarray, shape (k,)
        Sums to 1.

    Raises
    ------
    ValueError
        For bad arguments, or when :math:`P(B) = 0` (the posterior is undefined).

    Hint: only the *ratios* of the likelihoods matter — divide them by their largest first,
    or :math:`P(B \mid A_i) P(A_i)` loses its digits for likelihoods like :math:`10^{-320}`
    (the product of many observations' likelihoods is that small).
    """
    p = _probability_vector(prior, "prior")
    L = _likelihood(likelihood, p.size)
    top = L.max()
    if top == 0 or not np.any(p * (L / top) > 0):
        raise ValueError("P(B) = 0: B is impossible under the prior, the posterior is undefined")
    joint = p * (L / top)
    return joint / joint.sum()


def diagnostic_test_posterior(prevalence, sensitivity, specificity):
    r"""The probability of being sick after a positive test, :math:`P(S \mid +)`.

    With prevalence :math:`P(S)`, sensitivity :math:`P(+ \mid S)` and specificity
    :math:`P(- \mid \bar S)`:

    .. math:: P(S \mid +) = \frac{P(+ \mid S)\,P(S)}
              {P(+ \mid S)\,P(S) + \bigl(1 - P(- \mid \bar S)\bigr)\bigl(1 - P(S)\bigr)}

    — with a prevalence of 1% and a 99% accurate test, a positive result means only a 50%
    chance of being sick.

    Parameters
    ----------
    prevalence, sensitivity, specificity : float
        Each in :math:`[0, 1]`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is outside [0, 1], or a positive test is impossible (:math:`P(+) = 0`).

    Hint: the false positives come from the healthy: :math:`P(+ \mid \bar S) = 1 - \text{specificity}`.
    """
    values = (prevalence, sensitivity, specificity)
    if not all(0.0 <= float(v) <= 1.0 for v in values):
        raise ValueError("prevalence, sensitivity and specificity must lie in [0, 1]")
    posterior = bayes_posterior([prevalence, 1.0 - prevalence], [sensitivity, 1.0 - specificity])
    return float(posterior[0])


def are_independent(joint, *, rtol=1e-9):
    r"""Whether the two variables of a joint table :math:`P(X = i, Y = j)` are independent.

    Independent means :math:`P(X = i, Y = j) = P(X = i)\,P(Y = j)` for **every** cell, with
    the marginals :math:`P(X = i) = \sum_j P_{ij}` and :math:`P(Y = j) = \sum_i P_{ij}`. In
    floating point, compare each cell with a relative tolerance:
    :math:`|P_{ij} - P(X{=}i)P(Y{=}j)| \le \text{rtol}\cdot\max(P_{ij}, P(X{=}i)P(Y{=}j))`.

    Parameters
    ----------
    joint : array_like, shape (m, n)
        Non-negative, summing to 1 (within 1e-9).
    rtol : float

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``joint`` is not a 2-D table of probabilities.

    Hint: the outer product of the marginals is one ``np.outer``; ``==`` is wrong twice over
    (rounding), and an absolute tolerance is wrong for tiny probabilities.
    """
    P = np.asarray(joint, dtype=float)
    if P.ndim != 2 or P.size == 0:
        raise ValueError("joint must be a 2-D table")
    _probability_vector(P.ravel(), "joint")
    product = np.outer(P.sum(axis=1), P.sum(axis=0))
    return bool(np.all(np.abs(P - product) <= rtol * np.maximum(P, product)))


def weighted_sample(weights, size, rng):
    r"""``size`` indices drawn with replacement, index :math:`i` with probability :math:`w_i / \sum_j w_j`.

    **Inverse transform on a finite set.** With the cumulative sums
    :math:`c_i = (w_0 + \dots + w_i)/\sum_j w_j` and :math:`u` uniform on :math:`[0, 1)`,
    index :math:`i` is the one with :math:`c_{i-1} \le u < c_i` — an interval of length
    :math:`w_i / \sum w`, empty when :math:`w_i = 0`.

    Parameters
    ----------
    weights : array_like, shape (k,)
        Non-negative, not all 0 (they need not sum to 1).
    size : int
    rng : numpy.random.Generator
        Draw the uniforms as ``u = rng.random(size)`` — one call.

    Returns
    -------
    ndarray of int, shape (size,)

    Raises
    ------
    ValueError
        If a weight is negative or not finite, or all are 0.

    Hint: ``np.searchsorted(c, u, side=...)`` — which side keeps :math:`u = c_{i-1}` out of an
    empty interval? And make the last :math:`c` exactly 1: ``np.cumsum(w / w.sum())`` can end at
    :math:`1 - 2^{-53}`, the largest :math:`u` there is.
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be non-negative finite numbers")
    c = np.cumsum(w)
    if c[-1] <= 0:
        raise ValueError("the weights are all 0")
    c = c / c[-1]  # the last one exactly 1
    return np.searchsorted(c, rng.random(size), side="right")
