"""How rayspark turns records and closures into bytes.

Records (the elements of RDDs) are pickled in batches with the C pickler (protocol 5); only a
batch that the standard pickler rejects (lambdas, local classes) falls back to cloudpickle.
Closures and RDD graphs always go through cloudpickle. When a closure cannot be pickled, the
error names the offending object and where it was found, instead of cloudpickle's bare message.

Shuffle and disk blocks are a sequence of *frames*: a 4-byte little-endian length followed by one
pickled batch, so a reader can unpickle batch by batch straight out of a shared-memory buffer.
"""
from __future__ import annotations

import io
import pickle
import struct
import types
from typing import Any, Iterable, Iterator, List

import cloudpickle

from .errors import PicklingError

__all__ = ["dumps_batch", "loads_batch", "dumps_closure", "loads_closure", "frame_batches",
           "iter_frames", "write_framed", "read_framed", "BATCH_SIZE", "describe_unpicklable"]

BATCH_SIZE = 4096
_HEADER = struct.Struct("<I")
_PROTO = pickle.HIGHEST_PROTOCOL


def dumps_batch(records: List[Any]) -> bytes:
    try:
        return pickle.dumps(records, _PROTO)
    except (pickle.PicklingError, AttributeError, TypeError):
        try:
            return cloudpickle.dumps(records, _PROTO)
        except Exception as e:  # pragma: no cover - reported with the culprit named
            raise PicklingError(f"Could not serialize records: {describe_unpicklable(records) or e}") from e


def loads_batch(data) -> List[Any]:
    return pickle.loads(data)


def frame_batches(records: Iterable[Any], batch_size: int = BATCH_SIZE) -> Iterator[bytes]:
    """Yield framed pickled batches (length header + payload) for a record stream."""
    batch: List[Any] = []
    append = batch.append
    for r in records:
        append(r)
        if len(batch) >= batch_size:
            payload = dumps_batch(batch)
            yield _HEADER.pack(len(payload)) + payload
            batch = []
            append = batch.append
    if batch:
        payload = dumps_batch(batch)
        yield _HEADER.pack(len(payload)) + payload


def frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def iter_frames(buf, offset: int = 0, length: int = -1) -> Iterator[memoryview]:
    """Yield the payload of each frame in ``buf[offset:offset+length]`` (zero-copy views)."""
    mv = memoryview(buf)
    if mv.ndim != 1 or mv.format != "B":
        mv = mv.cast("B")
    end = len(mv) if length < 0 else offset + length
    pos = offset
    unpack = _HEADER.unpack_from
    while pos < end:
        (n,) = unpack(mv, pos)
        pos += 4
        yield mv[pos:pos + n]
        pos += n


def write_framed(f, records: Iterable[Any], batch_size: int = BATCH_SIZE) -> None:
    """Write ``records`` to a binary file as framed pickled batches (pickle files,
    checkpoints)."""
    for data in frame_batches(records, batch_size):
        f.write(data)


def read_framed(f) -> Iterator[Any]:
    """The records of a binary file written by ``write_framed``, batch by batch."""
    while True:
        head = f.read(4)
        if not head:
            return
        (n,) = _HEADER.unpack(head)
        yield from pickle.loads(f.read(n))


def _code_reduce_keep_filename(code: types.CodeType):
    # cloudpickle replaces co_filename by "<dynamic-code>" for deterministic payloads; we keep
    # the real file name so task tracebacks point at the user's source lines.
    ctor, args = cloudpickle.cloudpickle._code_reduce(code)
    args = tuple(code.co_filename if a == "<dynamic-code>" else a for a in args)
    return ctor, args


class _ClosurePickler(cloudpickle.Pickler):
    _dispatch_table = dict(cloudpickle.Pickler._dispatch_table)
    _dispatch_table[types.CodeType] = _code_reduce_keep_filename
    dispatch_table = __import__("collections").ChainMap(_dispatch_table, __import__("copyreg").dispatch_table)


def _cloudpickle_dumps(obj: Any) -> bytes:
    buf = io.BytesIO()
    _ClosurePickler(buf, protocol=_PROTO).dump(obj)
    return buf.getvalue()


def dumps_closure(obj: Any, what: str = "closure") -> bytes:
    """cloudpickle ``obj``; on failure raise PicklingError naming the unpicklable object."""
    try:
        return _cloudpickle_dumps(obj)
    except Exception as e:
        culprit = describe_unpicklable(obj)
        detail = f": {culprit}" if culprit else ""
        raise PicklingError(
            f"Could not serialize {what}{detail} ({type(e).__name__}: {e}). Functions passed to "
            "RDD operations are shipped to executors and must be picklable; create such objects "
            "inside the function (or per partition with mapPartitions) instead of capturing them.",
            "CLOUDPICKLE_ERROR") from e


def loads_closure(data) -> Any:
    return pickle.loads(data)


def _picklable(obj: Any) -> bool:
    try:
        cloudpickle.dumps(obj, _PROTO)
        return True
    except Exception:
        return False


def describe_unpicklable(obj: Any, _path: str = "", _depth: int = 0, _seen=None) -> str:
    """Find the innermost unpicklable object reachable from ``obj`` and describe where it is."""
    if _seen is None:
        _seen = set()
    if id(obj) in _seen or _depth > 12:
        return ""
    _seen.add(id(obj))
    children: List[tuple] = []
    if isinstance(obj, types.FunctionType):
        name = getattr(obj, "__qualname__", obj.__name__)
        if obj.__closure__:
            for var, cell in zip(obj.__code__.co_freevars, obj.__closure__):
                try:
                    children.append((f"{_path}{name}.<closure {var}>", cell.cell_contents))
                except ValueError:
                    pass
        g = obj.__globals__
        for n in _global_names(obj.__code__):
            if n in g:
                children.append((f"{_path}{name}.<global {n}>", g[n]))
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = [(f"{_path}[{i}]", v) for i, v in enumerate(obj)]
    elif isinstance(obj, dict):
        children = [(f"{_path}[{k!r}]", v) for k, v in obj.items()]
    elif isinstance(obj, types.MethodType):
        children = [(f"{_path}{obj.__name__}.__self__", obj.__self__),
                    (f"{_path}{obj.__name__}.__func__", obj.__func__)]
    elif hasattr(obj, "__dict__") and not isinstance(obj, type) \
            and not isinstance(obj, types.ModuleType):
        state = vars(obj)
        getstate = getattr(type(obj), "__getstate__", None)
        if getstate is not None and getstate is not getattr(object, "__getstate__", None):
            try:
                st = obj.__getstate__()
                if isinstance(st, dict):
                    state = st
            except Exception:
                pass
        children = [(f"{_path}{type(obj).__name__}.{k}", v) for k, v in state.items()]
    for path, child in children:
        if isinstance(child, (int, float, str, bytes, bool, type(None), types.ModuleType)):
            continue
        if not _picklable(child):
            deeper = describe_unpicklable(child, path + " -> ", _depth + 1, _seen)
            if deeper:
                return deeper
            return f"{type(child).__name__} object {_short_repr(child)} referenced at {path}"
    return ""


def _global_names(code) -> Iterable[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= set(_global_names(const))
    return names


def _short_repr(obj: Any) -> str:
    try:
        r = repr(obj)
    except Exception:
        r = object.__repr__(obj)
    return r if len(r) <= 80 else r[:77] + "..."
