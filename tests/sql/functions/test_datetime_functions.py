"""Date/time functions against values recorded from PySpark 4 (session time zone UTC)."""
import datetime as dt
from decimal import Decimal

import pytest

from rayspark.sql import functions as F

from _helpers import run

SCHEMA = "d date, t timestamp, s string, n int"
ROWS = [(dt.date(2024, 1, 31), dt.datetime(2024, 3, 5, 13, 4, 5, 123456), "2024-02-29", 5),
        (dt.date(2023, 12, 3), dt.datetime(1999, 12, 31, 23, 59, 59), "2023-07-01 10:20:30", -1),
        (None, None, None, None)]
D = dt.date
T = dt.datetime

CASES = [
    (lambda: F.date_format("t", "yyyy-MM-dd HH:mm:ss.SSS"),
     "date_format(t, yyyy-MM-dd HH:mm:ss.SSS)", "string",
     ["2024-03-05 13:04:05.123", "1999-12-31 23:59:59.000", None]),
    (lambda: F.date_format("t", "EEE EEEE MMM MMMM a hh h H k K D d M y yy yyy yyyy"),
     "date_format(t, EEE EEEE MMM MMMM a hh h H k K D d M y yy yyy yyyy)", "string",
     ["Tue Tuesday Mar March PM 01 1 13 13 1 65 5 3 2024 24 2024 2024",
      "Fri Friday Dec December PM 11 11 23 23 11 365 31 12 1999 99 1999 1999", None]),
    (lambda: F.date_format("t", "SSSSSS S SS"), "date_format(t, SSSSSS S SS)", "string",
     ["123456 1 12", "000000 0 00", None]),
    (lambda: F.date_format("t", "z Z X XXX VV O"), "date_format(t, z Z X XXX VV O)", "string",
     ["UTC +0000 Z Z UTC GMT", "UTC +0000 Z Z UTC GMT", None]),
    (lambda: F.date_format("s", "yyyy"), "date_format(s, yyyy)", "string", ["2024", "2023", None]),
    (lambda: F.to_date("s"), "to_date(s)", "date", [D(2024, 2, 29), D(2023, 7, 1), None]),
    (lambda: F.to_date(F.lit("05/03/2024"), "dd/MM/yyyy"), "to_date(05/03/2024, dd/MM/yyyy)",
     "date", [D(2024, 3, 5)] * 3),
    (lambda: F.to_date("t"), "to_date(t)", "date", [D(2024, 3, 5), D(1999, 12, 31), None]),
    (lambda: F.to_timestamp("s"), "to_timestamp(s)", "timestamp",
     [T(2024, 2, 29), T(2023, 7, 1, 10, 20, 30), None]),
    (lambda: F.to_timestamp(F.lit("2024-01-02 03:04:05.678"), "yyyy-MM-dd HH:mm:ss.SSS"),
     "to_timestamp(2024-01-02 03:04:05.678, yyyy-MM-dd HH:mm:ss.SSS)", "timestamp",
     [T(2024, 1, 2, 3, 4, 5, 678000)] * 3),
    (lambda: F.try_to_timestamp(F.lit("bad"), F.lit("yyyy")), "try_to_timestamp(bad, yyyy)",
     "timestamp", [None] * 3),
    (lambda: F.unix_timestamp("t"), "unix_timestamp(t, yyyy-MM-dd HH:mm:ss)", "bigint",
     [1709643845, 946684799, None]),
    (lambda: F.unix_timestamp("d"), "unix_timestamp(d, yyyy-MM-dd HH:mm:ss)", "bigint",
     [1706659200, 1701561600, None]),
    (lambda: F.from_unixtime(F.lit(1700000000)), "from_unixtime(1700000000, yyyy-MM-dd HH:mm:ss)",
     "string", ["2023-11-14 22:13:20"] * 3),
    (lambda: F.from_unixtime(F.lit(1700000000), "yyyy-MM-dd"),
     "from_unixtime(1700000000, yyyy-MM-dd)", "string", ["2023-11-14"] * 3),
    (lambda: F.year("d"), "year(d)", "int", [2024, 2023, None]),
    (lambda: F.year("t"), "year(t)", "int", [2024, 1999, None]),
    (lambda: F.year("s"), "year(s)", "int", [2024, 2023, None]),
    (lambda: F.quarter("d"), "quarter(d)", "int", [1, 4, None]),
    (lambda: F.month("d"), "month(d)", "int", [1, 12, None]),
    (lambda: F.dayofmonth("d"), "dayofmonth(d)", "int", [31, 3, None]),
    (lambda: F.dayofweek("d"), "dayofweek(d)", "int", [4, 1, None]),
    (lambda: F.dayofyear("d"), "dayofyear(d)", "int", [31, 337, None]),
    (lambda: F.weekofyear("d"), "weekofyear(d)", "int", [5, 48, None]),
    (lambda: F.hour("t"), "hour(t)", "int", [13, 23, None]),
    (lambda: F.minute("t"), "minute(t)", "int", [4, 59, None]),
    (lambda: F.second("t"), "second(t)", "int", [5, 59, None]),
    (lambda: F.hour("s"), "hour(s)", "int", [0, 10, None]),
    (lambda: F.date_add("d", 1), "date_add(d, 1)", "date", [D(2024, 2, 1), D(2023, 12, 4), None]),
    (lambda: F.date_add("d", "n"), "date_add(d, n)", "date",
     [D(2024, 2, 5), D(2023, 12, 2), None]),
    (lambda: F.date_sub("d", 1), "date_sub(d, 1)", "date", [D(2024, 1, 30), D(2023, 12, 2), None]),
    (lambda: F.dateadd("d", 1), "date_add(d, 1)", "date", [D(2024, 2, 1), D(2023, 12, 4), None]),
    (lambda: F.col("d") + 1, "date_add(d, 1)", "date", [D(2024, 2, 1), D(2023, 12, 4), None]),
    (lambda: F.col("d") - 1, "date_sub(d, 1)", "date", [D(2024, 1, 30), D(2023, 12, 2), None]),
    (lambda: F.datediff("d", F.lit("2024-01-01")), "datediff(d, 2024-01-01)", "int",
     [30, -29, None]),
    (lambda: F.date_diff("d", F.lit("2024-01-01")), "date_diff(d, 2024-01-01)", "int",
     [30, -29, None]),
    (lambda: F.add_months("d", 1), "add_months(d, 1)", "date",
     [D(2024, 2, 29), D(2024, 1, 3), None]),
    (lambda: F.add_months("d", "n"), "add_months(d, n)", "date",
     [D(2024, 6, 30), D(2023, 11, 3), None]),
    (lambda: F.months_between("t", "d"), "months_between(t, d, true)", "double",
     [1.17885491, -287.0645165, None]),
    (lambda: F.months_between("d", F.lit("2023-11-30")), "months_between(d, 2023-11-30, true)",
     "double", [2.0, 0.12903226, None]),
    (lambda: F.months_between("t", "d", False), "months_between(t, d, false)", "double",
     [1.178854913381123, -287.0645165023895, None]),
    (lambda: F.last_day("d"), "last_day(d)", "date", [D(2024, 1, 31), D(2023, 12, 31), None]),
    (lambda: F.last_day("s"), "last_day(s)", "date", [D(2024, 2, 29), D(2023, 7, 31), None]),
    (lambda: F.next_day("d", "Mon"), "next_day(d, Mon)", "date",
     [D(2024, 2, 5), D(2023, 12, 4), None]),
    (lambda: F.trunc("d", "month"), "trunc(d, month)", "date", [D(2024, 1, 1), D(2023, 12, 1), None]),
    (lambda: F.trunc("d", "year"), "trunc(d, year)", "date", [D(2024, 1, 1), D(2023, 1, 1), None]),
    (lambda: F.trunc("d", "week"), "trunc(d, week)", "date", [D(2024, 1, 29), D(2023, 11, 27), None]),
    (lambda: F.trunc("d", "quarter"), "trunc(d, quarter)", "date",
     [D(2024, 1, 1), D(2023, 10, 1), None]),
    (lambda: F.trunc("d", "bad"), "trunc(d, bad)", "date", [None] * 3),
    (lambda: F.date_trunc("hour", "t"), "date_trunc(hour, t)", "timestamp",
     [T(2024, 3, 5, 13), T(1999, 12, 31, 23), None]),
    (lambda: F.date_trunc("month", "t"), "date_trunc(month, t)", "timestamp",
     [T(2024, 3, 1), T(1999, 12, 1), None]),
    (lambda: F.date_trunc("week", "t"), "date_trunc(week, t)", "timestamp",
     [T(2024, 3, 4), T(1999, 12, 27), None]),
    (lambda: F.date_trunc("quarter", "t"), "date_trunc(quarter, t)", "timestamp",
     [T(2024, 1, 1), T(1999, 10, 1), None]),
    (lambda: F.make_date(F.lit(2024), F.lit(2), F.lit(29)), "make_date(2024, 2, 29)", "date",
     [D(2024, 2, 29)] * 3),
    (lambda: F.make_timestamp(F.lit(2024), F.lit(2), F.lit(29), F.lit(1), F.lit(2), F.lit(3.5)),
     "make_timestamp(2024, 2, 29, 1, 2, 3.5)", "timestamp", [T(2024, 2, 29, 1, 2, 3, 500000)] * 3),
    (lambda: F.to_utc_timestamp("t", "Asia/Seoul"), "to_utc_timestamp(t, Asia/Seoul)",
     "timestamp", [T(2024, 3, 5, 4, 4, 5, 123456), T(1999, 12, 31, 14, 59, 59), None]),
    (lambda: F.from_utc_timestamp("t", "America/New_York"),
     "from_utc_timestamp(t, America/New_York)", "timestamp",
     [T(2024, 3, 5, 8, 4, 5, 123456), T(1999, 12, 31, 18, 59, 59), None]),
    (lambda: F.timestamp_seconds(F.lit(1700000000)), "timestamp_seconds(1700000000)", "timestamp",
     [T(2023, 11, 14, 22, 13, 20)] * 3),
    (lambda: F.timestamp_millis(F.lit(1700000000123)), "timestamp_millis(1700000000123)",
     "timestamp", [T(2023, 11, 14, 22, 13, 20, 123000)] * 3),
    (lambda: F.unix_date("d"), "unix_date(d)", "int", [19753, 19694, None]),
    (lambda: F.unix_seconds("t"), "unix_seconds(t)", "bigint", [1709643845, 946684799, None]),
    (lambda: F.unix_micros("t"), "unix_micros(t)", "bigint",
     [1709643845123456, 946684799000000, None]),
    (lambda: F.weekday("d"), "weekday(d)", "int", [2, 6, None]),
    (lambda: F.extract(F.lit("YEAR"), "t"), "extract(YEAR FROM t)", "int", [2024, 1999, None]),
    (lambda: F.extract(F.lit("second"), "t"), "extract(second FROM t)", "decimal(8,6)",
     [Decimal("5.123456"), Decimal("59.000000"), None]),
    (lambda: F.date_part(F.lit("month"), "d"), "date_part(month, d)", "int", [1, 12, None]),
    (lambda: F.datepart(F.lit("dow"), "d"), "datepart(dow FROM d)", "int", [4, 1, None]),
    (lambda: F.date_from_unix_date(F.lit(10)), "date_from_unix_date(10)", "date",
     [D(1970, 1, 11)] * 3),
    (lambda: F.to_timestamp_ntz("s"), "to_timestamp_ntz(s)", "timestamp_ntz",
     [T(2024, 2, 29), T(2023, 7, 1, 10, 20, 30), None]),
    (lambda: F.dayname("d"), "dayname(d)", "string", ["Wed", "Sun", None]),
    (lambda: F.monthname("d"), "monthname(d)", "string", ["Jan", "Dec", None]),
]


@pytest.mark.parametrize("make,name,dtype,values", CASES, ids=[c[1] for c in CASES])
def test_datetime_function(make, name, dtype, values):
    assert run(make(), SCHEMA, ROWS) == (name, dtype, values)


@pytest.mark.parametrize("make,cls", [
    (lambda: F.to_date("s", "yyyy-MM-dd"), "CANNOT_PARSE_TIMESTAMP"),
    (lambda: F.to_date(F.lit("x"), "yyyy-MM-dd"), "CANNOT_PARSE_TIMESTAMP"),
    (lambda: F.to_timestamp(F.lit("bad"), "yyyy"), "CANNOT_PARSE_TIMESTAMP"),
    (lambda: F.make_date(F.lit(2024), F.lit(2), F.lit(30)),
     "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION"),
])
def test_ansi_errors(make, cls):
    with pytest.raises(Exception) as info:
        run(make(), SCHEMA, ROWS)
    assert info.value.getErrorClass() == cls


def test_current_date_and_timestamp():
    name, dtype, vals = run(F.current_date(), SCHEMA, ROWS)
    assert (name, dtype) == ("current_date()", "date")
    assert vals[0] == dt.datetime.now(dt.timezone.utc).date()
    assert run(F.current_timestamp(), SCHEMA, ROWS)[:2] == ("current_timestamp()", "timestamp")
    assert run(F.now(), SCHEMA, ROWS)[:2] == ("now()", "timestamp")


def test_unix_timestamp_truncates_fractions_toward_zero(spark):
    # values recorded from PySpark 4 (UTC): Java's long division, so -0.5 s is 0, not -1
    got = spark.sql(
        "SELECT unix_timestamp(TIMESTAMP '1969-12-31 23:59:59.5') a, "
        "unix_timestamp(TIMESTAMP '1970-01-01 00:00:00.5') b, "
        "unix_timestamp(TIMESTAMP '1969-12-31 23:59:58.9') c, "
        "unix_timestamp('1969-12-31 23:59:59.500', 'yyyy-MM-dd HH:mm:ss.SSS') d").first()
    assert tuple(got) == (0, 0, -1, 0)
