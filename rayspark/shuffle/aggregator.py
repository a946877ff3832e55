"""Combine functions for by-key operations, and the by-key combine entry points.

An ``Aggregator`` is the triple every by-key RDD operation reduces to (``combineByKey``):

* ``create_combiner(v) -> c``     turns the first value of a key into a combiner,
* ``merge_value(c, v) -> c``      folds another value into a combiner (map side),
* ``merge_combiners(c1, c2) -> c`` merges two combiners (reduce side, and after spills).

``reduceByKey(f)`` is ``Aggregator.from_reduce(f)``; ``groupByKey`` is
``Aggregator.for_grouping()`` (list combiners).  ``merge_value``/``merge_combiners`` may
mutate and return their first argument.

``combine_values_by_key`` (map-side combine, or reduce side without it) and
``combine_combiners_by_key`` (reduce side after a map-side combine) run an
``ExternalAggregator`` within the task's memory and spill under ``spill_dir``.  Both are
lazy: nothing is read until the first result is asked for, and spill files and memory are
released when the result is exhausted or closed.

Aggregators travel inside pickled task closures, so this is a frozen dataclass of plain
callables (picklable with cloudpickle).  No ``ray`` import here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable, Generic, Iterable, Iterator, Optional, Tuple, TypeVar

from rayspark.shuffle.external_aggregator import ExternalAggregator
from rayspark.shuffle.spill import MemoryConsumer

__all__ = [
    "Aggregator",
    "combine_values_by_key",
    "combine_combiners_by_key",
    "group_by_key",
]

K = TypeVar("K")
V = TypeVar("V")
C = TypeVar("C")


def _identity(v: Any) -> Any:
    return v


def _list_create(v: Any) -> list:
    return [v]


def _list_append(c: list, v: Any) -> list:
    c.append(v)
    return c


def _list_extend(c1: list, c2: list) -> list:
    c1.extend(c2)
    return c1


@dataclass(frozen=True)
class Aggregator(Generic[K, V, C]):
    """The three functions of a by-key combine (see the module docstring)."""

    create_combiner: Callable[[V], C]
    merge_value: Callable[[C, V], C]
    merge_combiners: Callable[[C, C], C]

    @classmethod
    def from_reduce(cls, func: Callable[[V, V], V]) -> "Aggregator[K, V, V]":
        """The aggregator of ``reduceByKey(func)``: combiners are values."""
        return cls(_identity, func, func)

    @classmethod
    def for_grouping(cls) -> "Aggregator[K, V, list]":
        """The aggregator of ``groupByKey``: combiners are lists of values."""
        return cls(_list_create, _list_append, _list_extend)

    def combine_values_by_key(
        self,
        records: Iterable[Tuple[K, V]],
        memory: Optional[MemoryConsumer] = None,
        spill_dir: Optional[str] = None,
        num_buckets: int = 64,
    ) -> Iterator[Tuple[K, C]]:
        """(key, value) records -> (key, combiner), each key once (lazy, may spill)."""
        return combine_values_by_key(self, records, memory, spill_dir, num_buckets)

    def combine_combiners_by_key(
        self,
        records: Iterable[Tuple[K, C]],
        memory: Optional[MemoryConsumer] = None,
        spill_dir: Optional[str] = None,
        num_buckets: int = 64,
    ) -> Iterator[Tuple[K, C]]:
        """(key, combiner) records -> (key, combiner), each key once (lazy, may spill)."""
        return combine_combiners_by_key(self, records, memory, spill_dir, num_buckets)


def combine_values_by_key(
    aggregator: Aggregator,
    records: Iterable[Tuple[Any, Any]],
    memory: Optional[MemoryConsumer] = None,
    spill_dir: Optional[str] = None,
    num_buckets: int = 64,
) -> Iterator[Tuple[Any, Any]]:
    """Combine (key, value) records with ``aggregator`` within ``memory`` (lazy)."""
    return chain.from_iterable(
        _combine_once(aggregator, records, memory, spill_dir, num_buckets, values=True)
    )


def combine_combiners_by_key(
    aggregator: Aggregator,
    records: Iterable[Tuple[Any, Any]],
    memory: Optional[MemoryConsumer] = None,
    spill_dir: Optional[str] = None,
    num_buckets: int = 64,
) -> Iterator[Tuple[Any, Any]]:
    """Merge (key, combiner) records with ``aggregator.merge_combiners`` (lazy)."""
    return chain.from_iterable(
        _combine_once(aggregator, records, memory, spill_dir, num_buckets, values=False)
    )


def _combine_once(
    aggregator: Aggregator,
    records: Iterable[Tuple[Any, Any]],
    memory: Optional[MemoryConsumer],
    spill_dir: Optional[str],
    num_buckets: int,
    values: bool,
) -> Iterator[Iterator[Tuple[Any, Any]]]:
    # One iterator, flattened by chain.from_iterable (no per-record generator step); the
    # ``finally`` runs when it is exhausted, or when an abandoned result is collected.
    combiner = ExternalAggregator(aggregator, memory, spill_dir, num_buckets)
    try:
        if values:
            combiner.insert_all(records)
        else:
            combiner.merge_all_combiners(records)
        yield combiner.items()
    finally:
        combiner.cleanup()


def group_by_key(
    records: Iterable[Tuple[Any, Any]],
    memory: Optional[MemoryConsumer] = None,
    spill_dir: Optional[str] = None,
) -> Iterator[Tuple[Any, list]]:
    """(key, value) records -> (key, [values...]); one key's list is held whole in memory."""
    return combine_values_by_key(Aggregator.for_grouping(), records, memory, spill_dir)
