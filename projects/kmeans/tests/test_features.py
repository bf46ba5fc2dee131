import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import silhouette_samples as sk_silhouette_samples
from sklearn.metrics import silhouette_score as sk_silhouette_score

from foundations.errors import InputError

from ..features import customer_table, rfm_table, standardise
from ..segments import name_segments, profiles
from ..selection import elbow, silhouette_samples, silhouette_score


def test_rfm_by_hand():
    log = pd.DataFrame(
        {
            "customer_id": [7, 7, 3, 7, 3, 9],
            "date": [
                "2020-01-01",
                "2020-01-05",
                "2020-01-02",
                "2020-01-09",
                "2020-01-10",
                "2020-01-03",
            ],
            "amount": [10.0, 5.0, 2.5, 0.0, 7.5, 100.0],
        }
    )
    table = rfm_table(log)
    # reference date: the day after the last transaction, 2020-01-11
    assert table.index.tolist() == [3, 7, 9]
    assert table["recency"].tolist() == [1, 2, 8]
    assert table["frequency"].tolist() == [2, 3, 1]
    assert table["monetary"].tolist() == [10.0, 15.0, 100.0]


def test_standardise_logs_only_the_skewed_features():
    rng = np.random.default_rng(0)
    raw = pd.DataFrame(
        {
            "skewed": rng.lognormal(0, 1.5, 1000),
            "symmetric": rng.normal(50, 5, 1000),
            "skewed_negative": -rng.lognormal(0, 1.5, 1000) + 0.5,  # left tail: no log
            "constant": np.full(1000, 3.0),
        }
    )
    features = standardise(raw, "test")
    assert features.logged == ["skewed"]
    np.testing.assert_allclose(features.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(features.X.std(axis=0), [1, 1, 1, 0], atol=1e-12)
    logged = np.log1p(raw["skewed"])
    np.testing.assert_allclose(features.X[:, 0], (logged - logged.mean()) / logged.std(ddof=0))


def test_customer_table_errors():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"], "c": [1.0, None]})
    with pytest.raises(InputError, match="no column 'zz'"):
        customer_table(frame, ["a", "zz"])
    with pytest.raises(InputError, match="'b' of the customer table is not numeric"):
        customer_table(frame, ["a", "b"])
    with pytest.raises(InputError, match="'c' of the customer table has 1 missing"):
        customer_table(frame, ["a", "c"])


@given(seed=st.integers(0, 10_000), n=st.integers(8, 80), k=st.integers(2, 5))
@settings(max_examples=30, deadline=None)
def test_silhouette_matches_sklearn(seed, n, k):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    X[: n // 4] = X[0]  # duplicates: zero distances
    labels = rng.integers(0, k, n)
    labels[:2] = [0, 1]  # at least two clusters
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a = b = 0 is handled, not a 0/0 warning
        ours, index = silhouette_samples(X, labels)
    assert np.array_equal(index, np.arange(n))
    np.testing.assert_allclose(ours, sk_silhouette_samples(X, labels), atol=1e-7)
    assert silhouette_score(X, labels) == pytest.approx(sk_silhouette_score(X, labels), abs=1e-7)


def test_silhouette_of_points_on_top_of_another_cluster_is_zero_without_a_warning():
    X = np.array([[0.0], [0.0], [0.0], [0.0], [5.0], [5.0]])
    labels = np.array([0, 0, 1, 1, 2, 2])  # clusters 0 and 1 sit on one point: a = b = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, _ = silhouette_samples(X, labels)
    np.testing.assert_array_equal(ours, sk_silhouette_samples(X, labels))
    assert ours[:4].tolist() == [0.0] * 4


def test_sampled_silhouette_scores_the_sample_against_everyone():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(900, 2)) + np.repeat([[0, 0], [6, 0], [0, 6]], 300, axis=0)
    labels = np.repeat([0, 1, 2], 300)
    full = sk_silhouette_samples(X, labels)
    scores, index = silhouette_samples(X, labels, sample_size=200, random_state=0)
    assert index.size == 200 and np.unique(index).size == 200
    np.testing.assert_allclose(scores, full[index], atol=1e-7)
    with pytest.raises(InputError, match="2 to n_samples - 1 clusters"):
        silhouette_samples(X, np.zeros(900, dtype=int))


def test_elbow_finds_the_bend():
    ks = list(range(2, 11))
    bent = [100, 60, 20, 17, 15, 13, 11, 10, 9]  # sharp bend at k = 4
    assert elbow(ks, bent) == 4
    straight = [10 - k for k in ks]  # no bend: any answer is on the chord, take the first
    assert elbow(ks, straight) == 2


def test_profiles_and_names():
    raw = pd.DataFrame(
        {
            "recency": [
                5.0,
                10.0,
                15.0,
                20.0,
                *np.linspace(450, 540, 10),
                *np.linspace(200, 400, 6),
            ],
            "frequency": [20.0] * 4 + [1.0] * 10 + [3.0] * 6,
            "monetary": [900.0] * 4 + [10.0] * 10 + [60.0] * 6,
        }
    )
    labels = np.repeat([0, 1, 2], [4, 10, 6])
    table = profiles(raw, labels, "monetary")
    assert table["customers"].tolist() == [4, 10, 6]
    assert table["share of revenue"].tolist() == pytest.approx(
        [3600 / 4060, 100 / 4060, 360 / 4060]
    )
    assert table.loc[1, "recency"] == pytest.approx(495.0)
    names = name_segments(table, raw, np.zeros((3, 3)))
    # mean spend 203: segment 0 spends over 3 times that; recency terciles ~293 and ~477
    assert names == ["recent big spenders", "lapsed one-timers", "fading occasional buyers"]
    # two segments with the same profile still get different names
    twins = pd.concat([table, table.iloc[[1]]], ignore_index=True)
    twin_names = name_segments(twins, raw, np.zeros((4, 3)))
    assert len(set(twin_names)) == 4
    assert twin_names[3] == "lapsed one-timers (spend 10) (segment 3)"
    generic = raw.rename(columns={"recency": "age"})
    centres = np.array([[1.5, 0.1, -0.9], [0.0, 0.2, 0.1], [-1.0, 0.0, 0.0]])
    gnames = name_segments(profiles(generic, labels), generic, centres)
    assert gnames == ["high age, low monetary", "average on every feature", "low age"]
