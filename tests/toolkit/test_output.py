import pytest

from foundations.errors import InputError
from toolkit.output import MARKER, prepare_out_dir


@pytest.fixture
def repo(tmp_path):
    """A scratch repository layout: sources, data, a project with a reports folder."""
    root = tmp_path / "repo"
    for folder in ["data", "foundations/linalg", "toolkit", "projects/kmeans", "tests"]:
        (root / folder).mkdir(parents=True)
    return root


@pytest.mark.parametrize(
    "where", ["", "data", "data/sub", "foundations/linalg", "toolkit", "projects/kmeans", "tests"]
)
def test_sources_data_and_the_root_are_refused(repo, where):
    target = repo / where
    with pytest.raises(InputError, match="--out"):
        prepare_out_dir(target, project="kmeans", repo_root=repo)
    assert not (target / MARKER).exists()


def test_empty_out_is_refused(repo):
    with pytest.raises(InputError, match="empty"):
        prepare_out_dir("", project="kmeans", repo_root=repo)


def test_a_projects_reports_folder_is_allowed_and_marked(repo):
    out = prepare_out_dir(repo / "projects/kmeans/reports", project="kmeans", repo_root=repo)
    assert out.is_dir() and (out / MARKER).read_text().strip() == "kmeans"


def test_a_foreign_folder_is_refused_unless_forced(repo, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md").write_text("my own notes")
    with pytest.raises(InputError, match="not empty"):
        prepare_out_dir(mine, project="kmeans", repo_root=repo)
    assert (mine / "report.md").read_text() == "my own notes"
    assert not (mine / MARKER).exists()
    prepare_out_dir(mine, project="kmeans", force=True, repo_root=repo)
    assert (mine / MARKER).is_file()


def test_an_earlier_report_of_the_same_project_is_reused(repo, tmp_path):
    out = tmp_path / "out"
    prepare_out_dir(out, project="kmeans", repo_root=repo)
    (out / "report.md").write_text("earlier run")
    assert prepare_out_dir(out, project="kmeans", repo_root=repo) == out.resolve()
    with pytest.raises(InputError, match="'kmeans'"):
        prepare_out_dir(out, project="svd", repo_root=repo)


def test_a_file_or_a_path_below_a_file_is_refused(repo, tmp_path):
    file = tmp_path / "file"
    file.write_text("")
    with pytest.raises(InputError, match="is a file"):
        prepare_out_dir(file, project="kmeans", repo_root=repo)
    with pytest.raises(InputError, match="below the file"):
        prepare_out_dir(file / "sub", project="kmeans", repo_root=repo)


def test_an_unwritable_destination_is_one_clear_error(repo, tmp_path, monkeypatch):
    from pathlib import Path

    def refuse(self, *args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(InputError, match="Read-only file system"):
        prepare_out_dir(tmp_path / "new", project="kmeans", repo_root=repo)


def test_written_files_get_the_ordinary_permissions(tmp_path):
    import os

    from toolkit.output import write_atomically

    mask = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "report.md", "text")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644
