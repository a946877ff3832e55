"""Spark's ``XORShiftRandom`` (seeded through MurmurHash3), bit for bit.

``RDD.repartition``/``coalesce(shuffle=True)`` start each map partition's round robin at
``new XORShiftRandom(partitionIndex).nextInt(numPartitions)`` in Spark; reproducing the generator
exactly makes rayspark put the same elements in the same output partitions as PySpark.
"""
from __future__ import annotations

_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF
_ARRAY_SEED = 0x3C074A61      # scala.util.hashing.MurmurHash3.arraySeed


def _i32(x: int) -> int:
    x &= _M32
    return x - (1 << 32) if x & 0x80000000 else x


def _rotl(x: int, r: int) -> int:
    x &= _M32
    return ((x << r) | (x >> (32 - r))) & _M32


def _mix_last(h: int, k: int) -> int:
    k = (k * 0xCC9E2D51) & _M32
    k = _rotl(k, 15)
    k = (k * 0x1B873593) & _M32
    return (h ^ k) & _M32


def _mix(h: int, k: int) -> int:
    h = _rotl(_mix_last(h, k), 13)
    return (h * 5 + 0xE6546B64) & _M32


def _avalanche(h: int) -> int:
    h &= _M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h


def murmur3_bytes_hash(data: bytes, seed: int) -> int:
    """``scala.util.hashing.MurmurHash3.bytesHash`` (as an unsigned 32-bit int)."""
    h = seed & _M32
    n = len(data)
    i = 0
    while n - i >= 4:
        h = _mix(h, data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24)
        i += 4
    rem = n - i
    k = 0
    if rem == 3:
        k ^= data[i + 2] << 16
    if rem >= 2:
        k ^= data[i + 1] << 8
    if rem >= 1:
        k ^= data[i]
        h = _mix_last(h, k)
    return _avalanche(h ^ n)


def _hash_seed(seed: int) -> int:
    b = (seed & _M64).to_bytes(8, "big")
    low = murmur3_bytes_hash(b, _ARRAY_SEED)
    high = murmur3_bytes_hash(b, low)
    return ((high << 32) | low) & _M64


class XORShiftRandom:
    """``org.apache.spark.util.random.XORShiftRandom``: ``next(bits)`` and ``nextInt(bound)``."""

    def __init__(self, seed: int):
        self._seed = _hash_seed(seed)

    def next(self, bits: int) -> int:
        s = self._seed
        s ^= (s << 21) & _M64
        s ^= s >> 35
        s ^= (s << 4) & _M64
        self._seed = s
        return _i32(s & ((1 << bits) - 1))

    def nextInt(self, bound: int) -> int:
        """``java.util.Random.nextInt(int bound)`` over this generator's ``next``."""
        if bound <= 0:
            raise ValueError("bound must be positive")
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return _i32((bound * r) >> 31)
        u = r
        while True:
            r = u % bound
            if _i32(u - r + m) >= 0:
                return r
            u = self.next(31)
