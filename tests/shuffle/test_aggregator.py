"""Aggregator and the by-key combine entry points (map-side combine, reduce-side merge)."""

import dataclasses
import gc
import os
import pickle
import random
import time
from collections import Counter, defaultdict

import cloudpickle
import pytest

from rayspark.shuffle.aggregator import (
    Aggregator,
    combine_combiners_by_key,
    combine_values_by_key,
    group_by_key,
)
from rayspark.shuffle.external_aggregator import ExternalAggregator
from rayspark.shuffle.spill import FixedBudget, UnlimitedBudget

N = 200_000
SMALL = 300_000


def files_in(path):
    return os.listdir(path) if os.path.isdir(path) else []


def _add(a, b):
    return a + b


def word_pairs(n, seed, vocabulary=40_000):
    rnd = random.Random(seed)
    return [(f"w{rnd.randrange(vocabulary)}", 1) for _ in range(n)]


def test_aggregator_is_frozen_and_picklable():
    offset = 3
    agg = Aggregator(lambda v: v + offset, lambda c, v: c + v, lambda a, b: a + b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        agg.merge_value = None
    back = cloudpickle.loads(cloudpickle.dumps(agg))
    assert back.create_combiner(1) == 4 and back.merge_value(1, 2) == 3
    # the built-in aggregators pickle with plain pickle too
    for built in (Aggregator.from_reduce(_add), Aggregator.for_grouping()):
        assert pickle.loads(pickle.dumps(built)) == built


def test_reduce_by_key_with_spills(tmp_path):
    data = word_pairs(N, seed=1)
    budget = FixedBudget(SMALL)
    out = list(combine_values_by_key(Aggregator.from_reduce(_add), data, budget, str(tmp_path)))
    assert dict(out) == Counter(k for k, _ in data)
    assert len(out) == len(dict(out))
    assert files_in(tmp_path) == [] and budget.used == 0


def test_map_side_combine_then_reduce_side_merge(tmp_path):
    # combineByKey computing (sum, count) per key: four map partitions combine locally,
    # then one reducer merges their combiners -- both under a small budget.
    agg = Aggregator(
        lambda v: (v, 1),
        lambda c, v: (c[0] + v, c[1] + 1),
        lambda a, b: (a[0] + b[0], a[1] + b[1]),
    )
    rnd = random.Random(2)
    partitions = [
        [(rnd.randrange(20_000), rnd.randrange(100)) for _ in range(25_000)] for _ in range(4)
    ]
    budget = FixedBudget(SMALL)
    map_outputs = [
        list(agg.combine_values_by_key(p, budget, str(tmp_path))) for p in partitions
    ]
    assert budget.used == 0
    shuffled = [kc for out in map_outputs for kc in out]
    random.Random(3).shuffle(shuffled)
    reduced = dict(agg.combine_combiners_by_key(shuffled, budget, str(tmp_path)))
    expected = defaultdict(lambda: [0, 0])
    for p in partitions:
        for k, v in p:
            expected[k][0] += v
            expected[k][1] += 1
    assert reduced == {k: tuple(v) for k, v in expected.items()}
    assert files_in(tmp_path) == [] and budget.used == 0


def test_group_by_key_with_none_and_mixed_values(tmp_path):
    rnd = random.Random(4)
    values = [None, 1, "one", (1, None), 2.5, [None]]
    data = [((rnd.randrange(3000), "k"), rnd.choice(values)) for _ in range(80_000)]
    budget = FixedBudget(SMALL)
    got = dict(group_by_key(data, budget, str(tmp_path)))
    expected = defaultdict(list)
    for k, v in data:
        expected[k].append(v)
    assert set(got) == set(expected)
    for k in expected:
        assert sorted(map(repr, got[k])) == sorted(map(repr, expected[k]))
    assert files_in(tmp_path) == [] and budget.used == 0


def test_module_functions_and_methods_agree(tmp_path):
    agg = Aggregator.from_reduce(_add)
    data = word_pairs(20_000, seed=5)
    a = dict(combine_values_by_key(agg, data, FixedBudget(50_000), str(tmp_path)))
    b = dict(agg.combine_values_by_key(data, None, str(tmp_path)))
    c = dict(combine_combiners_by_key(agg, data, UnlimitedBudget()))
    assert a == b == c == Counter(k for k, _ in data)


def test_results_are_lazy_and_cleaned_when_abandoned(tmp_path):
    consumed = []

    def source():
        for i in range(100_000):
            consumed.append(i)
            yield (i % 10_000, i)

    budget = FixedBudget(SMALL)
    it = combine_values_by_key(Aggregator.from_reduce(_add), source(), budget, str(tmp_path))
    assert consumed == []  # nothing read before the first result is asked for
    next(it)
    assert len(consumed) == 100_000
    assert files_in(tmp_path)
    del it
    gc.collect()
    assert files_in(tmp_path) == [] and budget.used == 0


def test_errors_in_user_functions_propagate_and_clean_up(tmp_path):
    def bad_merge(c, v):
        if v == 150_000:
            raise ZeroDivisionError("boom")
        return c + v

    budget = FixedBudget(SMALL)
    agg = Aggregator(lambda v: v, bad_merge, _add)
    with pytest.raises(ZeroDivisionError):
        list(combine_values_by_key(agg, ((i % 1000, i) for i in range(N)), budget, str(tmp_path)))
    gc.collect()
    assert files_in(tmp_path) == [] and budget.used == 0


def test_throughput_no_spill_vs_plain_dict(tmp_path):
    agg = Aggregator.from_reduce(_add)
    data = word_pairs(200_000, seed=6, vocabulary=20_000)

    def plain():
        d = {}
        create, merge = agg.create_combiner, agg.merge_value
        for k, v in data:
            if k in d:
                d[k] = merge(d[k], v)
            else:
                d[k] = create(v)
        return sum(1 for _ in d.items())

    def external(budget):
        ea = ExternalAggregator(agg, budget, str(tmp_path))
        ea.insert_all(data)
        n = sum(1 for _ in ea.items())
        return n, ea.metrics

    timings = {}
    for name, fn, reps in (
        ("plain", plain, 2),
        ("unlimited", lambda: external(UnlimitedBudget()), 2),
        ("spill", lambda: external(FixedBudget(256 << 10)), 1),
    ):
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        timings[name] = (best, result)
    n = len(data)
    t_plain = timings["plain"][0]
    t_ext = timings["unlimited"][0]
    t_spill, (_, metrics) = timings["spill"]
    print(
        f"\nreduceByKey {n} records: plain dict {n / t_plain:,.0f} rec/s; ExternalAggregator "
        f"no spill {n / t_ext:,.0f} rec/s ({t_ext / t_plain - 1:+.0%}); 256 KB budget "
        f"{n / t_spill:,.0f} rec/s ({metrics.spill_count} spills)"
    )
