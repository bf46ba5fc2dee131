import json

import numpy as np
import pytest

from foundations.errors import InputError, LinAlgError
from toolkit.cli import run_cli
from toolkit.reporting import Report, side_by_side, to_jsonable


def test_side_by_side_aligns_and_fills_missing():
    table = side_by_side([{"model": "ours", "time": 0.5}, {"model": "sklearn"}], ["model", "time"])
    lines = table.splitlines()
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1
    assert "—" in lines[3]


def test_to_jsonable_converts_numpy():
    data = {"a": np.float32(1.5), "b": np.arange(3), "c": np.nan, "d": np.bool_(True)}
    assert json.loads(json.dumps(to_jsonable(data))) == {
        "a": 1.5,
        "b": [0, 1, 2],
        "c": None,
        "d": True,
    }


def test_report_writes_files_and_keeps_others(tmp_path):
    import matplotlib.pyplot as plt

    (tmp_path / "mine.txt").write_text("keep me")
    report = Report(tmp_path)
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    report.save_figure(fig, "line")
    report.write_metrics({"x": np.int64(3)})
    report.write_markdown("# title")
    assert (tmp_path / "figures" / "line.png").stat().st_size > 0
    assert json.loads((tmp_path / "metrics.json").read_text()) == {"x": 3}
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_report_refuses_a_file_as_folder(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="not a folder"):
        Report(tmp_path / "file")


@pytest.mark.parametrize("error", [InputError("bad shape"), LinAlgError("singular matrix")])
def test_run_cli_prints_one_line(capsys, error):
    def main(argv):
        raise error

    assert run_cli(main, []) == 2
    assert capsys.readouterr().err == f"error: {error}\n"


def test_run_cli_lets_bugs_through():
    def main(argv):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        run_cli(main, [])


def test_side_by_side_escapes_pipes_so_columns_stay_put():
    table = side_by_side([{"|x|": "a|b", "y": 1}])
    for line in table.splitlines():
        assert line.replace("\\|", "").count("|") == 3  # two columns: three unescaped bars


def test_run_cli_turns_os_errors_into_one_line(capsys):
    def main(argv):
        raise OSError(30, "Read-only file system", "/ro/report.md")

    assert run_cli(main, []) == 2
    assert capsys.readouterr().err == "error: Read-only file system: /ro/report.md\n"


def test_report_lists_what_it_wrote_and_leaves_no_temporary_file(tmp_path):
    import pandas as pd

    report = Report(tmp_path)
    report.write_table(pd.DataFrame({"id": [1, 2], "segment": ["a", "b"]}), "segments.csv")
    report.write_file("images/x.png", b"\x89PNG")
    report.write_markdown("# r")
    assert [p.name for p in report.written] == ["segments.csv", "x.png", "report.md"]
    assert (tmp_path / "segments.csv").read_text() == "id,segment\n1,a\n2,b\n"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_an_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    import os

    report = Report(tmp_path)
    report.write_markdown("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        report.write_markdown("new")
    assert (tmp_path / "report.md").read_text() == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
