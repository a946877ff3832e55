"""Writing RDDs to files with an all-or-nothing commit.

Every task writes its part file into a hidden staging directory beside the destination under an
attempt-specific name and renames it into place, so a retried task (or one re-run after its
executor died) leaves exactly one part file. Only when the whole job succeeded does the driver
write ``_SUCCESS`` and rename the staging directory to the destination, so a failed or killed job
never leaves partial output visible.
"""
from __future__ import annotations

import bz2
import gzip
import os
import shutil
import uuid
import zlib
from typing import Callable, Iterable, Optional

from ..errors import FileAlreadyExistsException
from ..files import local_path
from ..serializers import write_framed
from ..taskcontext import TaskContext

_CODECS = {
    "org.apache.hadoop.io.compress.gzipcodec": ("gzip", ".gz"),
    "gzipcodec": ("gzip", ".gz"), "gzip": ("gzip", ".gz"),
    "org.apache.hadoop.io.compress.bzip2codec": ("bzip2", ".bz2"),
    "bzip2codec": ("bzip2", ".bz2"), "bzip2": ("bzip2", ".bz2"),
    "org.apache.hadoop.io.compress.defaultcodec": ("deflate", ".deflate"),
    "defaultcodec": ("deflate", ".deflate"), "deflate": ("deflate", ".deflate"),
}


def _resolve_codec(name: Optional[str]):
    if name is None:
        return None, ""
    key = name.lower()
    if key not in _CODECS:
        raise ValueError(f"Compression codec {name} not found; supported: GzipCodec, "
                         "BZip2Codec, DefaultCodec (org.apache.hadoop.io.compress.*)")
    return _CODECS[key]


def _open_writer(path: str, codec: Optional[str]):
    if codec == "gzip":
        return gzip.open(path, "wb")
    if codec == "bzip2":
        return bz2.open(path, "wb")
    if codec == "deflate":
        return _DeflateFile(path)
    return open(path, "wb")


class _DeflateFile:
    def __init__(self, path: str):
        self._f = open(path, "wb")
        self._z = zlib.compressobj()

    def write(self, data: bytes) -> None:
        self._f.write(self._z.compress(data))

    def close(self) -> None:
        self._f.write(self._z.flush())
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _write_job(rdd, path: str, write_part: Callable[[str, Iterable], None], ext: str,
               success_marker: bool = True) -> None:
    dest = os.path.abspath(os.path.expanduser(local_path(path)))
    if os.path.exists(dest):
        raise FileAlreadyExistsException(f"Output directory file:{dest} already exists",
                                         "PATH_ALREADY_EXISTS")
    parent = os.path.dirname(dest)
    os.makedirs(parent, exist_ok=True)
    staging = os.path.join(parent, f".{os.path.basename(dest)}._staging-{uuid.uuid4().hex[:12]}")
    os.makedirs(staging)

    def task(it):
        ctx = TaskContext.get()
        part = f"part-{ctx.partitionId():05d}{ext}"
        tmp = os.path.join(staging, f".{part}.attempt-{ctx.taskAttemptId()}")
        write_part(tmp, it)
        os.replace(tmp, os.path.join(staging, part))
        return 0

    try:
        rdd.ctx._run_job(rdd, task)
        for name in os.listdir(staging):
            if name.startswith("."):
                os.remove(os.path.join(staging, name))
        if success_marker:
            open(os.path.join(staging, "_SUCCESS"), "wb").close()
        os.rename(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def save_as_text_file(rdd, path: str, codec_class: Optional[str]) -> None:
    codec, ext = _resolve_codec(codec_class)

    def write_part(tmp: str, it: Iterable) -> None:
        with _open_writer(tmp, codec) as f:
            buf = []
            for x in it:
                if isinstance(x, bytes):
                    buf.append(x)
                else:
                    buf.append(str(x).encode("utf-8"))
                if len(buf) >= 4096:
                    f.write(b"\n".join(buf) + b"\n")
                    buf = []
            if buf:
                f.write(b"\n".join(buf) + b"\n")
    _write_job(rdd, path, write_part, ext)


def save_as_pickle_file(rdd, path: str, batch_size: int) -> None:
    def write_part(tmp: str, it: Iterable) -> None:
        with open(tmp, "wb") as f:
            write_framed(f, it, max(batch_size, 1))
    _write_job(rdd, path, write_part, "")


def write_checkpoint(rdd, path: str) -> None:
    """Write every partition of ``rdd`` as framed pickles under ``path`` (all or nothing);
    with ``spark.checkpoint.compress`` the part files are gzip streams named ``part-NNNNN.gz``."""
    from ..conf import CHECKPOINT_COMPRESS
    compress = bool(rdd.ctx._conf.typed(CHECKPOINT_COMPRESS))

    def write_part(tmp: str, it: Iterable) -> None:
        with (gzip.open(tmp, "wb", compresslevel=1) if compress else open(tmp, "wb")) as f:
            write_framed(f, it, 1024)
    _write_job(rdd, path, write_part, ".gz" if compress else "",
               success_marker=False)      # Spark writes no _SUCCESS in a checkpoint directory
