r"""Centring, weighting and the Gram matrix of a least-squares problem.

With an intercept, fitting :math:`y \approx Xw + b` by (weighted) least squares is the same as
fitting centred data without one: subtract the (weighted) means :math:`\mu = \bar x`,
:math:`\nu = \bar y`, solve for

.. math::
    \tilde X = S^{1/2}(X - \mathbf 1\mu^T),\qquad \tilde y = S^{1/2}(y - \nu)

(:math:`S` the diagonal of sample weights) and set :math:`b = \nu - \mu^T w`. The normal
equations need :math:`G = \tilde X^T\tilde X` and :math:`\tilde X^T\tilde y`, which
:func:`gram_blocked` accumulates without ever forming :math:`\tilde X`.
"""

from __future__ import annotations

import numpy as np

from toolkit.parallel import map_row_blocks, row_blocks

__all__ = [
    "MAX_CANCELLATION",
    "ROW_BLOCK",
    "centred_design",
    "constant_columns",
    "gram_blocked",
    "gram_uncentred",
    "normal_equations",
    "target_sum_of_squares",
    "weighted_means",
]

#: Rows per block when accumulating the Gram matrix: a block of 2,048 rows of 100 float64
#: features is 1.6 MB, small enough to stay in cache while it is centred and multiplied.
ROW_BLOCK = 2048


#: Largest :math:`(X^TX)_{jj} / G_{jj} = 1 + n\mu_j^2/\lVert\tilde x_j\rVert^2` for which
#: :func:`gram_uncentred` is trusted: its rounding errors grow by at most this factor.
MAX_CANCELLATION = 4.0


def weighted_means(X: np.ndarray, Y: np.ndarray, sample_weight: np.ndarray | None):
    r"""The (weighted) column means :math:`\mu = \sum_i s_i x_i / \sum_i s_i` of ``X`` and ``Y``."""
    if sample_weight is None:
        return X.mean(axis=0), Y.mean(axis=0)
    total = sample_weight.sum()
    return (sample_weight @ X) / total, (sample_weight @ Y) / total


def gram_blocked(
    X: np.ndarray,
    Y: np.ndarray,
    x_offset: np.ndarray,
    y_offset: np.ndarray,
    sqrt_weight: np.ndarray | None = None,
    block: int = ROW_BLOCK,
    min_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The normal-equation matrices :math:`\tilde X^T\tilde X` and :math:`\tilde X^T\tilde Y`.

    Accumulated over blocks of ``block`` rows, :math:`G = \sum_b \tilde X_b^T \tilde X_b`, so
    the centred copy of ``X`` is never formed: each block is centred (and weighted) while it is
    in cache and multiplied at once. ``Xb.T @ Xb`` of one array is recognised by NumPy as a
    symmetric rank-k update, which computes one triangle only (:math:`np^2` flops in all).

    On a tall matrix the rows are cut into one contiguous chunk per available core
    (:func:`toolkit.parallel.row_blocks`, capped by ``--threads``), each accumulated by its own
    thread with a single-threaded BLAS (:func:`toolkit.parallel.map_row_blocks`), and the
    partial sums are added: the threads never wait on each other inside a small product.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    Y : ndarray, shape (n_samples, n_targets)
    x_offset, y_offset : ndarray, shapes (n_features,) and (n_targets,)
        Subtracted from every row (the means; zeros when there is no intercept).
    sqrt_weight : ndarray, shape (n_samples,), optional
        :math:`\sqrt{s_i}`, multiplying row :math:`i`.
    block : int
        Rows centred and multiplied at a time.
    min_rows : int, optional
        The fewest rows worth a thread of their own (default ``8 * block``).

    Returns
    -------
    G : ndarray, shape (n_features, n_features)
    B : ndarray, shape (n_features, n_targets)
    """
    chunks = row_blocks(X.shape[0], 8 * block if min_rows is None else min_rows)
    parts = map_row_blocks(
        lambda rows: _gram_rows(X, Y, x_offset, y_offset, sqrt_weight, block, rows), chunks
    )
    return sum(part[0] for part in parts), sum(part[1] for part in parts)


def gram_uncentred(X: np.ndarray, Y: np.ndarray, fit_intercept: bool = True):
    r"""Means and Gram matrices in one pass over ``X``, with no centred copy of it.

    One product :math:`X^T[\mathbf 1\ \tilde Y]` (with :math:`\tilde Y = Y - \nu` centred
    first, a copy of :math:`n \times k` only) gives the column sums :math:`n\mu` and
    :math:`X^T\tilde Y`; one symmetric product gives :math:`X^TX`. Then

    .. math::
        G = X^TX - n\mu\mu^T, \qquad
        \tilde X^T\tilde Y = X^T\tilde Y - \mu\,(\mathbf 1^T\tilde Y).

    The second formula cancels nothing (:math:`\mathbf 1^T\tilde Y` is zero up to rounding).
    The first is exact algebra but cancels when a mean is large against its column's spread:
    the rounding error of :math:`(X^TX)_{jj}`, about :math:`\varepsilon (X^TX)_{jj}`, is then a
    larger share of :math:`G_{jj}`. The amplification :math:`\max_j (X^TX)_{jj}/G_{jj}` is
    returned so the caller can decide (:data:`MAX_CANCELLATION`).

    Returns
    -------
    x_offset : ndarray, shape (p,)
        :math:`\mu` (zeros without an intercept).
    y_offset : ndarray, shape (k,)
    G : ndarray, shape (p, p)
    B : ndarray, shape (p, k)
    amplification : float
    """
    n, p = X.shape
    y_offset = Y.mean(axis=0) if fit_intercept else np.zeros(Y.shape[1])
    ones_and_y = np.empty((n, 1 + Y.shape[1]))
    ones_and_y[:, 0] = 1.0
    np.subtract(Y, y_offset, out=ones_and_y[:, 1:])
    chunks = row_blocks(n, 8 * ROW_BLOCK)
    parts = map_row_blocks(lambda rows: X[rows].T @ X[rows], chunks)
    M = parts[0] if len(parts) == 1 else sum(parts)
    sums = X.T @ ones_and_y  # (p, 1 + k): n mu and X^T (Y - nu)
    if not fit_intercept:
        return np.zeros(p), y_offset, M, sums[:, 1:], 1.0
    x_offset = sums[:, 0] / n
    diag_M = np.diag(M).copy()
    G = M  # the fresh product, updated in place: G = X^T X - n mu mu^T
    G -= (n * x_offset)[:, None] * x_offset
    B = sums[:, 1:] - x_offset[:, None] * ones_and_y[:, 1:].sum(axis=0)
    diag_G = np.diag(G)
    # A (numerically) constant column has its centred norm lost in the cancellation: inf.
    positive = bool(np.all(diag_G > 0))
    amplification = float(np.max(diag_M / diag_G, initial=1.0)) if positive else np.inf
    return x_offset, y_offset, G, B, amplification


def normal_equations(X, Y, sample_weight=None, fit_intercept: bool = True):
    """The offsets and Gram matrices of the centred (weighted) design, by the quickest accurate way.

    Unweighted: :func:`gram_uncentred` (one pass, no copy of ``X``) when its cancellation is at
    most :data:`MAX_CANCELLATION`; otherwise, and with weights, :func:`gram_blocked`.

    Returns
    -------
    x_offset, y_offset, G, B
    """
    if sample_weight is None:
        x_offset, y_offset, G, B, amplification = gram_uncentred(X, Y, fit_intercept)
        if amplification <= MAX_CANCELLATION:
            return x_offset, y_offset, G, B
        x_offset = X.mean(axis=0)  # the centred blocks need the mean to full accuracy
    elif fit_intercept:
        x_offset, y_offset = weighted_means(X, Y, sample_weight)
    else:
        x_offset, y_offset = np.zeros(X.shape[1]), np.zeros(Y.shape[1])
    sqrt_weight = None if sample_weight is None else np.sqrt(sample_weight)
    G, B = gram_blocked(X, Y, x_offset, y_offset, sqrt_weight)
    return x_offset, y_offset, G, B


def _gram_rows(X, Y, x_offset, y_offset, sqrt_weight, block, rows: slice):
    """The Gram matrices of the rows ``rows``, block by block."""
    p = X.shape[1]
    G = np.zeros((p, p))
    B = np.zeros((p, Y.shape[1]))
    for first in range(rows.start, rows.stop, block):
        last = min(first + block, rows.stop)
        Xb = X[first:last] - x_offset
        Yb = Y[first:last] - y_offset
        if sqrt_weight is not None:
            w = sqrt_weight[first:last, None]
            Xb *= w
            Yb *= w
        G += Xb.T @ Xb
        B += Xb.T @ Yb
    return G, B


def centred_design(X, Y, x_offset, y_offset, sqrt_weight=None) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`\tilde X = S^{1/2}(X - \mathbf 1\mu^T)` and :math:`\tilde Y` as new arrays."""
    Xc = X - x_offset
    Yc = Y - y_offset
    if sqrt_weight is not None:
        Xc *= sqrt_weight[:, None]
        Yc *= sqrt_weight[:, None]
    return Xc, Yc


def constant_columns(G: np.ndarray, x_offset: np.ndarray, total_weight: float) -> np.ndarray:
    r"""Columns that are constant up to rounding: :math:`\lVert\tilde x_j\rVert \le 100\,\varepsilon\sqrt m\,|\mu_j|`.

    Centring a constant column leaves rounding noise of size :math:`\varepsilon|\mu_j|` per row,
    not exact zeros; fitting that noise would give a meaningless coefficient. Such columns get
    the coefficient 0 (the minimum-norm answer; the intercept absorbs them).
    """
    norms = np.sqrt(np.maximum(np.diag(G), 0.0))
    noise = 100.0 * np.finfo(np.float64).eps * np.sqrt(total_weight) * np.abs(x_offset)
    return norms <= noise


def target_sum_of_squares(Y, y_offset, sample_weight) -> np.ndarray:
    r""":math:`\sum_i s_i (y_{ik} - \nu_k)^2` for every target :math:`k`."""
    squares = (Y - y_offset) ** 2
    return squares.sum(axis=0) if sample_weight is None else sample_weight @ squares
