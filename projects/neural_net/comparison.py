"""Ours against scikit-learn: the same start, scikit-learn epoch by epoch, a gradient check.

- :func:`same_start`: both networks from the *same* initial weights (ours drawn, then written
  into scikit-learn's model after a first ``partial_fit`` built its arrays), full-batch
  gradient descent with a constant learning rate and the same penalty. If the gradients agree,
  the two loss sequences agree to rounding after every epoch.
- :func:`sklearn_epochs`: scikit-learn's own ``fit``, replayed one ``partial_fit`` per epoch so
  its validation loss can be recorded after each epoch. Given a ``RandomState`` *instance*,
  each call draws from the same stream ``fit`` would (the start, then one shuffle per epoch),
  and the loop stops where ``fit`` does (its count of epochs without improvement); the run
  checks the replay ends at ``fit``'s weights.
- :func:`gradient_check`: the backward pass against central differences
  (:func:`foundations.multivariable.gradient`, measured as
  :func:`~foundations.multivariable.check_gradient` does) on real rows, and against the ``Tensor``
  autodiff gradients.
"""

from __future__ import annotations

import copy
import itertools
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.utils import shuffle

from foundations.multivariable import gradient

from .model import MLPClassifier
from .network import loss_and_gradients, objective
from .tensor_path import tensor_loss_and_gradients

__all__ = [
    "GradientCheck",
    "SameStart",
    "SklearnEpochs",
    "gradient_check",
    "same_start",
    "sklearn_epochs",
]


@dataclass(frozen=True)
class SameStart:
    """Loss after each epoch of full-batch gradient descent, ours and scikit-learn's."""

    epochs: int
    learning_rate: float
    alpha: float
    ours: np.ndarray
    sklearn: np.ndarray
    max_relative_gap: float
    max_weight_gap: float


@dataclass(frozen=True)
class SklearnEpochs:
    """scikit-learn's fit replayed epoch by epoch: its curves and whether it matches ``fit``."""

    model: SkMLPClassifier
    train_loss: list[float]
    validation_loss: list[float]
    matches_fit: bool


@dataclass(frozen=True)
class GradientCheck:
    """Relative errors of the backward pass on ``rows`` real samples, ``n_params`` coordinates.

    ``near_kinks`` counts hidden ReLU pre-activations within :math:`10^{-4}` of 0, where a
    central difference can straddle the kink.
    """

    rows: int
    n_params: int
    vs_central_differences: float  # ||g - g_hat|| / max(||g||, ||g_hat||)
    worst_coordinate: float  # max |g_i - g_hat_i| / max |g_i|
    vs_tensor_autodiff: float
    near_kinks: int


def _flat(arrays) -> np.ndarray:
    return np.concatenate([a.ravel() for a in arrays])


def _unflat(theta, like):
    out, start = [], 0
    for a in like:
        out.append(theta[start : start + a.size].reshape(a.shape))
        start += a.size
    return out


def same_start(X, y, hidden, activation, alpha, seed, *, epochs=100, learning_rate=0.1):
    """Full-batch GD from identical weights, ours and scikit-learn's (see the module docstring)."""
    common = dict(
        hidden_layer_sizes=hidden, activation=activation, solver="sgd", momentum=0.0,
        alpha=alpha, batch_size=X.shape[0], learning_rate="constant",
        learning_rate_init=learning_rate, max_iter=epochs, shuffle=False, tol=0.0,
        n_iter_no_change=epochs + 1, random_state=seed,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = MLPClassifier(**common).fit(X, y)
        ref = SkMLPClassifier(**{**common, "warm_start": True})
        ref.partial_fit(X, y, classes=np.unique(y))  # builds its arrays; weights replaced next
        initial = _initial_weights(X, y, common)
        ref.coefs_ = [W.copy() for W in initial[0]]
        ref.intercepts_ = [b.copy() for b in initial[1]]
        ref.loss_curve_, ref.best_loss_, ref._no_improvement_count = [], np.inf, 0
        ref.fit(X, y)
    a, b = np.asarray(ours.loss_curve_), np.asarray(ref.loss_curve_)
    gap = max(
        float(np.max(np.abs(u - v)))
        for u, v in zip(ours.coefs_ + ours.intercepts_, ref.coefs_ + ref.intercepts_, strict=True)
    )
    return SameStart(
        epochs, learning_rate, alpha, a, b, float(np.max(np.abs(a - b) / np.abs(b))), gap
    )


def _initial_weights(X, y, params):
    """Our initial weights for ``params`` (drawn from the seed, before any step)."""
    from sklearn.utils import check_random_state

    from .network import initial_parameters

    n_out = 1 if np.unique(y).size == 2 else np.unique(y).size
    units = [X.shape[1], *np.atleast_1d(params["hidden_layer_sizes"]).tolist(), n_out]
    rng = check_random_state(params["random_state"])
    return initial_parameters(units, params["activation"], "glorot", rng, X.dtype)


def sklearn_epochs(params: dict, X, y, X_val, y_val, seed: int) -> SklearnEpochs:
    """scikit-learn's ``MLPClassifier(**params)`` trained one epoch per ``partial_fit``.

    ``fit`` shuffles its running order of rows each epoch (the permutation composes), while each
    ``partial_fit`` shuffles ``arange(n)`` afresh; so each call gets the rows in ``fit``'s
    order so far, and that order is advanced by the permutation the call is about to draw
    (read from a copy of the random state).
    """
    classes = np.unique(y)
    rng = np.random.RandomState(seed)
    model = SkMLPClassifier(**{**params, "random_state": rng})
    hidden = np.atleast_1d(params.get("hidden_layer_sizes", (100,))).tolist()
    units = [X.shape[1], *hidden, 1 if classes.size == 2 else classes.size]
    order = np.arange(X.shape[0])
    train, valid = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for epoch in range(params["max_iter"]):
            peek = copy.deepcopy(rng)
            if epoch == 0:  # the first call draws the initial weights, then shuffles
                for fan_in, fan_out in itertools.pairwise(units):
                    peek.uniform(size=fan_in * fan_out)
                    peek.uniform(size=fan_out)
            step = shuffle(np.arange(X.shape[0]), random_state=peek)
            model.partial_fit(X[order], y[order], classes=classes)
            order = order[step]
            train.append(float(model.loss_curve_[-1]))
            valid.append(float(log_loss(y_val, model.predict_proba(X_val), labels=classes)))
            if model._no_improvement_count > model.n_iter_no_change:
                break  # where fit() stops: no improvement by tol for n_iter_no_change epochs
        fitted = SkMLPClassifier(**{**params, "random_state": seed}).fit(X, y)
    same = len(fitted.loss_curve_) == len(train) and all(
        np.array_equal(u, v) for u, v in zip(fitted.coefs_, model.coefs_, strict=True)
    )
    return SklearnEpochs(model, train, valid, bool(same))


def gradient_check(model: MLPClassifier, X, y, *, rows: int = 256, seed: int = 0) -> GradientCheck:
    """The backward pass at ``model``'s weights on ``rows`` samples of ``(X, y)``."""
    pick = np.random.default_rng(seed).choice(X.shape[0], min(rows, X.shape[0]), replace=False)
    Xb = np.asarray(X[pick], dtype=float)
    lb = model._label_binarizer
    targets = (
        np.searchsorted(model.classes_, y[pick])
        if lb.y_type_ == "multiclass"
        else lb.transform(y[pick])
    )
    W = [c.astype(float) for c in model.coefs_]
    b = [c.astype(float) for c in model.intercepts_]
    act, alpha = model.activation, model.alpha

    def fun(theta):
        parts = _unflat(theta, W + b)
        return objective(Xb, targets, parts[: len(W)], parts[len(W) :], act, alpha)

    def grad(theta):
        parts = _unflat(theta, W + b)
        _, gW, gb = loss_and_gradients(Xb, targets, parts[: len(W)], parts[len(W) :], act, alpha)
        return _flat(gW + gb)

    theta = _flat(W + b)
    g = grad(theta)
    approx = gradient(fun, theta)  # 2 x n_params forward passes
    # check_gradient's measure: ||g - g_hat|| / max(||g||, ||g_hat||).
    scale = max(float(np.linalg.norm(g)), float(np.linalg.norm(approx)), 1e-300)
    _, tW, tb = tensor_loss_and_gradients(Xb, targets, W, b, act, alpha)
    t = _flat(tW + tb)
    near = 0
    if act == "relu":
        near = sum(int(np.count_nonzero(np.abs(Z) < 1e-4)) for Z in _pre_activations(Xb, W, b))
    return GradientCheck(
        rows=len(pick),
        n_params=theta.size,
        vs_central_differences=float(np.linalg.norm(g - approx) / scale),
        worst_coordinate=float(np.max(np.abs(approx - g)) / max(float(np.max(np.abs(g))), 1e-300)),
        vs_tensor_autodiff=float(np.linalg.norm(g - t) / max(float(np.linalg.norm(t)), 1e-300)),
        near_kinks=near,
    )


def _pre_activations(X, coefs, intercepts):
    """A ReLU network's hidden :math:`Z_l` (a kink at 0 can spoil a central difference)."""
    out, A = [], X
    for W, b in zip(coefs[:-1], intercepts[:-1], strict=True):
        Z = A @ W + b
        out.append(Z)
        A = np.maximum(Z, 0)
    return out
