"""How TIMESTAMP values leave a DataFrame under a non-UTC session zone, as in PySpark 4
(values recorded from PySpark with the Python process in UTC): collect(), toLocalIterator()
and .rdd give naive datetimes in the *process'* local zone; show(), toJSON() and toPandas()
give the wall clock in the *session* zone."""
from __future__ import annotations

import datetime

import pytest

# TIMESTAMP '2024-01-01 10:00:00' read in the session zone, as seconds since the epoch
INSTANTS = {"+05:30": 1704083400, "America/Los_Angeles": 1704132000, "UTC": 1704103200}
JSON = {"+05:30": '{"t":"2024-01-01T10:00:00.000+05:30","a":1}',
        "America/Los_Angeles": '{"t":"2024-01-01T10:00:00.000-08:00","a":1}',
        "UTC": '{"t":"2024-01-01T10:00:00.000Z","a":1}'}


@pytest.mark.parametrize("zone", sorted(INSTANTS))
def test_collect_is_process_local_show_json_pandas_are_session_local(spark, zone):
    spark.conf.set("spark.sql.session.timeZone", zone)
    df = spark.sql("SELECT TIMESTAMP '2024-01-01 10:00:00' AS t, 1 AS a")
    local = datetime.datetime.fromtimestamp(INSTANTS[zone])
    assert df.collect()[0].t == local
    assert next(df.toLocalIterator()).t == local
    assert df.rdd.collect()[0].t == local
    assert "|2024-01-01 10:00:00|" in df._show_string()
    assert df.toJSON().collect() == [JSON[zone]]
    assert str(df.toPandas().t[0]) == "2024-01-01 10:00:00"
