"""Loading and cleaning house-sale data: the Ames data by default, or any housing CSV.

What "clean" means here (every step that changes something is counted in ``HousingData.notes``
for the report; nothing is dropped or reinterpreted silently):

- **Columns** (:mod:`.columns`): identifiers and free text are left out, ``--features`` and
  ``--drop`` choose; ``inf`` in a used column is refused.
- **The rules of** :mod:`.rules`: empty cells that mean "the house has none", ordinal scales,
  numeric codes that are names.
- **Outliers.** De Cock (2011), who compiled the Ames data, flags the five houses with more than
  4,000 sq ft of living area: three are partial sales of huge new houses at a fraction of their
  value (not market prices), two are genuine but unusual mansions. He recommends removing all
  five; we do, for the Ames data and any table with its ``Gr.Liv.Area`` column
  (``--keep-outliers`` keeps them).
- **Target**: rows without a target value are dropped; a positive target (a price) is modelled
  on the log scale by default (``--target-transform auto``), so errors are relative (10 % of a
  price) rather than absolute; ``log`` insists on it, ``none`` models the target as it is.

The decisions taken on the training table (which columns, which ordinal scales, which codes)
are kept in a :class:`CleaningPlan`, and :func:`clean_new` applies them unchanged to new houses
(``--predict``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.datasets import load_ames
from toolkit.tables import read_csv, require_columns

from .columns import coerce_numeric, normalize_types, refuse_inf, select_columns
from .rules import (
    NOMINAL_CODES,
    code_as_text,
    codes_note,
    detect_ordinal_scales,
    key,
    none_means_absent,
    ordinal_scales,
)

__all__ = [
    "AMES_TARGET",
    "MIN_ROWS",
    "OUTLIER_AREA",
    "TARGET_TRANSFORMS",
    "CleaningPlan",
    "HousingData",
    "NewHouses",
    "clean",
    "clean_new",
    "load_housing",
    "read_table",
]

AMES_TARGET = "price"
OUTLIER_AREA = 4000  # square feet of above-ground living area (De Cock, 2011)
MIN_ROWS = 20
TARGET_TRANSFORMS = ("auto", "log", "none")


@dataclass(frozen=True)
class CleaningPlan:
    """The decisions cleaning took on the training table, to apply unchanged to new rows.

    Attributes
    ----------
    columns : list of str
        The feature columns, in order (before the Ames rules change any type).
    scales : dict
        Ordinal column -> its scale (level -> number).
    numeric : list of str
        The columns that are numbers after cleaning.
    id_column : str or None
        The identifier column naming the rows, if the table has one.
    """

    columns: list[str]
    scales: dict[str, dict[str, float]]
    numeric: list[str]
    id_column: str | None


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
        What the models fit: :math:`\\log` of the target (``log_target``), else the target.
    log_target : bool
    source : str
        Where the data came from, for the report.
    target_name : str
    ids : ndarray, shape (n_samples,)
        Each row's identifier (the ``plan.id_column`` value), else its row in the input table.
    plan : CleaningPlan
    notes : list of str
        Every cleaning step that changed something, in words, with its count.
    """

    features: pd.DataFrame
    target: np.ndarray
    y: np.ndarray
    log_target: bool
    source: str
    target_name: str
    ids: np.ndarray
    plan: CleaningPlan
    notes: list[str] = field(default_factory=list)

    @property
    def numeric_columns(self) -> list[str]:
        return [c for c in self.features.columns if pd.api.types.is_numeric_dtype(self.features[c])]

    @property
    def categorical_columns(self) -> list[str]:
        numeric = set(self.numeric_columns)
        return [c for c in self.features.columns if c not in numeric]


@dataclass(frozen=True)
class NewHouses:
    """Rows to price (``--predict``), cleaned by the training table's plan."""

    features: pd.DataFrame
    ids: np.ndarray
    id_name: str
    source: str
    notes: list[str]


def read_table(path: Path, flag: str = "--data", min_columns: int = 2) -> pd.DataFrame:
    """A housing CSV (:func:`toolkit.tables.read_csv`) with at least ``min_columns`` columns."""
    frame = read_csv(path, flag)
    if frame.shape[1] < min_columns:
        raise InputError(
            f"{flag} {path} has {frame.shape[1]} column; need a target and at least one feature"
        )
    if len(frame) == 0:
        raise InputError(f"{flag} {path} has a header but no rows")
    return frame


def load_housing(
    path: Path | None = None,
    target: str = AMES_TARGET,
    *,
    drop_outliers: bool = True,
    features: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    target_transform: str = "auto",
) -> HousingData:
    """Load and clean the Ames data (``path=None``) or a housing CSV with a ``target`` column."""
    if path is None:
        frame, source = load_ames(), "Ames, Iowa house sales 2006–2010 (De Cock, 2011)"
    else:
        frame, source = read_table(path), str(path)
    return clean(
        frame,
        target,
        source=source,
        ames_outliers=drop_outliers,
        features=features,
        drop=drop,
        target_transform=target_transform,
    )


def _apply_rules(frame, notes, where: str, scales=None) -> tuple[pd.DataFrame, dict]:
    """Types, ``inf``, the Ames rules and the ordinal scales (detected unless given)."""
    frame = normalize_types(frame, notes)
    refuse_inf(frame, where)
    keys = {key(c): c for c in frame.columns}
    frame = none_means_absent(frame, keys, notes)
    scales = detect_ordinal_scales(frame) if scales is None else scales
    frame = ordinal_scales(frame, scales, notes)
    for code in NOMINAL_CODES & keys.keys():
        frame[keys[code]] = frame[keys[code]].map(code_as_text).astype(object)
    notes.extend(codes_note(keys))
    return frame, scales


def clean(
    frame: pd.DataFrame,
    target: str,
    *,
    source: str = "data",
    ames_outliers: bool = False,
    features: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    target_transform: str = "auto",
) -> HousingData:
    """Apply the cleaning rules of the module docstring to a raw table.

    ``ames_outliers`` drops the houses over 4,000 sq ft of living area when the table has the
    Ames living-area column (``area`` in the shipped copy, whose ``source`` starts with "Ames",
    or ``Gr.Liv.Area`` under any spelling).
    """
    notes: list[str] = []
    require_columns(frame, [target], "data")
    if target in (features or ()) or target in drop:
        raise InputError(f"the target {target!r} cannot be a feature (--features/--drop)")
    target_values = _numeric_target(frame[target], target)
    raw = frame.drop(columns=[target])
    frame, id_column = select_columns(raw, features, drop, notes)
    all_ids = _row_ids(raw, id_column)

    missing_target = np.isnan(target_values)
    if missing_target.any():
        notes.append(f"dropped {int(missing_target.sum())} rows without a {target} value")
    keep = ~missing_target
    frame = frame[keep].reset_index(drop=True)
    target_values, ids = target_values[keep], all_ids[keep]
    columns = list(frame.columns)
    where = "the data" if source == "data" or source.startswith("Ames") else f"the file {source}"
    frame, scales = _apply_rules(frame, notes, where)

    # The Ames living area: "area" in the shipped copy, "Gr.Liv.Area" / "GrLivArea" elsewhere.
    keys = {key(c): c for c in frame.columns}
    area = keys.get("grlivarea", "area" if source.startswith("Ames") else None)
    if ames_outliers and area in frame.columns and pd.api.types.is_numeric_dtype(frame[area]):
        big = (frame[area] > OUTLIER_AREA).to_numpy()
        if big.any():
            notes.append(
                f"dropped the {int(big.sum())} houses with more than {OUTLIER_AREA:,} sq ft of "
                "living area (De Cock's documented outliers: partial sales of very large new "
                "houses far below market value, and two unusual mansions)"
            )
            frame, target_values, ids = (
                frame[~big].reset_index(drop=True),
                target_values[~big],
                ids[~big],
            )

    usable = [c for c in frame.columns if frame[c].notna().any()]
    if len(usable) < frame.shape[1]:
        empty = [c for c in frame.columns if c not in usable]
        notes.append(f"dropped {len(empty)} columns that are entirely empty: {', '.join(empty)}")
    frame = frame[usable]
    if frame.shape[1] == 0:
        raise InputError(f"the data has no usable feature column besides {target!r}")
    if len(target_values) < MIN_ROWS:
        raise InputError(
            f"need at least {MIN_ROWS} rows with a {target} value, got {len(target_values)}"
        )
    log_target = _log_decision(target_values, target, target_transform, notes)
    y = np.log(target_values) if log_target else target_values.copy()
    plan = CleaningPlan(
        columns=[c for c in columns if c in usable],
        scales={c: s for c, s in scales.items() if c in usable},
        numeric=[c for c in usable if pd.api.types.is_numeric_dtype(frame[c])],
        id_column=id_column,
    )
    return HousingData(frame, target_values, y, log_target, source, target, ids, plan, notes)


def _row_ids(frame: pd.DataFrame, id_column: str | None) -> np.ndarray:
    """The identifier of each row, or its position in the input table (from 0)."""
    return np.arange(len(frame)) if id_column is None else frame[id_column].to_numpy()


def _log_decision(values: np.ndarray, target: str, transform: str, notes: list[str]) -> bool:
    """Whether to model :math:`\\log` of the target (``auto``: when every value is positive)."""
    if transform not in TARGET_TRANSFORMS:
        raise InputError(
            f"target_transform must be one of {', '.join(TARGET_TRANSFORMS)}, got {transform!r}"
        )
    n_bad = int(np.sum(values <= 0))
    if transform == "log" and n_bad:
        raise InputError(
            f"--target-transform log needs a positive {target}, but {n_bad} rows have "
            "values <= 0; use --target-transform none"
        )
    if transform == "none":
        notes.append(f"{target} is modelled as it is (--target-transform none)")
        return False
    if n_bad:
        notes.append(f"{target} has {n_bad} values <= 0, so it is modelled as it is (no log)")
        return False
    return True


def clean_new(frame: pd.DataFrame, plan: CleaningPlan, source: str) -> NewHouses:
    """New rows to price, cleaned by the training table's ``plan`` (no row is dropped).

    Raises
    ------
    InputError
        A feature column is missing, holds ``inf``, or holds text where training had numbers.
    """
    require_columns(frame, plan.columns, f"file {source}")
    if plan.id_column is not None and plan.id_column in frame.columns:
        ids, id_name = frame[plan.id_column].to_numpy(), str(plan.id_column)
    else:
        ids, id_name = np.arange(len(frame)), "row"
    notes: list[str] = []
    where = f"the file {source}"
    features, _ = _apply_rules(
        frame[plan.columns].reset_index(drop=True), notes, where, plan.scales
    )
    features = coerce_numeric(features, plan.numeric, where)
    return NewHouses(features, ids, id_name, source, notes)


def _numeric_target(column: pd.Series, name: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        converted = pd.to_numeric(column, errors="coerce")
        bad = column[converted.isna() & column.notna()]
        if len(bad) or column.notna().sum() == 0:
            example = f" (e.g. {bad.iloc[0]!r})" if len(bad) else ""
            raise InputError(f"the target column {name!r} is not numeric{example}")
        column = converted
    values = column.to_numpy(dtype=np.float64)
    n_inf = int(np.isinf(values).sum())
    if n_inf:
        raise InputError(f"the target column {name!r} holds inf in {n_inf} row(s)")
    if np.isnan(values).all():
        raise InputError(f"the target column {name!r} has no values")
    return values
