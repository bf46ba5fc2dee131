r"""The E and M steps of expectation–maximization for a Gaussian mixture, in log space.

**Model.** :math:`p(x) = \sum_{j=1}^k \pi_j\, \mathcal N(x \mid \mu_j, \Sigma_j)`.

**E step** (Bayes' theorem). With the precision factors :math:`U_j` of :mod:`.covariances`,

.. math::
    \log \pi_j \mathcal N(x_i\mid\mu_j,\Sigma_j) = \log\pi_j - \tfrac d2 \log 2\pi
        + \log\det U_j - \tfrac12 \lVert (x_i-\mu_j)^\top U_j \rVert^2 =: a_{ij},

    \log p(x_i) = \operatorname{logsumexp}_j a_{ij} = m_i + \log\sum_j e^{a_{ij}-m_i},
    \quad m_i = \max_j a_{ij}, \qquad
    r_{ij} = e^{a_{ij} - \log p(x_i)} .

Subtracting :math:`m_i` keeps every exponent :math:`\le 0`, so nothing overflows and at least
one term is :math:`e^0 = 1`: the densities themselves (often :math:`e^{-500}` and below) are
never formed. The mean :math:`\frac1n\sum_i \log p(x_i)` is scikit-learn's ``lower_bound_``.

**M step** (weighted maximum likelihood, :math:`n_j = \sum_i r_{ij}`):

.. math::
    \pi_j = \frac{n_j}{\sum_l n_l}, \qquad
    \mu_j = \frac1{n_j}\sum_i r_{ij} x_i, \qquad
    \Sigma_j = \frac1{n_j}\sum_i r_{ij}(x_i-\mu_j)(x_i-\mu_j)^\top + \varepsilon I,

with :math:`\varepsilon` = ``reg_covar`` (``tied``: the pooled
:math:`\frac1{\sum n_j}\sum_j\sum_i r_{ij}(x_i-\mu_j)(x_i-\mu_j)^\top`; ``diag``: its diagonal;
``spherical``: the mean of the diagonal). As in scikit-learn :math:`n_j` gets
:math:`10\,\varepsilon_{\text{machine}}` added so an empty component divides by no zero. The
scatter is summed about the *new* means (the two-pass formula), never as
:math:`E[xx^\top] - \mu\mu^\top`, which cancels digits when :math:`\lVert\mu\rVert \gg \sigma`.

**Cost.** Rows go in chunks of :data:`CHUNK_ROWS` (the ``(rows, d)`` and ``(rows, k)`` blocks stay
in the cache); per chunk and component the Mahalanobis terms are one ``(rows, d) @ (d, d)``
product and the scatter one ``(d, rows) @ (rows, d)`` product. Row blocks run on the cores via
:func:`toolkit.parallel.map_row_blocks`. No Python loop runs over samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from toolkit.parallel import map_row_blocks, row_blocks

from .covariances import log_det_cholesky, precision_cholesky

__all__ = [
    "CHUNK_ROWS",
    "Params",
    "em_iteration",
    "estimate_parameters",
    "log_prob_resp",
    "logsumexp_rows",
    "weighted_log_prob",
]

#: Rows per chunk inside a row block.
CHUNK_ROWS = 2048


@dataclass
class Params:
    """One mixture: weights ``(k,)``, means ``(k, d)``, covariances and precision factors.

    ``covariances`` may be ``None`` (an initialization given by its precisions only).
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray | None
    prec_chol: np.ndarray
    covariance_type: str


def _mahalanobis(Xc: np.ndarray, params: Params, out: np.ndarray) -> None:
    r"""``out[i, j]`` = :math:`\lVert (x_i-\mu_j)^\top U_j\rVert^2` for the rows of one chunk."""
    ct, U = params.covariance_type, params.prec_chol
    for j, mu in enumerate(params.means):
        D = Xc - mu
        if ct == "full":
            D = D @ U[j]
        elif ct == "tied":
            D = D @ U
        else:
            D *= U[j]
        np.einsum("ij,ij->i", D, D, out=out[:, j])


def logsumexp_rows(a: np.ndarray) -> np.ndarray:
    r""":math:`\log\sum_j e^{a_{ij}}` for every row of a 2-D array.

    With :math:`m_i = a_{i j^*} = \max_j a_{ij}`,
    :math:`\log\sum_j e^{a_{ij}} = m_i + \operatorname{log1p}\bigl(\sum_{j\ne j^*}
    e^{a_{ij}-m_i}\bigr)`: every exponent is :math:`\le 0` (no overflow), and ``log1p`` keeps the
    digits of a small remainder that :math:`\log(1 + s)` would round away (``[0, -40]``). The
    vectorised form of :func:`foundations.calculus.logsumexp` for this hot loop; a row made only
    of ``-inf`` gives ``-inf``, without a warning.
    """
    top = a.argmax(axis=1)
    rows = np.arange(a.shape[0])
    m = a[rows, top]
    finite = np.isfinite(m)
    if not finite.all():
        out = m.copy()
        if finite.any():
            out[finite] = logsumexp_rows(a[finite])
        return out
    e = np.exp(a - m[:, None])
    e[rows, top] = 0.0
    return m + np.log1p(e.sum(axis=1))


def _weighted_log_prob_chunk(Xc, params, const) -> np.ndarray:
    a = np.empty((Xc.shape[0], params.means.shape[0]), dtype=np.float64)
    _mahalanobis(Xc, params, a)
    a *= -0.5
    a += const
    return a


def _constants(params: Params, d: int) -> np.ndarray:
    r""":math:`\log\pi_j - \tfrac d2\log 2\pi + \log\det U_j` for every component."""
    with np.errstate(divide="ignore"):  # a weight of 0 is log 0 = -inf: never chosen
        log_w = np.log(params.weights)
    log_det = log_det_cholesky(params.prec_chol, params.covariance_type, d)
    return log_w + log_det - 0.5 * d * math.log(2 * math.pi)


def weighted_log_prob(X: np.ndarray, params: Params) -> np.ndarray:
    r"""The ``(n, k)`` table :math:`a_{ij} = \log \pi_j\mathcal N(x_i\mid\mu_j,\Sigma_j)`."""
    const = _constants(params, X.shape[1])
    out = np.empty((X.shape[0], params.means.shape[0]))
    for start in range(0, X.shape[0], CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        out[rows] = _weighted_log_prob_chunk(X[rows], params, const)
    return out


def log_prob_resp(X: np.ndarray, params: Params) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`\log p(x_i)` ``(n,)`` and :math:`\log r_{ij}` ``(n, k)``.

    A point so far from every component that all :math:`a_{ij}` are :math:`-\infty` (its
    squared distances overflow) has :math:`\log p = -\infty`; its responsibility goes to the
    component of smallest Mahalanobis distance, the limit of :math:`r_{ij}` far away.
    """
    ct = params.covariance_type
    a = weighted_log_prob(X, params)
    log_p = logsumexp_rows(a)
    lost = ~np.isfinite(log_p)
    with np.errstate(invalid="ignore"):
        log_resp = a - log_p[:, None]
    if lost.any():  # rare: rescale each such row so its distances are finite again
        rows = np.flatnonzero(lost)
        maha = np.empty((rows.size, params.means.shape[0]))
        for r, i in enumerate(rows):
            s = float(np.max(np.abs(X[i])))
            shrunk = Params(params.weights, params.means / s, None, params.prec_chol, ct)
            _mahalanobis(X[i : i + 1] / s, shrunk, maha[r : r + 1])
        log_resp[rows] = -np.inf
        log_resp[rows, np.argmin(maha, axis=1)] = 0.0
    return log_p, log_resp


def _e_block(X, rows: slice, params: Params, resp: np.ndarray):
    """Responsibilities of the rows of one block into ``resp``; returns (sum log p, n_j, sum r x)."""
    k, d = params.means.shape
    const = _constants(params, d)
    total, nk, first = 0.0, np.zeros(k), np.zeros((k, d))
    for start in range(rows.start, rows.stop, CHUNK_ROWS):
        c = slice(start, min(start + CHUNK_ROWS, rows.stop))
        Xc = X[c]
        a = _weighted_log_prob_chunk(Xc, params, const)
        log_p = logsumexp_rows(a)
        a -= log_p[:, None]
        r = np.exp(a, out=resp[c])
        total += float(log_p.sum())
        nk += r.sum(axis=0)
        first += r.T @ Xc
    return total, nk, first


def _scatter_block(X, rows: slice, resp: np.ndarray, means: np.ndarray, ct: str) -> np.ndarray:
    r""":math:`\sum_i r_{ij}(x_i-\mu_j)(x_i-\mu_j)^\top` (or its diagonal) over one block."""
    k, d = means.shape
    out = np.zeros((k, d, d)) if ct in ("full", "tied") else np.zeros((k, d))
    for start in range(rows.start, rows.stop, CHUNK_ROWS):
        c = slice(start, min(start + CHUNK_ROWS, rows.stop))
        Xc, rc = X[c], resp[c]
        for j in range(k):
            D = Xc - means[j]
            if ct in ("full", "tied"):
                out[j] += (D * rc[:, j : j + 1]).T @ D
            else:
                out[j] += rc[:, j] @ (D * D)
    return out


def _m_step(X, resp, nk, first, reg_covar: float, ct: str, blocks) -> tuple:
    means = first / nk[:, None]
    parts = map_row_blocks(lambda b: _scatter_block(X, b, resp, means, ct), blocks)
    scatter = np.sum(parts, axis=0)
    d = X.shape[1]
    if ct == "full":
        cov = scatter / nk[:, None, None]
        cov[:, np.arange(d), np.arange(d)] += reg_covar
    elif ct == "tied":
        cov = scatter.sum(axis=0) / nk.sum()
        cov[np.arange(d), np.arange(d)] += reg_covar
    elif ct == "diag":
        cov = scatter / nk[:, None] + reg_covar
    else:
        cov = (scatter / nk[:, None] + reg_covar).mean(axis=1)
    return means, cov


def estimate_parameters(X: np.ndarray, resp: np.ndarray, reg_covar: float, ct: str) -> Params:
    r"""The M step from given responsibilities (weights :math:`n_j/n`, as at initialization)."""
    nk = resp.sum(axis=0) + 10 * np.finfo(np.float64).eps
    means, cov = _m_step(X, resp, nk, resp.T @ X, reg_covar, ct, row_blocks(X.shape[0]))
    return Params(nk / X.shape[0], means, cov, precision_cholesky(cov, ct), ct)


def em_iteration(
    X: np.ndarray, params: Params, reg_covar: float, resp: np.ndarray
) -> tuple[float, Params]:
    r"""One E step at ``params`` and the M step after it.

    Returns
    -------
    mean_log_likelihood : float
        :math:`\frac1n\sum_i\log p(x_i)` under ``params`` (before the M step), scikit-learn's
        lower bound of this iteration.
    new : Params
    resp : filled in place with the responsibilities :math:`r_{ij}` under ``params``.
    """
    n = X.shape[0]
    blocks = row_blocks(n)
    parts = map_row_blocks(lambda b: _e_block(X, b, params, resp), blocks)
    total = sum(p[0] for p in parts)
    nk = np.sum([p[1] for p in parts], axis=0) + 10 * np.finfo(np.float64).eps
    first = np.sum([p[2] for p in parts], axis=0)
    ct = params.covariance_type
    means, cov = _m_step(X, resp, nk, first, reg_covar, ct, blocks)
    new = Params(nk / nk.sum(), means, cov, precision_cholesky(cov, ct), ct)
    return total / n, new
