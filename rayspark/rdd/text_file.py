"""File inputs: textFile, wholeTextFiles and pickleFile.

Paths may be comma-separated lists, globs or directories (hidden files and ``_``-prefixed files
such as ``_SUCCESS`` are skipped, as Hadoop does). Plain text files are split into byte ranges of at
most 32 MiB (Spark's local block size); a split owns every line that *starts* inside it, so lines
crossing a boundary are read once. Compressed files (.gz, .bz2, .xz) are one split each. A missing
path is reported on the driver, before any task runs.
"""
from __future__ import annotations

import bz2
import glob
import gzip
import lzma
import os
import re
from typing import List, Tuple

from ..errors import InvalidInputException
from ..serializers import read_framed
from ..files import local_path
from .partition import Partition
from .rdd import RDD

SPLIT_BYTES = 32 << 20
READ_CHUNK = 4 << 20
_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def _hidden(path: str) -> bool:
    """Hadoop's hiddenFileFilter: names starting with '_' or '.' are not input."""
    return os.path.basename(os.path.abspath(path)).startswith(("_", "."))


def list_input_files(paths: str, recursive: bool = True) -> List[str]:
    """Expand a comma-separated list of files/dirs/globs; raise if one matches nothing.

    Hidden names ('_*', '.*') are skipped wherever they occur, even when named explicitly, as
    Hadoop's FileInputFormat does. Directories are read recursively unless ``recursive`` is
    False, in which case their sub-directories are skipped (wholeTextFiles).
    """
    out: List[str] = []
    for raw in [p for p in paths.split(",") if p.strip()]:
        p = os.path.expanduser(local_path(raw.strip()))
        magic = glob.has_magic(p)
        matches = sorted(glob.glob(p)) if magic else ([p] if os.path.exists(p) else [])
        matches = [m for m in matches if not _hidden(m)]
        if not matches:
            if magic:
                msg = f"Input Pattern file:{os.path.abspath(p)} matches 0 files"
            else:
                msg = f"Input path does not exist: file:{os.path.abspath(p)}"
            raise InvalidInputException(msg, "PATH_NOT_FOUND")
        for m in matches:
            if os.path.isdir(m):
                for root, dirs, files in os.walk(m):
                    dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_"))) \
                        if recursive else []
                    out.extend(os.path.join(root, f) for f in sorted(files)
                               if not f.startswith((".", "_")))
            else:
                out.append(m)
    return out


class FileSplit(Partition):
    __slots__ = ("path", "start", "length")

    def __init__(self, index: int, path: str, start: int, length: int):
        super().__init__(index)
        self.path = path
        self.start = start
        self.length = length


def plan_splits(files: List[str], min_partitions: int) -> List[FileSplit]:
    sizes = [(f, os.path.getsize(f)) for f in files]
    total = sum(s for f, s in sizes if os.path.splitext(f)[1] not in _OPENERS)
    goal = max(total // max(min_partitions, 1), 1)
    split_size = max(1, min(goal, SPLIT_BYTES))
    splits: List[FileSplit] = []
    for f, size in sizes:
        if size == 0:           # Spark drops empty splits (spark.hadoopRDD.ignoreEmptySplits)
            continue
        if os.path.splitext(f)[1] in _OPENERS:
            splits.append(FileSplit(len(splits), f, 0, size))
            continue
        pos = 0
        while size - pos > split_size * 1.1:      # Hadoop's SPLIT_SLOP
            splits.append(FileSplit(len(splits), f, pos, split_size))
            pos += split_size
        splits.append(FileSplit(len(splits), f, pos, size - pos))
    return splits


_EOL = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"


def _after_terminator(f, pos: int) -> int:
    """Offset just past the first line terminator (\\n, \\r or \\r\\n) at or after ``pos``
    (the file size if there is none)."""
    f.seek(pos)
    while True:
        data = f.read(64 << 10)
        if not data:
            return f.tell()
        m = re.search(rb"[\r\n]", data)
        if m is None:
            pos += len(data)
            continue
        t = pos + m.start()
        if data[m.start():m.start() + 1] == b"\r":
            nxt = data[m.start() + 1:m.start() + 2]
            if not nxt:
                f.seek(t + 1)
                nxt = f.read(1)
            if nxt == b"\n":
                return t + 2
        return t + 1


def _split_lines(chunks, use_unicode: bool, strip_bom: bool):
    """Lines of a byte stream (an iterable of chunks) ended by \\n, \\r or \\r\\n, as
    Hadoop's LineReader reads them; with ``strip_bom`` a UTF-8 byte order mark at the very start
    is dropped (Hadoop's LineRecordReader does so for the split at offset 0)."""
    carry = b""
    pending_cr = False          # the previous chunk ended with \r: a \n next is part of it
    for chunk in chunks:
        if pending_cr:
            pending_cr = False
            if chunk.startswith(b"\n"):
                chunk = chunk[1:]
        data = carry + chunk if carry else chunk
        if strip_bom:
            if len(data) < 3 and _BOM.startswith(data):
                carry = data
                continue
            if data.startswith(_BOM):
                data = data[3:]
            strip_bom = False
        if not data:
            carry = b""
            continue
        if data.endswith(b"\r"):
            data = data[:-1]
            pending_cr = True
            pieces = _EOL.split(data) if b"\r" in data else data.split(b"\n")
            carry = b""
        else:
            pieces = _EOL.split(data) if b"\r" in data else data.split(b"\n")
            carry = pieces.pop()
        if use_unicode:
            yield from b"\n".join(pieces).decode("utf-8", "replace").split("\n")
        else:
            yield from pieces
    if strip_bom and carry.startswith(_BOM):
        carry = carry[3:]
    if carry:
        yield carry.decode("utf-8", "replace") if use_unicode else carry


def _read_range(f, a: int, b: int):
    f.seek(a)
    left = b - a
    while left > 0:
        data = f.read(min(READ_CHUNK, left))
        if not data:
            return
        left -= len(data)
        yield data


def read_lines(path: str, start: int, length: int, use_unicode: bool = True):
    """The lines of one split, as Hadoop's LineRecordReader assigns them: a split owns every line
    that starts in (start, start + length] (and the first line if start is 0); lines end at
    \\n, \\r or \\r\\n; a UTF-8 byte order mark at the start of the file is skipped."""
    ext = os.path.splitext(path)[1]
    if ext in _OPENERS:
        with _OPENERS[ext](path, "rb") as f:
            yield from _split_lines(iter(lambda: f.read(READ_CHUNK), b""), use_unicode, True)
        return
    end = start + length
    with open(path, "rb") as f:
        a = 0 if start == 0 else _after_terminator(f, start)    # the previous split owns it
        if a > end:
            return
        b = _after_terminator(f, end)       # finish the last line that starts inside us
        yield from _split_lines(_read_range(f, a, b), use_unicode, a == 0)


class TextFileRDD(RDD):
    kind_name = "HadoopRDD"
    op_name = "textFile"

    def __init__(self, ctx, path: str, min_partitions: int, use_unicode: bool = True):
        super().__init__(ctx, [])
        self.path = path
        self.min_partitions = min_partitions
        self.use_unicode = use_unicode
        self._name = path               # Spark names the RDD after its input path

    def get_partitions(self):
        return plan_splits(list_input_files(self.path), self.min_partitions)

    def compute(self, split, context):
        return read_lines(split.path, split.start, split.length, self.use_unicode)


class FileGroup(Partition):
    __slots__ = ("paths",)

    def __init__(self, index: int, paths: List[str]):
        super().__init__(index)
        self.paths = paths


def _group_files(files: List[str], n: int) -> List[FileGroup]:
    n = max(1, min(n, len(files))) if files else 0
    return [FileGroup(i, files[(i * len(files)) // n:((i + 1) * len(files)) // n]) for i in range(n)]


class WholeTextFilesRDD(RDD):
    kind_name = "WholeTextFileRDD"
    op_name = "wholeTextFiles"

    def __init__(self, ctx, path: str, min_partitions: int, use_unicode: bool = True):
        super().__init__(ctx, [])
        self.path = path
        self.min_partitions = min_partitions
        self.use_unicode = use_unicode
        self._name = path

    def get_partitions(self):
        # like Spark's WholeTextFileInputFormat: files directly in a directory, no recursion
        return _group_files(list_input_files(self.path, recursive=False), self.min_partitions)

    def compute(self, split, context):
        for p in split.paths:
            ext = os.path.splitext(p)[1]
            opener = _OPENERS.get(ext, open)
            with opener(p, "rb") as f:
                data = f.read()
            yield ("file:" + os.path.abspath(p),
                   data.decode("utf-8", "replace") if self.use_unicode else data)


class PickleFileRDD(RDD):
    """Reads files written by ``saveAsPickleFile`` (framed pickled batches)."""
    kind_name = "PickleFileRDD"
    op_name = "pickleFile"

    def __init__(self, ctx, path: str, min_partitions: int):
        super().__init__(ctx, [])
        self.path = path
        self.min_partitions = min_partitions

    def get_partitions(self):
        files = list_input_files(self.path)
        return [FileGroup(i, [f]) for i, f in enumerate(files)]

    def compute(self, split, context):
        for p in split.paths:
            with open(p, "rb") as f:
                yield from read_framed(f)
