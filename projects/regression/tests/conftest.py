import pytest

from toolkit.parallel import blas_threads


@pytest.fixture(autouse=True, scope="session")
def single_threaded_blas():
    """The test matrices are small: one BLAS thread is as fast and steadier on a busy machine."""
    with blas_threads(1):
        yield
