r"""Determinants and condition numbers, from the LU factorization (chapter 5).

With :math:`A = PLU`, :math:`\det P = (-1)^{\#\text{swaps}}`, :math:`\det L = 1` and
:math:`\det U = \prod_i u_{ii}`, so

.. math:: \det A = (-1)^{\#\text{swaps}} \prod_{i=1}^n u_{ii}

in :math:`O(n^3)`, against :math:`O(n!)` for the cofactor (Laplace) expansion
:math:`\det A = \sum_j (-1)^{j} a_{1j} \det A_{1j}` kept here as the naive contrast.

The condition number :math:`\kappa_p(A) = \lVert A \rVert_p \lVert A^{-1} \rVert_p` says how
much relative error in :math:`b` (or in :math:`A`) can grow in the solution of :math:`Ax = b`:
roughly :math:`\log_{10}\kappa` digits are lost. Computing :math:`A^{-1}` to get it costs
:math:`O(n^3)`; Hager's method (as refined by Higham, LAPACK's ``gecon``) *estimates*
:math:`\lVert A^{-1} \rVert_1` from a few solves with the LU factors, :math:`O(n^2)` each.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..validation import as_matrix
from .decomp_lu import _rcond_from_factors, _solve_factored, lu_factor
from .decomp_svd import svdvals  # chapter 7
from .geometry import matrix_norm

__all__ = ["cond", "cond_estimate", "det", "det_cofactor_naive", "slogdet"]

_NAIVE_MAX_N = 8


def _swap_parity(piv: np.ndarray) -> float:
    return -1.0 if np.count_nonzero(piv != np.arange(piv.size)) % 2 else 1.0


def det(A) -> float:
    r"""Determinant from the LU factorization (``numpy.linalg.det``).

    .. math:: \det A = (-1)^{\#\text{swaps}} \prod_i u_{ii}

    Exactly 0 when elimination meets a zero pivot column. The product can overflow or
    underflow for large ``n``; :func:`slogdet` cannot.

    Parameters
    ----------
    A : array_like, shape (n, n)

    Returns
    -------
    float
    """
    packed, piv = lu_factor(as_matrix(A, "A", square=True))
    return float(_swap_parity(piv) * np.prod(np.diagonal(packed)))


def slogdet(A) -> tuple[float, float]:
    r"""Sign and natural log of :math:`|\det A|` (``numpy.linalg.slogdet``).

    .. math:: \log|\det A| = \sum_i \log|u_{ii}|, \qquad
              \operatorname{sign} = (-1)^{\#\text{swaps}} \prod_i \operatorname{sign} u_{ii}

    A sum of logs does not overflow where the product would (the log-likelihood of a Gaussian
    needs :math:`\log\det\Sigma`). A singular matrix gives ``(0.0, -inf)``.
    """
    packed, piv = lu_factor(as_matrix(A, "A", square=True))
    d = np.diagonal(packed)
    if np.any(d == 0.0):
        return 0.0, -np.inf
    sign = _swap_parity(piv) * np.prod(np.sign(d))
    return float(sign), float(np.sum(np.log(np.abs(d))))


def det_cofactor_naive(A) -> float:
    r"""Determinant by cofactor (Laplace) expansion along the first row — the naive contrast.

    .. math:: \det A = \sum_{j=1}^{n} (-1)^{1+j} a_{1j} \det A_{1j},

    where :math:`A_{1j}` deletes row 1 and column :math:`j`. The recursion makes :math:`n!`
    products, so it is limited to ``n <= 8``; use :func:`det`.
    """
    a = as_matrix(A, "A", square=True)
    if a.shape[0] > _NAIVE_MAX_N:
        raise InputError(
            f"det_cofactor_naive takes O(n!) time and is limited to n <= {_NAIVE_MAX_N}, "
            f"got n = {a.shape[0]}; use det"
        )

    def expand(rows: list[list[float]]) -> float:
        n = len(rows)
        if n == 1:
            return rows[0][0]
        total = 0.0
        for j in range(n):
            minor = [row[:j] + row[j + 1 :] for row in rows[1:]]
            total += (-1) ** j * rows[0][j] * expand(minor)
        return total

    return float(expand(a.tolist()))


def cond_estimate(A) -> float:
    r"""Cheap estimate of the 1-norm condition number :math:`\kappa_1(A)` (LAPACK ``gecon``).

    .. math:: \kappa_1(A) \approx \lVert A \rVert_1 \cdot \text{est}\,\lVert A^{-1} \rVert_1

    One LU factorization (reused by a later solve) plus a handful of :math:`O(n^2)`
    triangular solves, instead of forming :math:`A^{-1}`. The estimate never exceeds the true
    :math:`\kappa_1` and is rarely off by more than a factor of 3. ``inf`` for a singular matrix.

    Parameters
    ----------
    A : array_like, shape (n, n)

    Returns
    -------
    float
    """
    a = as_matrix(A, "A", square=True)
    packed, piv = lu_factor(a)
    rcond = _rcond_from_factors(a, packed, piv)
    return np.inf if rcond == 0.0 else 1.0 / rcond


def cond(A, p=None) -> float:
    r"""Condition number :math:`\kappa_p(A) = \lVert A \rVert_p \lVert A^{-1} \rVert_p` (``numpy.linalg.cond``).

    Parameters
    ----------
    A : array_like, shape (m, n)
        Square unless ``p`` is ``None``, 2 or -2.
    p : {None, 1, -1, 2, -2, inf, -inf, "fro", "nuc"}
        ``None`` or 2: :math:`\sigma_{\max}/\sigma_{\min}` from the singular values (chapter 7's
        SVD); -2: its reciprocal. Otherwise the matrix norm of that order times the same norm
        of the inverse, computed through the LU factorization.

    Returns
    -------
    float
        ``inf`` for a singular matrix.
    """
    a = as_matrix(A, "A", square=p not in (None, 2, -2))
    if p in (None, 2, -2):
        s = svdvals(a)
        if s[-1] == 0.0:
            return np.inf if p != -2 else 0.0
        return float(s[0] / s[-1]) if p != -2 else float(s[-1] / s[0])
    if p not in (1, -1, np.inf, -np.inf, "fro", "nuc"):
        raise InputError(f"p must be one of None, 1, -1, 2, -2, inf, -inf, 'fro', 'nuc', got {p!r}")
    packed, piv = lu_factor(a)
    if np.any(np.diagonal(packed) == 0.0):
        return np.inf
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        a_inv = _solve_factored(packed, piv, np.eye(a.shape[0], dtype=packed.dtype), 0)
        if not np.all(np.isfinite(a_inv)):
            return np.inf
        return float(matrix_norm(a, p) * matrix_norm(a_inv, p))
