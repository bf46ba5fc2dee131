r"""What is probability? Finite probability spaces, events, conditioning, Bayes (chapter 18).

A finite probability space is a set of outcomes :math:`\Omega = \{\omega_1, \dots, \omega_m\}`
with probabilities :math:`p_i \ge 0`, :math:`\sum_i p_i = 1`. An *event* is a subset
:math:`A \subseteq \Omega` and :math:`P(A) = \sum_{\omega_i \in A} p_i`; unions,
intersections and complements of events are those of sets. Conditioning on an event
:math:`B` with :math:`P(B) > 0` restricts the space to :math:`B` and renormalises:

.. math:: P(A \mid B) = \frac{P(A \cap B)}{P(B)}.

Two events are independent when :math:`P(A \cap B) = P(A)\,P(B)`. With a partition
:math:`A_1, \dots, A_k` of :math:`\Omega` (the hypotheses), the law of total probability and
Bayes' theorem read

.. math:: P(B) = \sum_j P(B \mid A_j) P(A_j), \qquad
          P(A_i \mid B) = \frac{P(B \mid A_i) P(A_i)}{\sum_j P(B \mid A_j) P(A_j)}.

Everything here is computed exactly and can be set beside a simulation: drawing outcomes
with :func:`~foundations.probability.weighted_sample` and counting frequencies.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_vector, check_rng
from .sampling import weighted_sample

__all__ = [
    "SUM_TOLERANCE",
    "DiagnosticSimulation",
    "FiniteProbabilitySpace",
    "bayes_posterior",
    "check_probability_vector",
    "diagnostic_test_posterior",
    "simulate_diagnostic_test",
    "sum_tolerance",
    "total_probability",
]

SUM_TOLERANCE = 1e-9  # the former absolute float64 tolerance, kept for code importing it
_ROUNDOFF_PER_ENTRY = 4.0


def sum_tolerance(dtype, n: int) -> float:
    r"""How far from 1 the sum of ``n`` probabilities of ``dtype`` may be: rounding, not error.

    :math:`\min(4 n \varepsilon, \sqrt\varepsilon)` with :math:`\varepsilon` the machine
    epsilon of ``dtype`` (float64 for integer input): each entry of a normalised vector
    carries a relative rounding error of a few :math:`\varepsilon`, and a sum of ``n`` of
    them up to :math:`n` times that. So a float32 softmax output (sum off by about
    :math:`10^{-7}`) passes, while a float64 vector must sum to 1 within about
    :math:`10^{-15} n`. (The former fixed tolerance, :data:`SUM_TOLERANCE` = 1e-9, refused
    float32 softmax outputs; it is no longer used.)
    """
    eps = float(np.finfo(dtype if np.issubdtype(dtype, np.floating) else np.float64).eps)
    return min(_ROUNDOFF_PER_ENTRY * max(n, 1) * eps, float(np.sqrt(eps)))


def check_probability_vector(p, name: str = "p") -> np.ndarray:
    r"""Return ``p`` as a 1-D float array with :math:`p_i \ge 0` and :math:`\sum p_i = 1`.

    The sum (accumulated in float64) may be off by :func:`sum_tolerance` of the input's
    dtype — rounding; anything more is an :class:`~foundations.errors.InputError` naming
    the sum. float32 input stays float32.
    """
    p = as_vector(p, name)
    if np.any(p < 0):
        raise InputError(f"{name} must be non-negative, got a minimum of {p.min():g}")
    total = float(np.sum(p, dtype=np.float64))
    if abs(total - 1.0) > sum_tolerance(p.dtype, p.shape[0]):
        raise InputError(f"{name} must sum to 1, got a sum of {total!r}")
    return p


class FiniteProbabilitySpace:
    r"""A finite set of outcomes with their probabilities; events are sets of outcomes.

    Parameters
    ----------
    outcomes : iterable of hashable
        Distinct outcomes :math:`\omega_1, \dots, \omega_m` (numbers, strings, tuples...).
    probabilities : array_like, shape (m,), optional
        :math:`p_i \ge 0` summing to 1; uniform (:math:`1/m` each, "classical probability")
        when omitted.

    Examples
    --------
    Two fair dice, the event "the sum is 7" and its probability:

    >>> dice = FiniteProbabilitySpace([(a, b) for a in range(1, 7) for b in range(1, 7)])
    >>> seven = dice.event(lambda w: w[0] + w[1] == 7)
    >>> round(dice.probability(seven), 12)
    0.166666666667
    """

    def __init__(self, outcomes: Iterable[Hashable], probabilities=None):
        try:
            self.outcomes = tuple(outcomes)
        except TypeError:
            raise InputError(
                f"outcomes must be an iterable, got {type(outcomes).__name__}"
            ) from None
        if not self.outcomes:
            raise InputError("a probability space needs at least one outcome")
        try:
            self._index = {w: i for i, w in enumerate(self.outcomes)}
        except TypeError:
            raise InputError(
                "outcomes must be hashable (numbers, strings, tuples), not lists or arrays"
            ) from None
        if len(self._index) != len(self.outcomes):
            raise InputError("outcomes must be distinct")
        m = len(self.outcomes)
        if probabilities is None:
            self.probabilities = np.full(m, 1.0 / m)
        else:
            p = check_probability_vector(probabilities, "probabilities")
            if p.shape[0] != m:
                raise InputError(f"got {m} outcomes but {p.shape[0]} probabilities")
            self.probabilities = p.copy()

    @property
    def omega(self) -> frozenset:
        r"""The sure event :math:`\Omega`."""
        return frozenset(self.outcomes)

    def event(self, predicate: Callable[[Hashable], bool]) -> frozenset:
        r"""The event :math:`\{\omega \in \Omega : \text{predicate}(\omega)\}`."""
        return frozenset(w for w in self.outcomes if predicate(w))

    def complement(self, event) -> frozenset:
        r"""The event :math:`\Omega \setminus A`."""
        return self.omega - self._as_event(event)

    def _as_event(self, event) -> frozenset:
        if callable(event):
            return self.event(event)
        try:
            event = frozenset(event)
        except TypeError:
            raise InputError(
                f"an event must be a set of outcomes or a predicate, got {type(event).__name__}"
            ) from None
        unknown = event - self.omega
        if unknown:
            raise InputError(
                f"the event contains outcomes not in the space: {sorted(map(repr, unknown))[:5]}"
            )
        return event

    def _mask(self, event) -> np.ndarray:
        event = self._as_event(event)
        mask = np.zeros(len(self.outcomes), dtype=bool)
        mask[[self._index[w] for w in event]] = True
        return mask

    def probability(self, event) -> float:
        r""":math:`P(A) = \sum_{\omega_i \in A} p_i` for a set of outcomes or a predicate."""
        return float(self.probabilities[self._mask(event)].sum())

    def conditional_probability(self, event, given) -> float:
        r""":math:`P(A \mid B) = P(A \cap B) / P(B)`; an error if :math:`P(B) = 0`."""
        b = self._mask(given)
        p_b = self.probabilities[b].sum()
        if p_b == 0:
            raise InputError("cannot condition on an event of probability zero")
        return float(self.probabilities[b & self._mask(event)].sum() / p_b)

    def conditional_space(self, given) -> FiniteProbabilitySpace:
        r"""The space :math:`B` with probabilities :math:`p_i / P(B)`: "given that B happened"."""
        b = self._mask(given)
        p_b = self.probabilities[b].sum()
        if p_b == 0:
            raise InputError("cannot condition on an event of probability zero")
        kept = [w for w, keep in zip(self.outcomes, b, strict=True) if keep]
        return FiniteProbabilitySpace(kept, self.probabilities[b] / p_b)

    def are_independent(self, a, b, *, atol: float = 1e-12) -> bool:
        r"""Whether :math:`|P(A \cap B) - P(A)P(B)| \le` ``atol``."""
        if not (isinstance(atol, (int, float, np.floating)) and atol >= 0):
            raise InputError(f"atol must be a non-negative number, got {atol!r}")
        ma, mb = self._mask(a), self._mask(b)
        p = self.probabilities
        return bool(abs(p[ma & mb].sum() - p[ma].sum() * p[mb].sum()) <= atol)

    def sample(self, size: int, rng=None) -> list:
        """Draw ``size`` independent outcomes (inverse-cdf sampling of their indices)."""
        idx = weighted_sample(self.probabilities, size, rng=rng)
        return [self.outcomes[i] for i in idx]

    def estimate_probability(self, event, n_samples: int, rng=None) -> float:
        r"""The frequency of ``event`` in ``n_samples`` draws: a Monte Carlo estimate of :math:`P(A)`.

        Its standard error is :math:`\sqrt{P(A)(1-P(A))/n}` (the law of large numbers in
        chapter 20 says it converges to :math:`P(A)`).
        """
        if (
            isinstance(n_samples, (bool, np.bool_))
            or not isinstance(n_samples, (int, np.integer))
            or n_samples < 1
        ):
            raise InputError(f"n_samples must be a positive integer, got {n_samples!r}")
        idx = weighted_sample(self.probabilities, n_samples, rng=rng)
        return float(self._mask(event)[idx].mean())

    @classmethod
    def product(cls, *spaces: FiniteProbabilitySpace) -> FiniteProbabilitySpace:
        r"""Independent repetition: outcomes are tuples, :math:`P(\omega_1, \omega_2, \dots) = \prod_j P_j(\omega_j)`."""
        if not spaces:
            raise InputError("product needs at least one space")
        if not all(isinstance(space, FiniteProbabilitySpace) for space in spaces):
            raise InputError("product takes FiniteProbabilitySpace arguments only")
        outcomes = [()]
        probs = np.ones(1)
        for space in spaces:
            outcomes = [(*w, v) for w in outcomes for v in space.outcomes]
            probs = np.outer(probs, space.probabilities).ravel()
        return cls(outcomes, probs)


def total_probability(prior, likelihood) -> float:
    r"""The law of total probability :math:`P(B) = \sum_j P(B \mid A_j) P(A_j)`.

    Parameters
    ----------
    prior : array_like, shape (k,)
        :math:`P(A_j)` for a partition :math:`A_1, \dots, A_k` (sums to 1).
    likelihood : array_like, shape (k,)
        :math:`P(B \mid A_j)`, each in :math:`[0, 1]`.
    """
    prior, likelihood = _check_prior_likelihood(prior, likelihood)
    return float(prior @ likelihood)


def bayes_posterior(prior, likelihood) -> np.ndarray:
    r"""Bayes' theorem over a partition: :math:`P(A_i \mid B) = P(B \mid A_i) P(A_i) / P(B)`.

    Parameters
    ----------
    prior : array_like, shape (k,)
        :math:`P(A_j)`, summing to 1.
    likelihood : array_like, shape (k,)
        :math:`P(B \mid A_j) \in [0, 1]` (these need not sum to 1).

    Returns
    -------
    posterior : ndarray, shape (k,)
        Sums to 1.
    """
    prior, likelihood = _check_prior_likelihood(prior, likelihood)
    joint = prior * likelihood
    evidence = joint.sum()
    if evidence == 0:
        raise InputError("the evidence B has probability zero under every hypothesis")
    return joint / evidence


def _check_prior_likelihood(prior, likelihood):
    prior = check_probability_vector(prior, "prior")
    likelihood = as_vector(likelihood, "likelihood")
    if likelihood.shape != prior.shape:
        raise InputError(
            f"prior has {prior.shape[0]} entries but likelihood has {likelihood.shape[0]}"
        )
    if np.any((likelihood < 0) | (likelihood > 1)):
        raise InputError("likelihood values P(B | A_j) must lie in [0, 1]")
    return prior, likelihood


def _unit_interval(x, name: str) -> np.ndarray:
    x = as_float_array(x, name)
    if np.any((x < 0) | (x > 1)):
        raise InputError(f"{name} must lie in [0, 1]")
    return x


def diagnostic_test_posterior(prevalence, sensitivity, specificity):
    r"""The probability of disease given a positive test, :math:`P(D \mid +)`.

    With prevalence :math:`P(D)`, sensitivity :math:`P(+ \mid D)` and specificity
    :math:`P(- \mid \bar D)`, Bayes' theorem gives

    .. math:: P(D \mid +) = \frac{P(+\mid D)P(D)}{P(+\mid D)P(D) + (1 - P(-\mid\bar D))(1 - P(D))}.

    A rare disease and a good test still give a small posterior: most positives are false
    positives from the large healthy population. Arguments broadcast (e.g. an array of
    prevalences).
    """
    prev = _unit_interval(prevalence, "prevalence")
    sens = _unit_interval(sensitivity, "sensitivity")
    spec = _unit_interval(specificity, "specificity")
    try:
        prev, sens, spec = np.broadcast_arrays(prev, sens, spec)
    except ValueError:
        raise InputError(
            "prevalence, sensitivity and specificity cannot be broadcast together: "
            f"shapes {np.shape(prev)}, {np.shape(sens)}, {np.shape(spec)}"
        ) from None
    true_pos = sens * prev
    false_pos = (1.0 - spec) * (1.0 - prev)
    positive = true_pos + false_pos
    if np.any(positive == 0):
        raise InputError("a positive test has probability zero for these parameters")
    out = true_pos / positive
    return out.item() if out.ndim == 0 else out


@dataclass(frozen=True)
class DiagnosticSimulation:
    """Counts from a simulated screening and the resulting estimate of P(disease | positive)."""

    n_people: int
    n_sick: int
    n_positive: int
    n_sick_and_positive: int

    @property
    def posterior_estimate(self) -> float:
        """The fraction of positives who are sick (NaN when no one tested positive)."""
        return self.n_sick_and_positive / self.n_positive if self.n_positive else float("nan")


def simulate_diagnostic_test(
    prevalence: float, sensitivity: float, specificity: float, n_people: int, rng=None
) -> DiagnosticSimulation:
    r"""Screen ``n_people`` simulated people and count: the frequency behind :math:`P(D \mid +)`.

    Each person is sick with probability ``prevalence``; a sick person tests positive with
    probability ``sensitivity``, a healthy one with probability ``1 - specificity``. Among
    the positives, the fraction who are sick estimates :func:`diagnostic_test_posterior`.
    """
    for value, name in (
        (prevalence, "prevalence"),
        (sensitivity, "sensitivity"),
        (specificity, "specificity"),
    ):
        if np.ndim(value) != 0:
            raise InputError(f"{name} must be a single number here")
        _unit_interval(value, name)
    if isinstance(n_people, bool) or not isinstance(n_people, (int, np.integer)) or n_people < 1:
        raise InputError(f"n_people must be a positive integer, got {n_people!r}")
    rng = check_rng(rng)
    sick = rng.random(n_people) < prevalence
    u = rng.random(n_people)
    positive = np.where(sick, u < sensitivity, u < 1.0 - specificity)
    return DiagnosticSimulation(
        n_people=int(n_people),
        n_sick=int(sick.sum()),
        n_positive=int(positive.sum()),
        n_sick_and_positive=int((sick & positive).sum()),
    )
