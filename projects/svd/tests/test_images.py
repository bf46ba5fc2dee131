import numpy as np
import pytest
from PIL import Image

from foundations.errors import InputError

from ..images import load_image, value_range


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize(
    ("mode", "shape"),
    [("RGB", (20, 30, 3)), ("RGBA", (20, 30, 4)), ("L", (20, 30)), ("LA", (20, 30, 2))],
)
def test_png_round_trip(tmp_path, rng, mode, shape):
    pixels = rng.integers(0, 256, size=shape, dtype=np.uint8)
    path = tmp_path / f"x_{mode}.png"
    Image.fromarray(pixels, mode=mode).save(path)
    loaded = load_image(path)
    assert loaded.pixels.dtype == np.uint8
    np.testing.assert_array_equal(loaded.pixels, pixels)
    assert loaded.channels == mode and loaded.name == path.name


def test_sixteen_bit_grayscale(tmp_path, rng):
    pixels = rng.integers(0, 65536, size=(12, 9), dtype=np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(pixels).save(path)
    loaded = load_image(path)
    assert loaded.pixels.dtype == np.uint16
    np.testing.assert_array_equal(loaded.pixels, pixels)


def test_palette_bilevel_and_cmyk_become_rgb_or_gray(tmp_path, rng):
    rgb = rng.integers(0, 256, size=(16, 16, 3), dtype=np.uint8)
    Image.fromarray(rgb).quantize(8).save(tmp_path / "pal.png")
    assert load_image(tmp_path / "pal.png").pixels.shape == (16, 16, 3)
    pal = Image.fromarray(rgb).quantize(8)
    pal.info["transparency"] = 0
    pal.save(tmp_path / "pal_t.png", transparency=0)
    assert load_image(tmp_path / "pal_t.png").pixels.shape == (16, 16, 4)
    Image.fromarray(rgb[..., 0] > 128).save(tmp_path / "bits.png")
    bits = load_image(tmp_path / "bits.png").pixels
    assert bits.shape == (16, 16) and set(np.unique(bits)) <= {0, 255}
    Image.fromarray(rgb).convert("CMYK").save(tmp_path / "print.jpg")
    assert load_image(tmp_path / "print.jpg").pixels.shape == (16, 16, 3)


def test_exif_orientation_is_applied(tmp_path, rng):
    pixels = rng.integers(0, 256, size=(10, 24, 3), dtype=np.uint8)
    img = Image.fromarray(pixels)
    exif = img.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    img.save(tmp_path / "phone.jpg", exif=exif)
    assert load_image(tmp_path / "phone.jpg").pixels.shape == (24, 10, 3)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "does not exist"),
        ("dir", "is not a file"),
        ("text", "not an image file"),
        ("truncated", "cannot be decoded"),
        ("tiny", "at least 8×8"),
    ],
)
def test_bad_files_get_one_clear_error(tmp_path, rng, make, message):
    path = tmp_path / "bad.png"
    if make == "dir":
        path.mkdir()
    elif make == "text":
        path.write_text("not an image")
    elif make == "truncated":
        Image.fromarray(rng.integers(0, 256, size=(64, 64, 3), dtype=np.uint8)).save(path)
        path.write_bytes(path.read_bytes()[:400])
    elif make == "tiny":
        Image.fromarray(np.zeros((5, 40), dtype=np.uint8)).save(path)
    with pytest.raises(InputError, match=message):
        load_image(path)


def test_value_range():
    assert value_range(np.uint8) == (0, 255)
    assert value_range(np.uint16) == (0, 65535)
    assert value_range(np.float32) == (0, 1)
    with pytest.raises(InputError, match="dtype bool"):
        value_range(bool)
