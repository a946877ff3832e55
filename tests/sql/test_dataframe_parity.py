"""DataFrame API results compared with values recorded from PySpark 4.3 (same scenarios,
tests/sql/parity_cases.py; expected values in tests/sql/data/pyspark_4_3_dataframe.json)."""
import json
import os

import pytest

import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity_cases  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "pyspark_4_3_dataframe.json")) as fh:
    EXPECTED = json.load(fh)


@pytest.fixture
def parity_spark(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.shuffle.partitions", "2")
    return spark


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matches_pyspark(parity_spark, name):
    from rayspark.sql import functions as F
    case = parity_cases.C(parity_spark, F)[name]
    got = json.loads(json.dumps(case(), default=str))
    assert got == EXPECTED[name]
