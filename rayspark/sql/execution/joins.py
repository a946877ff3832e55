"""Joins over Arrow tables.

``join_tables`` is the per-partition kernel every join strategy uses: it finds matching row
pairs with pyarrow's hash join on the equi-join keys (NULL keys never match, as in SQL),
filters the pairs with any remaining condition, then assembles inner / outer / semi / anti
results by taking rows. Strategies: broadcast hash join (the small side collected once and
shipped to every task as a broadcast variable), shuffled hash join (both sides exchanged by
key into the same number of partitions and zipped) and a nested-loop join for conditions
without equalities."""
from __future__ import annotations

from typing import List, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from .arrow_util import to_table
from .base import SparkPlan, bind_all

#: streamed rows joined per call against a broadcast build side (at least 16x its rows)
PROBE_CHUNK_ROWS = 1 << 20

__all__ = ["join_tables", "BroadcastHashJoinExec", "ShuffledHashJoinExec",
           "BroadcastNestedLoopJoinExec"]


def _pairs(left: pa.Table, right: pa.Table, lkeys, rkeys):
    nl, nr = left.num_rows, right.num_rows
    if not lkeys:
        li = np.repeat(np.arange(nl, dtype=np.int64), nr)
        ri = np.tile(np.arange(nr, dtype=np.int64), nl)
        return li, ri
    lcols = _key_columns(left, lkeys)
    rcols = _key_columns(right, rkeys)
    names = [f"k{i}" for i in range(len(lcols))]
    lt = pa.Table.from_arrays(lcols + [pa.array(np.arange(nl, dtype=np.int64))],
                              names=names + ["__li"])
    rt = pa.Table.from_arrays(rcols + [pa.array(np.arange(nr, dtype=np.int64))],
                              names=names + ["__ri"])
    for i, (a, b) in enumerate(zip(lcols, rcols)):
        if a.type != b.type:
            rt = rt.set_column(i, names[i], pc.cast(rt.column(i), a.type))
        if pa.types.is_null(a.type):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # Acero hashes the right input and streams the left through it: hash the smaller side
    j = lt.join(rt, names, join_type="inner", use_threads=False) if nr <= nl else \
        rt.join(lt, names, join_type="inner", use_threads=False)
    li = j.column("__li").to_numpy()
    ri = j.column("__ri").to_numpy()
    order = np.lexsort((ri, li))
    return li[order], ri[order]


def _key_columns(t: pa.Table, keys) -> List[pa.Array]:
    """The join key arrays of a table, evaluated batch by batch: only the keys are copied
    into one array each, not every column of the table."""
    batches = [b for b in t.to_batches() if b.num_rows]
    if len(batches) <= 1:
        b = batches[0] if batches else _as_batch(t)
        return [materialize(k.eval(b), b.num_rows) for k in keys]
    return [pa.concat_arrays([materialize(k.eval(b), b.num_rows) for b in batches])
            for k in keys]


def _as_batch(t: pa.Table) -> pa.RecordBatch:
    t = t.combine_chunks()
    if t.num_rows == 0:
        return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in t.schema],
                                          schema=t.schema)
    bs = t.to_batches()
    if len(bs) == 1:
        return bs[0]
    return pa.Table.from_batches(bs).combine_chunks().to_batches()[0]


def _take(t: pa.Table, idx: np.ndarray) -> List[pa.Array]:
    ia = pa.array(idx, type=pa.int64())
    return [c.take(ia).combine_chunks() if isinstance(c, pa.ChunkedArray) else c.take(ia)
            for c in t.columns]


def _nulls(t: pa.Table, n: int) -> List[pa.Array]:
    return [pa.nulls(n, f.type) for f in t.schema]


def join_tables(left: pa.Table, right: pa.Table, lkeys, rkeys, join_type: str,
                condition, out_schema: pa.Schema) -> pa.Table:
    li, ri = _pairs(left, right, lkeys, rkeys)
    if condition is not None and len(li):
        combined = pa.RecordBatch.from_arrays(
            _take(left, li) + _take(right, ri),
            names=[f"l{i}" for i in range(left.num_columns)] +
                  [f"r{i}" for i in range(right.num_columns)])
        mask = materialize(condition.eval(combined), combined.num_rows)
        keep = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        li, ri = li[keep], ri[keep]
    nl, nr = left.num_rows, right.num_rows
    if join_type == "semi":
        idx = np.unique(li)
        return pa.Table.from_arrays(_take(left, idx), schema=out_schema)
    if join_type == "anti":
        keep = np.ones(nl, dtype=bool)
        keep[li] = False
        return pa.Table.from_arrays(_take(left, np.nonzero(keep)[0]), schema=out_schema)
    parts = [pa.Table.from_arrays(_take(left, li) + _take(right, ri), schema=out_schema)]
    if join_type in ("left", "full"):
        matched = np.zeros(nl, dtype=bool)
        matched[li] = True
        miss = np.nonzero(~matched)[0]
        if len(miss):
            parts.append(pa.Table.from_arrays(_take(left, miss) + _nulls(right, len(miss)),
                                              schema=out_schema))
    if join_type in ("right", "full"):
        matched = np.zeros(nr, dtype=bool)
        matched[ri] = True
        miss = np.nonzero(~matched)[0]
        if len(miss):
            parts.append(pa.Table.from_arrays(_nulls(left, len(miss)) + _take(right, miss),
                                              schema=out_schema))
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


class _JoinBase(SparkPlan):
    def __init__(self, sc, output, join_type, left_keys, right_keys, condition, left, right,
                 build_side="right"):
        super().__init__(sc, output, [left, right])
        self.join_type = join_type
        self.left_keys = left_keys
        self.right_keys = right_keys
        self.condition = condition
        self.build_side = build_side

    def _bound(self):
        left, right = self.children
        lk = bind_all(self.left_keys, left.output)
        rk = bind_all(self.right_keys, right.output)
        cond = bind_all([self.condition], left.output + right.output)[0] \
            if self.condition is not None else None
        return lk, rk, cond

    def _cond_str(self):
        return self.condition.tree_string() if self.condition is not None else ""

    def node_string(self):
        from ..plan.logical import JOIN_DISPLAY
        lk = ", ".join(e.tree_string() for e in self.left_keys)
        rk = ", ".join(e.tree_string() for e in self.right_keys)
        c = self._cond_str()
        return (f"{self.label} [{lk}], [{rk}], {JOIN_DISPLAY[self.join_type]}, "
                f"Build{self.build_side.capitalize()}" + (f", {c}" if c else ""))


class _ExistingRDDExec(SparkPlan):
    """An operator whose RDD was already built (and whose shuffle may have run): adaptive
    planning hands it on so that the shuffle is not built, and run, a second time."""

    def __init__(self, like: SparkPlan, rdd):
        super().__init__(like.sc, like.output, like.children)
        self._rdd = rdd
        self._like = like

    def execute(self):
        return self._rdd

    def node_string(self):
        return self._like.node_string()


def _shuffle_dependency(rdd):
    """The shuffle an exchange's RDD reads (the nearest one through narrow dependencies)."""
    from ...rdd.dependency import ShuffleDependency
    todo = [rdd]
    while todo:
        r = todo.pop()
        for d in r.dependencies:
            if isinstance(d, ShuffleDependency):
                return d
            todo.append(d.rdd)
    return None


class ShuffledHashJoinExec(_JoinBase):
    """Both sides hash-exchanged into the same partitions and joined partition by partition.

    With ``adaptive_threshold`` set (adaptive execution on: the planner's size estimates could
    not show either side small), the side named by ``build_side`` is shuffled first, as a job of
    its own; if its map outputs total at most the threshold, the join runs as a broadcast hash
    join instead (that side read back from its shuffle and broadcast, the other side joined
    where it is, without being shuffled at all) - Spark's adaptive conversion of a sort-merge
    join to a broadcast join. Otherwise the shuffled join runs on the outputs already made."""
    label = "ShuffledHashJoin"

    def __init__(self, *args, adaptive_threshold: Optional[int] = None, **kw):
        super().__init__(*args, **kw)
        self.adaptive_threshold = adaptive_threshold

    def execute(self):
        if self.adaptive_threshold is not None:
            return self._adaptive_execute()
        return self._shuffled_execute(*self.children)

    def _adaptive_execute(self):
        from .exchange import ShuffleExchangeExec
        left, right = self.children
        build_right = self.build_side == "right"
        build, stream = (right, left) if build_right else (left, right)
        if not (isinstance(build, ShuffleExchangeExec) and isinstance(stream, ShuffleExchangeExec)):
            return self._shuffled_execute(left, right)
        build_rdd = build.execute()
        dep = _shuffle_dependency(build_rdd)
        if dep is None:
            return self._shuffled_execute(left, right)
        statuses = self.sc._run_map_stage(dep)
        size = sum(st.bytes_written for st in statuses if st is not None)
        built = _ExistingRDDExec(build, build_rdd)
        if size > self.adaptive_threshold:
            return (self._shuffled_execute(left, built) if build_right
                    else self._shuffled_execute(built, right))
        unshuffled = stream.children[0]
        sides = (unshuffled, built) if build_right else (built, unshuffled)
        bhj = BroadcastHashJoinExec(self.sc, self.output, self.join_type, self.left_keys,
                                    self.right_keys, self.condition, *sides,
                                    build_side=self.build_side)
        return bhj.execute()

    def _shuffled_execute(self, left, right):
        lk, rk, cond = self._bound()
        lschema, rschema = left.schema, right.schema
        jt = self.join_type
        out_schema = self.schema if jt not in ("semi", "anti") else lschema

        def join_part(lit, rit):
            lt = to_table(list(lit), lschema)
            rt = to_table(list(rit), rschema)
            if lt.num_rows == 0 and jt in ("inner", "left", "semi", "anti", "cross"):
                return
            if rt.num_rows == 0 and jt in ("inner", "right", "semi", "cross"):
                return
            res = join_tables(lt, rt, lk, rk, jt, cond, out_schema)
            if res.num_rows:
                yield from res.combine_chunks().to_batches()
        return left.execute().zipPartitions(right.execute(), join_part)


class BroadcastHashJoinExec(_JoinBase):
    label = "BroadcastHashJoin"

    def _probe_chunk_rows(self, build_rows: int) -> int:
        return max(PROBE_CHUNK_ROWS, 16 * build_rows)

    def execute(self):
        left, right = self.children
        lk, rk, cond = self._bound()
        jt = self.join_type
        out_schema = self.schema if jt not in ("semi", "anti") else left.schema
        build = right if self.build_side == "right" else left
        stream = left if self.build_side == "right" else right
        batches = build.execute().collect()
        table = to_table(batches, build.schema)
        bc = self.sc.broadcast(table)
        build_right = self.build_side == "right"
        sschema = stream.schema

        # Each join_tables call hashes the built side again, so the streamed side is joined in
        # chunks of many batches: a 260k-row build side probed by 128k-row batches spent 8x
        # longer hashing than probing.
        chunk_rows = self._probe_chunk_rows(table.num_rows)

        def join_chunk(built, batches):
            st = pa.Table.from_batches(batches, schema=sschema)
            if build_right:
                res = join_tables(st, built, lk, rk, jt, cond, out_schema)
            else:
                res = join_tables(built, st, lk, rk, jt, cond, out_schema)
            if res.num_rows:
                yield from res.combine_chunks().to_batches()

        def join_part(it):
            built = bc.value
            pending, rows = [], 0
            for b in it:
                pending.append(b)
                rows += b.num_rows
                if rows >= chunk_rows:
                    yield from join_chunk(built, pending)
                    pending, rows = [], 0
            if pending:
                yield from join_chunk(built, pending)
        return stream.execute().mapPartitions(join_part)


class BroadcastNestedLoopJoinExec(BroadcastHashJoinExec):
    label = "BroadcastNestedLoopJoin"

    def _probe_chunk_rows(self, build_rows: int) -> int:
        return 1          # every pair is materialised: one streamed batch at a time

    def node_string(self):
        from ..plan.logical import JOIN_DISPLAY
        c = self._cond_str()
        return (f"{self.label} Build{self.build_side.capitalize()}, "
                f"{JOIN_DISPLAY[self.join_type]}" + (f", {c}" if c else ""))
