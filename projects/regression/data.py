"""Loading and cleaning house-sale data: the Ames data by default, or any housing CSV.

What "clean" means here (every step is recorded in ``HousingData.notes`` for the report):

- **Identifiers** (``Order``, ``PID``, ``Id``, an unnamed index column) and free-text columns (a
  text column whose values are mostly distinct) are dropped: they carry no transferable signal.
- **The rules of** :mod:`.rules`: empty cells that mean "the house has none", ordinal scales,
  numeric codes that are names.
- **Outliers.** De Cock (2011), who compiled the Ames data, flags the five houses with more than
  4,000 sq ft of living area: three are partial sales of huge new houses at a fraction of their
  value (not market prices), two are genuine but unusual mansions. He recommends removing all
  five; we do, for the Ames data and any table with its ``Gr.Liv.Area`` column
  (``--keep-outliers`` keeps them).
- **Target**: rows without a target value are dropped; a positive target (a price) is modelled
  on the log scale, so errors are relative (10 % of a price) rather than absolute.

"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.datasets import load_ames
from toolkit.tables import read_csv

from .rules import (
    IDENTIFIERS,
    NOMINAL_CODES,
    code_as_text,
    codes_note,
    key,
    none_means_absent,
    ordinal_scales,
)

__all__ = [
    "AMES_TARGET",
    "MIN_ROWS",
    "OUTLIER_AREA",
    "HousingData",
    "clean",
    "load_housing",
    "read_table",
]

AMES_TARGET = "price"
OUTLIER_AREA = 4000  # square feet of above-ground living area (De Cock, 2011)
MIN_ROWS = 20


@dataclass
class HousingData:
    """Cleaned features (not yet imputed or encoded) and the target.

    Attributes
    ----------
    features : DataFrame
        One row per sale; numeric columns are float, the others are text categories.
    target : ndarray, shape (n_samples,)
        The target on the original scale (dollars for a price).
    y : ndarray, shape (n_samples,)
        What the models fit: :math:`\\log` of the target when it is positive, else the target.
    log_target : bool
    source : str
        Where the data came from, for the report.
    target_name : str
    notes : list of str
        Every cleaning step that changed something, in words.
    """

    features: pd.DataFrame
    target: np.ndarray
    y: np.ndarray
    log_target: bool
    source: str
    target_name: str
    notes: list[str] = field(default_factory=list)

    @property
    def numeric_columns(self) -> list[str]:
        return [c for c in self.features.columns if pd.api.types.is_numeric_dtype(self.features[c])]

    @property
    def categorical_columns(self) -> list[str]:
        numeric = set(self.numeric_columns)
        return [c for c in self.features.columns if c not in numeric]


def read_table(path: Path) -> pd.DataFrame:
    """A housing CSV (:func:`toolkit.tables.read_csv`) with a target and at least one feature."""
    frame = read_csv(path, "--data")
    if frame.shape[1] < 2:
        raise InputError(
            f"--data {path} has {frame.shape[1]} column; need a target and at least one feature"
        )
    return frame


def load_housing(
    path: Path | None = None, target: str = AMES_TARGET, *, drop_outliers: bool = True
) -> HousingData:
    """Load and clean the Ames data (``path=None``) or a housing CSV with a ``target`` column."""
    if path is None:
        frame, source = load_ames(), "Ames, Iowa house sales 2006–2010 (De Cock, 2011)"
    else:
        frame, source = read_table(path), str(path)
    return clean(frame, target, source=source, ames_outliers=drop_outliers)


def clean(
    frame: pd.DataFrame, target: str, *, source: str = "data", ames_outliers: bool = False
) -> HousingData:
    """Apply the cleaning rules of the module docstring to a raw table.

    ``ames_outliers`` drops the houses over 4,000 sq ft of living area when the table has the
    Ames living-area column (``area`` in the shipped copy, whose ``source`` starts with "Ames",
    or ``Gr.Liv.Area`` under any spelling).
    """
    notes: list[str] = []
    if target not in frame.columns:
        shown = ", ".join(map(str, frame.columns[:30])) + (" ..." if frame.shape[1] > 30 else "")
        raise InputError(f"the data has no column {target!r} (columns: {shown})")
    target_values = _numeric_target(frame[target], target)
    frame = frame.drop(columns=[target])

    missing_target = np.isnan(target_values)
    if missing_target.any():
        notes.append(f"dropped {int(missing_target.sum())} rows without a {target} value")
        frame, target_values = frame[~missing_target], target_values[~missing_target]
    frame = frame.reset_index(drop=True)

    frame = _drop_identifiers(frame, notes)
    frame = _text_columns_clean(frame)
    keys = {key(c): c for c in frame.columns}
    frame = none_means_absent(frame, keys, notes)
    frame = ordinal_scales(frame, keys, notes)
    for code in NOMINAL_CODES & keys.keys():
        frame[keys[code]] = frame[keys[code]].map(code_as_text).astype(object)
    notes.extend(codes_note(keys))

    # The Ames living area: "area" in the shipped copy, "Gr.Liv.Area" / "GrLivArea" elsewhere.
    area = keys.get("grlivarea", "area" if source.startswith("Ames") else None)
    if ames_outliers and area in frame.columns:
        big = (frame[area] > OUTLIER_AREA).to_numpy()
        if big.any():
            notes.append(
                f"dropped the {int(big.sum())} houses with more than {OUTLIER_AREA:,} sq ft of "
                "living area (De Cock's documented outliers: partial sales of very large new "
                "houses far below market value, and two unusual mansions)"
            )
            frame, target_values = frame[~big].reset_index(drop=True), target_values[~big]

    usable = [c for c in frame.columns if frame[c].notna().any()]
    if len(usable) < frame.shape[1]:
        notes.append(f"dropped {frame.shape[1] - len(usable)} columns that are entirely empty")
    frame = frame[usable]
    if frame.shape[1] == 0:
        raise InputError(f"the data has no usable feature column besides {target!r}")
    if len(target_values) < MIN_ROWS:
        raise InputError(
            f"need at least {MIN_ROWS} rows with a {target} value, got {len(target_values)}"
        )
    log_target = bool(np.all(target_values > 0))
    if not log_target:
        notes.append(f"{target} has values <= 0, so it is modelled as it is (no log)")
    y = np.log(target_values) if log_target else target_values.copy()
    return HousingData(frame, target_values, y, log_target, source, target, notes)


def _numeric_target(column: pd.Series, name: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        converted = pd.to_numeric(column, errors="coerce")
        bad = column[converted.isna() & column.notna()]
        if len(bad) or column.notna().sum() == 0:
            example = f" (e.g. {bad.iloc[0]!r})" if len(bad) else ""
            raise InputError(f"the target column {name!r} is not numeric{example}")
        column = converted
    values = column.to_numpy(dtype=np.float64)
    if np.isinf(values).any():
        raise InputError(f"the target column {name!r} contains inf")
    if np.isnan(values).all():
        raise InputError(f"the target column {name!r} has no values")
    return values


def _drop_identifiers(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    dropped = []
    for column in frame.columns:
        values = frame[column]
        if key(column) in IDENTIFIERS:
            dropped.append(column)
        elif not pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            distinct = values.nunique()
            if distinct > 50 and distinct > 0.5 * values.notna().sum():
                dropped.append(column)
    if dropped:
        notes.append(f"dropped identifier / free-text columns: {', '.join(map(str, dropped))}")
    return frame.drop(columns=dropped)


def _text_columns_clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip spaces in text cells (``'WD '`` is ``'WD'``); an empty cell is missing; bools are 0/1."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(float)
        elif not pd.api.types.is_numeric_dtype(values):
            text = values.astype(object).where(values.notna())
            text = text.map(lambda v: v.strip() if isinstance(v, str) else v)
            frame[column] = text.where(text != "", np.nan).astype(object)
        else:
            frame[column] = values.astype(np.float64)
    return frame
