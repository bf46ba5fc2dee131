"""Loaders for the real datasets the projects run on by default.

The files live in the repository's ``data/`` folder (see ``data/README.md`` for provenance and
citations). Each loader checks the file's SHA-256 before parsing it, so a missing, truncated or
edited copy fails with one clear :class:`~toolkit.errors.DataFileError` instead of a
confusing parse error later. Nothing is downloaded: the two photos come with scikit-learn.

The data folder is found in this order: the ``ML_MATH_BRIDGE_DATA`` environment variable, the
``data/`` folder installed inside this package (the wheel ships the datasets as package data),
the repository's ``data/`` folder (an editable install or a clone), then ``./data``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError

from .errors import DataFileError

__all__ = [
    "SAMPLE_IMAGES",
    "data_dir",
    "load_ames",
    "load_cdnow",
    "load_penguins",
    "load_sample_image",
    "sha256_of",
    "verified_path",
]

SHA256 = {
    "ames_housing.csv.gz": "7fb7a8dea4ed990a016a9a2d0c269d032fd1c115dcc3ad585733067c0bd57345",
    "cdnow_master.txt.gz": "ce9d3785b68a7d9d27120947dd510aec663c667b96ac0314988cbecbf2459436",
    "penguins.csv.gz": "c1389583136398d9da48509f1b6574705294349d6ebe2446d161e9c012dfdcac",
}
SAMPLE_IMAGES = ("china.jpg", "flower.jpg")


def data_dir() -> Path:
    """The folder holding the shipped datasets."""
    env = os.environ.get("ML_MATH_BRIDGE_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parent / "data"):
        if folder.is_dir():
            return folder
    return Path.cwd() / "data"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verified_path(name: str, folder: Path | None = None) -> Path:
    """Path of the shipped file ``name`` after checking that it exists and its SHA-256 matches."""
    if name not in SHA256:
        raise InputError(f"unknown dataset file {name!r}; known: {', '.join(SHA256)}")
    path = (Path(folder) if folder is not None else data_dir()) / name
    if not path.is_file():
        raise DataFileError(
            f"dataset file {path} is missing; it ships in the repository's data/ folder "
            "(set ML_MATH_BRIDGE_DATA to point elsewhere)"
        )
    try:
        actual = sha256_of(path)
    except OSError as exc:
        raise DataFileError(f"dataset file {path} cannot be read: {exc.strerror}") from None
    if actual != SHA256[name]:
        raise DataFileError(
            f"dataset file {path} is corrupted: sha256 {actual[:12]}... does not match the "
            f"expected {SHA256[name][:12]}... (restore it with `git checkout -- data/{name}`)"
        )
    return path


def load_ames(folder: Path | None = None) -> pd.DataFrame:
    """The Ames, Iowa house sales 2006–2010 (De Cock, 2011): 2,930 rows × 82 columns.

    Columns keep their original dotted names (``Lot.Area``); ``price`` is the sale price in
    dollars and ``area`` the above-ground living area in square feet. Empty cells are NaN; for
    many columns (``Alley``, ``Pool.QC``, ``Garage.*``, ``Bsmt.*``) NaN means "the house has
    none", which the regression project's pipeline handles.
    """
    path = verified_path("ames_housing.csv.gz", folder)
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def load_cdnow(folder: Path | None = None) -> pd.DataFrame:
    """The CDNOW purchase log (Fader, Hardie & Lee, 2005): 69,659 transactions, 23,570 customers.

    Returns
    -------
    DataFrame with columns ``customer_id`` (int), ``date`` (datetime64), ``n_cds`` (int) and
    ``amount`` (float, dollars).
    """
    path = verified_path("cdnow_master.txt.gz", folder)
    with gzip.open(path, "rt") as fh:
        frame = pd.read_csv(
            fh,
            sep=r"\s+",
            skiprows=1,
            names=["customer_id", "date", "n_cds", "amount"],
            dtype={"customer_id": np.int64, "date": str, "n_cds": np.int64, "amount": np.float64},
        )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


def load_penguins(folder: Path | None = None) -> pd.DataFrame:
    """The Palmer penguins (Gorman, Williams & Fraser, 2014): 344 rows × 8 columns.

    Columns ``species``, ``island``, ``bill_length_mm``, ``bill_depth_mm``,
    ``flipper_length_mm``, ``body_mass_g``, ``sex``, ``year``; empty cells are NaN (2 penguins
    have no measurements, 11 no sex).
    """
    path = verified_path("penguins.csv.gz", folder)
    return pd.read_csv(path, keep_default_na=False, na_values=["", "NA"])


def load_sample_image(name: str = "china.jpg") -> np.ndarray:
    """One of the two photos that ship with scikit-learn, as a ``(427, 640, 3)`` uint8 array."""
    if name not in SAMPLE_IMAGES:
        raise InputError(f"unknown sample image {name!r}; choose one of {', '.join(SAMPLE_IMAGES)}")
    from sklearn.datasets import load_sample_image as _sk_load

    return np.asarray(_sk_load(name))
