"""FileScanExec: reads a FileRelation's files in parallel tasks - files are packed into
partitions by size (``spark.sql.files.maxPartitionBytes``), each task reads only the needed
columns, with pushed-down filters handed to the format (Parquet row-group skipping), and
appends the constant partition-column values of each file."""
from __future__ import annotations

from typing import List

import pyarrow as pa

from ..datasources.arrow_util import no_column_batch
from .arrow_util import schema_of
from .base import SparkPlan

__all__ = ["FileScanExec", "pack_files", "pack_waves"]


class ScanUnit:
    """A file, or a byte range of a splittable file, read by one task."""
    __slots__ = ("split", "start", "length", "size")

    def __init__(self, split, start=None, length=None):
        self.split = split
        self.start = start
        self.length = length
        self.size = split.size if length is None else length


def max_split_bytes(total: int, max_partition_bytes: int, parallelism: int,
                    open_cost: int = 4 << 20) -> int:
    """Spark's FilePartition.maxSplitBytes: at most ``spark.sql.files.maxPartitionBytes``,
    at least the open cost, and about one share of the data per task slot."""
    per_core = total // max(1, parallelism)
    return min(max_partition_bytes, max(open_cost, per_core))


def split_bytes_for(files, options, parallelism: int) -> int:
    """The split size of a scan over ``files`` under the read options (which carry
    spark.sql.files.maxPartitionBytes / openCostInBytes from the session)."""
    return max_split_bytes(sum(f.size for f in files),
                           int(options.get("maxPartitionBytes", 128 << 20)), parallelism,
                           int(options.get("openCostInBytes", 4 << 20)))


def scan_units(files, fmt, options, split_bytes: int) -> List[ScanUnit]:
    units = []
    for f in files:
        if f.size > split_bytes and fmt.splittable(f.path, options):
            for start in range(0, f.size, split_bytes):
                units.append(ScanUnit(f, start, min(split_bytes, f.size - start)))
        else:
            units.append(ScanUnit(f))
    return units


def wave_units(files, fmt, options, slots: int):
    """Scan units of ``files`` and their split size, Spark's split size but cut into a whole
    number of waves over the ``slots`` task slots when every file can be split by bytes
    (3 units on 2 slots would leave one slot idle for the last third of the job; 4 smaller
    ones do not)."""
    split = split_bytes_for(files, options, slots)
    units = scan_units(files, fmt, options, split)
    if (len(units) > slots and len(units) % slots
            and all(fmt.splittable(f.path, options) for f in files)):
        waves = -(-len(units) // slots)
        split = -(-sum(f.size for f in files) // (waves * slots))
        units = scan_units(files, fmt, options, split)
    return units, split


def pack_files(units, max_bytes: int, min_partitions: int = 1) -> List[list]:
    """Bin-pack scan units (largest first, next-fit) into partitions of about ``max_bytes``,
    as Spark's FilePartition.getFilePartitions does. (A least-filled packing into fewer, equal
    partitions measured slower: smaller tasks keep both slots busier.)"""
    if not units:
        return []
    parts: List[list] = []
    cur, size = [], 0
    for u in sorted(units, key=lambda u: -u.size):
        if cur and size + u.size > max_bytes:
            parts.append(cur)
            cur, size = [], 0
        cur.append(u)
        size += u.size
    if cur:
        parts.append(cur)
    return parts


def pack_waves(units, max_bytes: int, slots: int) -> List[list]:
    """``pack_files``, then, if that leaves a last wave with idle task slots (8 equal files
    into 3 partitions on 2 slots run as 3 + 3 files, then 2 files with one slot idle), the
    same units dealt largest first into the least filled of a whole number of waves of
    partitions (2 x 4 files)."""
    groups = pack_files(units, max_bytes)
    if slots <= 1 or len(groups) % slots == 0 or len(units) <= len(groups):
        return groups
    n = min(len(units), -(-len(groups) // slots) * slots)
    bins: List[list] = [[] for _ in range(n)]
    loads = [0] * n
    for u in sorted(units, key=lambda u: -u.size):
        i = loads.index(min(loads))
        bins[i].append(u)
        loads[i] += u.size
    return [b for b in bins if b]


def _encodes(got: pa.DataType, want: pa.DataType) -> bool:
    """Whether ``got`` is a dictionary encoding of ``want`` values."""
    return pa.types.is_dictionary(got) and got.value_type == want


class FileScanExec(SparkPlan):
    def __init__(self, sc, relation):
        super().__init__(sc, relation.output)
        self.relation = relation
        #: string columns to read dictionary-encoded: set by the planner only when every
        #: operator between this scan and the one using them accepts dictionary arrays
        self.dictionary_columns: frozenset = frozenset()

    def execute(self):
        from ..datasources.file_format import get_format
        rel = self.relation
        fmt_name = rel.fmt
        options = dict(rel.options)
        data_schema = rel.data_schema
        part_names = rel.partition_schema.names
        out_attrs = self.output
        wanted = [a.name for a in out_attrs]
        data_cols = [n for n in wanted if n not in part_names]
        part_cols = [n for n in wanted if n in part_names]
        index = rel.file_index
        filters = getattr(rel, "arrow_filter", None)
        fmt_obj = get_format(fmt_name)
        units, max_bytes = wave_units(index.files, fmt_obj, options, self.sc.defaultParallelism)
        groups = pack_waves(units, max_bytes, self.sc.defaultParallelism)
        out_schema = schema_of(out_attrs)
        order = [wanted.index(n) for n in data_cols + part_cols]

        # readers may not report row counts for zero columns: read one column and drop it
        read_cols = data_cols if data_cols or not data_schema.fields else \
            [data_schema.fields[0].name]
        drop_first = not data_cols and bool(read_cols)

        dict_cols = [n for n in data_cols if n in self.dictionary_columns]
        count_only = not data_cols and hasattr(fmt_obj, "count_rows")

        def batch_of(arrays):
            """``out_schema``'s batch of ``arrays`` (dictionary-read columns stay encoded)."""
            arrays = [c if c.type == f.type or _encodes(c.type, f.type) else c.cast(f.type)
                      for c, f in zip(arrays, out_schema)]
            return pa.RecordBatch.from_arrays(arrays, names=out_schema.names) if dict_cols \
                else pa.RecordBatch.from_arrays(arrays, schema=out_schema)

        def count(group_units):
            fmt = get_format(fmt_name)
            for unit in group_units:
                for n in fmt.count_rows(unit.split.path, filters):
                    if n and part_cols:
                        yield batch_of(index.partition_arrays(unit.split, n, part_cols))
                    elif n:
                        yield no_column_batch(n)

        def read(group_units):
            fmt = get_format(fmt_name)
            for unit in group_units:
                split = unit.split
                kw = {} if unit.start is None else {"start": unit.start, "length": unit.length}
                if dict_cols:
                    kw["dictionary_columns"] = dict_cols
                for b in fmt.read(split.path, data_schema, options, required_columns=read_cols,
                                  filters=filters, **kw):
                    if b.num_rows == 0:
                        continue
                    cols = list(b.columns)[1:] if drop_first else list(b.columns)
                    if part_cols:
                        cols += index.partition_arrays(split, b.num_rows, part_cols)
                    arranged = [None] * len(wanted)
                    for pos, col in zip(order, cols):
                        arranged[pos] = col
                    if not wanted:
                        yield no_column_batch(b.num_rows)
                        continue
                    yield batch_of(arranged)
        if not groups:
            return self.sc.parallelize([], 1)
        return self.sc.parallelize(groups, len(groups)).flatMap(count if count_only else read)

    def node_string(self):
        rel = self.relation
        cols = ", ".join(a.tree_string() for a in self.output)
        s = f"FileScan {rel.fmt} [{cols}]"
        if rel.data_filters:
            s += " PushedFilters: [" + ", ".join(e.tree_string() for e in rel.data_filters) + "]"
        if rel.partition_filters:
            s += " PartitionFilters: [" + ", ".join(e.tree_string()
                                                     for e in rel.partition_filters) + "]"
        return s
