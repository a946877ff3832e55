"""Partition: one slice of an RDD, identified by its index (plus whatever its RDD kind needs)."""
from __future__ import annotations

from typing import Any


class Partition:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index

    def __getstate__(self):
        return {s: getattr(self, s) for cls in type(self).__mro__
                for s in getattr(cls, "__slots__", ()) if hasattr(self, s)}

    def __setstate__(self, state):
        for k, v in state.items():
            object.__setattr__(self, k, v)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.index})"


class DataPartition(Partition):
    """A partition that carries its data inline, or a key naming an object-store input."""
    __slots__ = ("data", "input_key")

    def __init__(self, index: int, data: Any = None, input_key: Any = None):
        super().__init__(index)
        self.data = data
        self.input_key = input_key
