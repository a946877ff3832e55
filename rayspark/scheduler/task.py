"""What travels between the scheduler and executors: task specs, results and end reasons.

All value objects are frozen dataclasses. A ``TaskSpec`` names the stage closure (shipped once per
stage attempt through the object store) and the partition; the object-store inputs it needs
(shuffle segments, parallelized slices, broadcasts) travel beside it as Ray-tracked references.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

SHUFFLE_MAP = "shuffle_map"
RESULT = "result"


@dataclass(frozen=True)
class TaskSpec:
    task_id: int                 # unique per attempt (Spark's taskAttemptId)
    job_id: int
    stage_id: int
    stage_attempt: int
    partition: int               # partition index of the stage's RDD
    output_index: int            # index into the job's partitions (result tasks)
    attempt: int                 # attempt number of this partition within the stage attempt
    kind: str
    local_properties: Tuple[Tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"task {self.partition}.{self.attempt} in stage {self.stage_id}.{self.stage_attempt} (TID {self.task_id})"


@dataclass(frozen=True)
class MapStatus:
    """Where one map task's output lives: segment refs + per-reduce (segment, offset, length)."""
    map_id: int
    executor_id: str
    node_id: str
    segments: Tuple[Any, ...]                    # object refs (owned by the map executor)
    blocks: Tuple[Tuple[int, int, int], ...]     # per reduce id: (segment index, offset, length)
    records: int = 0
    bytes_written: int = 0

    def size_of(self, reduce_id: int) -> int:
        return self.blocks[reduce_id][2]


@dataclass(frozen=True)
class TaskError:
    exc_type: str
    message: str
    traceback: str
    fetch_failed: Optional[Tuple[int, Tuple[int, ...]]] = None   # (shuffle_id, map ids)
    retryable: bool = True


@dataclass(frozen=True)
class TaskResult:
    """What an executor returns for one task attempt."""
    task_id: int
    executor_id: str
    ok: bool
    value: Any = None                       # result value (pickled if value_pickled) or MapStatus
    error: Optional[TaskError] = None
    accum_updates: Tuple[Tuple[int, Any], ...] = ()
    block_updates: Tuple[Any, ...] = ()     # storage.block_manager.BlockStatus
    replica_updates: Tuple[Tuple[str, Any], ...] = ()   # (peer executor id, BlockStatus)
    metrics: Tuple[Tuple[str, int], ...] = ()
    duration: float = 0.0
    value_pickled: bool = False
