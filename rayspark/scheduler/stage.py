"""Stages: a set of tasks computing one RDD up to the next shuffle boundary.

A ``ShuffleMapStage`` computes the map side of one ShuffleDependency and is shared by every job
that needs that shuffle (so later jobs skip it while its outputs are registered). A
``ResultStage`` runs the job's function on the final RDD's partitions.
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Set


class Stage:
    def __init__(self, stage_id: int, rdd, parents: List["Stage"], first_job_id: int):
        self.id = stage_id
        self.rdd = rdd
        self.parents = parents
        self.first_job_id = first_job_id
        self.job_ids: Set[int] = {first_job_id}
        self.attempt = -1                   # latest attempt number
        self.pending: Set[int] = set()      # partitions not yet done in the latest attempt
        self.fetch_failed_attempts: Set[int] = set()
        self.num_partitions = rdd.getNumPartitions()
        self.applied_accumulators: Set[int] = set()   # partitions whose updates were merged
        self.name = f"{rdd._created_by} at {rdd._created_at}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id})"


class ShuffleMapStage(Stage):
    def __init__(self, stage_id: int, rdd, parents: List[Stage], first_job_id: int, dep, tracker):
        super().__init__(stage_id, rdd, parents, first_job_id)
        self.dep = dep
        self.shuffle_id = dep.shuffle_id
        self._tracker = tracker

    @property
    def is_available(self) -> bool:
        return self._tracker.num_available(self.shuffle_id) == self.num_partitions

    def missing_partitions(self) -> List[int]:
        return self._tracker.missing(self.shuffle_id, self.num_partitions)


class ResultStage(Stage):
    def __init__(self, stage_id: int, rdd, func: Callable, partitions: List[int],
                 parents: List[Stage], first_job_id: int):
        super().__init__(stage_id, rdd, parents, first_job_id)
        self.func = func
        self.partitions = partitions
        self.job = None

    def missing_partitions(self) -> List[int]:
        job = self.job
        if job is None:
            return []
        return [self.partitions[i] for i in range(len(self.partitions)) if not job.finished[i]]
