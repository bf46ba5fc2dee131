import json

import numpy as np
import pytest
from PIL import Image

from toolkit.cli import run_cli

from ..cli import main


def photo_like(h, w, channels, seed=0, dtype=np.uint8):
    """A small smooth image with edges: gradients, a disc and noise."""
    rng = np.random.default_rng(seed)
    i, j = np.mgrid[0:h, 0:w] / max(h, w)
    base = [0.5 + 0.4 * np.sin(6 * i + 3 * c) * np.cos(4 * j) for c in range(channels)]
    disc = ((i - 0.4) ** 2 + (j - 0.5) ** 2) < 0.05
    img = np.stack(base, axis=2) * (1 - 0.5 * disc[..., None])
    img += 0.02 * rng.normal(size=img.shape)
    peak = np.iinfo(dtype).max
    out = np.clip(np.rint(img * peak), 0, peak).astype(dtype)
    return out[..., 0] if channels == 1 else out


def test_run_on_a_tiny_generated_image(tmp_path, capsys):
    path = tmp_path / "tiny.png"
    Image.fromarray(photo_like(40, 56, 3)).save(path)
    out = tmp_path / "report"
    args = ["--image", str(path), "--ranks", "2,5", "--target-psnr", "28", "--out", str(out)]
    assert run_cli(main, args) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    (image,) = metrics["images"]
    assert (image["height"], image["width"], image["channels"]) == (40, 56, "RGB")
    assert [r["rank"] for r in image["ranks"]] == [2, 5]
    for r in image["ranks"]:
        assert r["relative_error"] == pytest.approx(r["eckart_young_error"], rel=1e-8)
    rows = {row["method"]: row for row in image["side_by_side"]}
    assert rows["ours: svd"]["worst / optimum"] <= 1.0001
    assert rows["NumPy linalg.svd"]["worst / optimum"] <= 1.0001
    target = image["target"]
    assert target["rank"] is not None and target["psnr_db"] >= 28
    assert (
        image["color"]["rows"][0]["ycbcr_ranks"]
        and sum(image["color"]["rows"][0]["ycbcr_ranks"]) == 6
    )
    report = (out / "report.md").read_text()
    assert report.startswith("# Image compression with the SVD") and "tiny.png" in report
    assert sorted(p.name for p in (out / "figures").glob("*.png")) == [
        "tiny_error_psnr.png",
        "tiny_gallery.png",
        "tiny_spectrum.png",
        "tiny_storage_quality.png",
    ]
    printed = capsys.readouterr().out
    assert "scikit-learn randomized_svd" in printed and "Eckart–Young optimum" in printed


def test_opaque_rgba_png(tmp_path, capsys):
    # Most RGBA files are fully opaque: a constant alpha channel, a rank-one matrix.
    pixels = photo_like(24, 30, 4, seed=2)
    pixels[..., 3] = 255
    path = tmp_path / "opaque.png"
    Image.fromarray(pixels, mode="RGBA").save(path)
    out = tmp_path / "r"
    code = run_cli(main, ["--image", str(path), "--ranks", "1,4", "--out", str(out)])
    assert code == 0, capsys.readouterr().err.strip().splitlines()[-1]
    (image,) = json.loads((out / "metrics.json").read_text())["images"]
    assert image["channels"] == "RGBA"
    assert image["ranks"][0]["relative_error"] == pytest.approx(
        image["ranks"][0]["eckart_young_error"], rel=1e-8
    )


def test_grayscale_sixteen_bit_and_rgba_unchanged(tmp_path):
    gray = tmp_path / "gray16.png"
    Image.fromarray(photo_like(30, 34, 1, dtype=np.uint16)).save(gray)
    rgba = tmp_path / "rgba.png"
    Image.fromarray(photo_like(32, 30, 4, seed=1), mode="RGBA").save(rgba)
    out = tmp_path / "r"
    args = ["--image", str(gray), str(rgba), "--ranks", "3", "--method", "randomized"]
    assert run_cli(main, [*args, "--out", str(out)]) == 0
    first, second = json.loads((out / "metrics.json").read_text())["images"]
    assert (first["channels"], first["dtype"], first["color"]) == ("L", "uint16", None)
    assert second["channels"] == "RGBA" and second["color"] is not None
    assert len(list((out / "figures").glob("*.png"))) == 8


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, [], "does not exist"),
        ("text", [], "not an image file"),
        ("image", ["--ranks", "50"], "rank 50 is out of range"),
    ],
)
def test_bad_input_gets_one_clear_message(tmp_path, capsys, make, args, message):
    path = tmp_path / "in.png"
    if make == "text":
        path.write_text("hello")
    elif make == "image":
        Image.fromarray(photo_like(20, 24, 3)).save(path)
    code = run_cli(main, ["--image", str(path), "--out", str(tmp_path / "r"), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ranks", "0,5"], "at least 1"),
        (["--ranks", "a,b"], "whole numbers"),
        (["--method", "fast"], "invalid choice"),
        (["--target-psnr", "-3"], "positive"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_bad_flags_get_one_clear_message(capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err.strip().splitlines()[-1]


def test_large_image_path_says_what_produced_every_number(tmp_path, monkeypatch):
    from .. import study

    # Pretend a 40×56 image is large: the study then factors at rank 12 with randomized_svd.
    monkeypatch.setattr(study, "FULL_SVD_LIMIT", 16)
    monkeypatch.setattr(study, "spectrum_rank", lambda ranks, min_side: 12)
    path = tmp_path / "big.png"
    Image.fromarray(photo_like(40, 56, 3)).save(path)
    out = tmp_path / "r"
    args = ["--image", str(path), "--ranks", "2,5", "--target-psnr", "99", "--out", str(out)]
    assert run_cli(main, args) == 0
    (image,) = json.loads((out / "metrics.json").read_text())["images"]
    assert image["svd_method"].startswith("randomized SVD of rank 12, truncated")
    rows = {row["method"]: row for row in image["side_by_side"]}
    # No row silently disappears: the exact methods are listed as not run, with no numbers.
    not_run = [name for name in rows if "not run" in name]
    assert len(not_run) == 3 and any(n.startswith("ours: svd") for n in not_run)
    assert all(rows[n]["error k=2"] is None for n in not_run)
    (reference,) = [n for n in rows if n.startswith("optimum, estimated")]
    assert "upper bound" in reference and "rank-12" in reference
    assert rows["ours: randomized_svd, one rank-5 call, truncated"]["worst / optimum"] >= 0.99
    assert image["target"] == {**image["target"], "rank": None, "searched_up_to": 12}
    assert image["color"] is None and "not run" in image["color_skipped"]
    for r in image["ranks"]:  # the bound from ||A||² minus the leading σ² still matches
        assert r["relative_error"] == pytest.approx(r["eckart_young_error"], rel=1e-3)
    report = (out / "report.md").read_text()
    assert "too large for the from-scratch full SVD" in report and "No rank up to 12" in report
    assert "(exact SVD)" not in report and "our error (randomized rank 12)" in report
    assert "gallery from the exact SVD (big.png: randomized SVD of rank 12" in report
    assert "Eckart–Young estimate (upper bound)" in report
    assert "upper bounds on the true optimum" in report


def test_out_is_checked_before_any_work(tmp_path, capsys, monkeypatch):
    from .. import pipeline

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "report.md").write_text("the user's own file")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the pipeline ran before --out was checked")

    monkeypatch.setattr(pipeline, "run", must_not_run)
    assert run_cli(main, ["--out", str(foreign)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (foreign / "report.md").read_text() == "the user's own file"


@pytest.mark.parametrize(
    ("args", "message"), [(["--threads", "-2"], "--threads"), (["--seed", "-1"], "--seed")]
)
def test_common_flags_are_checked(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["--out", str(tmp_path / "r"), *args])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err.strip().splitlines()[-1]
