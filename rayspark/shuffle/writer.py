"""Map side of the shuffle: route records to reduce partitions and serialize them in batches.

Output of one map task = a few *segments* (byte buffers that the executor puts in Ray's object
store) and, per reduce partition, ``(segment index, offset, length)`` of its framed pickled
batches. Consecutive small reduce blocks share one segment (at least ``target_bytes`` each), so a
shuffle creates a handful of objects per map task instead of one per (map, reduce) pair; a reduce
task slices its block out of the segment without copying it on the same node.

Serialized batches are kept in memory while they fit the task's execution memory; past that they
spill to a file and are read back when the segments are assembled.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any, Callable, Iterable, Iterator, List, Optional, Tuple

from bisect import bisect_left
from itertools import islice

from ..rdd.partitioner import HashPartitioner, RangeRoute, portable_hash
from ..serializers import BATCH_SIZE, dumps_batch, frame

from .spill import report_spill

__all__ = ["write_map_output", "MapOutput"]

ROUTE_CHUNK = 8192


class MapOutput:
    __slots__ = ("segments", "blocks", "records", "bytes_written", "spills")

    def __init__(self, segments, blocks, records, bytes_written, spills):
        self.segments: List[bytes] = segments
        self.blocks: List[Tuple[int, int, int]] = blocks
        self.records = records
        self.bytes_written = bytes_written
        self.spills = spills


class _FrameStore:
    """Per-reduce lists of framed batches, spilled to one file when memory is refused."""

    def __init__(self, num_reduces: int, memory, spill_dir: Optional[str]):
        self.frames: List[List[bytes]] = [[] for _ in range(num_reduces)]
        self.memory = memory
        self.spill_dir = spill_dir
        self.held = 0
        self.spill_file = None
        self.spilled: List[List[Tuple[int, int]]] = [[] for _ in range(num_reduces)]
        self.spills = 0

    def add(self, r: int, data: bytes) -> None:
        n = len(data)
        if self.memory is not None and not self.memory.try_acquire(n):
            self._spill()
            if not self.memory.try_acquire(n):
                self._write(r, data)
                report_spill(n, n)
                return
        self.frames[r].append(data)
        self.held += n

    def _write(self, r: int, data: bytes) -> None:
        if self.spill_file is None:
            d = self.spill_dir or tempfile.gettempdir()
            os.makedirs(d, exist_ok=True)
            self.spill_file = tempfile.TemporaryFile(dir=d, prefix="shuffle-spill-")
        pos = self.spill_file.seek(0, os.SEEK_END)
        self.spill_file.write(data)
        self.spilled[r].append((pos, len(data)))

    def _spill(self) -> None:
        if not self.held:
            return
        self.spills += 1
        for r, frames in enumerate(self.frames):
            for data in frames:
                self._write(r, data)
            frames.clear()
        if self.memory is not None:
            self.memory.release(self.held)
        report_spill(self.held, self.held)     # serialized frames: same size in memory and on disk
        self.held = 0

    def block(self, r: int) -> List[bytes]:
        parts: List[bytes] = []
        if self.spilled[r]:
            f = self.spill_file
            f.flush()
            for pos, n in self.spilled[r]:
                f.seek(pos)
                parts.append(f.read(n))
        parts.extend(self.frames[r])
        return parts

    def close(self) -> None:
        if self.memory is not None and self.held:
            self.memory.release(self.held)
        self.held = 0
        if self.spill_file is not None:
            self.spill_file.close()
            self.spill_file = None


def _route(records: Iterable[Any], partition: Callable[[Any], int], num: int, store: _FrameStore,
           hash_fast: bool, range_route=None) -> int:
    """Append each record to its reduce partition's bucket; every CHUNK records, full buckets
    are pickled into frames. The per-record loops are kept minimal (bound appends, no size
    checks) because they run once per shuffled record."""
    buckets: List[List[Any]] = [[] for _ in range(num)]
    appends = [b.append for b in buckets]
    count = 0
    limit = BATCH_SIZE
    it = iter(records)
    if range_route is not None:
        bounds, last, asc = range_route.bounds, num - 1, range_route.ascending
    while True:
        chunk = list(islice(it, ROUTE_CHUNK))
        if not chunk:
            break
        count += len(chunk)
        if num == 1:
            buckets[0].extend(chunk)
        elif hash_fast:
            # portable_hash inlined for the common key types (str/int hashes are stable across
            # executors because they run with PYTHONHASHSEED=0)
            for kv in chunk:
                k = kv[0]
                t = type(k)
                appends[(hash(k) if t is int or t is str else portable_hash(k)) % num](kv)
        elif range_route is not None:
            if asc:
                for kv in chunk:
                    appends[bisect_left(bounds, kv[0])](kv)
            else:
                for kv in chunk:
                    appends[last - bisect_left(bounds, kv[0])](kv)
        else:
            for kv in chunk:
                appends[partition(kv[0])](kv)
        for i, b in enumerate(buckets):
            if len(b) >= limit:
                store.add(i, frame(dumps_batch(b)))
                del b[:]
    for r, b in enumerate(buckets):
        if b:
            store.add(r, frame(dumps_batch(b)))
    return count


def write_map_output(records: Iterable[Any], dep, memory=None, spill_dir: Optional[str] = None,
                     target_bytes: int = 1 << 20) -> MapOutput:
    """Partition (and optionally map-side combine) ``records`` for ``dep``."""
    num = dep.partitioner.numPartitions
    if dep.aggregator is not None and dep.map_side_combine:
        # Always combined: a probe of the first records cannot tell how much combining saves
        # (partitions are often ordered, e.g. range(n) keyed by i % k looks all-distinct at
        # first), and skipping it when it would pay costs far more than it saves otherwise.
        from .aggregator import combine_values_by_key
        records = combine_values_by_key(dep.aggregator, records, memory, spill_dir)
    part = dep.partitioner
    hash_fast = isinstance(part, HashPartitioner) and part.partitionFunc is portable_hash
    store = _FrameStore(num, memory, spill_dir)
    try:
        route = getattr(part, "partitionFunc", None)
        range_route = route if isinstance(route, RangeRoute) and route.keyfunc is None else None
        count = _route(records, part, num, store, hash_fast, range_route)
        segments: List[bytes] = []
        blocks: List[Tuple[int, int, int]] = []
        current: List[bytes] = []
        cur_size = 0
        total = 0
        for r in range(num):
            parts = store.block(r)
            n = sum(len(p) for p in parts)
            if n == 0:
                blocks.append((0, 0, 0))
                continue
            blocks.append((len(segments), cur_size, n))
            current.extend(parts)
            cur_size += n
            total += n
            if cur_size >= target_bytes:
                segments.append(b"".join(current))
                current, cur_size = [], 0
        if current:
            segments.append(b"".join(current))
        return MapOutput(segments, blocks, count, total, store.spills)
    finally:
        store.close()
