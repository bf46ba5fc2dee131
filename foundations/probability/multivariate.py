r"""The multivariate normal distribution, sampled through a Cholesky factor (chapter 19).

:math:`X \sim \mathcal{N}(\mu, \Sigma)` in :math:`\mathbb{R}^d` has density

.. math:: f(x) = (2\pi)^{-d/2} \det(\Sigma)^{-1/2}
          \exp\!\big(-\tfrac12 (x-\mu)^\top \Sigma^{-1} (x-\mu)\big).

With the Cholesky factorization :math:`\Sigma = LL^\top` (chapter 7):

* **sampling**: if :math:`Z \sim \mathcal{N}(0, I)` then :math:`X = \mu + LZ` has covariance
  :math:`L\,\mathbb{E}[ZZ^\top]L^\top = LL^\top = \Sigma`; standard normals come from Box–Muller;
* **density**: :math:`(x-\mu)^\top\Sigma^{-1}(x-\mu) = \lVert L^{-1}(x-\mu)\rVert^2` is one
  forward substitution, and :math:`\log\det\Sigma = 2\sum_i \log L_{ii}`.

No inverse, no determinant of :math:`\Sigma` is ever formed.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..linalg import cholesky, solve_triangular
from ..validation import as_float_array, as_matrix, as_vector
from .sampling import _as_shape, box_muller

__all__ = ["MultivariateNormal"]


class MultivariateNormal:
    r"""The Gaussian :math:`\mathcal{N}(\mu, \Sigma)` on :math:`\mathbb{R}^d` (``scipy.stats.multivariate_normal``).

    Parameters
    ----------
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d)
        Symmetric positive definite. A covariance with a negative variance, or otherwise not
        positive definite, raises :class:`~foundations.errors.LinAlgError`.

    Attributes
    ----------
    mean : ndarray, shape (d,)
    cov : ndarray, shape (d, d)
    cholesky_factor : ndarray, shape (d, d)
        Lower-triangular :math:`L` with :math:`\Sigma = LL^\top`.
    """

    def __init__(self, mean, cov):
        self.mean = as_vector(mean, "mean").copy()
        cov = as_matrix(cov, "cov", square=True)
        d = self.mean.shape[0]
        if cov.shape != (d, d):
            raise InputError(f"mean has {d} entries but cov has shape {cov.shape}")
        if np.any(np.diag(cov) < 0):
            j = int(np.argmin(np.diag(cov)))
            raise LinAlgError(
                f"cov is not positive definite: variance {j} is negative ({cov[j, j]:g})"
            )
        self.cov = cov.copy()
        try:
            self.cholesky_factor = cholesky(self.cov)
        except np.linalg.LinAlgError as exc:
            raise LinAlgError(f"cov must be symmetric positive definite ({exc})") from None
        self.dim = d

    def rvs(self, size=None, rng=None) -> np.ndarray:
        r"""Samples :math:`\mu + LZ` with :math:`Z` Box–Muller standard normals.

        Returns
        -------
        ndarray, shape ``(*size, d)`` (``(d,)`` when ``size`` is None)
        """
        shape = () if size is None else _as_shape(size)
        count = int(np.prod(shape))
        Z = np.asarray(box_muller((count, self.dim), rng=rng))
        X = self.mean + Z @ self.cholesky_factor.T  # each row: mu + L z
        return X.reshape((*shape, self.dim))

    def _mahalanobis_sq(self, x: np.ndarray) -> np.ndarray:
        centred = x.reshape(-1, self.dim) - self.mean
        W = solve_triangular(self.cholesky_factor, centred.T, lower=True)  # L w = x - mu
        return np.einsum("ij,ij->j", W, W).reshape(x.shape[:-1])

    def logpdf(self, x):
        r""":math:`\log f(x) = -\tfrac12\big(d\log 2\pi + \log\det\Sigma + \lVert L^{-1}(x-\mu)\rVert^2\big)`.

        Parameters
        ----------
        x : array_like, shape (..., d)
        """
        x = as_float_array(x, "x")
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise InputError(f"x must have a last axis of length {self.dim}, got shape {x.shape}")
        log_det = 2.0 * np.sum(np.log(np.diag(self.cholesky_factor)))
        out = -0.5 * (self.dim * np.log(2 * np.pi) + log_det + self._mahalanobis_sq(x))
        return out.item() if out.ndim == 0 else out

    def pdf(self, x):
        """The density :math:`f(x)`, the exponential of :meth:`logpdf`."""
        out = np.exp(np.asarray(self.logpdf(x)))
        return out.item() if out.ndim == 0 else out

    def __repr__(self) -> str:
        return f"MultivariateNormal(mean={self.mean.tolist()}, cov={self.cov.tolist()})"
