"""The session's cache of persisted DataFrames (Spark's CacheManager).

``df.cache()`` registers the DataFrame's plan; the first action over any plan containing that
subtree executes it once into a persisted RDD of Arrow batches in the core's block manager, and
later plans read the cached batches instead of recomputing (matched by plan identity, which
DataFrames derived from the cached one share)."""
from __future__ import annotations

import threading
from typing import Dict, Optional

from ..storagelevel import StorageLevel
from .plan import logical as L

__all__ = ["CacheManager"]


class _Entry:
    def __init__(self, plan, level):
        self.plan = plan
        self.level = level
        self.rdd = None
        self.attrs = None


class CacheManager:
    def __init__(self, session):
        self._session = session
        self._entries: Dict[int, _Entry] = {}
        self._lock = threading.Lock()

    def cache(self, df, level: StorageLevel) -> None:
        with self._lock:
            if id(df._plan) not in self._entries:
                self._entries[id(df._plan)] = _Entry(df._plan, level)

    def uncache(self, df, blocking=False) -> None:
        with self._lock:
            e = self._entries.pop(id(df._plan), None)
        if e is not None and e.rdd is not None:
            e.rdd.unpersist(blocking)

    def level_of(self, df) -> StorageLevel:
        e = self._entries.get(id(df._plan))
        return e.level if e is not None else StorageLevel.NONE

    def clear(self) -> None:
        with self._lock:
            entries = list(self._entries.values())
            self._entries.clear()
        for e in entries:
            if e.rdd is not None:
                e.rdd.unpersist()

    def is_cached_plan(self, plan) -> bool:
        return id(plan) in self._entries

    def substitute(self, plan: L.LogicalPlan) -> L.LogicalPlan:
        if not self._entries:
            return plan

        def rule(node):
            e = self._entries.get(id(node))
            if e is None:
                return None
            if e.rdd is None:
                inner = self._substitute_children(node)
                optimized = self._session._optimizer.optimize(inner)
                rdd = self._session._planner().plan(optimized).execute()
                rdd.persist(e.level)
                e.rdd = rdd
            return L.CachedRelation(node.output, e.rdd, node, e.level)
        return _transform_down_identity(plan, rule)

    def _substitute_children(self, node):
        return node.with_children([self.substitute(c) for c in node.children])


def _transform_down_identity(plan, rule):
    out = rule(plan)
    if out is not None:
        return out
    kids = [_transform_down_identity(c, rule) for c in plan.children]
    return plan.with_children(kids)
