import json

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import run_cli

from ..cli import main

FIGURES = [
    "elbow.png",
    "profiles.png",
    "segments_pca.png",
    "silhouette.png",
    "sse_per_iteration.png",
]
QUICK = ["--k-max", "6", "--n-init", "2", "--silhouette-sample", "300"]


def test_cdnow_run_writes_the_report(tmp_path, capsys):
    out = tmp_path / "report"
    assert run_cli(main, ["--out", str(out), *QUICK]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_customers"] == 23_570
    assert metrics["features"] == ["recency", "frequency", "monetary"]
    assert metrics["log_transformed"] == ["frequency", "monetary"]
    assert metrics["k"] == metrics["k_elbow"]
    assert metrics["history_monotone"]
    assert metrics["same_start_labels_identical"]
    assert metrics["same_start_inertia_relative_gap"] < 1e-9
    segments = metrics["segments"]
    assert len(segments) == metrics["k"]
    assert sum(s["customers"] for s in segments) == 23_570
    assert sum(s["share of revenue"] for s in segments) == pytest.approx(1.0)
    assert len({s["name"] for s in segments}) == len(segments)
    assert sorted(p.name for p in (out / "figures").glob("*.png")) == FIGURES
    report = (out / "report.md").read_text()
    assert report.startswith("# Customer segmentation")
    assert f"**k = {metrics['k']}**" in report
    printed = capsys.readouterr().out
    assert "scikit-learn, same start" in printed and "Report written" in printed
    customers = pd.read_csv(out / "segments.csv")
    assert list(customers.columns) == [
        "customer_id",
        "recency",
        "frequency",
        "monetary",
        "segment",
        "segment name",
    ]
    assert len(customers) == 23_570 and customers["customer_id"].is_unique
    sizes = customers["segment"].value_counts().sort_index().tolist()
    assert sizes == [s["customers"] for s in segments]
    spend = customers.groupby("segment")["monetary"].mean().tolist()
    assert spend == pytest.approx([s["monetary"] for s in segments])
    for name in ["segments.csv", "metrics.json", *(f"figures/{f}" for f in FIGURES)]:
        assert f"`{name}`" in report and name in metrics["outputs"]


def make_customers(rng, n=300):
    groups = rng.integers(0, 3, n)
    centres = np.array([[20.0, 1.0, 5.0], [60.0, 8.0, 1.0], [40.0, 3.0, 9.0]])
    values = centres[groups] * rng.uniform(0.8, 1.2, size=(n, 3))
    frame = pd.DataFrame(values, columns=["age", "visits", "basket"])
    frame["city"] = rng.choice(["Oslo", "Lima", "Pune"], n)
    return frame


def test_unseen_customer_table(tmp_path):
    csv = tmp_path / "customers.csv"
    make_customers(np.random.default_rng(0)).to_csv(csv, index=False)
    out = tmp_path / "r"
    args = ["--data", str(csv), "--features", "age,visits,basket", "--k", "3", "--out", str(out)]
    assert run_cli(main, [*args, *QUICK]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["features"] == ["age", "visits", "basket"] and metrics["k"] == 3
    assert metrics["same_start_labels_identical"]
    assert all(" " in s["name"] for s in metrics["segments"])  # e.g. "high visits, low basket"
    assert "share of revenue" not in metrics["segments"][0]


def test_own_transaction_log_with_other_column_names(tmp_path):
    rng = np.random.default_rng(1)
    n = 2000
    frame = pd.DataFrame(
        {
            "client": rng.integers(0, 150, n),
            "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "total": rng.lognormal(3, 1, n).round(2),
        }
    )
    csv = tmp_path / "log.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    cols = ["--customer-col", "client", "--date-col", "when", "--amount-col", "total"]
    assert run_cli(main, ["--transactions", str(csv), *cols, "--out", str(out), *QUICK]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_customers"] == frame["client"].nunique()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--data"], "does not exist"),
        ("a,b\n1,2\n3,4\n", ["--data", "{csv}", "--features", "a,zz"], "no column 'zz'"),
        (
            "a,b\n1,x\n3,y\n5,z\n",
            ["--data", "{csv}", "--features", "a,b"],
            "'b' of the customer table is not numeric",
        ),
        (
            "a,b\n1,2\n3,\n5,6\n",
            ["--data", "{csv}", "--features", "a,b"],
            "'b' of the customer table has 1 missing",
        ),
        ("a,b\n1,2\n3,4\n5,6\n", ["--data", "{csv}", "--k", "5"], "fewer than the k = 5"),
        (
            "customer_id,date,amount\n1,2024-01-01,3\n",
            ["--transactions", "{csv}", "--amount-col", "spend"],
            "no column 'spend'",
        ),
        (
            "customer_id,date,amount\n1,notadate,3\n2,2024-01-02,4\n",
            ["--transactions", "{csv}"],
            "does not hold dates",
        ),
    ],
)
def test_bad_input_gets_one_clear_message(tmp_path, capsys, content, args, message):
    csv = tmp_path / "data.csv"
    if content is not None:
        csv.write_text(content)
    argv = [a.format(csv=csv) for a in args]
    if argv[-1] == "--data":
        argv.append(str(csv))
    code = run_cli(main, [*argv, "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last


def test_features_without_data_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--features", "a,b"])
    assert exit_info.value.code == 2
    assert "--features goes with --data" in capsys.readouterr().err
