"""Shared fixtures: Ray is started once per test session; one SparkContext is shared.

Tests that need their own context call ``new_context(...)`` (which stops the shared one; the
next test that asks for ``sc`` gets a fresh shared context on the same Ray). Tests that need
their own Ray cluster (multi-node, node removal) run in a subprocess (see tests/fault/).
"""
from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

_shared = {}


@pytest.fixture(scope="session", autouse=True)
def ray_session():
    from rayspark.scheduler.backend import init_local_ray
    started = init_local_ray(num_cpus=2)
    yield
    ctx = _shared.get("sc")
    if ctx is not None:
        ctx.stop()
    if started:
        import ray
        ray.shutdown()


def _shared_context():
    from rayspark import SparkContext
    ctx = _shared.get("sc")
    if ctx is None or ctx._stopped:
        active = SparkContext._active_spark_context
        if active is not None and not active._stopped:
            active.stop()
        ctx = SparkContext("local[2]", "rayspark-tests")
        _shared["sc"] = ctx
    return ctx


@pytest.fixture
def sc():
    return _shared_context()


@pytest.fixture
def new_context():
    """Factory for a test's own SparkContext (stopped after the test)."""
    from rayspark import SparkContext
    made = []

    def make(*args, **kwargs):
        active = SparkContext._active_spark_context
        if active is not None and not active._stopped:
            active.stop()
        ctx = SparkContext(*args, **kwargs)
        made.append(ctx)
        return ctx
    yield make
    for ctx in made:
        ctx.stop()


def _shared_session():
    from rayspark.sql import SparkSession
    ctx = _shared_context()
    session = _shared.get("spark")
    if session is None or session._stopped or session.sparkContext is not ctx:
        session = SparkSession(ctx)
        _shared["spark"] = session
    return session


@pytest.fixture
def spark():
    """A SparkSession over the shared context, with session state reset between tests."""
    session = _shared_session()
    session.conf._values.clear()
    session.catalog._views.clear()
    session._udfs.clear()
    session._cache_manager.clear()
    return session
