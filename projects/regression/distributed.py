r"""Least squares and ridge over row chunks (``--engine dask``): the same solvers, fed by sums.

The in-memory fit (:func:`.solvers.least_squares`) needs of the design only the centred Gram
matrices :math:`G = \tilde X^T\tilde X`, :math:`B = \tilde X^T\tilde y`, and — for the one step
of refinement of the pivoted Cholesky — the gradient :math:`\tilde X^T(\tilde y - \tilde Xw)`.
All three are sums over rows, so here each chunk contributes its
:func:`~foundations.linalg.chunked.gram_statistics` (merged stably) and its share of the
gradient, and the *same* solvers of :mod:`.solvers` and :mod:`.direct` finish in memory:
pivoted Cholesky for least squares (rank revealing, minimum-norm on a collinear design),
bordered Cholesky for ridge. The QR and SVD fallbacks need the design itself and are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from foundations.errors import LinAlgError
from foundations.linalg.chunked import LocalChunks, gram_statistics

from .direct import solve_cholesky
from .gram import constant_columns
from .solvers import solve_normal_pivoted

__all__ = ["ChunkedFit", "fit_chunks", "predict_chunk"]


@dataclass(frozen=True)
class ChunkedFit:
    """Coefficients ``coef`` (p,), ``intercept``, the ``solver`` used and the ``rows`` fitted."""

    coef: np.ndarray
    intercept: float
    solver: str
    rows: int


def _gradient_part(X, y, *, W, x_offset, y_offset):
    """One chunk's :math:`[X_c^TE_c;\\ \\mathbf 1^TE_c]`, :math:`E_c = (y_c - \\nu) - (X_c - \\mu)W`."""
    E = (y.reshape(-1, 1) - y_offset) - (X @ W - x_offset @ W)
    return np.vstack([X.T @ E, E.sum(axis=0, keepdims=True)])


def predict_chunk(X, *, coef, intercept):
    """:math:`\\hat y = Xw + b` for one chunk."""
    return X @ coef + intercept


def fit_chunks(x_chunks, y_chunks, alpha: float = 0.0, *, engine=None, tol: float = 1e-6):
    r"""Fit :math:`\min_{w,b}\sum_i (y_i - x_i^Tw - b)^2 + \alpha\lVert w\rVert^2` over chunks.

    Parameters
    ----------
    x_chunks, y_chunks : sequences of (m_c, p) and (m_c,) arrays, or an engine's handles
    alpha : float
    engine : optional
        :class:`~foundations.linalg.chunked.LocalChunks` by default, or
        :class:`toolkit.distributed.DaskEngine`.
    tol : float
        The rank tolerance of the pivoted Cholesky (``LinearRegression``'s ``tol``).

    Raises
    ------
    LinAlgError
        The normal equations are too ill conditioned for Cholesky (the in-memory path would fall
        back to QR or the SVD of the design, which the chunked path does not do).
    """
    engine = LocalChunks() if engine is None else engine
    stats = engine.total(engine.map(gram_statistics, x_chunks, y_chunks))
    x_offset, y_offset, G, B = stats.normal_equations(fit_intercept=True)
    p = G.shape[0]
    active = ~constant_columns(G, x_offset, stats.weight)
    coef = np.zeros((p, 1))
    if active.any():
        G_a, B_a = G[np.ix_(active, active)], B[active]
        if alpha == 0:

            def gradient(W):
                full = np.zeros((p, W.shape[1]))
                full[active] = W
                parts = engine.map(
                    _gradient_part, x_chunks, y_chunks, W=full, x_offset=x_offset,
                    y_offset=y_offset,
                )  # fmt: skip
                g = engine.total(parts)
                return (g[:-1] - np.outer(x_offset, g[-1]))[active]

            fit, condition = solve_normal_pivoted(G_a, B_a, tol, gradient, wide=stats.rows <= p)
            if fit is None:
                raise LinAlgError(
                    f"the normal equations are too ill conditioned for the chunked solver "
                    f"(condition about {condition:.1e}); fit in memory (--engine numpy)"
                )
        else:
            fit = solve_cholesky(G_a, B_a, alpha)
        coef[active] = fit.coef
        solver = fit.solver
    else:
        solver = "none (every column is constant)"
    intercept = float(y_offset[0] - x_offset @ coef[:, 0])
    return ChunkedFit(coef[:, 0], intercept, solver, stats.rows)
