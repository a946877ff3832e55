"""ExternalSorter, the batch-wise merge, and the spill helpers (SpillFile, budgets, sizes)."""

import gc
import os
import pickle
import random
import time
from itertools import chain

import pytest

from rayspark.shuffle.external_sorter import ExternalSorter, merge_sorted_batches, sort_records
from rayspark.shuffle.spill import (
    FixedBudget,
    MemoryConsumer,
    MemoryReservation,
    SpillFile,
    SpillMetrics,
    UnlimitedBudget,
    estimate_size,
)

N = 200_000
SMALL = 300_000


def files_in(path):
    return os.listdir(path) if os.path.isdir(path) else []


def _first(r):
    return r[0]


# -- ExternalSorter ------------------------------------------------------------------------


def test_sort_ints_with_spills(tmp_path):
    rnd = random.Random(1)
    data = [rnd.randrange(10**9) for _ in range(N)]
    budget = FixedBudget(SMALL)
    sorter = ExternalSorter(budget, str(tmp_path))
    sorter.insert_all(data)
    assert sorter.metrics.spill_count > 0
    assert files_in(tmp_path)
    assert list(sorter.sorted_iterator()) == sorted(data)
    assert sorter.metrics.records_spilled > 0 and sorter.metrics.bytes_spilled > 0
    assert files_in(tmp_path) == []
    assert budget.used == 0 and budget.peak <= SMALL


@pytest.mark.parametrize("reverse", [False, True])
def test_key_reverse_and_stability(tmp_path, reverse):
    # Many ties on the key; the second field is the insertion order, so equality with
    # sorted() (which is stable) proves stability across runs.
    rnd = random.Random(2)
    data = [(rnd.randrange(500), i) for i in range(N)]
    budget = FixedBudget(SMALL)
    sorter = ExternalSorter(budget, str(tmp_path), key=_first, reverse=reverse)
    sorter.insert_all(data)
    assert sorter.metrics.spill_count > 0
    assert list(sorter.sorted_iterator()) == sorted(data, key=_first, reverse=reverse)
    assert files_in(tmp_path) == [] and budget.used == 0


@pytest.mark.parametrize("reverse", [False, True])
def test_multi_pass_merge_is_stable(tmp_path, reverse):
    rnd = random.Random(3)
    data = [(rnd.randrange(100), i) for i in range(60_000)]
    budget = FixedBudget(60_000)
    sorter = ExternalSorter(budget, str(tmp_path), key=_first, reverse=reverse, merge_factor=3)
    sorter.insert_all(data)
    assert sorter.metrics.spill_count > 9  # several merge passes with merge_factor=3
    assert list(sorter.sorted_iterator()) == sorted(data, key=_first, reverse=reverse)
    assert files_in(tmp_path) == [] and budget.used == 0


def test_tuple_and_string_records(tmp_path):
    rnd = random.Random(4)
    n = 60_000
    data = [(f"k{rnd.randrange(1000)}", (rnd.randrange(5), None), rnd.random()) for _ in range(n)]
    sorter = ExternalSorter(FixedBudget(SMALL), str(tmp_path))
    sorter.insert_all(data[: n // 2])
    sorter.insert_all(iter(data[n // 2 :]))
    assert sorter.records_inserted == n
    assert list(sorter.sorted_iterator()) == sorted(data)
    assert sorter.metrics.spill_count > 0


def test_record_at_a_time_insert_spills(tmp_path):
    rnd = random.Random(9)
    data = [rnd.random() for _ in range(50_000)]
    budget = FixedBudget(100_000)
    sorter = ExternalSorter(budget, str(tmp_path), reverse=True)
    for x in data:
        sorter.insert(x)
    assert sorter.metrics.spill_count > 0
    assert list(sorter.sorted_iterator()) == sorted(data, reverse=True)
    assert files_in(tmp_path) == [] and budget.used == 0


def test_none_values_sorted_by_key(tmp_path):
    data = [(i % 997, None if i % 3 else {"v": i}) for i in range(60_000)]
    random.Random(5).shuffle(data)
    out = list(sort_records(data, FixedBudget(SMALL), str(tmp_path), key=_first))
    assert out == sorted(data, key=_first)
    assert files_in(tmp_path) == []


def test_no_spill_with_unlimited_budget(tmp_path):
    rnd = random.Random(6)
    data = [rnd.random() for _ in range(50_000)]
    budget = UnlimitedBudget()
    sorter = ExternalSorter(budget, str(tmp_path / "spill"), reverse=True)
    sorter.insert_all(data)
    assert budget.used > 0
    assert list(sorter.sorted_iterator()) == sorted(data, reverse=True)
    assert sorter.metrics == SpillMetrics()
    assert not (tmp_path / "spill").exists()
    assert budget.used == 0


def test_empty_and_tiny_inputs(tmp_path):
    assert list(sort_records([], FixedBudget(0), str(tmp_path))) == []
    # a zero budget spills every check, and still sorts
    data = list(range(500, 0, -1))
    assert list(sort_records(data, FixedBudget(0), str(tmp_path))) == sorted(data)
    assert files_in(tmp_path) == []


def test_cleanup_and_abandoned_iterators(tmp_path):
    data = list(range(N, 0, -1))
    budget = FixedBudget(SMALL)
    sorter = ExternalSorter(budget, str(tmp_path))
    sorter.insert_all(data)
    it = sorter.sorted_iterator()
    assert [next(it) for _ in range(3)] == [1, 2, 3]
    sorter.cleanup()
    assert files_in(tmp_path) == [] and budget.used == 0

    it = sort_records(data, budget, str(tmp_path))
    assert next(it) == 1
    assert files_in(tmp_path)
    del it
    gc.collect()
    assert files_in(tmp_path) == [] and budget.used == 0


def test_forced_spill_and_misuse(tmp_path):
    sorter = ExternalSorter(UnlimitedBudget(), str(tmp_path))
    sorter.insert_all([3, 1, 2])
    sorter.spill()
    assert sorter.metrics.spill_count == 1 and sorter.memory_bytes == 0
    sorter.insert(0)
    assert list(sorter.sorted_iterator()) == [0, 1, 2, 3]
    with pytest.raises(RuntimeError):
        sorter.insert_all([1])
    with pytest.raises(RuntimeError):
        sorter.sorted_iterator()
    with pytest.raises(TypeError):
        list(sort_records([1, "a"], UnlimitedBudget(), str(tmp_path)))


def test_merge_sorted_batches_randomized():
    rnd = random.Random(7)
    for _ in range(300):
        reverse = rnd.random() < 0.5
        key = rnd.choice([None, _first])
        records = [(rnd.randrange(15), i) for i in range(rnd.randrange(300))]
        cuts = sorted(rnd.sample(range(len(records) + 1), min(rnd.randrange(1, 6), len(records) + 1)))
        sources = []
        for a, b in zip([0] + cuts, cuts + [len(records)]):
            part = sorted(records[a:b], key=key, reverse=reverse)
            size = rnd.randrange(1, 40)
            sources.append(iter([part[i : i + size] for i in range(0, len(part), size)]))
        merged = list(chain.from_iterable(merge_sorted_batches(sources, key, reverse)))
        assert merged == sorted(records, key=key, reverse=reverse)


def test_throughput_no_spill_vs_sorted(tmp_path):
    rnd = random.Random(8)
    data = [(f"w{rnd.randrange(100_000)}", i) for i in range(150_000)]

    def plain():
        return sum(1 for _ in sorted(data, key=_first))

    def external(budget):
        s = ExternalSorter(budget, str(tmp_path), key=_first)
        s.insert_all(data)
        n = sum(1 for _ in s.sorted_iterator())
        return n, s.metrics

    t0 = time.perf_counter()
    plain()
    t_plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    external(UnlimitedBudget())
    t_ext = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, metrics = external(FixedBudget(2 << 20))
    t_spill = time.perf_counter() - t0
    n = len(data)
    print(
        f"\nsort {n} records: sorted() {n / t_plain:,.0f} rec/s; ExternalSorter no spill "
        f"{n / t_ext:,.0f} rec/s ({t_ext / t_plain - 1:+.0%}); 2 MB budget "
        f"{n / t_spill:,.0f} rec/s ({metrics.spill_count} spills)"
    )


# -- spill helpers -------------------------------------------------------------------------


def test_spill_file_roundtrip_segments_and_delete(tmp_path):
    d = tmp_path / "new" / "dir"
    f = SpillFile(str(d))
    assert os.path.isdir(d)
    f.write_records(list(range(2500)), 1000)
    mid = f.tell()
    f.write_batch([("a", None), ("b", b"x")])
    f.finish_writing()
    assert f.records_written == 2502 and f.batches_written == 4
    assert os.path.getsize(f.path) == f.bytes_written
    assert list(f) == list(range(2500)) + [("a", None), ("b", b"x")]
    assert list(f.records(mid)) == [("a", None), ("b", b"x")]
    assert [len(b) for b in f.batches(0, mid)] == [1000, 1000, 500]
    with pytest.raises(ValueError):
        f.write_batch([1])
    f.delete()
    f.delete()
    assert f.deleted and files_in(d) == []
    with pytest.raises(ValueError):
        list(f)


def test_spill_file_cloudpickle_fallback_and_gc(tmp_path):
    f = SpillFile(str(tmp_path))
    offset = 7
    f.write_batch([1, lambda x: x + offset])
    f.write_batch([2])
    one, fn, two = list(f)
    assert (one, fn(1), two) == (1, 8, 2)
    assert files_in(tmp_path)
    del f
    gc.collect()
    assert files_in(tmp_path) == []


def test_spill_file_detects_truncation(tmp_path):
    f = SpillFile(str(tmp_path))
    f.write_batch(list(range(100)))
    f.finish_writing()
    with open(f.path, "r+b") as fh:
        fh.truncate(20)
    with pytest.raises(EOFError):
        list(f)
    f.delete()


def test_budgets_and_reservation():
    b = FixedBudget(100)
    assert isinstance(b, MemoryConsumer) and isinstance(UnlimitedBudget(), MemoryConsumer)
    assert b.try_acquire(60) and not b.try_acquire(41) and b.try_acquire(40)
    assert b.used == 100 and b.peak == 100
    b.release(50)
    assert b.available == 50
    with pytest.raises(ValueError):
        b.release(51)
    b.release_all()
    assert b.used == 0

    r = MemoryReservation(FixedBudget(1000))
    assert r.reserve(400) and r.granted == 600  # asks for headroom
    assert r.reserve(900) and 900 <= r.granted <= 1000  # backs off to what fits
    assert not r.reserve(1001)
    assert r.release() >= 900
    assert r.consumer.used == 0 and r.granted == 0 and r.release() == 0


def test_estimate_size_is_plausible():
    small = ("word", 1)
    assert estimate_size(small) >= 50
    big = [("x" * 100, i) for i in range(10_000)]
    est = estimate_size(big)
    assert 1_000_000 < est < 3_000_000  # ~10k * (56 + 149 + 28) + list
    assert estimate_size({"a": [1, 2, 3]}) > estimate_size({})
    class Obj:
        def __init__(self):
            self.payload = "y" * 1000
    assert estimate_size(Obj()) > 1000
    nested = [[[[[[[[1]]]]]]]]
    assert estimate_size(nested) > 0


def test_metrics_add():
    m = SpillMetrics(1, 2, 3, 4)
    m.add(SpillMetrics(1, 1, 1, 1))
    assert m == SpillMetrics(2, 3, 4, 5)
    assert pickle.loads(pickle.dumps(m)) == m
