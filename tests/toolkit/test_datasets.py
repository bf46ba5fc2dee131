import shutil

import numpy as np
import pytest

from foundations.errors import InputError
from toolkit import datasets
from toolkit.errors import DataFileError


def test_ames_shape_and_columns():
    ames = datasets.load_ames()
    assert ames.shape == (2930, 82)
    assert {"price", "area", "Lot.Area", "Alley", "Pool.QC"} <= set(ames.columns)
    assert ames["price"].dtype.kind in "if" and ames["price"].gt(0).all()
    assert ames["Pool.QC"].isna().sum() > 2900  # NA means "no pool"


def test_cdnow_counts_and_types():
    cdnow = datasets.load_cdnow()
    assert len(cdnow) == 69_659
    assert cdnow["customer_id"].nunique() == 23_570
    assert str(cdnow["date"].min().date()) == "1997-01-01"
    assert cdnow["date"].max() <= np.datetime64("1998-06-30")
    assert cdnow["amount"].ge(0).all() and cdnow["n_cds"].ge(1).all()


def test_sample_image():
    image = datasets.load_sample_image("flower.jpg")
    assert image.shape == (427, 640, 3) and image.dtype == np.uint8
    with pytest.raises(InputError, match="unknown sample image"):
        datasets.load_sample_image("cat.jpg")


@pytest.mark.parametrize("name", sorted(datasets.SHA256))
def test_corrupted_copy_is_refused(tmp_path, name):
    shutil.copy(datasets.data_dir() / name, tmp_path / name)
    with open(tmp_path / name, "r+b") as fh:  # flip one byte in the middle
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    loader = datasets.load_ames if name.startswith("ames") else datasets.load_cdnow
    with pytest.raises(DataFileError, match="corrupted"):
        loader(tmp_path)


def test_missing_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ML_MATH_BRIDGE_DATA", str(tmp_path))
    with pytest.raises(DataFileError, match="missing"):
        datasets.load_cdnow()


def test_shipped_checksums_match_data_readme():
    readme = (datasets.data_dir() / "README.md").read_text()
    for name, digest in datasets.SHA256.items():
        assert f"{digest}  {name}" in readme
        assert datasets.sha256_of(datasets.data_dir() / name) == digest


def test_penguins_shape_and_missing_cells():
    penguins = datasets.load_penguins()
    assert penguins.shape == (344, 8)
    assert sorted(penguins["species"].unique()) == ["Adelie", "Chinstrap", "Gentoo"]
    assert penguins["bill_length_mm"].isna().sum() == 2
    assert penguins["sex"].isna().sum() == 11
