import threading

from rayspark.storage.block_id import RDDBlockId
from rayspark.storage.memory_manager import DEFAULT_RESERVED_BYTES, TaskMemoryConsumer, UnifiedMemoryManager
from rayspark.storage.memory_store import MemoryStore

MiB = 1024 * 1024


def manager(total=1000, storage_fraction=0.5):
    return UnifiedMemoryManager(total, memory_fraction=1.0, storage_fraction=storage_fraction, reserved_bytes=0)


def test_budget_formula_with_default_reserve():
    mm = UnifiedMemoryManager(1024 * MiB)
    assert mm.reserved_bytes == DEFAULT_RESERVED_BYTES
    assert mm.max_memory == int((1024 - 300) * MiB * 0.6)
    assert mm.storage_region_size == int(mm.max_memory * 0.5)


def test_reserve_capped_at_half_for_tiny_budgets():
    mm = UnifiedMemoryManager(1000)
    assert mm.reserved_bytes == 500
    assert mm.max_memory == 300
    assert mm.storage_free == 300


def test_storage_borrows_free_execution_memory():
    mm = manager()
    assert mm.acquire_storage("b", 800)
    assert mm.storage_used == 800
    assert mm.max_storage == 1000
    assert mm.storage_free == 200
    assert not mm.acquire_storage("c", 300)
    mm.release_storage(800)
    assert mm.storage_used == 0


def test_storage_never_evicts_execution():
    mm = manager()
    assert mm.acquire_execution(1, 900) == 900
    assert mm.max_storage == 100
    calls = []
    assert not mm.acquire_storage("b", 200, evict=lambda n: calls.append(n) or 0)
    assert calls == []  # cannot fit even with all blocks evicted: not even tried
    assert mm.acquire_storage("b", 100)
    assert mm.execution_used == 900


def test_execution_borrows_all_free_storage():
    mm = manager()
    assert mm.acquire_execution(1, 1000) == 1000
    assert mm.execution_used == 1000
    assert mm.max_storage == 0
    assert not mm.acquire_storage("b", 1)
    mm.release_execution(1, 1000)
    assert mm.execution_used == 0
    assert mm.acquire_storage("b", 1000)


def test_execution_without_evictor_gets_only_free_memory():
    mm = manager()
    assert mm.acquire_storage("b", 800)
    assert mm.acquire_execution(1, 500) == 200


def test_execution_evicts_cached_blocks_beyond_storage_region_only():
    mm = manager()
    store = MemoryStore(mm)  # registers itself as the evictor
    for i in range(8):
        assert store.put_bytes(RDDBlockId(1, i), b"x" * 100)
    assert mm.storage_used == 800
    assert mm.acquire_execution(1, 500) == 500
    # The three least recently used blocks went; the storage region (500) is kept.
    assert [b.split_index for b in store.block_ids()] == [3, 4, 5, 6, 7]
    assert mm.storage_used == 500
    # Blocks inside the storage region are never evicted for execution.
    assert mm.acquire_execution(1, 100) == 0
    assert store.memory_used == 500


def test_fair_share_between_tasks():
    mm = manager()
    assert mm.acquire_execution("t1", 400) == 400
    # Two active tasks: each may hold at most 1000 // 2.
    assert mm.acquire_execution("t2", 1000) == 500
    assert mm.acquire_execution("t1", 500) == 100  # only what is free
    assert mm.release_all_execution("t1") == 500
    assert mm.release_all_execution("t2") == 500
    assert mm.execution_used == 0


def test_release_more_than_held_is_clamped():
    mm = manager()
    mm.acquire_execution(1, 100)
    mm.release_execution(1, 1000)
    assert mm.execution_used == 0
    mm.release_storage(5)
    assert mm.storage_used == 0


def test_task_memory_consumer_all_or_nothing():
    mm = manager()
    a = TaskMemoryConsumer(mm, 7)
    b = TaskMemoryConsumer(mm, 7)
    assert a.try_acquire(600)
    assert not b.try_acquire(600)
    assert b.used == 0 and mm.execution_used == 600
    assert b.try_acquire(400)
    a.release(100)
    assert a.used == 500 and mm.execution_used == 900
    a.release_all()
    b.release_all()
    assert mm.execution_used == 0 and mm.execution_used_by(7) == 0


def test_concurrent_acquire_release_balances_to_zero():
    mm = manager(100_000)

    def work(tid):
        consumer = TaskMemoryConsumer(mm, tid)
        for _ in range(500):
            if consumer.try_acquire(50):
                assert mm.acquire_storage(("s", tid), 10)
                mm.release_storage(10)
                consumer.release(50)
        consumer.release_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert mm.execution_used == 0
    assert mm.storage_used == 0
    assert mm.storage_free == mm.max_memory
