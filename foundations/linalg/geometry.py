r"""Geometric structure: norms, distances, inner products (chapter 2).

Distances between many points at once use the expansion

.. math:: \lVert x - y \rVert^2 = \lVert x \rVert^2 - 2\,x^\top y + \lVert y \rVert^2,

so the whole ``(n, m)`` table of squared distances is two row norms and one matrix product.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_float_array
from ..errors import InputError


def pairwise_squared_distances(X, Y=None) -> np.ndarray:
    r"""Squared Euclidean distances between the rows of ``X`` and the rows of ``Y``.

    .. math:: D_{ij} = \lVert x_i \rVert^2 - 2\, x_i^\top y_j + \lVert y_j \rVert^2

    computed with one matrix product, and clipped at 0 (rounding can make the expansion
    slightly negative for nearly equal points).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    Y : array_like, shape (m_samples, n_features), optional
        Defaults to ``X``.

    Returns
    -------
    D : ndarray, shape (n_samples, m_samples)
    """
    X = as_float_array(X, "X", ndim=2)
    Y = X if Y is None else as_float_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise InputError(
            f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}"
        )
    x_sq = np.einsum("ij,ij->i", X, X)
    y_sq = x_sq if Y is X else np.einsum("ij,ij->i", Y, Y)
    D = X @ Y.T
    D *= -2.0
    D += x_sq[:, None]
    D += y_sq[None, :]
    np.maximum(D, 0.0, out=D)
    if Y is X:
        np.fill_diagonal(D, 0.0)
    return D
