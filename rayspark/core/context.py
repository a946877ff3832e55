"""``pyspark.core.context`` import path."""
from ..context import SparkContext

__all__ = ["SparkContext"]
