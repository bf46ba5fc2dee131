r"""Choosing the number of components (and the covariance shape) by BIC and AIC.

More components always fit the data at least as well, so the log-likelihood alone cannot choose
:math:`k`. The information criteria charge for the :math:`p` free parameters
(:func:`.covariances.n_parameters`):

.. math::
    \mathrm{BIC} = -2\log L + p\log n, \qquad \mathrm{AIC} = -2\log L + 2p,

where :math:`\log L = \sum_i \log p(x_i)` at the fitted parameters. BIC approximates
:math:`-2\log` of the model's marginal likelihood (Schwarz, 1978) and is consistent: with
enough data it picks the true :math:`k` if the model family holds. AIC estimates the expected
log-likelihood on new data (Akaike, 1974) and penalises less once :math:`\log n > 2`
(:math:`n \ge 8`), so it tends to choose more components. Lower is better for both.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from foundations.errors import InputError

from .covariances import COVARIANCE_TYPES, n_parameters
from .model import GaussianMixture

__all__ = ["Criteria", "information_criteria"]


@dataclass(frozen=True)
class Criteria:
    """BIC and AIC for every covariance type (rows, in ``types`` order) and every ``k``.

    A fit that failed (a collapsed covariance) has ``nan``; ``failures`` names them, and
    ``unconverged`` the fits whose best run hit ``max_iter`` before the gain fell below ``tol``.
    """

    ks: list[int]
    types: list[str]
    bic: np.ndarray
    aic: np.ndarray
    log_likelihood: np.ndarray
    n_params: np.ndarray
    failures: list[str]
    unconverged: list[str]

    def best(self, criterion: str = "bic", covariance_type: str | None = None) -> tuple[str, int]:
        """The (type, k) with the lowest criterion, over all types or within one."""
        table = self.bic if criterion == "bic" else self.aic
        rows = [self.types.index(covariance_type)] if covariance_type else range(len(self.types))
        best = min(
            ((table[r, c], r, c) for r in rows for c in range(len(self.ks))),
            key=lambda t: np.inf if np.isnan(t[0]) else t[0],
        )
        if np.isnan(best[0]):
            raise InputError("every fit of the k range failed; try a larger reg_covar")
        return self.types[best[1]], self.ks[best[2]]


def information_criteria(
    X: np.ndarray,
    ks: list[int],
    *,
    types=COVARIANCE_TYPES,
    n_init: int = 5,
    init_params: str = "kmeans",
    reg_covar: float = 1e-6,
    tol: float = 1e-3,
    max_iter: int = 100,
    seed: int = 0,
) -> Criteria:
    """Fit every (covariance type, k) with ``n_init`` starts and score it."""
    n, d = X.shape
    shape = (len(types), len(ks))
    bic, aic, ll = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    params = np.zeros(shape, dtype=int)
    failures, unconverged = [], []
    for r, ct in enumerate(types):
        for c, k in enumerate(ks):
            params[r, c] = n_parameters(k, d, ct)
            model = GaussianMixture(
                k,
                covariance_type=ct,
                n_init=n_init,
                init_params=init_params,
                reg_covar=reg_covar,
                tol=tol,
                max_iter=max_iter,
                random_state=seed,
            )
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)  # recorded below
                    model.fit(X)
            except InputError:
                failures.append(f"{ct}, k = {k}")
                continue
            if not model.converged_:
                unconverged.append(f"{ct}, k = {k}")
            ll[r, c] = model.score(X) * n
            bic[r, c] = model.bic(X)
            aic[r, c] = model.aic(X)
    return Criteria(list(ks), list(types), bic, aic, ll, params, failures, unconverged)
