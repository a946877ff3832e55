"""Per-partition samplers for sample/randomSplit/sampleByKey.

Each partition seeds its own generator from (seed XOR partition index) and warms it up, so a
given seed selects the same elements as PySpark's samplers do for the same partitioning.
"""
from __future__ import annotations

import math
import random
import sys
from typing import Any, Dict, Iterable, Iterator, Optional


class _SamplerBase:
    def __init__(self, withReplacement: bool, seed: Optional[int] = None):
        self._seed = seed if seed is not None else random.randint(0, sys.maxsize)
        self._withReplacement = withReplacement

    def _rng(self, split: int) -> random.Random:
        rng = random.Random(self._seed ^ split)
        for _ in range(10):          # decorrelate neighbouring seeds
            rng.randint(0, 1)
        return rng

    @staticmethod
    def _poisson(rng: random.Random, mean: float) -> int:
        if mean < 20.0:              # Knuth: multiply uniforms until below e^-mean
            limit = math.exp(-mean)
            p = rng.random()
            k = 0
            while p > limit:
                k += 1
                p *= rng.random()
            return k
        p = rng.expovariate(mean)   # sum exponential gaps until past 1
        k = 0
        while p < 1.0:
            k += 1
            p += rng.expovariate(mean)
        return k


class RDDSampler(_SamplerBase):
    def __init__(self, withReplacement: bool, fraction: float, seed: Optional[int] = None):
        super().__init__(withReplacement, seed)
        self._fraction = fraction

    def func(self, split: int, iterator: Iterable[Any]) -> Iterator[Any]:
        rng = self._rng(split)
        frac = self._fraction
        if self._withReplacement:
            for obj in iterator:
                for _ in range(self._poisson(rng, frac)):
                    yield obj
        else:
            rand = rng.random
            for obj in iterator:
                if rand() < frac:
                    yield obj


class RDDRangeSampler(_SamplerBase):
    def __init__(self, lowerBound: float, upperBound: float, seed: Optional[int] = None):
        super().__init__(False, seed)
        self._lb = lowerBound
        self._ub = upperBound

    def func(self, split: int, iterator: Iterable[Any]) -> Iterator[Any]:
        rand = self._rng(split).random
        lb, ub = self._lb, self._ub
        for obj in iterator:
            if lb <= rand() < ub:
                yield obj


class RDDStratifiedSampler(_SamplerBase):
    def __init__(self, withReplacement: bool, fractions: Dict[Any, float], seed: Optional[int] = None):
        super().__init__(withReplacement, seed)
        self._fractions = fractions

    def func(self, split: int, iterator: Iterable[Any]) -> Iterator[Any]:
        rng = self._rng(split)
        if self._withReplacement:
            for key, val in iterator:
                for _ in range(self._poisson(rng, self._fractions[key])):
                    yield key, val
        else:
            for key, val in iterator:
                if rng.random() < self._fractions[key]:
                    yield key, val
