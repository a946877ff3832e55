"""Hash functions: md5, sha1, sha2, crc32, and Spark's ``hash`` (Murmur3 x86_32, seed 42)
and ``xxhash64`` (XXH64, seed 42) with Spark's exact per-type rules (ints and dates hash as
4-byte ints, longs and timestamps as 8-byte longs, floats/doubles by their IEEE bits with
-0.0 as 0.0, strings by their UTF-8 bytes with Spark's byte-at-a-time tail, decimals by the
unscaled long, arrays/structs element by element, NULL leaving the running hash unchanged).

Murmur3 over ints, longs, doubles and strings runs on numpy uint32 vectors (strings a word
position at a time), so ``hash`` - which partitioning relies on - is vectorised."""
from __future__ import annotations

import hashlib
import struct as _struct
import zlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType,
                     DecimalType, DoubleType, FloatType, IntegerType, LongType, MapType,
                     NullType, ShortType, StringType, StructType, TimestampNTZType,
                     TimestampType)
from .base import Expression, materialize
from .misc_functions import check_args, fn, rowwise
from .scalar import ScalarFunction

__all__ = ["murmur3_hash", "xxhash64_values", "SEED"]

SEED = 42
_M32 = 0xFFFFFFFF
_C1, _C2 = np.uint32(0xcc9e2d51), np.uint32(0x1b873593)


# -- digests ---------------------------------------------------------------------------------
def _bytes(v):
    return v.encode("utf-8") if isinstance(v, str) else bytes(v)


def _digest_builder(name, algo):
    def build(args, distinct=False):
        check_args(name, args, 1)
        return fn(name, args, lambda a, n: rowwise(
            lambda v: hashlib.new(algo, _bytes(v)).hexdigest(), pa.string(), [a], n),
            StringType(), [BinaryType()])
    return build


register("md5")(_digest_builder("md5", "md5"))
register("sha1")(_digest_builder("sha1", "sha1"))
register("sha")(_digest_builder("sha", "sha1"))


@register("sha2")
def _sha2(args, distinct=False):
    check_args("sha2", args, 2)
    algos = {0: "sha256", 224: "sha224", 256: "sha256", 384: "sha384", 512: "sha512"}

    def one(v, bits):
        algo = algos.get(bits)
        return None if algo is None else hashlib.new(algo, _bytes(v)).hexdigest()
    return fn("sha2", args, lambda a, b, n: rowwise(one, pa.string(), [a, b], n), StringType(),
              [BinaryType(), IntegerType()], nullable=True)


@register("crc32")
def _crc32(args, distinct=False):
    check_args("crc32", args, 1)
    return fn("crc32", args, lambda a, n: rowwise(lambda v: zlib.crc32(_bytes(v)), pa.int64(),
                                                  [a], n), LongType(), [BinaryType()])


# -- Murmur3 x86_32 (Spark's variant) ---------------------------------------------------------
def _rotl32(x, r):
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix_k1(k1):
    k1 = k1 * _C1
    k1 = _rotl32(k1, 15)
    return k1 * _C2


def _mix_h1(h1, k1):
    h1 = h1 ^ k1
    h1 = _rotl32(h1, 13)
    return h1 * np.uint32(5) + np.uint32(0xe6546b64)


def _fmix(h1, length):
    h1 = h1 ^ length
    h1 = h1 ^ (h1 >> np.uint32(16))
    h1 = h1 * np.uint32(0x85ebca6b)
    h1 = h1 ^ (h1 >> np.uint32(13))
    h1 = h1 * np.uint32(0xc2b2ae35)
    return h1 ^ (h1 >> np.uint32(16))


def _hash_int(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return _fmix(_mix_h1(seed, _mix_k1(v.astype(np.uint32))), np.uint32(4))


def _hash_long(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    u = v.astype(np.int64).view(np.uint64)
    low = (u & np.uint64(_M32)).astype(np.uint32)
    high = (u >> np.uint64(32)).astype(np.uint32)
    with np.errstate(over="ignore"):
        h = _mix_h1(seed, _mix_k1(low))
        h = _mix_h1(h, _mix_k1(high))
        return _fmix(h, np.uint32(8))


def _hash_bytes(arr: pa.Array, seed: np.ndarray) -> np.ndarray:
    """Spark's hashUnsafeBytes over every value of a string/binary array."""
    arr = arr.cast(pa.binary()) if not pa.types.is_binary(arr.type) else arr
    if arr.offset or arr.null_count:
        arr = pa.concat_arrays([pc.fill_null(arr, b"")]) if arr.null_count else \
            pa.concat_arrays([arr])
    n = len(arr)
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset:arr.offset + n + 1] \
        .astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else \
        np.zeros(0, np.uint8)
    data = np.concatenate([data, np.zeros(8, np.uint8)])
    starts = offsets[:-1]
    lengths = offsets[1:] - starts
    words = lengths // 4
    h = seed.copy()
    with np.errstate(over="ignore"):
        for j in range(int(words.max()) if n else 0):
            act = np.nonzero(words > j)[0]
            p = starts[act] + 4 * j
            w = (data[p].astype(np.uint32) | (data[p + 1].astype(np.uint32) << np.uint32(8)) |
                 (data[p + 2].astype(np.uint32) << np.uint32(16)) |
                 (data[p + 3].astype(np.uint32) << np.uint32(24)))
            h[act] = _mix_h1(h[act], _mix_k1(w))
        tails = lengths - words * 4
        for t in range(3):
            act = np.nonzero(tails > t)[0]
            if not len(act):
                break
            b = data[starts[act] + words[act] * 4 + t].astype(np.int8).astype(np.int32) \
                .astype(np.uint32)
            h[act] = _mix_h1(h[act], _mix_k1(b))
        return _fmix(h, lengths.astype(np.uint32))


def _np(arr, dtype):
    vals = pc.fill_null(arr, 0) if arr.null_count else arr
    return np.asarray(vals.to_numpy(zero_copy_only=False)).astype(dtype)


def _valid(arr):
    return ~np.asarray(arr.is_null().to_numpy(zero_copy_only=False))


def _float_bits(arr, double):
    x = _np(arr, np.float64 if double else np.float32)
    x = np.where(x == 0, np.zeros_like(x), x)          # -0.0 hashes as 0.0
    nan = np.isnan(x)
    if double:
        bits = x.view(np.int64)
        return np.where(nan, np.int64(0x7ff8000000000000), bits)
    bits = x.view(np.int32)
    return np.where(nan, np.int32(0x7fc00000), bits)


def murmur3_hash(arr: pa.Array, dt: DataType, seed: np.ndarray) -> np.ndarray:
    """Fold one column into the running per-row hashes ``seed`` (uint32)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if isinstance(dt, NullType):
        return seed
    valid = _valid(arr)
    if isinstance(dt, (IntegerType, ShortType, ByteType, DateType)):
        v = _np(pc.cast(arr, pa.int32()), np.int32)
        out = _hash_int(v, seed)
    elif isinstance(dt, BooleanType):
        out = _hash_int(_np(pc.cast(arr, pa.int32()), np.int32), seed)
    elif isinstance(dt, (LongType, TimestampType, TimestampNTZType)):
        out = _hash_long(_np(pc.cast(arr, pa.int64()), np.int64), seed)
    elif isinstance(dt, FloatType):
        out = _hash_int(_float_bits(arr, False), seed)
    elif isinstance(dt, DoubleType):
        out = _hash_long(_float_bits(arr, True), seed)
    elif isinstance(dt, (StringType, BinaryType)):
        out = _hash_bytes(arr, seed)
    elif isinstance(dt, DecimalType) and dt.precision <= 18:
        import decimal
        unscaled = np.array([0 if v is None else int(v.scaleb(dt.scale)) for v in arr.to_pylist()],
                            dtype=np.int64)
        out = _hash_long(unscaled, seed)
    else:
        vals = arr.to_pylist()
        out = seed.copy()
        for i, v in enumerate(vals):
            if v is not None:
                out[i] = _hash_value(v, dt, int(seed[i]))
        return out
    return np.where(valid, out, seed)


def _hash_value(v, dt, seed: int) -> int:
    """One value, for nested and wide-decimal types."""
    s = np.array([seed], dtype=np.uint32)
    if v is None:
        return seed
    if isinstance(dt, ArrayType):
        for x in v:
            seed = _hash_value(x, dt.elementType, seed)
        return seed
    if isinstance(dt, StructType):
        items = v.values() if isinstance(v, dict) else v
        for x, f in zip(items, dt.fields):
            seed = _hash_value(x, f.dataType, seed)
        return seed
    if isinstance(dt, MapType):
        for k, x in (v.items() if isinstance(v, dict) else v):
            seed = _hash_value(k, dt.keyType, seed)
            seed = _hash_value(x, dt.valueType, seed)
        return seed
    if isinstance(dt, DecimalType) and dt.precision > 18:
        unscaled = int(v.scaleb(dt.scale))
        nbytes = (unscaled.bit_length() + 8) // 8
        raw = unscaled.to_bytes(nbytes, "big", signed=True)
        return int(_hash_bytes(pa.array([raw], pa.binary()), s)[0])
    from .types_util import arrow_type
    return int(murmur3_hash(pa.array([v], arrow_type(dt)), dt, s)[0])


def _check_hashable(expr, name):
    for c in expr.children:
        if _contains_map(c.data_type):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.HASH_MAP_TYPE] Cannot resolve \"{expr.sql()}\" due to data "
                f"type mismatch: Input to the function `{name}` cannot contain elements of the "
                "\"MAP\" type. In Spark, same maps may have different hashcode, thus hash "
                "expressions are prohibited on \"MAP\" elements. To restore previous behavior "
                "set \"spark.sql.legacy.allowHashOnMapType\" to \"true\". SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.HASH_MAP_TYPE")


def _contains_map(dt):
    if isinstance(dt, MapType):
        return True
    if isinstance(dt, ArrayType):
        return _contains_map(dt.elementType)
    if isinstance(dt, StructType):
        return any(_contains_map(f.dataType) for f in dt.fields)
    return False


class Murmur3Hash(Expression):
    def __init__(self, children, seed=SEED):
        self.children = tuple(children)
        self.seed = seed

    @property
    def data_type(self):
        return IntegerType()

    @property
    def nullable(self):
        return False

    def coerce(self):
        if not self.children:
            raise AnalysisException(
                "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `hash` requires > 0 parameters but the "
                "actual number is 0. SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        _check_hashable(self, "hash")
        return self

    def eval(self, batch):
        n = batch.num_rows
        h = np.full(n, self.seed & _M32, dtype=np.uint32)
        for c in self.children:
            v = c.eval(batch)
            if isinstance(v, pa.Scalar) and v.type == pa.null():
                continue
            h = murmur3_hash(materialize(v, n), c.data_type, h)
        return pa.array(h.view(np.int32))

    def sql(self):
        return f"hash({', '.join(c.sql() for c in self.children)})"


@register("hash")
def _hash(args, distinct=False):
    return Murmur3Hash(list(args))


# -- XXH64 -----------------------------------------------------------------------------------
_P1, _P2, _P3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
_P4, _P5 = 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5
_M64 = 0xFFFFFFFFFFFFFFFF


def _rotl64(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _xfmix(h):
    h ^= h >> 33
    h = (h * _P2) & _M64
    h ^= h >> 29
    h = (h * _P3) & _M64
    h ^= h >> 32
    return h


def _xx_int(v, seed):
    h = (seed + _P5 + 4) & _M64
    h ^= ((v & _M32) * _P1) & _M64
    h = (_rotl64(h, 23) * _P2 + _P3) & _M64
    return _xfmix(h)


def _xx_long(v, seed):
    v &= _M64
    h = (seed + _P5 + 8) & _M64
    h ^= (_rotl64((v * _P2) & _M64, 31) * _P1) & _M64
    h = (_rotl64(h, 27) * _P1 + _P4) & _M64
    return _xfmix(h)


def _xx_bytes(b: bytes, seed):
    n = len(b)
    off = 0
    if n >= 32:
        v1 = (seed + _P1 + _P2) & _M64
        v2 = (seed + _P2) & _M64
        v3 = seed & _M64
        v4 = (seed - _P1) & _M64
        limit = n - 32
        while off <= limit:
            lanes = _struct.unpack_from("<4Q", b, off)
            v1 = (_rotl64((v1 + lanes[0] * _P2) & _M64, 31) * _P1) & _M64
            v2 = (_rotl64((v2 + lanes[1] * _P2) & _M64, 31) * _P1) & _M64
            v3 = (_rotl64((v3 + lanes[2] * _P2) & _M64, 31) * _P1) & _M64
            v4 = (_rotl64((v4 + lanes[3] * _P2) & _M64, 31) * _P1) & _M64
            off += 32
        h = (_rotl64(v1, 1) + _rotl64(v2, 7) + _rotl64(v3, 12) + _rotl64(v4, 18)) & _M64
        for v in (v1, v2, v3, v4):
            h ^= (_rotl64((v * _P2) & _M64, 31) * _P1) & _M64
            h = (h * _P1 + _P4) & _M64
    else:
        h = (seed + _P5) & _M64
    h = (h + n) & _M64
    while off <= n - 8:
        k1 = _struct.unpack_from("<Q", b, off)[0]
        h ^= (_rotl64((k1 * _P2) & _M64, 31) * _P1) & _M64
        h = (_rotl64(h, 27) * _P1 + _P4) & _M64
        off += 8
    if off <= n - 4:
        h ^= (_struct.unpack_from("<I", b, off)[0] * _P1) & _M64
        h = (_rotl64(h, 23) * _P2 + _P3) & _M64
        off += 4
    while off < n:
        h ^= (b[off] * _P5) & _M64
        h = (_rotl64(h, 11) * _P1) & _M64
        off += 1
    return _xfmix(h)


def _xx_value(v, dt, seed):
    if v is None:
        return seed
    if isinstance(dt, (IntegerType, ShortType, ByteType)):
        return _xx_int(v, seed)
    if isinstance(dt, BooleanType):
        return _xx_int(1 if v else 0, seed)
    if isinstance(dt, DateType):
        import datetime
        return _xx_int((v - datetime.date(1970, 1, 1)).days, seed)
    if isinstance(dt, LongType):
        return _xx_long(v, seed)
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        import datetime
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        d = v - epoch
        return _xx_long((d.days * 86400 + d.seconds) * 1_000_000 + d.microseconds, seed)
    if isinstance(dt, FloatType):
        f = 0.0 if v == 0 else v
        bits = 0x7fc00000 if f != f else _struct.unpack("<i", _struct.pack("<f", f))[0]
        return _xx_int(bits, seed)
    if isinstance(dt, DoubleType):
        f = 0.0 if v == 0 else v
        bits = 0x7ff8000000000000 if f != f else _struct.unpack("<q", _struct.pack("<d", f))[0]
        return _xx_long(bits, seed)
    if isinstance(dt, (StringType, BinaryType)):
        return _xx_bytes(_bytes(v), seed)
    if isinstance(dt, DecimalType):
        unscaled = int(v.scaleb(dt.scale))
        if dt.precision <= 18:
            return _xx_long(unscaled, seed)
        nbytes = (unscaled.bit_length() + 8) // 8
        return _xx_bytes(unscaled.to_bytes(nbytes, "big", signed=True), seed)
    if isinstance(dt, ArrayType):
        for x in v:
            seed = _xx_value(x, dt.elementType, seed)
        return seed
    if isinstance(dt, StructType):
        items = v.values() if isinstance(v, dict) else v
        for x, f in zip(items, dt.fields):
            seed = _xx_value(x, f.dataType, seed)
        return seed
    raise AnalysisException(f"xxhash64 of {dt.simpleString()} is not supported",
                            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")


def xxhash64_values(columns, types, n, seed=SEED):
    hs = [seed] * n
    for col, dt in zip(columns, types):
        for i, v in enumerate(col):
            hs[i] = _xx_value(v, dt, hs[i])
    return [h - (1 << 64) if h >= (1 << 63) else h for h in hs]


class XxHash64(Murmur3Hash):
    @property
    def data_type(self):
        return LongType()

    def coerce(self):
        _check_hashable(self, "xxhash64")
        return self

    def eval(self, batch):
        n = batch.num_rows
        cols, types = [], []
        for c in self.children:
            v = c.eval(batch)
            if isinstance(v, pa.Scalar) and v.type == pa.null():
                continue
            cols.append(materialize(v, n).to_pylist())
            types.append(c.data_type)
        return pa.array(xxhash64_values(cols, types, n, self.seed), pa.int64())

    def sql(self):
        return f"xxhash64({', '.join(c.sql() for c in self.children)})"


@register("xxhash64")
def _xxhash64(args, distinct=False):
    return XxHash64(list(args))
