r"""From a cleaned table to the design matrix, learning every statistic from the training split.

:class:`FeatureEncoder` is fitted on the training rows only and then applied unchanged to the
test rows, so nothing about the test houses leaks into the model:

1. **Impute** a numeric column's missing values with its training median, a categorical column's
   with its most frequent training level.
2. **One-hot encode** each categorical column: one 0/1 column per level, except the most frequent
   (the *reference* level, absorbed by the intercept — keeping it would make the columns sum to
   the constant column, an exact collinearity). Levels seen fewer than ``min_count`` times in
   training are pooled into ``"(rare)"``, and so are levels first seen at prediction time.
3. **Standardize** every column to mean 0 and variance 1 with the training statistics,
   :math:`z = (x - \bar x)/s`, so that ridge's penalty :math:`\alpha\lVert w\rVert^2` treats all
   features alike and a coefficient reads as "change in log price per standard deviation".
   Columns that are constant in training are dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from foundations.errors import InputError

__all__ = ["RARE", "FeatureEncoder", "encoding_notes"]

RARE = "(rare)"


class FeatureEncoder:
    """Impute, one-hot encode and standardize, with statistics from the training split.

    Parameters
    ----------
    min_count : int
        Levels with fewer training rows are pooled into ``"(rare)"``.

    Attributes
    ----------
    feature_names_ : list of str
        ``"Lot.Area"`` for a numeric column, ``"Neighborhood=NridgHt"`` for a level.
    source_columns_ : list of str
        The original column of each feature.
    pooled_ : dict
        Column -> the levels pooled into ``"(rare)"``.
    constant_ : list of str
        Features left out because they are constant in the training rows.
    """

    def __init__(self, min_count: int = 10):
        self.min_count = min_count

    def fit(self, frame: pd.DataFrame) -> FeatureEncoder:
        """Learn medians, levels, means and standard deviations from the training rows."""
        self.numeric_, self.categorical_ = [], []
        self.medians_, self.modes_, self.levels_, self.pooled_ = {}, {}, {}, {}
        for column in frame.columns:
            values = frame[column]
            if values.notna().sum() == 0:
                continue  # nothing to learn from
            if pd.api.types.is_numeric_dtype(values):
                self.numeric_.append(column)
                self.medians_[column] = float(values.median())
            else:
                self.categorical_.append(column)
                counts = values.value_counts()
                self.modes_[column] = counts.index[0]
                filled = values.fillna(counts.index[0])
                counts = filled.value_counts()
                common = [lvl for lvl, n in counts.items() if n >= self.min_count]
                rare = counts.index.difference(common)
                if len(rare):
                    self.pooled_[column] = list(rare)
                pooled = [*common, RARE] if len(rare) else common
                pooled_counts = {lvl: counts[lvl] for lvl in common}
                if len(rare):
                    pooled_counts[RARE] = int(counts[rare].sum())
                reference = max(pooled, key=lambda lvl: pooled_counts[lvl])
                self.levels_[column] = (
                    [lvl for lvl in pooled if lvl != reference],
                    set(common),
                    bool(len(rare)),
                )
        if not self.numeric_ and not self.categorical_:
            raise InputError("no usable feature column: every column is empty")
        raw, names, sources = self._raw(frame)
        self.mean_ = raw.mean(axis=0)
        self.scale_ = raw.std(axis=0)
        keep = self.scale_ > 1e-12 * np.maximum(1.0, np.abs(self.mean_))
        if not keep.any():
            raise InputError(
                "no usable feature: every feature column is constant in the training split"
            )
        self.keep_ = keep
        self.constant_ = [n for n, k in zip(names, keep, strict=True) if not k]
        self.feature_names_ = [n for n, k in zip(names, keep, strict=True) if k]
        self.source_columns_ = [s for s, k in zip(sources, keep, strict=True) if k]
        return self

    def _raw(self, frame: pd.DataFrame):
        """The imputed, one-hot encoded (not yet standardized) matrix and its column names."""
        blocks, names, sources = [], [], []
        if self.numeric_:
            numeric = frame[self.numeric_].astype(np.float64)
            numeric = numeric.fillna(self.medians_)
            blocks.append(numeric.to_numpy(dtype=np.float64))
            names += self.numeric_
            sources += self.numeric_
        for column in self.categorical_:
            encoded_levels, common, has_rare = self.levels_[column]
            values = frame[column].astype(object).where(frame[column].notna(), self.modes_[column])
            if has_rare:
                values = values.where(values.isin(common), RARE)
            codes = values.to_numpy()
            blocks.append(
                (codes[:, None] == np.array(encoded_levels, dtype=object)[None, :]).astype(
                    np.float64
                )
            )
            names += [f"{column}={lvl}" for lvl in encoded_levels]
            sources += [column] * len(encoded_levels)
        X = np.hstack(blocks) if blocks else np.empty((len(frame), 0))
        return X, names, sources

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The standardized design matrix, shape (n_rows, len(feature_names_))."""
        missing = [c for c in (*self.numeric_, *self.categorical_) if c not in frame.columns]
        if missing:
            raise InputError(f"the data lacks the columns {', '.join(missing)}")
        raw, _, _ = self._raw(frame)
        return (raw[:, self.keep_] - self.mean_[self.keep_]) / self.scale_[self.keep_]

    def fit_transform(self, frame: pd.DataFrame) -> np.ndarray:
        return self.fit(frame).transform(frame)

    def missing_cells(self, frame: pd.DataFrame) -> dict[str, int]:
        """The cells :meth:`transform` imputes in ``frame``: column -> how many (when any)."""
        counts = {c: int(frame[c].isna().sum()) for c in (*self.numeric_, *self.categorical_)}
        return {c: n for c, n in counts.items() if n}

    def unseen_levels(self, frame: pd.DataFrame) -> dict[str, int]:
        """Cells whose level training never saw: column -> how many (when any).

        :meth:`transform` pools them into ``"(rare)"`` when the column has that level, else
        reads them as the reference level (all of the column's indicators 0).
        """
        counts = {}
        for column in self.categorical_:
            common = self.levels_[column][1]
            seen = set(common) | set(self.pooled_.get(column, ()))
            values = frame[column].dropna().astype(object)
            n = int((~values.isin(seen)).sum())
            if n:
                counts[column] = n
        return counts


def _counted(counts: dict[str, int], limit: int = 8) -> str:
    shown = ", ".join(f"{c} ({n:,})" for c, n in list(counts.items())[:limit])
    return shown + (f" and {len(counts) - limit} more" if len(counts) > limit else "")


def encoding_notes(encoder: FeatureEncoder, parts: dict[str, pd.DataFrame]) -> list[str]:
    """What :meth:`FeatureEncoder.transform` changes in each named table, counted, in words.

    ``parts`` maps a name ("the training split") to its rows; the encoder must be fitted.
    """
    notes = []
    for name, frame in parts.items():
        missing = encoder.missing_cells(frame)
        if missing:
            notes.append(
                f"imputed {sum(missing.values()):,} missing cells of {name} with the training "
                f"split's median (numbers) or most frequent level (categories): {_counted(missing)}"
            )
        unseen = encoder.unseen_levels(frame)
        if unseen:
            notes.append(
                f"{sum(unseen.values()):,} cells of {name} hold a level the training split never "
                f"saw, read as '{RARE}' where the column has it, else as the most frequent level: "
                f"{_counted(unseen)}"
            )
    if encoder.pooled_:
        n_levels = sum(len(v) for v in encoder.pooled_.values())
        notes.append(
            f"pooled {n_levels} levels seen in fewer than {encoder.min_count} training rows into "
            f"'{RARE}', in {len(encoder.pooled_)} columns"
        )
    if encoder.constant_:
        notes.append(
            f"left out {len(encoder.constant_)} features constant in the training split: "
            f"{', '.join(encoder.constant_[:10])}{' ...' if len(encoder.constant_) > 10 else ''}"
        )
    return notes
