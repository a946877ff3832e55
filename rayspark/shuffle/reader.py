"""Reduce side of the shuffle: turn fetched segments back into records, batch by batch.

Fetching is the executor's job (Ray lives in ``executor/actor.py``); this module gets a fetch
function and the block list ``[(map_id, segment_ref, offset, length), ...]`` and yields records.
A segment that cannot be fetched (its owner executor or node died) becomes a ``FetchFailedError``
naming the shuffle and every map whose output is gone, so the DAG scheduler re-runs just those.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, List, Sequence, Tuple

from ..errors import FetchFailedError
from ..serializers import iter_frames
import pickle


class LostObjects(Exception):
    """Raised by an object fetcher: the objects at these positions are gone."""

    def __init__(self, positions: Sequence[int]):
        super().__init__(f"lost objects at positions {list(positions)}")
        self.positions = list(positions)


def read_shuffle_blocks(shuffle_id: int, blocks: List[Tuple[int, Any, int, int]],
                        fetch_many: Callable[[List[Any]], List[Any]]) -> Iterator[Any]:
    if not blocks:
        return
    # one fetch per distinct segment (several reduce blocks of one map share a segment)
    refs: List[Any] = []
    index = {}
    for _, ref, _, _ in blocks:
        key = id(ref)
        if key not in index:
            index[key] = len(refs)
            refs.append(ref)
    try:
        bufs = fetch_many(refs)
    except LostObjects as e:
        lost = set(e.positions)
        maps = [m for m, ref, _, _ in blocks if index[id(ref)] in lost]
        raise FetchFailedError(shuffle_id, maps) from None
    loads = pickle.loads
    for _, ref, off, length in blocks:
        buf = bufs[index[id(ref)]]
        for payload in iter_frames(buf, off, length):
            yield from loads(payload)
