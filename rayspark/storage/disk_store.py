"""Blocks as files in one executor's local directory, plus the block byte format.

Owns: the files under ``root_dir`` (one per block, named by the block id's
canonical name, spread over hashed subdirectories like Spark's
DiskBlockManager) and the on-disk/on-wire format of a block of records.

Format: a block's bytes are a concatenation of pickle frames (protocol 5),
each frame a list of up to ``BATCH_SIZE`` records.  Writing streams batch by
batch, reading yields records batch by batch, so a block larger than memory
can be written from an iterator and read back lazily.  Objects the standard
pickler rejects (lambdas, local classes) fall back to cloudpickle per batch.
The same bytes serve as the disk file, the serialized in-memory form and
what one executor sends another (``dump_values``/``load_values``).

Writes go to a temporary file that is renamed into place, so a reader never
sees a half-written block and a failed write leaves nothing behind.  Any
thread may call; files are independent and renames are atomic, so no lock.
``clear()`` removes the whole root directory.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import uuid
import zlib
from typing import IO, Any, Iterable, Iterator, Optional

from rayspark.serializers import dumps_batch
from rayspark.storage.block_id import BlockId, UnrecognizedBlockId

__all__ = ["DiskStore", "dump_values", "load_values", "write_values", "BATCH_SIZE"]

BATCH_SIZE = 1000
_NUM_SUBDIRS = 64
_TMP_PREFIX = ".tmp-"


# ------------------------------------------------------------------ format
def _dump_batch(batch: list, out: IO[bytes]) -> None:
    out.write(dumps_batch(batch))      # one pickle per batch; cloudpickle when pickle refuses


def write_values(values: Iterable[Any], out: IO[bytes], batch_size: int = BATCH_SIZE) -> int:
    """Write records to a seekable binary stream in batches; returns record count."""
    count = 0
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) >= batch_size:
            _dump_batch(batch, out)
            count += len(batch)
            batch = []
    if batch:
        _dump_batch(batch, out)
        count += len(batch)
    return count


def dump_values(values: Iterable[Any], batch_size: int = BATCH_SIZE) -> bytes:
    """Serialize records into block bytes."""
    buf = io.BytesIO()
    write_values(values, buf, batch_size)
    return buf.getvalue()


def _read_frames(stream: IO[bytes], end: int) -> Iterator[Any]:
    while stream.tell() < end:
        yield from pickle.load(stream)


def load_values(data: bytes | bytearray | memoryview) -> Iterator[Any]:
    """Iterate the records of block bytes produced by ``dump_values``."""
    return _read_frames(io.BytesIO(data), len(data))


def _iter_file(f: IO[bytes], end: int) -> Iterator[Any]:
    with f:
        yield from _read_frames(f, end)


# ------------------------------------------------------------------- store
class DiskStore:
    def __init__(self, root_dir: str) -> None:
        self.root_dir = os.path.abspath(root_dir)
        os.makedirs(self.root_dir, exist_ok=True)

    def _name(self, block_id: BlockId | str) -> str:
        return block_id if isinstance(block_id, str) else block_id.name

    def path_for(self, block_id: BlockId | str, create_dir: bool = True) -> str:
        """Final file path of a block (its subdirectory is created on demand).

        Shuffle writers may write there directly, ideally via a temp file and
        ``os.replace``; the block then behaves like any other disk block.
        """
        name = self._name(block_id)
        sub = os.path.join(self.root_dir, "%02x" % (zlib.crc32(name.encode()) % _NUM_SUBDIRS))
        if create_dir:
            os.makedirs(sub, exist_ok=True)
        return os.path.join(sub, name)

    def _existing_path(self, block_id: BlockId | str) -> str:
        return self.path_for(block_id, create_dir=False)

    def _atomic_write(self, block_id: BlockId | str, writer) -> int:
        path = self.path_for(block_id)
        tmp = os.path.join(os.path.dirname(path), f"{_TMP_PREFIX}{uuid.uuid4().hex}-{os.path.basename(path)}")
        try:
            with open(tmp, "wb") as f:
                writer(f)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return os.path.getsize(path)

    def put_values(self, block_id: BlockId | str, values: Iterable[Any]) -> int:
        """Write records (streamed from any iterable); returns the file size."""
        return self._atomic_write(block_id, lambda f: write_values(values, f))

    def put_bytes(self, block_id: BlockId | str, data: bytes | bytearray | memoryview) -> int:
        """Write block bytes as-is; returns the file size."""
        return self._atomic_write(block_id, lambda f: f.write(data))

    def get_values(self, block_id: BlockId | str) -> Optional[Iterator[Any]]:
        """Iterator over the block's records, or None if absent.

        The file is opened now (so a later ``remove`` does not break the
        iterator on POSIX) and read one batch at a time.
        """
        try:
            f = open(self._existing_path(block_id), "rb")
        except FileNotFoundError:
            return None
        return _iter_file(f, os.fstat(f.fileno()).st_size)

    def get_bytes(self, block_id: BlockId | str) -> Optional[bytes]:
        try:
            with open(self._existing_path(block_id), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def contains(self, block_id: BlockId | str) -> bool:
        return os.path.isfile(self._existing_path(block_id))

    def size_of(self, block_id: BlockId | str) -> int:
        """File size in bytes, 0 if absent."""
        try:
            return os.path.getsize(self._existing_path(block_id))
        except FileNotFoundError:
            return 0

    def remove(self, block_id: BlockId | str) -> bool:
        try:
            os.unlink(self._existing_path(block_id))
            return True
        except FileNotFoundError:
            return False

    def block_names(self) -> list[str]:
        names = []
        if not os.path.isdir(self.root_dir):
            return names
        for sub in os.scandir(self.root_dir):
            if sub.is_dir():
                names.extend(e.name for e in os.scandir(sub.path) if not e.name.startswith(_TMP_PREFIX))
        return sorted(names)

    def block_ids(self) -> list[BlockId]:
        ids: list[BlockId] = []
        for name in self.block_names():
            try:
                ids.append(BlockId.parse(name))
            except ValueError:
                ids.append(UnrecognizedBlockId(name))
        return ids

    def clear(self) -> None:
        """Delete every file and the root directory itself."""
        shutil.rmtree(self.root_dir, ignore_errors=True)

    def __repr__(self) -> str:
        return f"DiskStore({self.root_dir!r})"
