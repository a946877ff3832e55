import os
import threading
import time

import pytest

from rayspark.storage.block_id import BroadcastBlockId, RDDBlockId
from rayspark.storage.block_manager import BlockManager, BlockStatus
from rayspark.storage.memory_manager import TaskMemoryConsumer, UnifiedMemoryManager
from rayspark.storage.size_estimator import estimate_size
from rayspark.storage.storage_level import StorageLevel

NONE = StorageLevel.NONE


def blob(tag, n=10):
    """About 10.5 KB of distinct records."""
    return [bytes([tag]) * 1000 + i.to_bytes(2, "big") for i in range(n)]


BLOCK = estimate_size(blob(0))


@pytest.fixture
def make_bm(tmp_path):
    created = []

    def make(budget=int(BLOCK * 2.5), executor_id="exec-1"):
        mm = UnifiedMemoryManager(budget, memory_fraction=1.0, reserved_bytes=0)
        bm = BlockManager(executor_id, mm, str(tmp_path))
        created.append(bm)
        return bm

    yield make
    for bm in created:
        bm.clear()


class Counter:
    def __init__(self, values):
        self.values = values
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return iter(self.values)


def test_memory_only_computes_once_and_reports(make_bm):
    bm = make_bm()
    compute = Counter(blob(1))
    assert list(bm.get_or_compute(RDDBlockId(1, 0), StorageLevel.MEMORY_ONLY, compute)) == blob(1)
    assert list(bm.get_or_compute(RDDBlockId(1, 0), StorageLevel.MEMORY_ONLY, compute)) == blob(1)
    assert compute.calls == 1
    (update,) = bm.drain_updates()
    size = bm.memory_store.size_of(RDDBlockId(1, 0))
    assert size > 10_000
    assert update == BlockStatus("rdd_1_0", StorageLevel.MEMORY_ONLY, size, 0)
    assert bm.drain_updates() == []
    assert bm.memory_manager.storage_used == size
    assert bm.get_local_values("rdd_1_0") == blob(1)


def test_memory_and_disk_spills_evicted_block_and_reads_it_back(make_bm):
    bm = make_bm()
    level = StorageLevel.MEMORY_AND_DISK
    for rdd in (1, 2, 3):
        list(bm.get_or_compute(RDDBlockId(rdd, 0), level, lambda r=rdd: blob(r)))
    # Third block evicted the least recently used one (rdd 1) to disk.
    updates = bm.drain_updates()
    assert [u.block_id_name for u in updates] == ["rdd_1_0", "rdd_2_0", "rdd_1_0", "rdd_3_0"]
    spilled = updates[2]
    assert spilled.storage_level == StorageLevel(True, False, False, False, 1)
    assert spilled.mem_size == 0 and spilled.disk_size > 0
    assert not bm.memory_store.contains(RDDBlockId(1, 0))
    assert os.path.isfile(bm.disk_store.path_for(RDDBlockId(1, 0)))
    # Reading it back gives the same values without recomputing.
    compute = Counter([])
    assert list(bm.get_or_compute(RDDBlockId(1, 0), level, compute)) == blob(1)
    assert compute.calls == 0
    assert bm.get_local_values(RDDBlockId(1, 0)) == blob(1)


def test_memory_only_eviction_drops_block(make_bm):
    bm = make_bm()
    level = StorageLevel.MEMORY_ONLY
    for rdd in (1, 2, 3):
        bm.put_values(RDDBlockId(rdd, 0), blob(rdd), level)
    updates = bm.drain_updates()
    assert updates[2] == BlockStatus("rdd_1_0", NONE, 0, 0)
    assert bm.get_local_values(RDDBlockId(1, 0)) is None
    assert bm.disk_store.block_names() == []
    compute = Counter(blob(1))
    assert list(bm.get_or_compute(RDDBlockId(1, 0), level, compute)) == blob(1)
    assert compute.calls == 1  # recomputed


def test_same_rdd_blocks_are_not_evicted_for_each_other(make_bm):
    bm = make_bm()
    level = StorageLevel.MEMORY_ONLY
    for split in range(3):
        list(bm.get_or_compute(RDDBlockId(1, split), level, lambda s=split: blob(s)))
    assert [b.split_index for b in bm.memory_store.block_ids()] == [0, 1]
    assert bm.get_status(RDDBlockId(1, 2)) is None  # returned but not cached


def test_too_big_for_memory(make_bm):
    bm = make_bm()
    big = blob(7, n=30)
    assert list(bm.get_or_compute(RDDBlockId(1, 0), StorageLevel.MEMORY_ONLY, lambda: big)) == big
    assert bm.drain_updates() == [] and not bm.contains(RDDBlockId(1, 0))
    assert list(bm.get_or_compute(RDDBlockId(2, 0), StorageLevel.MEMORY_AND_DISK, lambda: big)) == big
    (update,) = bm.drain_updates()
    assert update.storage_level == StorageLevel.DISK_ONLY and update.disk_size > 0
    assert bm.memory_manager.storage_used == 0


def test_disk_only_and_removal_deletes_file(make_bm):
    bm = make_bm()
    values = list(range(5000))
    assert list(bm.get_or_compute(RDDBlockId(4, 1), StorageLevel.DISK_ONLY_2, lambda: iter(values))) == values
    (update,) = bm.drain_updates()
    assert update.storage_level == StorageLevel.DISK_ONLY_2
    assert update.mem_size == 0 and update.disk_size == os.path.getsize(bm.disk_store.path_for("rdd_4_1"))
    assert bm.memory_manager.storage_used == 0
    assert bm.remove_block("rdd_4_1")
    assert not os.path.exists(bm.disk_store.path_for("rdd_4_1"))
    assert bm.drain_updates() == [BlockStatus("rdd_4_1", NONE, 0, 0)]
    assert not bm.remove_block("rdd_4_1")


def test_level_none_only_computes(make_bm):
    bm = make_bm()
    assert list(bm.get_or_compute(RDDBlockId(1, 0), NONE, lambda: [1, 2])) == [1, 2]
    assert not bm.contains(RDDBlockId(1, 0)) and bm.drain_updates() == []


def test_remove_rdd_and_broadcast_return_accounting_to_zero(make_bm):
    bm = make_bm(budget=10 * BLOCK)
    for split in range(3):
        bm.put_values(RDDBlockId(1, split), blob(split), StorageLevel.MEMORY_ONLY)
    bm.put_values(RDDBlockId(1, 3), [1], StorageLevel.DISK_ONLY)
    bm.put_values(RDDBlockId(2, 0), [2], StorageLevel.MEMORY_ONLY)
    bm.put_values(BroadcastBlockId(5), ["v"], StorageLevel.MEMORY_AND_DISK)
    bm.put_values(BroadcastBlockId(5, "piece0"), ["p"], StorageLevel.MEMORY_AND_DISK)
    bm.drain_updates()
    assert bm.remove_rdd(1) == 4
    assert sorted(u.block_id_name for u in bm.drain_updates()) == ["rdd_1_0", "rdd_1_1", "rdd_1_2", "rdd_1_3"]
    assert bm.remove_broadcast(5) == 2
    assert bm.block_ids() == [RDDBlockId(2, 0)]
    assert bm.remove_rdd(2) == 1
    assert bm.memory_manager.storage_used == 0 and bm.memory_used == 0
    assert bm.disk_store.block_names() == []


def test_serialized_transfer_between_block_managers(make_bm):
    src, dst = make_bm(executor_id="a"), make_bm(executor_id="b")
    src.put_values(RDDBlockId(1, 0), [(1, "x"), (2, "y")], StorageLevel.MEMORY_ONLY_2)
    src.put_values(RDDBlockId(1, 1), [3], StorageLevel.DISK_ONLY)
    data = src.get_serialized(RDDBlockId(1, 0))
    assert isinstance(data, bytes)
    assert dst.put_serialized(RDDBlockId(1, 0), data, StorageLevel.MEMORY_ONLY_2)
    assert dst.get_local_values(RDDBlockId(1, 0)) == [(1, "x"), (2, "y")]
    assert list(dst.get_or_compute(RDDBlockId(1, 0), StorageLevel.MEMORY_ONLY_2, lambda: 1 / 0)) == [
        (1, "x"),
        (2, "y"),
    ]
    (update,) = dst.drain_updates()
    assert update.storage_level == StorageLevel.MEMORY_ONLY_2 and update.mem_size == len(data)
    disk_data = src.get_serialized("rdd_1_1")
    assert dst.put_serialized("rdd_1_1", disk_data, StorageLevel.DISK_ONLY)
    assert dst.get_local_values("rdd_1_1") == [3]
    assert src.get_serialized("rdd_9_9") is None


def test_clear_deletes_disk_dir(make_bm, tmp_path):
    bm = make_bm()
    bm.put_values(RDDBlockId(1, 0), [1], StorageLevel.DISK_ONLY)
    bm.put_values(RDDBlockId(2, 0), [1], StorageLevel.MEMORY_ONLY)
    assert os.path.dirname(bm.local_dir) == str(tmp_path)
    bm.clear()
    assert not os.path.exists(bm.local_dir)
    assert bm.memory_manager.storage_used == 0
    assert not bm.contains(RDDBlockId(1, 0)) and not bm.contains(RDDBlockId(2, 0))


def test_disk_copy_is_promoted_back_to_memory(make_bm):
    bm = make_bm()
    level = StorageLevel.MEMORY_AND_DISK
    for rdd in (1, 2, 3):
        bm.put_values(RDDBlockId(rdd, 0), blob(rdd), level)
    bm.remove_rdd(3)
    bm.drain_updates()
    assert bm.get_local_values(RDDBlockId(1, 0)) == blob(1)
    (update,) = bm.drain_updates()
    assert update.storage_level == StorageLevel(True, True, False, False, 1)
    assert update.mem_size > 10_000 and update.disk_size > 0


def test_execution_memory_evicts_cached_blocks_to_disk(make_bm):
    bm = make_bm(budget=4 * BLOCK)  # storage region = 2 blocks
    mm = bm.memory_manager
    for rdd in range(4):
        bm.put_values(RDDBlockId(rdd, 0), blob(rdd), StorageLevel.MEMORY_AND_DISK)
    bm.drain_updates()
    consumer = TaskMemoryConsumer(mm, task_attempt_id=1)
    assert consumer.try_acquire(2 * BLOCK)
    spilled = [u for u in bm.drain_updates() if not u.storage_level.useMemory]
    assert [u.block_id_name for u in spilled] == ["rdd_0_0", "rdd_1_0"]
    assert mm.storage_used == 2 * BLOCK
    assert not consumer.try_acquire(BLOCK)  # storage region is protected
    assert bm.get_local_values(RDDBlockId(0, 0)) == blob(0)  # read from disk
    consumer.release_all()


def test_concurrent_get_or_compute_computes_once(make_bm):
    bm = make_bm(budget=100 * BLOCK)
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.05)
        return blob(1)

    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(list(bm.get_or_compute("rdd_1_0", StorageLevel.MEMORY_ONLY, compute)))
        )
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert results == [blob(1)] * 6


def test_concurrent_puts_and_reads_from_threads(make_bm):
    bm = make_bm(budget=50 * BLOCK)
    errors = []
    levels = [StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_AND_DISK, StorageLevel.DISK_ONLY]

    def work(t):
        try:
            for i in range(40):
                bid = RDDBlockId(t, i)
                level = levels[(t + i) % 3]
                values = list(bm.get_or_compute(bid, level, lambda: [t, i] * 50))
                assert values == [t, i] * 50
                data = bm.get_serialized(bid)
                if data is not None:
                    assert bm.get_local_values(bid) == [t, i] * 50
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert bm.memory_manager.storage_used == bm.memory_store.memory_used
    for t in range(6):
        bm.remove_rdd(t)
    assert bm.memory_manager.storage_used == 0
    assert bm.disk_store.block_names() == []


def test_unpicklable_by_stdlib_records_on_disk(make_bm):
    bm = make_bm()
    bm.put_values(RDDBlockId(1, 0), [lambda x: x + 1], StorageLevel.DISK_ONLY)
    (f,) = bm.get_local_values(RDDBlockId(1, 0))
    assert f(1) == 2


def test_remove_waits_for_block_being_computed(make_bm):
    bm = make_bm()
    started = threading.Event()
    out = []

    def compute():
        started.set()
        time.sleep(0.05)
        yield from range(3000)

    t = threading.Thread(target=lambda: out.append(list(bm.get_or_compute("rdd_1_0", StorageLevel.DISK_ONLY, compute))))
    t.start()
    started.wait()
    assert bm.remove_block("rdd_1_0")  # waits until the block is written, then removes it
    t.join()
    assert out == [list(range(3000))]
    assert not bm.contains("rdd_1_0") and bm.disk_store.block_names() == []
