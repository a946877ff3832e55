"""Connecting to a Ray cluster (backend._connect): Ray Client's per-client server that dies
while starting is retried with a fresh connection; every other failure surfaces at once."""
import pytest

from rayspark.scheduler import backend


class FakeRay:
    def __init__(self, failures):
        self.failures = list(failures)
        self.inits = 0
        self.shutdowns = 0

    def init(self, **kwargs):
        self.inits += 1
        if self.failures:
            raise self.failures.pop(0)

    def shutdown(self):
        self.shutdowns += 1


START_FAILED = ConnectionAbortedError(
    "Initialization failure from server:\nRuntimeError: Starting Ray client server failed. "
    "See ray_client_server_23000.err for detailed logs.")
ZOMBIE = ConnectionAbortedError(
    "Initialization failure from server:\npsutil.ZombieProcess: PID still exists but it's a "
    "zombie (pid=28720)")


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr(backend.time, "sleep", slept.append)
    return slept


def test_client_server_start_failures_are_retried(no_sleep):
    ray = FakeRay([START_FAILED, ZOMBIE])
    backend._connect(ray, {"address": "ray://127.0.0.1:10001"})
    assert ray.inits == 3 and ray.shutdowns == 2
    assert no_sleep == [1, 2]


def test_gives_up_after_the_last_attempt():
    ray = FakeRay([START_FAILED] * backend.CLIENT_CONNECT_ATTEMPTS)
    with pytest.raises(ConnectionAbortedError, match="Starting Ray client server failed"):
        backend._connect(ray, {"address": "ray://127.0.0.1:10001"})
    assert ray.inits == backend.CLIENT_CONNECT_ATTEMPTS


@pytest.mark.parametrize("error", [ConnectionError("Could not find any running Ray instance"),
                                   PermissionError("token rejected"),
                                   RuntimeError("Version mismatch")])
def test_other_failures_are_not_retried(error):
    ray = FakeRay([error])
    with pytest.raises(type(error)):
        backend._connect(ray, {"address": "auto"})
    assert ray.inits == 1
