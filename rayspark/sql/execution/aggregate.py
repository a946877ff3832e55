"""Hash aggregation in two steps around an exchange, as Spark plans it:

``HashAggregate(partial)`` per map partition: evaluate grouping keys and aggregate inputs, run
pyarrow's hash aggregation to get one buffer row per key. ``Exchange hashpartitioning(keys)``
moves buffers so each key lives in one partition. ``HashAggregate(final)`` merges the buffers
(again with pyarrow), finishes each aggregate and evaluates the result expressions
(``sum(x) + 1``). A global aggregate (no keys) uses a constant key and a single partition, and
returns one row even for empty input."""
from __future__ import annotations

from typing import List

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from .arrow_util import batch_from_arrays, group_codes, schema_of
from .base import SparkPlan, bind_all

__all__ = ["HashAggregateExec", "run_partial", "run_final"]


SEQUENTIAL_SUM_ROWS = 1 << 16


def _group_ids(table: pa.Table, keys: List[str]):
    """A group number per row (equal keys, NULLs equal), or None for key types Arrow cannot
    dictionary-encode."""
    try:
        return group_codes([table.column(k) for k in keys], table.num_rows)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError):
        return None


def _flatten_struct_keys(table: pa.Table, keys: List[str]):
    """Arrow cannot group by struct columns: group by each struct's validity and fields
    instead, and rebuild the structs from the grouped columns."""
    plan, new_keys = [], []
    for k in keys:
        col = table.column(k).combine_chunks()
        if not pa.types.is_struct(col.type):
            plan.append((k, None))
            new_keys.append(k)
            continue
        names = [f"{k}__v"] + [f"{k}__f{i}" for i in range(col.type.num_fields)]
        table = table.append_column(names[0], col.is_valid())
        for i in range(col.type.num_fields):
            table = table.append_column(names[i + 1], pc.struct_field(col, [i]))
        plan.append((k, (col.type, names)))
        new_keys.extend(names)

    def rebuild(key_cols):
        by_name = dict(zip(new_keys, key_cols))
        out = []
        for k, nested in plan:
            if nested is None:
                out.append(by_name[k])
                continue
            st, names = nested
            valid = by_name[names[0]].combine_chunks()
            fields = [by_name[n].combine_chunks() for n in names[1:]]
            out.append(pa.chunked_array([pa.StructArray.from_arrays(
                fields, fields=list(st), mask=pc.invert(valid))]))
        return out
    return table, new_keys, rebuild


def _is_list_like(t) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t)


#: functions whose scalar form differs from the hash form: Arrow's scalar first/last ignore
#: skip_nulls=False (a trailing NULL would be skipped); list has no scalar form
_KEYED_ONLY = frozenset({"first", "last", "list"})


def _float_sums(table: pa.Table, specs) -> List[int]:
    """Positions of the specs summing a floating column (which Spark adds row after row)."""
    return [i for i, s in enumerate(specs) if s[1] == "sum" and isinstance(s[0], str)
            and pa.types.is_floating(table.column(s[0]).type)]


def _aggregate_whole(table: pa.Table, keys: List[str], specs):
    """A global aggregate's one group (its key columns are constants): Arrow's scalar
    aggregation, ~10x cheaper than hashing the constant key of every row. None when a
    function has no scalar form (``list``), or exact row-order float sums are wanted."""
    if not table.num_rows:
        return None
    if any(s[1] in _KEYED_ONLY for s in specs):
        return None
    if table.num_rows <= SEQUENTIAL_SUM_ROWS and _float_sums(table, specs):
        return None
    try:
        res = table.group_by([], use_threads=False).aggregate(specs)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError, KeyError):
        return None
    return ([table.column(k).slice(0, 1) for k in keys],
            [res.column(i) for i in range(res.num_columns)])


def _group(table: pa.Table, keys: List[str], specs, constant_keys: bool = False):
    if constant_keys:
        whole = _aggregate_whole(table, keys, specs)
        if whole is not None:
            return whole
    if any(pa.types.is_struct(table.column(k).type) for k in keys):
        table, flat_keys, rebuild = _flatten_struct_keys(table, keys)
        key_cols, bufs = _group(table, flat_keys, specs)
        return rebuild(key_cols), bufs
    lists = [k for k in keys if _is_list_like(table.column(k).type)]
    if lists:
        # array/map keys: group by a text rendering of the value; the value itself is
        # carried through as the first of each group
        new_keys = []
        for k in keys:
            if k in lists:
                text = pa.array([None if v is None else repr(v)
                                 for v in table.column(k).to_pylist()], pa.string())
                table = table.append_column(k + "__repr", text)
                new_keys.append(k + "__repr")
            else:
                new_keys.append(k)
        table = table.append_column("__keyrow", pa.array(np.arange(table.num_rows,
                                                                 dtype=np.int64)))
        key_cols, bufs = _group(table, new_keys, list(specs) + [("__keyrow", "min")])
        first_rows = bufs.pop().combine_chunks()
        out = []
        for k, col in zip(keys, key_cols):
            out.append(pa.chunked_array([table.column(k).combine_chunks().take(first_rows)])
                       if k in lists else col)
        return out, bufs
    float_sums = _float_sums(table, specs)
    # Exact row-order sums cost a second hashing pass; they matter where results are compared
    # digit by digit (small data, where rayspark's partitions hold Spark's rows in Spark's
    # order). Large partitions keep Arrow's faster pairwise sums.
    gid = _group_ids(table, keys) if float_sums and 0 < table.num_rows <= SEQUENTIAL_SUM_ROWS \
        else None
    if gid is not None:
        table = table.append_column("__gid", pa.array(gid))
        specs = list(specs) + [("__gid", "min")]
    res = table.group_by(keys, use_threads=False).aggregate(specs)
    names = res.column_names
    k = len(keys)
    if names[:k] == keys:
        key_cols, bufs = [res.column(i) for i in range(k)], \
            [res.column(i) for i in range(k, len(names))]
    else:
        key_cols, bufs = [res.column(len(names) - k + i) for i in range(k)], \
            [res.column(i) for i in range(len(names) - k)]
    if gid is not None:
        # Spark adds doubles one row after another; Arrow's pairwise sums can differ in the
        # last bit. np.bincount adds each group's values sequentially in row order.
        out_gid = np.asarray(bufs.pop().to_numpy(), dtype=np.int64)
        for i in float_sums:
            col = table.column(specs[i][0]).combine_chunks()
            vals = np.asarray(pc.fill_null(col.cast(pa.float64()), 0.0).to_numpy(
                zero_copy_only=False), dtype=np.float64)
            valid = np.asarray(col.is_valid().to_numpy(zero_copy_only=False), dtype=np.float64)
            sums = np.bincount(gid, weights=vals)
            counts = np.bincount(gid, weights=valid)
            bufs[i] = pa.chunked_array([pa.array(sums[out_gid], mask=counts[out_gid] == 0)
                                        .cast(bufs[i].type)])
    return key_cols, bufs


def _rows_by_group(table: pa.Table, key_names, out_keys, column: str):
    """Each output group's values of ``column`` in row order (None when the grouping order
    cannot be reproduced)."""
    key_rows = list(zip(*(table.column(k).to_pylist() for k in key_names)))
    values = table.column(column).to_pylist()
    index, groups = {}, []
    for key, v in zip(key_rows, values):
        key = tuple(repr(x) if isinstance(x, float) and x != x else x for x in key)
        i = index.get(key)
        if i is None:
            i = index[key] = len(groups)
            groups.append([])
        groups[i].append(v)
    expect = list(zip(*(k.to_pylist() for k in out_keys)))
    got = [k for k, _ in sorted(index.items(), key=lambda kv: kv[1])]
    if [tuple(repr(x) if isinstance(x, float) and x != x else x for x in k) for k in expect] \
            != got:
        return None
    return groups


def _buffer_count(agg) -> int:
    """How many partial-buffer columns ``agg`` contributes to a partial aggregate's output."""
    return len(agg.partial(["x"] * max(1, len(agg.children))))


def _finish_partials(table, key_names, keys, bufs, aggs, input_exprs_per_agg):
    """Aggregates with a ``finish_partial`` hook turn their raw Arrow buffers into their own
    (for the variance family: Spark's exact row-by-row moments on small partitions)."""
    out, pos = list(bufs), 0
    small = table.num_rows <= SEQUENTIAL_SUM_ROWS
    for j, agg in enumerate(aggs):
        nbuf = _buffer_count(agg)
        hook = getattr(agg, "finish_partial", None)
        if hook is not None:
            groups = _rows_by_group(table, key_names, keys, f"a{j}_0") if small else None
            out[pos:pos + nbuf] = hook(out[pos:pos + nbuf], groups)
        pos += nbuf
    return out


def run_partial(batches, key_exprs, aggs, input_exprs_per_agg):
    """One partition's partial aggregation -> a batch of key columns + buffer columns."""
    tables = []
    for b in batches:
        if b.num_rows == 0:
            continue
        arrays, nms = [], []
        for i, k in enumerate(key_exprs):
            arrays.append(materialize(k.eval(b), b.num_rows))
            nms.append(f"k{i}")
        if not key_exprs:
            arrays.append(pa.repeat(pa.scalar(0, pa.int8()), b.num_rows))
            nms.append("k0")
        for j, inputs in enumerate(input_exprs_per_agg):
            for m, e in enumerate(inputs):
                arr = materialize(e.eval(b), b.num_rows)
                prep = getattr(aggs[j], "prepare_input", None)
                if prep is not None:
                    arr = prep(arr)
                arrays.append(arr)
                nms.append(f"a{j}_{m}")
        tables.append(pa.Table.from_arrays(arrays, names=nms))
    if not tables:
        return None
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    nkeys = max(1, len(key_exprs))
    key_names = [f"k{i}" for i in range(nkeys)]
    specs = []
    for j, agg in enumerate(aggs):
        names_j = [f"a{j}_{m}" for m in range(len(input_exprs_per_agg[j]))]
        for (col, fn, opts) in agg.partial(names_j):
            specs.append((col, fn, opts) if opts is not None else (col, fn))
    dict_keys = any(pa.types.is_dictionary(table.column(k).type) for k in key_names)
    if dict_keys:
        # keys read dictionary-encoded (FileScanExec.dictionary_columns): one dictionary
        # for all batches, group by the codes, decode the output keys
        table = table.unify_dictionaries()
    keys, bufs = _group(table, key_names, specs, constant_keys=not key_exprs)
    if dict_keys:
        keys = [k.cast(k.type.value_type) if pa.types.is_dictionary(k.type) else k
                for k in keys]
    bufs = _finish_partials(table, key_names, keys, bufs, aggs, input_exprs_per_agg)
    out_cols = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in keys + bufs]
    return pa.RecordBatch.from_arrays(out_cols, names=[f"c{i}" for i in range(len(out_cols))])


def run_final(batches, nkeys: int, aggs, global_agg: bool):
    """Merge buffer batches of one partition -> (key arrays, finished aggregate arrays)."""
    bs = [b for b in batches if b.num_rows]
    if not bs:
        return None
    table = pa.Table.from_batches(bs).combine_chunks()
    k = max(1, nkeys)
    key_cols = [table.column(i) for i in range(k)]
    pos = k
    merged_inputs, specs, per_agg = [], [], []
    gathers = {}
    for agg in aggs:
        nbuf = _buffer_count(agg)
        bufs = [table.column(pos + i).combine_chunks() for i in range(nbuf)]
        pos += nbuf
        prepared = agg.prepare_merge(bufs)
        merges = agg.merge()
        start = len(merged_inputs)
        for arr, (fn, opts) in zip(prepared, merges):
            name = f"b{len(merged_inputs)}"
            if fn == "list":
                # Arrow cannot list-aggregate list buffers: aggregate row numbers instead and
                # gather the buffers per group afterwards (list<list<...>>)
                gathers[len(merged_inputs)] = arr
                merged_inputs.append((name, None))
                specs.append(("__row", "list"))
            else:
                merged_inputs.append((name, arr))
                specs.append((name, fn, opts) if opts is not None else (name, fn))
        per_agg.append((start, len(prepared)))
    cols = [(n, a) for n, a in merged_inputs if a is not None]
    names = [f"k{i}" for i in range(k)] + [n for n, _ in cols] + ["__row"]
    t = pa.Table.from_arrays(key_cols + [a for _, a in cols] +
                             [pa.array(np.arange(table.num_rows, dtype=np.int64))], names=names)
    keys, merged = _group(t, [f"k{i}" for i in range(k)], specs, constant_keys=global_agg)
    merged = [m.combine_chunks() for m in merged]
    for i, buf in gathers.items():
        rows = merged[i]
        taken = buf.take(rows.values)
        merged[i] = pa.ListArray.from_arrays(rows.offsets, taken)
    results = []
    for agg, (start, count) in zip(aggs, per_agg):
        results.append(agg.finish([merged[start + i] for i in range(count)]))
    return [c.combine_chunks() for c in keys], results


class HashAggregateExec(SparkPlan):
    """mode='partial': output = key attrs + buffer columns (positional);
    mode='final': output = the Aggregate's named result expressions."""

    def __init__(self, sc, mode, key_exprs, key_attrs, aggs, agg_attrs, result_exprs,
                 output, child):
        super().__init__(sc, output, [child])
        self.mode = mode
        self.key_exprs = key_exprs
        self.key_attrs = key_attrs
        self.aggs = aggs
        self.agg_attrs = agg_attrs
        self.result_exprs = result_exprs

    def execute(self):
        child = self.children[0]
        if self.mode == "partial":
            keys = bind_all(self.key_exprs, child.output)
            inputs = [bind_all(list(a.children) if not _no_inputs(a) else [], child.output)
                      for a in self.aggs]
            aggs = self.aggs

            def partial(it):
                out = run_partial(it, keys, aggs, inputs)
                if out is not None:
                    yield out
            return child.execute().mapPartitions(partial)
        nkeys = len(self.key_exprs)
        aggs = self.aggs
        global_agg = nkeys == 0
        result = bind_all(self.result_exprs, self.key_attrs + self.agg_attrs)
        key_attrs, agg_attrs, out_attrs = self.key_attrs, self.agg_attrs, self.output

        def final(it):
            res = run_final(it, nkeys, aggs, global_agg)
            if res is None:
                if not global_agg:
                    return
                arrays = [pa.array([a.empty_value()],
                                   type=schema_of([attr]).field(0).type)
                          for a, attr in zip(aggs, agg_attrs)]
                n = 1
                keys = []
            else:
                keys, arrays = res
                n = len(arrays[0]) if arrays else len(keys[0])
                if global_agg:
                    keys = []
            inner = batch_from_arrays(keys + arrays, key_attrs + agg_attrs, n)
            yield batch_from_arrays([e.eval(inner) for e in result], out_attrs, n)
        return child.execute().mapPartitions(final)

    def node_string(self):
        if self.mode == "partial":
            fns = ", ".join("partial_" + a.tree_string() for a in self.aggs)
            return (f"HashAggregate(keys=[{', '.join(e.tree_string() for e in self.key_exprs)}],"
                    f" functions=[{fns}])")
        fns = ", ".join(a.tree_string() for a in self.aggs)
        return (f"HashAggregate(keys=[{', '.join(a.tree_string() for a in self.key_attrs)}], "
                f"functions=[{fns}])")


def _no_inputs(agg) -> bool:
    from ..expressions.aggregates import Count
    return isinstance(agg, Count) and not agg.children
