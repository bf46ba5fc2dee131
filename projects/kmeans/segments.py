"""Segment profiles in the features' original units, and a readable name for each segment."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .features import RFM

__all__ = ["generic_name", "name_segments", "profiles", "rfm_name"]


def profiles(raw: pd.DataFrame, labels: np.ndarray, revenue: str | None = None) -> pd.DataFrame:
    """One row per segment: size, share of customers, mean of every feature, share of revenue.

    ``revenue`` names the column whose total is split among the segments (the monetary
    value for RFM); the share of revenue is left out without it.
    """
    grouped = raw.groupby(labels)
    table = grouped.mean()
    table.insert(0, "customers", grouped.size())
    table.insert(1, "share of customers", table["customers"] / len(raw))
    if revenue is not None:
        total = raw[revenue].sum()
        table["share of revenue"] = grouped[revenue].sum() / total if total > 0 else 0.0
    table.index.name = "segment"
    return table


def rfm_name(row: pd.Series, population: pd.DataFrame) -> str:
    """A name from a segment's mean recency, frequency and spend, against all customers.

    Activity from the mean recency against the customers' recency terciles (recent /
    fading / lapsed). Value from the mean number of purchases (below 1.5: one-timers) and
    the mean spend against the average customer's: at least 3 times it, big spenders; at
    least as much, regulars; less, occasional buyers.
    """
    r_low, r_high = population["recency"].quantile([1 / 3, 2 / 3])
    if row["recency"] <= r_low:
        activity = "recent"
    elif row["recency"] <= r_high:
        activity = "fading"
    else:
        activity = "lapsed"
    typical_spend = population["monetary"].mean()
    if row["frequency"] < 1.5:
        value = "one-timers"
    elif row["monetary"] >= 3 * typical_spend:
        value = "big spenders"
    elif row["monetary"] >= typical_spend:
        value = "regulars"
    else:
        value = "occasional buyers"
    return f"{activity} {value}"


def generic_name(centre_z: np.ndarray, names: list[str]) -> str:
    """A name from a standardised centre: its two most distinctive features, high or low."""
    order = np.argsort(-np.abs(centre_z))[:2]
    parts = [
        f"{'high' if centre_z[j] > 0 else 'low'} {names[j]}"
        for j in order
        if abs(centre_z[j]) >= 0.5
    ]
    return ", ".join(parts) if parts else "average on every feature"


def name_segments(table: pd.DataFrame, raw: pd.DataFrame, centres_z: np.ndarray) -> list[str]:
    """Readable, unique names for the segments of ``table`` (rows in segment order)."""
    names = list(raw.columns)
    if tuple(names) == RFM:
        labels = [rfm_name(row, raw) for _, row in table.iterrows()]
        labels = _disambiguate(labels, [f"spend {m:,.0f}" for m in table["monetary"]])
    else:
        labels = [generic_name(z, names) for z in centres_z]
    return _disambiguate(labels, [f"segment {j}" for j in table.index])


def _disambiguate(labels: list[str], details: list[str]) -> list[str]:
    """Append ``(detail)`` to every name that more than one segment shares."""
    counts = Counter(labels)
    return [
        label if counts[label] == 1 else f"{label} ({detail})"
        for label, detail in zip(labels, details, strict=True)
    ]
