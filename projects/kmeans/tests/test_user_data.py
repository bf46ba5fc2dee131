"""A user's own files: dates as people write them, identifier columns, inf, hostile --out.

Every file is made here, small and realistic; every refusal must be one ``error:`` line with
exit code 2 and no traceback.
"""

import errno
import json

import numpy as np
import pandas as pd
import pytest

import toolkit.reporting
from foundations.errors import InputError
from toolkit.cli import run_cli

from .. import cli
from ..dates import parse_dates
from ..features import rfm_table

QUICK = ["--k-max", "5", "--n-init", "2", "--silhouette-sample", "100"]


def run(argv, capsys):
    """``(exit code, stdout, last stderr line)`` of the command line."""
    code = run_cli(cli.main, argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    return code, captured.out, lines[-1] if lines else ""


def purchase_log(rng, n=600, customers=60):
    """A purchase log over one year: client, ISO date, amount."""
    days = rng.integers(0, 365, n)
    return pd.DataFrame(
        {
            "client": rng.integers(0, customers, n),
            "when": (pd.Timestamp("2023-01-01") + pd.to_timedelta(days, "D")).strftime("%Y-%m-%d"),
            "total": rng.lognormal(3, 1, n).round(2),
        }
    )


def customer_frame(rng, n=120):
    groups = rng.integers(0, 3, n)
    centres = np.array([[20.0, 1.0, 5.0], [60.0, 8.0, 1.0], [40.0, 3.0, 9.0]])
    values = centres[groups] * rng.uniform(0.8, 1.2, size=(n, 3))
    frame = pd.DataFrame(values, columns=["age", "visits", "basket"])
    frame.insert(0, "ID", rng.permutation(np.arange(1000, 1000 + n)))
    frame["city"] = rng.choice(["Oslo", "Lima", "Pune"], n)
    return frame


LOG_COLS = ["--customer-col", "client", "--date-col", "when", "--amount-col", "total"]


# --- dates ---------------------------------------------------------------------------------


def test_yyyymmdd_integers_give_the_same_rfm_as_iso_dates(tmp_path, capsys):
    """CDNOW's own format: 19970101 as a number. Before, every recency came out as 1 day."""
    log = purchase_log(np.random.default_rng(0))
    iso = rfm_table(log, customer="client", date="when", amount="total")
    as_ints = log.assign(when=pd.to_datetime(log["when"]).dt.strftime("%Y%m%d").astype(int))
    csv = tmp_path / "log.csv"
    as_ints.to_csv(csv, index=False)
    out = tmp_path / "r"
    code, _, _ = run(["--transactions", str(csv), *LOG_COLS, "--out", str(out), *QUICK], capsys)
    assert code == 0
    written = pd.read_csv(out / "segments.csv").set_index("client")
    pd.testing.assert_frame_equal(written[list(iso.columns)], iso, check_names=False)
    assert iso["recency"].nunique() > 10
    cleaning = json.loads((out / "metrics.json").read_text())["cleaning"]
    assert cleaning[0]["detail"] == "dates read as YYYYMMDD numbers"


@pytest.mark.parametrize(
    ("values", "fmt", "how"),
    [
        (["20240105", "20231231", "20240229"], None, "YYYYMMDD text"),
        ([20240105, 20231231, 20240229], None, "YYYYMMDD numbers"),
        ([20240105.0, 20231231.0, 20240229.0], None, "YYYYMMDD numbers"),
        (["2024-01-05", "2023-12-31", "2024-02-29"], None, "ISO 8601 text"),
        (["2024-01-05T10:00:00", "2023-12-31 23:59", "2024-02-29"], None, "ISO 8601 text"),
        (["05/01/2024", "31/12/2023", "29/02/2024"], "%d/%m/%Y", "--date-format %d/%m/%Y"),
        ([20240105, 20231231, 20240229], "%Y%m%d", "--date-format %Y%m%d"),
    ],
)
def test_every_accepted_date_form_reads_the_same_days(values, fmt, how):
    when, read_as = parse_dates(pd.Series(values), "when", "log", fmt)
    assert read_as == how
    days = when.dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2024-01-05", "2023-12-31", "2024-02-29"]


@pytest.mark.parametrize(
    ("values", "fmt", "message"),
    [
        ([34, 51, 28], None, "'age' of the log holds numbers that are not dates (e.g. 34"),
        ([1.5, 2.0, 3.0], None, "holds numbers that are not dates"),
        ([20241345, 20240101, 20240102], None, "eight-digit numbers but not YYYYMMDD"),
        (["2024-01-05", "2024-01-05", "2024-01-05"], None, "is the same day (2024-01-05)"),
        (["1850-03-01", "1850-04-01", "2024-01-01"], None, "dates before 1900"),
        ([20240101, 99991231, 20240301], None, "dates from 2100 on (the latest is 9999-12-31)"),
        (["05/01/2024", "31/12/2023"], None, "are not ISO 8601 dates"),
        (["05/01/2024", "2024-12-31"], "%d/%m/%Y", "do not match --date-format %d/%m/%Y"),
        (["yesterday", "2024-12-31"], None, "e.g. 'yesterday' in row 1"),
    ],
)
def test_implausible_or_unreadable_dates_are_refused_naming_the_column(values, fmt, message):
    with pytest.raises(InputError, match="'age'") as info:
        parse_dates(pd.Series(values), "age", "log", fmt)
    assert message in str(info.value)


def test_a_numeric_column_given_as_the_date_is_refused(tmp_path, capsys):
    log = purchase_log(np.random.default_rng(1))
    log["age"] = np.random.default_rng(2).integers(18, 90, len(log))
    csv = tmp_path / "log.csv"
    log.to_csv(csv, index=False)
    cols = ["--customer-col", "client", "--date-col", "age", "--amount-col", "total"]
    code, _, err = run(["--transactions", str(csv), *cols, "--out", str(tmp_path / "r")], capsys)
    assert code == 2
    assert err.startswith("error: column 'age' of the transaction log holds numbers that are not")


def test_date_format_flag_reads_day_first_dates(tmp_path, capsys):
    log = purchase_log(np.random.default_rng(3))
    iso = rfm_table(log, customer="client", date="when", amount="total")
    day_first = log.assign(when=pd.to_datetime(log["when"]).dt.strftime("%d/%m/%Y"))
    csv = tmp_path / "log.csv"
    day_first.to_csv(csv, index=False)
    argv = ["--transactions", str(csv), *LOG_COLS, *QUICK]
    code, _, err = run([*argv, "--out", str(tmp_path / "a")], capsys)
    assert code == 2 and "--date-format" in err and "'when'" in err
    out = tmp_path / "b"
    code, _, _ = run([*argv, "--date-format", "%d/%m/%Y", "--out", str(out)], capsys)
    assert code == 0
    written = pd.read_csv(out / "segments.csv").set_index("client")
    pd.testing.assert_frame_equal(written[list(iso.columns)], iso, check_names=False)


# --- identifiers, outputs, cleaning --------------------------------------------------------


def test_identifier_column_is_left_out_and_becomes_the_customer_id(tmp_path, capsys):
    frame = customer_frame(np.random.default_rng(4))
    csv = tmp_path / "customers.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    code, _, _ = run(["--data", str(csv), "--k", "3", "--out", str(out), *QUICK], capsys)
    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["features"] == ["age", "visits", "basket"]
    assert metrics["left_out_columns"]["ID"].startswith("an identifier")
    assert metrics["left_out_columns"]["city"] == "not numeric"
    assert metrics["customer_id"]["column"] == "ID"
    segments = pd.read_csv(out / "segments.csv")
    assert list(segments.columns) == ["ID", "age", "visits", "basket", "segment", "segment name"]
    np.testing.assert_array_equal(segments["ID"], frame["ID"])
    np.testing.assert_allclose(
        segments[["age", "visits", "basket"]], frame[["age", "visits", "basket"]]
    )
    sizes = segments["segment"].value_counts().sort_index().tolist()
    assert sizes == [s["customers"] for s in metrics["segments"]]
    names = {s["segment"]: s["name"] for s in metrics["segments"]}
    assert (segments["segment name"] == segments["segment"].map(names)).all()
    report = (out / "report.md").read_text()
    assert "The identifier column(s) ID" in report
    assert "`segments.csv`" in report and "identifier columns left out of the features" in report


def test_features_flag_overrides_and_id_col_names_the_id(tmp_path, capsys):
    frame = customer_frame(np.random.default_rng(5))
    csv = tmp_path / "customers.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    argv = ["--data", str(csv), "--features", "ID,age", "--id-col", "city", "--k", "2"]
    code, _, _ = run([*argv, "--out", str(out), *QUICK], capsys)
    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["features"] == ["ID", "age"]
    segments = pd.read_csv(out / "segments.csv")
    assert list(segments.columns) == ["city", "ID", "age", "segment", "segment name"]


def test_without_an_identifier_the_row_number_is_the_id(tmp_path, capsys):
    frame = customer_frame(np.random.default_rng(6)).drop(columns=["ID"])
    csv = tmp_path / "customers.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "r"
    code, _, _ = run(["--data", str(csv), "--k", "3", "--out", str(out), *QUICK], capsys)
    assert code == 0
    segments = pd.read_csv(out / "segments.csv")
    assert segments["row"].tolist() == list(range(1, len(frame) + 1))


@pytest.mark.parametrize("column", ["basket", "total"])
def test_inf_in_a_used_column_is_one_error_naming_it_and_the_rows(tmp_path, capsys, column):
    rng = np.random.default_rng(7)
    if column == "basket":
        frame = customer_frame(rng)
        argv = ["--data"]
    else:
        frame = purchase_log(rng)
        argv = ["--transactions"]
    frame[column] = frame[column].astype(float)
    frame.loc[[3, 10, 11], column] = [np.inf, -np.inf, np.inf]
    csv = tmp_path / "file.csv"
    frame.to_csv(csv, index=False)
    extra = LOG_COLS if column == "total" else []
    code, _, err = run([*argv, str(csv), *extra, "--out", str(tmp_path / "r")], capsys)
    assert code == 2
    assert f"column '{column}'" in err and "3 infinite value(s)" in err
    assert "first at rows [4, 11, 12]" in err


def test_every_cleaning_step_is_counted(tmp_path, capsys):
    log = purchase_log(np.random.default_rng(8))
    log["note"] = "x"
    log.loc[:4, "total"] = -5.0  # five returns
    csv = tmp_path / "log.csv"
    log.to_csv(csv, index=False)
    out = tmp_path / "r"
    code, _, _ = run(["--transactions", str(csv), *LOG_COLS, "--out", str(out), *QUICK], capsys)
    assert code == 0
    steps = {s["step"]: s for s in json.loads((out / "metrics.json").read_text())["cleaning"]}
    assert steps["purchases read"]["count"] == len(log)
    assert steps["columns not used"] == {"step": "columns not used", "count": 1, "detail": "note"}
    assert steps["purchases with a negative amount (kept in the spend)"]["count"] == 5
    assert steps["customers (one row each)"]["count"] == log["client"].nunique()
    assert steps["rows dropped"]["count"] == 0 and steps["cells imputed"]["count"] == 0
    report = (out / "report.md").read_text()
    for step in steps:
        assert step in report


# --- runs that used to end in a traceback --------------------------------------------------


@pytest.mark.parametrize("k", [["--k", "3"], []])
def test_identical_customers_are_refused_without_a_traceback(tmp_path, capsys, k):
    csv = tmp_path / "same.csv"
    pd.DataFrame({"a": [1.0] * 20, "b": [2.0] * 20, "c": [3.0] * 20}).to_csv(csv, index=False)
    code, _, err = run(["--data", str(csv), *k, "--out", str(tmp_path / "r")], capsys)
    assert code == 2
    assert err.startswith("error: the 20 customers have only 1 distinct combination")


def test_negative_seed_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--seed", "-1"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--seed" in err and "Traceback" not in err


def never_run(*args, **kwargs):
    raise AssertionError("the pipeline ran although --out was refused")


@pytest.mark.parametrize("case", ["file/sub", "file", "foreign"])
def test_bad_out_is_refused_before_any_work(tmp_path, capsys, monkeypatch, case):
    monkeypatch.setattr(cli, "run", never_run)
    (tmp_path / "file").write_text("mine")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "report.md").write_text("my own notes")
    code, _, err = run(["--out", str(tmp_path / case)], capsys)
    assert code == 2 and err.startswith("error: --out")
    assert (foreign / "report.md").read_text() == "my own notes"


def test_read_only_destination_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))

    monkeypatch.setattr(cli, "run", never_run)
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, _, err = run(["--out", str(tmp_path / "r")], capsys)
    assert code == 2 and "cannot be written" in err and "Read-only file system" in err


def test_disk_full_while_writing_the_report_is_one_line(tmp_path, capsys, monkeypatch):
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(toolkit.reporting, "write_atomically", full)
    csv = tmp_path / "customers.csv"
    customer_frame(np.random.default_rng(9)).to_csv(csv, index=False)
    code, _, err = run(
        ["--data", str(csv), "--k", "2", "--out", str(tmp_path / "r"), *QUICK], capsys
    )
    assert code == 2 and err.startswith("error: No space left on device: ")
