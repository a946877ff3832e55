"""Arrow helpers of the physical operators: hashing for exchanges and batch pickling."""
import pickle

import numpy as np
import pyarrow as pa

from rayspark.sql.execution.arrow_util import partition_ids, split_by_partition


def test_pickled_slices_carry_only_their_rows():
    n = 100_000
    batch = pa.record_batch({"k": pa.array(np.arange(n)), "x": np.random.rand(n)})
    piece = batch.slice(10, 100)
    data = pickle.dumps(piece, protocol=5)
    assert len(data) < 10_000            # not the parent's 1.6 MB
    assert pickle.loads(data).equals(piece)
    table = pa.Table.from_batches([batch]).slice(5, 3)
    assert pickle.loads(pickle.dumps(table)).equals(table)


def test_partition_ids_agree_across_integer_widths_and_nulls():
    a = pa.array([1, 2, None, 4], type=pa.int32())
    b = pa.array([1, 2, None, 4], type=pa.int64())
    assert (partition_ids([a], 4, 7) == partition_ids([b], 4, 7)).all()
    s = pa.array(["x", None, "y", "x"])
    ids = partition_ids([s], 4, 5)
    assert ids[0] == ids[3] and ids.min() >= 0 and ids.max() < 5
    d = pa.array([0, 1, 1], type=pa.date32())
    assert partition_ids([d], 3, 4)[1] == partition_ids([d], 3, 4)[2]


def test_split_by_partition_keeps_every_row_once():
    batch = pa.record_batch({"k": pa.array(np.arange(1000))})
    pids = partition_ids([batch.column(0)], 1000, 8)
    pieces = list(split_by_partition(batch, pids, 8))
    assert sum(p.num_rows for _, p in pieces) == 1000
    got = sorted(v for _, p in pieces for v in p.column(0).to_pylist())
    assert got == list(range(1000))
