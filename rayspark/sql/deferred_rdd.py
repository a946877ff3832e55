"""A relation over an RDD that is built when the plan is planned, not when it is written.

``zipWithIndex`` and ``repartitionById`` are RDD steps over a child DataFrame's RDD (Spark
plans them as ``AttachDistributedSequence`` and a direct-partitioning exchange; rayspark's
planner has neither). Building that RDD means planning the child - and for zipWithIndex
running a job that counts its partitions - which Spark does when an action runs. This leaf
defers the build to physical planning: the planner dispatches on the class name, so the class
is called ``LogicalRDD`` and is planned as one, but its ``rdd`` is made by a function each time
the plan is planned (so each action counts afresh and sees caches made since)."""
from __future__ import annotations

from typing import Callable, List, Optional

from .expressions.base import AttributeReference
from .plan import logical as L

__all__ = ["LogicalRDD"]


class LogicalRDD(L.LogicalRDD):
    """``LogicalRDD`` whose RDD comes from ``build()`` at planning time."""

    def __init__(self, attrs: List[AttributeReference], build: Callable[[], object],
                 name: str, size_hint: Optional[int] = None):
        self._output = list(attrs)
        self._build = build
        self._name = name
        self.size_hint = size_hint

    @property
    def rdd(self):
        return self._build()

    def node_string(self):
        return f"{self._name} {L._attrs(self._output)}"
