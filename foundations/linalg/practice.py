r"""Linear algebra in practice: the matrix product three ways, and data as rows (chapter 3).

The definition of the product of :math:`A \in \mathbb{R}^{m \times p}` and
:math:`B \in \mathbb{R}^{p \times n}` is

.. math:: (AB)_{ij} = \sum_{k=1}^{p} a_{ik} b_{kj},

:math:`mnp` multiply–adds. Written as three nested Python loops (:func:`matmul_naive`) every one
of them goes through the interpreter; as a sum of :math:`p` outer products
:math:`AB = \sum_k a_{:,k}\, b_{k,:}` (:func:`matmul_outer`) each step is one vectorized array
operation; and ``A @ B`` (:func:`matmul`) hands the whole product to an optimized BLAS, which
blocks it for the caches and uses SIMD and every core. Same arithmetic, wildly different speed
(:func:`time_matmul` measures it; the notes give the numbers).

Data as rows: a data set is an array ``X`` of shape ``(n_samples, n_features)``, one sample per
row (NumPy, scikit-learn, PyTorch). A linear map :math:`x \mapsto Wx` applied to every sample
is then ``X @ W.T`` — one matrix product for the whole batch (:func:`linear_layer`).
"""

from __future__ import annotations

import timeit

import numpy as np

from ..errors import InputError
from ..validation import as_float_array, as_matrix, as_vector

__all__ = ["linear_layer", "matmul", "matmul_naive", "matmul_outer", "time_matmul"]


def _pair(A, B) -> tuple[np.ndarray, np.ndarray]:
    A = as_matrix(A, "A")
    B = as_matrix(B, "B")
    if A.shape[1] != B.shape[0]:
        raise InputError(
            f"cannot multiply A {A.shape} by B {B.shape}: A's columns ({A.shape[1]}) must "
            f"equal B's rows ({B.shape[0]})"
        )
    return A, B


def matmul_naive(A, B) -> np.ndarray:
    r"""The matrix product from its definition, :math:`(AB)_{ij} = \sum_k a_{ik} b_{kj}`.

    Three nested Python loops over Python floats: the didactic version, about a million times
    slower than BLAS for large matrices. Use :func:`matmul`.

    Parameters
    ----------
    A : array_like, shape (m, p)
    B : array_like, shape (p, n)

    Returns
    -------
    C : ndarray, shape (m, n)
    """
    A, B = _pair(A, B)
    a, b = A.tolist(), B.tolist()
    m, p, n = A.shape[0], A.shape[1], B.shape[1]
    C = [[0.0] * n for _ in range(m)]
    for i in range(m):
        for j in range(n):
            total = 0.0
            for k in range(p):
                total += a[i][k] * b[k][j]
            C[i][j] = total
    return np.array(C, dtype=np.result_type(A.dtype, B.dtype))


def matmul_outer(A, B) -> np.ndarray:
    r"""The matrix product as a sum of outer products, :math:`AB = \sum_{k=1}^{p} a_{:,k}\, b_{k,:}`.

    One vectorized rank-1 update per :math:`k` (the loop order of LU's rank-1 version): every
    step streams the whole :math:`m \times n` result through memory.
    """
    A, B = _pair(A, B)
    C = np.zeros((A.shape[0], B.shape[1]), dtype=np.result_type(A.dtype, B.dtype))
    for k in range(A.shape[1]):
        C += np.outer(A[:, k], B[k])
    return C


def matmul(A, B) -> np.ndarray:
    r"""The matrix product :math:`AB`, with its shape rule checked (``A @ B``: optimized BLAS).

    Parameters
    ----------
    A : array_like, shape (m, p)
    B : array_like, shape (p, n)

    Returns
    -------
    C : ndarray, shape (m, n)
    """
    A, B = _pair(A, B)
    return A @ B


def linear_layer(X, W, b=None) -> np.ndarray:
    r"""Apply the affine map :math:`x \mapsto Wx + b` to every row of ``X`` at once.

    .. math:: Y = X W^\top + \mathbf{1} b^\top

    (PyTorch's ``nn.Linear`` convention: ``W`` has shape ``(n_out, n_in)``.) One matrix product
    for the whole batch instead of one matrix–vector product per sample.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_in)
    W : array_like, shape (n_out, n_in)
    b : array_like, shape (n_out,), optional

    Returns
    -------
    Y : ndarray, shape (n_samples, n_out)
    """
    X = as_matrix(X, "X")
    W = as_matrix(W, "W")
    if X.shape[1] != W.shape[1]:
        raise InputError(f"X has {X.shape[1]} features but W expects {W.shape[1]} inputs")
    Y = X @ W.T
    if b is not None:
        b = as_vector(b, "b")
        if b.size != W.shape[0]:
            raise InputError(f"b has {b.size} entries but W has {W.shape[0]} outputs")
        Y += b
    return Y


def _fastest(fn, repeat: int) -> float:
    """The fastest of ``repeat`` single calls of ``fn``, in seconds (the standard ``timeit``)."""
    return min(timeit.repeat(fn, number=1, repeat=max(1, repeat)))


def time_matmul(sizes=(16, 32, 64, 128), repeat: int = 3, naive_max: int = 128) -> dict:
    r"""Best-of-``repeat`` wall time of the three products on random ``n x n`` matrices.

    Returns
    -------
    dict
        ``{"n": [...], "naive": [...], "outer": [...], "blas": [...]}`` in seconds (``nan``
        for the naive product above ``naive_max``).
    """
    sizes = [int(n) for n in as_float_array(sizes, "sizes", ndim=1)]
    rng = np.random.default_rng(0)
    result: dict = {"n": sizes, "naive": [], "outer": [], "blas": []}
    for n in sizes:
        A, B = rng.normal(size=(2, n, n))
        naive = _fastest(lambda A=A, B=B: matmul_naive(A, B), repeat) if n <= naive_max else np.nan
        result["naive"].append(naive)
        result["outer"].append(_fastest(lambda A=A, B=B: matmul_outer(A, B), repeat))
        result["blas"].append(_fastest(lambda A=A, B=B: matmul(A, B), max(repeat, 5)))
    return result
