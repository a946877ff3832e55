"""Opening data files for text formats: compression by file extension on read and by the
``compression`` option on write (gzip, bzip2, zstd, lz4, deflate, xz), as Hadoop's codecs
are chosen."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from typing import BinaryIO, Iterator

import pyarrow as pa

__all__ = ["read_bytes", "open_output", "iter_chunks", "CODEC_EXTENSIONS", "read_line_range",
           "map_line_range", "MappedBytes", "as_buffer", "is_compressed"]

CODEC_EXTENSIONS = {"none": "", "uncompressed": "", "gzip": ".gz", "bzip2": ".bz2",
                    "deflate": ".deflate", "zstd": ".zst", "lz4": ".lz4", "xz": ".xz",
                    "snappy": ".snappy"}


def _codec_of(path: str) -> str:
    low = path.lower()
    for codec, ext in CODEC_EXTENSIONS.items():
        if ext and low.endswith(ext):
            return codec
    return "none"


def _open_input(path: str) -> BinaryIO:
    codec = _codec_of(path)
    if codec == "gzip":
        return gzip.open(path, "rb")
    if codec == "bzip2":
        return bz2.open(path, "rb")
    if codec == "xz":
        return lzma.open(path, "rb")
    if codec in ("zstd", "lz4"):
        return pa.CompressedInputStream(pa.OSFile(path, "rb"),
                                        "zstd" if codec == "zstd" else "lz4")
    if codec == "deflate":
        with open(path, "rb") as f:
            return io.BytesIO(zlib.decompress(f.read()))
    return open(path, "rb")


def read_bytes(path: str) -> bytes:
    """The whole (decompressed) content of ``path``."""
    with _open_input(path) as f:
        return f.read()


def is_compressed(path: str) -> bool:
    return _codec_of(path) != "none"


def read_line_range(path: str, start: int, length: int) -> bytes:
    """The lines of an uncompressed file that *start* in ``[start, start + length)`` (Hadoop's
    LineRecordReader rule: a split after the first skips the line it begins inside, and every
    split finishes the line it ends inside), so the splits of a file together hold each line
    exactly once. A copy of :func:`map_line_range`'s bytes."""
    data = map_line_range(path, start, length)
    return data if isinstance(data, bytes) else bytes(data.buffer())


class MappedBytes:
    """Bytes ``[start, stop)`` of a memory-mapped file, with the few ``bytes`` methods the
    CSV reader uses (``len``, ``in``, ``find``, small slices, ``decode``) and the buffer
    (:func:`as_buffer`) for Arrow and numpy. Reading a 90 MB split into a ``bytes`` object
    costs a copy of ~60 ms on a 2-core machine; mapping it costs nothing until pages are
    read."""
    __slots__ = ("_mm", "_start", "_stop")

    def __init__(self, mm, start: int, stop: int):
        self._mm, self._start, self._stop = mm, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def find(self, sub: bytes, i: int = 0) -> int:
        j = self._mm.find(sub, self._start + max(0, i), self._stop)
        return -1 if j < 0 else j - self._start

    def __contains__(self, sub: bytes) -> bool:
        return self.find(sub) >= 0

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("MappedBytes takes contiguous slices only")
        lo, hi, _ = key.indices(len(self))
        return self._mm[self._start + lo:self._start + max(lo, hi)]

    def buffer(self) -> memoryview:
        return memoryview(self._mm)[self._start:self._stop]

    def decode(self, *args, **kwargs) -> str:
        return bytes(self.buffer()).decode(*args, **kwargs)


def as_buffer(data):
    """A buffer-protocol object over ``data`` (``bytes`` or :class:`MappedBytes`)."""
    return data.buffer() if isinstance(data, MappedBytes) else data


def map_line_range(path: str, start: int, length: int):
    """The lines of :func:`read_line_range`, mapped instead of copied, as
    :class:`MappedBytes` (``b""`` when the range holds no line start, or the file is
    empty)."""
    import mmap
    import os
    end = start + length
    size = os.path.getsize(path)
    if size == 0:
        return b""
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    pos = 0
    if start > 0:
        nl = mm.find(b"\n", start - 1)      # the rest of the line that began before `start`
        pos = size if nl < 0 else nl + 1
    if pos >= end or pos >= size:
        return b""
    nl = mm.find(b"\n", end - 1)            # the line holding byte end-1 ends the range
    stop = size if nl < 0 else nl + 1
    return MappedBytes(mm, pos, stop)


def iter_chunks(path: str, size: int = 64 << 20) -> Iterator[bytes]:
    """The decompressed content of ``path`` in blocks of about ``size`` bytes."""
    with _open_input(path) as f:
        while True:
            block = f.read(size)
            if not block:
                return
            yield block


class _DeflateWriter(io.RawIOBase):
    def __init__(self, path: str):
        self._f = open(path, "wb")
        self._c = zlib.compressobj()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._f.write(self._c.compress(bytes(data)))
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._f.write(self._c.flush())
            self._f.close()
        super().close()


def open_output(path: str, codec: str = "none") -> BinaryIO:
    """A binary file object writing ``path`` through ``codec``."""
    codec = (codec or "none").lower()
    if codec in ("none", "uncompressed"):
        return open(path, "wb")
    if codec == "gzip":
        return gzip.open(path, "wb", compresslevel=6)
    if codec == "bzip2":
        return bz2.open(path, "wb")
    if codec == "xz":
        return lzma.open(path, "wb")
    if codec in ("zstd", "lz4"):
        return pa.CompressedOutputStream(pa.OSFile(path, "wb"),
                                         "zstd" if codec == "zstd" else "lz4")
    if codec == "deflate":
        return _DeflateWriter(path)
    from rayspark.errors import IllegalArgumentException
    raise IllegalArgumentException(
        f"Codec [{codec}] is not available. Known codecs are bzip2, deflate, uncompressed, "
        "lz4, gzip, snappy, none, zstd.", "CODEC_NOT_AVAILABLE", {"codecName": codec})
