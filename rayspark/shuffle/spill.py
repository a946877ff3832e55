"""Memory grants, size estimation and spill files for executor-side buffers.

What this module owns
---------------------
* ``MemoryConsumer`` -- the protocol through which a sort or aggregation buffer asks the
  executor's memory manager for execution memory (all-or-nothing grants), plus two simple
  implementations: ``FixedBudget`` (a hard byte limit, for tests and standalone use) and
  ``UnlimitedBudget`` (never refuses; still counts).
* ``MemoryReservation`` -- the bookkeeping one buffer keeps of what it was granted, so that it
  releases exactly its own bytes (several buffers of one task may share a consumer).
* ``estimate_size`` -- a cheap, sampled, recursive ``sys.getsizeof`` for Python records.
  Buffers never size every record: they size a few sampled records at growing intervals and
  extrapolate (see ``next_check_interval``).
* ``SpillFile`` -- a temporary file under a spill directory holding length-prefixed pickled
  batches of records.  It is written once, read back as a stream (whole file or a byte range,
  so one file can hold many segments), and deleted by ``delete()``, by its owner's cleanup, or
  when it is garbage-collected (``weakref.finalize``).
* ``SpillMetrics`` -- counters reported by spilling structures.

Threading: these objects belong to the one task thread that runs the partition function;
only ``FixedBudget``/``UnlimitedBudget`` take a lock, because a memory manager may be shared.

No ``ray`` import here: this code runs inside executor processes and standalone.
"""

from __future__ import annotations

import os
import pickle
import random
import struct
import sys
import tempfile
import threading
import weakref
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Iterable, Iterator, List, Optional, Protocol, runtime_checkable

__all__ = [
    "MemoryConsumer",
    "FixedBudget",
    "UnlimitedBudget",
    "MemoryReservation",
    "SpillFile",
    "SpillMetrics",
    "report_spill",
    "estimate_size",
    "choose_batch_size",
    "next_check_interval",
    "default_spill_dir",
]


# --------------------------------------------------------------------------------------------
# Memory grants
# --------------------------------------------------------------------------------------------


@runtime_checkable
class MemoryConsumer(Protocol):
    """What a spillable buffer needs from the executor's memory manager."""

    def try_acquire(self, nbytes: int) -> bool:
        """Grant ``nbytes`` more bytes of execution memory, all or nothing."""
        ...

    def release(self, nbytes: int) -> None:
        """Give back ``nbytes`` previously granted bytes."""
        ...

    def release_all(self) -> None:
        """Give back everything granted to this consumer."""
        ...


class FixedBudget:
    """A ``MemoryConsumer`` with a hard limit of ``limit_bytes``."""

    def __init__(self, limit_bytes: int) -> None:
        if limit_bytes < 0:
            raise ValueError(f"limit_bytes must be >= 0, got {limit_bytes}")
        self.limit_bytes = int(limit_bytes)
        self.used = 0
        self.peak = 0
        self.refusals = 0
        self._lock = threading.Lock()

    def try_acquire(self, nbytes: int) -> bool:
        if nbytes < 0:
            raise ValueError(f"cannot acquire a negative amount ({nbytes})")
        with self._lock:
            if self.used + nbytes > self.limit_bytes:
                self.refusals += 1
                return False
            self.used += nbytes
            if self.used > self.peak:
                self.peak = self.used
            return True

    def release(self, nbytes: int) -> None:
        with self._lock:
            if nbytes < 0 or nbytes > self.used:
                raise ValueError(
                    f"release({nbytes}) does not match the {self.used} bytes held; "
                    "a buffer must release only what it acquired"
                )
            self.used -= nbytes

    def release_all(self) -> None:
        with self._lock:
            self.used = 0

    @property
    def available(self) -> int:
        return self.limit_bytes - self.used

    def __repr__(self) -> str:
        return f"FixedBudget(limit_bytes={self.limit_bytes}, used={self.used}, peak={self.peak})"


class UnlimitedBudget(FixedBudget):
    """A ``MemoryConsumer`` that never refuses; it still counts what is held."""

    def __init__(self) -> None:
        super().__init__(sys.maxsize)

    def __repr__(self) -> str:
        return f"UnlimitedBudget(used={self.used}, peak={self.peak})"


class MemoryReservation:
    """The bytes one buffer holds from a ``MemoryConsumer``.

    ``reserve(needed)`` makes sure at least ``needed`` bytes are held.  It asks for headroom
    beyond ``needed`` (so a growing buffer asks O(log n) times and checks its size at
    growing intervals), backing off to smaller headroom and finally to the exact amount when
    the consumer refuses.
    """

    __slots__ = ("consumer", "granted")

    #: headroom requested on top of ``needed``, as fractions of it, tried in order
    HEADROOM = (0.5, 0.125, 0.03125, 0.0)

    def __init__(self, consumer: MemoryConsumer) -> None:
        self.consumer = consumer
        self.granted = 0

    def reserve(self, needed: int) -> bool:
        granted = self.granted
        if needed <= granted:
            return True
        acquire = self.consumer.try_acquire
        for fraction in self.HEADROOM:
            target = needed + int(needed * fraction)
            if acquire(target - granted):
                self.granted = target
                return True
        return False

    def force(self, needed: int) -> None:
        """Record use of ``needed`` bytes that cannot be spilled; take whatever is granted."""
        if needed > self.granted:
            self.reserve(needed)

    def release(self) -> int:
        """Give everything back; returns the number of bytes released."""
        held = self.granted
        if held:
            self.granted = 0
            self.consumer.release(held)
        return held


def default_spill_dir() -> str:
    """Spill directory used when a caller passes none."""
    return os.path.join(tempfile.gettempdir(), "rayspark-spill")


# --------------------------------------------------------------------------------------------
# Size estimation
# --------------------------------------------------------------------------------------------

_getsizeof = sys.getsizeof
_ATOMIC = frozenset((int, float, str, bytes, bool, type(None), complex, bytearray))
#: containers longer than this are sized from an evenly spaced sample of their elements
_SAMPLE_ELEMENTS = 8
_MAX_DEPTH = 6


def estimate_size(obj: Any, _depth: int = 0) -> int:
    """Approximate bytes held by ``obj`` and what it references (sampled, recursive).

    Shared objects (small ints, interned strings) are counted every time they are met, so the
    estimate errs on the large side, which only makes spilling a little earlier.
    """
    t = type(obj)
    if t in _ATOMIC:
        return _getsizeof(obj)
    size = _getsizeof(obj)
    if _depth >= _MAX_DEPTH:
        return size
    d = _depth + 1
    if t is tuple or t is list:
        n = len(obj)
        if n == 0:
            return size
        if n <= _SAMPLE_ELEMENTS:
            for x in obj:
                size += estimate_size(x, d)
            return size
        step = n / _SAMPLE_ELEMENTS
        sub = 0
        for i in range(_SAMPLE_ELEMENTS):
            sub += estimate_size(obj[int(i * step)], d)
        return size + sub * n // _SAMPLE_ELEMENTS
    if t is dict:
        n = len(obj)
        if n == 0:
            return size
        sub = 0
        m = 0
        for k, v in obj.items():
            sub += estimate_size(k, d) + estimate_size(v, d)
            m += 1
            if m >= _SAMPLE_ELEMENTS:
                break
        return size + sub * n // m
    if t is set or t is frozenset:
        n = len(obj)
        if n == 0:
            return size
        sub = 0
        m = 0
        for x in obj:
            sub += estimate_size(x, d)
            m += 1
            if m >= _SAMPLE_ELEMENTS:
                break
        return size + sub * n // m
    # Objects: their attribute dict or slots.  numpy arrays and pyarrow buffers report
    # their data size through __sizeof__ already.
    inst = getattr(obj, "__dict__", None)
    if inst is not None and type(inst) is dict:
        size += estimate_size(inst, d)
    else:
        slots = getattr(t, "__slots__", None)
        if slots:
            if isinstance(slots, str):
                slots = (slots,)
            for name in slots:
                v = getattr(obj, name, None)
                if v is not None:
                    size += estimate_size(v, d)
    return size


def sample_size(records: list, start: int, stop: int, count: int = 8) -> float:
    """Mean estimated size of ``count`` records drawn at random from ``records[start:stop]``."""
    n = stop - start
    if n <= 0:
        return 0.0
    if n <= count:
        idx = range(start, stop)
    else:
        rnd = random.random
        idx = [start + int(rnd() * n) for _ in range(count)]
    total = 0
    for i in idx:
        total += estimate_size(records[i])
    return total / len(idx)


#: bounds of the number of records processed between two size checks
MIN_CHECK_INTERVAL = 32
MAX_CHECK_INTERVAL = 1 << 14


def next_check_interval(previous: int, headroom_bytes: float, bytes_per_record: float) -> int:
    """How many records a buffer may take in before it re-estimates its size.

    Enough to stay within the granted headroom at the observed growth rate, at most twice the
    previous interval (the rate may change), within [MIN_CHECK_INTERVAL, MAX_CHECK_INTERVAL].
    """
    if bytes_per_record > 0:
        n = int(headroom_bytes / bytes_per_record)
    else:
        n = MAX_CHECK_INTERVAL
    cap = previous * 2
    if n > cap:
        n = cap
    if n < MIN_CHECK_INTERVAL:
        return MIN_CHECK_INTERVAL
    if n > MAX_CHECK_INTERVAL:
        return MAX_CHECK_INTERVAL
    return n


def choose_batch_size(bytes_per_record: float, target_bytes: int = 256 << 10) -> int:
    """Records per spill batch: about ``target_bytes`` of records, within [1000, 10000]."""
    if bytes_per_record <= 0:
        return 4096
    n = int(target_bytes / bytes_per_record)
    return 1000 if n < 1000 else 10000 if n > 10000 else n


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


@dataclass
class SpillMetrics:
    """What a spilling structure wrote to disk.

    ``bytes_spilled`` counts bytes on disk; ``memory_bytes_spilled`` the estimated in-memory
    size of the data that was spilled (Spark reports both).
    """

    spill_count: int = 0
    records_spilled: int = 0
    bytes_spilled: int = 0
    memory_bytes_spilled: int = 0

    def add(self, other: "SpillMetrics") -> None:
        self.spill_count += other.spill_count
        self.records_spilled += other.records_spilled
        self.bytes_spilled += other.bytes_spilled
        self.memory_bytes_spilled += other.memory_bytes_spilled


def report_spill(memory_bytes: int, disk_bytes: int) -> None:
    """Add one spill to the running task's metrics (Spark's ``memoryBytesSpilled`` and
    ``diskBytesSpilled``); they travel back with the task's result. No-op outside a task."""
    from rayspark.taskcontext import TaskContext

    ctx = TaskContext.get()
    if ctx is not None:
        ctx.add_metric("memoryBytesSpilled", int(memory_bytes))
        ctx.add_metric("diskBytesSpilled", int(disk_bytes))


# --------------------------------------------------------------------------------------------
# Spill files
# --------------------------------------------------------------------------------------------

_HEADER = struct.Struct("<Q")
_PICKLE_ERRORS = (pickle.PicklingError, AttributeError, TypeError)


def _dumps_fallback(obj: Any) -> bytes:
    import cloudpickle  # only when plain pickle cannot handle a record

    return cloudpickle.dumps(obj, protocol=5)


def _remove_spill_file(path: str, handle: list) -> None:
    f = handle[0] if handle else None
    if f is not None:
        try:
            f.close()
        except Exception:  # pragma: no cover - best effort during cleanup
            pass
        handle[0] = None
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class SpillFile:
    """A temporary file of pickled record batches under ``directory``.

    Layout: a sequence of frames, each an 8-byte little-endian length followed by a pickled
    ``list`` of records (pickle protocol 5; cloudpickle for objects plain pickle refuses).
    ``tell()`` between writes gives segment boundaries, so one file can hold many segments
    (e.g. one per hash bucket) read back independently with ``batches(start, end)``.

    The file is removed by ``delete()`` and, at the latest, when this object is collected.
    """

    def __init__(self, directory: str, prefix: str = "spill-", buffer_size: int = 1 << 20) -> None:
        os.makedirs(directory, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=".bin", dir=directory)
        self.path = path
        self._handle: list = [os.fdopen(fd, "wb", buffering=buffer_size)]
        self._finalizer = weakref.finalize(self, _remove_spill_file, path, self._handle)
        self._use_cloudpickle = False
        self.bytes_written = 0
        self.records_written = 0
        self.batches_written = 0

    # -- writing ---------------------------------------------------------------------------

    def write_batch(self, records: list) -> int:
        """Append one batch (a list of records); returns the bytes written."""
        f = self._handle[0]
        if f is None or not self._finalizer.alive:
            raise ValueError(f"spill file {self.path} is closed for writing")
        if self._use_cloudpickle:
            payload = _dumps_fallback(records)
        else:
            try:
                payload = pickle.dumps(records, protocol=5)
            except _PICKLE_ERRORS:
                self._use_cloudpickle = True
                payload = _dumps_fallback(records)
        f.write(_HEADER.pack(len(payload)))
        f.write(payload)
        n = _HEADER.size + len(payload)
        self.bytes_written += n
        self.records_written += len(records)
        self.batches_written += 1
        return n

    def write_records(self, records: list, batch_size: int) -> int:
        """Append ``records`` (a list) in batches of ``batch_size``; returns bytes written."""
        n = 0
        total = len(records)
        if total <= batch_size:
            if total:
                n += self.write_batch(records if type(records) is list else list(records))
            return n
        for i in range(0, total, batch_size):
            n += self.write_batch(records[i : i + batch_size])
        return n

    def write_iterable(self, records: Iterable[Any], batch_size: int) -> int:
        """Append records from any iterable in batches of ``batch_size``; returns bytes."""
        it = iter(records)
        n = 0
        while True:
            batch = list(islice(it, batch_size))
            if not batch:
                return n
            n += self.write_batch(batch)

    def tell(self) -> int:
        """Offset at which the next batch will start."""
        return self.bytes_written

    def finish_writing(self) -> None:
        """Flush and close the writer; the file can then be read any number of times."""
        f = self._handle[0]
        if f is not None:
            self._handle[0] = None
            f.close()

    # -- reading ---------------------------------------------------------------------------

    def batches(self, start: int = 0, end: Optional[int] = None) -> Iterator[list]:
        """Stream the batches between byte offsets ``start`` and ``end`` (default: all).

        The file is opened on the first ``next()`` and closed when the stream ends or is closed.
        """
        if self._handle[0] is not None:
            self.finish_writing()
        if end is None:
            end = self.bytes_written
        return self._read(start, end)

    def _read(self, start: int, end: int) -> Iterator[list]:
        if start >= end:
            return
        if not self._finalizer.alive:
            raise ValueError(f"spill file {self.path} was already deleted")
        loads = pickle.loads
        header = _HEADER
        hsize = header.size
        # A read buffer no bigger than the range: a small segment must not pull in 1 MB.
        span = end - start
        buffering = span if span < (1 << 20) else (1 << 20)
        with open(self.path, "rb", buffering=max(buffering, 4096)) as f:
            if start:
                f.seek(start)
            pos = start
            while pos < end:
                head = f.read(hsize)
                if len(head) != hsize:
                    raise EOFError(f"spill file {self.path} is truncated at offset {pos}")
                (length,) = header.unpack(head)
                payload = f.read(length)
                if len(payload) != length:
                    raise EOFError(f"spill file {self.path} is truncated at offset {pos}")
                pos += hsize + length
                yield loads(payload)

    def records(self, start: int = 0, end: Optional[int] = None) -> Iterator[Any]:
        """Stream the records between byte offsets ``start`` and ``end``."""
        return chain.from_iterable(self.batches(start, end))

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    # -- lifetime --------------------------------------------------------------------------

    def delete(self) -> None:
        """Remove the file (idempotent)."""
        self._finalizer()

    cleanup = delete
    close = delete

    @property
    def deleted(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "SpillFile":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.delete()

    def __repr__(self) -> str:
        state = "deleted" if self.deleted else f"{self.bytes_written} bytes"
        return f"SpillFile({self.path!r}, {self.records_written} records, {state})"


def delete_all(files: List[SpillFile]) -> None:
    """Delete every file in ``files`` and empty the list."""
    for f in files:
        f.delete()
    files.clear()
