"""Images as arrays: Pillow decodes the file, everything after that is NumPy.

A photo with ``c`` channels becomes an array of shape ``(height, width)`` (one channel) or
``(height, width, c)``, each channel a matrix the SVD can factor. Pixel values keep the file's
integer type (``uint8`` for ordinary JPEGs and PNGs, ``uint16`` for 16-bit PNGs), so "the valid
range" of a pixel is ``[0, 255]`` or ``[0, 65535]``; floating-point images are taken to lie in
``[0, 1]``, the convention of matplotlib and scikit-image.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from foundations.errors import InputError

__all__ = [
    "MIN_SIDE",
    "PREVIEW_SIDE",
    "LoadedImage",
    "downscale",
    "load_image",
    "png_bytes",
    "preview",
    "resize",
    "value_range",
]

#: Pillow modes with premultiplied alpha, read as their straight-alpha twins.
_UNPREMULTIPLY = {"La": "LA", "RGBa": "RGBA"}
_SIXTEEN_BIT = {"I;16", "I;16L", "I;16B", "I;16N"}
#: The smallest side an image file may have: SSIM needs 7×7 windows, and a few of them.
MIN_SIDE = 8
#: Longest side of the copies the figures show: a figure panel is a few hundred pixels wide.
PREVIEW_SIDE = 1000


@dataclass(frozen=True)
class LoadedImage:
    """An image read from a file.

    Attributes
    ----------
    pixels : ndarray, shape (height, width) or (height, width, channels)
        ``uint8`` or ``uint16`` values.
    name : str
        The file name, used to label figures and the report.
    mode : str
        Pillow's description of the file's pixels (``"RGB"``, ``"RGBA"``, ``"L"``, ``"I;16"``…).
    """

    pixels: np.ndarray
    name: str
    mode: str
    original_shape: tuple[int, ...] | None = None

    @property
    def downscaled(self) -> bool:
        """Whether ``--max-side`` shrank the file's pixels (``original_shape`` is the file's)."""
        return self.original_shape is not None and self.original_shape != self.pixels.shape

    @property
    def channels(self) -> str:
        """The channel letters: ``"RGB"``, ``"RGBA"``, ``"L"`` (luminance) or ``"LA"``."""
        n = 1 if self.pixels.ndim == 2 else self.pixels.shape[2]
        return {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[n]


def value_range(dtype) -> tuple[float, float]:
    """The valid pixel range of an image dtype: ``[0, 255]`` for uint8, ``[0, 1]`` for floats.

    Raises
    ------
    InputError
        For dtypes that are not numbers (booleans included: convert them to uint8 first).
    """
    dtype = np.dtype(dtype)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return float(info.min), float(info.max)
    if np.issubdtype(dtype, np.floating):
        return 0.0, 1.0
    raise InputError(f"an image must hold integer or floating-point pixels, got dtype {dtype}")


def load_image(path: Path | str) -> LoadedImage:
    """Read a JPEG, PNG (or anything else Pillow reads) into an integer array.

    Colour images come back as ``(h, w, 3)`` RGB, with transparency as ``(h, w, 4)`` RGBA;
    grayscale as ``(h, w)`` (``uint16`` for 16-bit files) and grayscale with alpha as
    ``(h, w, 2)``. Palette, 1-bit and CMYK files are converted to RGB(A) or grayscale, and a
    camera's EXIF orientation tag is applied so the photo is upright.

    Raises
    ------
    InputError
        When the file is missing, is not an image, cannot be decoded, is smaller than
        8×8 pixels, or has a pixel format that is not an image's (32-bit floats or signed
        integers).
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(path)
    if not path.exists():
        raise InputError(f"image file {path} does not exist")
    if not path.is_file():
        raise InputError(f"{path} is not a file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.load()
                img = ImageOps.exif_transpose(img)
                mode = img.mode
                pixels = _pixels(img)
    except UnidentifiedImageError:
        raise InputError(f"{path} is not an image file that Pillow can read") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(f"{path} is too large to read safely: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path} cannot be decoded as an image ({exc})") from None
    if min(pixels.shape[:2]) < MIN_SIDE:
        raise InputError(
            f"{path} is {pixels.shape[1]}×{pixels.shape[0]} pixels; the study needs at least "
            f"{MIN_SIDE}×{MIN_SIDE} (SSIM compares 7×7 windows)"
        )
    return LoadedImage(pixels=pixels, name=path.name, mode=mode)


def _pixels(img) -> np.ndarray:
    """The array of a decoded Pillow image, converted to one of the supported layouts."""
    mode = img.mode
    if mode in _SIXTEEN_BIT:
        return np.asarray(img).astype(np.uint16)
    if mode == "I":  # 32-bit integers: how Pillow often opens 16-bit grayscale PNGs
        arr = np.asarray(img)
        if arr.size and (arr.min() < 0 or arr.max() > np.iinfo(np.uint16).max):
            raise InputError("32-bit integer pixels outside [0, 65535] are not an image format")
        return arr.astype(np.uint16)
    if mode == "F":
        raise InputError("32-bit floating-point pixels are not supported; save the image as PNG")
    if mode == "1":
        img = img.convert("L")
    elif mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in img.info
        img = img.convert("RGBA" if has_alpha else "RGB")
    elif mode in _UNPREMULTIPLY:
        img = img.convert(_UNPREMULTIPLY[mode])
    elif mode not in ("L", "LA", "RGB", "RGBA"):  # CMYK, YCbCr, LAB, HSV, RGBX
        img = img.convert("RGB")
    return np.asarray(img, dtype=np.uint8).copy()


def resize(pixels: np.ndarray, height: int, width: int, gap: float | None = None) -> np.ndarray:
    """``pixels`` resampled to ``height × width`` (Lanczos), same dtype and channels.

    ``gap`` is Pillow's ``reducing_gap``: a large reduction first averages whole blocks of
    pixels, then applies Lanczos to an image at most ``gap`` times the target (faster, and as
    good for a preview).
    """
    from PIL import Image

    def one(plane: np.ndarray) -> np.ndarray:
        if plane.dtype == np.uint8:
            img = Image.fromarray(plane)
            return np.asarray(
                img.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=gap)
            )
        img = Image.fromarray(plane.astype(np.float32), mode="F")
        out = np.asarray(img.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=gap))
        lo, hi = value_range(plane.dtype)
        out = np.clip(out, lo, hi)
        return (np.rint(out) if np.issubdtype(plane.dtype, np.integer) else out).astype(plane.dtype)

    if pixels.ndim == 2:
        return one(pixels)
    return np.stack([one(np.ascontiguousarray(pixels[..., j])) for j in range(pixels.shape[2])], 2)


def downscale(image: LoadedImage, max_side: int) -> LoadedImage:
    """The image shrunk so its longer side is at most ``max_side`` (aspect ratio kept)."""
    h, w = image.pixels.shape[:2]
    if max(h, w) <= max_side:
        return image
    scale = max_side / max(h, w)
    height, width = max(MIN_SIDE, round(h * scale)), max(MIN_SIDE, round(w * scale))
    return LoadedImage(
        resize(image.pixels, height, width), image.name, image.mode, image.pixels.shape
    )


def preview(pixels: np.ndarray | None, side: int = PREVIEW_SIDE) -> np.ndarray | None:
    """A copy for the figures, at most ``side`` pixels on the longer side (small images as they
    are): drawing a 24-megapixel image in a 3-inch panel would only cost memory."""
    if pixels is None or max(pixels.shape[:2]) <= side:
        return pixels
    h, w = pixels.shape[:2]
    scale = side / max(h, w)
    return resize(pixels, max(1, round(h * scale)), max(1, round(w * scale)), gap=3.0)


def png_bytes(pixels: np.ndarray) -> bytes:
    """The image as a PNG file (lossless; 16-bit grayscale stays 16-bit).

    Large images are written with zlib level 1: a few percent larger, several times faster.
    """
    import io

    from PIL import Image

    arr = np.ascontiguousarray(pixels)
    if not (arr.dtype == np.uint8 or (arr.dtype == np.uint16 and arr.ndim == 2)):
        raise InputError(f"no PNG layout for {arr.dtype} pixels of shape {arr.shape}")
    img = Image.fromarray(arr)  # uint16 (h, w) becomes Pillow's "I;16"
    buffer = io.BytesIO()
    level = 1 if arr.size > 4_000_000 else 6
    img.save(buffer, format="PNG", compress_level=level)
    return buffer.getvalue()
