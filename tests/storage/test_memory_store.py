import threading

from rayspark.storage.block_id import BroadcastBlockId, RDDBlockId
from rayspark.storage.disk_store import dump_values
from rayspark.storage.memory_manager import UnifiedMemoryManager
from rayspark.storage.memory_store import MemoryStore


def make_store(total=300):
    mm = UnifiedMemoryManager(total, memory_fraction=1.0, reserved_bytes=0)
    evicted = []
    store = MemoryStore(mm, on_evict=lambda entries: evicted.extend(b for b, _ in entries))
    return mm, store, evicted


def test_put_get_and_accounting():
    mm, store, _ = make_store()
    assert store.put_values(RDDBlockId(1, 0), [1, 2, 3], size=100)
    assert store.contains(RDDBlockId(1, 0))
    assert store.get_values(RDDBlockId(1, 0)) == [1, 2, 3]
    assert store.size_of(RDDBlockId(1, 0)) == 100
    assert mm.storage_used == 100 and store.memory_used == 100
    assert store.remove(RDDBlockId(1, 0))
    assert not store.remove(RDDBlockId(1, 0))
    assert mm.storage_used == 0 and store.memory_used == 0
    assert store.get_values(RDDBlockId(1, 0)) is None


def test_size_is_estimated_when_not_given():
    mm, store, _ = make_store(10_000_000)
    assert store.put_values(BroadcastBlockId(1), list(range(1000)))
    assert store.size_of(BroadcastBlockId(1)) > 8000
    assert mm.storage_used == store.size_of(BroadcastBlockId(1))


def test_bytes_entries_convert_both_ways():
    _, store, _ = make_store(100_000)
    data = dump_values(["a", "b"])
    assert store.put_bytes(BroadcastBlockId(1), data)
    assert store.size_of(BroadcastBlockId(1)) == len(data)
    assert store.get_values(BroadcastBlockId(1)) == ["a", "b"]
    assert store.get_bytes(BroadcastBlockId(1)) == data
    store.put_values(BroadcastBlockId(2), [1, (2, 3)], size=10)
    assert store.get_bytes(BroadcastBlockId(2)) == dump_values([1, (2, 3)])


def test_lru_eviction_order_with_access_updating_recency():
    mm, store, evicted = make_store(300)
    a, b, c, d = (RDDBlockId(i, 0) for i in range(4))
    for bid in (a, b, c):
        assert store.put_values(bid, [bid.rdd_id], size=100)
    assert store.get_values(a) == [0]  # a becomes most recently used
    assert store.put_values(d, [3], size=100)
    assert evicted == [b]
    assert store.block_ids() == [c, a, d]
    assert store.put_values(RDDBlockId(9, 0), [9], size=150)
    assert evicted == [b, c, a]
    assert mm.storage_used == 250


def test_never_evicts_blocks_of_the_rdd_being_written():
    mm, store, evicted = make_store(300)
    assert store.put_values(RDDBlockId(1, 0), [], size=100)
    assert store.put_values(RDDBlockId(1, 1), [], size=100)
    assert store.put_values(RDDBlockId(2, 0), [], size=100)
    assert store.put_values(RDDBlockId(1, 2), [], size=100)
    assert evicted == [RDDBlockId(2, 0)]
    # Only rdd 1's own blocks are left: the put fails and nothing is evicted.
    assert not store.put_values(RDDBlockId(1, 3), [], size=100)
    assert evicted == [RDDBlockId(2, 0)]
    assert store.block_ids() == [RDDBlockId(1, 0), RDDBlockId(1, 1), RDDBlockId(1, 2)]
    assert mm.storage_used == 300


def test_nothing_evicted_when_block_cannot_fit():
    mm, store, evicted = make_store(300)
    assert store.put_values(RDDBlockId(1, 0), [], size=100)
    assert not store.put_values(RDDBlockId(2, 0), [], size=301)
    assert evicted == [] and store.contains(RDDBlockId(1, 0))


def test_evict_blocks_to_free_space_direct_call():
    mm, store, evicted = make_store(300)
    for i in range(3):
        store.put_values(RDDBlockId(i, 0), [i], size=100)
    out = store.evict_blocks_to_free_space(150, exclude_rdd_id=0)
    assert [b for b, _ in out] == [RDDBlockId(1, 0), RDDBlockId(2, 0)]
    assert [e.value for _, e in out] == [[1], [2]]
    assert evicted == []  # direct callers handle the entries themselves
    assert mm.storage_used == 100
    assert store.evict_blocks_to_free_space(500) == []
    assert store.contains(RDDBlockId(0, 0))


def test_putting_existing_block_is_a_no_op():
    mm, store, _ = make_store(300)
    assert store.put_values(RDDBlockId(1, 0), [1], size=100)
    assert store.put_values(RDDBlockId(1, 0), [2], size=100)
    assert store.get_values(RDDBlockId(1, 0)) == [1]
    assert mm.storage_used == 100


def test_clear_releases_everything():
    mm, store, _ = make_store(300)
    for i in range(3):
        store.put_values(RDDBlockId(i, 0), [i], size=90)
    store.clear()
    assert mm.storage_used == 0 and store.block_ids() == []


def test_concurrent_puts_gets_and_removes():
    mm, store, _ = make_store(1_000_000)
    errors = []

    def work(t):
        try:
            for i in range(300):
                bid = RDDBlockId(t, i)
                assert store.put_values(bid, [t, i], size=100)
                assert store.get_values(bid) == [t, i]
                if i % 2:
                    assert store.remove(bid)
        except AssertionError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.block_ids()) == 8 * 150
    assert mm.storage_used == store.memory_used == 8 * 150 * 100
