"""rayspark.sql: Spark SQL and DataFrames on Arrow.

So far this package holds the foundation the DataFrame layer builds on: the data types
(:mod:`rayspark.sql.types`), :class:`Row`, DDL schema strings (:mod:`rayspark.sql.ddl`) and
the Arrow mapping (:mod:`rayspark.sql.arrow_types`).
"""
from rayspark.sql import types
from rayspark.sql.row import Row
from rayspark.sql.types import *  # noqa: F401,F403 - the type classes, as pyspark.sql.types

__all__ = ["Row", "types"] + [name for name in types.__all__ if name != "Row"]
