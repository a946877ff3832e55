"""The data source tests need no Ray: replace the suite's session-wide Ray start with a
no-op for this directory (the tests here only touch files and Arrow)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session", autouse=True)
def ray_session():
    yield
