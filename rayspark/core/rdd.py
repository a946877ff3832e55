"""``pyspark.core.rdd`` import path."""
from ..rdd.rdd import RDD
from ..rdd.partitioner import Partitioner, portable_hash

__all__ = ["RDD", "Partitioner", "portable_hash"]
