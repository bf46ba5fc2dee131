r"""Algorithms as per-chunk statistics plus a reduction: the MapReduce view of least squares (chapter 7).

A tall matrix :math:`X` (:math:`n \times p`, :math:`n` huge) cut into row chunks
:math:`X_1, \dots, X_c` never has to sit in one array: least squares needs only sums over rows,

.. math:: X^TX = \sum_c X_c^TX_c, \qquad X^Ty = \sum_c X_c^Ty_c,

and those sums can be formed chunk by chunk, where the chunks live (one per worker of a
cluster), and added. This module writes the algorithms once against a tiny *engine* interface —
``map(fn, *chunked, **shared)`` (``fn`` on every chunk, results staying where they are) and
``total(parts)`` (their sum, by a pairwise tree, as a concrete value) — and ships the in-memory
engine :class:`LocalChunks` (a list of NumPy arrays); ``toolkit.distributed`` has the Dask one.
The in-memory computation is the one-chunk case of the same code.

Centred statistics, merged stably. Summing raw :math:`X^TX` and subtracting :math:`n\mu\mu^T`
at the end cancels catastrophically when a mean is large against the spread. Each chunk keeps
instead its weight :math:`W_c`, means :math:`\mu_c, \nu_c` and *centred* cross products
:math:`S_c = \sum_{i \in c} s_i (x_i - \mu_c)(x_i - \mu_c)^T`; two chunks merge by Chan, Golub
and LeVeque's (1979) update,

.. math::
    W = W_a + W_b,\quad \mu = \mu_a + \tfrac{W_b}{W}\delta,\quad
    S = S_a + S_b + \tfrac{W_aW_b}{W}\,\delta\delta^T, \qquad \delta = \mu_b - \mu_a,

which adds only non-negative terms to the diagonal. An empty chunk is the identity.

Tall-skinny QR (TSQR, Demmel et al. 2012): :math:`X_c = Q_cR_c` for every chunk, then one QR
of the stacked :math:`p \times p` factors, :math:`[R_1; \dots; R_c] = \hat Q R`; :math:`R` is
the R factor of :math:`X` (up to row signs), computed from :math:`cp^2` numbers in memory.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array
from .decomp_cholesky import cholesky
from .decomp_qr import qr
from .triangular import solve_triangular

_FLOAT64 = np.dtype(np.float64)

__all__ = [
    "GramStatistics",
    "LocalChunks",
    "gram_statistics",
    "least_squares_from_gram",
    "pairwise_reduce",
    "split_rows",
    "tsqr",
]


def pairwise_reduce(parts: Sequence, add: Callable = operator.add):
    r"""``parts[0] + parts[1] + ...`` by a balanced tree of ``add`` (depth :math:`\lceil\log_2 c\rceil`).

    The same order of additions whatever the engine, so two engines given the same chunks add
    the same numbers in the same order (bitwise equal results).
    """
    level = list(parts)
    if not level:
        raise InputError("nothing to reduce: no chunks")
    while len(level) > 1:
        paired = [add(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


class LocalChunks:
    """The in-memory engine: chunks are NumPy arrays in a list, ``map`` runs at once."""

    def map(self, fn: Callable, *chunked: Sequence, **shared) -> list:
        """``[fn(a_c, b_c, ..., **shared) for every chunk c]``."""
        return [fn(*args, **shared) for args in zip(*chunked, strict=True)]

    def total(self, parts: Sequence):
        """The sum of the per-chunk results (:func:`pairwise_reduce`)."""
        return pairwise_reduce(parts)

    def gather(self, parts: Sequence) -> list:
        """The per-chunk results as concrete values (here they already are)."""
        return list(parts)


def split_rows(X, n_chunks: int) -> list[np.ndarray]:
    """``X`` cut into ``n_chunks`` consecutive row chunks (sizes differ by at most one; some
    may be empty when ``n_chunks`` exceeds the rows)."""
    if not isinstance(n_chunks, (int, np.integer)) or n_chunks < 1:
        raise InputError(f"n_chunks must be a positive integer, got {n_chunks!r}")
    return np.array_split(np.asarray(X), n_chunks, axis=0)


@dataclass(frozen=True)
class GramStatistics:
    r"""The sufficient statistics of (weighted) least squares on some rows.

    Attributes
    ----------
    weight : float
        :math:`W = \sum_i s_i` (the row count without weights).
    rows : int
    x_mean : ndarray, shape (p,)
        :math:`\mu = \sum_i s_i x_i / W` (zeros when :math:`W = 0`).
    y_mean : ndarray, shape (k,)
    xx : ndarray, shape (p, p)
        :math:`\sum_i s_i (x_i - \mu)(x_i - \mu)^T`.
    xy : ndarray, shape (p, k)
        :math:`\sum_i s_i (x_i - \mu)(y_i - \nu)^T`.
    yy : ndarray, shape (k,)
        :math:`\sum_i s_i (y_{ik} - \nu_k)^2`.
    dtype : numpy dtype
        The data's floating type (results are returned in it; sums are kept in float64).
    """

    weight: float
    rows: int
    x_mean: np.ndarray
    y_mean: np.ndarray
    xx: np.ndarray
    xy: np.ndarray
    yy: np.ndarray
    dtype: np.dtype = _FLOAT64

    def __add__(self, other: GramStatistics) -> GramStatistics:
        """The statistics of both sets of rows (Chan–Golub–LeVeque's stable merge)."""
        if not isinstance(other, GramStatistics):
            return NotImplemented
        if self.xy.shape != other.xy.shape:
            raise InputError(
                f"cannot merge statistics of {self.xy.shape} and {other.xy.shape} (features, "
                "targets): the chunks have different columns"
            )
        dtype = np.result_type(self.dtype, other.dtype)
        rows = self.rows + other.rows
        if other.weight == 0:
            return GramStatistics(**{**self.__dict__, "rows": rows, "dtype": dtype})
        if self.weight == 0:
            return GramStatistics(**{**other.__dict__, "rows": rows, "dtype": dtype})
        W = self.weight + other.weight
        dx = other.x_mean - self.x_mean
        dy = other.y_mean - self.y_mean
        f = self.weight * other.weight / W
        return GramStatistics(
            weight=W,
            rows=rows,
            x_mean=self.x_mean + (other.weight / W) * dx,
            y_mean=self.y_mean + (other.weight / W) * dy,
            xx=self.xx + other.xx + f * np.outer(dx, dx),
            xy=self.xy + other.xy + f * np.outer(dx, dy),
            yy=self.yy + other.yy + f * dy * dy,
            dtype=dtype,
        )

    def normal_equations(self, fit_intercept: bool = True):
        r"""``(x_offset, y_offset, G, B)``: centred :math:`G = S_{xx}`, :math:`B = S_{xy}` with
        an intercept; without one the raw :math:`X^TSX = S_{xx} + W\mu\mu^T` (and zero offsets)."""
        if fit_intercept:
            return self.x_mean, self.y_mean, self.xx, self.xy
        p, k = self.xy.shape
        G = self.xx + self.weight * np.outer(self.x_mean, self.x_mean)
        B = self.xy + self.weight * np.outer(self.x_mean, self.y_mean)
        return np.zeros(p), np.zeros(k), G, B


def gram_statistics(X, y, sample_weight=None) -> GramStatistics:
    r"""The :class:`GramStatistics` of one chunk of rows (any number of rows, 0 included).

    Parameters
    ----------
    X : array_like, shape (m, p)
    y : array_like, shape (m,) or (m, k)
    sample_weight : array_like, shape (m,), optional
        Non-negative, finite.
    """
    X = as_float_array(X, "X", ndim=2)
    Y = as_float_array(y, "y", ndim=(1, 2))
    Y = Y.reshape(-1, 1) if Y.ndim == 1 else Y
    m, p = X.shape
    if Y.shape[0] != m:
        raise InputError(f"X has {m} rows but y has {Y.shape[0]}")
    dtype = np.result_type(X.dtype, Y.dtype)
    Xd, Yd = X.astype(np.float64, copy=False), Y.astype(np.float64, copy=False)
    if not (np.isfinite(Xd).all() and np.isfinite(Yd).all()):
        raise InputError("X and y must be finite (no NaN or inf)")
    s = None
    if sample_weight is not None:
        s = as_float_array(sample_weight, "sample_weight", ndim=1).astype(np.float64)
        if s.shape[0] != m or not np.isfinite(s).all() or np.any(s < 0):
            raise InputError(f"sample_weight must be {m} finite non-negative numbers")
    W = float(m if s is None else s.sum())
    k = Yd.shape[1]
    if W == 0:
        zeros = np.zeros
        return GramStatistics(0.0, m, zeros(p), zeros(k), zeros((p, p)), zeros((p, k)), zeros(k),
                              dtype)  # fmt: skip
    mu = (Xd.sum(axis=0) if s is None else s @ Xd) / W
    nu = (Yd.sum(axis=0) if s is None else s @ Yd) / W
    Xc, Yc = Xd - mu, Yd - nu
    Xs, Ys = (Xc, Yc) if s is None else (Xc * s[:, None], Yc * s[:, None])
    return GramStatistics(W, m, mu, nu, Xs.T @ Xc, Xs.T @ Yc, np.einsum("ij,ij->j", Ys, Yc), dtype)


def least_squares_from_gram(stats: GramStatistics, alpha: float = 0.0, fit_intercept: bool = True):
    r"""(Ridge) least squares from the statistics alone: :math:`(G + \alpha I)w = B`, :math:`b = \nu - \mu^Tw`.

    The columns are scaled to unit diagonal, :math:`A = D^{-1}(G + \alpha I)D^{-1}` with
    :math:`D = \operatorname{diag}(\sqrt{G_{jj}})`, before the Cholesky factorization (it leaves
    :math:`w` unchanged and can lower the condition number a great deal). A column with
    :math:`G_{jj} = 0` (constant) gets :math:`w_j = 0`, the minimum-norm choice.

    Returns
    -------
    coef : ndarray, shape (p,) or (p, k)
        ``(p,)`` when there is a single target.
    intercept : float or ndarray, shape (k,)

    Raises
    ------
    LinAlgError
        :math:`G + \alpha I` is not numerically positive definite (collinear columns): use
        :func:`tsqr` on the design, or a rank-revealing solver.
    """
    if not isinstance(stats, GramStatistics):
        raise InputError("stats must be GramStatistics (from gram_statistics, added up)")
    if not np.isfinite(alpha) or alpha < 0:
        raise InputError(f"alpha must be a finite number >= 0, got {alpha!r}")
    if stats.weight == 0:
        raise InputError("no rows with positive weight: nothing to fit")
    x_offset, y_offset, G, B = stats.normal_equations(fit_intercept)
    p, k = B.shape
    coef = np.zeros((p, k))
    diag = np.diag(G).copy()
    active = diag > 0
    if active.any():
        d = np.sqrt(diag[active])
        A = G[np.ix_(active, active)] / np.outer(d, d)
        A[np.diag_indices_from(A)] += alpha / d**2
        try:
            L = cholesky(A)
        except LinAlgError:
            L = None
        # min L_jj^2 >= lambda_min(A): a pivot at rounding level means collinear columns whose
        # "solution" would be noise (A has unit diagonal, so this is a relative test).
        if L is None or np.min(np.diag(L)) ** 2 <= 1e3 * A.shape[0] * np.finfo(float).eps:
            raise LinAlgError(
                "the Gram matrix is not (numerically) positive definite: the columns are "
                "collinear; solve by tsqr of the design or a rank-revealing method"
            )
        z = solve_triangular(L, B[active] / d[:, None], lower=True)
        coef[active] = solve_triangular(L.T, z, lower=False) / d[:, None]
    intercept = y_offset - x_offset @ coef
    coef = coef.astype(stats.dtype, copy=False)
    if k == 1:
        return coef[:, 0], float(intercept[0])
    return coef, intercept.astype(stats.dtype, copy=False)


def _r_factor(X: np.ndarray) -> np.ndarray:
    """The R factor of one chunk, ``(min(m, p), p)``; an empty chunk gives ``(0, p)``."""
    if X.shape[0] == 0:
        return np.zeros((0, X.shape[1]), dtype=X.dtype)
    return qr(X, mode="r")


def _times_block(X: np.ndarray, Q_local: np.ndarray, block: np.ndarray) -> np.ndarray:
    return Q_local @ block if X.shape[0] else np.zeros((0, block.shape[1]), dtype=X.dtype)


def _r_from_q(X: np.ndarray, Q: np.ndarray) -> np.ndarray:
    return Q.T @ X


def _q_factor(X: np.ndarray) -> np.ndarray:
    if X.shape[0] == 0:
        return np.zeros((0, 0), dtype=X.dtype)
    return qr(X)[0]


def tsqr(chunks: Sequence, engine=None, *, want_q: bool = False):
    r"""Tall-skinny QR of the row-stacked ``chunks``: :math:`R`, and optionally :math:`Q` by chunks.

    Every chunk is factored where it lives, :math:`X_c = Q_cR_c`; the stacked
    :math:`R_c` (at most :math:`p` rows each) are factored in memory,
    :math:`[R_1;\dots;R_c] = \hat Q R`, and :math:`Q` is :math:`Q_c\hat Q_c` chunk by chunk
    (:math:`\hat Q_c` the rows of :math:`\hat Q` that belong to chunk :math:`c`).

    Parameters
    ----------
    chunks : sequence of (m_c, p) arrays (or an engine's chunk handles)
        Together at least ``p`` rows for a square ``R``.
    engine : optional
        :class:`LocalChunks` (the default) or a distributed engine.
    want_q : bool

    Returns
    -------
    R : ndarray, shape (min(n, p), p)
    Q_chunks : list, only with ``want_q``
        The engine's per-chunk handles of :math:`Q` (arrays for :class:`LocalChunks`).
    """
    engine = LocalChunks() if engine is None else engine
    if want_q:
        qs = engine.map(_q_factor, chunks)
        rs = engine.gather(engine.map(_r_from_q, chunks, qs))
    else:
        rs = engine.gather(engine.map(_r_factor, chunks))
    stacked = np.vstack(rs)
    if stacked.shape[0] == 0:
        raise InputError("tsqr needs at least one row")
    if not want_q:
        return qr(stacked, mode="r")
    Q_hat, R = qr(stacked)
    bounds = np.cumsum([0] + [r.shape[0] for r in rs])
    blocks = [Q_hat[a:b] for a, b in itertools.pairwise(bounds)]
    return R, engine.map(_times_block, chunks, qs, blocks)
