"""``df.write`` for files: each task writes its partition's batches (split into ``k=v``
directories for ``partitionBy``) into a private attempt directory and commits it; the driver
commits the job only after every task succeeded, so readers never see partial output and a
failed overwrite leaves the previous data in place (see datasources.commit)."""
from __future__ import annotations

from typing import Dict, List

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import AnalysisException

__all__ = ["write_files"]


def _split_by_partition_values(table: pa.Table, part_idx: List[int]):
    if not part_idx:
        yield (), table
        return
    keys = [f"__p{i}" for i in range(len(part_idx))]
    t = table.rename_columns([f"__c{i}" for i in range(table.num_columns)])
    for k, i in zip(keys, part_idx):
        t = t.append_column(k, t.column(f"__c{i}"))
    groups = t.group_by(keys, use_threads=False).aggregate([])
    for g in range(groups.num_rows):
        mask = None
        values = []
        for k in keys:
            v = groups.column(k)[g]
            values.append(v.as_py())
            col = t.column(k)
            m = pc.is_null(col) if not v.is_valid else pc.fill_null(pc.equal(col, v), False)
            mask = m if mask is None else pc.and_(mask, m)
        sub = table.filter(mask)
        yield tuple(values), sub


def write_files(df, fmt: str, path: str, mode: str, options: Dict[str, str],
                partition_by: List[str]):
    from .datasources.commit import JobCommitter, partition_dir_name
    from .datasources.file_format import get_format
    from .execution.arrow_util import schema_of, to_table
    from .types import StructType
    file_format = get_format(fmt)
    schema = df.schema
    names = [f.name for f in schema.fields]
    lower = [n.lower() for n in names]
    part_idx = []
    for p in partition_by:
        if p.lower() not in lower:
            raise AnalysisException(
                f"[COLUMN_NOT_DEFINED_IN_TABLE] Partition column `{p}` not found in schema "
                f"{schema.simpleString()}.", "COLUMN_NOT_DEFINED_IN_TABLE")
        part_idx.append(lower.index(p.lower()))
    if part_idx and len(part_idx) == len(names):
        raise AnalysisException(
            "[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.",
            "ALL_PARTITION_COLUMNS_NOT_ALLOWED")
    data_idx = [i for i in range(len(names)) if i not in part_idx]
    data_schema = StructType([schema.fields[i] for i in data_idx])
    for f in data_schema.fields:
        if not file_format.supports_type(f.dataType):
            raise AnalysisException(
                f"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The {file_format.display_name or fmt} "
                f"datasource doesn't support the column `{f.name}` of the type "
                f"\"{f.dataType.simpleString().upper()}\". SQLSTATE: 0A000",
                "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE")
    tz = df._session._timezone()
    if "timezone" not in {k.lower() for k in options}:
        options = dict(options, timeZone=tz)
    committer = JobCommitter(path, mode,
                             dynamic_partition_overwrite=str(options.get(
                                 "partitionOverwriteMode", df._session.conf.get(
                                     "spark.sql.sources.partitionOverwriteMode", "static"))
                             ).lower() == "dynamic")
    if not committer.setup_job():
        return
    in_schema = schema_of(df._attrs())
    ext = file_format.extension(options)
    part_names = [names[i] for i in part_idx]
    fmt_name = fmt
    job_id = committer.job_id

    def write_partition(idx, it):
        from ..taskcontext import TaskContext
        ctx = TaskContext.get()
        attempt = ctx.attemptNumber() if ctx is not None else 0
        fmt_obj = get_format(fmt_name)
        table = to_table(list(it), in_schema)
        count = 0
        if table.num_rows or not part_idx:
            for values, sub in _split_by_partition_values(table, part_idx):
                data = sub.select(data_idx) if part_idx else sub
                pdir = partition_dir_name(part_names, list(values), time_zone=tz) \
                    if part_idx else ""
                target = committer.new_task_file(job_id, idx, attempt, ext, pdir, count)
                if data.num_rows == 0 and idx != 0 and not part_idx:
                    continue
                fmt_obj.write(data.combine_chunks().to_batches() or [], data_schema, target,
                              options)
                count += 1
        if count == 0:
            committer.task_attempt_path(job_id, idx, attempt)
        committer.commit_task(job_id, idx, attempt)
        yield idx
    try:
        rdd = df._execute_rdd()
        done = rdd.mapPartitionsWithIndex(write_partition).collect()
        committer.commit_job(done)
    except BaseException:
        committer.abort_job()
        raise
