import itertools
import os
import pickle

import pytest

from rayspark.storage.block_id import RDDBlockId, ShuffleBlockId, TempShuffleBlockId
from rayspark.storage.disk_store import BATCH_SIZE, DiskStore, dump_values, load_values


@pytest.fixture
def store(tmp_path):
    return DiskStore(str(tmp_path / "blocks"))


def all_files(root):
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


def test_values_round_trip_in_batches(store):
    values = [(i, str(i)) for i in range(2500)]
    size = store.put_values(RDDBlockId(1, 0), iter(values))  # any iterable, streamed
    path = store.path_for(RDDBlockId(1, 0))
    assert os.path.basename(path) == "rdd_1_0"
    assert size == os.path.getsize(path) == store.size_of(RDDBlockId(1, 0))
    it = store.get_values(RDDBlockId(1, 0))
    assert next(it) == (0, "0")  # an iterator, not a list
    assert [(0, "0")] + list(it) == values
    # The file is a sequence of pickled batches of BATCH_SIZE records.
    with open(path, "rb") as f:
        batches = []
        while f.tell() < size:
            batches.append(pickle.load(f))
    assert [len(b) for b in batches] == [BATCH_SIZE, BATCH_SIZE, 500]


def test_bytes_round_trip_and_format_shared_with_dump_values(store):
    data = dump_values(range(10))
    store.put_bytes(ShuffleBlockId(1, 2, 3), data)
    assert store.get_bytes(ShuffleBlockId(1, 2, 3)) == data
    assert list(store.get_values("shuffle_1_2_3")) == list(range(10))
    store.put_values(RDDBlockId(2, 0), ["x"])
    assert list(load_values(store.get_bytes(RDDBlockId(2, 0)))) == ["x"]


def test_empty_block(store):
    store.put_values(RDDBlockId(1, 0), [])
    assert store.contains(RDDBlockId(1, 0))
    assert list(store.get_values(RDDBlockId(1, 0))) == []


def test_missing_block(store):
    assert not store.contains(RDDBlockId(9, 9))
    assert store.get_values(RDDBlockId(9, 9)) is None
    assert store.get_bytes(RDDBlockId(9, 9)) is None
    assert store.size_of(RDDBlockId(9, 9)) == 0
    assert not store.remove(RDDBlockId(9, 9))


def test_cloudpickle_fallback_for_lambdas(store):
    def local_fn(x):
        return x + 1

    store.put_values(RDDBlockId(1, 0), [1, lambda x: x * 2, local_fn])
    a, f, g = store.get_values(RDDBlockId(1, 0))
    assert a == 1 and f(3) == 6 and g(3) == 4


def test_failed_write_leaves_no_file(store):
    def failing():
        yield from range(1500)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.put_values(RDDBlockId(1, 0), failing())
    assert not store.contains(RDDBlockId(1, 0))
    assert all_files(store.root_dir) == []


def test_overwrite_is_atomic_replace(store):
    store.put_values(RDDBlockId(1, 0), [1])
    store.put_values(RDDBlockId(1, 0), [2, 3])
    assert list(store.get_values(RDDBlockId(1, 0))) == [2, 3]
    assert len(all_files(store.root_dir)) == 1


def test_open_iterator_survives_remove(store):
    store.put_values(RDDBlockId(1, 0), range(3000))
    it = store.get_values(RDDBlockId(1, 0))
    assert store.remove(RDDBlockId(1, 0))
    assert not os.path.exists(store.path_for(RDDBlockId(1, 0)))
    assert sum(it) == sum(range(3000))


def test_block_ids_remove_and_clear(store):
    ids = [RDDBlockId(1, 0), ShuffleBlockId(0, 1, 2), TempShuffleBlockId("u1")]
    for bid in ids:
        store.put_values(bid, list(itertools.repeat(bid.name, 3)))
    assert sorted(store.block_ids(), key=str) == sorted(ids, key=str)
    assert store.remove(ids[0])
    assert len(all_files(store.root_dir)) == 2
    store.clear()
    assert not os.path.exists(store.root_dir)
