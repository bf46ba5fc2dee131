"""Loading and cleaning house-sale data: the Ames data by default, or any housing CSV.

What "clean" means here (every step is recorded in ``HousingData.notes`` for the report):

- **Identifiers** (``Order``, ``PID``, ``Id``, an unnamed index column) and free-text columns (a
  text column whose values are mostly distinct) are dropped: they carry no transferable signal.
- **"NA means none."** In the Ames data an empty ``Alley``, ``Pool.QC``, ``Fence``, ``Garage.*``,
  ``Bsmt.*``, ``Fireplace.Qu``, ``Mas.Vnr.Type`` or ``Misc.Feature`` means the house has no alley,
  pool, garage, ... — a category, not a missing value. It becomes the level ``"None"`` (0 on an
  ordinal scale), and the matching areas and counts become 0. But when the house *does* have the
  thing (a basement of 936 sq ft with an empty ``Bsmt.Exposure``), the value is truly missing and
  stays NaN, to be imputed from the training split only (:mod:`.encoding`).
- **Ordinal scales** become numbers: the quality words Ex > Gd > TA > Fa > Po (5 to 1, none 0),
  basement exposure, finish types, garage finish, functionality, paved drive, slope, lot shape.
  Any other text column whose values are all quality words is mapped the same way.
- **Codes that are names**: ``MS.SubClass`` (dwelling type coded as a number) and ``Mo.Sold``
  are nominal, not quantities.
- **Outliers.** De Cock (2011), who compiled the Ames data, flags the five houses with more than
  4,000 sq ft of living area: three are partial sales of huge new houses at a fraction of their
  value (not market prices), two are genuine but unusual mansions. He recommends removing all
  five; we do, for the Ames data and any table with its ``Gr.Liv.Area`` column
  (``--keep-outliers`` keeps them).
- **Target**: rows without a target value are dropped; a positive target (a price) is modelled
  on the log scale, so errors are relative (10 % of a price) rather than absolute.

Column names are matched on their letters and digits only, lower-cased, so the same rules apply
to the dotted names of this copy (``Bsmt.Qual``) and to other spellings (``BsmtQual``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from foundations.errors import InputError
from toolkit.datasets import load_ames

__all__ = [
    "AMES_TARGET",
    "IDENTIFIERS",
    "MIN_ROWS",
    "NOMINAL_CODES",
    "NONE_MEANS_ABSENT",
    "ORDINAL",
    "OUTLIER_AREA",
    "QUALITY",
    "ZERO_WHEN_ABSENT",
    "HousingData",
    "clean",
    "key",
    "load_housing",
    "read_csv",
]

AMES_TARGET = "price"
OUTLIER_AREA = 4000  # square feet of above-ground living area (De Cock, 2011)
MIN_ROWS = 20

IDENTIFIERS = {"order", "pid", "id", "unnamed0", "index"}

#: Columns where an empty cell means "the house has none", and the column that says whether the
#: house has the thing (None: nothing to check, empty always means none).
NONE_MEANS_ABSENT = {
    "alley": None,
    "fence": None,
    "miscfeature": None,
    "poolqc": "poolarea",
    "fireplacequ": "fireplaces",
    "masvnrtype": "masvnrarea",
    "bsmtqual": "totalbsmtsf",
    "bsmtcond": "totalbsmtsf",
    "bsmtexposure": "totalbsmtsf",
    "bsmtfintype1": "totalbsmtsf",
    "bsmtfintype2": "totalbsmtsf",
    "garagetype": "garagearea",
    "garagefinish": "garagearea",
    "garagequal": "garagearea",
    "garagecond": "garagearea",
}

#: Numeric columns that are 0 when the house has none of the thing named by the key.
ZERO_WHEN_ABSENT = {
    "bsmtqual": [
        "bsmtfinsf1",
        "bsmtfinsf2",
        "bsmtunfsf",
        "totalbsmtsf",
        "bsmtfullbath",
        "bsmthalfbath",
    ],
    "garagetype": ["garagecars", "garagearea"],
    "masvnrtype": ["masvnrarea"],
}

QUALITY = {"Ex": 5, "Gd": 4, "TA": 3, "Fa": 2, "Po": 1}

ORDINAL = {
    "bsmtexposure": {"Gd": 4, "Av": 3, "Mn": 2, "No": 1},
    "bsmtfintype1": {"GLQ": 6, "ALQ": 5, "BLQ": 4, "Rec": 3, "LwQ": 2, "Unf": 1},
    "bsmtfintype2": {"GLQ": 6, "ALQ": 5, "BLQ": 4, "Rec": 3, "LwQ": 2, "Unf": 1},
    "garagefinish": {"Fin": 3, "RFn": 2, "Unf": 1},
    "functional": {
        "Typ": 7,
        "Min1": 6,
        "Min2": 5,
        "Mod": 4,
        "Maj1": 3,
        "Maj2": 2,
        "Sev": 1,
        "Sal": 0,
    },
    "paveddrive": {"Y": 2, "P": 1, "N": 0},
    "landslope": {"Gtl": 2, "Mod": 1, "Sev": 0},
    "lotshape": {"Reg": 3, "IR1": 2, "IR2": 1, "IR3": 0},
    "centralair": {"Y": 1, "N": 0},
}

NOMINAL_CODES = {"mssubclass", "mosold"}


def key(name: str) -> str:
    """A column's matching key: letters and digits only, lower case (``Bsmt.Qual`` -> ``bsmtqual``)."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


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


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV file as a DataFrame, or one clear :class:`InputError`."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"--data {path} does not exist")
    if path.is_dir():
        raise InputError(f"--data {path} is a folder, not a CSV file")
    try:
        frame = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"--data {path} is not a readable CSV file ({exc})") from None
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
        frame, source = read_csv(path), str(path)
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
    frame = _none_means_absent(frame, keys, notes)
    frame = _ordinal_scales(frame, keys, notes)
    for code in NOMINAL_CODES & keys.keys():
        frame[keys[code]] = frame[keys[code]].map(_code_as_text).astype(object)
    notes.extend(_codes_note(keys))

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


def _none_means_absent(frame: pd.DataFrame, keys: dict, notes: list[str]) -> pd.DataFrame:
    filled, kept_missing = 0, 0
    for column_key, indicator in NONE_MEANS_ABSENT.items():
        if column_key not in keys:
            continue
        column = keys[column_key]
        empty = frame[column].isna()
        if indicator in keys and pd.api.types.is_numeric_dtype(frame[keys[indicator]]):
            has_it = frame[keys[indicator]].fillna(0) > 0
        else:
            has_it = pd.Series(False, index=frame.index)
        absent = empty & ~has_it
        frame.loc[absent, column] = "None"
        filled += int(absent.sum())
        kept_missing += int((empty & has_it).sum())
    for column_key, numeric in ZERO_WHEN_ABSENT.items():
        if column_key not in keys:
            continue
        absent = frame[keys[column_key]] == "None"
        for numeric_key in numeric:
            if numeric_key in keys and pd.api.types.is_numeric_dtype(frame[keys[numeric_key]]):
                target = keys[numeric_key]
                frame.loc[absent & frame[target].isna(), target] = 0.0
    if "garageyrblt" in keys and "yearbuilt" in keys and "garagetype" in keys:
        year, built = keys["garageyrblt"], keys["yearbuilt"]
        no_garage = frame[keys["garagetype"]] == "None"
        frame.loc[no_garage, year] = frame.loc[no_garage, built]
        if "yrsold" in keys:
            future = frame[year] > frame[keys["yrsold"]] + 1
            if future.any():
                frame.loc[future, year] = np.nan
                notes.append(
                    f"{int(future.sum())} garage build year(s) after the sale (e.g. 2207) are "
                    "typing errors: treated as missing"
                )
    if filled:
        notes.append(
            f"{filled:,} empty cells mean 'the house has none' (no alley, pool, garage, "
            f"basement, ...) and became the level 'None'; {kept_missing} empty cells where "
            "the house does have the thing stay missing and are imputed from the training split"
        )
    return frame


def _ordinal_scales(frame: pd.DataFrame, keys: dict, notes: list[str]) -> pd.DataFrame:
    mapped = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values):
            continue
        levels = set(values.dropna().unique()) - {"None"}
        scale = ORDINAL.get(key(column))
        if scale is None and levels and levels <= QUALITY.keys():
            scale = QUALITY
        if scale is None or not levels <= scale.keys():
            continue
        frame[column] = values.map(lambda v, s=scale: 0.0 if v == "None" else s.get(v, np.nan))
        frame[column] = frame[column].astype(np.float64)
        mapped.append(column)
    if mapped:
        notes.append(f"{len(mapped)} ordinal scales mapped to numbers ({', '.join(mapped)})")
    return frame


def _code_as_text(value):
    if isinstance(value, float) and np.isnan(value):
        return np.nan
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _codes_note(keys: dict) -> list[str]:
    codes = sorted(keys[k] for k in NOMINAL_CODES & keys.keys())
    return [f"numeric codes treated as categories: {', '.join(codes)}"] if codes else []
