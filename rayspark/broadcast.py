"""Broadcast variables: a read-only value shipped once to each executor.

On the driver the value is pickled once and put in Ray's object store by the context's backend.
A Broadcast pickles as just its id; while a stage's closure is being pickled the ids it
references are recorded, so the task carries the object refs of exactly those broadcasts and
each executor process fetches each value once and keeps it in a process-wide cache.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, Generic, Optional, Set, TypeVar

__all__ = ["Broadcast"]

T = TypeVar("T")

_collecting = threading.local()          # driver: ids referenced by the closure being pickled
_executor_values: Dict[int, Any] = {}   # executor: broadcast id -> value (process-wide cache)
_executor_lock = threading.Lock()


def start_collecting() -> None:
    _collecting.ids = set()


def stop_collecting() -> Set[int]:
    ids = getattr(_collecting, "ids", None) or set()
    _collecting.ids = None
    return ids


def executor_has(bid: int) -> bool:
    return bid in _executor_values


def executor_store(bid: int, value: Any) -> None:
    with _executor_lock:
        _executor_values[bid] = value


def executor_drop(bid: int) -> None:
    with _executor_lock:
        _executor_values.pop(bid, None)


def _from_id(bid: int) -> "Broadcast":
    b = Broadcast.__new__(Broadcast)
    b._bid = bid
    b._sc = None
    b._value = None
    b._ref = None
    b._destroyed = False
    b._on_driver = False
    return b


class Broadcast(Generic[T]):
    """A broadcast variable created with ``SparkContext.broadcast``; read it with ``.value``."""

    def __init__(self, sc=None, value: Optional[T] = None, bid: Optional[int] = None, ref=None):
        self._sc = sc
        self._bid = bid
        self._value = value
        self._ref = ref
        self._destroyed = False
        self._on_driver = True

    @property
    def id(self) -> int:
        return self._bid

    @property
    def value(self) -> T:
        if self._on_driver:
            if self._destroyed:
                raise RuntimeError(f"Attempted to use broadcast variable {self._bid} "
                                   "after it was destroyed")
            return self._value
        try:
            return _executor_values[self._bid]
        except KeyError:
            raise RuntimeError(f"Broadcast {self._bid} is not available on this executor "
                               "(was it destroyed or unpersisted while in use?)") from None

    def unpersist(self, blocking: bool = False) -> None:
        """Drop executor copies; the value is re-sent if used again."""
        if self._sc is not None:
            self._sc._backend.unpersist_broadcast(self._bid, blocking)

    def destroy(self, blocking: bool = False) -> None:
        """Drop the value everywhere; using the broadcast afterwards is an error."""
        if self._sc is not None:
            self._sc._destroy_broadcast(self._bid, blocking)
        self._destroyed = True
        self._value = None

    def dump(self, value: T, f) -> None:
        import pickle
        pickle.dump(value, f, pickle.HIGHEST_PROTOCOL)

    def load(self, file) -> T:
        import pickle
        return pickle.load(file)

    def __reduce__(self):
        if self._on_driver and self._destroyed:
            raise RuntimeError(f"Attempted to use broadcast variable {self._bid} after it was destroyed")
        ids = getattr(_collecting, "ids", None)
        if ids is not None:
            ids.add(self._bid)
        return (_from_id, (self._bid,))

    def __repr__(self) -> str:
        return f"<Broadcast id={self._bid}>"
