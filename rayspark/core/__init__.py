"""``pyspark.core`` import paths (PySpark 4 moved the RDD API under ``pyspark.core``)."""
