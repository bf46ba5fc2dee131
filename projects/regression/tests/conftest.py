import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="session")
def single_threaded_blas():
    """The test matrices are small: one BLAS thread is as fast and steadier on a busy machine."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
