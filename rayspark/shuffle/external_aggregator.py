"""External (spilling) hash aggregation of (key, value) records inside one task.

``ExternalAggregator`` combines records into a plain ``dict`` of key -> combiner using an
``Aggregator``'s functions.  After each chunk of input it estimates the dict's size and asks
its ``MemoryConsumer`` for that much execution memory; when refused, it spills: the dict's
items are split into ``num_buckets`` buckets by a salted hash of the key and written to one
spill file, one segment per bucket, then the dict is emptied and the memory released.

``items()`` yields every key exactly once.  Without spills it is the dict's items.  With
spills it first spills what is still in memory, then merges bucket by bucket: the bucket's
segments from every spill file are fed (``merge_combiners``) into a child aggregator one
level down, which has the whole budget to itself.  If one bucket is still too big, the child
spills it in turn, re-partitioned with a different hash salt, and so on; below
``MAX_LEVEL`` levels (or when a single key is all that is left) the child keeps going in
memory, since one key's combiner must be whole in memory anyway.

Bucket choice uses ``hash((salt, key))``: salting keeps the buckets independent from the
shuffle partitioner (which also hashes keys) and between levels.  Spill files are written
and read by the same process, so Python's per-process string hash randomisation is harmless.

Size estimation samples the dict: a small reservoir of keys, drawn from the entries added in
each chunk (new keys are the newest entries of the insertion-ordered dict), stands for all
entries; their key + combiner sizes are re-measured at each check, so combiners that grow
(lists in groupByKey) are noticed.  Checks happen at intervals that grow with the headroom
left in the grant, so the hot loop is a bare dict update.

Used by the task thread only.  No ``ray`` import: this runs inside executor processes.
"""

from __future__ import annotations

import random
import sys
from itertools import chain, islice
from typing import Any, Iterable, Iterator, List, Optional, Tuple

from rayspark.shuffle.spill import (
    MIN_CHECK_INTERVAL,
    MemoryConsumer,
    MemoryReservation,
    SpillFile,
    SpillMetrics,
    UnlimitedBudget,
    choose_batch_size,
    default_spill_dir,
    estimate_size,
    next_check_interval,
    report_spill,
)

__all__ = ["ExternalAggregator", "MAX_LEVEL"]

_getsizeof = sys.getsizeof

#: levels of re-partitioning before a bucket is merged in memory regardless of the budget
MAX_LEVEL = 4
#: keys kept to estimate the average entry size
_RESERVOIR = 16
#: new keys per chunk offered to the reservoir
_OFFERS = 4


_END = object()


def _salt(level: int) -> int:
    return 0x5BD1E995 + level * 0x9E3779B1


class ExternalAggregator:
    """Hash aggregation of (key, value) pairs that spills to ``spill_dir`` when memory is refused.

    ``aggregator`` is any object with ``create_combiner``, ``merge_value`` and
    ``merge_combiners`` (see ``rayspark.shuffle.aggregator.Aggregator``).  Feed it with
    ``insert_all`` (values) and/or ``merge_all_combiners`` (combiners), then call ``items()``
    once.  Spill files and memory are freed when that iterator ends, or by ``cleanup()``.
    """

    def __init__(
        self,
        aggregator: Any,
        memory: Optional[MemoryConsumer] = None,
        spill_dir: Optional[str] = None,
        num_buckets: int = 64,
        *,
        _level: int = 0,
    ) -> None:
        if num_buckets < 2:
            raise ValueError(f"num_buckets must be >= 2, got {num_buckets}")
        self.aggregator = aggregator
        self.spill_dir = spill_dir if spill_dir is not None else default_spill_dir()
        self.num_buckets = num_buckets
        self.metrics = SpillMetrics()
        self._consumer = memory if memory is not None else UnlimitedBudget()
        self._reservation = MemoryReservation(self._consumer)
        self._level = _level
        self._map: dict = {}
        # each spill: (file, byte offsets of bucket boundaries, num_buckets + 1 of them)
        self._spills: List[Tuple[SpillFile, List[int]]] = []
        self._interval = MIN_CHECK_INTERVAL
        self._entry_size = 0.0
        self._estimate = 0
        self._reservoir: list = []
        self._keys_seen = 0.0
        self._started = False
        self._child: Optional[ExternalAggregator] = None  # merging the current bucket

    # -- input -----------------------------------------------------------------------------

    def insert_all(self, records: Iterable[Tuple[Any, Any]]) -> None:
        """Combine (key, value) records: ``create_combiner`` for a new key, else ``merge_value``."""
        self._check_open()
        agg = self.aggregator
        create = agg.create_combiner
        merge = agg.merge_value
        d = self._map  # emptied in place by a spill, so this reference stays valid
        it = iter(records)
        while True:
            # A bare dict update per record; every ``interval`` records, one size check.  The
            # chunk is iterated straight from ``islice`` and end of input detected by peeking
            # one record after it, which costs less than materialising chunk lists.
            interval = self._interval
            size_before = len(d)
            for k, v in islice(it, interval):
                if k in d:
                    d[k] = merge(d[k], v)
                else:
                    d[k] = create(v)
            nxt = next(it, _END)
            if nxt is _END:
                self._after_chunk(interval, len(d) - size_before)
                return
            k, v = nxt
            if k in d:
                d[k] = merge(d[k], v)
            else:
                d[k] = create(v)
            self._after_chunk(interval + 1, len(d) - size_before)

    def merge_all_combiners(self, records: Iterable[Tuple[Any, Any]]) -> None:
        """Combine (key, combiner) records with ``merge_combiners``."""
        self._check_open()
        merge = self.aggregator.merge_combiners
        d = self._map
        it = iter(records)
        while True:
            interval = self._interval
            size_before = len(d)
            for k, c in islice(it, interval):
                if k in d:
                    d[k] = merge(d[k], c)
                else:
                    d[k] = c
            nxt = next(it, _END)
            if nxt is _END:
                self._after_chunk(interval, len(d) - size_before)
                return
            k, c = nxt
            if k in d:
                d[k] = merge(d[k], c)
            else:
                d[k] = c
            self._after_chunk(interval + 1, len(d) - size_before)

    def _check_open(self) -> None:
        if self._started:
            raise RuntimeError("ExternalAggregator cannot take input after items() was called")

    # -- memory ----------------------------------------------------------------------------

    def _offer_new_keys(self, new_keys: int) -> None:
        """Approximate reservoir sampling over the keys of the current dict.

        The ``new_keys`` newest dict entries were added by the last chunk; a few of them are
        offered, each standing for ``new_keys / offers`` keys.
        """
        d = self._map
        reservoir = self._reservoir
        window = new_keys if new_keys < 64 else 64
        offers = _OFFERS if window > _OFFERS else window
        recent = list(islice(reversed(d), window))
        picks = random.sample(recent, offers) if offers < window else recent
        weight = new_keys / offers
        rnd = random.random
        for k in picks:
            self._keys_seen += weight
            if len(reservoir) < _RESERVOIR:
                reservoir.append(k)
            elif rnd() * self._keys_seen < _RESERVOIR * weight:
                reservoir[int(rnd() * _RESERVOIR)] = k

    def _measure(self) -> int:
        d = self._map
        reservoir = self._reservoir
        if reservoir:
            total = 0
            for k in reservoir:
                total += estimate_size(k) + estimate_size(d[k])
            self._entry_size = total / len(reservoir)
        return _getsizeof(d) + int(len(d) * self._entry_size)

    def _after_chunk(self, count: int, new_keys: int) -> None:
        if new_keys:
            self._offer_new_keys(new_keys)
        previous = self._estimate
        estimate = self._measure()
        self._estimate = estimate
        growth = (estimate - previous) / count if estimate > previous else 0.0
        if self._reservation.reserve(estimate):
            headroom = self._reservation.granted - estimate
        elif self._can_spill():
            self._spill_map()
            headroom = 0
            growth = self._entry_size
        else:
            # Cannot usefully spill (one key left, or too deep): hold what we can get and
            # keep going; do not re-check more and more often.
            self._reservation.force(estimate)
            headroom = estimate
        self._interval = next_check_interval(self._interval, headroom, growth)

    def _can_spill(self) -> bool:
        n = len(self._map)
        if self._level == 0:
            return n > 0
        return n > 1 and self._level < MAX_LEVEL

    # -- spilling --------------------------------------------------------------------------

    def spill(self) -> int:
        """Spill the in-memory map now (e.g. on the memory manager's request).

        Returns the bytes of execution memory released.
        """
        if self._started or not self._map:
            return 0
        return self._spill_map()

    def _spill_map(self) -> int:
        d = self._map
        n = self.num_buckets
        salt = _salt(self._level)
        buckets: List[list] = [[] for _ in range(n)]
        appenders = [b.append for b in buckets]
        for item in d.items():
            appenders[hash((salt, item[0])) % n](item)
        f = SpillFile(self.spill_dir, prefix=f"agg{self._level}-")
        try:
            batch = choose_batch_size(self._entry_size)
            offsets = [0]
            for b in buckets:
                if b:
                    f.write_records(b, batch)
                offsets.append(f.tell())
            f.finish_writing()
        except BaseException:
            f.delete()
            raise
        self._spills.append((f, offsets))
        m = self.metrics
        m.spill_count += 1
        m.records_spilled += len(d)
        m.bytes_spilled += f.bytes_written
        m.memory_bytes_spilled += self._estimate
        report_spill(self._estimate, f.bytes_written)
        del buckets, appenders
        d.clear()
        self._reservoir.clear()
        self._keys_seen = 0.0
        self._estimate = 0
        self._interval = MIN_CHECK_INTERVAL
        return self._reservation.release()

    # -- output ----------------------------------------------------------------------------

    def items(self) -> Iterator[Tuple[Any, Any]]:
        """Every key once with its final combiner; may be called once.

        Spill files and memory are freed when the iterator is exhausted (or closed, once
        anything was spilled), or by ``cleanup()``.
        """
        if self._started:
            raise RuntimeError("ExternalAggregator.items() may be called only once")
        self._started = True
        if not self._spills:
            # Nothing on disk: the dict's own items, through a C-level chain whose tail frees
            # the dict and the memory when the consumer reaches it.
            return chain(self._map.items(), self._finish())
        return chain.from_iterable(self._merged_buckets())

    def _finish(self) -> Iterator[Tuple[Any, Any]]:
        self.cleanup()
        return
        yield  # pragma: no cover - makes this a generator

    def _merged_buckets(self) -> Iterator[Iterator[Tuple[Any, Any]]]:
        """One iterator per non-empty bucket, each from a child aggregator one level down.

        Flattened by ``chain.from_iterable``, which asks for the next bucket only after the
        previous one is exhausted; ``finally`` also runs when an abandoned iterator is
        collected.
        """
        try:
            if self._map:
                self._spill_map()
            else:
                self._reservation.release()
            spills = self._spills
            for b in range(self.num_buckets):
                segments = [(f, o[b], o[b + 1]) for f, o in spills if o[b + 1] > o[b]]
                if not segments:
                    continue
                child = self._child = ExternalAggregator(
                    self.aggregator,
                    self._consumer,
                    self.spill_dir,
                    self.num_buckets,
                    _level=self._level + 1,
                )
                child.merge_all_combiners(
                    chain.from_iterable(
                        chain.from_iterable(f.batches(start, end) for f, start, end in segments)
                    )
                )
                yield child.items()
                self._close_child()
        finally:
            self.cleanup()

    @property
    def spilled(self) -> bool:
        return self.metrics.spill_count > 0

    @property
    def memory_bytes(self) -> int:
        """Execution memory currently held."""
        return self._reservation.granted

    def __len__(self) -> int:
        """Keys currently in memory (not counting spilled ones)."""
        return len(self._map)

    def _close_child(self) -> None:
        child = self._child
        if child is not None:
            self._child = None
            child.cleanup()
            self.metrics.add(child.metrics)

    def cleanup(self) -> None:
        """Delete spill files, drop the map and release memory (idempotent)."""
        self._close_child()
        for f, _ in self._spills:
            f.delete()
        self._spills.clear()
        self._map.clear()
        self._reservoir.clear()
        self._estimate = 0
        self._reservation.release()

    def __enter__(self) -> "ExternalAggregator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        return (
            f"ExternalAggregator(keys_in_memory={len(self._map)}, spills={self.metrics.spill_count}, "
            f"memory={self._reservation.granted}, level={self._level})"
        )
