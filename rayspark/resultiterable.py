"""ResultIterable: the values of one key after groupByKey (a sized, re-iterable wrapper)."""
from collections.abc import Iterable
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")

__all__ = ["ResultIterable"]


class ResultIterable(Iterable, Generic[T]):
    def __init__(self, data):
        self.data = data
        self.index = 0
        self.maxindex = len(data)

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"ResultIterable({self.data!r})"
