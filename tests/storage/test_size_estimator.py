import sys
import time

import numpy as np

from rayspark.storage.size_estimator import SizeTracker, deep_size, estimate_size


def test_exact_for_small_lists_of_flat_records():
    values = ["abc", "defg", 12345]
    assert estimate_size(values) == sys.getsizeof(values) + sum(sys.getsizeof(v) for v in values)
    assert estimate_size([]) == sys.getsizeof([])


def test_nested_structures_are_counted():
    rec = (1, "x" * 100, {"k": [1.5, 2.5]})
    expected = (
        sys.getsizeof(rec)
        + sys.getsizeof(1)
        + sys.getsizeof("x" * 100)
        + sys.getsizeof(rec[2])
        + sys.getsizeof("k")
        + sys.getsizeof(rec[2]["k"])
        + 2 * sys.getsizeof(1.5)
    )
    assert deep_size(rec) == expected


def test_numpy_arrays_use_nbytes():
    arr = np.zeros(100_000)
    assert 800_000 <= deep_size(arr) < 801_000
    assert estimate_size([arr, np.ones(100_000)]) > 1_600_000


def test_sampled_estimate_is_close_and_fast():
    values = [(i, str(i)) for i in range(1_000_000)]
    exact = sys.getsizeof(values) + sum(deep_size(v) for v in values[:1000]) * 1000
    start = time.perf_counter()
    est = estimate_size(values)
    elapsed = time.perf_counter() - start
    assert abs(est - exact) / exact < 0.1
    assert elapsed < 0.05


def test_cycles_terminate():
    a = []
    a.append(a)
    assert deep_size(a) == sys.getsizeof(a)


def test_size_tracker_samples_exponentially():
    tracker = SizeTracker()
    samples = 0
    for i in range(100_000):
        if tracker.wants_sample:
            samples += 1
            tracker.update(1, "x" * 50)
        else:
            tracker.update(1)
    assert 50 < samples < 200  # O(log n) measurements
    per_record = sys.getsizeof("x" * 50) + 8
    assert tracker.estimated_size == 100_000 * per_record
    tracker.reset()
    assert tracker.estimated_size == 0 and tracker.wants_sample
