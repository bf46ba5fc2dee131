"""The estimator's helpers: its parameter checks, its validation set, the validation loss."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import column_or_1d, validate_data

from foundations.validation import check_sample_weight

from .network import ACTIVATIONS, INITS, forward, sample_losses

__all__ = ["check_params", "data_loss", "split_validation"]


def _number(est, name, low, high, *, low_open=False, high_open=False, integer=False):
    value = getattr(est, name)
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not np.isfinite(value):
        what = "an integer" if integer else "a finite number"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    too_low = value <= low if low_open else value < low
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left, right = "(" if low_open else "[", ")" if high_open or high is None else "]"
        raise ValueError(
            f"{name} must be in {left}{low}, {'inf' if high is None else high}{right}, got {value!r}"
        )


def _choice(est, name, options):
    value = getattr(est, name)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")


def check_params(est, incremental: bool) -> None:
    """Raise ``ValueError`` naming the first impossible parameter of the estimator ``est``."""
    sizes = np.atleast_1d(np.asarray(est.hidden_layer_sizes, dtype=object))
    if sizes.ndim != 1 or not all(
        isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes
    ):
        raise ValueError(f"hidden_layer_sizes must be integers, got {est.hidden_layer_sizes!r}")
    if np.any(sizes.astype(int) <= 0):
        raise ValueError(f"hidden_layer_sizes must be > 0, got {list(sizes)}.")
    _choice(est, "activation", ACTIVATIONS)
    _choice(est, "solver", ("adam", "sgd"))
    _choice(est, "learning_rate", ("constant", "invscaling", "adaptive"))
    _choice(est, "init", INITS)
    _choice(est, "backprop", ("numpy", "tensor"))
    _number(est, "alpha", 0.0, None)
    if not (isinstance(est.batch_size, str) and est.batch_size == "auto"):
        _number(est, "batch_size", 1, None, integer=True)
    _number(est, "learning_rate_init", 0.0, None, low_open=True)
    _number(est, "power_t", 0.0, None)
    _number(est, "max_iter", 1, None, integer=True)
    _number(est, "tol", 0.0, None)
    _number(est, "momentum", 0.0, 1.0, high_open=True)
    _number(est, "validation_fraction", 0.0, 1.0, low_open=True, high_open=True)
    _number(est, "beta_1", 0.0, 1.0, high_open=True)
    _number(est, "beta_2", 0.0, 1.0, high_open=True)
    _number(est, "epsilon", 0.0, None, low_open=True)
    _number(est, "n_iter_no_change", 1, None, integer=True)
    if est.early_stopping and incremental:
        raise ValueError("partial_fit does not support early_stopping=True")


def data_loss(est, X, targets, sample_weight=None) -> float:
    r"""Mean cross-entropy of the fitted network on ``(X, targets)``, without the penalty.

    Computed from the logits (:math:`\operatorname{logsumexp}(z) - z_y`, or softplus for
    logistic units), so it stays finite however confident a wrong prediction is.
    """
    Z = forward(X, est.coefs_, est.intercepts_, est.activation)[-1]
    losses, _ = sample_losses(Z, targets)
    if sample_weight is None:
        return float(losses.mean())
    return float(np.dot(sample_weight, losses) / sample_weight.sum())


def split_validation(est, X, targets, sample_weight, rng, val):
    """The training part and the validation set (or ``None``), each ``(X, targets, weights)``.

    The validation set is ``val = (X_val, y_val, sample_weight_val)`` when given (checked like
    the training data), else with ``early_stopping`` a stratified ``validation_fraction`` of
    the training rows drawn from ``rng`` (scikit-learn's split), else ``None``.
    """
    X_val, y_val, w_val = val
    if X_val is not None or y_val is not None:
        if X_val is None or y_val is None:
            raise ValueError("X_val and y_val go together: pass both or neither")
        X_val, y_val = validate_data(
            est,
            X_val,
            y_val,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            dtype=(np.float64, np.float32),
            reset=False,
        )
        y_val = column_or_1d(y_val) if y_val.ndim == 2 and y_val.shape[1] == 1 else y_val
        unseen = np.setdiff1d(unique_labels(y_val), est.classes_) if y_val.ndim == 1 else []
        if len(unseen):
            raise ValueError(f"y_val has classes not seen in y: {unseen}")
        if w_val is not None:
            w_val = check_sample_weight(w_val, X_val.shape[0], X_val.dtype)
        codes = (
            np.searchsorted(est.classes_, y_val)
            if est._label_binarizer.y_type_ == "multiclass"
            else est._label_binarizer.transform(y_val)
        )
        return (X, targets, sample_weight), (X_val, codes, w_val)
    if not est.early_stopping:
        return (X, targets, sample_weight), None
    stratify = targets if targets.ndim == 1 or targets.shape[1] == 1 else None
    parts = train_test_split(
        X,
        targets,
        *([] if sample_weight is None else [sample_weight]),
        random_state=rng,
        test_size=est.validation_fraction,
        stratify=stratify,
    )
    if parts[1].shape[0] < 2:
        raise ValueError(
            "The validation set is too small. Increase 'validation_fraction' or the size "
            "of your dataset."
        )
    w_tr, w_va = (parts[4], parts[5]) if sample_weight is not None else (None, None)
    return (parts[0], parts[2], w_tr), (parts[1], parts[3], w_va)
