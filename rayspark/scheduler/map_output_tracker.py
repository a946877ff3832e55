"""MapOutputTracker: driver-side registry of shuffle map outputs (``MapStatus`` per map task).

Owned by the DAG scheduler's loop thread (only it mutates). Holding a MapStatus keeps its
segment objects alive in Ray; unregistering a shuffle drops the references and Ray frees them.

Every registration gets the next *epoch* number. A reduce task is launched with the tracker's
epoch at that moment, so when it reports a fetch failure the scheduler can tell the outputs it
actually read (registered at or before that epoch) from outputs registered later by a re-run
map task, which must not be thrown away because of a failure that predates them.
"""
from __future__ import annotations

import threading
from typing import Dict, Iterable, List, Optional, Tuple

from .task import MapStatus


class MapOutputTracker:
    def __init__(self):
        self._outputs: Dict[int, Dict[int, MapStatus]] = {}
        self._epochs: Dict[int, Dict[int, int]] = {}     # shuffle -> map -> registration epoch
        self._epoch = 0
        self._lock = threading.Lock()   # cleanup of GC'd shuffles may come from other threads

    def register_shuffle(self, shuffle_id: int) -> None:
        with self._lock:
            self._outputs.setdefault(shuffle_id, {})

    def has_shuffle(self, shuffle_id: int) -> bool:
        return shuffle_id in self._outputs

    @property
    def epoch(self) -> int:
        """Number of registrations so far (see the module docstring)."""
        return self._epoch

    def register_map_output(self, shuffle_id: int, status: MapStatus) -> None:
        with self._lock:
            self._epoch += 1
            self._outputs.setdefault(shuffle_id, {})[status.map_id] = status
            self._epochs.setdefault(shuffle_id, {})[status.map_id] = self._epoch

    def registered_after(self, shuffle_id: int, map_id: int, epoch: int) -> bool:
        """True if ``map_id``'s current output was registered after ``epoch``."""
        return self._epochs.get(shuffle_id, {}).get(map_id, -1) > epoch

    def unregister_map_outputs(self, shuffle_id: int, map_ids: Iterable[int],
                               max_epoch: Optional[int] = None) -> List[MapStatus]:
        """Forget the outputs of ``map_ids``; with ``max_epoch``, only those registered at or
        before it. Returns the statuses removed."""
        removed: List[MapStatus] = []
        with self._lock:
            outs = self._outputs.get(shuffle_id)
            epochs = self._epochs.get(shuffle_id, {})
            if outs:
                for m in map_ids:
                    if m not in outs:
                        continue
                    if max_epoch is not None and epochs.get(m, -1) > max_epoch:
                        continue
                    removed.append(outs.pop(m))
                    epochs.pop(m, None)
        return removed

    def remove_outputs_on_executor(self, executor_id: str) -> List[int]:
        """Forget outputs that were owned by a dead executor; return the affected shuffles."""
        affected = []
        with self._lock:
            for sid, outs in self._outputs.items():
                lost = [m for m, st in outs.items() if st.executor_id == executor_id]
                epochs = self._epochs.get(sid, {})
                for m in lost:
                    del outs[m]
                    epochs.pop(m, None)
                if lost:
                    affected.append(sid)
        return affected

    def unregister_shuffle(self, shuffle_id: int) -> None:
        with self._lock:
            self._outputs.pop(shuffle_id, None)
            self._epochs.pop(shuffle_id, None)

    def num_available(self, shuffle_id: int) -> int:
        return len(self._outputs.get(shuffle_id, ()))

    def missing(self, shuffle_id: int, num_maps: int) -> List[int]:
        outs = self._outputs.get(shuffle_id, {})
        return [m for m in range(num_maps) if m not in outs]

    def status(self, shuffle_id: int, map_id: int) -> Optional[MapStatus]:
        return self._outputs.get(shuffle_id, {}).get(map_id)

    def inputs_for(self, shuffle_id: int, num_maps: int, reduce_id: int
                   ) -> Optional[List[Tuple[int, object, int, int]]]:
        """(map_id, segment_ref, offset, length) for every non-empty block of ``reduce_id``;
        None when some map output is missing (the caller treats that as a fetch failure)."""
        outs = self._outputs.get(shuffle_id)
        if outs is None or len(outs) < num_maps:
            return None
        result = []
        for m in range(num_maps):
            st = outs.get(m)
            if st is None:
                return None
            seg, off, length = st.blocks[reduce_id]
            if length:
                result.append((m, st.segments[seg], off, length))
        return result

    def node_local_executors(self, shuffle_id: int, reduce_id: int) -> List[str]:
        """Executors on the node that holds the largest share (>= 20%) of ``reduce_id``'s
        input, when the map outputs are spread over several nodes; [] on a single node, where
        every executor reads the same shared-memory object store."""
        by_node: Dict[str, int] = {}
        execs: Dict[str, set] = {}
        for st in self._outputs.get(shuffle_id, {}).values():
            execs.setdefault(st.node_id, set()).add(st.executor_id)
            n = st.blocks[reduce_id][2] if reduce_id < len(st.blocks) else 0
            if n:
                by_node[st.node_id] = by_node.get(st.node_id, 0) + n
        if len(execs) < 2 or not by_node:
            return []
        node, n = max(by_node.items(), key=lambda kv: kv[1])
        if n * 5 < sum(by_node.values()):
            return []
        return sorted(execs[node])

