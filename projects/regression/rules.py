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
    "key",
    "none_means_absent",
    "ordinal_scales",
]

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


def none_means_absent(frame: pd.DataFrame, keys: dict, notes: list[str]) -> pd.DataFrame:
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


def ordinal_scales(frame: pd.DataFrame, keys: dict, notes: list[str]) -> pd.DataFrame:
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


def code_as_text(value):
    if isinstance(value, float) and np.isnan(value):
        return np.nan
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def codes_note(keys: dict) -> list[str]:
    codes = sorted(keys[k] for k in NOMINAL_CODES & keys.keys())
    return [f"numeric codes treated as categories: {', '.join(codes)}"] if codes else []
