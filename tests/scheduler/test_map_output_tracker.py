"""MapOutputTracker: registration, missing outputs, executor loss and reduce locality."""
from rayspark.scheduler.map_output_tracker import MapOutputTracker
from rayspark.scheduler.task import MapStatus


def _status(map_id, executor, node, sizes):
    blocks = tuple((0, 0, n) for n in sizes)
    return MapStatus(map_id, executor, node, ("seg",), blocks)


def test_inputs_and_missing_outputs():
    t = MapOutputTracker()
    t.register_shuffle(0)
    t.register_map_output(0, _status(0, "a", "n1", [5, 0]))
    assert t.inputs_for(0, 2, 0) is None            # map 1 missing
    assert t.missing(0, 2) == [1]
    t.register_map_output(0, _status(1, "b", "n1", [0, 7]))
    assert t.inputs_for(0, 2, 0) == [(0, "seg", 0, 5)]
    assert t.inputs_for(0, 2, 1) == [(1, "seg", 0, 7)]
    assert t.remove_outputs_on_executor("a") == [0]
    assert t.missing(0, 2) == [0]


def test_node_locality_only_across_nodes():
    t = MapOutputTracker()
    t.register_shuffle(1)
    t.register_map_output(1, _status(0, "a", "n1", [100, 1]))
    t.register_map_output(1, _status(1, "b", "n1", [100, 1]))
    assert t.node_local_executors(1, 0) == []        # one node: no preference
    t.register_map_output(1, _status(2, "c", "n2", [10, 90]))
    assert t.node_local_executors(1, 0) == ["a", "b"]   # n1 holds 200 of 210 bytes
    assert t.node_local_executors(1, 1) == ["c"]        # n2 holds 90 of 92 bytes
