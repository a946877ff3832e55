"""An app whose job fails in a task: `rayspark submit` must exit non-zero and show why."""
from rayspark import SparkContext


def check(x):
    if x == 7:
        raise ValueError("record 7 is not allowed")
    return x


sc = SparkContext()
print("sum:", sc.parallelize(range(10), 2).map(check).sum())
