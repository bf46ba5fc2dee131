r"""LU factorization with partial pivoting, and what it buys: ``solve`` and ``inv`` (chapter 5).

Gaussian elimination, written as a factorization: for any :math:`m \times n` matrix

.. math:: A = P L U,

with :math:`P` a permutation (the row swaps of partial pivoting), :math:`L` unit lower
triangular (the multipliers :math:`\ell_{ik} = a_{ik} / a_{kk}`) and :math:`U` upper triangular
(what elimination leaves). Step :math:`k` picks the largest :math:`|a_{ik}|, i \ge k` as pivot,
swaps it into row :math:`k` (so every :math:`|\ell_{ik}| \le 1`), and subtracts a rank-1 matrix
from the trailing block:

.. math:: A_{k+1:,\,k+1:} \leftarrow A_{k+1:,\,k+1:} - \ell_{k+1:,\,k}\, u_{k,\,k+1:}.

Two implementations of the same arithmetic:

* ``method="rank1"``: that loop, one vectorized outer-product update per column. Clear, but
  every step streams the whole trailing matrix through memory (:math:`\tfrac{2}{3}n^3` flops at
  memory speed).
* ``method="blocked"`` (default): right-looking and blocked as LAPACK's ``getrf``. A panel of
  ``block_size`` columns is factored (recursively: halves, down to a few rank-1 steps), then the
  block row of :math:`U` is a triangular solve :math:`U_{12} = L_{11}^{-1} A_{12}` and the whole
  trailing update is **one matrix product**

  .. math:: A_{22} \leftarrow A_{22} - L_{21} U_{12},

  which runs at matrix-multiply speed. The two give the same factors up to rounding.

Stability: partial pivoting is backward stable in practice, :math:`PA' = LU` exactly for an
:math:`A'` with :math:`\lVert A - A' \rVert \le c\, n\, \rho\, \varepsilon \lVert A \rVert` (growth
factor :math:`\rho`, small for all but contrived matrices); the tests check
:math:`\lVert A - PLU \rVert_1 / (n \lVert A \rVert_1 \varepsilon)` stays below a small constant.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_float_array, as_matrix
from .geometry import matrix_norm
from .triangular import _substitute

__all__ = ["inv", "lu", "lu_factor", "lu_solve", "solve"]

_BLOCK_SIZE = 256  # columns per panel of the blocked factorization
_BASE_WIDTH = 8  # panels this narrow are factored by plain rank-1 steps


# --------------------------------------------------------------------------------------------
# The factorization
# --------------------------------------------------------------------------------------------


def _rank1_steps(
    a: np.ndarray, piv: np.ndarray, c0: int, c1: int, stop: int, lo: int, hi: int
) -> None:
    """Eliminate columns ``c0 .. c1-1`` of ``a`` in place, updating columns up to ``stop``.

    One step per column: pivot search, a swap of two rows (within columns ``lo .. hi-1``; the
    caller swaps the rest), the multipliers, and the rank-1 update of ``a[c+1:, c+1:stop]``.
    """
    for c in range(c0, c1):
        p = c + int(np.argmax(np.abs(a[c:, c])))
        piv[c] = p
        if a[p, c] == 0.0:  # the column is zero from the diagonal down: nothing to eliminate
            continue
        if p != c:
            a[[c, p], lo:hi] = a[[p, c], lo:hi]
        a[c + 1 :, c] /= a[c, c]
        if c + 1 < stop:
            a[c + 1 :, c + 1 : stop] -= np.outer(a[c + 1 :, c], a[c, c + 1 : stop])


def _factor_panel(a: np.ndarray, piv: np.ndarray, c0: int, c1: int, lo: int, hi: int) -> None:
    """Factor the panel ``a[c0:, c0:c1]`` in place by recursive halving.

    Left half, then its block row of U (triangular solve), the right half's Schur complement
    (a matrix product), then the right half. Row swaps act on the columns ``lo .. hi-1`` of
    the enclosing panel.
    """
    if c1 - c0 <= _BASE_WIDTH:
        _rank1_steps(a, piv, c0, c1, c1, lo, hi)
        return
    cm = (c0 + c1) // 2
    _factor_panel(a, piv, c0, cm, lo, hi)
    _substitute(a[c0:cm, c0:cm], a[c0:cm, cm:c1], lower=True, unit_diagonal=True)
    a[cm:, cm:c1] -= a[cm:, c0:cm] @ a[c0:cm, cm:c1]
    _factor_panel(a, piv, cm, c1, lo, hi)


def _swap_rows_outside(a: np.ndarray, piv: np.ndarray, j: int, e: int) -> None:
    """Apply the row interchanges of steps ``j .. e-1`` to the columns outside ``j .. e-1``.

    Replaying the swaps on the row indices gives the final position of every row; only the
    (at most ``2(e - j)``) rows that moved are copied, in one gather per side (LAPACK's
    ``laswp``).
    """
    m, n = a.shape
    source = np.arange(j, m)
    for i in range(j, e):
        p = int(piv[i])
        if p != i:
            source[i - j], source[p - j] = source[p - j], source[i - j]
    moved = np.flatnonzero(source != np.arange(j, m))
    if moved.size == 0:
        return
    rows, from_rows = moved + j, source[moved]
    if j > 0:
        a[rows, :j] = a[from_rows, :j]
    if e < n:
        a[rows, e:] = a[from_rows, e:]


def _factor_blocked(a: np.ndarray, piv: np.ndarray, block_size: int) -> None:
    """Right-looking blocked LU of ``a`` in place (LAPACK ``getrf``'s structure)."""
    m, n = a.shape
    k = min(m, n)
    for j in range(0, k, block_size):
        e = min(j + block_size, k)
        _factor_panel(a, piv, j, e, j, e)
        _swap_rows_outside(a, piv, j, e)
        if e < n:
            # U12 = L11^{-1} A12, then the trailing update as one matrix product.
            _substitute(a[j:e, j:e], a[j:e, e:], lower=True, unit_diagonal=True)
            if e < m:
                a[e:, e:] -= a[e:, j:e] @ a[j:e, e:]


def lu_factor(A, *, method: str = "blocked", block_size: int | None = None):
    r"""LU factorization with partial pivoting in packed form (``scipy.linalg.lu_factor``).

    Computes :math:`A = PLU` and stores :math:`L` (unit diagonal not stored) and :math:`U` in
    one array, and :math:`P` as the sequence of row interchanges, LAPACK's convention.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Any real matrix; singular and rectangular matrices are factored too.
    method : {"blocked", "rank1"}
        ``"blocked"``: right-looking, blocked, trailing update as one matrix product (fast).
        ``"rank1"``: one vectorized rank-1 update of the trailing matrix per column (the
        textbook loop).
    block_size : int, optional
        Panel width of the blocked method (default 256).

    Returns
    -------
    lu : ndarray, shape (m, n)
        :math:`U` on and above the diagonal, the multipliers of :math:`L` below it.
    piv : ndarray of int, shape (min(m, n),)
        Row ``i`` was interchanged with row ``piv[i]`` at step ``i`` (0-based).

    Notes
    -----
    A zero pivot column is skipped (as LAPACK does), so the factorization of a singular matrix
    exists and has a zero on the diagonal of :math:`U`; :func:`lu_solve` and :func:`solve`
    refuse it.
    """
    a = as_matrix(A, "A")
    if method not in ("blocked", "rank1"):
        raise InputError(f"method must be 'blocked' or 'rank1', got {method!r}")
    if block_size is None:
        block_size = _BLOCK_SIZE
    if not isinstance(block_size, (int, np.integer)) or block_size < 1:
        raise InputError(f"block_size must be a positive integer, got {block_size!r}")
    # Fortran order keeps each column contiguous: the panel work is column work.
    a = np.array(a, dtype=a.dtype, order="F", copy=True)
    piv = np.zeros(min(a.shape), dtype=np.intp)
    if method == "rank1":
        _rank1_steps(a, piv, 0, min(a.shape), a.shape[1], 0, a.shape[1])
    else:
        _factor_blocked(a, piv, int(block_size))
    return a, piv


def _permutation_from_pivots(piv: np.ndarray, m: int) -> np.ndarray:
    """Row order ``perm`` with ``A[perm] = L @ U``: replay the interchanges on ``0..m-1``."""
    perm = np.arange(m)
    for i, p in enumerate(piv):
        if p != i:
            perm[[i, p]] = perm[[p, i]]
    return perm


def lu(A, *, permute_l: bool = False, p_indices: bool = False, method: str = "blocked"):
    r"""LU factorization with partial pivoting, :math:`A = PLU` (``scipy.linalg.lu``'s interface).

    Parameters
    ----------
    A : array_like, shape (m, n)
    permute_l : bool
        Return :math:`(PL, U)` instead of :math:`(P, L, U)`.
    p_indices : bool
        Return the permutation as row indices ``p`` with ``A = L[p] @ U``.
    method : {"blocked", "rank1"}
        See :func:`lu_factor`.

    Returns
    -------
    P : ndarray, shape (m, m)
        Permutation matrix (or ``p``, shape (m,), if ``p_indices``).
    L : ndarray, shape (m, k)
        Unit lower triangular (trapezoidal if m > n), :math:`|L_{ij}| \le 1`; ``k = min(m, n)``.
    U : ndarray, shape (k, n)
        Upper triangular (trapezoidal if n > m).
    """
    packed, piv = lu_factor(A, method=method)
    m, n = packed.shape
    k = min(m, n)
    L = np.tril(packed[:, :k], -1)
    L[np.arange(k), np.arange(k)] = 1.0
    U = np.triu(packed[:k, :])
    p = np.argsort(_permutation_from_pivots(piv, m))  # A = L[p] @ U
    if permute_l:
        return L[p], U
    if p_indices:
        return p, L, U
    P = np.eye(m, dtype=packed.dtype)[p]
    return P, L, U


# --------------------------------------------------------------------------------------------
# Using the factorization
# --------------------------------------------------------------------------------------------


def _check_factors(lu_and_piv):
    if not isinstance(lu_and_piv, (tuple, list)) or len(lu_and_piv) != 2:
        raise InputError("lu_and_piv must be the pair (lu, piv) returned by lu_factor")
    packed, piv = lu_and_piv
    packed = as_matrix(packed, "lu", square=True)
    piv = np.asarray(piv)
    if piv.shape != (packed.shape[0],) or not np.issubdtype(piv.dtype, np.integer):
        raise InputError(f"piv must be {packed.shape[0]} integers, got shape {piv.shape}")
    return packed, piv


def _check_pivots(packed: np.ndarray) -> None:
    """Refuse an exactly singular factorization (a zero on the diagonal of U)."""
    diag = np.diagonal(packed)
    zero = np.flatnonzero(diag == 0.0)
    if zero.size:
        raise LinAlgError(
            f"the matrix is singular: pivot {int(zero[0])} of its LU factorization is exactly zero"
        )


def _solve_factored(packed: np.ndarray, piv: np.ndarray, b: np.ndarray, trans: int) -> np.ndarray:
    """Solve with checked factors; ``b`` is 2-D and already a private copy of matching dtype."""
    perm = _permutation_from_pivots(piv, packed.shape[0])
    if trans == 0:
        # A x = b  <=>  L U x = b[perm]
        x = b[perm]
        _substitute(packed, x, lower=True, unit_diagonal=True)
        _substitute(packed, x, lower=False)
        return x
    # A^T x = b  <=>  U^T L^T (x[perm]) = b
    z = np.ascontiguousarray(b)
    packed_t = packed.T
    _substitute(packed_t, z, lower=True)
    _substitute(packed_t, z, lower=False, unit_diagonal=True)
    x = np.empty_like(z)
    x[perm] = z
    return x


def lu_solve(lu_and_piv, b, trans: int = 0) -> np.ndarray:
    r"""Solve :math:`Ax = b` from :func:`lu_factor`'s output (``scipy.linalg.lu_solve``).

    With :math:`A = PLU`: permute :math:`b`, forward substitution with :math:`L`, back
    substitution with :math:`U` — :math:`2n^2` flops per right-hand side, so one
    :math:`O(n^3)` factorization serves many right-hand sides.

    Parameters
    ----------
    lu_and_piv : tuple (lu, piv)
        The output of :func:`lu_factor` for a square matrix.
    b : array_like, shape (n,) or (n, k)
    trans : {0, 1}
        0 solves :math:`Ax = b`, 1 solves :math:`A^\top x = b`.

    Returns
    -------
    x : ndarray, shape like ``b``

    Raises
    ------
    LinAlgError
        If a pivot is exactly zero (the matrix is singular).
    """
    packed, piv = _check_factors(lu_and_piv)
    if trans not in (0, 1):
        raise InputError(f"trans must be 0 or 1, got {trans!r}")
    b = as_float_array(b, "b", ndim=(1, 2))
    n = packed.shape[0]
    if b.shape[0] != n:
        raise InputError(f"the factored matrix is {n}x{n} but b has {b.shape[0]} rows")
    _check_pivots(packed)
    dtype = np.result_type(packed.dtype, b.dtype)
    x = _solve_factored(
        packed.astype(dtype, copy=False), piv, b.reshape(n, -1).astype(dtype), trans
    )
    return x.reshape(b.shape)


def _inverse_one_norm_estimate(packed: np.ndarray, piv: np.ndarray) -> float:
    r"""Hager–Higham estimate of :math:`\lVert A^{-1} \rVert_1` from the LU factors.

    :math:`\lVert B \rVert_1 = \max_{\lVert x \rVert_1 \le 1} \lVert Bx \rVert_1` is a convex
    maximization over the cross-polytope; its maximum sits at a vertex :math:`e_j`. Starting
    from :math:`x = \mathbf{1}/n`, the gradient step :math:`z = B^\top \operatorname{sign}(Bx)`
    points to the best vertex :math:`e_{\arg\max|z|}`; stop when it no longer improves
    (:math:`\lVert z \rVert_\infty \le z^\top x`). Higham's extra test vector
    :math:`x_i = (-1)^{i}(1 + i/(n-1))` guards against the known bad cases. Every step is a
    lower bound on the true norm, usually within a factor of 3.
    """
    n = packed.shape[0]
    x = np.full((n, 1), 1.0 / n)
    estimate = 0.0
    last_j = -1
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(5):
            y = _solve_factored(packed, piv, x, 0)
            new = float(np.abs(y).sum())
            if not np.isfinite(new):
                return np.inf
            if new <= estimate and last_j >= 0:
                break
            estimate = new
            xi = np.where(y >= 0, 1.0, -1.0)
            z = _solve_factored(packed, piv, xi, 1)
            j = int(np.argmax(np.abs(z)))
            if np.abs(z[j, 0]) <= float(z[:, 0] @ x[:, 0]) or j == last_j:
                break
            x = np.zeros((n, 1))
            x[j] = 1.0
            last_j = j
        alt = np.where(np.arange(n) % 2 == 0, 1.0, -1.0) * (1.0 + np.arange(n) / max(n - 1, 1))
        y = _solve_factored(packed, piv, alt[:, None].copy(), 0)
        extra = 2.0 * float(np.abs(y).sum()) / (3.0 * n)
    return max(estimate, extra)


def _rcond_from_factors(a: np.ndarray, packed: np.ndarray, piv: np.ndarray) -> float:
    """Estimated :math:`1/\\kappa_1(A)` from the LU factors of ``a`` (as LAPACK ``gecon``)."""
    if np.any(np.diagonal(packed) == 0.0):
        return 0.0
    anorm = matrix_norm(a, 1)
    if anorm == 0.0:
        return 0.0
    ainv_norm = _inverse_one_norm_estimate(packed, piv)
    return 0.0 if not np.isfinite(ainv_norm) else 1.0 / (anorm * ainv_norm)


def _equilibration(a: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    r"""Row and column scalings :math:`r, c`, powers of two, with :math:`D_r A D_c` equilibrated.

    As LAPACK's ``geequb``: :math:`r_i = 2^{-e_i}` brings the largest entry of row :math:`i`
    into :math:`[\tfrac12, 1)`, then :math:`c_j` does the same for the columns of the row-scaled
    matrix. Powers of two scale without rounding. A scaling is applied only where the rows (or
    columns) differ in size by more than a factor of 10 (LAPACK's threshold), so an ordinary
    matrix is factored as it is. A zero row or column makes ``A`` exactly singular.
    """
    n = a.shape[0]
    ones = np.ones(n, dtype=a.dtype)
    row_max = np.max(np.abs(a), axis=1)
    if np.any(row_max == 0):
        i = int(np.flatnonzero(row_max == 0)[0])
        raise LinAlgError(f"{name} is singular: row {i} is zero")
    r = ones
    if row_max.min() < 0.1 * row_max.max():
        r = np.ldexp(ones, -np.frexp(row_max)[1])
    col_max = np.max(np.abs(a) * r[:, None], axis=0)
    if np.any(col_max == 0):
        j = int(np.flatnonzero(col_max == 0)[0])
        raise LinAlgError(f"{name} is singular: column {j} is zero")
    c = ones
    if col_max.min() < 0.1 * col_max.max():
        c = np.ldexp(ones, -np.frexp(col_max)[1])
    return r, c


def _factor_square_nonsingular(A, name: str = "A", *, check_condition: bool = True):
    r"""Equilibrate and factor a square matrix; raise LinAlgError if it is numerically singular.

    Returns ``(packed, piv, r, c)``: the LU factors of :math:`D_r A D_c` and the scalings, so
    :math:`A^{-1} = D_c (D_r A D_c)^{-1} D_r`. The condition number is judged on the
    equilibrated matrix: ``diag(1e-20, 1)`` is solved exactly, not refused.
    """
    a = as_matrix(A, name, square=True)
    r, c = _equilibration(a, name)
    scaled = a if (r is c and r[0] == 1.0) else a * r[:, None] * c[None, :]
    packed, piv = lu_factor(scaled)
    _check_pivots(packed)
    if check_condition:
        rcond = _rcond_from_factors(scaled, packed, piv)
        if rcond < np.finfo(packed.dtype).eps:
            raise LinAlgError(
                f"{name} is numerically singular: the estimated reciprocal condition number of "
                f"its equilibrated form, {rcond:.1e}, is below machine epsilon "
                f"{np.finfo(packed.dtype).eps:.1e}"
            )
    return packed, piv, r, c


def solve(A, b, *, check_condition: bool = True) -> np.ndarray:
    r"""Solve the square system :math:`Ax = b` (``numpy.linalg.solve``).

    Factor :math:`A = PLU` (:math:`\tfrac{2}{3}n^3` flops), then substitute
    (:math:`2n^2` per right-hand side).

    Parameters
    ----------
    A : array_like, shape (n, n)
    b : array_like, shape (n,) or (n, k)
    check_condition : bool
        Estimate the condition number and refuse a numerically singular ``A`` (default). The
        estimate costs a few extra triangular solves, which dominate for tiny systems solved
        in a loop; ``False`` skips it (an exactly zero pivot is still refused).

    Returns
    -------
    x : ndarray, shape like ``b``

    Raises
    ------
    LinAlgError
        If ``A`` is singular (a zero pivot, row or column), or numerically singular: the
        reciprocal condition number :math:`1/\kappa_1(D_rAD_c)` of its equilibrated form
        (rows, then columns, scaled by powers of two, as LAPACK's ``gesvx``), estimated as in
        ``gecon``, is below machine epsilon, so the answer would carry no correct digit.
        Judging the equilibrated matrix means a badly scaled but well-posed system such as
        ``diag(1e-20, 1)`` is solved rather than refused.
    """
    a = as_matrix(A, "A", square=True)
    b = as_float_array(b, "b", ndim=(1, 2))
    n = a.shape[0]
    if b.shape[0] != n:
        raise InputError(f"A is {n}x{n} but b has {b.shape[0]} rows")
    packed, piv, r, c = _factor_square_nonsingular(a, check_condition=check_condition)
    dtype = np.result_type(packed.dtype, b.dtype)
    rhs = (b.reshape(n, -1) * r[:, None]).astype(dtype)
    x = _solve_factored(packed.astype(dtype, copy=False), piv, rhs, 0) * c[:, None]
    return x.astype(dtype, copy=False).reshape(b.shape)


def inv(A) -> np.ndarray:
    r"""The inverse :math:`A^{-1}` (``numpy.linalg.inv``): solve :math:`AX = I` column by column.

    Prefer :func:`solve` for :math:`A^{-1}b`: it is cheaper and more accurate than forming the
    inverse.

    Raises
    ------
    LinAlgError
        If ``A`` is singular or numerically singular (see :func:`solve`).
    """
    a = as_matrix(A, "A", square=True)
    packed, piv, r, c = _factor_square_nonsingular(a)
    x = _solve_factored(packed, piv, np.diag(r).astype(packed.dtype), 0)
    return x * c[:, None]
