"""show(), the notebook HTML table, repr and the pretty value strings.

Every expected string below is what PySpark 4.3.0 (Java 17, spark.sql.session.timeZone=UTC,
TZ=UTC) printed: ``df._jdf.showString(n, truncate, vertical)`` / ``htmlString(n, truncate)``
for DataFrames of string columns holding the cells of TABLES, and ``showString`` of
``spark.sql("select <expr> as v")`` for the values (the Python value is what ``collect()``
returned for it). PySpark is not needed to run these tests.
"""
import datetime
import sys
import os
import time
from decimal import Decimal

import pytest

from rayspark.sql import Row
from rayspark.sql.formatting import (html_table, pretty_string, repr_string, show_string,
                                     string_half_width)
from rayspark.sql.types import *  # noqa: F401,F403 - the type reprs of VALUE_CASES

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from formatting_cases import VALUE_CASES  # noqa: E402


@pytest.fixture(autouse=True)
def ray_session():
    """These are pure functions: no Ray (overrides the suite-wide fixture)."""
    yield




@pytest.mark.parametrize("expr,value,data_type,shown,cast", VALUE_CASES,
                         ids=[c[0] for c in VALUE_CASES])
def test_pretty_string_matches_show(expr, value, data_type, shown, cast):
    assert pretty_string(value, data_type) == shown


def test_pretty_string_basics():
    assert pretty_string(None, IntegerType()) == "NULL"
    assert pretty_string(None, ArrayType(IntegerType())) == "NULL"
    assert pretty_string(False, BooleanType()) == "false"
    assert pretty_string(1.0, DoubleType()) == "1.0"
    assert pretty_string(1e20, DoubleType()) == "1.0E20"
    assert pretty_string(float("nan"), DoubleType()) == "NaN"
    assert pretty_string(float("-inf"), DoubleType()) == "-Infinity"
    assert pretty_string(-0.0, DoubleType()) == "-0.0"
    assert pretty_string(3, DoubleType()) == "3.0"
    # a FloatType value arrives widened to a double; Spark prints the float
    assert pretty_string(0.10000000149011612, FloatType()) == "0.1"
    assert pretty_string(Decimal("1.5"), DecimalType(10, 3)) == "1.500"
    assert pretty_string(Decimal("1E+2"), DecimalType(10, 0)) == "100"
    assert pretty_string(bytearray(b"\x01\x02\xff"), BinaryType()) == "[01 02 FF]"
    assert pretty_string(b"", BinaryType()) == "[]"
    assert pretty_string("x", StringType()) == "x"
    assert pretty_string(None, NullType()) == "NULL"


def test_pretty_string_nested():
    t = StructType([StructField("a", ArrayType(MapType(StringType(), DoubleType()))),
                    StructField("b", BinaryType()), StructField("c", DateType())])
    value = Row(a=[{"x": 1.0, "y": None}, None, {}], b=b"\x0a", c=None)
    assert pretty_string(value, t) == "{[{x -> 1.0, y -> NULL}, NULL, {}], [0A], NULL}"
    # structs may also come as plain tuples or dicts
    assert pretty_string((1, "x"), StructType([StructField("i", IntegerType()),
                                               StructField("s", StringType())])) == "{1, x}"
    assert pretty_string({"s": "x", "i": 1}, StructType([StructField("i", IntegerType()),
                                                         StructField("s", StringType())])) \
        == "{1, x}"
    assert pretty_string(Row(), StructType([])) == "{}"


def test_pretty_string_timestamps_in_session_zone():
    utc = datetime.timezone.utc
    la = "America/Los_Angeles"
    ts = TimestampType()
    # PySpark 4.3, spark.sql.session.timeZone=America/Los_Angeles, cast(... as string)
    assert pretty_string(datetime.datetime(1970, 1, 1, tzinfo=utc), ts, la) == \
        "1969-12-31 16:00:00"
    assert pretty_string(datetime.datetime(2024, 3, 10, 10, 30, tzinfo=utc), ts, la) == \
        "2024-03-10 03:30:00"
    # local mean time before 1883 (-07:52:58), and a wall clock in year 0
    assert pretty_string(datetime.datetime(1874, 12, 7, 18, 40, tzinfo=utc), ts, la) == \
        "1874-12-07 10:47:02"
    assert pretty_string(datetime.datetime(1, 1, 1, tzinfo=utc), ts, la) == \
        "0000-12-31 16:07:02"
    # TIMESTAMP_NTZ is printed as stored
    ntz = datetime.datetime(2024, 1, 2, 3, 4, 5, 120000)
    assert pretty_string(ntz, TimestampNTZType(), la) == "2024-01-02 03:04:05.12"


def test_pretty_string_naive_timestamps_are_local_time(monkeypatch):
    """collect() gives naive wall clocks in the Python process' zone (TZ)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        value = datetime.datetime(2024, 1, 2, 9, 0, 0, 500000)  # 00:00:00.5 UTC
        assert pretty_string(value, TimestampType(), "UTC") == "2024-01-02 00:00:00.5"
        assert pretty_string(value, TimestampType(), "Asia/Tokyo") == "2024-01-02 09:00:00.5"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_pretty_string_intervals():
    dt = DayTimeIntervalType(0, 3)
    assert pretty_string(datetime.timedelta(days=-2, seconds=79016), dt) == \
        "INTERVAL '-1 02:03:04' DAY TO SECOND"
    assert pretty_string(14, YearMonthIntervalType(0, 1)) == "INTERVAL '1-2' YEAR TO MONTH"
    assert pretty_string(-25, YearMonthIntervalType(1, 1)) == "INTERVAL '-25' MONTH"


# The cells of the DataFrames (string columns; "NULL" was a null) shown in SHOW_CASES.
TABLES = {
    'basic': (['id', 'name'],
        [['1', 'alice'], ['2', 'bob'], ['3', 'NULL']]),
    'long': (['a', 'b'],
        [['abcdefghijklmnopqrstuvwxyz', 'x\ny\tz'], ['日本語テキスト長い文字列です', 'ab'], ['short', 'a\r\x0c\x08\x0b\x07\\0']]),
    'wide_names': (['abcdefghijklmnopqrstuvwxyz', '日本語の列名', 'a\nb'],
        [['x', '1', ''], ['', '22', 'y']]),
    'emoji': (['e'],
        [['😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀'], ['a😀a😀a😀a😀a😀a😀a😀a😀a😀a😀'], ['😀']]),
    'fullwidth': (['k'],
        [['ᄀ가豈︐︰\uff00￠⺀ꓐ'], ['ｱｲｳ'], ['\u3000\u3000']]),
    'empty_strings': (['a', 'b'],
        [['', '']]),
    'one_col': (['x'],
        [['1']]),
    "range25": (["id"], [[str(i)] for i in range(25)]),
    "nocols": ([], [[], [], []]),
    "entities": (["a<b>"], [["\u00e9\u00a9\u03b1\u20ac\u00a0\u2019\u2014x<>&\"'"]]),
}

# (table, n, truncate, vertical, has more rows than n, PySpark's text); "html:" keys are
# htmlString(n, truncate), "empty:<names>" are DataFrames without rows.
SHOW_CASES = [
    ('basic', 3, 20, False, False,
     '+---+-----+\n| id| name|\n+---+-----+\n|  1|alice|\n|  2|  bob|\n|  3| NULL|\n+---+-----+\n'),
    ('basic', 3, 0, False, False,
     '+---+-----+\n|id |name |\n+---+-----+\n|1  |alice|\n|2  |bob  |\n|3  |NULL |\n+---+-----+\n'),
    ('basic', 3, 5, False, False,
     '+---+-----+\n| id| name|\n+---+-----+\n|  1|alice|\n|  2|  bob|\n|  3| NULL|\n+---+-----+\n'),
    ('basic', 3, 3, False, False,
     '+---+----+\n| id|name|\n+---+----+\n|  1| ali|\n|  2| bob|\n|  3| NUL|\n+---+----+\n'),
    ('basic', 3, 4, False, False,
     '+---+----+\n| id|name|\n+---+----+\n|  1|a...|\n|  2| bob|\n|  3|NULL|\n+---+----+\n'),
    ('basic', 3, 1, False, False,
     '+---+----+\n| id|name|\n+---+----+\n|  1|   a|\n|  2|   b|\n|  3|   N|\n+---+----+\n'),
    ('basic', 3, 20, True, False,
     '-RECORD 0-----\n id   | 1     \n name | alice \n-RECORD 1-----\n id   | 2     \n name | bob   \n-RECORD 2-----\n id   | 3     \n name | NULL  \n'),
    ('basic', 3, 0, True, False,
     '-RECORD 0-----\n id   | 1     \n name | alice \n-RECORD 1-----\n id   | 2     \n name | bob   \n-RECORD 2-----\n id   | 3     \n name | NULL  \n'),
    ('basic', 3, 4, True, False,
     '-RECORD 0----\n id   | 1    \n name | a... \n-RECORD 1----\n id   | 2    \n name | bob  \n-RECORD 2----\n id   | 3    \n name | NULL \n'),
    ('basic', 1, 20, False, True,
     '+---+-----+\n| id| name|\n+---+-----+\n|  1|alice|\n+---+-----+\nonly showing top 1 row'),
    ('basic', 1, 20, True, True,
     '-RECORD 0-----\n id   | 1     \n name | alice \nonly showing top 1 row'),
    ('basic', 2, 20, False, True,
     '+---+-----+\n| id| name|\n+---+-----+\n|  1|alice|\n|  2|  bob|\n+---+-----+\nonly showing top 2 rows'),
    ('basic', 2, 20, True, True,
     '-RECORD 0-----\n id   | 1     \n name | alice \n-RECORD 1-----\n id   | 2     \n name | bob   \nonly showing top 2 rows'),
    ('basic', 0, 20, False, True,
     '+---+----+\n| id|name|\n+---+----+\n+---+----+\nonly showing top 0 rows'),
    ('basic', 0, 20, True, True,
     '(0 rows)'),
    ('html:basic', 3, 20, False, False,
     "<table border='1'>\n<tr><th>id</th><th>name</th></tr>\n<tr><td>1</td><td>alice</td></tr>\n<tr><td>2</td><td>bob</td></tr>\n<tr><td>3</td><td>NULL</td></tr>\n</table>\n"),
    ('html:basic', 1, 5, False, True,
     "<table border='1'>\n<tr><th>id</th><th>name</th></tr>\n<tr><td>1</td><td>alice</td></tr>\n</table>\nonly showing top 1 row\n"),
    ('html:basic', 3, 0, False, False,
     "<table border='1'>\n<tr><th>id</th><th>name</th></tr>\n<tr><td>1</td><td>alice</td></tr>\n<tr><td>2</td><td>bob</td></tr>\n<tr><td>3</td><td>NULL</td></tr>\n</table>\n"),
    ('long', 3, 20, False, False,
     '+----------------------------+-------------+\n|                           a|            b|\n+----------------------------+-------------+\n|        abcdefghijklmnopq...|      x\\ny\\tz|\n|日本語テキスト長い文字列です|           ab|\n|                       short|a\\r\\f\\b\\v\\a\\0|\n+----------------------------+-------------+\n'),
    ('long', 3, 0, False, False,
     '+----------------------------+-------------+\n|a                           |b            |\n+----------------------------+-------------+\n|abcdefghijklmnopqrstuvwxyz  |x\\ny\\tz      |\n|日本語テキスト長い文字列です|ab           |\n|short                       |a\\r\\f\\b\\v\\a\\0|\n+----------------------------+-------------+\n'),
    ('long', 3, 5, False, False,
     '+-------+-----+\n|      a|    b|\n+-------+-----+\n|  ab...|x\\...|\n|日本...|   ab|\n|  short|a\\...|\n+-------+-----+\n'),
    ('long', 3, 3, False, False,
     '+------+---+\n|     a|  b|\n+------+---+\n|   abc|x\\n|\n|日本語| ab|\n|   sho|a\\r|\n+------+---+\n'),
    ('long', 3, 4, False, False,
     '+-----+----+\n|    a|   b|\n+-----+----+\n| a...|x...|\n|日...|  ab|\n| s...|a...|\n+-----+----+\n'),
    ('long', 3, 1, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|  a|  x|\n| 日|  a|\n|  s|  a|\n+---+---+\n'),
    ('long', 3, 20, True, False,
     '-RECORD 0---------------------------\n a   | abcdefghijklmnopq...         \n b   | x\\ny\\tz                      \n-RECORD 1---------------------------\n a   | 日本語テキスト長い文字列です \n b   | ab                           \n-RECORD 2---------------------------\n a   | short                        \n b   | a\\r\\f\\b\\v\\a\\0                \n'),
    ('long', 3, 0, True, False,
     '-RECORD 0---------------------------\n a   | abcdefghijklmnopqrstuvwxyz   \n b   | x\\ny\\tz                      \n-RECORD 1---------------------------\n a   | 日本語テキスト長い文字列です \n b   | ab                           \n-RECORD 2---------------------------\n a   | short                        \n b   | a\\r\\f\\b\\v\\a\\0                \n'),
    ('long', 3, 4, True, False,
     '-RECORD 0----\n a   | a...  \n b   | x...  \n-RECORD 1----\n a   | 日... \n b   | ab    \n-RECORD 2----\n a   | s...  \n b   | a...  \n'),
    ('long', 1, 20, False, True,
     '+--------------------+-------+\n|                   a|      b|\n+--------------------+-------+\n|abcdefghijklmnopq...|x\\ny\\tz|\n+--------------------+-------+\nonly showing top 1 row'),
    ('long', 1, 20, True, True,
     '-RECORD 0-------------------\n a   | abcdefghijklmnopq... \n b   | x\\ny\\tz              \nonly showing top 1 row'),
    ('long', 2, 20, False, True,
     '+----------------------------+-------+\n|                           a|      b|\n+----------------------------+-------+\n|        abcdefghijklmnopq...|x\\ny\\tz|\n|日本語テキスト長い文字列です|     ab|\n+----------------------------+-------+\nonly showing top 2 rows'),
    ('long', 2, 20, True, True,
     '-RECORD 0---------------------------\n a   | abcdefghijklmnopq...         \n b   | x\\ny\\tz                      \n-RECORD 1---------------------------\n a   | 日本語テキスト長い文字列です \n b   | ab                           \nonly showing top 2 rows'),
    ('long', 0, 20, False, True,
     '+---+---+\n|  a|  b|\n+---+---+\n+---+---+\nonly showing top 0 rows'),
    ('long', 0, 20, True, True,
     '(0 rows)'),
    ('html:long', 3, 20, False, False,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td>abcdefghijklmnopq...</td><td>x\\ny\\tz</td></tr>\n<tr><td>日本語テキスト長い文字列です</td><td>ab</td></tr>\n<tr><td>short</td><td>a\\r\\f\\b\\v\\a\\0</td></tr>\n</table>\n"),
    ('html:long', 1, 5, False, True,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td>ab...</td><td>x\\...</td></tr>\n</table>\nonly showing top 1 row\n"),
    ('html:long', 3, 0, False, False,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td>abcdefghijklmnopqrstuvwxyz</td><td>x\\ny\\tz</td></tr>\n<tr><td>日本語テキスト長い文字列です</td><td>ab</td></tr>\n<tr><td>short</td><td>a\\r\\f\\b\\v\\a\\0</td></tr>\n</table>\n"),
    ('wide_names', 2, 20, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n|                          |          22|   y|\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 0, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|x                         |1           |    |\n|                          |22          |y   |\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 5, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n|                          |          22|   y|\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 3, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n|                          |          22|   y|\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 4, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n|                          |          22|   y|\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 1, False, False,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n|                          |           2|   y|\n+--------------------------+------------+----+\n'),
    ('wide_names', 2, 20, True, False,
     '-RECORD 0-------------------------\n abcdefghijklmnopqrstuvwxyz | x   \n 日本語の列名               | 1   \n a\\nb                       |     \n-RECORD 1-------------------------\n abcdefghijklmnopqrstuvwxyz |     \n 日本語の列名               | 22  \n a\\nb                       | y   \n'),
    ('wide_names', 2, 0, True, False,
     '-RECORD 0-------------------------\n abcdefghijklmnopqrstuvwxyz | x   \n 日本語の列名               | 1   \n a\\nb                       |     \n-RECORD 1-------------------------\n abcdefghijklmnopqrstuvwxyz |     \n 日本語の列名               | 22  \n a\\nb                       | y   \n'),
    ('wide_names', 2, 4, True, False,
     '-RECORD 0-------------------------\n abcdefghijklmnopqrstuvwxyz | x   \n 日本語の列名               | 1   \n a\\nb                       |     \n-RECORD 1-------------------------\n abcdefghijklmnopqrstuvwxyz |     \n 日本語の列名               | 22  \n a\\nb                       | y   \n'),
    ('wide_names', 1, 20, False, True,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n|                         x|           1|    |\n+--------------------------+------------+----+\nonly showing top 1 row'),
    ('wide_names', 1, 20, True, True,
     '-RECORD 0-------------------------\n abcdefghijklmnopqrstuvwxyz | x   \n 日本語の列名               | 1   \n a\\nb                       |     \nonly showing top 1 row'),
    ('wide_names', 0, 20, False, True,
     '+--------------------------+------------+----+\n|abcdefghijklmnopqrstuvwxyz|日本語の列名|a\\nb|\n+--------------------------+------------+----+\n+--------------------------+------------+----+\nonly showing top 0 rows'),
    ('wide_names', 0, 20, True, True,
     '(0 rows)'),
    ('html:wide_names', 2, 20, False, False,
     "<table border='1'>\n<tr><th>abcdefghijklmnopqrstuvwxyz</th><th>日本語の列名</th><th>a\\nb</th></tr>\n<tr><td>x</td><td>1</td><td></td></tr>\n<tr><td></td><td>22</td><td>y</td></tr>\n</table>\n"),
    ('html:wide_names', 1, 5, False, True,
     "<table border='1'>\n<tr><th>abcdefghijklmnopqrstuvwxyz</th><th>日本語の列名</th><th>a\\nb</th></tr>\n<tr><td>x</td><td>1</td><td></td></tr>\n</table>\nonly showing top 1 row\n"),
    ('html:wide_names', 2, 0, False, False,
     "<table border='1'>\n<tr><th>abcdefghijklmnopqrstuvwxyz</th><th>日本語の列名</th><th>a\\nb</th></tr>\n<tr><td>x</td><td>1</td><td></td></tr>\n<tr><td></td><td>22</td><td>y</td></tr>\n</table>\n"),
    ('emoji', 3, 20, False, False,
     '+--------------------+\n|                   e|\n+--------------------+\n|😀😀😀😀😀😀😀😀?...|\n|a😀a😀a😀a😀a😀a?...|\n|                  😀|\n+--------------------+\n'),
    ('emoji', 3, 0, False, False,
     '+------------------------------+\n|e                             |\n+------------------------------+\n|😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀|\n|a😀a😀a😀a😀a😀a😀a😀a😀a😀a😀|\n|😀                            |\n+------------------------------+\n'),
    ('emoji', 3, 5, False, False,
     '+-----+\n|    e|\n+-----+\n|😀...|\n|a?...|\n|   😀|\n+-----+\n'),
    ('emoji', 3, 3, False, False,
     '+---+\n|  e|\n+---+\n|😀?|\n|a😀|\n| 😀|\n+---+\n'),
    ('emoji', 3, 4, False, False,
     '+----+\n|   e|\n+----+\n|?...|\n|a...|\n|  😀|\n+----+\n'),
    ('emoji', 3, 1, False, False,
     '+---+\n|  e|\n+---+\n|  ?|\n|  a|\n|  ?|\n+---+\n'),
    ('emoji', 3, 20, True, False,
     '-RECORD 0-------------------\n e   | 😀😀😀😀😀😀😀😀?... \n-RECORD 1-------------------\n e   | a😀a😀a😀a😀a😀a?... \n-RECORD 2-------------------\n e   | 😀                   \n'),
    ('emoji', 3, 0, True, False,
     '-RECORD 0-----------------------------\n e   | 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 \n-RECORD 1-----------------------------\n e   | a😀a😀a😀a😀a😀a😀a😀a😀a😀a😀 \n-RECORD 2-----------------------------\n e   | 😀                             \n'),
    ('emoji', 3, 4, True, False,
     '-RECORD 0---\n e   | ?... \n-RECORD 1---\n e   | a... \n-RECORD 2---\n e   | 😀   \n'),
    ('emoji', 1, 20, False, True,
     '+--------------------+\n|                   e|\n+--------------------+\n|😀😀😀😀😀😀😀😀?...|\n+--------------------+\nonly showing top 1 row'),
    ('emoji', 1, 20, True, True,
     '-RECORD 0-------------------\n e   | 😀😀😀😀😀😀😀😀?... \nonly showing top 1 row'),
    ('emoji', 2, 20, False, True,
     '+--------------------+\n|                   e|\n+--------------------+\n|😀😀😀😀😀😀😀😀?...|\n|a😀a😀a😀a😀a😀a?...|\n+--------------------+\nonly showing top 2 rows'),
    ('emoji', 2, 20, True, True,
     '-RECORD 0-------------------\n e   | 😀😀😀😀😀😀😀😀?... \n-RECORD 1-------------------\n e   | a😀a😀a😀a😀a😀a?... \nonly showing top 2 rows'),
    ('emoji', 0, 20, False, True,
     '+---+\n|  e|\n+---+\n+---+\nonly showing top 0 rows'),
    ('emoji', 0, 20, True, True,
     '(0 rows)'),
    ('html:emoji', 3, 20, False, False,
     "<table border='1'>\n<tr><th>e</th></tr>\n<tr><td>😀😀😀😀😀😀😀😀?...</td></tr>\n<tr><td>a😀a😀a😀a😀a😀a?...</td></tr>\n<tr><td>😀</td></tr>\n</table>\n"),
    ('html:emoji', 1, 5, False, True,
     "<table border='1'>\n<tr><th>e</th></tr>\n<tr><td>😀...</td></tr>\n</table>\nonly showing top 1 row\n"),
    ('html:emoji', 3, 0, False, False,
     "<table border='1'>\n<tr><th>e</th></tr>\n<tr><td>😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀</td></tr>\n<tr><td>a😀a😀a😀a😀a😀a😀a😀a😀a😀a😀</td></tr>\n<tr><td>😀</td></tr>\n</table>\n"),
    ('fullwidth', 3, 20, False, False,
     '+-----------------+\n|                k|\n+-----------------+\n|ᄀ가豈︐︰\uff00￠⺀ꓐ|\n|              ｱｲｳ|\n|             \u3000\u3000|\n+-----------------+\n'),
    ('fullwidth', 3, 0, False, False,
     '+-----------------+\n|k                |\n+-----------------+\n|ᄀ가豈︐︰\uff00￠⺀ꓐ|\n|ｱｲｳ              |\n|\u3000\u3000             |\n+-----------------+\n'),
    ('fullwidth', 3, 5, False, False,
     '+-------+\n|      k|\n+-------+\n|ᄀ가...|\n|    ｱｲｳ|\n|   \u3000\u3000|\n+-------+\n'),
    ('fullwidth', 3, 3, False, False,
     '+------+\n|     k|\n+------+\n|ᄀ가豈|\n|   ｱｲｳ|\n|  \u3000\u3000|\n+------+\n'),
    ('fullwidth', 3, 4, False, False,
     '+-----+\n|    k|\n+-----+\n|ᄀ...|\n|  ｱｲｳ|\n| \u3000\u3000|\n+-----+\n'),
    ('fullwidth', 3, 1, False, False,
     '+---+\n|  k|\n+---+\n| ᄀ|\n|  ｱ|\n| \u3000|\n+---+\n'),
    ('fullwidth', 3, 20, True, False,
     '-RECORD 0----------------\n k   | ᄀ가豈︐︰\uff00￠⺀ꓐ \n-RECORD 1----------------\n k   | ｱｲｳ               \n-RECORD 2----------------\n k   | \u3000\u3000              \n'),
    ('fullwidth', 3, 0, True, False,
     '-RECORD 0----------------\n k   | ᄀ가豈︐︰\uff00￠⺀ꓐ \n-RECORD 1----------------\n k   | ｱｲｳ               \n-RECORD 2----------------\n k   | \u3000\u3000              \n'),
    ('fullwidth', 3, 4, True, False,
     '-RECORD 0----\n k   | ᄀ... \n-RECORD 1----\n k   | ｱｲｳ   \n-RECORD 2----\n k   | \u3000\u3000  \n'),
    ('fullwidth', 1, 20, False, True,
     '+-----------------+\n|                k|\n+-----------------+\n|ᄀ가豈︐︰\uff00￠⺀ꓐ|\n+-----------------+\nonly showing top 1 row'),
    ('fullwidth', 1, 20, True, True,
     '-RECORD 0----------------\n k   | ᄀ가豈︐︰\uff00￠⺀ꓐ \nonly showing top 1 row'),
    ('fullwidth', 2, 20, False, True,
     '+-----------------+\n|                k|\n+-----------------+\n|ᄀ가豈︐︰\uff00￠⺀ꓐ|\n|              ｱｲｳ|\n+-----------------+\nonly showing top 2 rows'),
    ('fullwidth', 2, 20, True, True,
     '-RECORD 0----------------\n k   | ᄀ가豈︐︰\uff00￠⺀ꓐ \n-RECORD 1----------------\n k   | ｱｲｳ               \nonly showing top 2 rows'),
    ('fullwidth', 0, 20, False, True,
     '+---+\n|  k|\n+---+\n+---+\nonly showing top 0 rows'),
    ('fullwidth', 0, 20, True, True,
     '(0 rows)'),
    ('html:fullwidth', 3, 20, False, False,
     "<table border='1'>\n<tr><th>k</th></tr>\n<tr><td>ᄀ가豈︐︰\uff00￠⺀ꓐ</td></tr>\n<tr><td>ｱｲｳ</td></tr>\n<tr><td>\u3000\u3000</td></tr>\n</table>\n"),
    ('html:fullwidth', 1, 5, False, True,
     "<table border='1'>\n<tr><th>k</th></tr>\n<tr><td>ᄀ가...</td></tr>\n</table>\nonly showing top 1 row\n"),
    ('html:fullwidth', 3, 0, False, False,
     "<table border='1'>\n<tr><th>k</th></tr>\n<tr><td>ᄀ가豈︐︰\uff00￠⺀ꓐ</td></tr>\n<tr><td>ｱｲｳ</td></tr>\n<tr><td>\u3000\u3000</td></tr>\n</table>\n"),
    ('empty_strings', 1, 20, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 0, False, False,
     '+---+---+\n|a  |b  |\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 5, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 3, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 4, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 1, False, False,
     '+---+---+\n|  a|  b|\n+---+---+\n|   |   |\n+---+---+\n'),
    ('empty_strings', 1, 20, True, False,
     '-RECORD 0--\n a   |     \n b   |     \n'),
    ('empty_strings', 1, 0, True, False,
     '-RECORD 0--\n a   |     \n b   |     \n'),
    ('empty_strings', 1, 4, True, False,
     '-RECORD 0--\n a   |     \n b   |     \n'),
    ('empty_strings', 0, 20, False, True,
     '+---+---+\n|  a|  b|\n+---+---+\n+---+---+\nonly showing top 0 rows'),
    ('empty_strings', 0, 20, True, True,
     '(0 rows)'),
    ('html:empty_strings', 1, 20, False, False,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td></td><td></td></tr>\n</table>\n"),
    ('html:empty_strings', 1, 5, False, False,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td></td><td></td></tr>\n</table>\n"),
    ('html:empty_strings', 1, 0, False, False,
     "<table border='1'>\n<tr><th>a</th><th>b</th></tr>\n<tr><td></td><td></td></tr>\n</table>\n"),
    ('one_col', 1, 20, False, False,
     '+---+\n|  x|\n+---+\n|  1|\n+---+\n'),
    ('one_col', 1, 0, False, False,
     '+---+\n|x  |\n+---+\n|1  |\n+---+\n'),
    ('one_col', 1, 5, False, False,
     '+---+\n|  x|\n+---+\n|  1|\n+---+\n'),
    ('one_col', 1, 3, False, False,
     '+---+\n|  x|\n+---+\n|  1|\n+---+\n'),
    ('one_col', 1, 4, False, False,
     '+---+\n|  x|\n+---+\n|  1|\n+---+\n'),
    ('one_col', 1, 1, False, False,
     '+---+\n|  x|\n+---+\n|  1|\n+---+\n'),
    ('one_col', 1, 20, True, False,
     '-RECORD 0--\n x   | 1   \n'),
    ('one_col', 1, 0, True, False,
     '-RECORD 0--\n x   | 1   \n'),
    ('one_col', 1, 4, True, False,
     '-RECORD 0--\n x   | 1   \n'),
    ('one_col', 0, 20, False, True,
     '+---+\n|  x|\n+---+\n+---+\nonly showing top 0 rows'),
    ('one_col', 0, 20, True, True,
     '(0 rows)'),
    ('html:one_col', 1, 20, False, False,
     "<table border='1'>\n<tr><th>x</th></tr>\n<tr><td>1</td></tr>\n</table>\n"),
    ('html:one_col', 1, 5, False, False,
     "<table border='1'>\n<tr><th>x</th></tr>\n<tr><td>1</td></tr>\n</table>\n"),
    ('html:one_col', 1, 0, False, False,
     "<table border='1'>\n<tr><th>x</th></tr>\n<tr><td>1</td></tr>\n</table>\n"),
    ('empty:a,bb', 20, 20, False, False,
     '+---+---+\n|  a| bb|\n+---+---+\n+---+---+\n'),
    ('empty:a,bb', 20, 20, True, False,
     '(0 rows)'),
    ('html:empty:a,bb', 20, 20, False, False,
     "<table border='1'>\n<tr><th>a</th><th>bb</th></tr>\n</table>\n"),
    ('empty:日本語', 20, 20, False, False,
     '+------+\n|日本語|\n+------+\n+------+\n'),
    ('empty:日本語', 20, 20, True, False,
     '(0 rows)'),
    ('html:empty:日本語', 20, 20, False, False,
     "<table border='1'>\n<tr><th>日本語</th></tr>\n</table>\n"),
    ('nocols', 20, 20, False, False,
     '++\n||\n++\n||\n||\n||\n++\n'),
    ('nocols', 2, 20, False, True,
     '++\n||\n++\n||\n||\n++\nonly showing top 2 rows'),
    ('html:nocols', 20, 20, False, False,
     "<table border='1'>\n<tr><th></th></tr>\n<tr><td></td></tr>\n<tr><td></td></tr>\n<tr><td></td></tr>\n</table>\n"),
    ('range25', 20, 20, False, True,
     '+---+\n| id|\n+---+\n|  0|\n|  1|\n|  2|\n|  3|\n|  4|\n|  5|\n|  6|\n|  7|\n|  8|\n|  9|\n| 10|\n| 11|\n| 12|\n| 13|\n| 14|\n| 15|\n| 16|\n| 17|\n| 18|\n| 19|\n+---+\nonly showing top 20 rows'),
    ('html:range25', 20, 20, False, True,
     "<table border='1'>\n<tr><th>id</th></tr>\n<tr><td>0</td></tr>\n<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n<tr><td>3</td></tr>\n<tr><td>4</td></tr>\n<tr><td>5</td></tr>\n<tr><td>6</td></tr>\n<tr><td>7</td></tr>\n<tr><td>8</td></tr>\n<tr><td>9</td></tr>\n<tr><td>10</td></tr>\n<tr><td>11</td></tr>\n<tr><td>12</td></tr>\n<tr><td>13</td></tr>\n<tr><td>14</td></tr>\n<tr><td>15</td></tr>\n<tr><td>16</td></tr>\n<tr><td>17</td></tr>\n<tr><td>18</td></tr>\n<tr><td>19</td></tr>\n</table>\nonly showing top 20 rows\n"),
    ('html:entities', 1, 20, False, False,
     "<table border='1'>\n<tr><th>a&lt;b&gt;</th></tr>\n<tr><td>&eacute;&copy;&alpha;&euro;&nbsp;&rsquo;&mdash;x&lt;&gt;&amp;&quot;'</td></tr>\n</table>\n"),
]


def _table(key):
    if key.startswith("empty:"):
        return key[len("empty:"):].split(","), []
    return TABLES[key]


@pytest.mark.parametrize("key,n,truncate,vertical,has_more,expected", SHOW_CASES)
def test_show_and_html_match_pyspark(key, n, truncate, vertical, has_more, expected):
    html = key.startswith("html:")
    names, rows = _table(key[5:] if html else key)
    shown = rows[:max(n, 0)]
    if html:
        got = html_table(names, shown, has_more=has_more, n=n, truncate=truncate)
    else:
        got = show_string(names, shown, truncate=truncate, vertical=vertical,
                          has_more=has_more, n=n)
    assert got == expected


def test_show_string_readable_example():
    got = show_string(["id", "name"], [["1", "alice"], ["2", "NULL"]], has_more=True, n=2)
    assert got == ("+---+-----+\n"
                   "| id| name|\n"
                   "+---+-----+\n"
                   "|  1|alice|\n"
                   "|  2| NULL|\n"
                   "+---+-----+\n"
                   "only showing top 2 rows")
    assert show_string(["id"], [["1"]], has_more=True, n=1).endswith("only showing top 1 row")


def test_show_string_truncate_flags():
    rows = [["abcdefghijklmnopqrstuvwxyz"]]
    assert show_string(["a"], rows, truncate=True) == show_string(["a"], rows, truncate=20)
    assert show_string(["a"], rows, truncate=False) == show_string(["a"], rows, truncate=0)
    # n below zero is reported as 0 (Spark clamps it)
    assert show_string(["a"], [], has_more=True, n=-3).endswith("only showing top 0 rows")
    # a None cell shows as NULL
    assert "|NULL|" in show_string(["a"], [[None]], truncate=0)


def test_string_half_width():
    assert string_half_width("abc") == 3
    assert string_half_width("\u65e5\u672c\u8a9e") == 6   # CJK: two columns each
    assert string_half_width("\U0001F600") == 2              # a surrogate pair: two units
    assert string_half_width("e\u0301") == 2                 # combining marks count
    assert string_half_width("\uff61\u3000") == 3          # half-width katakana, ideographic space


def test_repr_string():
    # PySpark 4.3: repr(spark.sql("select ...")) for these columns
    names = ["a b", "m", "i", "y", "n", "f", "s", "b", "bin", "ts", "d", "mm", "st", "dd",
             "ntz"]
    types = [ArrayType(StructType([StructField("x.y", IntegerType()),
                                   StructField("`z`", TimestampNTZType())])),
             MapType(StringType(), DecimalType(2, 1)), DayTimeIntervalType(1, 2),
             YearMonthIntervalType(0, 1), NullType(), FloatType(), ShortType(), ByteType(),
             BinaryType(), TimestampType(), DateType(),
             MapType(IntegerType(), ArrayType(IntegerType())),
             StructType([StructField("a", MapType(StringType(), IntegerType()))]),
             DecimalType(2, 1), TimestampNTZType()]
    assert repr_string(names, types) == (
        "DataFrame[a b: array<struct<x.y:int,`z`:timestamp_ntz>>, m: map<string,decimal(2,1)>, "
        "i: interval hour to minute, y: interval year to month, n: void, f: float, "
        "s: smallint, b: tinyint, bin: binary, ts: timestamp, d: date, "
        "mm: map<int,array<int>>, st: struct<a:map<string,int>>, dd: decimal(2,1), "
        "ntz: timestamp_ntz]")
    assert repr_string(["id", "s"], [LongType(), "string"]) == "DataFrame[id: bigint, s: string]"
    assert repr_string([], []) == "DataFrame[]"
