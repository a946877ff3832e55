"""``RDD.histogram``: counts in even or given buckets (PySpark's semantics for edges/NaN)."""
from __future__ import annotations

import bisect
import math
from typing import Any, List, Tuple, Union


def histogram(rdd, buckets: Union[int, List[Any], Tuple[Any, ...]]):
    if isinstance(buckets, int):
        if buckets < 1:
            raise ValueError("number of buckets must be >= 1")

        def comparable(x):
            if x is None:
                return False
            if type(x) is float and math.isnan(x):
                return False
            return True
        filtered = rdd.filter(comparable)

        def minmax(a, b):
            return min(a[0], b[0]), max(a[1], b[1])
        try:
            # an empty RDD fails here with reduce()'s ValueError, as in PySpark
            minv, maxv = filtered.map(lambda x: (x, x)).reduce(minmax)
        except TypeError as e:
            if " empty " in str(e):
                raise ValueError("can not generate buckets from empty RDD")
            raise
        if minv == maxv or buckets == 1:
            return [minv, maxv], [filtered.count()]
        try:
            inc = (maxv - minv) / buckets
        except TypeError:
            raise TypeError("Can not generate buckets with non-number in RDD")
        if math.isinf(inc):
            raise ValueError("Can not generate buckets with infinite value")
        inc = int(inc)
        if inc * buckets != maxv - minv:
            inc = (maxv - minv) * 1.0 / buckets
        buckets = [i * inc + minv for i in range(buckets)]
        buckets.append(maxv)
        even = True
    elif isinstance(buckets, (list, tuple)):
        if len(buckets) < 2:
            raise ValueError("buckets should have more than one value")
        if any(i is None or isinstance(i, float) and math.isnan(i) for i in buckets):
            raise ValueError("can not have None or NaN in buckets")
        if sorted(buckets) != list(buckets):
            raise ValueError("buckets should be sorted")
        if len(set(buckets)) != len(buckets):
            raise ValueError("buckets should not contain duplicated values")
        minv = buckets[0]
        maxv = buckets[-1]
        even = False
        inc = None
        try:
            steps = [buckets[i + 1] - buckets[i] for i in range(len(buckets) - 1)]
        except TypeError:
            pass
        else:
            if max(steps) - min(steps) < 1e-10:
                even = True
                inc = (maxv - minv) / (len(buckets) - 1)
    else:
        raise TypeError("buckets should be a list or tuple or number(int or long)")

    bl = list(buckets)      # the caller's buckets (list or tuple) are returned as given

    def hist_partition(iterator):
        counters = [0] * len(bl)
        for i in iterator:
            if i is None or (isinstance(i, float) and math.isnan(i)) or i > maxv or i < minv:
                continue
            t = int((i - minv) / inc) if even else bisect.bisect_right(bl, i) - 1
            counters[t] += 1
        last = counters.pop()
        counters[-1] += last
        return [counters]

    def merge(a, b):
        return [i + j for i, j in zip(a, b)]
    return buckets, rdd.mapPartitions(hist_partition).reduce(merge)
