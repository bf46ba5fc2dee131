"""The run, step by step: load → split → encode → fit ours and scikit-learn's → evaluate → compare.

:func:`run` takes the :class:`Options` the command line parsed and returns a :class:`Result`
with every number the printed table, ``metrics.json`` and ``report.md`` show, and the arrays
the figures and ``predictions.csv`` need. The steps pass typed values, never string-keyed
dictionaries.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from toolkit.timing import Progress, best_time

from .comparison import (
    GradientCheck,
    SameStart,
    SklearnEpochs,
    gradient_check,
    same_start,
    sklearn_epochs,
)
from .data import Encoded, Table, encode, load_digits_table, load_table, stratified_split
from .model import MLPClassifier

__all__ = ["DEFAULT_LEARNING_RATES", "STEPS", "Options", "Result", "Score", "run"]

#: How many steps :func:`run` reports to its :class:`~toolkit.timing.Progress`.
STEPS = 5

#: The learning rate each ``--optimizer`` gets unless ``--learning-rate`` says otherwise.
DEFAULT_LEARNING_RATES = {"adam": 1e-3, "momentum": 1e-2, "sgd": 1e-1}


@dataclass(frozen=True)
class Options:
    """What the user chose (the command line's flags)."""

    data: Path | None = None
    target: str = "target"
    hidden: tuple[int, ...] = (100,)
    activation: str = "relu"
    optimizer: str = "adam"
    epochs: int = 200
    learning_rate: float | None = None
    batch_size: int | None = None  # None: min(200, n_train), scikit-learn's "auto"
    alpha: float = 1e-4
    patience: int = 10
    test_size: float = 0.2
    validation_size: float = 0.2
    seed: int = 0
    same_start_epochs: int = 100
    tensor_fit: bool = True

    @property
    def rate(self) -> float:
        return self.learning_rate or DEFAULT_LEARNING_RATES[self.optimizer]

    def network_params(self) -> dict:
        """The parameters ours and scikit-learn's share (architecture, optimizer, batches)."""
        return {
            "hidden_layer_sizes": self.hidden,
            "activation": self.activation,
            "solver": "adam" if self.optimizer == "adam" else "sgd",
            "momentum": 0.9 if self.optimizer == "momentum" else 0.0,
            "learning_rate_init": self.rate,
            "batch_size": "auto" if self.batch_size is None else self.batch_size,
            "alpha": self.alpha,
            "max_iter": self.epochs,
            "n_iter_no_change": self.patience,
        }


@dataclass(frozen=True)
class Score:
    """One model on the test split: accuracy, log loss, epochs and fit time (seconds)."""

    model: str
    test_accuracy: float
    test_log_loss: float
    epochs: int
    fit_time: float

    @property
    def time_per_epoch(self) -> float:
        return self.fit_time / max(self.epochs, 1)


@dataclass(frozen=True)
class Result:
    """Everything one run found (see the module docstring)."""

    options: Options
    table: Table
    train: np.ndarray  # indices into table rows
    validation: np.ndarray
    test: np.ndarray
    encoded: Encoded
    classes: np.ndarray
    ours: MLPClassifier
    reference: SklearnEpochs
    scores: list[Score]
    tensor_gap: float | None  # largest relative gap between the numpy and Tensor fits' losses
    same: SameStart
    gradients: GradientCheck
    proba: np.ndarray  # ours, test split
    proba_reference: np.ndarray
    confusion: np.ndarray  # rows: true class, columns: predicted (ours)

    @property
    def n_params(self) -> int:
        return int(
            sum(W.size for W in self.ours.coefs_) + sum(b.size for b in self.ours.intercepts_)
        )

    @property
    def best_epoch(self) -> int:
        curve = self.ours.validation_loss_curve_
        return int(np.argmin(curve)) + 1

    def labels(self, part: np.ndarray) -> np.ndarray:
        return self.table.labels[part]


def _fit_ours(options, params, X, y, X_val, y_val, backprop="numpy"):
    model = MLPClassifier(
        **params, early_stopping=True, random_state=options.seed, backprop=backprop
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return best_time(lambda: model.fit(X, y, X_val=X_val, y_val=y_val), repeat=1)


def _fit_sklearn(params, X, y, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return best_time(lambda: SkMLPClassifier(**params, random_state=seed).fit(X, y), repeat=1)


def _score(name, model, X, y, classes, seconds, epochs) -> tuple[Score, np.ndarray]:
    proba = model.predict_proba(X)
    accuracy = float(np.mean(model.predict(X) == y))
    return Score(name, accuracy, float(log_loss(y, proba, labels=classes)), epochs, seconds), proba


def run(options: Options, progress: Progress | None = None) -> Result:
    """Run the whole comparison; ``progress`` (optional) shows :data:`STEPS` steps."""
    progress = progress or Progress(total=STEPS, enabled=False)
    with progress.step("loading, splitting and encoding the data"):
        table = (
            load_digits_table()
            if options.data is None
            else load_table(options.data, options.target)
        )
        train, val, test = stratified_split(
            table.labels, options.test_size, options.validation_size, options.seed
        )
        enc = encode(table, train, val, test)
        y_tr, y_va, y_te = table.labels[train], table.labels[val], table.labels[test]
        classes = np.unique(table.labels)
    params = options.network_params()
    with progress.step("training ours (early stopping on the validation loss)"):
        ours, t_ours = _fit_ours(options, params, enc.X_train, y_tr, enc.X_val, y_va)
        tensor_gap, tensor_row = None, None
        if options.tensor_fit:
            twin, t_twin = _fit_ours(
                options, params, enc.X_train, y_tr, enc.X_val, y_va, backprop="tensor"
            )
            a, b = np.asarray(ours.loss_curve_), np.asarray(twin.loss_curve_)
            m = min(a.size, b.size)
            tensor_gap = float(np.max(np.abs(a[:m] - b[:m]) / np.abs(b[:m])))
            tensor_row = ("ours, Tensor autodiff", twin, t_twin, twin.n_iter_)
    with progress.step("training scikit-learn's (its own stopping rule)"):
        ref_model, t_ref = _fit_sklearn(params, enc.X_train, y_tr, options.seed)
        reference = sklearn_epochs(params, enc.X_train, y_tr, enc.X_val, y_va, options.seed)
    scores, probas = [], []
    rows = [
        ("ours", ours, t_ours, ours.n_iter_),
        ("scikit-learn", ref_model, t_ref, ref_model.n_iter_),
    ]
    if tensor_row is not None:
        rows.insert(1, tensor_row)
    for name, model, seconds, epochs in rows:
        score, proba = _score(name, model, enc.X_test, y_te, classes, seconds, epochs)
        scores.append(score)
        probas.append(proba)
    with progress.step("same start: full-batch gradient descent, ours and scikit-learn's"):
        same = same_start(
            enc.X_train, y_tr, options.hidden, options.activation, options.alpha, options.seed,
            epochs=options.same_start_epochs,
        )  # fmt: skip
    with progress.step("gradient check against central differences"):
        grads = gradient_check(ours, enc.X_train, y_tr, seed=options.seed)
    predicted = ours.predict(enc.X_test)
    codes_true, codes_pred = np.searchsorted(classes, y_te), np.searchsorted(classes, predicted)
    confusion = np.zeros((classes.size, classes.size), dtype=int)
    np.add.at(confusion, (codes_true, codes_pred), 1)
    return Result(
        options=options,
        table=table,
        train=train,
        validation=val,
        test=test,
        encoded=enc,
        classes=classes,
        ours=ours,
        reference=reference,
        scores=scores,
        tensor_gap=tensor_gap,
        same=same,
        gradients=grads,
        proba=probas[0],
        proba_reference=probas[-1],
        confusion=confusion,
    )
