"""The cleaning rules for house-sale tables: what an empty cell means, ordinal scales, codes.

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

Column names are matched on their letters and digits only, lower-cased (:func:`key`), so the
same rules apply to the dotted names of the shipped copy (``Bsmt.Qual``) and to other spellings
(``BsmtQual``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = [
    "IDENTIFIERS",
    "NOMINAL_CODES",
    "NONE_MEANS_ABSENT",
    "ORDINAL",
    "QUALITY",
    "ZERO_WHEN_ABSENT",
    "code_as_text",
    "codes_note",
    "detect_ordinal_scales",
    "key",
    "none_means_absent",
    "ordinal_scales",
]

#: Column names (as :func:`key`\ s) that name an identifier when the column has one value per row.
IDENTIFIERS = {"order", "pid", "id", "unnamed0", "index", "rowid", "row"}

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


def none_means_absent(frame: pd.DataFrame, keys: dict, notes: list[str]) -> pd.DataFrame:
    """Empty cells that mean "the house has none" become ``"None"`` (and the matching areas 0).

    Every change is counted in ``notes``.
    """
    filled, kept_missing = 0, 0
    for column_key, indicator in NONE_MEANS_ABSENT.items():
        if column_key not in keys:
            continue
        column = keys[column_key]
        empty = frame[column].isna()
        if pd.api.types.is_numeric_dtype(frame[column]):
            if not empty.all():
                continue  # numbers, not the text levels this rule is about
            frame[column] = frame[column].astype(object)  # entirely empty: no dtype to keep
        if indicator in keys and pd.api.types.is_numeric_dtype(frame[keys[indicator]]):
            has_it = frame[keys[indicator]].fillna(0) > 0
        else:
            has_it = pd.Series(False, index=frame.index)
        absent = empty & ~has_it
        frame.loc[absent, column] = "None"
        filled += int(absent.sum())
        kept_missing += int((empty & has_it).sum())
    zeroed = _zero_when_absent(frame, keys)
    _garage_years(frame, keys, notes)
    if filled:
        notes.append(
            f"{filled:,} empty cells mean 'the house has none' (no alley, pool, garage, "
            f"basement, ...) and became the level 'None'; {kept_missing} empty cells where "
            "the house does have the thing stay missing and are imputed from the training split"
        )
    if zeroed:
        notes.append(
            f"{zeroed:,} empty area or count cells of houses without that thing (no basement, "
            "garage or veneer) became 0"
        )
    return frame


def _zero_when_absent(frame: pd.DataFrame, keys: dict) -> int:
    """Empty areas and counts of a thing the house does not have become 0; how many cells."""
    zeroed = 0
    for column_key, numeric in ZERO_WHEN_ABSENT.items():
        if column_key not in keys:
            continue
        absent = frame[keys[column_key]] == "None"
        for numeric_key in numeric:
            if numeric_key in keys and pd.api.types.is_numeric_dtype(frame[keys[numeric_key]]):
                target = keys[numeric_key]
                empty = absent & frame[target].isna()
                frame.loc[empty, target] = 0.0
                zeroed += int(empty.sum())
    return zeroed


def _garage_years(frame: pd.DataFrame, keys: dict, notes: list[str]) -> None:
    """No garage: its build year is the house's; a garage built after the sale is a typo."""
    if not {"garageyrblt", "yearbuilt", "garagetype"} <= keys.keys():
        return
    year, built = keys["garageyrblt"], keys["yearbuilt"]
    if not (
        pd.api.types.is_numeric_dtype(frame[year]) and pd.api.types.is_numeric_dtype(frame[built])
    ):
        return
    no_garage = frame[keys["garagetype"]] == "None"
    if no_garage.any():
        frame.loc[no_garage, year] = frame.loc[no_garage, built]
        notes.append(
            f"{int(no_garage.sum()):,} houses without a garage take the year the house was built "
            "as their garage year (so the column has no gap to impute)"
        )
    if "yrsold" in keys and pd.api.types.is_numeric_dtype(frame[keys["yrsold"]]):
        future = frame[year] > frame[keys["yrsold"]] + 1
        if future.any():
            frame.loc[future, year] = np.nan
            notes.append(
                f"{int(future.sum())} garage build year(s) after the sale (e.g. 2207) are "
                "typing errors: treated as missing"
            )


def detect_ordinal_scales(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The text columns that are ordinal scales, and the scale of each (from the levels seen)."""
    scales = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values):
            continue
        levels = set(values.dropna().unique()) - {"None"}
        scale = ORDINAL.get(key(column))
        if scale is None and levels and levels <= QUALITY.keys():
            scale = QUALITY
        if scale is not None and levels <= scale.keys():
            scales[column] = scale
    return scales


def ordinal_scales(
    frame: pd.DataFrame, scales: dict[str, dict[str, float]], notes: list[str]
) -> pd.DataFrame:
    """Map each column of ``scales`` to numbers (``"None"`` is 0); unknown levels become missing.

    The scales come from :func:`detect_ordinal_scales` on the training table, so new houses are
    read on the same scales; a level the scale does not know is counted in ``notes``.
    """
    unknown = {}
    for column, scale in scales.items():
        values = frame[column]
        mapped = values.map(lambda v, s=scale: 0.0 if v == "None" else s.get(v, np.nan))
        mapped = mapped.astype(np.float64)
        lost = int((mapped.isna() & values.notna()).sum())
        if lost:
            unknown[column] = lost
        frame[column] = mapped
    if scales:
        notes.append(f"{len(scales)} ordinal scales mapped to numbers ({', '.join(scales)})")
    if unknown:
        shown = ", ".join(f"{c} ({n})" for c, n in unknown.items())
        notes.append(f"levels missing from the ordinal scale became missing values: {shown}")
    return frame


def code_as_text(value):
    """A numeric code as its category name: ``20.0`` -> ``"20"`` (missing stays missing)."""
    if isinstance(value, float) and np.isnan(value):
        return np.nan
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def codes_note(keys: dict) -> list[str]:
    """The note naming the numeric code columns treated as categories."""
    codes = sorted(keys[k] for k in NOMINAL_CODES & keys.keys())
    return [f"numeric codes treated as categories: {', '.join(codes)}"] if codes else []
