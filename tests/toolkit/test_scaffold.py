import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import scaffold as _scaffold
from toolkit.scaffold import ForkError, check_name, fork_project, project_folders, session_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def projects_dir(tmp_path):
    """A scratch projects/ folder holding a copy of the template, next to nothing else."""
    folder = tmp_path / "projects"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    shutil.copytree(ROOT / "projects" / "_template", folder / "_template", ignore=_scaffold.IGNORED)
    return folder


def test_session_names():
    assert session_name("customer_churn") == "project-customer-churn"
    assert session_name("kmeans") == "project-kmeans"


def test_fork_template_runs_and_is_listed(projects_dir, tmp_path):
    path = fork_project("demo-fork", projects_dir=projects_dir)
    assert path == projects_dir / "demo_fork"
    assert project_folders(projects_dir) == ["demo_fork"]
    assert not (path / "reports").exists()
    assert [p.name for p in projects_dir.iterdir() if p.name.startswith(".")] == []
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "projects.demo_fork", "--out", str(out)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "metrics.json").is_file()


def test_fork_from_another_project_renames_its_paths(projects_dir):
    fork_project("first", projects_dir=projects_dir)
    (projects_dir / "first" / "README.md").write_text(
        "Run `python -m projects.first` or nox -s project-first"
    )
    second = fork_project("second", source="first", projects_dir=projects_dir)
    text = (second / "README.md").read_text()
    assert "projects.second" in text and "project-second" in text and "first" not in text


@pytest.mark.parametrize(
    "bad", ["", "9lives", "Has Caps", "with space", "class", "../escape", "_hidden"]
)
def test_bad_name_is_refused_and_nothing_is_written(projects_dir, bad):
    before = sorted(p.name for p in projects_dir.iterdir())
    with pytest.raises(ForkError, match="not a valid project name"):
        fork_project(bad, projects_dir=projects_dir)
    assert sorted(p.name for p in projects_dir.iterdir()) == before


def test_existing_name_and_missing_source_are_refused(projects_dir):
    fork_project("taken", projects_dir=projects_dir)
    with pytest.raises(ForkError, match="already exists"):
        check_name("taken", projects_dir)
    with pytest.raises(ForkError, match="no project 'nowhere'"):
        fork_project("fresh", source="nowhere", projects_dir=projects_dir)
    assert not (projects_dir / "fresh").exists()


def test_command_line_reports_one_clear_error(capsys):
    assert _scaffold.main(["Bad Name"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
