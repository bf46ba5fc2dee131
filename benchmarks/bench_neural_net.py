"""Neural net: our MLP's epochs against scikit-learn's ``MLPClassifier``, same architecture and batches.

Two workloads, each timed alternately (ours, scikit-learn's, ours, ...) in the same run:

- the digits (1,797 × 64, scaled to [0, 1]) with the default network 64 → 100 → 10, Adam,
  batches of 200, 20 epochs: the time per epoch;
- 50,000 × 100 synthetic rows (10 classes from a random linear teacher), 100 → 100 → 10,
  Adam, batches of 200, 5 epochs: the whole fit.

Both models get the same ``random_state``, so they draw the same start and the same shuffles
and run the same computation; the check says so (largest relative gap of the loss curves).
The harness reports the best time; the check adds the median of the runs and its ratio. Both
run with one BLAS thread (the project's default ``--threads 1``): the products are small
(200 × 100), and on a busy 2-core machine a second BLAS thread spins waiting for a core and
makes either library 10–50× slower at random.
Run alone with ``python -m benchmarks.bench_neural_net`` (or ``nox -s bench -- -k MLP``).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from projects.neural_net import MLPClassifier
from toolkit.parallel import blas_threads

from .harness import Case, run_case

__all__ = ["cases", "synthetic"]

REPEAT = 7


def synthetic(n=50_000, p=100, k=10, seed=0):
    """Gaussian features and labels from the argmax of a noisy random linear map."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    scores = X @ rng.normal(size=(p, k)) + rng.normal(scale=3.0, size=(n, k))
    return X, scores.argmax(axis=1)


def _timed(fit, times):
    def run():
        with warnings.catch_warnings(), blas_threads(1):
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            model = fit()
            times.append(time.perf_counter() - start)
        return model

    return run


def _case(workload, X, y, params, epochs_per_unit, target):
    ours_times, ref_times = [], []
    kw = {**params, "tol": 0.0, "n_iter_no_change": params["max_iter"] + 1, "random_state": 0}

    def check(ours, ref):
        a, b = np.asarray(ours.loss_curve_), np.asarray(ref.loss_curve_)
        gap = float(np.max(np.abs(a - b) / np.abs(b))) if a.shape == b.shape else np.inf
        mo, mr = np.median(ours_times), np.median(ref_times)
        per = (
            f"; per epoch {1e3 * mo / epochs_per_unit:.2f} ms vs {1e3 * mr / epochs_per_unit:.2f} ms"
            if epochs_per_unit > 1
            else ""
        )
        return (
            f"median {mo:.3f} s vs {mr:.3f} s, ratio {mo / mr:.2f} (min ratio above){per}; "
            f"same run: loss curves within {gap:.1e}"
        )

    return Case(
        workload=workload,
        ours=_timed(lambda: MLPClassifier(**kw).fit(X, y), ours_times),
        reference=_timed(lambda: SkMLPClassifier(**kw).fit(X, y), ref_times),
        check=check,
        repeat=REPEAT,
        target=target,
    )


def cases():
    X, y = load_digits(return_X_y=True)
    yield _case(
        "MLP digits 1,797x64, 64-100-10 Adam, batch 200, 20 epochs (time per epoch)",
        X / 16.0,
        y,
        {"hidden_layer_sizes": (100,), "batch_size": 200, "max_iter": 20},
        20,
        "ratio <= 1.5",
    )
    Xs, ys = synthetic()
    yield _case(
        "MLP fit 50,000x100 synthetic, 100-100-10 Adam, batch 200, 5 epochs",
        Xs,
        ys,
        {"hidden_layer_sizes": (100,), "batch_size": 200, "max_iter": 5},
        1,
        "ratio <= 1.5",
    )


if __name__ == "__main__":
    from toolkit.reporting import side_by_side

    rows = [run_case(case) for case in cases()]
    print(side_by_side(rows, ["workload", "ours (s)", "reference (s)", "ratio", "check", "target"]))
