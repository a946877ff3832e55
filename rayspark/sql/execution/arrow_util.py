"""Arrow helpers for physical operators: schemas of attribute lists, empty batches, turning
partitions (iterators of record batches) into tables, splitting a batch by partition id and
hashing key columns deterministically across processes."""
from __future__ import annotations

import copyreg
from typing import Iterable, Iterator, List, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from ..expressions.types_util import arrow_type

# -- pickling ---------------------------------------------------------------------------------
# pyarrow pickles a sliced RecordBatch with its parent's whole buffers: a shuffle piece that is
# 1/200 of a batch would carry the full batch. Batches (and tables) cross processes as Arrow IPC
# streams instead, which hold exactly the sliced rows. Registered wherever SQL execution code is
# imported (driver and executors).

def _batch_from_ipc(data) -> pa.RecordBatch:
    return pa.ipc.open_stream(data).read_next_batch()


def _table_from_ipc(data) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def _ipc_bytes(schema: pa.Schema, batches) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        for b in batches:
            writer.write_batch(b)
    return sink.getvalue().to_pybytes()


def _reduce_batch(batch: pa.RecordBatch):
    return _batch_from_ipc, (_ipc_bytes(batch.schema, [batch]),)


def _reduce_table(table: pa.Table):
    return _table_from_ipc, (_ipc_bytes(table.schema, table.to_batches()),)


copyreg.pickle(pa.RecordBatch, _reduce_batch)
copyreg.pickle(pa.Table, _reduce_table)

__all__ = ["schema_of", "empty_batch", "to_table", "table_to_batches", "partition_ids",
           "split_by_partition", "hash_columns", "batch_from_arrays", "evaluate"]


def schema_of(attrs) -> pa.Schema:
    return pa.schema([pa.field(a.name, arrow_type(a.data_type)) for a in attrs])


def empty_batch(attrs) -> pa.RecordBatch:
    schema = schema_of(attrs)
    return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in schema], schema=schema)


def to_table(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    batches = [b for b in batches if b.num_rows] if not isinstance(batches, list) else \
        [b for b in batches if b.num_rows]
    if not batches:
        return schema.empty_table()
    fixed = []
    for b in batches:
        if b.schema != schema:       # e.g. non-nullable fields from createDataFrame
            b = pa.RecordBatch.from_arrays(
                [c if c.type == f.type else c.cast(f.type) for c, f in zip(b.columns, schema)],
                schema=schema)
        fixed.append(b)
    return pa.Table.from_batches(fixed, schema=schema)


def table_to_batches(table: pa.Table) -> List[pa.RecordBatch]:
    if table.num_rows == 0:
        return []
    return table.combine_chunks().to_batches()


def group_codes(arrays: Sequence, num_rows: int) -> np.ndarray:
    """A group number per row for the values of ``arrays`` taken together (equal values and
    NULLs each one group; every row in group 0 when there are no arrays). Each array's
    dictionary codes (a dictionary-encoded array's own indices) are combined as a mixed-radix
    number, re-numbered whenever it would overflow: far cheaper than np.unique over rows of a
    2-d array. Raises Arrow's errors for types it cannot dictionary-encode."""
    gid = np.zeros(num_rows, dtype=np.int64)
    for i, arr in enumerate(arrays):
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if pa.types.is_dictionary(arr.type):
            # the indices are the codes; NULL one past them
            codes = np.asarray(arr.indices.fill_null(len(arr.dictionary)).to_numpy(
                zero_copy_only=False), dtype=np.int64)
            width = len(arr.dictionary) + 1
        else:
            enc = pc.dictionary_encode(arr, null_encoding="encode")
            codes = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
            width = len(enc.dictionary)
        if i == 0:
            gid = codes
            continue
        if len(gid) and int(gid.max()) >= (1 << 62) // max(1, width):
            gid = _renumber(gid)
        gid = gid * width + codes
    return _renumber(gid) if len(arrays) > 1 else gid


def _renumber(values: np.ndarray) -> np.ndarray:
    """Dense numbers 0..k-1 of int64 values, in order of first appearance."""
    enc = pc.dictionary_encode(pa.array(values))
    return np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def batch_from_arrays(arrays: Sequence, attrs, num_rows: int) -> pa.RecordBatch:
    schema = schema_of(attrs)
    cols = []
    for arr, field in zip(arrays, schema):
        a = materialize(arr, num_rows)
        if a.type != field.type:
            # a NULL-typed column holds only NULLs (map<void, ...> keys stand in as int8)
            a = pa.nulls(num_rows, field.type) if a.type == pa.null() or \
                pa.types.is_null(field.type) else a.cast(field.type)
        cols.append(a)
    return pa.RecordBatch.from_arrays(cols, schema=schema)


def evaluate(exprs, batch: pa.RecordBatch, attrs) -> pa.RecordBatch:
    """Evaluate bound expressions over a batch into a batch of ``attrs``."""
    return batch_from_arrays([e.eval(batch) for e in exprs], attrs, batch.num_rows)


_NULL_HASH = np.uint64(0x9E3779B97F4A7C15)


def _hash_one(arr: pa.Array) -> np.ndarray:
    n = len(arr)
    t = arr.type
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_null(t):
        return np.full(n, _NULL_HASH, dtype=np.uint64)
    if pa.types.is_struct(t):
        h = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(t.num_fields):
                h = h * np.uint64(1000003) ^ _hash_one(pc.struct_field(arr, [i]))
        if arr.null_count:
            mask = arr.is_null().to_numpy(zero_copy_only=False)
            h = np.where(mask, _NULL_HASH, h)
        return h
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t):
        objs = np.array([repr(v) for v in arr.to_pylist()], dtype=object)
        return pd.util.hash_array(objs, categorize=False).astype(np.uint64)
    if pa.types.is_integer(t) or pa.types.is_boolean(t) or pa.types.is_temporal(t):
        if pa.types.is_boolean(t):
            ints = arr.cast(pa.int8()).cast(pa.int64())
        elif pa.types.is_date32(t) or pa.types.is_time32(t):
            ints = arr.view(pa.int32()).cast(pa.int64())
        elif pa.types.is_temporal(t):
            ints = arr.view(pa.int64())
        else:
            ints = arr.cast(pa.int64())
        vals = pc.fill_null(ints, 0)
        h = pd.util.hash_array(np.asarray(vals), categorize=False)
    elif pa.types.is_floating(t):
        f = pc.fill_null(arr.cast(pa.float64()), 0.0).to_numpy(zero_copy_only=False).copy()
        f[f == 0.0] = 0.0                # -0.0 and 0.0 are equal keys
        f[np.isnan(f)] = np.nan
        h = pd.util.hash_array(f.view(np.int64), categorize=False)
    else:
        enc = pc.dictionary_encode(arr if not pa.types.is_decimal(t) else arr.cast(pa.string()))
        dictionary = enc.dictionary
        if pa.types.is_string(dictionary.type) or pa.types.is_large_string(dictionary.type) \
                or pa.types.is_binary(dictionary.type):
            objs = np.array(dictionary.to_pylist(), dtype=object)
        else:
            objs = np.array([repr(v) for v in dictionary.to_pylist()], dtype=object)
        dh = pd.util.hash_array(objs, categorize=False) if len(objs) else \
            np.zeros(0, dtype=np.uint64)
        idx = pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False)
        h = dh[idx] if len(dh) else np.zeros(n, dtype=np.uint64)
    if arr.null_count:
        mask = arr.is_null().to_numpy(zero_copy_only=False)
        h = np.where(mask, _NULL_HASH, h)
    return h.astype(np.uint64, copy=False)


def hash_columns(arrays: Sequence[pa.Array], n: int) -> np.ndarray:
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for arr in arrays:
            h = h * np.uint64(1000003) ^ _hash_one(arr)
    return h


def partition_ids(arrays: Sequence[pa.Array], num_rows: int, num_partitions: int) -> np.ndarray:
    if num_partitions == 1:
        return np.zeros(num_rows, dtype=np.int64)
    return (hash_columns(arrays, num_rows) % np.uint64(num_partitions)).astype(np.int64)


def split_by_partition(batch: pa.RecordBatch, pids: np.ndarray, num_partitions: int):
    """Yield (pid, sub-batch) for each non-empty partition of the batch."""
    if batch.num_rows == 0:
        return
    order = np.argsort(pids, kind="stable")
    counts = np.bincount(pids, minlength=num_partitions)
    sorted_batch = batch.take(pa.array(order))
    start = 0
    for pid in range(num_partitions):
        c = int(counts[pid])
        if c:
            yield pid, sorted_batch.slice(start, c)
            start += c
