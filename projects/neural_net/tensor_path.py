r"""The same loss built on :class:`foundations.multivariable.Tensor`: gradients by reverse-mode autodiff.

Each operation of the forward pass records a node of the computational graph; one
``loss.backward()`` walks it in reverse topological order and applies each node's
vector–Jacobian product (chapter 16). The graph for one hidden layer is

.. math:: X \xrightarrow{@W_1} \cdot \xrightarrow{+b_1} Z_1 \xrightarrow{g} A_1
          \xrightarrow{@W_2} \cdot \xrightarrow{+b_2} Z_2 \xrightarrow{\text{log-softmax}}
          \log P \xrightarrow{\odot Y,\ \sum} \ell, \qquad J = \ell / S + \text{penalty},

and the backward pass over it reproduces, node by node, the explicit formulas of
:mod:`.network` (the matmul node's products :math:`\bar A = \bar Y B^\top`,
:math:`\bar B = A^\top \bar Y`; the broadcast bias summed over the batch; the log-softmax's
:math:`\bar z = \bar\ell - \operatorname{softmax}(z)\sum\bar\ell`). It is the readable,
general path: any differentiable change to the loss needs no new backward code. It is slower
(a graph per batch, float64 always), so :class:`~.model.MLPClassifier` uses it only with
``backprop="tensor"``.

Logistic units (two classes, or multilabel): :math:`\operatorname{softplus}(z) =
\operatorname{logsumexp}(0, z)` is written as the log-sum-exp of the rows of :math:`z\,[0\ 1]`
(a matrix product with a constant), so the stable log-sum-exp node serves both cases.
"""

from __future__ import annotations

import numpy as np

from foundations.multivariable import Tensor

__all__ = ["tensor_loss_and_gradients"]


def _activate(T: Tensor, activation: str) -> Tensor:
    if activation == "relu":
        return T.relu()
    if activation == "tanh":
        return T.tanh()
    if activation == "logistic":
        return T.sigmoid()
    return T


def tensor_loss_and_gradients(X, targets, coefs, intercepts, activation, alpha, sample_weight=None):
    """:math:`J` and its gradients by one backward pass through a :class:`Tensor` graph.

    Same arguments and return values as :func:`.network.loss_and_gradients` (gradients in
    float64, the Tensor's precision).
    """
    X = X.toarray() if hasattr(X, "toarray") else np.asarray(X)
    n = X.shape[0]
    weights = [Tensor(W, label=f"W{i + 1}") for i, W in enumerate(coefs)]
    biases = [Tensor(b, label=f"b{i + 1}") for i, b in enumerate(intercepts)]
    A = Tensor(X, label="X")
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        Z = A @ W + b
        A = _activate(Z, activation) if i < len(weights) - 1 else Z
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if targets.ndim == 2:
        data = Tensor(0.0)
        for k in range(A.shape[1]):  # one logistic unit at a time
            z = A[:, k : k + 1]
            pair = z @ np.array([[0.0, 1.0]])  # rows [0, z]
            y = targets[:, k : k + 1].astype(float)
            losses = pair.logsumexp(axis=1, keepdims=True) - z * y  # softplus(z) - y z
            data = data + (losses * s[:, None]).sum()
    else:
        Y = np.zeros(A.shape)
        Y[np.arange(n), targets] = 1.0
        data = -(A.log_softmax(axis=1) * (Y * s[:, None])).sum()
    penalty = sum(((W * W).sum() for W in weights), Tensor(0.0)) * (0.5 * alpha)
    loss = (data + penalty) * (1.0 / s.sum())
    loss.backward()
    return (
        float(loss.data),
        [W.grad for W in weights],
        [b.grad for b in biases],
    )
