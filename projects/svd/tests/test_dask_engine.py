"""``--engine dask``: the randomized SVD by row chunks on a small in-process LocalCluster."""

import json
import subprocess
import sys

import numpy as np
import pytest

from toolkit.cli import run_cli
from toolkit.datasets import load_sample_image

from ..cli import PACKAGE, main
from ..distributed import DaskSettings, dask_svd
from ..study import randomized_channel

DASK = ["--engine", "dask", "--in-process", "--workers", "2"]


def test_dask_randomized_svd_matches_the_in_memory_one():
    pixels = load_sample_image("china.jpg")
    settings = DaskSettings(chunk_rows=64, workers=2, processes=False)
    with dask_svd(settings) as svd:
        assert len(svd.chunk_sizes(pixels.shape)) >= 5
        for k in (5, 50):
            A = pixels[..., 0].astype(float)
            chunked, memory = svd(pixels, 0, k, 0), randomized_channel(pixels, 0, k, 0)
            ratio = np.linalg.norm(A - chunked.reconstruct()) / np.linalg.norm(
                A - memory.reconstruct()
            )
            assert ratio <= 1.001
            np.testing.assert_allclose(chunked.s[:5], memory.s[:5], rtol=1e-6)
            np.testing.assert_allclose(chunked.s, memory.s, rtol=1e-2)  # the tail: sampling


def test_cli_end_to_end_on_dask(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["--method", "randomized", "--ranks", "5,20", "--chunk-rows", "64", "--out", str(out)]
    assert run_cli(main, [*argv, *DASK]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["engine"] == "dask" and metrics["dask_workers"] == 2
    for image in metrics["images"]:
        assert len(image["row_chunks"]) >= 5
        assert image["error_ratio_to_in_memory"] <= 1.001
        for png in image["compressed_images"]:
            assert (out / png).is_file()
    assert "Engine **dask**" in (out / "report.md").read_text()
    assert "Engine dask" in capsys.readouterr().out


def test_dask_with_the_exact_svd_is_one_error(tmp_path):
    argv = [sys.executable, "-m", PACKAGE, "--engine", "dask", "--out", str(tmp_path / "o")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--engine dask runs the randomized SVD" in done.stderr
    assert "Traceback" not in done.stderr


def test_dask_only_flags_need_the_dask_engine(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--chunk-rows", "8"])
    assert exit_info.value.code == 2
    assert "go(es) with --engine dask" in capsys.readouterr().err
