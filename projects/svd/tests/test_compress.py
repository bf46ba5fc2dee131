import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundations.errors import InputError
from toolkit.datasets import load_sample_image

from ..compress import allocate_ranks, compress_image, factor
from ..metrics import eckart_young_error, relative_frobenius_error


@pytest.fixture(scope="module")
def crop():
    """A real photo, cropped small so the from-scratch SVD is quick: (48, 72, 3) uint8."""
    return load_sample_image("china.jpg")[150:198, 250:322].copy()


def image_like(rng, m, n, decay=0.8):
    """A matrix with a photo's shape of spectrum: geometric decay plus a little noise."""
    r = min(m, n)
    U, _ = np.linalg.qr(rng.normal(size=(m, r)))
    V, _ = np.linalg.qr(rng.normal(size=(n, r)))
    return (U * (100 * decay ** np.arange(r))) @ V.T + 0.01 * rng.normal(size=(m, n))


@pytest.mark.parametrize("seed", range(3))
def test_error_at_rank_k_is_the_eckart_young_bound(seed):
    rng = np.random.default_rng(seed)
    A = image_like(rng, 30 + 7 * seed, 45)
    full = factor(A)
    s_numpy = np.linalg.svd(A, compute_uv=False)
    for k in range(1, min(A.shape)):
        err = relative_frobenius_error(A, full.reconstruct(k))
        bound = np.sqrt(np.sum(s_numpy[k:] ** 2)) / np.linalg.norm(A)
        assert err == pytest.approx(bound, rel=1e-8)
        assert eckart_young_error(full.s, k) == pytest.approx(bound, rel=1e-8)


def test_our_error_is_within_numpys_at_every_rank(crop):
    x = crop.astype(float)
    for c in range(3):
        A = x[..., c]
        ours = factor(A)
        U, s, Vt = np.linalg.svd(A, full_matrices=False)
        for k in range(1, min(A.shape)):
            mine = relative_frobenius_error(A, ours.reconstruct(k))
            numpys = relative_frobenius_error(A, (U[:, :k] * s[:k]) @ Vt[:k])
            assert mine <= 1.0001 * numpys


@given(
    m=st.integers(2, 12),
    n=st.integers(2, 12),
    data=st.data(),
)
@settings(max_examples=25, deadline=None)
def test_truncated_is_optimal_on_random_matrices(m, n, data):
    seed = data.draw(st.integers(0, 2**32 - 1))
    A = np.random.default_rng(seed).normal(size=(m, n))
    k = data.draw(st.integers(1, min(m, n)))
    approx = factor(A, k).reconstruct()
    s = np.linalg.svd(A, compute_uv=False)
    assert np.linalg.norm(A - approx) <= np.sqrt(np.sum(s[k:] ** 2)) * (1 + 1e-8) + 1e-12


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float64, np.float32])
def test_full_rank_is_lossless(crop, dtype):
    if dtype == np.uint16:
        image = crop.astype(np.uint16) * 257
    elif np.issubdtype(dtype, np.floating):
        image = (crop / 255.0).astype(dtype)
    else:
        image = crop
    out = compress_image(image, min(image.shape[:2]))
    assert out.dtype == image.dtype and out.shape == image.shape
    if np.issubdtype(dtype, np.integer):
        np.testing.assert_array_equal(out, image)
    else:
        np.testing.assert_allclose(out, image, atol=1e-12 if dtype == np.float64 else 1e-6)


def test_same_shape_dtype_and_values_clipped(crop):
    gray = crop[..., 1]
    for image in (crop, gray, np.dstack([crop, 255 - gray])):
        out = compress_image(image, 3)
        assert out.shape == image.shape and out.dtype == np.uint8
    # Saturated pixels next to dark ones make the low-rank image overshoot [0, 1]; the result
    # is clipped back into the valid range.
    bright = gray / 255.0
    bright[10:30, 20:50] = 1.0
    bright[30:40, 5:25] = 0.0
    raw = factor(bright, 3).reconstruct()
    assert raw.min() < 0 and raw.max() > 1
    out = compress_image(bright, 3)
    assert out.min() >= 0 and out.max() <= 1
    np.testing.assert_allclose(out, np.clip(raw, 0, 1), atol=1e-12)


def test_randomized_is_close_to_the_optimum(crop):
    exact = compress_image(crop, 10)
    fast = compress_image(crop, 10, "randomized", random_state=0)
    again = compress_image(crop, 10, "randomized", random_state=0)
    np.testing.assert_array_equal(fast, again)  # deterministic under a seed
    x = crop.astype(float)
    assert relative_frobenius_error(x, fast) <= 1.05 * relative_frobenius_error(x, exact)


def test_ycbcr_spends_the_rgb_budget_and_helps_on_a_photo(crop):
    x = crop.astype(float)
    for k in (2, 6):
        rgb = compress_image(crop, k)
        ycc = compress_image(crop, k, color_space="ycbcr")
        assert ycc.shape == crop.shape and ycc.dtype == crop.dtype
        assert relative_frobenius_error(x, ycc) < relative_frobenius_error(x, rgb)
    rgba = np.dstack([crop, crop[..., :1]])
    assert compress_image(rgba, 4, color_space="ycbcr").shape == rgba.shape
    explicit = compress_image(crop, [10, 2, 2], color_space="ycbcr")
    assert explicit.shape == crop.shape


def test_allocate_ranks_is_the_best_split():
    rng = np.random.default_rng(0)
    spectra = [np.sort(rng.uniform(0, 10, size=6))[::-1] * scale for scale in (3, 1, 0.5)]
    weights = np.array([3.0, 3.3, 2.5])
    for budget in range(3, 19):
        ranks = allocate_ranks(spectra, budget, weights)
        assert sum(ranks) == budget and min(ranks) >= 1

        def cost(split):
            return sum(
                w * np.sum(s[k:] ** 2) for s, w, k in zip(spectra, weights, split, strict=True)
            )

        best = min(
            cost(split)
            for split in itertools.product(range(1, 7), repeat=3)
            if sum(split) == budget
        )
        assert cost(ranks) == pytest.approx(best, rel=1e-12)


@pytest.mark.parametrize(
    ("image", "kwargs", "message"),
    [
        (np.zeros((8, 10), np.uint8), {"rank": 0}, "between 1 and min"),
        (np.zeros((8, 10), np.uint8), {"rank": 9}, "between 1 and min"),
        (np.zeros((8, 10), np.uint8), {"rank": 2.5}, "must be an integer"),
        (np.zeros((8, 10), np.uint8), {"rank": True}, "must be an integer"),
        (np.zeros((8, 10, 3), np.uint8), {"rank": [1, 2]}, "3 channels"),
        (np.zeros((8, 10), np.uint8), {"rank": 2, "method": "fast"}, "method must be"),
        (np.zeros((8, 10), np.uint8), {"rank": 2, "color_space": "hsv"}, "color_space"),
        (np.zeros((8, 10), np.uint8), {"rank": 2, "color_space": "ycbcr"}, "3 or 4 channels"),
        (np.full((8, 10), 2.0), {"rank": 2}, r"lie in \[0, 1\]"),
        (np.full((8, 10), np.nan), {"rank": 2}, "NaN"),
        (np.zeros(8), {"rank": 1}, "2-D or 3-D"),
        (np.zeros((8, 10), bool), {"rank": 1}, "dtype bool"),
    ],
)
def test_bad_input_gets_one_clear_error(image, kwargs, message):
    with pytest.raises(InputError, match=message):
        compress_image(image, **kwargs)


def test_does_not_modify_the_input(crop):
    before = crop.copy()
    compress_image(crop, 5, color_space="ycbcr")
    np.testing.assert_array_equal(crop, before)
