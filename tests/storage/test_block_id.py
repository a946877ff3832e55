import pytest

from rayspark.storage.block_id import (
    BlockId,
    BroadcastBlockId,
    RDDBlockId,
    ShuffleBlockId,
    ShuffleDataBlockId,
    ShuffleIndexBlockId,
    TaskResultBlockId,
    TempLocalBlockId,
    TempShuffleBlockId,
)

CASES = [
    (RDDBlockId(3, 7), "rdd_3_7"),
    (ShuffleBlockId(1, 2, 3), "shuffle_1_2_3"),
    (ShuffleDataBlockId(1, 2), "shuffle_1_2_0.data"),
    (ShuffleIndexBlockId(1, 2), "shuffle_1_2_0.index"),
    (BroadcastBlockId(5), "broadcast_5"),
    (BroadcastBlockId(5, "piece0"), "broadcast_5_piece0"),
    (TaskResultBlockId(9), "taskresult_9"),
    (TempLocalBlockId("ab-12"), "temp_local_ab-12"),
    (TempShuffleBlockId("cd-34"), "temp_shuffle_cd-34"),
]


@pytest.mark.parametrize("block_id,name", CASES)
def test_name_and_parse_round_trip(block_id, name):
    assert block_id.name == name
    assert str(block_id) == name
    parsed = BlockId.parse(name)
    assert parsed == block_id
    assert type(parsed) is type(block_id)
    assert hash(parsed) == hash(block_id)


def test_kind_flags():
    assert RDDBlockId(0, 0).is_rdd and not RDDBlockId(0, 0).is_shuffle
    assert ShuffleBlockId(0, 0, 0).is_shuffle and not ShuffleBlockId(0, 0, 0).is_rdd
    assert ShuffleDataBlockId(0, 0).is_shuffle
    assert BroadcastBlockId(1).is_broadcast and not BroadcastBlockId(1).is_rdd
    assert not TempShuffleBlockId("x").is_shuffle
    assert not TaskResultBlockId(1).is_broadcast


def test_ids_are_frozen_value_objects():
    a, b = RDDBlockId(1, 2), RDDBlockId(1, 2)
    assert a == b and len({a, b}) == 1
    assert RDDBlockId(1, 2) != ShuffleBlockId(1, 2, 0)
    with pytest.raises(Exception):
        a.rdd_id = 5


def test_parse_rejects_unknown_names():
    for bad in ["rdd_1", "rdd_x_1", "foo_1", "", "shuffle_1_2"]:
        with pytest.raises(ValueError):
            BlockId.parse(bad)


def test_new_temp_ids_are_unique():
    assert TempLocalBlockId.new() != TempLocalBlockId.new()
    t = TempShuffleBlockId.new()
    assert BlockId.parse(t.name) == t
