r"""``MLPClassifier``: a multilayer perceptron trained by mini-batch SGD, momentum or Adam.

The estimator mirrors ``sklearn.neural_network.MLPClassifier`` (the same parameters, attributes
and random draws, so with the same ``random_state`` both start from the same weights and visit
the samples in the same order) and adds what the scikit-learn one lacks:

- ``fit(X, y, X_val=..., y_val=...)`` records the validation loss after every epoch
  (``validation_loss_curve_``), and with ``early_stopping=True`` stops when it has not improved
  by ``tol`` for more than ``n_iter_no_change`` epochs, keeping the best weights (scikit-learn
  stops on the validation *accuracy*, a coarser signal);
- ``init="he"`` for ReLU networks, and ``backprop="tensor"`` to take the gradients from
  :class:`foundations.multivariable.Tensor`'s reverse-mode autodiff instead of the explicit
  backward pass of :mod:`.network` (the same numbers, slower).

One epoch shuffles the training rows, cuts them into batches of ``batch_size`` and takes one
optimizer step per batch on the batch's loss :math:`J` (see :mod:`.network`), by
``foundations.multivariable``'s :class:`~foundations.multivariable.SGD` or
:class:`~foundations.multivariable.Adam` (chapter 17; scikit-learn's updates, bit for bit); ``loss_curve_``
holds each epoch's batch losses averaged with weights the batch sizes, as scikit-learn's does.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_random_state, gen_batches, shuffle
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from foundations.errors import InputError
from foundations.multivariable import SGD, Adam
from foundations.validation import check_sample_weight

from .network import (
    forward,
    initial_parameters,
    loss_and_gradients,
    output_probabilities,
)
from .tensor_path import tensor_loss_and_gradients
from .training import check_params, data_loss, split_validation

__all__ = ["MLPClassifier"]

_NON_FINITE = (
    "Solver produced non-finite parameter weights. The input data may contain large values "
    "and need to be preprocessed."
)


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """Multilayer perceptron classifier (scikit-learn's parameters, plus ``init`` and ``backprop``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (100,)
    activation : {"relu", "tanh", "logistic", "identity"}, default "relu"
    solver : {"adam", "sgd"}, default "adam"
    alpha : float, default 1e-4
        L2 penalty :math:`\\alpha`, the loss gaining :math:`\\frac{\\alpha}{2S}\\sum\\lVert W\\rVert^2`.
    batch_size : int or "auto", default "auto"
        ``"auto"`` is ``min(200, n_samples)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default "constant"
        SGD's schedule (applied by the estimator to the optimizer's ``lr``).
    learning_rate_init : float, default 1e-3
    power_t : float, default 0.5
    max_iter : int, default 200
        Most epochs per ``fit``.
    shuffle : bool, default True
    random_state : int, RandomState or None
    tol : float, default 1e-4
    warm_start : bool, default False
    momentum : float, default 0.9
    nesterovs_momentum : bool, default True
    early_stopping : bool, default False
        Stop on the validation loss (``X_val``/``y_val``, or a stratified
        ``validation_fraction`` of the training data) and restore the best weights.
    validation_fraction : float, default 0.1
    beta_1, beta_2, epsilon : float
        Adam's constants.
    n_iter_no_change : int, default 10
    init : {"glorot", "he"}, default "glorot"
        Glorot is scikit-learn's rule; He suits ReLU.
    backprop : {"numpy", "tensor"}, default "numpy"
        Where the gradients come from: the explicit backward pass, or ``Tensor`` autodiff.

    Attributes
    ----------
    classes_ : ndarray
    coefs_, intercepts_ : lists of ndarray
        :math:`W_l` of shape :math:`(d_{l-1}, d_l)`, :math:`b_l` of shape :math:`(d_l,)`.
    loss_ : float
        The last epoch's training loss.
    loss_curve_ : list of float
    best_loss_ : float or None
    validation_loss_curve_ : list of float or None
    best_validation_loss_ : float or None
    n_iter_ : int
        Epochs run.
    t_ : int
        Training samples seen (with repeats).
    n_layers_, n_outputs_ : int
    out_activation_ : {"softmax", "logistic"}
    n_features_in_ : int
    """

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        init="glorot",
        backprop="numpy",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.init = init
        self.backprop = backprop

    # --- fitting ---------------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None, *, X_val=None, y_val=None, sample_weight_val=None):
        """Train for up to ``max_iter`` epochs from a fresh start (or the last one, ``warm_start``).

        ``X_val``, ``y_val`` (and ``sample_weight_val``): a validation set whose loss is recorded
        after every epoch, and used for early stopping when ``early_stopping=True``.
        """
        return self._fit(
            X, y, sample_weight, incremental=False, val=(X_val, y_val, sample_weight_val)
        )

    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over ``X`` (all classes must be named by ``classes`` on the first call)."""
        if not hasattr(self, "classes_"):
            if classes is None and not type_of_target(y).startswith("multilabel"):
                raise ValueError("classes must be passed on the first call to partial_fit.")
            self._label_binarizer = LabelBinarizer().fit(
                y if classes is None else np.asarray(classes)
            )
            self.classes_ = self._label_binarizer.classes_
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(
                f"`classes={np.unique(classes)}` is not the same as on the first call to "
                f"partial_fit, which was {self.classes_}"
            )
        return self._fit(X, y, sample_weight, incremental=True, val=(None, None, None))

    def _targets(self, y, reset: bool, incremental: bool):
        """Validated labels as network targets: class codes (softmax) or a 0/1 matrix (logistic)."""
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if reset:
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
        elif y.ndim == 1:
            seen = unique_labels(y)
            if self.warm_start and not incremental and set(seen) != set(self.classes_):
                raise ValueError(
                    "warm_start can only be used where `y` has the same classes as in the "
                    f"previous call to fit. Previously got {self.classes_}, `y` has {seen}"
                )
            if len(np.setdiff1d(seen, self.classes_)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`. `self.classes_` has "
                    f"{self.classes_}. 'y' has {seen}."
                )
        if self._label_binarizer.y_type_ == "multiclass":
            return np.searchsorted(self.classes_, y)
        return self._label_binarizer.transform(y)

    def _fit(self, X, y, sample_weight, incremental, val):
        check_params(self, incremental)
        first = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            dtype=(np.float64, np.float32),
            reset=first,
        )
        targets = self._targets(y, first and not incremental, incremental)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        rng = check_random_state(self.random_state)
        if first:
            self._initialize(X, rng)
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer()
        train, valid = split_validation(self, X, targets, sample_weight, rng, val)
        with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught as non-finite
            self._run_epochs(train, valid, rng, incremental)
        if not all(np.isfinite(w).all() for w in self.coefs_ + self.intercepts_):
            raise ValueError(_NON_FINITE)
        return self

    def _initialize(self, X, rng):
        hidden = list(np.atleast_1d(self.hidden_layer_sizes))
        logistic = self._label_binarizer.y_type_ != "multiclass"
        n_out = 1 if self._label_binarizer.y_type_ == "binary" else len(self.classes_)
        units = [X.shape[1], *map(int, hidden), n_out]
        self.n_layers_, self.n_outputs_ = len(units), n_out
        self.out_activation_ = "logistic" if logistic else "softmax"
        self.coefs_, self.intercepts_ = initial_parameters(
            units, self.activation, self.init, rng, X.dtype
        )
        self.n_iter_, self.t_ = 0, 0
        self.loss_curve_ = []
        self.best_loss_ = np.inf
        self.validation_loss_curve_ = None
        self.best_validation_loss_ = None
        self._no_improvement_count = 0

    def _make_optimizer(self):
        """``foundations.multivariable``'s SGD or Adam (scikit-learn's updates, bit for bit)."""
        if self.solver == "sgd":
            return SGD(self.learning_rate_init, self.momentum, self.nesterovs_momentum)
        return Adam(self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)

    def _end_of_epoch(self) -> None:
        """SGD's ``"invscaling"`` schedule: :math:`\\eta = \\eta_0 / (t + 1)^{p}`, t samples seen."""
        if self.solver == "sgd" and self.learning_rate == "invscaling":
            self._optimizer.lr = self.learning_rate_init / (self.t_ + 1) ** self.power_t

    def _stalled(self) -> bool:
        """The watched loss stalled: stop, or for SGD's ``"adaptive"`` schedule divide the rate by 5."""
        adaptive = self.solver == "sgd" and self.learning_rate == "adaptive"
        if not adaptive or self._optimizer.lr <= 1e-6:
            return True
        self._optimizer.lr /= 5.0
        return False

    def _run_epochs(self, train, valid, rng, incremental):
        X, targets, weights = train
        n = X.shape[0]
        if self.batch_size == "auto":
            batch = min(200, n)
        else:
            if not 1 <= self.batch_size <= n:
                warnings.warn(
                    "Got `batch_size` less than 1 or larger than sample size. It is going to "
                    "be clipped",
                    stacklevel=4,
                )
            batch = int(np.clip(self.batch_size, 1, n))
        gradients = tensor_loss_and_gradients if self.backprop == "tensor" else loss_and_gradients
        params = self.coefs_ + self.intercepts_
        if valid is not None and self.validation_loss_curve_ is None:
            self.validation_loss_curve_, self.best_validation_loss_ = [], np.inf
        best = None
        order = np.arange(n)
        for _ in range(1 if incremental else self.max_iter):
            if self.shuffle:
                order = shuffle(order, random_state=rng)
            total = 0.0
            for piece in gen_batches(n, batch):
                rows = order[piece] if self.shuffle else piece
                w = None if weights is None else weights[rows]
                if w is not None and not w.sum() > 0:
                    continue  # a batch of zero total weight has no loss to step on
                loss, gW, gb = gradients(
                    X[rows], targets[rows], self.coefs_, self.intercepts_, self.activation,
                    self.alpha, w,
                )  # fmt: skip
                total += loss * (piece.stop - piece.start)
                if not np.isfinite(loss):
                    raise ValueError(_NON_FINITE)
                try:
                    self._optimizer.step(params, gW + gb)
                except InputError:  # an infinite gradient: the same verdict
                    raise ValueError(_NON_FINITE) from None
            self.n_iter_ += 1
            self.t_ += n
            self.loss_ = total / n
            self.loss_curve_.append(self.loss_)
            watched = self.loss_
            if valid is not None:
                watched = data_loss(self, *valid)
                self.validation_loss_curve_.append(watched)
            stop, best = self._track(watched, valid is not None and self.early_stopping, best)
            self._end_of_epoch()
            if stop:
                break
            if self.n_iter_ == self.max_iter and not incremental:
                warnings.warn(
                    f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached and "
                    "the optimization hasn't converged yet.",
                    ConvergenceWarning,
                    stacklevel=4,
                )
        if best is not None:  # early stopping keeps the best epoch's weights
            self.coefs_, self.intercepts_ = best

    def _track(self, watched, on_validation, best):
        """Count epochs without improvement by ``tol``; True when it is time to stop."""
        record = self.best_validation_loss_ if on_validation else self.best_loss_
        if watched > record - self.tol:
            self._no_improvement_count += 1
        else:
            self._no_improvement_count = 0
        if watched < record:
            if on_validation:
                self.best_validation_loss_ = watched
                best = ([W.copy() for W in self.coefs_], [b.copy() for b in self.intercepts_])
            else:
                self.best_loss_ = watched
        if self._no_improvement_count > self.n_iter_no_change:
            if self._stalled():
                return True, best
            self._no_improvement_count = 0
        return False, best

    # --- prediction ------------------------------------------------------------------------

    def _logits(self, X):
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=["csr", "csc"], dtype=(np.float64, np.float32), reset=False
        )
        return forward(X, self.coefs_, self.intercepts_, self.activation)[-1]

    def predict_proba(self, X):
        """Class probabilities, shape ``(n_samples, n_classes)``, columns in ``classes_`` order."""
        Z = self._logits(X)
        P = output_probabilities(Z, self.out_activation_ == "logistic")
        if self._label_binarizer.y_type_ == "binary":
            return np.column_stack([1 - P[:, 0], P[:, 0]])
        return P

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        P = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(P)

    def predict(self, X):
        """The most probable class of each row (labels above 0.5 for multilabel targets)."""
        Z = self._logits(X)
        P = output_probabilities(Z, self.out_activation_ == "logistic")
        if self._label_binarizer.y_type_ == "binary":
            P = P[:, 0]
        return self._label_binarizer.inverse_transform(P)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.classifier_tags.multi_label = True
        return tags
