r"""Initial centres: greedy k-means++ and uniform random seeding.

**k-means++** (Arthur & Vassilvitskii, 2007) picks the first centre at random (with
probability proportional to the sample weights), then each next one with probability
proportional to :math:`w_i D(x_i)^2`, where :math:`D(x)` is the distance from :math:`x` to
the nearest centre chosen so far. Far-away points are likely picks, so the seeds spread over
the data, and the expected inertia of the seeding alone is within :math:`O(\log k)` of the
optimum.

The *greedy* variant (the one scikit-learn uses) draws :math:`2 + \lfloor \ln k \rfloor`
candidates at each step and keeps the one that lowers the potential
:math:`\phi = \sum_i w_i D(x_i)^2` the most.

The candidates are drawn by inverse-cdf sampling,
:func:`foundations.probability.weighted_sample`; their squared distances to every point come
from the differences, feature by feature, for few features
(:func:`foundations.linalg.distances.direct_squared_distances`, exact), and from the expansion
:math:`\lVert x\rVert^2 - 2x^\top c + \lVert c\rVert^2` for many
(:func:`foundations.linalg.distances.expanded_squared_distances`: one matrix product, the
squared norms computed once per seeding or passed in once per fit, near pairs recomputed
directly).
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError
from foundations.linalg.distances import (
    direct_squared_distances,
    expanded_squared_distances,
    row_norms_squared,
)
from foundations.probability import weighted_sample
from foundations.validation import check_rng

__all__ = ["DIRECT_UP_TO", "kmeans_plusplus", "random_seeding"]

#: Up to this many features the seeding takes its distances from the differences themselves
#: (exact, and faster for few candidates); above, from the expansion (one matrix product).
DIRECT_UP_TO = 8


def kmeans_plusplus(
    X,
    n_clusters,
    *,
    sample_weight=None,
    random_state=None,
    n_local_trials=None,
    x_squared_norms=None,
):
    r"""Greedy k-means++ seeding.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    n_clusters : int
    sample_weight : ndarray, shape (n_samples,), optional
        Non-negative weights (default 1): a point of weight :math:`w` counts as :math:`w`
        copies of itself.
    random_state : None, int or numpy Generator
    n_local_trials : int, optional
        Candidates per step; default :math:`2 + \lfloor \ln k \rfloor`.
    x_squared_norms : ndarray, shape (n_samples,), optional
        :math:`\lVert x_i \rVert^2`, when the caller keeps them from seeding to seeding (the
        expansion uses them: more than :data:`DIRECT_UP_TO` features).

    Returns
    -------
    centers : ndarray, shape (n_clusters, n_features)
    indices : ndarray of int, shape (n_clusters,)
        ``X[indices] == centers``.
    """
    rng = check_rng(random_state)
    n = X.shape[0]
    unit = sample_weight is None
    trials = 2 + int(np.log(n_clusters)) if n_local_trials is None else n_local_trials
    indices = np.empty(n_clusters, dtype=np.intp)
    indices[0] = rng.integers(n) if unit else weighted_sample(sample_weight, 1, rng=rng)[0]
    if x_squared_norms is not None:
        x_sq = np.asarray(x_squared_norms, dtype=X.dtype)
        if x_sq.shape != (n,):
            raise InputError(f"x_squared_norms must have shape ({n},), got {x_sq.shape}")
    if X.shape[1] <= DIRECT_UP_TO:

        def distances_to(rows):
            return direct_squared_distances(X[rows], X)

    else:
        if x_squared_norms is None:
            x_sq = row_norms_squared(X)

        def distances_to(rows):
            return expanded_squared_distances(X[rows], X, x_sq[rows], x_sq)

    def potentials(closest):  # phi = sum_i w_i D(x_i)^2, one per row
        return closest.sum(axis=-1) if unit else closest @ sample_weight

    closest = distances_to(indices[:1])[0]  # D(x)² for every point
    potential = float(potentials(closest))
    for c in range(1, n_clusters):
        if potential > 0:
            candidates = weighted_sample(
                closest if unit else sample_weight * closest, trials, rng=rng
            )
        elif unit:  # every point sits on a centre already: any candidate is as good
            candidates = rng.integers(n, size=trials)
        else:
            candidates = weighted_sample(sample_weight, trials, rng=rng)
        # potential after adding each candidate, keep the lowest
        trial_closest = distances_to(candidates)
        np.minimum(trial_closest, closest, out=trial_closest)
        trial_potential = potentials(trial_closest)
        best = int(np.argmin(trial_potential))
        indices[c] = candidates[best]
        closest = trial_closest[best]
        potential = float(trial_potential[best])
    return X[indices].copy(), indices


def random_seeding(X, n_clusters, *, sample_weight=None, random_state=None):
    """``n_clusters`` distinct rows of ``X``, drawn with probability proportional to the weights."""
    rng = check_rng(random_state)
    w = np.ones(X.shape[0], dtype=X.dtype) if sample_weight is None else sample_weight
    indices = weighted_sample(w, n_clusters, rng=rng, replace=False)
    return X[indices].copy(), indices
