import numpy as np
import pytest
from PIL import Image

from foundations.errors import InputError

from ..color import rgb_to_ycbcr, ycbcr_error_weights, ycbcr_to_rgb


@pytest.mark.parametrize("peak", [255.0, 65535.0, 1.0])
def test_round_trip_is_exact_to_rounding(peak):
    rgb = np.random.default_rng(0).uniform(0, peak, size=(20, 30, 3))
    np.testing.assert_allclose(ycbcr_to_rgb(rgb_to_ycbcr(rgb, peak), peak), rgb, atol=1e-12 * peak)


def test_matches_pillow_jpeg_conversion():
    rgb = np.random.default_rng(1).integers(0, 256, size=(40, 50, 3), dtype=np.uint8)
    pillow = np.asarray(Image.fromarray(rgb).convert("YCbCr"), dtype=float)
    # Pillow works in fixed point and truncates, so it is within one level of the exact value.
    assert np.max(np.abs(rgb_to_ycbcr(rgb) - pillow)) <= 1.01


def test_gray_has_neutral_chroma():
    gray = np.linspace(0, 255, 12).reshape(3, 4, 1).repeat(3, axis=2)
    ycc = rgb_to_ycbcr(gray)
    np.testing.assert_allclose(ycc[..., 0], gray[..., 0], atol=1e-12)
    np.testing.assert_allclose(ycc[..., 1:], 128.0, atol=1e-12)


def test_error_weights_are_squared_column_norms_of_the_inverse():
    base = np.full((1, 1, 3), 100.0)
    columns = [ycbcr_to_rgb(base + np.eye(3)[j]) - ycbcr_to_rgb(base) for j in range(3)]
    np.testing.assert_allclose(ycbcr_error_weights(), [np.sum(c**2) for c in columns], rtol=1e-12)


def test_needs_three_channels():
    with pytest.raises(InputError, match="3 channels"):
        rgb_to_ycbcr(np.zeros((4, 4, 4)))
    with pytest.raises(InputError, match="3-D"):
        ycbcr_to_rgb(np.zeros((4, 4)))
