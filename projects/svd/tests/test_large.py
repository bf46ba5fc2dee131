"""The bounded-memory path of large images, the PNG outputs, --save, --max-side, and the pieces
they rest on (block-by-block measurement, truncation errors, the target-rank search)."""

import json
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from toolkit.cli import run_cli
from toolkit.reporting import Report

from .. import blocks, pipeline, study
from ..cli import main
from ..comparison import truncation_errors
from ..compress import factor, from_float, to_float
from ..metrics import psnr, relative_frobenius_error, ssim
from ..study import _first_reaching, reconstruct
from ..writeup import write_report
from .test_cli import photo_like


def test_block_measurement_matches_the_whole_image(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_ENTRIES", 7 * 33 * 3)  # 7 rows a block, a ragged last one
    pixels = photo_like(40, 33, 3, seed=4)
    x = to_float(pixels)
    factors = [factor(x[..., j], 9, "randomized", 0) for j in range(3)]
    got = blocks.measure(pixels, blocks.from_factors(factors, (6, 3, 9)), keep_image=True)
    approx = reconstruct(factors, (6, 3, 9))
    stored = from_float(approx, pixels)
    assert np.array_equal(got.image, stored)
    assert got.relative_error == pytest.approx(relative_frobenius_error(x, approx), rel=1e-12)
    assert got.psnr == pytest.approx(psnr(pixels, stored), rel=1e-12)
    assert got.ssim == pytest.approx(ssim(pixels, stored), rel=1e-12)
    assert blocks.sum_of_squares(pixels) == pytest.approx(list((x**2).sum(axis=(0, 1))))


def test_truncation_errors_match_the_rebuilt_residual():
    rng = np.random.default_rng(3)
    A = rng.normal(size=(60, 45)) @ np.diag(0.8 ** np.arange(45)) @ rng.normal(size=(45, 45))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    L, R = U[:, :20] * s[:20] * (1 + 1e-3 * rng.normal(size=20)), Vt[:20]  # not an exact SVD
    ranks = [1, 5, 20]
    want = [np.sum((A - L[:, :k] @ R[:k]) ** 2) for k in ranks]
    np.testing.assert_allclose(truncation_errors(A, L, R, ranks), want, rtol=1e-9)
    # Near-exact rank: the identity would cancel; the direct sum takes over.
    B = U[:, :3] * s[:3] @ Vt[:3]
    tiny = truncation_errors(B, U[:, :3] * s[:3], Vt[:3], [3])
    assert tiny[0] == pytest.approx(np.sum((B - U[:, :3] * s[:3] @ Vt[:3]) ** 2), abs=1e-20)


@pytest.mark.parametrize("answer", [1, 2, 7, 30, 64])
@pytest.mark.parametrize("guess", [1, 5, 40, 64])
def test_first_reaching_finds_the_threshold_from_any_guess(answer, guess):
    calls = []

    def reaches(k):
        calls.append(k)
        return k >= answer

    assert _first_reaching(reaches, guess, 64) == answer
    assert len(calls) <= 16


def test_large_photo_runs_in_bounded_memory(tmp_path, monkeypatch):
    # A 1024×1600 photo takes the large path (short side above the 1000 px limit). The old path
    # held four or more float64 copies of the whole image (39 MB each) at once (the image, its
    # rebuild, the clipped rebuild, SSIM's two copies); the block path holds its 4.9 MB of
    # pixels, the stored images at the two ranks, one float64 channel (13 MB) and what the
    # randomized SVD allocates for it, and 8 MB row blocks: under two copies.
    monkeypatch.setattr(study, "spectrum_rank", lambda ranks, min_side: 12)
    h, w = 1024, 1600
    pixels = photo_like(h, w, 3, seed=5)
    path = tmp_path / "large.png"
    Image.fromarray(pixels).save(path, compress_level=1)
    options = pipeline.Options(images=[path], ranks=[2, 8], threads=1)
    tracemalloc.start()
    try:
        result = pipeline.run(options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    float_copy = h * w * 3 * 8
    assert peak < 2 * float_copy, (
        f"peak {peak / 1e6:.0f} MB, one float64 copy {float_copy / 1e6:.0f} MB"
    )
    (item,) = result.images
    assert item.study.method_label.startswith("randomized SVD of rank 12")
    out = tmp_path / "r"
    write_report(Report(out), result)
    (image,) = json.loads((out / "metrics.json").read_text())["images"]
    written = np.asarray(Image.open(out / "images" / "large_rank8.png"))
    assert written.shape == pixels.shape and written.dtype == np.uint8
    assert psnr(pixels, written) == pytest.approx(image["ranks"][1]["psnr"], rel=1e-12)


def test_png_files_hold_the_stored_images(tmp_path):
    pixels = photo_like(40, 56, 3, seed=6)
    path = tmp_path / "small.png"
    Image.fromarray(pixels).save(path)
    out = tmp_path / "r"
    assert run_cli(main, ["--image", str(path), "--ranks", "3,7", "--out", str(out)]) == 0
    (image,) = json.loads((out / "metrics.json").read_text())["images"]
    assert image["compressed_images"] == ["images/small_rank3.png", "images/small_rank7.png"]
    for k, name in zip([3, 7], image["compressed_images"], strict=True):
        written = np.asarray(Image.open(out / name))
        assert np.array_equal(written, compress_at(pixels, k))
        assert f"`{name}`" in (out / "report.md").read_text()


def compress_at(pixels, k):
    from ..compress import compress_image

    return compress_image(pixels, k)


def test_save_writes_one_compressed_image(tmp_path, capsys):
    pixels = photo_like(30, 44, 3, seed=7)
    path = tmp_path / "in.png"
    Image.fromarray(pixels).save(path)
    dest = tmp_path / "out.png"
    assert run_cli(main, ["--image", str(path), "--rank", "4", "--save", str(dest)]) == 0
    assert np.array_equal(np.asarray(Image.open(dest)), compress_at(pixels, 4))
    line = capsys.readouterr().out
    assert "rank 4 (exact SVD)" in line and "PSNR" in line
    assert not (tmp_path / "reports").exists()
    # An existing file is kept unless --force.
    assert run_cli(main, ["--image", str(path), "--rank", "4", "--save", str(dest)]) == 2
    assert "already exists" in capsys.readouterr().err
    args = ["--image", str(path), "--rank", "2", "--save", str(dest), "--force"]
    assert run_cli(main, args) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rank", "3"], "go together"),
        (["--save", "x.png"], "go together"),
        (["--rank", "0", "--save", "x.png"], "at least 1"),
        (["--rank", "3", "--save", "x.jpg"], "PNG"),
        (["--max-side", "4"], "--max-side"),
    ],
)
def test_save_and_max_side_flags_are_checked(capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err.strip().splitlines()[-1]


def test_save_errors_are_one_line(tmp_path, capsys):
    path = tmp_path / "in.png"
    Image.fromarray(photo_like(20, 24, 3)).save(path)
    (tmp_path / "folder.png").mkdir()
    for dest, message in [
        (tmp_path / "missing" / "x.png", "does not exist"),
        (tmp_path / "folder.png", "is a folder"),
    ]:
        args = ["--image", str(path), "--rank", "2", "--save", str(dest)]
        assert run_cli(main, args) == 2
        assert message in capsys.readouterr().err
    args = ["--image", str(path), "--rank", "99", "--save", str(tmp_path / "y.png")]
    assert run_cli(main, args) == 2
    assert "rank 99 is out of range" in capsys.readouterr().err


def test_max_side_downscales_and_says_so(tmp_path):
    pixels = photo_like(60, 90, 3, seed=8)
    path = tmp_path / "wide.png"
    Image.fromarray(pixels).save(path)
    out = tmp_path / "r"
    args = ["--image", str(path), "--ranks", "2", "--max-side", "45", "--out", str(out)]
    assert run_cli(main, args) == 0
    (image,) = json.loads((out / "metrics.json").read_text())["images"]
    assert (image["height"], image["width"]) == (30, 45)
    assert image["original_shape"] == [60, 90, 3]
    assert "downscaled by `--max-side` from 90×60" in (out / "report.md").read_text()
