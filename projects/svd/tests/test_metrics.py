import itertools
import math

import numpy as np
import pytest

from foundations.errors import InputError

from ..metrics import (
    break_even_rank,
    eckart_young_error,
    energy_captured,
    psnr,
    relative_frobenius_error,
    ssim,
    storage_ratio,
)


def ssim_naive(x, y, L, win=7, k1=0.01, k2=0.03):
    """SSIM of a 2-D pair straight from the definition: one window at a time, NumPy's statistics."""
    c1, c2 = (k1 * L) ** 2, (k2 * L) ** 2
    values = []
    for i in range(x.shape[0] - win + 1):
        for j in range(x.shape[1] - win + 1):
            a = x[i : i + win, j : j + win].ravel()
            b = y[i : i + win, j : j + win].ravel()
            mx, my = a.mean(), b.mean()
            vx, vy = a.var(ddof=1), b.var(ddof=1)
            cxy = np.cov(a, b, ddof=1)[0, 1]
            values.append(
                ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
            )
    return float(np.mean(values))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float64])
def test_psnr_is_its_definition(dtype):
    rng = np.random.default_rng(1)
    peak = 1.0 if dtype == np.float64 else float(np.iinfo(dtype).max)
    a = rng.uniform(0, peak, size=(30, 40, 3))
    b = np.clip(a + rng.normal(scale=0.05 * peak, size=a.shape), 0, peak)
    if dtype != np.float64:
        a, b = np.rint(a).astype(dtype), np.rint(b).astype(dtype)
    mse = np.mean((a.astype(float) - b.astype(float)) ** 2)
    assert psnr(a, b) == pytest.approx(10 * np.log10(peak**2 / mse), rel=1e-12)
    assert psnr(a, b, data_range=2 * peak) == pytest.approx(psnr(a, b) + 20 * np.log10(2))
    assert psnr(a, a) == math.inf


def test_ssim_matches_the_window_by_window_definition():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 256, size=(13, 16)).astype(np.uint8)
    y = np.clip(x + rng.normal(scale=25, size=x.shape), 0, 255).astype(np.uint8)
    expected = ssim_naive(x.astype(float), y.astype(float), 255.0)
    assert ssim(x, y) == pytest.approx(expected, rel=1e-10)
    # A colour image averages its channels.
    xc = np.stack([x, y, x], axis=2)
    yc = np.stack([y, x, 255 - x], axis=2).astype(np.uint8)
    per_channel = [
        ssim_naive(xc[..., c].astype(float), yc[..., c].astype(float), 255.0) for c in range(3)
    ]
    assert ssim(xc, yc) == pytest.approx(np.mean(per_channel), rel=1e-10)


def test_ssim_of_constant_images_has_a_closed_form():
    c, d, L = 100.0, 140.0, 255.0
    x, y = np.full((10, 12), c), np.full((10, 12), d)
    c1 = (0.01 * L) ** 2
    expected = (2 * c * d + c1) / (c**2 + d**2 + c1)  # the contrast term is C2 / C2 = 1
    assert ssim(x, y, data_range=L) == pytest.approx(expected, rel=1e-12)


def test_ssim_properties_identity_symmetry_and_noise():
    rng = np.random.default_rng(3)
    # A smooth image with structure (not white noise), so noise really degrades it.
    i, j = np.mgrid[0:48, 0:64]
    x = np.clip(
        128 + 60 * np.sin(i / 5) * np.cos(j / 7) + rng.normal(scale=3, size=i.shape), 0, 255
    )
    x = x.astype(np.uint8)
    assert ssim(x, x) == pytest.approx(1.0, abs=1e-12)
    noise = rng.normal(size=x.shape)
    values = []
    for level in [2, 5, 10, 20, 40, 80]:
        y = np.clip(np.rint(x + level * noise), 0, 255).astype(np.uint8)
        assert ssim(x, y) == pytest.approx(ssim(y, x), rel=1e-12)
        values.append(ssim(x, y))
    assert all(a > b for a, b in itertools.pairwise(values))
    assert -1 <= values[-1] < values[0] < 1


def test_ssim_precision_on_large_offsets():
    # Shifting both images by the same amount changes only the luminance term.
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1000, size=(20, 20))
    y = x + rng.normal(scale=30, size=x.shape)
    got = ssim(x + 1e6, y + 1e6, data_range=1000.0)
    want = ssim_naive(x + 1e6, y + 1e6, 1000.0)
    assert got == pytest.approx(want, rel=1e-9)


def test_ssim_and_psnr_reject_bad_input():
    a = np.zeros((10, 10), dtype=np.uint8)
    with pytest.raises(InputError, match="differ in shape"):
        ssim(a, np.zeros((10, 11), dtype=np.uint8))
    with pytest.raises(InputError, match="at least 7×7"):
        ssim(a[:5, :5], a[:5, :5])
    with pytest.raises(InputError, match="NaN"):
        psnr(np.full((3, 3), np.nan), np.zeros((3, 3)))
    with pytest.raises(InputError, match="data_range"):
        psnr(a, a, data_range=0)


def test_storage_ratio_counts_the_factors():
    m, n = 427, 640
    assert storage_ratio((m, n), 20) == pytest.approx(20 * (m + n + 1) / (m * n))
    assert storage_ratio((m, n, 3), 20) == storage_ratio((m, n), 20)
    assert storage_ratio((m, n, 3), [40, 10, 10]) == storage_ratio((m, n), 20)
    k = break_even_rank(m, n)
    assert storage_ratio((m, n), k) <= 1 < storage_ratio((m, n), k + 1)


def test_errors_and_energy_against_numpy():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(30, 20)) @ np.diag(0.7 ** np.arange(20)) @ rng.normal(size=(20, 20))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    ks = np.arange(0, 21)
    actual = [np.linalg.norm(A - (U[:, :k] * s[:k]) @ Vt[:k]) / np.linalg.norm(A) for k in ks]
    np.testing.assert_allclose(eckart_young_error(s, ks)[:-1], actual[:-1], rtol=1e-6)
    assert eckart_young_error(s, 20) == 0.0
    np.testing.assert_allclose(
        energy_captured(s), 1 - eckart_young_error(s, ks[1:]) ** 2, atol=1e-14
    )
    B = A + rng.normal(size=A.shape)
    assert relative_frobenius_error(A, B) == pytest.approx(
        np.linalg.norm(A - B) / np.linalg.norm(A), rel=1e-14
    )
    assert relative_frobenius_error(np.zeros(3), np.zeros(3)) == 0.0
