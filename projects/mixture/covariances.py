r"""The four shapes of a component's covariance, and the Cholesky factors the densities use.

A Gaussian component :math:`\mathcal N(\mu_j, \Sigma_j)` in :math:`\mathbb R^d` is evaluated
through an upper-triangular :math:`U_j` with :math:`\Sigma_j^{-1} = U_j U_j^\top` (scikit-learn's
``precisions_cholesky_``). With the Cholesky factor :math:`\Sigma_j = L_j L_j^\top`
(:func:`foundations.linalg.cholesky`), :math:`U_j = L_j^{-\top}` is one triangular solve
:math:`L_j X = I` (:func:`foundations.linalg.solve_triangular`), and then

.. math::
    (x-\mu_j)^\top \Sigma_j^{-1} (x-\mu_j) = \lVert (x-\mu_j)^\top U_j \rVert^2, \qquad
    -\tfrac12 \log\det\Sigma_j = \sum_i \log (U_j)_{ii},

so no inverse and no determinant is ever formed.

========== ========================== ========================= ==========================
type       covariance                 stored shape              free covariance parameters
========== ========================== ========================= ==========================
full       :math:`\Sigma_j`           ``(k, d, d)``             :math:`k\,d(d+1)/2`
tied       :math:`\Sigma` (shared)    ``(d, d)``                :math:`d(d+1)/2`
diag       :math:`\mathrm{diag}(s_j)` ``(k, d)``                :math:`k\,d`
spherical  :math:`\sigma_j^2 I`       ``(k,)``                  :math:`k`
========== ========================== ========================= ==========================

For ``diag`` and ``spherical`` the "Cholesky factor" is the vector (or number)
:math:`1/\sqrt{s}` itself.
"""

from __future__ import annotations

import numpy as np

from foundations.errors import InputError
from foundations.linalg import cholesky, solve_triangular

__all__ = [
    "COVARIANCE_TYPES",
    "ILL_DEFINED",
    "covariances_from_cholesky",
    "dense_covariances",
    "log_det_cholesky",
    "n_parameters",
    "precision_cholesky",
    "precision_cholesky_from_precisions",
    "precisions_from_cholesky",
    "precisions_shape",
    "rescale",
]

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")

#: The message when a covariance is not positive definite (scikit-learn's wording).
ILL_DEFINED = (
    "Fitting the mixture model failed because some components have ill-defined empirical "
    "covariance (for instance caused by singleton or collapsed samples). Try to decrease the "
    "number of components, increase reg_covar, or scale the input data."
)


def precisions_shape(covariance_type: str, k: int, d: int) -> tuple[int, ...]:
    """The array shape of one covariance type's parameters (see the module table)."""
    return {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[covariance_type]


def _upper_inverse_transpose(cov: np.ndarray) -> np.ndarray:
    """:math:`U = L^{-\\top}` for :math:`\\Sigma = LL^\\top`, or InputError if not SPD."""
    try:
        L = cholesky(cov)
        return solve_triangular(L, np.eye(cov.shape[0]), lower=True).T
    except (np.linalg.LinAlgError, InputError):
        raise InputError(ILL_DEFINED) from None


def precision_cholesky(covariances: np.ndarray, covariance_type: str) -> np.ndarray:
    r"""Upper-triangular :math:`U_j = L_j^{-\top}` (``precisions_cholesky_``) from covariances.

    Raises
    ------
    InputError
        A covariance that is not positive definite (scikit-learn's message).
    """
    if covariance_type == "full":
        return np.stack([_upper_inverse_transpose(c) for c in covariances])
    if covariance_type == "tied":
        return _upper_inverse_transpose(covariances)
    if not np.all(covariances > 0):  # also catches NaN
        raise InputError(ILL_DEFINED)
    return 1.0 / np.sqrt(covariances)


def _flip(A: np.ndarray) -> np.ndarray:
    return A[::-1, ::-1]


def precision_cholesky_from_precisions(precisions: np.ndarray, covariance_type: str) -> np.ndarray:
    r"""Upper-triangular :math:`U` with :math:`P = UU^\top`, from precisions :math:`P`.

    With the exchange matrix :math:`J` (ones on the anti-diagonal), :math:`JPJ = LL^\top` is a
    lower Cholesky factorization and :math:`U = JLJ` is upper triangular with
    :math:`UU^\top = JLJJL^\top J = P`.
    """

    def one(P):
        try:
            return _flip(cholesky(_flip(P)))
        except (np.linalg.LinAlgError, InputError):
            raise InputError(
                f"'{covariance_type} precision' should be symmetric, positive-definite"
            ) from None

    if covariance_type == "full":
        return np.stack([one(P) for P in precisions])
    if covariance_type == "tied":
        return one(precisions)
    return np.sqrt(precisions)


def precisions_from_cholesky(prec_chol: np.ndarray, covariance_type: str) -> np.ndarray:
    r"""The precisions :math:`P_j = U_j U_j^\top` (``precisions_``)."""
    if covariance_type == "full":
        return prec_chol @ np.swapaxes(prec_chol, 1, 2)
    if covariance_type == "tied":
        return prec_chol @ prec_chol.T
    return prec_chol**2


def covariances_from_cholesky(prec_chol: np.ndarray, covariance_type: str) -> np.ndarray:
    r"""The covariances :math:`\Sigma_j = (U_jU_j^\top)^{-1} = U_j^{-\top} U_j^{-1}`."""

    def one(U):
        V = solve_triangular(U, np.eye(U.shape[0]), lower=False)  # U^{-1}
        return V.T @ V

    if covariance_type == "full":
        return np.stack([one(U) for U in prec_chol])
    if covariance_type == "tied":
        return one(prec_chol)
    return 1.0 / prec_chol**2


def log_det_cholesky(prec_chol: np.ndarray, covariance_type: str, d: int) -> np.ndarray:
    r""":math:`\log\det U_j = -\tfrac12\log\det\Sigma_j` for every component, shape ``(k,)``
    (one number for ``tied``)."""
    if covariance_type == "full":
        return np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)
    if covariance_type == "tied":
        return np.sum(np.log(np.diag(prec_chol)))
    if covariance_type == "diag":
        return np.sum(np.log(prec_chol), axis=1)
    return d * np.log(prec_chol)


def n_parameters(k: int, d: int, covariance_type: str) -> int:
    r"""Free parameters of a mixture: :math:`(k-1)` weights, :math:`kd` means, the covariances."""
    cov = {
        "full": k * d * (d + 1) // 2,
        "tied": d * (d + 1) // 2,
        "diag": k * d,
        "spherical": k,
    }[covariance_type]
    return cov + k * d + k - 1


def dense_covariances(covariances: np.ndarray, covariance_type: str, k: int, d: int) -> np.ndarray:
    """Every component's covariance as a ``(k, d, d)`` matrix (for plots and sampling)."""
    covariances = np.asarray(covariances)
    if covariance_type == "full":
        return covariances.copy()
    if covariance_type == "tied":
        return np.broadcast_to(covariances, (k, d, d)).copy()
    diag = covariances if covariance_type == "diag" else np.repeat(covariances[:, None], d, 1)
    return diag[:, :, None] * np.eye(d)


def rescale(covariances, prec_chol, covariance_type: str, scale: float):
    r"""Covariances and precision factors in units ``scale`` times larger.

    If :math:`x = s\,x'`, then :math:`\Sigma = s^2 \Sigma'` and :math:`U = U'/s` for every
    covariance type; with :math:`s` a power of two both are exact.
    """
    del covariance_type  # the same rule for all four shapes
    cov = None if covariances is None else covariances * scale**2
    return cov, prec_chol / scale
