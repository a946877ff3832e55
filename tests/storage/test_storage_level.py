import pickle

import pytest

from rayspark.storage.storage_level import StorageLevel

# Expected values copied from PySpark 4.x's StorageLevel output.
EXPECTED = {
    "DISK_ONLY": ("StorageLevel(True, False, False, False, 1)", "Disk Serialized 1x Replicated"),
    "DISK_ONLY_2": ("StorageLevel(True, False, False, False, 2)", "Disk Serialized 2x Replicated"),
    "DISK_ONLY_3": ("StorageLevel(True, False, False, False, 3)", "Disk Serialized 3x Replicated"),
    "MEMORY_ONLY": ("StorageLevel(False, True, False, False, 1)", "Memory Serialized 1x Replicated"),
    "MEMORY_ONLY_2": ("StorageLevel(False, True, False, False, 2)", "Memory Serialized 2x Replicated"),
    "MEMORY_AND_DISK": ("StorageLevel(True, True, False, False, 1)", "Disk Memory Serialized 1x Replicated"),
    "MEMORY_AND_DISK_2": ("StorageLevel(True, True, False, False, 2)", "Disk Memory Serialized 2x Replicated"),
    "MEMORY_AND_DISK_DESER": (
        "StorageLevel(True, True, False, True, 1)",
        "Disk Memory Deserialized 1x Replicated",
    ),
    "OFF_HEAP": ("StorageLevel(True, True, True, False, 1)", "Disk Memory OffHeap Serialized 1x Replicated"),
    "NONE": ("StorageLevel(False, False, False, False, 1)", "Serialized 1x Replicated"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_constants_repr_and_str_match_pyspark(name):
    level = getattr(StorageLevel, name)
    assert repr(level) == EXPECTED[name][0]
    assert str(level) == EXPECTED[name][1]


def test_custom_level_strings():
    assert str(StorageLevel(True, True, True, True, 2)) == "Disk Memory OffHeap Deserialized 2x Replicated"
    assert repr(StorageLevel(False, False, False, False)) == "StorageLevel(False, False, False, False, 1)"


def test_constructor_attributes_and_equality():
    level = StorageLevel(True, False, False, False, 2)
    assert (level.useDisk, level.useMemory, level.useOffHeap, level.deserialized, level.replication) == (
        True,
        False,
        False,
        False,
        2,
    )
    assert level == StorageLevel.DISK_ONLY_2
    assert StorageLevel(False, True, False, False) == StorageLevel.MEMORY_ONLY
    assert StorageLevel.MEMORY_ONLY != StorageLevel.MEMORY_ONLY_2
    assert StorageLevel.MEMORY_ONLY != "MEMORY_ONLY"
    assert {StorageLevel.MEMORY_ONLY: 1}[StorageLevel(False, True, False, False, 1)] == 1


def test_immutable_and_picklable():
    with pytest.raises(Exception):
        StorageLevel.MEMORY_ONLY.useDisk = True
    assert pickle.loads(pickle.dumps(StorageLevel.OFF_HEAP)) == StorageLevel.OFF_HEAP


def test_is_valid():
    assert not StorageLevel.NONE.is_valid
    assert StorageLevel.DISK_ONLY.is_valid and StorageLevel.MEMORY_ONLY.is_valid
