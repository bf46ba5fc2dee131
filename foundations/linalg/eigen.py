r"""Eigenvalues and eigenvectors: the characteristic polynomial and the classic iterations (chapter 6).

An eigenvector of :math:`A` is a direction that :math:`A` only stretches:
:math:`Av = \lambda v`, :math:`v \ne 0`. The eigenvalues are the roots of the characteristic
polynomial :math:`p(\lambda) = \det(\lambda I - A)` — fine on paper for :math:`2 \times 2` and
:math:`3 \times 3`, hopeless numerically beyond (the roots of a polynomial are extremely
sensitive to its coefficients). In practice eigenvalues come from *iterations*:

* **power iteration** :math:`v \leftarrow Av/\|Av\|` converges to the eigenvector of the
  eigenvalue of largest magnitude, linearly with ratio :math:`|\lambda_2/\lambda_1|`;
* **inverse iteration** with a shift :math:`\mu` is power iteration on :math:`(A - \mu I)^{-1}`:
  it converges to the eigenvalue closest to :math:`\mu`, with ratio
  :math:`|\lambda_{\text{closest}} - \mu| / |\lambda_{\text{next}} - \mu|`;
* **Rayleigh quotient iteration** updates the shift to the Rayleigh quotient
  :math:`\rho(v) = v^TAv / v^Tv` at every step: cubic convergence for symmetric matrices;
* **deflation** removes a found eigenpair, :math:`A \leftarrow A - \lambda vv^T` (symmetric
  :math:`A`), so the power iteration finds the next one.

Every iteration here returns its history: the Rayleigh quotient and the residual
:math:`\|Av - \rho v\|` at each step (:class:`EigenIteration`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, LinAlgError
from ..validation import as_matrix, as_vector, check_rng
from .decomp_lu import lu_factor, lu_solve

__all__ = [
    "EigenIteration",
    "characteristic_polynomial",
    "deflation",
    "inverse_iteration",
    "power_iteration",
    "rayleigh_quotient_iteration",
]


@dataclass
class EigenIteration:
    """The result of an eigenvalue iteration.

    Attributes
    ----------
    eigenvalue : float
        The final Rayleigh quotient :math:`\\rho = v^TAv`.
    eigenvector : ndarray, shape (n,)
        Unit vector; its largest-magnitude entry is positive.
    history : ndarray, shape (n_iter,)
        Rayleigh quotient after each step.
    residuals : ndarray, shape (n_iter,)
        :math:`\\|Av - \\rho v\\|` after each step.
    n_iter : int
    converged : bool
        Whether the residual fell to ``tol`` times the norm of ``A``.
    """

    eigenvalue: float
    eigenvector: np.ndarray
    history: np.ndarray = field(repr=False)
    residuals: np.ndarray = field(repr=False)
    n_iter: int
    converged: bool


def characteristic_polynomial(A) -> np.ndarray:
    r"""Coefficients of :math:`p(\lambda) = \det(\lambda I - A)`, highest degree first (``numpy.poly``).

    Faddeev–LeVerrier: with :math:`M_0 = 0`, :math:`c_n = 1`,

    .. math:: M_k = AM_{k-1} + c_{n-k+1} I, \qquad c_{n-k} = -\tfrac{1}{k}\operatorname{tr}(AM_k),
              \quad k = 1, \dots, n,

    and :math:`p(\lambda) = \sum_k c_k\lambda^k`. As a by-product :math:`A^{-1} = -M_n / c_0`.
    Exact in exact arithmetic, but the coefficients grow fast and their rounding is amplified in
    the roots: use it for small matrices (the textbook examples), not to compute eigenvalues.

    Returns
    -------
    coefficients : ndarray, shape (n + 1,)
        ``[1, c_{n-1}, ..., c_0]``; ``numpy.roots`` of it gives the eigenvalues.
    """
    A = as_matrix(A, "A", square=True)
    n = A.shape[0]
    coefficients = np.zeros(n + 1, dtype=A.dtype)
    coefficients[0] = 1.0
    M = np.zeros_like(A)
    I = np.eye(n, dtype=A.dtype)
    for k in range(1, n + 1):
        M = A @ M + coefficients[k - 1] * I
        coefficients[k] = -np.trace(A @ M) / k
    return coefficients


def _check_params(tol, max_iter):
    if not (np.isfinite(tol) and tol > 0):
        raise InputError(f"tol must be a positive number, got {tol!r}")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InputError(f"max_iter must be a positive integer, got {max_iter!r}")


def _start(A: np.ndarray, x0, random_state) -> np.ndarray:
    if x0 is None:
        v = check_rng(random_state).normal(size=A.shape[0])
    else:
        v = as_vector(x0, "x0").astype(float)
        if v.shape[0] != A.shape[0]:
            raise InputError(f"x0 has {v.shape[0]} entries, A is {A.shape[0]}x{A.shape[0]}")
    norm = np.sqrt(v @ v)
    if norm == 0:
        raise InputError("x0 must not be the zero vector")
    return v / norm


def _orient(v: np.ndarray) -> np.ndarray:
    return v if v[np.argmax(np.abs(v))] >= 0 else -v


def _scale(A: np.ndarray) -> float:
    return max(float(np.sqrt(np.sum(A * A))), np.finfo(float).tiny)


def _result(A, v, history, residuals, converged) -> EigenIteration:
    v = _orient(v)
    return EigenIteration(
        eigenvalue=float(v @ (A @ v)),
        eigenvector=v.astype(A.dtype, copy=False),
        history=np.asarray(history),
        residuals=np.asarray(residuals),
        n_iter=len(history),
        converged=converged,
    )


def power_iteration(
    A, x0=None, *, tol: float = 1e-10, max_iter: int = 1000, random_state=None
) -> EigenIteration:
    r"""Dominant eigenpair by power iteration, :math:`v_{k+1} = Av_k / \|Av_k\|`.

    Writing :math:`v_0 = \sum_i a_i u_i` in eigenvectors, :math:`A^kv_0 = \lambda_1^k(a_1u_1 +
    \sum_{i>1} a_i(\lambda_i/\lambda_1)^k u_i)`: the error shrinks like
    :math:`|\lambda_2/\lambda_1|^k` (for symmetric :math:`A` the Rayleigh quotient's error like
    its square). Stops when :math:`\|Av - \rho v\| \le \text{tol}\cdot\|A\|_F`.

    Parameters
    ----------
    A : array_like, shape (n, n)
    x0 : array_like, shape (n,), optional
        Starting vector (random normal by default, from ``random_state``).
    tol : float
    max_iter : int
    random_state : None, int or numpy Generator

    Returns
    -------
    EigenIteration
    """
    A = as_matrix(A, "A", square=True)
    _check_params(tol, max_iter)
    v = _start(A, x0, random_state)
    target = tol * _scale(A)
    history, residuals = [], []
    for _ in range(max_iter):
        w = A @ v
        rho = v @ w
        r = float(np.sqrt(np.sum((w - rho * v) ** 2)))
        history.append(rho)
        residuals.append(r)
        norm = np.sqrt(w @ w)
        if r <= target or norm == 0:
            return _result(A, v, history, residuals, True)
        v = w / norm
    return _result(A, v, history, residuals, False)


def _factor_shifted(A: np.ndarray, mu: float):
    """LU of A - mu I; nudge mu by a few ulps if it is exactly an eigenvalue (a zero pivot)."""
    n = A.shape[0]
    for attempt in range(5):
        packed, piv = lu_factor(A - mu * np.eye(n))
        if np.all(np.diagonal(packed) != 0):
            return packed, piv
        mu += (10.0**attempt) * np.finfo(float).eps * max(abs(mu), _scale(A))
    raise LinAlgError("the shifted matrix stays exactly singular")


def inverse_iteration(
    A, shift: float, x0=None, *, tol: float = 1e-10, max_iter: int = 1000, random_state=None
) -> EigenIteration:
    r"""The eigenpair whose eigenvalue is closest to ``shift``, by shifted inverse iteration.

    Each step solves :math:`(A - \mu I)w = v` (one LU factorization, reused) and normalises:
    power iteration on :math:`(A - \mu I)^{-1}`, whose dominant eigenvalue is
    :math:`1/(\lambda_j - \mu)` for the :math:`\lambda_j` nearest :math:`\mu`. The closer the
    shift, the faster: the error shrinks like :math:`|\lambda_j - \mu|/|\lambda_{\text{next}} -
    \mu|` per step.

    Parameters
    ----------
    A : array_like, shape (n, n)
    shift : float
        The target :math:`\mu`.
    x0, tol, max_iter, random_state
        As in :func:`power_iteration`.
    """
    A = as_matrix(A, "A", square=True)
    _check_params(tol, max_iter)
    if not np.isfinite(shift):
        raise InputError(f"shift must be a finite number, got {shift!r}")
    v = _start(A, x0, random_state)
    factors = _factor_shifted(A, float(shift))
    target = tol * _scale(A)
    history, residuals = [], []
    for _ in range(max_iter):
        w = lu_solve(factors, v)
        v = w / np.sqrt(w @ w)
        Av = A @ v
        rho = v @ Av
        r = float(np.sqrt(np.sum((Av - rho * v) ** 2)))
        history.append(rho)
        residuals.append(r)
        if r <= target:
            return _result(A, v, history, residuals, True)
    return _result(A, v, history, residuals, False)


def rayleigh_quotient_iteration(
    A, x0=None, *, shift=None, tol: float = 1e-12, max_iter: int = 50, random_state=None
) -> EigenIteration:
    r"""Inverse iteration whose shift is the current Rayleigh quotient :math:`\rho(v) = v^TAv`.

    For symmetric :math:`A`, :math:`|\rho(v) - \lambda| = O(\|v - u\|^2)`, so the shift
    improves as fast as the vector and convergence is *cubic*: the number of correct digits
    roughly triples each step. Which eigenpair it finds depends on the start (``shift`` as the
    first shift, else :math:`\rho(x_0)`). A new LU factorization each step.
    """
    A = as_matrix(A, "A", square=True)
    _check_params(tol, max_iter)
    v = _start(A, x0, random_state)
    rho = float(v @ A @ v) if shift is None else float(shift)
    target = tol * _scale(A)
    history, residuals = [], []
    for _ in range(max_iter):
        w = lu_solve(_factor_shifted(A, rho), v)
        v = w / np.sqrt(w @ w)
        Av = A @ v
        rho = float(v @ Av)
        r = float(np.sqrt(np.sum((Av - rho * v) ** 2)))
        history.append(rho)
        residuals.append(r)
        if r <= target:
            return _result(A, v, history, residuals, True)
    return _result(A, v, history, residuals, False)


def _ritz_pairs(B: np.ndarray, v: np.ndarray, target: float):
    r"""Rayleigh–Ritz on :math:`\operatorname{span}\{v, Bv\}`: two eigenpairs, or None.

    When :math:`\lambda` and :math:`-\lambda` (or two nearly equal magnitudes) lead, the power
    iterates do not settle on a vector but on that two-dimensional invariant subspace. The
    :math:`2 \times 2` projection :math:`H = Q^TBQ` (:math:`Q` an orthonormal basis of the
    subspace) is diagonalized by one Jacobi rotation; its pairs are accepted only if their
    residuals :math:`\|Bx - \theta x\|` meet ``target``.
    """
    w = B @ v
    w = w - (v @ w) * v
    w = w - (v @ w) * v
    norm = float(np.sqrt(w @ w))
    if norm <= np.finfo(float).eps * _scale(B):
        return None
    Q = np.column_stack([v, w / norm])
    H = Q.T @ B @ Q
    a, b, c = H[0, 0], (H[0, 1] + H[1, 0]) / 2, H[1, 1]
    phi = 0.5 * np.arctan2(2 * b, a - c)
    rotation = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])
    X = Q @ rotation
    pairs = []
    for x in X.T:
        x = x / np.sqrt(x @ x)
        theta = float(x @ B @ x)
        if float(np.sqrt(np.sum((B @ x - theta * x) ** 2))) > target:
            return None
        pairs.append((theta, x))
    return sorted(pairs, key=lambda p: -abs(p[0]))


def deflation(
    A, k: int, *, tol: float = 1e-10, max_iter: int = 5000, random_state=None
) -> tuple[np.ndarray, np.ndarray, list[EigenIteration]]:
    r"""The ``k`` eigenpairs of largest magnitude of a symmetric matrix, by power iteration and deflation.

    After finding :math:`(\lambda_1, v_1)`, Hotelling's deflation
    :math:`A_2 = A - \lambda_1 v_1 v_1^T` has the same eigenvectors with :math:`\lambda_1`
    replaced by 0 (the spectral theorem makes the eigenvectors orthogonal), so power iteration
    on :math:`A_2` finds :math:`(\lambda_2, v_2)`, and so on. Errors accumulate with each
    deflation; this is a teaching method — use :func:`foundations.linalg.eigh` in practice.

    Two eigenvalues of equal magnitude and opposite sign (:math:`\pm\lambda`) stop the power
    iteration from converging: its iterates swing inside the plane of the two eigenvectors.
    That is detected (the run does not converge) and the pair is resolved by Rayleigh–Ritz on
    :math:`\operatorname{span}\{v, Av\}`; if even that does not give residuals within ``tol``,
    :class:`~foundations.errors.LinAlgError` is raised rather than a wrong eigenvalue returned.

    Returns
    -------
    eigenvalues : ndarray, shape (k,)
        By decreasing magnitude.
    eigenvectors : ndarray, shape (n, k)
    runs : list of EigenIteration
        The power iteration of each step, with its history (a pair resolved by Rayleigh–Ritz
        shares one run).

    Raises
    ------
    LinAlgError
        A power iteration did not converge within ``max_iter`` steps and Rayleigh–Ritz on its
        last iterates did not resolve it (leading magnitudes too close for ``max_iter``).
    """
    A = as_matrix(A, "A", square=True)
    n = A.shape[0]
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not 1 <= k <= n:
        raise InputError(f"k must be an integer between 1 and {n}, got {k!r}")
    _check_params(tol, max_iter)
    if np.max(np.abs(A - A.T)) > np.sqrt(np.finfo(float).eps) * np.max(np.abs(A)):
        raise InputError("deflation needs a symmetric matrix")
    rng = check_rng(random_state)
    B = (A + A.T) / 2
    target = tol * _scale(B)
    values, vectors, runs = [], [], []
    while len(values) < k:
        run = power_iteration(B, tol=tol, max_iter=max_iter, random_state=rng)
        pairs = [(run.eigenvalue, run.eigenvector)]
        if not run.converged:
            pairs = _ritz_pairs(B, run.eigenvector, target)
            if pairs is None:
                raise LinAlgError(
                    f"power iteration for eigenpair {len(values)} did not converge in "
                    f"{max_iter} steps (residual {run.residuals[-1]:.1e}): the leading "
                    "eigenvalues of the deflated matrix have (nearly) equal magnitudes"
                )
        for theta, v in pairs[: k - len(values)]:
            v = _orient(v)
            # Refine the eigenvalue on the original matrix, then remove the pair.
            values.append(float(v @ A @ v))
            vectors.append(v)
            runs.append(run)
            B = B - theta * np.outer(v, v)
    return np.array(values), np.column_stack(vectors), runs
