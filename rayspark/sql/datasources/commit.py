"""The commit protocol of a job writing a directory of files (``df.write.save(path)``).

Readers never see a half-written output:

* Tasks write into a private attempt directory inside a hidden staging directory next to
  the output (``<parent>/.rayspark-staging-<job uuid>/``), so staging and output share a
  file system and renames are atomic.
* ``commit_task`` renames the attempt directory to the task's committed directory,
  replacing an earlier committed attempt of the same partition: a retried or speculative
  task's files replace, never duplicate.
* ``commit_job`` assembles the output from the committed task directories of the
  partitions the driver names (stray attempts are ignored) and puts it in place:

  - errorifexists / ignore: the whole new directory is built in staging, ``_SUCCESS``
    included, then renamed to the output path in one step.
  - overwrite: the new directory is built fully in staging, then the old output is renamed
    aside, the new one renamed in, and the old one deleted. A failure before the swap
    leaves the previous data as it was. With ``dynamic_partition_overwrite`` only the
    partition directories that the job wrote are swapped this way.
  - append: each file is renamed into the output (file names carry the job's uuid, so they
    never collide); ``_SUCCESS`` is rewritten last.

* ``abort_job`` deletes the staging directory; the output is untouched.

File names follow Spark's: ``part-00000-<job uuid>-c000.snappy.parquet`` (and
``part-00000-<job uuid>.c000.csv`` inside partition directories).

Plain Python with no Ray imports: a ``JobCommitter`` is pickled to the executors, which call
``task_attempt_path``/``new_task_file``/``commit_task``; the driver calls the job methods.
"""
from __future__ import annotations

import datetime
import decimal
import math
import os
import shutil
import uuid
from typing import Any, Iterable, List, Optional, Sequence

from rayspark.errors import AnalysisException, IllegalArgumentException
from rayspark.files import local_path
from rayspark.sql.datasources.file_index import (DEFAULT_PARTITION_NAME, escape_path_name,
                                                 qualified_path)

__all__ = ["JobCommitter", "partition_dir_name", "partition_value_string", "SAVE_MODES",
           "normalize_save_mode"]

SAVE_MODES = ("errorifexists", "overwrite", "append", "ignore")
SUCCESS_FILE = "_SUCCESS"


def normalize_save_mode(mode: Optional[str]) -> str:
    """Spark's save mode names (case-insensitive; ``error``/``default`` = errorifexists)."""
    m = (mode or "errorifexists").lower()
    if m in ("error", "default"):
        m = "errorifexists"
    if m not in SAVE_MODES:
        raise IllegalArgumentException(
            f"Unknown save mode: {mode}. Accepted save modes are 'overwrite', 'append', "
            "'ignore', 'error', 'errorifexists', 'default'.", "INVALID_SAVE_MODE",
            {"mode": str(mode)})
    return m


def partition_value_string(value: Any, time_zone: Optional[str] = None) -> Optional[str]:
    """A partition value as Spark casts it to a string for a directory name (None for
    null)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        from rayspark.sql.datasources.formatting import java_double_str
        return java_double_str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            from rayspark.sql.datasources.file_index import _zone_info
            value = value.astimezone(_zone_info(time_zone)).replace(tzinfo=None)
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            text += (".%06d" % value.microsecond).rstrip("0")
        return text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def partition_dir_name(names: Sequence[str], values: Sequence[Any],
                       time_zone: Optional[str] = None) -> str:
    """``k1=v1/k2=v2`` with Spark's escaping; null or empty values are
    ``__HIVE_DEFAULT_PARTITION__``."""
    parts = []
    for name, value in zip(names, values):
        text = partition_value_string(value, time_zone)
        text = DEFAULT_PARTITION_NAME if text is None or text == "" else escape_path_name(text)
        parts.append(f"{escape_path_name(name)}={text}")
    return "/".join(parts)


class JobCommitter:
    """Commits the files of one write job to ``output_path`` under ``mode``.

    Picklable (plain attributes only); executors use the task methods.
    """

    def __init__(self, output_path: str, mode: Optional[str] = "errorifexists",
                 job_id: Optional[str] = None, *, dynamic_partition_overwrite: bool = False):
        self.output_path = os.path.abspath(local_path(output_path))
        self.mode = normalize_save_mode(mode)
        self.job_id = job_id or str(uuid.uuid4())
        self.dynamic_partition_overwrite = dynamic_partition_overwrite
        parent = os.path.dirname(self.output_path.rstrip(os.sep)) or os.sep
        self.staging_dir = os.path.join(
            parent, f".rayspark-staging-{os.path.basename(self.output_path)}-{self.job_id}")
        self.skipped = False

    # ----------------------------------------------------------------------------- driver
    def setup_job(self) -> bool:
        """Check the save mode against the output path and create the staging directory.

        Returns False when nothing should be written (``ignore`` and the path exists).
        Raises ``[PATH_ALREADY_EXISTS]`` for ``errorifexists`` when the path exists.
        """
        exists = os.path.exists(self.output_path)
        if exists and self.mode == "errorifexists":
            q = qualified_path(self.output_path)
            raise AnalysisException(
                f'Path {q} already exists. Set mode as "overwrite" to overwrite the existing '
                'path.', "PATH_ALREADY_EXISTS", {"outputPath": q})
        if exists and self.mode == "ignore":
            self.skipped = True
            return False
        if exists and not os.path.isdir(self.output_path) and self.mode == "append":
            raise AnalysisException(
                f"Cannot append to {qualified_path(self.output_path)}: it is a file.",
                "PATH_ALREADY_EXISTS", {"outputPath": qualified_path(self.output_path)})
        os.makedirs(os.path.join(self.staging_dir, "attempts"), exist_ok=True)
        os.makedirs(os.path.join(self.staging_dir, "tasks"), exist_ok=True)
        return True

    def commit_job(self, committed_partitions: Iterable[int]) -> List[str]:
        """Put the committed tasks' files in place; returns the output files' paths
        relative to the output directory."""
        if self.skipped:
            return []
        tasks_dir = os.path.join(self.staging_dir, "tasks")
        new_dir = os.path.join(self.staging_dir, "output")
        os.makedirs(new_dir, exist_ok=True)
        written: List[str] = []
        for p in sorted(set(int(x) for x in committed_partitions)):
            task_dir = os.path.join(tasks_dir, self._task_name(p))
            if not os.path.isdir(task_dir):
                raise FileNotFoundError(
                    f"task {p} of job {self.job_id} has no committed output at {task_dir}")
            for root, _dirs, files in os.walk(task_dir):
                rel_root = os.path.relpath(root, task_dir)
                for name in files:
                    rel = os.path.normpath(os.path.join(rel_root, name))
                    dest = os.path.join(new_dir, rel)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    os.replace(os.path.join(root, name), dest)
                    written.append(rel)

        if self.mode == "append" and os.path.isdir(self.output_path):
            for rel in written:
                dest = os.path.join(self.output_path, rel)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                os.replace(os.path.join(new_dir, rel), dest)
            self._write_success(self.output_path)
        elif (self.mode == "overwrite" and self.dynamic_partition_overwrite
              and os.path.isdir(self.output_path)):
            self._swap_partitions(new_dir, written)
            self._write_success(self.output_path)
        else:
            self._write_success(new_dir)
            parent = os.path.dirname(self.output_path)
            os.makedirs(parent, exist_ok=True)
            if os.path.lexists(self.output_path):
                if self.mode != "overwrite" and self.mode != "append":
                    q = qualified_path(self.output_path)
                    raise AnalysisException(
                        f'Path {q} already exists. Set mode as "overwrite" to overwrite the '
                        'existing path.', "PATH_ALREADY_EXISTS", {"outputPath": q})
                aside = os.path.join(self.staging_dir, "previous")
                os.replace(self.output_path, aside)
                os.replace(new_dir, self.output_path)
            else:
                os.replace(new_dir, self.output_path)
        shutil.rmtree(self.staging_dir, ignore_errors=True)
        return sorted(written)

    def _swap_partitions(self, new_dir: str, written: List[str]) -> None:
        """Dynamic partition overwrite: replace only the leaf partition directories that
        this job wrote, each by build-then-rename."""
        leaves = sorted({os.path.dirname(rel) for rel in written if os.path.dirname(rel)})
        aside_root = os.path.join(self.staging_dir, "previous")
        for i, leaf in enumerate(leaves):
            dest = os.path.join(self.output_path, leaf)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if os.path.lexists(dest):
                os.makedirs(aside_root, exist_ok=True)
                os.replace(dest, os.path.join(aside_root, str(i)))
            os.replace(os.path.join(new_dir, leaf), dest)
        for rel in written:  # files of an unpartitioned write land at the top level
            if not os.path.dirname(rel):
                os.replace(os.path.join(new_dir, rel), os.path.join(self.output_path, rel))

    def abort_job(self) -> None:
        """Remove everything the job staged; the output path is untouched."""
        shutil.rmtree(self.staging_dir, ignore_errors=True)

    @staticmethod
    def _write_success(directory: str) -> None:
        with open(os.path.join(directory, SUCCESS_FILE), "wb"):
            pass

    # ------------------------------------------------------------------------------ tasks
    @staticmethod
    def _task_name(partition: int) -> str:
        return "task-%05d" % partition

    def task_attempt_path(self, job_id: Optional[str], partition: int, attempt: int) -> str:
        """The private directory a task attempt writes its files into (created)."""
        self._check_job(job_id)
        path = os.path.join(self.staging_dir, "attempts", "%05d-%d" % (partition, attempt))
        os.makedirs(path, exist_ok=True)
        return path

    def task_file_name(self, partition: int, extension: str, file_count: int = 0,
                       partitioned: bool = False) -> str:
        """Spark's data file name: ``part-00000-<uuid>-c000<ext>`` (``.c000`` inside
        partition directories, as Spark's dynamic partition writer names them)."""
        sep = "." if partitioned else "-"
        return "part-%05d-%s%sc%03d%s" % (partition, self.job_id, sep, file_count, extension)

    def new_task_file(self, job_id: Optional[str], partition: int, attempt: int,
                      extension: str, partition_dir: str = "", file_count: int = 0) -> str:
        """The full path a task attempt writes one file to (its directory created);
        ``partition_dir`` is a ``k=v/...`` name from :func:`partition_dir_name`."""
        base = self.task_attempt_path(job_id, partition, attempt)
        directory = os.path.join(base, partition_dir) if partition_dir else base
        os.makedirs(directory, exist_ok=True)
        return os.path.join(directory, self.task_file_name(partition, extension, file_count,
                                                           bool(partition_dir)))

    def commit_task(self, job_id: Optional[str], partition: int, attempt: int) -> List[str]:
        """Make an attempt's files the partition's output (replacing any earlier committed
        attempt of the partition). Returns the committed files, relative to the task."""
        self._check_job(job_id)
        src = self.task_attempt_path(job_id, partition, attempt)
        dest = os.path.join(self.staging_dir, "tasks", self._task_name(partition))
        if os.path.lexists(dest):
            trash = dest + ".replaced-%d-%s" % (attempt, uuid.uuid4().hex[:8])
            os.replace(dest, trash)
            shutil.rmtree(trash, ignore_errors=True)
        os.replace(src, dest)
        files = []
        for root, _d, names in os.walk(dest):
            files.extend(os.path.relpath(os.path.join(root, n), dest) for n in names)
        return sorted(files)

    def abort_task(self, job_id: Optional[str], partition: int, attempt: int) -> None:
        self._check_job(job_id)
        shutil.rmtree(os.path.join(self.staging_dir, "attempts", "%05d-%d" % (partition,
                                                                              attempt)),
                      ignore_errors=True)

    def _check_job(self, job_id: Optional[str]) -> None:
        if job_id is not None and job_id != self.job_id:
            raise ValueError(f"task belongs to job {job_id}, not {self.job_id}")
