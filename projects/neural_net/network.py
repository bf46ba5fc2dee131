r"""The multilayer perceptron's math in NumPy: initialisation, forward pass, loss, backward pass.

A network with layer sizes :math:`d_0 = p` (features), :math:`d_1, \dots, d_{L-1}` (hidden) and
:math:`d_L` outputs has weights :math:`W_l \in \mathbb R^{d_{l-1}\times d_l}` and intercepts
:math:`b_l \in \mathbb R^{d_l}`. For a batch :math:`X` of shape :math:`(n, p)`:

.. math:: A_0 = X, \qquad Z_l = A_{l-1} W_l + \mathbf 1 b_l^\top, \qquad A_l = g(Z_l)
          \quad (l < L), \qquad Z_L = A_{L-1} W_L + \mathbf 1 b_L^\top .

The output :math:`Z_L` holds the *logits*: :math:`K \ge 3` classes get :math:`d_L = K` and the
softmax; two classes get :math:`d_L = 1` and the logistic function, and :math:`K` labels that
can hold at once (multilabel) get :math:`K` logistic units (scikit-learn's layout).
With sample weights :math:`s_i` (all 1 by default), :math:`S = \sum_i s_i`, the loss is the
weighted mean cross-entropy plus the L2 penalty,

.. math:: J = \frac1S \sum_i s_i\,\ell_i + \frac{\alpha}{2S}\sum_l \lVert W_l\rVert_F^2, \qquad
          \ell_i = \operatorname{logsumexp}(z_i) - z_{i,y_i}
          \quad\text{or}\quad \ell_i = \sum_k \operatorname{softplus}(z_{ik}) - y_{ik} z_{ik}
          \ \text{(logistic units)},

computed from the logits (log-softmax), never as :math:`-\log p` of a rounded probability: no
overflow for huge logits and no :math:`\log 0` for confident wrong ones.

**Backward pass** (the chain rule, one matrix product per step). For softmax + cross-entropy
and for logistic + binary cross-entropy alike, :math:`\partial \ell_i/\partial z_i = p_i - y_i`
(:math:`y_i` one-hot), so with :math:`\Delta_l = \partial (S J)/\partial Z_l`, shape
:math:`(n, d_l)`,

.. math:: \Delta_L = \operatorname{diag}(s)\,(P - Y), \qquad
          \frac{\partial J}{\partial W_l} = \frac{A_{l-1}^\top \Delta_l + \alpha W_l}{S}, \qquad
          \frac{\partial J}{\partial b_l} = \frac{\Delta_l^\top \mathbf 1}{S}, \qquad
          \Delta_{l-1} = (\Delta_l W_l^\top) \odot g'(Z_{l-1}),

with :math:`g'` read off the activations: ReLU :math:`[A > 0]`, tanh :math:`1 - A^2`, logistic
:math:`A(1 - A)`. The same loss through :class:`foundations.multivariable.Tensor`'s reverse-mode
autodiff lives in :mod:`.tensor_path`; the tests check both give the same gradients.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "forward",
    "init_bound",
    "initial_parameters",
    "loss_and_gradients",
    "objective",
    "output_probabilities",
    "penalty",
    "sample_losses",
]

ACTIVATIONS = ("relu", "tanh", "logistic", "identity")
INITS = ("glorot", "he")


def init_bound(fan_in: int, fan_out: int, activation: str, init: str) -> float:
    r"""Half-width :math:`r` of the uniform :math:`U(-r, r)` the weights are drawn from.

    Glorot (Xavier): :math:`r = \sqrt{6/(d_{in} + d_{out})}`, variance
    :math:`2/(d_{in}+d_{out})`, keeping the signal's variance through tanh layers (scikit-learn's
    rule, which uses :math:`\sqrt{2/(d_{in}+d_{out})}` for the logistic). He:
    :math:`r = \sqrt{6/d_{in}}`, variance :math:`2/d_{in}`, making up for ReLU zeroing half of
    its inputs.
    """
    if init == "he":
        return float(np.sqrt(6.0 / fan_in))
    factor = 2.0 if activation == "logistic" else 6.0
    return float(np.sqrt(factor / (fan_in + fan_out)))


def initial_parameters(layer_units, activation, init, rng, dtype):
    """Weights and intercepts drawn from :math:`U(-r, r)` layer by layer (see :func:`init_bound`).

    The draws come in scikit-learn's order (each layer's weights, then its intercepts, from the
    same ``numpy.random.RandomState``), so with ``init="glorot"`` and the same seed the start is
    the same as ``sklearn.neural_network.MLPClassifier``'s.
    """
    coefs, intercepts = [], []
    for fan_in, fan_out in itertools.pairwise(layer_units):
        r = init_bound(fan_in, fan_out, activation, init)
        coefs.append(rng.uniform(-r, r, (fan_in, fan_out)).astype(dtype, copy=False))
        intercepts.append(rng.uniform(-r, r, fan_out).astype(dtype, copy=False))
    return coefs, intercepts


def _activate(Z: np.ndarray, activation: str) -> np.ndarray:
    """``g(Z)`` in place (``Z`` is a fresh product, never a caller's array)."""
    if activation == "relu":
        np.maximum(Z, 0, out=Z)
    elif activation == "tanh":
        np.tanh(Z, out=Z)
    elif activation == "logistic":
        # sigma(z) = (1 + tanh(z/2)) / 2: no overflow for any z.
        Z *= 0.5
        np.tanh(Z, out=Z)
        Z += 1
        Z *= 0.5
    return Z


def _derivative_times(delta: np.ndarray, A: np.ndarray, activation: str) -> None:
    """``delta *= g'(Z)`` in place, with ``g'`` written through the activations ``A = g(Z)``."""
    if activation == "relu":
        delta[A <= 0] = 0
    elif activation == "tanh":
        delta *= 1 - A * A
    elif activation == "logistic":
        delta *= A * (1 - A)


def forward(X, coefs, intercepts, activation: str) -> list:
    """Activations ``[A_0 = X, A_1, ..., A_{L-1}, Z_L]``: every layer's output, logits last."""
    layers = [X]
    last = len(coefs) - 1
    for i, (W, b) in enumerate(zip(coefs, intercepts, strict=True)):
        Z = layers[-1] @ W
        Z += b
        layers.append(_activate(Z, activation) if i < last else Z)
    return layers


def _log_normaliser(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Softmax :math:`P` and :math:`\operatorname{logsumexp}` of each row of the logits.

    With :math:`m_i = \max_k z_{ik}`: :math:`e^{z - m} \le 1` never overflows, and the row sum
    is at least 1 (the largest term), so its logarithm loses nothing to cancellation.
    """
    m = Z.max(axis=1, keepdims=True)
    E = Z - m
    np.exp(E, out=E)
    total = E.sum(axis=1, keepdims=True)
    E /= total
    return E, (np.log(total) + m)[:, 0]


def _binary_parts(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Per-sample :math:`\ell = \operatorname{softplus}(z) - yz` and :math:`\sigma(z)`, stably.

    :math:`\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})` and
    :math:`\sigma(z) = (1 + \tanh(z/2))/2`; neither overflows.
    """
    losses = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1 + np.tanh(0.5 * z))
    return losses, p


def output_probabilities(Z: np.ndarray, logistic: bool) -> np.ndarray:
    """Probabilities from the logits: the softmax of each row, or :math:`\\sigma` of each logit."""
    if logistic:
        return 0.5 * (1 + np.tanh(0.5 * Z))
    return _log_normaliser(Z)[0]


def penalty(coefs, alpha: float) -> float:
    r""":math:`\tfrac{\alpha}{2}\sum_l \lVert W_l \rVert_F^2` (divided by :math:`S` in the loss)."""
    total = 0.0
    for W in coefs:
        w = W.ravel()
        total += float(np.dot(w, w))
    return 0.5 * alpha * total


def sample_losses(Z: np.ndarray, targets: np.ndarray):
    """Per-sample losses :math:`\\ell_i` from the logits ``Z`` and :math:`P - Y` (the output
    layer's delta, unweighted); ``Z`` is overwritten."""
    n = Z.shape[0]
    if targets.ndim == 2:
        y = targets.astype(Z.dtype, copy=False)
        losses, delta = _binary_parts(Z, y)
        delta -= y
        return losses.sum(axis=1), delta
    delta, lse = _log_normaliser(Z)
    rows = np.arange(n)
    losses = lse - Z[rows, targets]
    delta[rows, targets] -= 1
    return losses, delta


def objective(X, targets, coefs, intercepts, activation, alpha, sample_weight=None) -> float:
    """The penalised loss :math:`J` alone (a forward pass, no backward pass)."""
    losses, _ = sample_losses(forward(X, coefs, intercepts, activation)[-1], targets)
    if sample_weight is None:
        return (float(losses.sum()) + penalty(coefs, alpha)) / X.shape[0]
    S = float(sample_weight.sum())
    return (float(np.dot(sample_weight, losses)) + penalty(coefs, alpha)) / S


def loss_and_gradients(X, targets, coefs, intercepts, activation, alpha, sample_weight=None):
    """The penalised loss :math:`J` and its gradients, by the explicit backward pass above.

    Parameters
    ----------
    X : ndarray or sparse matrix, shape (n, p)
    targets : ndarray
        Softmax output: the class index of each sample, ints of shape ``(n,)``. Logistic
        outputs (two classes, or several labels at once): a 0/1 matrix of shape ``(n, d_L)``,
        each column a binary cross-entropy, summed.
    coefs, intercepts : lists of ndarray
        :math:`W_l` of shape :math:`(d_{l-1}, d_l)` and :math:`b_l` of shape :math:`(d_l,)`.
    activation : {"relu", "tanh", "logistic", "identity"}
    alpha : float
        L2 penalty strength :math:`\\alpha \\ge 0`.
    sample_weight : ndarray, shape (n,), optional

    Returns
    -------
    loss : float
    coef_grads, intercept_grads : lists of ndarray shaped like ``coefs`` and ``intercepts``
    """
    n = X.shape[0]
    layers = forward(X, coefs, intercepts, activation)
    Z = layers[-1]
    S = float(n if sample_weight is None else sample_weight.sum())
    losses, delta = sample_losses(Z, targets)
    if sample_weight is None:
        data_loss = float(losses.sum())
    else:
        data_loss = float(np.dot(sample_weight, losses))
        delta *= sample_weight[:, None]
    loss = (data_loss + penalty(coefs, alpha)) / S
    coef_grads = [None] * len(coefs)
    intercept_grads = [None] * len(coefs)
    for i in range(len(coefs) - 1, -1, -1):
        G = layers[i].T @ delta
        G += alpha * coefs[i]
        G /= S
        coef_grads[i] = np.asarray(G)
        intercept_grads[i] = delta.sum(axis=0) / S
        if i > 0:
            delta = delta @ coefs[i].T
            _derivative_times(delta, layers[i], activation)
    return loss, coef_grads, intercept_grads
