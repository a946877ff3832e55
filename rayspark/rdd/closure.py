"""Shipping user functions: an RDD captured by a user's function is an error (SPARK-5063).

When a stage is shipped, its RDD graph is pickled together with the functions it applies, so
pickling an RDD is legitimate only as part of that graph. A ``UserFunction`` wraps a function a
user passed to a transformation or action; when pickled it pickles the function on its own with
``in_user_function()`` set, and ``RDD.__reduce_ex__`` refuses to be pickled then. The user gets
PySpark's RDD_TRANSFORM_ONLY_VALID_ON_DRIVER error on the driver, before any task runs, instead
of a confusing failure in the executor.
"""
from __future__ import annotations

import pickle
import threading
from typing import Any, Callable

_state = threading.local()

RDD_IN_CLOSURE_MESSAGE = (
    "It appears that you are attempting to broadcast an RDD or reference an RDD from an action "
    "or transformation. RDD transformations and actions can only be invoked by the driver, not "
    "inside of other transformations; for example, rdd1.map(lambda x: rdd2.values.count() * x) "
    "is invalid because the values transformation and count action cannot be performed inside "
    "of the rdd1.map transformation. For more information, see SPARK-5063.")


def in_user_function() -> bool:
    """True while a user function is being pickled (on this thread)."""
    return getattr(_state, "depth", 0) > 0


def _load(blob: bytes) -> Callable[..., Any]:
    # On the executor the marker has done its job: hand back the plain function, so hot loops
    # (map-side combine, reduce merges) call it directly, without a Python-level wrapper.
    return pickle.loads(blob)


class UserFunction:
    """A callable wrapper marking ``f`` as user code for pickling (calls go straight to ``f``).
    (No __slots__: error reporting walks ``vars()`` to find what in ``f`` cannot be pickled.)"""

    def __init__(self, f: Callable[..., Any]):
        self.f = f

    def __call__(self, *args: Any) -> Any:
        return self.f(*args)

    def __reduce__(self):
        from ..serializers import _cloudpickle_dumps
        _state.depth = getattr(_state, "depth", 0) + 1
        try:
            blob = _cloudpickle_dumps(self.f)
        finally:
            _state.depth -= 1
        return (_load, (blob,))


def user_function(f: Callable[..., Any]) -> Callable[..., Any]:
    return f if isinstance(f, UserFunction) or f is None else UserFunction(f)
