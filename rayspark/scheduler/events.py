"""Events posted to the DAG scheduler's loop. Only the loop thread mutates scheduler state;
everyone else (job submitters, Ray completion callbacks, timers) posts one of these."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class JobSubmitted:
    job: Any


@dataclass(frozen=True)
class MapStageSubmitted:
    """A job that only computes one shuffle's map outputs (adaptive query planning asks how
    big a side of a join is before choosing the join strategy)."""
    job: Any


@dataclass(frozen=True)
class TaskEnded:
    task: Any          # list of TaskSpec launched in one actor call
    executor_id: str
    future: Any        # concurrent.futures.Future of the list of TaskResults


@dataclass(frozen=True)
class JobCancelled:
    job_id: int
    reason: str


@dataclass(frozen=True)
class JobGroupCancelled:
    group_id: str


@dataclass(frozen=True)
class AllJobsCancelled:
    pass


@dataclass(frozen=True)
class ResubmitFailedStages:
    pass


@dataclass(frozen=True)
class ReviveOffers:
    pass


@dataclass(frozen=True)
class ExecutorAdded:
    executor_id: str


@dataclass(frozen=True)
class StopLoop:
    pass
