"""rayspark: Apache Spark's architecture and PySpark's API, rebuilt in Python on Ray.

Change ``from pyspark import ...`` to ``from rayspark import ...`` and keep working.
"""
from .version import __version__
from .conf import SparkConf
from .context import SparkContext
from .rdd.rdd import RDD
from .storage.storage_level import StorageLevel
from .broadcast import Broadcast
from .accumulators import Accumulator, AccumulatorParam
from .files import SparkFiles
from .taskcontext import TaskContext, BarrierTaskContext
from .statcounter import StatCounter
from .scheduler.status import StatusTracker, SparkJobInfo, SparkStageInfo
from .errors import PythonException, SparkException
from .rdd.partitioner import Partitioner, HashPartitioner, portable_hash

__all__ = ["SparkConf", "SparkContext", "RDD", "StorageLevel", "Broadcast", "Accumulator",
           "AccumulatorParam", "SparkFiles", "TaskContext", "BarrierTaskContext", "StatCounter",
           "StatusTracker", "SparkJobInfo", "SparkStageInfo", "PythonException", "SparkException",
           "Partitioner", "HashPartitioner", "portable_hash", "__version__"]
