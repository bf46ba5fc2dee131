"""Gaussian mixtures by expectation–maximization on the Palmer penguins, beside scikit-learn.

Run it with ``python -m projects.mixture`` (or ``nox -s project-mixture``); every import inside
is relative, so the folder also runs when copied out of the repository.
"""

from .model import GaussianMixture

__all__ = ["GaussianMixture"]
