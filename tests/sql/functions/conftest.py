"""Function tests evaluate expressions directly on Arrow batches: no Ray, no session."""
import pytest


@pytest.fixture(scope="session", autouse=True)
def ray_session():
    """Overrides the suite-wide fixture: these tests do not start Ray."""
    yield
