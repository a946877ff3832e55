"""Record the expected values of tests/sql/parity_cases.py with real PySpark (dev only:
``pip install pyspark==4.3.0``; Java 17). Usage: python tests/sql/tools/record_pyspark_parity.py"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from pyspark.sql import SparkSession, functions as F  # noqa: E402

import parity_cases  # noqa: E402

spark = (SparkSession.builder.master("local[2]")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.shuffle.partitions", "2").getOrCreate())
spark.sparkContext.setLogLevel("OFF")
out = {}
for name, f in parity_cases.C(spark, F).items():
    try:
        out[name] = f()
    except Exception as e:  # recorded so the test shows what PySpark did
        out[name] = ["EXC", type(e).__name__, str(e)[:300]]
with open(os.path.join(os.path.dirname(HERE), "data", "pyspark_4_3_dataframe.json"), "w") as fh:
    json.dump(out, fh, indent=1, default=str)
