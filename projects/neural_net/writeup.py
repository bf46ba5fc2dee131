"""The run's files: ``report.md`` (the math with this run's numbers), ``metrics.json``,
``predictions.csv`` and the figures, all from the typed :class:`~.pipeline.Result`."""

from __future__ import annotations

import pandas as pd

from toolkit.reporting import Report, side_by_side

from . import plots
from .pipeline import Result

__all__ = ["cleaning_notes", "metrics", "predictions", "render", "table", "write_report"]

_DERIVATIVE = {
    "relu": r"[Z_1 > 0]",
    "tanh": r"(1 - A_1 \odot A_1)",
    "logistic": r"A_1 \odot (1 - A_1)",
    "identity": r"1",
}


def table(result: Result) -> str:
    """The side-by-side table of ours against scikit-learn (printed and in ``report.md``)."""
    rows = [
        {
            "model": s.model,
            "test accuracy": s.test_accuracy,
            "test log loss": s.test_log_loss,
            "epochs": s.epochs,
            "fit time (s)": s.fit_time,
            "s / epoch": s.time_per_epoch,
        }
        for s in result.scores
    ]
    return side_by_side(rows)


def predictions(result: Result) -> pd.DataFrame:
    """One row per test sample: its input row, the true class, both predictions, our probabilities."""
    classes = result.classes
    frame = pd.DataFrame(
        {
            "row": result.table.rows[result.test],
            "actual": result.labels(result.test),
            "predicted": classes[result.proba.argmax(axis=1)],
            "probability": result.proba.max(axis=1),
            "predicted_sklearn": classes[result.proba_reference.argmax(axis=1)],
        }
    )
    for k, c in enumerate(classes):
        frame[f"p_{c}"] = result.proba[:, k]
    return frame


def cleaning_notes(result: Result) -> list[str]:
    """One sentence per cleaning step that changed the data (empty when none did)."""
    t, e = result.table, result.encoded
    notes = []
    if t.dropped_target_rows:
        notes.append(f"{t.dropped_target_rows} of {t.n_input_rows} rows dropped: no target value")
    for name, count in e.imputed_cells.items():
        notes.append(f"{count} missing cell(s) of {name!r} set to the training mean")
    for name, count in e.unseen_categories.items():
        notes.append(f"{count} row(s) of {name!r} hold a category not seen in training (all zeros)")
    return notes


def _shapes(result: Result) -> list[int]:
    return [result.encoded.X_train.shape[1], *result.options.hidden, result.ours.n_outputs_]


def metrics(result: Result) -> dict:
    """The numbers of ``metrics.json``."""
    o, ours, g, s = result.options, result.ours, result.gradients, result.same
    ours_acc, ref_acc = result.scores[0].test_accuracy, result.scores[-1].test_accuracy
    return {
        "source": result.table.source,
        "n_input_rows": result.table.n_input_rows,
        "n_train": int(result.train.size),
        "n_validation": int(result.validation.size),
        "n_test": int(result.test.size),
        "n_features": result.encoded.X_train.shape[1],
        "classes": [str(c) for c in result.classes],
        "cleaning": cleaning_notes(result),
        "layer_sizes": _shapes(result),
        "n_parameters": result.n_params,
        "options": {k: v for k, v in vars(o).items() if k != "data"} | {"data": str(o.data)},
        "learning_rate": o.rate,
        "epochs_run": ours.n_iter_,
        "best_epoch": result.best_epoch,
        "final_training_loss": ours.loss_curve_[-1],
        "best_validation_loss": ours.best_validation_loss_,
        "scores": [vars(sc) | {"time_per_epoch": sc.time_per_epoch} for sc in result.scores],
        "accuracy_gap_vs_sklearn_points": 100 * (ours_acc - ref_acc),
        "acceptance_accuracy_within_1_point": bool(ours_acc >= ref_acc - 0.01),
        "tensor_fit_max_relative_loss_gap": result.tensor_gap,
        "sklearn_replay_matches_fit": result.reference.matches_fit,
        "same_start": {
            "epochs": s.epochs,
            "learning_rate": s.learning_rate,
            "alpha": s.alpha,
            "max_relative_loss_gap": s.max_relative_gap,
            "max_weight_gap": s.max_weight_gap,
            "within_1e-10": bool(s.max_relative_gap <= 1e-10),
            "first_loss": s.ours[0],
            "last_loss": s.ours[-1],
        },
        "gradient_check": vars(g),
        "confusion": result.confusion,
    }


def _backward_math(result: Result) -> str:
    units = _shapes(result)
    B = (
        min(200, result.train.size)
        if result.options.batch_size is None
        else result.options.batch_size
    )
    p, h, K = units[0], units[1], units[-1]
    L = len(units) - 1
    act = result.options.activation
    out = "the softmax" if result.ours.out_activation_ == "softmax" else "the logistic function"
    prev = f"A_{{{L - 1}}}"
    wide = units[-2]
    return f"""With a batch of $B = {B}$ rows, the layers are {" → ".join(map(str, units))}
($L = {L}$ weight layers). The output layer takes its input $A_{{{L - 1}}}$ ($B\\times{wide}$) to
the logits $Z_{L} = {prev} W_{L} + \\mathbf 1 b_{L}^\\top$ ($B\\times{K}$), and {out} turns them into
$P$. For the cross-entropy $J$ the backward pass is, with shapes:

$$\\Delta_{L} = P - Y \\quad ({B}\\times{K}), \\qquad
\\frac{{\\partial J}}{{\\partial W_{L}}} = \\frac{{{prev}^\\top \\Delta_{L} + \\alpha W_{L}}}{{B}}
\\quad ({wide}\\times{K}), \\qquad
\\frac{{\\partial J}}{{\\partial b_{L}}} = \\frac{{\\Delta_{L}^\\top \\mathbf 1}}{{B}} \\quad ({K}),$$

$$\\Delta_{{{L - 1}}} = (\\Delta_{L} W_{L}^\\top) \\odot g'(Z_{{{L - 1}}}) \\quad ({B}\\times{wide}),$$

and so on down to the first layer, $\\partial J/\\partial W_1 = (X^\\top \\Delta_1 + \\alpha W_1)/B$
(${p}\\times{h}$), where for {act} $g'(Z_1) = {_DERIVATIVE[act]}$. Every step is one matrix
product; nothing of size $B\\times B$ or (parameters × parameters) is ever formed."""


def _checks_markdown(result: Result) -> str:
    """The same-start and gradient-check sections of ``report.md``."""
    s, g = result.same, result.gradients
    kinks = (
        f"{g.near_kinks} hidden pre-activations lie within 1e-4 of the ReLU's kink, where a "
        "difference can straddle it."
        if g.near_kinks
        else ""
    )
    return f"""## Same start: the gradients are the same

From identical initial weights, {s.epochs} epochs of full-batch gradient descent (learning rate
{s.learning_rate:g}, $\\alpha = {s.alpha:g}$, no momentum) on the {result.train.size} training rows:
the loss went from {s.ours[0]:.6f} to {s.ours[-1]:.6f}, and ours and scikit-learn's
`MLPClassifier(solver="sgd", momentum=0, batch_size=n)` differ by at most
**{s.max_relative_gap:.1e}** (relative) after any epoch; the final weights by {s.max_weight_gap:.1e}.

![same start](figures/same_start.png)

## Gradient check on the real data

At the trained weights, on {g.rows} training rows, the backward pass's gradient of all
{g.n_params:,} parameters against central differences ($2\\times{g.n_params:,}$ forward passes):
relative error $\\lVert g - \\hat g\\rVert / \\max(\\lVert g\\rVert, \\lVert\\hat g\\rVert)$ =
**{g.vs_central_differences:.1e}**, worst coordinate {g.worst_coordinate:.1e} (of the largest
entry). Against the `Tensor` autodiff gradient: {g.vs_tensor_autodiff:.1e}.
{kinks}"""


def render(result: Result) -> str:
    """``report.md``: the problem, the math of this run, the comparison, the checks, the files."""
    o, ours = result.options, result.ours
    m = metrics(result)
    notes = cleaning_notes(result)
    cleaning = "; ".join(notes) + "." if notes else "no cleaning step changed the data."
    best = result.best_epoch
    ours_acc, ref_acc = result.scores[0].test_accuracy, result.scores[-1].test_accuracy
    images = result.table.images
    gallery = (
        "\n![misclassified](figures/misclassified.png)\n\n![first layer](figures/first_layer.png)\n"
        if images
        else ""
    )
    tensor = (
        f"Trained with the gradients of `foundations.multivariable.Tensor`'s reverse-mode autodiff "
        f"instead, the same run's losses differ from the explicit pass's by at most "
        f"{result.tensor_gap:.1e} (relative)."
        if result.tensor_gap is not None
        else ""
    )
    stop_note = (
        "Early stopping did not trigger: the validation loss was still improving when the "
        f"epoch limit ({o.epochs}) ended training."
        if ours.n_iter_ == o.epochs and best > ours.n_iter_ - o.patience
        else ""
    )
    files = "\n".join(f"- `{name}`" for name in _file_list(result))
    return f"""# A multilayer perceptron from scratch

Data: {result.table.source}: {result.table.n_input_rows:,} rows, {m["n_features"]} features,
{result.classes.size} classes; split by class (seed {o.seed}) into {result.train.size} training,
{result.validation.size} validation and {result.test.size} test rows. Cleaning: {cleaning}

## The network of this run

Layers {" → ".join(map(str, m["layer_sizes"]))}, {o.activation} hidden units, **{result.n_params:,}
parameters**; {o.optimizer} with learning rate {o.rate:g}, L2 penalty $\\alpha = {o.alpha:g}$.
Each epoch shuffles the training rows and takes one step per batch on

$$J = \\frac1B\\sum_{{i}} \\bigl(\\operatorname{{logsumexp}}(z_i) - z_{{i,y_i}}\\bigr)
+ \\frac{{\\alpha}}{{2B}}\\sum_l \\lVert W_l \\rVert_F^2 ,$$

the cross-entropy computed from the logits (log-softmax), so it never takes $\\log 0$.

{_backward_math(result)}

## Training

Ours ran {ours.n_iter_} epochs; the validation loss was lowest at epoch **{best}**
({ours.best_validation_loss_:.4f}), and those weights are kept (early stopping: no improvement by
{ours.tol:g} for more than {o.patience} epochs). The training loss of the last epoch was
{ours.loss_curve_[-1]:.4f}. {stop_note} scikit-learn's stops on its *training* loss instead
(the same rule); it ran {result.reference.model.n_iter_} epochs. Both draw the initial weights and
the shuffles from the same seed in the same order, so where both are still running their curves
are one computation and lie on top of each other.

![loss curves](figures/loss_curves.png)

## Ours beside scikit-learn (same architecture, optimizer, batch size; each its own stopping)

{table(result)}

Test accuracy: ours {ours_acc:.2%}, scikit-learn's {ref_acc:.2%}
({m["accuracy_gap_vs_sklearn_points"]:+.2f} points; acceptance needs at least −1). {tensor}
scikit-learn's curves come from replaying its `fit` one `partial_fit` per epoch; the replay ends
at `fit`'s weights: {"yes" if result.reference.matches_fit else "NO"}.

![confusion](figures/confusion.png)
{gallery}
{_checks_markdown(result)}

## Files

{files}
"""


def _file_list(result: Result) -> list[str]:
    names = ["report.md", "metrics.json", "predictions.csv", "figures/loss_curves.png",
             "figures/same_start.png", "figures/confusion.png"]  # fmt: skip
    if result.table.images:
        names += ["figures/misclassified.png", "figures/first_layer.png"]
    return names


def write_report(report: Report, result: Result) -> None:
    """Write every file of the run into ``report``'s folder."""
    report.save_figure(plots.loss_curves_figure(result), "loss_curves")
    report.save_figure(plots.same_start_figure(result), "same_start")
    report.save_figure(plots.confusion_figure(result), "confusion")
    if result.table.images:
        report.save_figure(plots.misclassified_figure(result), "misclassified")
        report.save_figure(plots.first_layer_figure(result), "first_layer")
    report.write_table(predictions(result), "predictions.csv")
    report.write_metrics(metrics(result))
    report.write_markdown(render(result))
