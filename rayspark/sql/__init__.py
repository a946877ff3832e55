"""rayspark.sql: Spark SQL and DataFrames on Arrow, compiled to the core's RDD stages.

``SparkSession`` is the entry point; a ``DataFrame`` is an immutable logical plan that the
optimizer and planner turn into physical operators over ``pyarrow.RecordBatch`` partitions
(see docs/sql.md)."""
from rayspark.sql import types
from rayspark.sql.row import Row
from rayspark.sql.types import *  # noqa: F401,F403 - the type classes, as pyspark.sql.types
from rayspark.sql.session import SparkSession
from rayspark.sql.dataframe import DataFrame, DataFrameNaFunctions, DataFrameStatFunctions
from rayspark.sql.column import Column
from rayspark.sql.group import GroupedData
from rayspark.sql.catalog import Catalog
from rayspark.sql.udf import UDFRegistration
from rayspark.sql.readwriter import DataFrameReader, DataFrameWriter
from rayspark.sql.observation import Observation
from rayspark.sql import functions
from rayspark.errors import AnalysisException, ParseException

try:
    from rayspark.sql.window import Window, WindowSpec
except ImportError:  # pragma: no cover - until window support lands
    Window = WindowSpec = None

__all__ = ["Row", "types", "SparkSession", "DataFrame", "Column", "GroupedData", "Catalog",
           "DataFrameNaFunctions", "DataFrameStatFunctions", "UDFRegistration",
           "DataFrameReader", "DataFrameWriter", "Observation", "functions", "Window", "WindowSpec",
           "AnalysisException", "ParseException"] + [
    name for name in types.__all__ if name != "Row"]
