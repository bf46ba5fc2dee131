"""Command line and pipeline: load → features → choose k → fit → compare → profile → plots → report."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from foundations.errors import InputError
from toolkit.cli import use_agg_backend
from toolkit.reporting import Report, side_by_side
from toolkit.timing import Progress, best_time

from . import plots
from .features import RFM, from_customer_table, from_transactions
from .model import KMeans
from .seeding import kmeans_plusplus
from .segments import name_segments, profiles
from .selection import elbow, silhouette_score

__all__ = [
    "DEFAULT_OUT",
    "PACKAGE",
    "choose_k",
    "compare",
    "load_features",
    "main",
    "parse_args",
    "project_2d",
    "render_markdown",
]

PACKAGE = __package__ or "kmeans"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Customer segmentation with k-means from scratch, side by side with "
        "scikit-learn (default data: the CDNOW transaction log).",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--transactions", type=Path, help="a transaction-log CSV (one row a purchase)"
    )
    source.add_argument("--data", type=Path, help="a customer-table CSV (one row a customer)")
    parser.add_argument(
        "--customer-col", default="customer_id", help="customer column of --transactions"
    )
    parser.add_argument("--date-col", default="date", help="date column of --transactions")
    parser.add_argument("--amount-col", default="amount", help="amount column of --transactions")
    parser.add_argument(
        "--features",
        default="",
        help="comma-separated columns of --data (default: every numeric one)",
    )
    parser.add_argument(
        "--k", type=int, help="number of segments (default: the elbow of k-min..k-max)"
    )
    parser.add_argument("--k-min", type=int, default=2, help="smallest k tried (default 2)")
    parser.add_argument("--k-max", type=int, default=10, help="largest k tried (default 10)")
    parser.add_argument(
        "--n-init", type=int, default=4, help="k-means++ restarts per fit (default 4)"
    )
    parser.add_argument(
        "--silhouette-sample",
        type=int,
        default=2000,
        help="customers scored by the silhouette, each against all (default 2000)",
    )
    parser.add_argument("--algorithm", choices=["hamerly", "lloyd"], default="hamerly")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    args = parser.parse_args(argv)
    if args.features and args.data is None:
        parser.error("--features goes with --data (a customer table)")
    if args.k_min < 2 or args.k_max < args.k_min:
        parser.error(f"need 2 <= --k-min <= --k-max, got {args.k_min} and {args.k_max}")
    if args.k is not None and args.k < 1:
        parser.error(f"--k must be at least 1, got {args.k}")
    if args.n_init < 1 or args.silhouette_sample < 10:
        parser.error("--n-init must be >= 1 and --silhouette-sample >= 10")
    return args


def load_features(args):
    if args.data is not None:
        names = [f.strip() for f in args.features.split(",") if f.strip()]
        return from_customer_table(args.data, names)
    return from_transactions(
        args.transactions, customer=args.customer_col, date=args.date_col, amount=args.amount_col
    )


def choose_k(X, args, progress_note):
    """Inertia and silhouette for every k in the range; the elbow is the choice."""
    n = X.shape[0]
    k_max = min(args.k_max, n - 1)
    ks = list(range(args.k_min, k_max + 1))
    if not ks:
        raise InputError(f"only {n} customers: too few to compare k = {args.k_min}..{args.k_max}")
    inertias, silhouettes = [], []
    for k in ks:
        model = KMeans(k, n_init=args.n_init, random_state=args.seed, algorithm=args.algorithm)
        model.fit(X)
        inertias.append(model.inertia_)
        silhouettes.append(
            silhouette_score(
                X, model.labels_, sample_size=args.silhouette_sample, random_state=args.seed
            )
            if np.unique(model.labels_).size > 1
            else 0.0
        )
    progress_note(f"k = {ks[0]}..{ks[-1]}")
    return ks, inertias, silhouettes, elbow(ks, inertias)


def compare(X, k, args, sil):
    """Ours and scikit-learn's from the same k-means++ centres, then each with its own seeding."""
    from sklearn.cluster import KMeans as SkKMeans
    from sklearn.metrics import adjusted_rand_score

    seeds, _ = kmeans_plusplus(X, k, random_state=args.seed)
    runs = {
        "ours, same start": lambda: KMeans(k, init=seeds, algorithm=args.algorithm).fit(X),
        "scikit-learn, same start": lambda: SkKMeans(
            k, init=seeds, n_init=1, algorithm="lloyd"
        ).fit(X),
        "ours, own seeding": lambda: KMeans(
            k, n_init=args.n_init, random_state=args.seed, algorithm=args.algorithm
        ).fit(X),
        "scikit-learn, own seeding": lambda: SkKMeans(
            k, n_init=args.n_init, random_state=args.seed, algorithm="lloyd"
        ).fit(X),
    }
    fitted, rows = {}, []
    for name, fit in runs.items():
        model, seconds = best_time(fit, repeat=3)
        fitted[name] = model
        rows.append(
            {
                "model": name,
                "inertia": float(model.inertia_),
                "iterations": int(model.n_iter_),
                "silhouette": sil(model.labels_),
                "fit time (s)": seconds,
            }
        )
    for row in rows:
        partner = (
            row["model"].replace("scikit-learn", "ours")
            if "scikit" in row["model"]
            else row["model"]
        )
        row["ARI vs ours"] = float(
            adjusted_rand_score(fitted[partner].labels_, fitted[row["model"]].labels_)
        )
    return fitted, rows


def project_2d(X, centres):
    from foundations.linalg import PCA

    pca = PCA(n_components=2).fit(X)
    return pca.transform(X), pca.transform(centres), pca.explained_variance_ratio_


def main(argv=None) -> int:
    args = parse_args(argv)
    use_agg_backend()
    progress = Progress(total=6)
    with progress.step("loading the data and building the features"):
        features = load_features(args)
        X, raw = features.X, features.raw
        n, names = X.shape[0], list(raw.columns)
        if args.k is not None and args.k > n:
            raise InputError(f"only {n} customers, fewer than the k = {args.k} segments asked")
        if n < 3:
            raise InputError(f"only {n} customers: need at least 3 to segment")

    def sil(labels):
        if np.unique(labels).size < 2:
            return None
        return silhouette_score(
            X, labels, sample_size=args.silhouette_sample, random_state=args.seed
        )

    with progress.step("choosing k: elbow and silhouette"):
        ks, inertias, silhouettes, k_elbow = choose_k(X, args, lambda _: None)
        k = args.k if args.k is not None else k_elbow
        k_sil = ks[int(np.argmax(silhouettes))]
    with progress.step(f"fitting k = {k}, ours and scikit-learn's"):
        fitted, rows = compare(X, k, args, sil)
        model = fitted["ours, own seeding"]
        same = fitted["ours, same start"], fitted["scikit-learn, same start"]
        same_labels = bool(np.array_equal(same[0].labels_, same[1].labels_))
        same_gap = abs(same[0].inertia_ - same[1].inertia_) / same[1].inertia_
    with progress.step("profiling the segments"):
        labels = model.labels_
        revenue = "monetary" if tuple(names) == RFM else None
        table = profiles(raw, labels, revenue)
        centres_z = model.cluster_centers_
        segment_names = name_segments(table, raw, centres_z)
        table.insert(0, "name", segment_names)
    report = Report(args.out)
    with progress.step("drawing figures"):
        history = model.inertia_history_
        plots.sse_per_iteration(
            report, history, f"Lloyd's iterations, k = {k} (best of {args.n_init} runs)"
        )
        plots.elbow(report, ks, inertias, k_elbow)
        plots.silhouette(report, ks, silhouettes, k)
        points, centres_2d, explained = project_2d(X, centres_z)
        plots.segments_2d(report, points, centres_2d, labels, segment_names, explained)
        plots.profile_heatmap(report, centres_z, table, names, segment_names)
    with progress.step("writing the report"):
        printed = side_by_side(
            rows, ["model", "inertia", "iterations", "ARI vs ours", "silhouette", "fit time (s)"]
        )
        metrics = {
            "data": features.source,
            "n_customers": n,
            "features": names,
            "log_transformed": features.logged,
            "k_range": ks,
            "inertia_by_k": inertias,
            "silhouette_by_k": silhouettes,
            "k_elbow": k_elbow,
            "k_best_silhouette": k_sil,
            "k": k,
            "k_given": args.k is not None,
            "seed": args.seed,
            "n_init": args.n_init,
            "algorithm": args.algorithm,
            "inertia_history": history,
            "history_monotone": bool(np.all(np.diff(history) <= 0)),
            "same_start_labels_identical": same_labels,
            "same_start_inertia_relative_gap": same_gap,
            "comparison": rows,
            "segments": [
                {"segment": int(j), **{c: row[c] for c in table.columns}}
                for j, row in table.iterrows()
            ],
        }
        report.write_metrics(metrics)
        report.write_markdown(render_markdown(features, metrics, table, printed, model, k_sil))
    print(printed)
    print()
    print(side_by_side([{"segment": j, **row} for j, row in table.round(3).iterrows()]))
    print(f"\nReport written to {report.out_dir}")
    return 0


def render_markdown(features, m, table, printed, model, k_sil) -> str:
    history = m["inertia_history"]
    k = m["k"]
    logged = ", ".join(features.logged) if features.logged else "none"
    rfm = tuple(m["features"]) == RFM
    intro = (
        "Each customer becomes three numbers: **recency** (days from the last purchase to the day "
        "after the log ends), **frequency** (number of purchases) and **monetary** value (total "
        "spent)."
        if rfm
        else f"Each customer is described by the columns {', '.join(m['features'])}."
    )
    why_k = (
        f"k = {k} was given on the command line."
        if m["k_given"]
        else f"The elbow rule picks **k = {m['k_elbow']}**: on the curve scaled to the unit square it "
        "lies farthest below the chord from the first k to the last, i.e. where adding a segment "
        "stops paying off."
    )
    sil_note = (
        f" The silhouette peaks at k = {k_sil} ({max(m['silhouette_by_k']):.3f}); "
        f"at k = {k} it is {m['silhouette_by_k'][m['k_range'].index(k)]:.3f}"
        if k in m["k_range"]
        else f" The silhouette peaks at k = {k_sil}"
    )
    sil_note += (
        ". A peak at k = 2 is common with customer data: the one big split (one-time vs repeat "
        "buyers) separates best, but two segments say little, so the elbow decides."
        if k_sil == 2 and k != 2
        else "."
    )
    seg_rows = side_by_side([{"segment": j, **row} for j, row in table.iterrows()])
    return f"""# Customer segmentation with k-means

Data: {m["data"]}, **{m["n_customers"]:,} customers**.

## 1. Features

{intro} Skewed non-negative features (skewness > 1) are replaced by $\\log(1+x)$ — here: {logged} —
and every feature is standardised, $z = (x - \\bar x)/s$, so that squared Euclidean distance weighs
them equally.

## 2. The objective and Lloyd's iteration

k-means looks for centres $c_1,\\dots,c_k$ minimising the inertia (within-cluster sum of squares)

$$J = \\sum_{{i=1}}^{{n}} \\min_j \\lVert x_i - c_j \\rVert^2 .$$

Lloyd's iteration alternates two exact minimisations: assign each customer to the nearest centre
(distances as $\\lVert x\\rVert^2 - 2x^\\top c + \\lVert c\\rVert^2$, one matrix product per chunk of
rows), then move each centre to the mean of its customers. Neither step can raise $J$. In the
winning run (best of {m["n_init"]} k-means++ starts) $J$ went from {history[0]:,.1f} after the first
iteration to {history[-1]:,.1f} after iteration {len(history)}, never rising
(monotone: {"yes" if m["history_monotone"] else "NO"}); the final inertia is {model.inertia_:,.1f}.

![SSE per iteration](figures/sse_per_iteration.png)

## 3. Choosing k

Inertia always falls as k grows, so it cannot choose k alone. {why_k}{sil_note}

| k | {" | ".join(str(k_) for k_ in m["k_range"])} |
|---|{"---|" * len(m["k_range"])}
| inertia | {" | ".join(f"{v:,.0f}" for v in m["inertia_by_k"])} |
| silhouette | {" | ".join(f"{v:.3f}" for v in m["silhouette_by_k"])} |

The silhouette of a customer is $s = (b-a)/\\max(a,b)$ with $a$ its mean distance to its own
segment and $b$ to the nearest other segment; it is averaged over a random sample of customers,
each scored against all customers.

![elbow](figures/elbow.png)
![silhouette](figures/silhouette.png)

## 4. Ours beside scikit-learn

From the same k-means++ centres both implementations should walk to the same local optimum; with
their own seeding they may end in different (equally good or slightly worse) optima.

{printed}

Same start: labels identical: {"yes" if m["same_start_labels_identical"] else "no"}; relative
inertia gap {m["same_start_inertia_relative_gap"]:.1e}. ARI is the adjusted Rand index between the
labelings (1 = the same partition).

## 5. The segments

{seg_rows}

![profiles](figures/profiles.png)

The 2-D view projects the standardised features on their first two principal components
(`foundations.linalg.PCA`).

![segments](figures/segments_pca.png)
"""
