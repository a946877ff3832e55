"""The write commit protocol: modes, task retries, atomic overwrite, partition directories."""
import datetime
import os
import pickle
import re

import pytest

from rayspark.errors import AnalysisException, IllegalArgumentException
from rayspark.sql.arrow_types import rows_to_arrow
from rayspark.sql.datasources import commit as commit_mod
from rayspark.sql.datasources.commit import JobCommitter, partition_dir_name
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.types import StructType

from ds_helpers import read

SCHEMA = StructType.fromDDL("v int, s string")
CSV = get_format("csv")


def run_task(committer, partition, rows, attempt=0, partition_dir="", commit=True):
    path = committer.new_task_file(committer.job_id, partition, attempt, CSV.extension({}),
                                   partition_dir)
    CSV.write(rows_to_arrow(rows, SCHEMA).to_batches(), SCHEMA, path, {})
    if commit:
        return committer.commit_task(committer.job_id, partition, attempt)


def write_job(out, mode, parts, **kw):
    c = JobCommitter(out, mode, **kw)
    if not c.setup_job():
        return c
    for p, rows in parts.items():
        run_task(c, p, rows)
    c.commit_job(parts)
    return c


def listing(out):
    return sorted(n for n in os.listdir(out))


def test_error_mode_and_ignore(tmp_path):
    out = str(tmp_path / "out")
    c = write_job(out, "errorifexists", {0: [(1, "a")], 1: [(2, "b")]})
    names = listing(out)
    assert names == ["_SUCCESS", f"part-00000-{c.job_id}-c000.csv",
                     f"part-00001-{c.job_id}-c000.csv"]
    assert re.fullmatch(r"[0-9a-f-]{36}", c.job_id)
    assert not any(n.startswith(".rayspark-staging") for n in os.listdir(tmp_path))
    assert sorted(read("csv", out, schema=SCHEMA)[1]) == [(1, "a"), (2, "b")]
    for mode in ("error", "errorifexists", "default", None):
        with pytest.raises(AnalysisException) as e:
            JobCommitter(out, mode).setup_job()
        assert str(e.value) == (f'[PATH_ALREADY_EXISTS] Path file:{out} already exists. Set mode '
                                'as "overwrite" to overwrite the existing path.')
    ignored = JobCommitter(out, "ignore")
    assert ignored.setup_job() is False and ignored.commit_job([]) == []
    assert listing(out) == names
    with pytest.raises(IllegalArgumentException, match="Unknown save mode: bogus"):
        JobCommitter(out, "bogus")


def test_retried_task_replaces_its_files(tmp_path):
    out = str(tmp_path / "out")
    c = JobCommitter(out, "overwrite")
    c.setup_job()
    run_task(c, 0, [(1, "first attempt")], attempt=0)
    run_task(c, 0, [(1, "second attempt")], attempt=1)
    run_task(c, 1, [(2, "never committed")], attempt=0, commit=False)  # a lost straggler
    run_task(c, 2, [(3, "c")], attempt=0)
    c.commit_job([0, 2])
    assert sorted(read("csv", out, schema=SCHEMA)[1]) == [(1, "second attempt"), (3, "c")]
    assert len([n for n in listing(out) if n.startswith("part-")]) == 2


def test_overwrite_swaps_whole_directory(tmp_path):
    out = str(tmp_path / "out")
    write_job(out, "overwrite", {0: [(1, "old")], 1: [(2, "old")]})
    write_job(out, "overwrite", {0: [(3, "new")]})
    assert read("csv", out, schema=SCHEMA)[1] == [(3, "new")]
    assert len(listing(out)) == 2


def test_failure_before_commit_leaves_old_data_readable(tmp_path):
    out = str(tmp_path / "out")
    write_job(out, "overwrite", {0: [(1, "old")]})
    before = listing(out)
    c = JobCommitter(out, "overwrite")
    c.setup_job()
    run_task(c, 0, [(9, "new")])
    # The job dies here (driver crash): readers of `out` and of its parent see old data only.
    assert listing(out) == before
    assert read("csv", out, schema=SCHEMA)[1] == [(1, "old")]
    assert read("csv", str(tmp_path), schema=SCHEMA)[1] == [(1, "old")]  # staging is hidden
    c.abort_job()
    assert os.listdir(tmp_path) == ["out"]
    assert read("csv", out, schema=SCHEMA)[1] == [(1, "old")]


def test_failure_during_job_commit_before_swap(tmp_path, monkeypatch):
    out = str(tmp_path / "out")
    write_job(out, "overwrite", {0: [(1, "old")]})
    c = JobCommitter(out, "overwrite")
    c.setup_job()
    run_task(c, 0, [(9, "new")])
    real = os.replace

    def failing(src, dst):
        if dst.endswith(os.sep + "previous"):
            raise OSError("disk gone")
        return real(src, dst)

    monkeypatch.setattr(commit_mod.os, "replace", failing)
    with pytest.raises(OSError):
        c.commit_job([0])
    monkeypatch.setattr(commit_mod.os, "replace", real)
    assert read("csv", out, schema=SCHEMA)[1] == [(1, "old")]
    c.abort_job()
    assert os.listdir(tmp_path) == ["out"]


def test_append_adds_files(tmp_path):
    out = str(tmp_path / "out")
    write_job(out, "append", {0: [(1, "a")]})  # append to a missing path creates it
    write_job(out, "append", {0: [(2, "b")]})
    assert sorted(read("csv", out, schema=SCHEMA)[1]) == [(1, "a"), (2, "b")]
    assert "_SUCCESS" in listing(out)


def test_partition_directory_names():
    assert partition_dir_name(["k", "k2"], ["a b", "x/y"]) == "k=a b/k2=x%2Fy"
    assert partition_dir_name(["k", "k2"], [None, "p=q"]) == "k=__HIVE_DEFAULT_PARTITION__/k2=p%3Dq"
    assert partition_dir_name(["k", "k2"], ["", ":#%"]) == "k=__HIVE_DEFAULT_PARTITION__/k2=%3A%23%25"
    assert partition_dir_name(["k"], ["é"]) == "k=é"
    assert partition_dir_name(["d", "b", "f"], [datetime.date(2021, 1, 2), True, 1.5]) == \
        "d=2021-01-02/b=true/f=1.5"
    ts = datetime.datetime(2021, 1, 1, 10, 0, 0, 500000, tzinfo=datetime.timezone.utc)
    assert partition_dir_name(["t"], [ts]) == "t=2021-01-01 10%3A00%3A00.5"


def test_partitioned_write_reads_back(tmp_path):
    out = str(tmp_path / "out")
    c = JobCommitter(out, "errorifexists")
    c.setup_job()
    schema = StructType.fromDDL("v int")
    for p, (values, rows) in enumerate([(["a b", "x/y"], [(1,)]), ([None, "p=q"], [(2,)]),
                                        ([None, ":#%"], [(3,)]), (["a", "é"], [(4,)])]):
        d = partition_dir_name(["k", "k2"], values)
        path = c.new_task_file(c.job_id, p, 0, CSV.extension({}), d)
        CSV.write(rows_to_arrow(rows, schema).to_batches(), schema, path, {})
        c.commit_task(c.job_id, p, 0)
    c.commit_job(range(4))
    assert os.listdir(os.path.join(out, "k=a b", "k2=x%2Fy")) == [f"part-00000-{c.job_id}.c000.csv"]
    s, rows = read("csv", out)
    assert s.simpleString() == "struct<_c0:string,k:string,k2:string>"
    assert sorted(rows, key=lambda r: r[0]) == [("1", "a b", "x/y"), ("2", None, "p=q"),
                                                ("3", None, ":#%"), ("4", "a", "é")]


def test_dynamic_partition_overwrite_replaces_only_written_partitions(tmp_path):
    out = str(tmp_path / "out")
    schema = StructType.fromDDL("v int")

    def job(parts, **kw):
        c = JobCommitter(out, "overwrite", **kw)
        c.setup_job()
        for p, (k, v) in enumerate(parts):
            path = c.new_task_file(c.job_id, p, 0, ".csv", partition_dir_name(["k"], [k]))
            CSV.write(rows_to_arrow([(v,)], schema).to_batches(), schema, path, {})
            c.commit_task(c.job_id, p, 0)
        c.commit_job(range(len(parts)))

    job([(1, 10), (2, 20)])
    job([(2, 21), (3, 30)], dynamic_partition_overwrite=True)
    assert sorted(read("csv", out, schema=schema)[1]) == [(10, 1), (21, 2), (30, 3)]
    job([(4, 40)])  # static overwrite replaces everything
    assert read("csv", out, schema=schema)[1] == [(40, 4)]


def test_committer_pickles_for_executors(tmp_path):
    c = JobCommitter(str(tmp_path / "out"), "overwrite")
    c.setup_job()
    clone = pickle.loads(pickle.dumps(c))
    run_task(clone, 0, [(1, "a")])
    c.commit_job([0])
    assert read("csv", str(tmp_path / "out"), schema=SCHEMA)[1] == [(1, "a")]
