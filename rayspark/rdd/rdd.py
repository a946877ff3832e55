"""RDD: the resilient distributed dataset, PySpark's API over rayspark's own lineage.

An RDD is five things: partitions, dependencies, a compute function per partition, an optional
partitioner and preferred locations. Subclasses (one kind per module in this package) implement
``get_partitions``, ``compute`` and their dependencies; this base class owns everything common:
caching through the executor's block manager, checkpointing, iteration, lineage printing, and the
whole public PySpark API, which is written in terms of a handful of primitive RDD kinds
(MapPartitionsRDD, ShuffledRDD, UnionRDD, CoalescedRDD, CartesianRDD, ZippedRDD).

On the driver an RDD holds its SparkContext; when a stage is shipped the graph is pickled without
it (``__getstate__``) and executors only call ``iterator``/``compute``.
"""
from __future__ import annotations

import copy
import heapq
import itertools
import math
import operator
import os
import random
import re
import sys
from collections import defaultdict
from functools import reduce as _reduce
from typing import (TYPE_CHECKING, Any, Callable, Dict, Hashable, Iterable, Iterator, List,
                    Optional, Sequence, Tuple, TypeVar, Union)

from ..resultiterable import ResultIterable
from ..statcounter import StatCounter
from ..storage.storage_level import StorageLevel
from .dependency import Aggregator, Dependency, NarrowDependency, OneToOneDependency, ShuffleDependency
from .partitioner import HashPartitioner, Partitioner, RangeRoute, portable_hash
from .sampler import RDDRangeSampler, RDDSampler, RDDStratifiedSampler
from .closure import user_function

if TYPE_CHECKING:  # pragma: no cover
    from ..context import SparkContext

__all__ = ["RDD", "BoundedFloat"]

T = TypeVar("T")
U = TypeVar("U")
K = TypeVar("K")
V = TypeVar("V")

_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _call_site() -> str:
    """``file:line`` of the first caller outside the rayspark package (for lineage strings);
    the file as Python knows it (a full path for imported modules), as PySpark prints it."""
    f = sys._getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        if not os.path.abspath(fn).startswith(_PKG_DIR):
            return f"{fn}:{f.f_lineno}"
        f = f.f_back
    return "<unknown>:0"


def _op_name() -> str:
    """Name of the public RDD method that created an RDD (first frame in this module)."""
    f = sys._getframe(2)
    name = None
    while f is not None:
        if os.path.abspath(f.f_code.co_filename).startswith(_PKG_DIR):
            if not f.f_code.co_name.startswith(("_", "<")):    # skip helpers and lambdas
                name = f.f_code.co_name
        elif name is not None:
            break
        f = f.f_back
    return name or "RDD"


class RDDId(int):
    """An RDD's id: an ``int`` (the engine uses ``rdd.id`` as a number) that can also be called,
    because PySpark's ``RDD.id`` is a method: ``rdd.id()`` returns the plain ``int``."""
    __slots__ = ()

    def __call__(self) -> int:
        return int(self)

    def __reduce__(self):
        return (RDDId, (int(self),))


def _identity_key(x):
    """Default key function of sortByKey (recognised so sorts can use a C key)."""
    return x


class RDD:
    """A Resilient Distributed Dataset: an immutable, partitioned collection of elements."""

    op_name: Optional[str] = None
    kind_name: str = "PythonRDD"

    def __init__(self, ctx: "SparkContext", deps: List[Dependency]):
        ctx._ensure_active()
        self.ctx = ctx
        self.id = RDDId(ctx._new_rdd_id())     # an int that PySpark code can call: rdd.id()
        self._deps = deps
        self.partitioner: Optional[Partitioner] = None
        self._storage_level = StorageLevel.NONE
        self._name: Optional[str] = None
        self._partitions = None
        self._checkpoint_state: Optional[str] = None   # None|"marked"|"local"|"done"
        self._checkpoint_rdd: Optional["RDD"] = None
        self._created_at = _call_site()
        self._created_by = self.op_name or _op_name()
        self.is_cached = False
        self.is_checkpointed = False

    # ------------------------------------------------------------------ the five properties ---
    def get_partitions(self) -> list:
        raise NotImplementedError

    def compute(self, split, context) -> Iterator:
        raise NotImplementedError

    def preferred_locations(self, split) -> List[str]:
        return []

    def task_inputs(self, split_index: int) -> Dict[Any, Any]:
        """Object-store inputs a task computing ``split_index`` needs (driver side)."""
        return {}

    @property
    def partitions(self) -> list:
        if self._checkpoint_rdd is not None:
            return self._checkpoint_rdd.partitions
        if self._partitions is None:
            self._partitions = list(self.get_partitions())
        return self._partitions

    @property
    def dependencies(self) -> List[Dependency]:
        if self._checkpoint_rdd is not None:
            return [OneToOneDependency(self._checkpoint_rdd)]
        return self._deps

    @property
    def context(self) -> "SparkContext":
        return self.ctx

    # ------------------------------------------------------------------ iteration --------------
    def iterator(self, split, context) -> Iterator:
        """Compute or read a partition: the block manager for persisted RDDs, else compute."""
        if self._storage_level != StorageLevel.NONE:
            from ..storage.block_id import RDDBlockId
            return context.services.get_or_compute(
                RDDBlockId(self.id, split.index), self._storage_level,
                lambda: self._compute_or_checkpoint(split, context))
        return self._compute_or_checkpoint(split, context)

    def _compute_or_checkpoint(self, split, context) -> Iterator:
        if self._checkpoint_rdd is not None:
            return self._checkpoint_rdd.iterator(split, context)
        return self.compute(split, context)

    def __getstate__(self):
        if self._partitions is None and self._checkpoint_rdd is None:
            self._partitions = list(self.get_partitions())
        state = self.__dict__.copy()
        state["ctx"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __reduce_ex__(self, protocol):
        # An RDD is pickled only as part of a stage's graph, never from a user's function.
        from ..errors import PySparkRuntimeError
        from ..scheduler.backend import shipping_stage
        from .closure import RDD_IN_CLOSURE_MESSAGE, in_user_function
        if not shipping_stage() or in_user_function():
            raise PySparkRuntimeError(RDD_IN_CLOSURE_MESSAGE, "RDD_TRANSFORM_ONLY_VALID_ON_DRIVER")
        return super().__reduce_ex__(protocol)

    def __repr__(self) -> str:
        name = f"{self._name} " if self._name else ""
        return f"{name}{self.kind_name}[{self.id}] at {self._created_by} at {self._created_at}"

    # ------------------------------------------------------------------ identity / naming ------
    def name(self) -> Optional[str]:
        return self._name

    def setName(self, name: str) -> "RDD":
        self._name = name
        return self

    def getNumPartitions(self) -> int:
        return len(self.partitions)

    def getStorageLevel(self) -> StorageLevel:
        return self._storage_level

    def toDebugString(self) -> bytes:
        """The lineage, in exactly Spark's layout (``RDD.toDebugString``), as bytes like PySpark.

        Like Spark, every line shows the storage level of *this* RDD (Spark's ``debugSelf``
        reads the outer RDD's level), and a persisted RDD with cached blocks gets an extra
        ``CachedPartitions`` line.
        """
        persistence = _level_description(self._storage_level)
        try:
            infos = {i.id: i for i in self.ctx.block_manager_master.storage_info()}
        except Exception:       # stopped context: no storage information
            infos = {}

        def debug_self(r: "RDD") -> List[str]:
            out = [f"{r!r} [{persistence}]"]
            info = infos.get(r.id)
            if info is not None and info.numCachedPartitions > 0 \
                    and info.memSize + info.diskSize > 0:
                out.append(f"    CachedPartitions: {info.numCachedPartitions}; "
                           f"MemorySize: {_bytes_to_string(info.memSize)}; "
                           f"DiskSize: {_bytes_to_string(info.diskSize)}")
            return out

        def debug_children(r: "RDD", prefix: str) -> List[str]:
            deps = r.dependencies
            out: List[str] = []
            for i, d in enumerate(deps):
                out.extend(debug_string(d.rdd, prefix, isinstance(d, ShuffleDependency),
                                        i == len(deps) - 1))
            return out

        def first_debug_string(r: "RDD") -> List[str]:
            pstr = f"({r.getNumPartitions()})"
            left = (len(pstr) - 1) // 2
            next_prefix = " " * left + "|" + " " * (len(pstr) - left)
            lines = [f"{pstr} {d}" if i == 0 else f"{next_prefix} {d}"
                     for i, d in enumerate(debug_self(r))]
            return lines + debug_children(r, next_prefix)

        def shuffle_debug_string(r: "RDD", prefix: str, is_last: bool) -> List[str]:
            pstr = f"({r.getNumPartitions()})"
            left = (len(pstr) - 1) // 2
            this_prefix = re.sub(r"\|\s+$", "", prefix)
            next_prefix = (this_prefix + ("  " if is_last else "| ") + " " * left + "|"
                           + " " * (len(pstr) - left))
            lines = [f"{this_prefix}+-{pstr} {d}" if i == 0 else f"{next_prefix}{d}"
                     for i, d in enumerate(debug_self(r))]
            return lines + debug_children(r, next_prefix)

        def debug_string(r: "RDD", prefix: str, is_shuffle: bool, is_last: bool) -> List[str]:
            if is_shuffle:
                return shuffle_debug_string(r, prefix, is_last)
            return [prefix + d for d in debug_self(r)] + debug_children(r, prefix)

        return "\n".join(first_debug_string(self)).encode("utf-8")

    # ------------------------------------------------------------------ persistence -------------
    def cache(self) -> "RDD":
        return self.persist(StorageLevel.MEMORY_ONLY)

    def persist(self, storageLevel: StorageLevel = StorageLevel.MEMORY_ONLY) -> "RDD":
        if self._storage_level != StorageLevel.NONE and self._storage_level != storageLevel:
            raise RuntimeError(
                "Cannot change storage level of an RDD after it was already assigned a level "
                f"(current {self._storage_level!r}, requested {storageLevel!r}); call "
                "unpersist() first")
        self._storage_level = storageLevel
        self.is_cached = storageLevel != StorageLevel.NONE
        self.ctx._persistent_rdds[self.id] = self
        return self

    def unpersist(self, blocking: bool = False) -> "RDD":
        self.is_cached = False
        self._storage_level = StorageLevel.NONE
        self.ctx._unpersist_rdd(self.id, blocking)
        return self

    def checkpoint(self) -> None:
        """Mark for reliable checkpointing into ``SparkContext.setCheckpointDir``; the files are
        written after the next job that computes this RDD, and lineage is then truncated."""
        if self.ctx._checkpoint_dir is None:
            raise RuntimeError("Checkpoint directory has not been set in the SparkContext: "
                               "call sc.setCheckpointDir(path) first")
        self.is_checkpointed = True             # PySpark sets the flag when marking
        if self._checkpoint_state is None:
            self._checkpoint_state = "marked"
            self.ctx._marked_for_checkpoint.append(self)

    def localCheckpoint(self) -> None:
        """Truncate lineage after the next job, keeping data only in executor storage.

        As in Spark the RDD is persisted with MEMORY_AND_DISK (deserialized) if it had no level,
        or with its level plus disk if it had one."""
        if self._storage_level == StorageLevel.NONE:
            self._storage_level = StorageLevel.MEMORY_AND_DISK_DESER
        elif not self._storage_level.useDisk:
            lvl = self._storage_level
            self._storage_level = StorageLevel(True, lvl.useMemory, lvl.useOffHeap,
                                               lvl.deserialized, lvl.replication)
        self.ctx._persistent_rdds[self.id] = self
        if self._checkpoint_state is None:
            self.ctx._marked_for_checkpoint.append(self)
            self._checkpoint_state = "local"
        elif self._checkpoint_state == "marked":    # local overrides a pending reliable one
            self._checkpoint_state = "local"

    def isCheckpointed(self) -> bool:
        """Whether this RDD is checkpointed and materialized, reliably or locally."""
        return self._checkpoint_state == "done" and self._checkpoint_rdd is not None

    def isLocallyCheckpointed(self) -> bool:
        """Whether this RDD is marked for (or materialized by) local checkpointing."""
        if self._checkpoint_state == "local":
            return True
        return self._checkpoint_state == "done" and getattr(self._checkpoint_rdd, "is_local", False)

    def getCheckpointFile(self) -> Optional[str]:
        """The reliable checkpoint's directory (``file:`` URI), None until written or if local."""
        if self.isCheckpointed() and not getattr(self._checkpoint_rdd, "is_local", False):
            return "file:" + self._checkpoint_rdd.path
        return None

    def cleanShuffleDependencies(self, blocking: bool = False) -> None:
        pass

    # ------------------------------------------------------------------ narrow transformations -
    def mapPartitionsWithIndex(self, f: Callable[[int, Iterable[T]], Iterable[U]],
                               preservesPartitioning: bool = False) -> "RDD":
        from .mapped import MapPartitionsRDD
        return MapPartitionsRDD(self, f, preservesPartitioning)

    def mapPartitions(self, f: Callable[[Iterable[T]], Iterable[U]],
                      preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: f(it), preservesPartitioning)

    def mapPartitionsWithSplit(self, f, preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(f, preservesPartitioning)

    def map(self, f: Callable[[T], U], preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: map(f, it), preservesPartitioning)

    def flatMap(self, f: Callable[[T], Iterable[U]], preservesPartitioning: bool = False) -> "RDD":
        chain = itertools.chain.from_iterable
        return self.mapPartitionsWithIndex(lambda _, it: chain(map(f, it)), preservesPartitioning)

    def filter(self, f: Callable[[T], bool]) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: filter(f, it), True)

    def mapValues(self, f: Callable[[V], U]) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: ((k, f(v)) for k, v in it), True)

    def flatMapValues(self, f: Callable[[V], Iterable[U]]) -> "RDD":
        return self.mapPartitionsWithIndex(
            lambda _, it: ((k, x) for k, v in it for x in f(v)), True)

    def keys(self) -> "RDD":
        return self.map(lambda kv: kv[0])

    def values(self) -> "RDD":
        return self.map(lambda kv: kv[1])

    def keyBy(self, f: Callable[[T], K]) -> "RDD":
        return self.map(lambda x: (f(x), x))

    def glom(self) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: [list(it)])

    def sample(self, withReplacement: bool, fraction: float, seed: Optional[int] = None) -> "RDD":
        if fraction < 0.0:
            raise ValueError("Fraction must be nonnegative.")
        sampler = RDDSampler(withReplacement, fraction, seed)
        return self.mapPartitionsWithIndex(sampler.func, True)

    def randomSplit(self, weights: Sequence[float], seed: Optional[int] = None) -> List["RDD"]:
        if not all(w >= 0 for w in weights):
            raise ValueError("Weights must be nonnegative")
        s = float(sum(weights))
        if s <= 0:
            raise ValueError("Sum of weights must be positive")
        cweights = [0.0]
        for w in weights:
            cweights.append(cweights[-1] + w / s)
        if seed is None:
            seed = random.randint(0, 2 ** 32 - 1)
        return [self.mapPartitionsWithIndex(RDDRangeSampler(lb, ub, seed).func, True)
                for lb, ub in zip(cweights, cweights[1:])]

    def sampleByKey(self, withReplacement: bool, fractions: Dict[K, float],
                    seed: Optional[int] = None) -> "RDD":
        for fraction in fractions.values():
            if fraction < 0.0:
                raise ValueError(f"Negative fraction value: {fraction}")
        return self.mapPartitionsWithIndex(
            RDDStratifiedSampler(withReplacement, fractions, seed).func, True)

    def pipe(self, command: str, env: Optional[Dict[str, str]] = None,
             checkCode: bool = False) -> "RDD":
        from .pipe import pipe_partition
        env = dict(env or {})
        return self.mapPartitions(lambda it: pipe_partition(it, command, env, checkCode))

    def union(self, other: "RDD") -> "RDD":
        from .union import UnionRDD
        if self.partitioner is not None and self.partitioner == other.partitioner \
                and self.getNumPartitions() == other.getNumPartitions():
            from .union import PartitionerAwareUnionRDD
            return PartitionerAwareUnionRDD(self.ctx, [self, other])
        return UnionRDD(self.ctx, [self, other])

    def __add__(self, other: "RDD") -> "RDD":
        if not isinstance(other, RDD):
            raise TypeError(f"unsupported operand type(s) for +: 'RDD' and '{type(other).__name__}'")
        return self.union(other)

    def cartesian(self, other: "RDD") -> "RDD":
        from .cartesian import CartesianRDD
        return CartesianRDD(self, other)

    def zip(self, other: "RDD") -> "RDD":
        from .zipped import ZippedRDD
        return ZippedRDD(self, other)

    def zipPartitions(self, other: "RDD", f: Callable[[Iterator, Iterator], Iterable]) -> "RDD":
        """``f(iterator1, iterator2)`` for each pair of same-index partitions (like Scala
        Spark's ``zipPartitions``; PySpark has no public equivalent)."""
        from .zipped import ZippedPartitionsRDD
        return ZippedPartitionsRDD(self, other, f)

    def zipWithIndex(self) -> "RDD":
        starts = [0]
        n = self.getNumPartitions()
        if n > 1:
            nums = self.ctx.runJob(self, lambda it: [sum(1 for _ in it)], range(n - 1))
            for c in nums:
                starts.append(starts[-1] + c)

        def func(k: int, it: Iterable[T]) -> Iterable[Tuple[T, int]]:
            for i, v in enumerate(it, starts[k]):
                yield v, i
        return self.mapPartitionsWithIndex(func)

    def zipWithUniqueId(self) -> "RDD":
        n = self.getNumPartitions()

        def func(k: int, it: Iterable[T]) -> Iterable[Tuple[T, int]]:
            for i, v in enumerate(it):
                yield v, i * n + k
        return self.mapPartitionsWithIndex(func)

    def coalesce(self, numPartitions: int, shuffle: bool = False) -> "RDD":
        if not numPartitions > 0:
            raise ValueError("Number of partitions must be positive.")
        if shuffle:
            return self._round_robin_shuffle(numPartitions)
        from .coalesced import CoalescedRDD
        return CoalescedRDD(self, numPartitions)

    def repartition(self, numPartitions: int) -> "RDD":
        return self.coalesce(numPartitions, shuffle=True)

    def _round_robin_shuffle(self, numPartitions: int) -> "RDD":
        """Spark's ``coalesce(shuffle=true)`` as PySpark drives it: each partition is cut into
        batches of 10 elements (PySpark's serialization batches) and the batches are dealt round
        robin, starting at ``XORShiftRandom(partitionIndex).nextInt(numPartitions)``."""
        from .xorshift import XORShiftRandom

        def add_keys(index: int, it: Iterable[T]):
            pos = XORShiftRandom(index).nextInt(numPartitions)
            batch: List[T] = []
            for x in it:
                batch.append(x)
                if len(batch) == _REPARTITION_BATCH:
                    pos += 1
                    yield pos % numPartitions, batch
                    batch = []
            if batch:
                pos += 1
                yield pos % numPartitions, batch
        keyed = self.mapPartitionsWithIndex(add_keys)
        return (keyed.partitionBy(numPartitions, _identity_partition)
                .mapPartitions(_flatten_values))

    # ------------------------------------------------------------------ shuffles ---------------
    def partitionBy(self, numPartitions: Optional[int], partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        partitioner = HashPartitioner(numPartitions, partitionFunc)
        if self.partitioner == partitioner:
            return self
        return self._shuffle(partitioner)

    def _shuffle(self, partitioner: Partitioner, aggregator: Optional[Aggregator] = None,
                 map_side_combine: bool = False) -> "RDD":
        from .shuffled import ShuffledRDD
        return ShuffledRDD(self, partitioner, aggregator, map_side_combine)

    def _default_reduce_partitions(self) -> int:
        if self.ctx._conf.get("spark.default.parallelism") is not None:
            return self.ctx.defaultParallelism
        return self.getNumPartitions()

    def combineByKey(self, createCombiner: Callable[[V], U], mergeValue: Callable[[U, V], U],
                     mergeCombiners: Callable[[U, U], U], numPartitions: Optional[int] = None,
                     partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        agg = Aggregator(user_function(createCombiner), user_function(mergeValue),
                         user_function(mergeCombiners))
        partitioner = HashPartitioner(numPartitions, partitionFunc)
        if self.partitioner == partitioner:
            from ..shuffle.aggregator import combine_values_by_key

            def local(it):
                from ..taskcontext import TaskContext
                svc = TaskContext.get().services
                return combine_values_by_key(agg, it, svc.memory_consumer(), svc.spill_dir)
            return self.mapPartitions(local, preservesPartitioning=True)
        return self._shuffle(partitioner, agg, map_side_combine=True)

    def reduceByKey(self, func: Callable[[V, V], V], numPartitions: Optional[int] = None,
                    partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        return self.combineByKey(_identity, func, func, numPartitions, partitionFunc)

    def reduceByKeyLocally(self, func: Callable[[V, V], V]) -> Dict[K, V]:
        def reduce_partition(it):
            m: Dict = {}
            for k, v in it:
                m[k] = func(m[k], v) if k in m else v
            yield m

        def merge(m1: Dict, m2: Dict) -> Dict:
            for k, v in m2.items():
                m1[k] = func(m1[k], v) if k in m1 else v
            return m1
        return self.mapPartitions(reduce_partition).reduce(merge)

    def foldByKey(self, zeroValue: V, func: Callable[[V, V], V], numPartitions: Optional[int] = None,
                  partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        return self.combineByKey(lambda v: func(copy.deepcopy(zeroValue), v), func, func,
                                 numPartitions, partitionFunc)

    def aggregateByKey(self, zeroValue: U, seqFunc: Callable[[U, V], U],
                       combFunc: Callable[[U, U], U], numPartitions: Optional[int] = None,
                       partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        return self.combineByKey(lambda v: seqFunc(copy.deepcopy(zeroValue), v), seqFunc,
                                 combFunc, numPartitions, partitionFunc)

    def groupByKey(self, numPartitions: Optional[int] = None,
                   partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        grouped = self.combineByKey(_create_list, _append_to_list, _extend_list,
                                    numPartitions, partitionFunc)
        return grouped.mapValues(ResultIterable)

    def groupBy(self, f: Callable[[T], K], numPartitions: Optional[int] = None,
                partitionFunc: Callable[[K], int] = portable_hash) -> "RDD":
        return self.map(lambda x: (f(x), x)).groupByKey(numPartitions, partitionFunc)

    def distinct(self, numPartitions: Optional[int] = None) -> "RDD":
        return (self.map(lambda x: (x, None))
                .reduceByKey(lambda x, _: x, numPartitions).map(lambda x: x[0]))

    def cogroup(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _cogroup([self, other], numPartitions)

    def groupWith(self, other: "RDD", *others: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _cogroup([self, other, *others], numPartitions)

    def join(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _join(self, other, numPartitions, "inner")

    def leftOuterJoin(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _join(self, other, numPartitions, "left")

    def rightOuterJoin(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _join(self, other, numPartitions, "right")

    def fullOuterJoin(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        return _join(self, other, numPartitions, "full")

    def intersection(self, other: "RDD") -> "RDD":
        return (self.map(lambda v: (v, None)).cogroup(other.map(lambda v: (v, None)))
                .filter(lambda kv: len(kv[1][0]) > 0 and len(kv[1][1]) > 0).keys())

    def subtractByKey(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        def filter_func(pair):
            _, (val1, val2) = pair
            return val1 and not val2
        return (self.cogroup(other, numPartitions).filter(filter_func)
                .flatMapValues(lambda x: x[0]))

    def subtract(self, other: "RDD", numPartitions: Optional[int] = None) -> "RDD":
        rdd = other.map(lambda x: (x, True))
        return self.map(lambda x: (x, True)).subtractByKey(rdd, numPartitions).keys()

    def sortByKey(self, ascending: Optional[bool] = True, numPartitions: Optional[int] = None,
                  keyfunc: Callable[[Any], Any] = _identity_key) -> "RDD":
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        ascending = bool(ascending)     # PySpark: None sorts descending (it tests truthiness)
        identity = keyfunc is _identity_key
        sort_key = operator.itemgetter(0) if identity else (lambda kv: keyfunc(kv[0]))

        def sort_partition(it):
            from ..shuffle.external_sorter import sort_records
            from ..taskcontext import TaskContext
            svc = TaskContext.get().services
            return sort_records(it, svc.memory_consumer(), svc.spill_dir,
                                key=sort_key, reverse=not ascending)

        if numPartitions == 1:
            if self.getNumPartitions() > 1:
                self = self.coalesce(1)
            return self.mapPartitions(sort_partition, True)

        # Range bounds exactly as PySpark computes them (count, then sample(False,
        # 20 * numPartitions / count, seed=1) of the keys, bounds at evenly spaced ranks), so
        # partitions hold the same keys as in PySpark - but in one pass: each task counts its
        # records and keeps the keys that drew the smallest of PySpark's sampler's uniforms,
        # which contain the sample for whatever the final fraction turns out to be.
        cap = int(20 * numPartitions + 10 * math.sqrt(20 * numPartitions) + 64)
        sketches = self.ctx._run_job(self, _SampleSketch(cap))
        total = sum(c for c, _, _ in sketches)
        if not total:
            return self
        fraction = min(20.0 * numPartitions / total, 1.0)
        if all(not full or fraction <= max_u for _, full, (max_u, _) in sketches):
            samples = [key for _, _, (_, kept) in sketches for u, key in kept if u < fraction]
        else:       # a sketch overflowed below the fraction: sample again, as PySpark does
            samples = self.sample(False, fraction, 1).map(operator.itemgetter(0)).collect()
        if not identity:
            samples = [keyfunc(k) for k in samples]
        samples.sort()
        bounds = [samples[int(len(samples) * (i + 1) / numPartitions)]
                  for i in range(0, numPartitions - 1)] if samples else []
        route = RangeRoute(bounds, ascending, numPartitions, None if identity else keyfunc)
        return self.partitionBy(numPartitions, route).mapPartitions(sort_partition, True)

    def sortBy(self, keyfunc: Callable[[T], Any], ascending: bool = True,
               numPartitions: Optional[int] = None) -> "RDD":
        return self.keyBy(keyfunc).sortByKey(ascending, numPartitions).values()

    def repartitionAndSortWithinPartitions(self, numPartitions: Optional[int] = None,
                                           partitionFunc: Callable[[Any], int] = portable_hash,
                                           ascending: bool = True,
                                           keyfunc: Callable[[Any], Any] = lambda x: x) -> "RDD":
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()

        def sort_partition(it):
            from ..shuffle.external_sorter import sort_records
            from ..taskcontext import TaskContext
            svc = TaskContext.get().services
            return sort_records(it, svc.memory_consumer(), svc.spill_dir,
                                key=lambda kv: keyfunc(kv[0]), reverse=not ascending)
        return self.partitionBy(numPartitions, partitionFunc).mapPartitions(sort_partition, True)

    # ------------------------------------------------------------------ actions ----------------
    def collect(self) -> List[T]:
        return self.ctx.runJob(self, lambda it: list(it) if not isinstance(it, list) else it)

    def collectWithJobGroup(self, groupId: str, description: str,
                            interruptOnCancel: bool = False) -> List[T]:
        """Collect in the given job group (for this job only), like PySpark."""
        props = self.ctx._local_properties()
        keys = ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")
        saved = {k: props.get(k) for k in keys}
        self.ctx.setJobGroup(groupId, description, interruptOnCancel)
        try:
            return self.collect()
        finally:
            for k, v in saved.items():
                if v is None:
                    props.pop(k, None)
                else:
                    props[k] = v

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[T]:
        for p in range(self.getNumPartitions()):
            for x in self.ctx.runJob(self, lambda it: list(it), [p]):
                yield x

    def count(self) -> int:
        return sum(self.ctx._run_job(self, _count_iter))

    def foreach(self, f: Callable[[T], None]) -> None:
        f = user_function(f)

        def run(it):
            for x in it:
                f(x)
            return 0
        self.ctx._run_job(self, run)

    def foreachPartition(self, f: Callable[[Iterable[T]], None]) -> None:
        f = user_function(f)

        def run(it):
            r = f(it)
            try:                    # a generator f is consumed; other results are ignored
                r = iter(r)
            except TypeError:
                return 0
            for _ in r:             # errors raised while consuming it are the user's
                pass
            return 0
        self.ctx._run_job(self, run)

    def reduce(self, f: Callable[[T, T], T]) -> T:
        f = user_function(f)

        def func(it):
            it = iter(it)
            try:
                initial = next(it)
            except StopIteration:
                return _EMPTY
            return _reduce(f, it, initial)
        vals = [v for v in self.ctx._run_job(self, func) if v is not _EMPTY and not _is_empty_marker(v)]
        if vals:
            return _reduce(f, vals)
        raise ValueError("Can not reduce() empty RDD")

    def treeReduce(self, f: Callable[[T, T], T], depth: int = 2) -> T:
        if depth < 1:
            raise ValueError(f"Depth cannot be smaller than 1 but got {depth}.")
        zero = (None, True)

        def op(x, y):
            if x[1]:
                return y
            if y[1]:
                return x
            return f(x[0], y[0]), False
        reduced = self.map(lambda x: (x, False)).treeAggregate(zero, op, op, depth)
        if reduced[1]:
            raise ValueError("Cannot reduce empty RDD.")
        return reduced[0]

    def fold(self, zeroValue: T, op: Callable[[T, T], T]) -> T:
        op = user_function(op)

        def func(it):
            acc = copy.deepcopy(zeroValue)
            for obj in it:
                acc = op(acc, obj)
            return acc
        vals = self.ctx._run_job(self, func)
        return _reduce(op, vals, zeroValue)

    def aggregate(self, zeroValue: U, seqOp: Callable[[U, T], U], combOp: Callable[[U, U], U]) -> U:
        seqOp, combOp = user_function(seqOp), user_function(combOp)

        def func(it):
            acc = copy.deepcopy(zeroValue)
            for obj in it:
                acc = seqOp(acc, obj)
            return acc
        vals = self.ctx._run_job(self, func)
        return _reduce(combOp, vals, zeroValue)

    def treeAggregate(self, zeroValue: U, seqOp: Callable[[U, T], U], combOp: Callable[[U, U], U],
                      depth: int = 2) -> U:
        if depth < 1:
            raise ValueError(f"Depth cannot be smaller than 1 but got {depth}.")
        if self.getNumPartitions() == 0:
            return zeroValue

        def aggregate_partition(it):
            acc = zeroValue         # each task unpickles its own copy
            for obj in it:
                acc = seqOp(acc, obj)
            yield acc

        partiallyAggregated = self.mapPartitions(aggregate_partition)
        numPartitions = partiallyAggregated.getNumPartitions()
        scale = max(int(math.ceil(pow(numPartitions, 1.0 / depth))), 2)
        # stop adding levels when one more would not reduce the wall-clock time (as PySpark)
        while numPartitions > scale + numPartitions / scale:
            numPartitions /= scale
            curNumPartitions = int(numPartitions)

            def map_partition(i, it, curNumPartitions=curNumPartitions):   # bind this level's value
                for obj in it:
                    yield (i % curNumPartitions, obj)
            partiallyAggregated = (partiallyAggregated.mapPartitionsWithIndex(map_partition)
                                   .reduceByKey(combOp, curNumPartitions).values())
        return partiallyAggregated.reduce(combOp)

    def max(self, key: Optional[Callable[[T], Any]] = None) -> T:
        if key is None:
            return self.reduce(max)
        return self.reduce(lambda a, b: max(a, b, key=key))

    def min(self, key: Optional[Callable[[T], Any]] = None) -> T:
        if key is None:
            return self.reduce(min)
        return self.reduce(lambda a, b: min(a, b, key=key))

    def sum(self) -> Any:
        return sum(self.ctx._run_job(self, _sum_iter), 0)

    def stats(self) -> StatCounter:
        def redFunc(left: StatCounter, right: StatCounter) -> StatCounter:
            return left.mergeStats(right)
        parts = self.ctx._run_job(self, lambda it: StatCounter(it))
        return _reduce(redFunc, parts, StatCounter())

    def mean(self) -> float:
        return self.stats().mean()

    def variance(self) -> float:
        return self.stats().variance()

    def stdev(self) -> float:
        return self.stats().stdev()

    def sampleStdev(self) -> float:
        return self.stats().sampleStdev()

    def sampleVariance(self) -> float:
        return self.stats().sampleVariance()

    def histogram(self, buckets: Union[int, List[Any], Tuple[Any, ...]]):
        from .histogram import histogram
        return histogram(self, buckets)

    def countByValue(self) -> Dict[T, int]:
        def count_partition(it):
            counts: Dict = defaultdict(int)
            for obj in it:
                counts[obj] += 1
            return counts

        def merge(m1, m2):
            for k, v in m2.items():
                m1[k] += v
            return m1
        return _reduce(merge, self.ctx._run_job(self, count_partition), defaultdict(int))

    def countByKey(self) -> Dict[K, int]:
        return self.map(lambda x: x[0]).countByValue()

    def collectAsMap(self) -> Dict[K, V]:
        return dict(self.collect())

    def lookup(self, key: K) -> List[V]:
        values = self.filter(lambda kv: kv[0] == key).values()
        if self.partitioner is not None and not _hash_depends_on_seed(key):
            return self.ctx.runJob(values, lambda x: x, [self.partitioner(key)])
        return values.collect()

    def first(self) -> T:
        rs = self.take(1)
        if rs:
            return rs[0]
        raise ValueError("RDD is empty")

    def isEmpty(self) -> bool:
        return self.getNumPartitions() == 0 or len(self.take(1)) == 0

    def take(self, num: int) -> List[T]:
        items: List[T] = []
        totalParts = self.getNumPartitions()
        partsScanned = 0
        while len(items) < num and partsScanned < totalParts:
            numPartsToTry = 1
            if partsScanned > 0:
                if len(items) == 0:
                    numPartsToTry = partsScanned * 4
                else:
                    numPartsToTry = int(1.5 * num * partsScanned / len(items)) - partsScanned
                    numPartsToTry = min(max(numPartsToTry, 1), partsScanned * 4)
            left = num - len(items)

            def takeUpToNumLeft(it, left=left):
                out = []
                if left <= 0:
                    return out
                for x in it:
                    out.append(x)
                    if len(out) >= left:
                        break
                return out
            p = range(partsScanned, min(partsScanned + numPartsToTry, totalParts))
            for part in self.ctx._run_job(self, takeUpToNumLeft, list(p)):
                items.extend(part)
            partsScanned += numPartsToTry
        return items[:num]

    def takeOrdered(self, num: int, key: Optional[Callable[[T], Any]] = None) -> List[T]:
        if num < 0:
            raise ValueError("top N cannot be negative.")
        if num == 0 or self.getNumPartitions() == 0:
            return []

        def merge(a, b):
            return heapq.nsmallest(num, a + b, key)
        parts = self.ctx._run_job(self, lambda it: heapq.nsmallest(num, it, key))
        return _reduce(merge, parts, [])

    def top(self, num: int, key: Optional[Callable[[T], Any]] = None) -> List[T]:
        def merge(a, b):
            return heapq.nlargest(num, a + b, key=key)
        parts = self.ctx._run_job(self, lambda it: heapq.nlargest(num, it, key=key))
        if not parts:       # no partitions at all: PySpark's reduce() fails
            raise ValueError("Can not reduce() empty RDD")
        return _reduce(merge, parts)

    def takeSample(self, withReplacement: bool, num: int, seed: Optional[int] = None) -> List[T]:
        numStDev = 10.0
        maxSampleSize = sys.maxsize - int(numStDev * (sys.maxsize ** 0.5))
        if num < 0:
            raise ValueError("Sample size cannot be negative.")
        elif num > maxSampleSize:
            raise ValueError(f"Sample size cannot be greater than {maxSampleSize}.")
        if num == 0 or self.getNumPartitions() == 0:
            return []
        initialCount = self.count()
        if initialCount == 0:
            return []
        rand = random.Random(seed)
        if (not withReplacement) and num >= initialCount:
            samples = self.collect()
            rand.shuffle(samples)
            return samples
        fraction = _compute_fraction_for_sample_size(num, initialCount, withReplacement)
        samples = self.sample(withReplacement, fraction, seed).collect()
        while len(samples) < num:
            seed = rand.randint(0, sys.maxsize)
            samples = self.sample(withReplacement, fraction, seed).collect()
        rand.shuffle(samples)
        return samples[0:num]

    # ------------------------------------------------------------------ approximate actions ----
    # rayspark always waits for the whole job, so these are exact: the bounds equal the value
    # and the confidence is 1.0 (what Spark reports when the job finishes within ``timeout``).
    def countApprox(self, timeout: int, confidence: float = 0.95) -> int:
        return int(self.mapPartitions(lambda it: [float(_count_iter(it))])
                   .sumApprox(timeout, confidence))

    def sumApprox(self, timeout: int, confidence: float = 0.95) -> "BoundedFloat":
        total = float(sum(self.ctx._run_job(self, lambda it: float(sum(it))), 0.0))
        return BoundedFloat(total, 1.0, total, total)

    def meanApprox(self, timeout: int, confidence: float = 0.95) -> "BoundedFloat":
        m = float(self.map(float).stats().mean())
        return BoundedFloat(m, 1.0, m, m)

    def countApproxDistinct(self, relativeSD: float = 0.05) -> int:
        """Number of distinct elements (exact over the elements' 32-bit portable hashes, which is
        within any ``relativeSD`` of HyperLogLog's estimate)."""
        if relativeSD < 0.000017:
            raise ValueError("relativeSD should be greater than 0.000017")
        return self.map(lambda x: portable_hash(x) & 0xFFFFFFFF).distinct().count()

    # ------------------------------------------------------------------ output -----------------
    def saveAsTextFile(self, path: str, compressionCodecClass: Optional[str] = None) -> None:
        from .output import save_as_text_file
        save_as_text_file(self, path, compressionCodecClass)

    def saveAsPickleFile(self, path: str, batchSize: int = 10) -> None:
        from .output import save_as_pickle_file
        save_as_pickle_file(self, path, batchSize)

    # ------------------------------------------------------------------ misc -------------------
    def barrier(self):
        raise NotImplementedError("barrier execution mode is not supported by rayspark")

    def withResources(self, profile) -> "RDD":
        return self

    def getResourceProfile(self):
        return None



# ---------------------------------------------------------------------- helpers ----------------
class BoundedFloat(float):
    """A float with a confidence interval (what ``sumApprox``/``meanApprox`` return)."""
    confidence: float
    low: float
    high: float

    def __new__(cls, mean: float, confidence: float, low: float, high: float) -> "BoundedFloat":
        obj = float.__new__(cls, mean)
        obj.confidence = confidence
        obj.low = low
        obj.high = high
        return obj


class _EmptyMarker:
    __slots__ = ()

    def __reduce__(self):
        return (_get_empty, ())


def _get_empty():
    return _EMPTY


_EMPTY = _EmptyMarker()


def _is_empty_marker(v) -> bool:
    return isinstance(v, _EmptyMarker)


def _level_description(level: StorageLevel) -> str:
    """Scala's ``StorageLevel.description`` ('' for NONE), as toDebugString prints it."""
    if level == StorageLevel.NONE:
        return ""
    out = "Disk " if level.useDisk else ""
    if level.useMemory:
        out += "Memory (off heap) " if level.useOffHeap else "Memory "
    out += "Deserialized " if level.deserialized else "Serialized "
    return out + f"{level.replication}x Replicated"


def _bytes_to_string(size: int) -> str:
    """Spark's ``Utils.bytesToString``: '120.0 B', '2.0 KiB', ..."""
    for shift, unit in ((60, "EiB"), (50, "PiB"), (40, "TiB"), (30, "GiB"), (20, "MiB"),
                        (10, "KiB")):
        if size >= 2 * (1 << shift):
            return "%.1f %s" % (size / (1 << shift), unit)
    return "%.1f B" % size


def _identity(x):
    return x


class _SampleSketch:
    """Per partition, in one pass: (record count, whether the sketch overflowed,
    (largest kept uniform, [(uniform, key), ...] in partition order)).

    The uniforms are those PySpark's ``sample(False, f, seed=1)`` draws for the partition's
    records (record i is sampled iff its uniform < f), and the ``cap`` records with the smallest
    ones are kept, so the driver can pick the exact PySpark sample once it knows ``f``."""

    def __init__(self, cap: int):
        self.cap = cap

    def __call__(self, it):
        from ..taskcontext import TaskContext
        ctx = TaskContext.get()
        rand = RDDSampler(False, 1.0, 1)._rng(ctx.partitionId() if ctx else 0).random
        cap = self.cap
        heap: list = []             # max-heap on the uniform: (-u, seq, key)
        push, replace = heapq.heappush, heapq.heapreplace
        threshold = 2.0             # every uniform is kept until the heap is full
        n = -1
        for n, kv in enumerate(it):
            u = rand()
            if u < threshold:
                if len(heap) < cap:
                    push(heap, (-u, n, kv[0]))
                    if len(heap) == cap:
                        threshold = -heap[0][0]
                else:
                    replace(heap, (-u, n, kv[0]))
                    threshold = -heap[0][0]
        n += 1
        full = n > cap
        max_u = -heap[0][0] if heap else 1.0
        kept = [(-nu, key) for nu, _, key in sorted(heap, key=operator.itemgetter(1))]
        return n, full, (max_u, kept)


def _identity_partition(k):
    return k


_REPARTITION_BATCH = 10


def _flatten_values(it):
    for _, batch in it:
        yield from batch


def _create_list(v):
    return [v]


def _append_to_list(xs, v):
    xs.append(v)
    return xs


def _extend_list(a, b):
    a.extend(b)
    return a


_SIZED_ITERATORS = (type(iter([])), type(iter(range(0))), type(iter(())))


def _count_iter(it) -> int:
    if isinstance(it, (list, range, tuple)):
        return len(it)
    if type(it) in _SIZED_ITERATORS:
        return operator.length_hint(it)
    n = 0
    for _ in it:
        n += 1
    return n


def _sum_iter(it):
    return sum(it, 0)


def _hash_depends_on_seed(key) -> bool:
    if isinstance(key, (str, bytes)):
        return True
    if isinstance(key, tuple):
        return any(_hash_depends_on_seed(k) for k in key)
    return not isinstance(key, (int, float, bool, type(None)))


def _compute_fraction_for_sample_size(sampleSizeLowerBound: int, total: int,
                                      withReplacement: bool) -> float:
    fraction = float(sampleSizeLowerBound) / total
    if withReplacement:
        numStDev = 5
        if sampleSizeLowerBound < 12:
            numStDev = 9
        return fraction + numStDev * (fraction / total) ** 0.5
    delta = 0.00005
    gamma = -math.log(delta) / total
    return min(1, fraction + gamma + math.sqrt(gamma * gamma + 2 * gamma * fraction))


def _cogroup_lists(rdds: List[RDD], numPartitions: Optional[int]) -> RDD:
    """(key, (list of values of rdds[0], list of rdds[1], ...)) via one CoGroupedRDD."""
    if numPartitions is None:
        # like PySpark (groupByKey on the union of the inputs): the union's partition count,
        # i.e. the sum of the inputs' counts unless they are co-partitioned
        if rdds[0].ctx._conf.get("spark.default.parallelism") is not None:
            numPartitions = rdds[0].ctx.defaultParallelism
        elif all(r.partitioner is not None and r.partitioner == rdds[0].partitioner
                 and r.getNumPartitions() == rdds[0].getNumPartitions() for r in rdds):
            numPartitions = rdds[0].getNumPartitions()
        else:
            numPartitions = sum(r.getNumPartitions() for r in rdds)
    from .cogrouped import CoGroupedRDD
    return CoGroupedRDD(list(rdds), HashPartitioner(numPartitions))


def _cogroup(rdds: List[RDD], numPartitions: Optional[int]) -> RDD:
    """cogroup of N pair RDDs: per key, a ResultIterable of each RDD's values."""
    return _cogroup_lists(rdds, numPartitions).mapValues(
        lambda lists: tuple(ResultIterable(l) for l in lists))


def _join(left: RDD, right: RDD, numPartitions: Optional[int], how: str) -> RDD:
    def dispatch(lists):
        vs, ws = lists
        if how == "inner":
            return [(v, w) for v in vs for w in ws]
        if how == "left":
            if not ws:
                return [(v, None) for v in vs]
            return [(v, w) for v in vs for w in ws]
        if how == "right":
            if not vs:
                return [(None, w) for w in ws]
            return [(v, w) for v in vs for w in ws]
        if not vs:
            return [(None, w) for w in ws]
        if not ws:
            return [(v, None) for v in vs]
        return [(v, w) for v in vs for w in ws]
    return _cogroup_lists([left, right], numPartitions).flatMapValues(dispatch)
