"""Command line and pipeline: load → clean → features → fit → evaluate → compare → plots → report."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.cli import use_agg_backend
from toolkit.reporting import Report, side_by_side
from toolkit.timing import Progress, best_time

from .model import NearestCentroidClassifier

__all__ = [
    "DEFAULT_OUT",
    "PACKAGE",
    "clean",
    "load",
    "main",
    "parse_args",
    "plot",
    "split",
    "standardize",
]

PACKAGE = __package__ or "template"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Nearest-centroid classification from scratch, side by side with scikit-learn.",
    )
    parser.add_argument("--data", type=Path, help="a CSV of your own (default: the wine dataset)")
    parser.add_argument(
        "--target", default="target", help="label column of --data (default: target)"
    )
    parser.add_argument(
        "--test-size", type=float, default=0.25, help="held-out share (default 0.25)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument("--seed", type=int, default=0, help="seed for the train/test split")
    args = parser.parse_args(argv)
    if not 0 < args.test_size < 1:
        parser.error(f"--test-size must be between 0 and 1, got {args.test_size}")
    return args


def load(path: Path | None, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """The features and labels: the wine dataset, or a CSV with a ``target`` column."""
    if path is None:
        from sklearn.datasets import load_wine

        frame = load_wine(as_frame=True).frame
    else:
        try:
            frame = pd.read_csv(path)
        except FileNotFoundError:
            raise InputError(f"--data {path} does not exist") from None
        except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise InputError(f"--data {path} is not a readable CSV file ({e})") from None
    if target not in frame.columns:
        raise InputError(f"the data has no column {target!r} (columns: {', '.join(frame.columns)})")
    return frame.drop(columns=[target]), frame[target]


def clean(features: pd.DataFrame, labels: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Keep numeric columns, drop rows with a missing value, check what is left is usable."""
    numeric = features.select_dtypes("number")
    if numeric.shape[1] == 0:
        raise InputError("the data has no numeric feature column")
    keep = numeric.notna().all(axis=1) & labels.notna()
    X = numeric[keep].to_numpy(dtype=float)
    y = labels[keep].to_numpy()
    if not np.all(np.isfinite(X)):
        raise InputError("the features contain inf")
    classes, counts = np.unique(y, return_counts=True)
    if classes.size < 2 or counts.min() < 2:
        raise InputError("need at least two classes with two or more samples each")
    return X, y, list(numeric.columns)


def split(n: int, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random train/test split of ``range(n)``."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = max(1, round(test_size * n))
    return order[n_test:], order[:n_test]


def standardize(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale each feature to mean 0, variance 1 using the training split's statistics only."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std


def plot(report: Report, model, names, X_test, y_test, pred) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3 + 0.3 * len(model.classes_)))
    im = ax.imshow(model.centroids_, cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
    ax.set(yticks=range(len(model.classes_)), yticklabels=model.classes_, title="Class centroids")
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=8)
    fig.colorbar(im, ax=ax, label="standardised value")
    report.save_figure(fig, "centroids")

    classes = model.classes_
    confusion = (y_test[:, None] == classes).T.astype(int) @ (pred[:, None] == classes).astype(int)
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.imshow(confusion, cmap="Blues")
    for (i, j), count in np.ndenumerate(confusion):
        ax.text(j, i, str(count), ha="center", va="center")
    ax.set(xlabel="predicted", ylabel="true", title="Confusion matrix (test split)")
    ax.set_xticks(range(len(classes)), classes)
    ax.set_yticks(range(len(classes)), classes)
    report.save_figure(fig, "confusion")


def main(argv=None) -> int:
    args = parse_args(argv)
    use_agg_backend()
    progress = Progress(total=4)
    with progress.step("loading and cleaning the data"):
        X, y, names = clean(*load(args.data, args.target))
        train, test = split(len(y), args.test_size, args.seed)
        X_train, X_test = standardize(X[train], X[test])
        y_train, y_test = y[train], y[test]
    with progress.step("fitting ours and scikit-learn's"):
        from sklearn.neighbors import NearestCentroid

        ours, t_ours = best_time(lambda: NearestCentroidClassifier().fit(X_train, y_train))
        ref, t_ref = best_time(lambda: NearestCentroid().fit(X_train, y_train))
        pred, pred_ref = ours.predict(X_test), ref.predict(X_test)
    rows = [
        {"model": name, "test accuracy": float(np.mean(p == y_test)), "fit time (s)": t}
        for name, p, t in [("ours", pred, t_ours), ("scikit-learn", pred_ref, t_ref)]
    ]
    agreement = float(np.mean(pred == pred_ref))
    centroid_gap = float(np.max(np.abs(ours.centroids_ - ref.centroids_)))
    report = Report(args.out)
    with progress.step("drawing figures"):
        plot(report, ours, names, X_test, y_test, pred)
    with progress.step("writing the report"):
        table = side_by_side(rows)
        report.write_metrics(
            {
                "n_samples": len(y),
                "n_features": X.shape[1],
                "n_train": len(train),
                "n_test": len(test),
                "seed": args.seed,
                "ours": rows[0],
                "sklearn": rows[1],
                "prediction_agreement": agreement,
                "max_centroid_difference": centroid_gap,
            }
        )
        report.write_markdown(
            f"""# Nearest-centroid classification

Data: {"the wine dataset (scikit-learn)" if args.data is None else args.data},
{len(y)} samples × {X.shape[1]} numeric features, {len(np.unique(y))} classes;
{len(train)} for training and {len(test)} held out (seed {args.seed}).

Each class is summarised by its mean $\\mu_c$; a sample goes to the class minimising
$\\lVert x - \\mu_c \\rVert^2 = \\lVert x\\rVert^2 - 2x^\\top\\mu_c + \\lVert\\mu_c\\rVert^2$.

{table}

Our predictions agree with scikit-learn's on {agreement:.1%} of the test samples; the
largest difference between the two sets of centroids is {centroid_gap:.2e}.

![centroids](figures/centroids.png)
![confusion](figures/confusion.png)
"""
        )
    print(table)
    print(f"\nReport written to {report.out_dir}")
    return 0
