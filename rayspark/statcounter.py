"""StatCounter: count, mean, variance, min and max of numbers in one pass (mergeable)."""
from __future__ import annotations

import copy
import math
from typing import Dict, Iterable, Optional

__all__ = ["StatCounter"]


def _nan_max(a: float, b: float) -> float:
    if a != a or b != b:
        return float("nan")
    return float(a if a >= b else b)


def _nan_min(a: float, b: float) -> float:
    if a != a or b != b:
        return float("nan")
    return float(a if a <= b else b)


class StatCounter:
    def __init__(self, values: Optional[Iterable[float]] = None):
        self.n = 0
        self.mu = 0.0
        self.m2 = 0.0
        self.maxValue = float("-inf")
        self.minValue = float("inf")
        if values is not None:
            for v in values:
                self.merge(v)

    def merge(self, value: float) -> "StatCounter":
        delta = value - self.mu
        self.n += 1
        self.mu += delta / self.n
        self.m2 += delta * (value - self.mu)
        # as PySpark (numpy maximum/minimum): extremes are floats, NaN propagates
        if value != value or value > self.maxValue or self.maxValue != self.maxValue:
            self.maxValue = float(value) if value == value else float("nan")
        if value != value or value < self.minValue or self.minValue != self.minValue:
            self.minValue = float(value) if value == value else float("nan")
        return self

    def mergeStats(self, other: "StatCounter") -> "StatCounter":
        if not isinstance(other, StatCounter):
            raise TypeError(f"Can only merge StatCounter but got {type(other)}")
        if other is self:
            self.mergeStats(other.copy())
            return self
        if self.n == 0:
            self.mu, self.m2, self.n = other.mu, other.m2, other.n
            self.maxValue, self.minValue = other.maxValue, other.minValue
        elif other.n != 0:
            delta = other.mu - self.mu
            if other.n * 10 < self.n:
                self.mu = self.mu + (delta * other.n) / (self.n + other.n)
            elif self.n * 10 < other.n:
                self.mu = other.mu - (delta * self.n) / (self.n + other.n)
            else:
                self.mu = (self.mu * self.n + other.mu * other.n) / (self.n + other.n)
            self.maxValue = _nan_max(self.maxValue, other.maxValue)
            self.minValue = _nan_min(self.minValue, other.minValue)
            self.m2 += other.m2 + (delta * delta * self.n * other.n) / (self.n + other.n)
            self.n += other.n
        return self

    def copy(self) -> "StatCounter":
        return copy.deepcopy(self)

    def count(self) -> int:
        return int(self.n)

    def mean(self) -> float:
        return self.mu

    def sum(self) -> float:
        return float(self.n * self.mu)

    def min(self) -> float:
        return self.minValue

    def max(self) -> float:
        return self.maxValue

    def variance(self) -> float:
        return float(self.m2 / self.n) if self.n else float("nan")

    def sampleVariance(self) -> float:
        return float(self.m2 / (self.n - 1)) if self.n > 1 else float("nan")

    def stdev(self) -> float:
        return math.sqrt(self.variance())

    def sampleStdev(self) -> float:
        return math.sqrt(self.sampleVariance())

    def asDict(self, sample: bool = False) -> Dict[str, float]:
        return {"count": self.count(), "mean": self.mean(), "sum": self.sum(),
                "min": self.min(), "max": self.max(),
                # PySpark reports the sample figures by default (sic) and the population ones
                # for sample=True; kept for fidelity
                "stdev": self.stdev() if sample else self.sampleStdev(),
                "variance": self.variance() if sample else self.sampleVariance()}

    def __repr__(self) -> str:
        return ("(count: %s, mean: %s, stdev: %s, max: %s, min: %s)"
                % (self.count(), self.mean(), self.stdev(), self.max(), self.min()))
