"""ExternalAggregator: exact by-key results under a memory budget small enough to spill often."""

import gc
import os
import random
from collections import Counter, defaultdict

import pytest

from rayspark.shuffle.aggregator import Aggregator
from rayspark.shuffle.external_aggregator import MAX_LEVEL, ExternalAggregator
from rayspark.shuffle.spill import FixedBudget, UnlimitedBudget

N = 200_000
SMALL = 300_000  # bytes: forces dozens of spills on N records


def _add(a, b):
    return a + b


SUM = Aggregator.from_reduce(_add)
GROUP = Aggregator.for_grouping()


def words(n=N, vocabulary=50_000, seed=1):
    rnd = random.Random(seed)
    return [(f"w{rnd.randrange(vocabulary)}", 1) for _ in range(n)]


def files_in(path):
    return os.listdir(path) if os.path.isdir(path) else []


def test_word_count_spills_and_matches_counter(tmp_path):
    data = words()
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(SUM, budget, str(tmp_path))
    agg.insert_all(data)
    assert agg.metrics.spill_count > 0
    assert budget.used <= SMALL
    out = list(agg.items())
    assert len(out) == len({k for k, _ in out})  # every key exactly once
    assert dict(out) == Counter(k for k, _ in data)
    m = agg.metrics
    assert m.spill_count > 5 and m.records_spilled > 0 and m.bytes_spilled > 0
    assert files_in(tmp_path) == []
    assert budget.used == 0
    assert budget.peak <= SMALL


def test_no_spill_with_unlimited_budget(tmp_path):
    data = words(50_000)
    budget = UnlimitedBudget()
    agg = ExternalAggregator(SUM, budget, str(tmp_path / "spill"))
    agg.insert_all(data)
    assert budget.used > 0  # the dict's memory was accounted
    assert dict(agg.items()) == Counter(k for k, _ in data)
    assert agg.metrics.spill_count == 0
    assert agg.metrics.bytes_spilled == 0
    assert not (tmp_path / "spill").exists()
    assert budget.used == 0


def test_group_by_key_lists_with_spills(tmp_path):
    rnd = random.Random(7)
    data = [(rnd.randrange(5_000), rnd.randrange(1_000_000)) for _ in range(N)]
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(GROUP, budget, str(tmp_path))
    agg.insert_all(data)
    got = {k: sorted(v) for k, v in agg.items()}
    expected = defaultdict(list)
    for k, v in data:
        expected[k].append(v)
    assert got == {k: sorted(v) for k, v in expected.items()}
    assert agg.metrics.spill_count > 0
    assert files_in(tmp_path) == [] and budget.used == 0


def test_insert_then_merge_combiners(tmp_path):
    # values into one aggregator, then partial combiners from "other map outputs"
    data = words(60_000, seed=2)
    partials = [Counter(k for k, _ in words(20_000, seed=s)) for s in (3, 4, 5)]
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(SUM, budget, str(tmp_path))
    agg.insert_all(data)
    for p in partials:
        agg.merge_all_combiners(p.items())
    expected = Counter(k for k, _ in data)
    for p in partials:
        expected.update(p)
    assert dict(agg.items()) == expected
    assert agg.metrics.spill_count > 0
    assert files_in(tmp_path) == [] and budget.used == 0


def test_tuple_none_and_mixed_keys_and_values(tmp_path):
    rnd = random.Random(11)
    keys = [None, ("a", 1), ("a", 2), (1, (2, 3)), "x", 7, 7.5, -1, -2, b"raw", frozenset({1, 2})]
    keys += [("t", i) for i in range(3000)]
    values = [None, 0, "s", (1, None), [1, 2], 3.25, b"b"]
    data = [(rnd.choice(keys), rnd.choice(values)) for _ in range(60_000)]
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(GROUP, budget, str(tmp_path))
    agg.insert_all(data)
    got = dict(agg.items())
    expected = defaultdict(list)
    for k, v in data:
        expected[k].append(v)
    assert set(got) == set(expected)
    for k, vs in expected.items():
        assert sorted(map(repr, got[k])) == sorted(map(repr, vs))
    assert agg.metrics.spill_count > 0
    assert files_in(tmp_path) == [] and budget.used == 0


def test_keys_aligned_with_partitioner_still_spread(tmp_path):
    # A reduce partition of a hash partitioner with 64 partitions only has keys k with
    # hash(k) % 64 == r; spill buckets must not all collapse into one.
    data = [(64 * (i % 20_000), i) for i in range(N)]
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(SUM, budget, str(tmp_path), num_buckets=64)
    agg.insert_all(data)
    assert agg._spills
    f, offsets = agg._spills[0]
    nonempty = sum(1 for b in range(64) if offsets[b + 1] > offsets[b])
    assert nonempty > 32
    expected = Counter()
    for k, v in data:
        expected[k] += v
    assert dict(agg.items()) == expected


def test_recursive_repartition_of_big_buckets(tmp_path):
    # Two buckets for lots of distinct keys: each bucket is far bigger than the budget, so
    # the children re-partition with another hash salt.
    data = [(("k", i % 20_000), 1) for i in range(60_000)]
    budget = FixedBudget(100_000)
    agg = ExternalAggregator(SUM, budget, str(tmp_path), num_buckets=2)
    agg.insert_all(data)
    top_level_spills = agg.metrics.spill_count + 1  # +1: the remainder spilled by items()
    got = dict(agg.items())
    assert agg.metrics.spill_count > top_level_spills  # children spilled too
    expected = Counter(k for k, _ in data)
    assert got == expected
    assert files_in(tmp_path) == [] and budget.used == 0


def test_single_huge_key_terminates(tmp_path):
    # groupByKey with one key holding most values: that key's list is allowed in memory,
    # and recursion must stop.
    data = [("hot", i) for i in range(60_000)] + [(i, i) for i in range(5_000)]
    random.Random(3).shuffle(data)
    budget = FixedBudget(100_000)
    agg = ExternalAggregator(GROUP, budget, str(tmp_path), num_buckets=4)
    agg.insert_all(data)
    got = dict(agg.items())
    assert sorted(got["hot"]) == list(range(60_000))
    assert len(got) == 5_001
    assert files_in(tmp_path) == [] and budget.used == 0
    assert MAX_LEVEL >= 2


def test_cleanup_and_abandoned_iterators(tmp_path):
    data = words(100_000)
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(SUM, budget, str(tmp_path))
    agg.insert_all(data)
    assert files_in(tmp_path)
    it = agg.items()
    for _ in range(10):
        next(it)
    agg.cleanup()
    assert files_in(tmp_path) == [] and budget.used == 0

    agg2 = ExternalAggregator(SUM, budget, str(tmp_path))
    agg2.insert_all(data)
    it = agg2.items()
    next(it)
    del it
    gc.collect()
    assert files_in(tmp_path) == [] and budget.used == 0


def test_spill_files_removed_when_owner_collected(tmp_path):
    budget = FixedBudget(SMALL)
    agg = ExternalAggregator(SUM, budget, str(tmp_path))
    agg.insert_all(words(100_000))
    assert files_in(tmp_path)
    del agg
    gc.collect()
    assert files_in(tmp_path) == []


def test_forced_spill_and_protocol_errors(tmp_path):
    budget = UnlimitedBudget()
    agg = ExternalAggregator(SUM, budget, str(tmp_path))
    agg.insert_all([("a", 1), ("b", 2)])
    assert agg.spill() > 0
    assert budget.used == 0 and agg.metrics.spill_count == 1
    agg.insert_all([("a", 10)])
    assert dict(agg.items()) == {"a": 11, "b": 2}
    with pytest.raises(RuntimeError):
        agg.insert_all([("a", 1)])
    with pytest.raises(RuntimeError):
        agg.items()
    with pytest.raises(ValueError):
        ExternalAggregator(SUM, budget, str(tmp_path), num_buckets=1)


def test_empty_input(tmp_path):
    agg = ExternalAggregator(SUM, FixedBudget(1000), str(tmp_path))
    agg.insert_all([])
    assert list(agg.items()) == []
