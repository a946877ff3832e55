"""Accumulators: variables tasks add to and only the driver reads.

Inside a task an ``Accumulator`` records its additions in the running task's context, starting
from the param's zero. The executor returns those updates with the task's result and the DAG
scheduler merges them into the driver's value once per successful (stage, partition), so a task
that is retried - or re-run after an executor is lost - is never counted twice.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Generic, Optional, TypeVar

from .taskcontext import TaskContext

__all__ = ["Accumulator", "AccumulatorParam", "INT_ACCUMULATOR_PARAM",
           "FLOAT_ACCUMULATOR_PARAM", "COMPLEX_ACCUMULATOR_PARAM"]

T = TypeVar("T")


class AccumulatorParam(Generic[T]):
    """How to make a zero and add two values of an accumulator's type."""

    def zero(self, value: T) -> T:
        raise NotImplementedError

    def addInPlace(self, value1: T, value2: T) -> T:
        raise NotImplementedError


class AddingAccumulatorParam(AccumulatorParam[T]):
    def __init__(self, zero_value: T):
        self.zero_value = zero_value

    def zero(self, value: T) -> T:
        return self.zero_value

    def addInPlace(self, value1: T, value2: T) -> T:
        value1 += value2
        return value1


INT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0)
FLOAT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0.0)
COMPLEX_ACCUMULATOR_PARAM = AddingAccumulatorParam(0.0j)


def _deserialize_accumulator(aid: int, zero_value: Any, accum_param: AccumulatorParam) -> "Accumulator":
    acc = Accumulator.__new__(Accumulator)
    acc.aid = aid
    acc.accum_param = accum_param
    acc._zero = zero_value
    acc._value = None
    acc._on_driver = False
    acc._lock = None
    return acc


class Accumulator(Generic[T]):
    """A shared variable that tasks can only add to (``+=`` or ``add``)."""

    def __init__(self, aid: int, value: T, accum_param: AccumulatorParam[T]):
        self.aid = aid
        self.accum_param = accum_param
        self._value = value
        self._zero = accum_param.zero(value)
        self._on_driver = True
        self._lock = threading.Lock()

    def __reduce__(self):
        return (_deserialize_accumulator, (self.aid, self.accum_param.zero(self._value),
                                           self.accum_param))

    @property
    def value(self) -> T:
        if not self._on_driver:
            raise RuntimeError("Accumulator.value cannot be accessed inside tasks")
        return self._value

    @value.setter
    def value(self, value: T) -> None:
        if not self._on_driver:
            raise RuntimeError("Accumulator.value cannot be accessed inside tasks")
        self._value = value

    def add(self, term: T) -> None:
        if self._on_driver:
            with self._lock:
                self._value = self.accum_param.addInPlace(self._value, term)
            return
        ctx = TaskContext.get()
        if ctx is None:
            raise RuntimeError("Accumulator.add called outside of a task on an executor")
        updates = ctx._accum_updates
        current = updates.get(self.aid)
        if current is None and self.aid not in updates:
            current = self.accum_param.zero(self._zero)
        updates[self.aid] = self.accum_param.addInPlace(current, term)

    def _merge(self, update: T) -> None:
        """Driver side: fold one task's update into the value."""
        with self._lock:
            self._value = self.accum_param.addInPlace(self._value, update)

    def __iadd__(self, term: T) -> "Accumulator[T]":
        self.add(term)
        return self

    def __str__(self) -> str:
        return str(self._value)

    def __repr__(self) -> str:
        return f"Accumulator<id={self.aid}, value={self._value}>"
