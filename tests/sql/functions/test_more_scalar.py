"""URL, bit, Base32, UTF-8, timestamp_add/diff and CSV functions against values recorded from
PySpark 4.3 (spark.sql("SELECT ...") and the DataFrame API, ANSI mode on)."""
import datetime
from decimal import Decimal  # noqa: F401 (recorded values)

import pytest

from rayspark.sql import Row
from rayspark.sql import functions as F

from _helpers import run

# (SQL expression, PySpark's column name, type, value)
SQL_CASES = [
    ("url_encode('https://spark.apache.org/path?query=1 2&b=é~*-._!\\'()')",
     "url_encode(https://spark.apache.org/path?query=1 2&b=é~*-._!'())", 'string', 'https%3A%2F%2Fspark.apache.org%2Fpath%3Fquery%3D1+2%26b%3D%C3%A9%7E*-._%21%27%28%29'),
    ('url_encode(NULL)',
     'url_encode(NULL)', 'string', None),
    ("url_encode('a+b c/d~')",
     'url_encode(a+b c/d~)', 'string', 'a%2Bb+c%2Fd%7E'),
    ("url_decode('https%3A%2F%2Fspark.apache.org%2Fpath%3Fquery%3D1+2%26b%3D%C3%A9')",
     'url_decode(https%3A%2F%2Fspark.apache.org%2Fpath%3Fquery%3D1+2%26b%3D%C3%A9)', 'string', 'https://spark.apache.org/path?query=1 2&b=é'),
    ("url_decode('%C3')",
     'url_decode(%C3)', 'string', '�'),
    ("url_decode('%ff')",
     'url_decode(%ff)', 'string', '�'),
    ("try_url_decode('a%zz')",
     'try_url_decode(a%zz)', 'string', None),
    ("try_url_decode('a%20b+c')",
     'try_url_decode(a%20b+c)', 'string', 'a b c'),
    ('url_decode(NULL)',
     'url_decode(NULL)', 'string', None),
    ("parse_url('http://spark.apache.org/path?query=1', 'HOST')",
     'parse_url(http://spark.apache.org/path?query=1, HOST)', 'string', 'spark.apache.org'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'HOST')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, HOST)', 'string', 'spark.apache.org'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'PATH')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, PATH)', 'string', '/path'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'QUERY')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, QUERY)', 'string', 'query=1&b=2'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'REF')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, REF)', 'string', 'Ref'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'PROTOCOL')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, PROTOCOL)', 'string', 'http'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'FILE')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, FILE)', 'string', '/path?query=1&b=2'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'AUTHORITY')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, AUTHORITY)', 'string', 'userinfo@spark.apache.org:8080'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'USERINFO')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, USERINFO)', 'string', 'userinfo'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'QUERY', 'b')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, QUERY, b)', 'string', '2'),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'QUERY', 'c')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, QUERY, c)', 'string', None),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'host')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, host)', 'string', None),
    ("parse_url('http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref', 'HOST', 'b')",
     'parse_url(http://userinfo@spark.apache.org:8080/path?query=1&b=2#Ref, HOST, b)', 'string', None),
    ("parse_url('http://spark.apache.org', 'PATH')",
     'parse_url(http://spark.apache.org, PATH)', 'string', ''),
    ("parse_url('http://spark.apache.org', 'QUERY')",
     'parse_url(http://spark.apache.org, QUERY)', 'string', None),
    ("parse_url('http://spark.apache.org', 'FILE')",
     'parse_url(http://spark.apache.org, FILE)', 'string', ''),
    ("try_parse_url('http://spark.apache.org/a b', 'HOST')",
     'try_parse_url(http://spark.apache.org/a b, HOST)', 'string', None),
    ("try_parse_url('inva lid://spark.apache.org/path?query=1', 'QUERY')",
     'try_parse_url(inva lid://spark.apache.org/path?query=1, QUERY)', 'string', None),
    ("parse_url('spark.apache.org/path', 'HOST')",
     'parse_url(spark.apache.org/path, HOST)', 'string', None),
    ("parse_url('spark.apache.org/path', 'PATH')",
     'parse_url(spark.apache.org/path, PATH)', 'string', 'spark.apache.org/path'),
    ("parse_url('/path?x=1', 'QUERY', 'x')",
     'parse_url(/path?x=1, QUERY, x)', 'string', '1'),
    ("parse_url('mailto:a@b.com', 'PATH')",
     'parse_url(mailto:a@b.com, PATH)', 'string', None),
    ("parse_url('mailto:a@b.com', 'PROTOCOL')",
     'parse_url(mailto:a@b.com, PROTOCOL)', 'string', 'mailto'),
    ("parse_url(NULL, 'HOST')",
     'parse_url(NULL, HOST)', 'string', None),
    ("parse_url('http://a/b?k=1&k=2', 'QUERY', 'k')",
     'parse_url(http://a/b?k=1&k=2, QUERY, k)', 'string', '1'),
    ("parse_url('http://a/b?k&j=2', 'QUERY', 'k')",
     'parse_url(http://a/b?k&j=2, QUERY, k)', 'string', None),
    ("parse_url('http://a/b?k=&j=2', 'QUERY', 'k')",
     'parse_url(http://a/b?k=&j=2, QUERY, k)', 'string', ''),
    ("parse_url('http://a/b?xk=1&k=2', 'QUERY', 'k')",
     'parse_url(http://a/b?xk=1&k=2, QUERY, k)', 'string', '2'),
    ("parse_url('http://a/b?x=1', 'QUERY', 'a.b')",
     'parse_url(http://a/b?x=1, QUERY, a.b)', 'string', None),
    ("parse_url('http://a/b?x=1', 'QUERY', NULL)",
     'parse_url(http://a/b?x=1, QUERY, NULL)', 'string', None),
    ("parse_url('http://[::1]:80/b', 'HOST')",
     'parse_url(http://[::1]:80/b, HOST)', 'string', '[::1]'),
    ("parse_url('http://a/b%20c?x=%20', 'PATH')",
     'parse_url(http://a/b%20c?x=%20, PATH)', 'string', '/b%20c'),
    ("parse_url('http://a/b%20c?x=%20', 'QUERY', 'x')",
     'parse_url(http://a/b%20c?x=%20, QUERY, x)', 'string', '%20'),
    ("parse_url('http://a:xx/b', 'HOST')",
     'parse_url(http://a:xx/b, HOST)', 'string', None),
    ("parse_url('http://a/b#', 'REF')",
     'parse_url(http://a/b#, REF)', 'string', ''),
    ("parse_url('http://a/b?', 'QUERY')",
     'parse_url(http://a/b?, QUERY)', 'string', ''),
    ("parse_url('http://a/b', 'REF')",
     'parse_url(http://a/b, REF)', 'string', None),
    ("parse_url('http://a', 'AUTHORITY')",
     'parse_url(http://a, AUTHORITY)', 'string', 'a'),
    ("parse_url('file:///tmp/x', 'HOST')",
     'parse_url(file:///tmp/x, HOST)', 'string', None),
    ("parse_url('file:///tmp/x', 'AUTHORITY')",
     'parse_url(file:///tmp/x, AUTHORITY)', 'string', None),
    ("parse_url('', 'HOST')",
     'parse_url(, HOST)', 'string', None),
    ("parse_url('', 'PATH')",
     'parse_url(, PATH)', 'string', ''),
    ("parse_url('http://a/b', 'FOO')",
     'parse_url(http://a/b, FOO)', 'string', None),
    ('bit_get(11, 0)',
     'bit_get(11, 0)', 'tinyint', 1),
    ('bit_get(11, 2)',
     'bit_get(11, 2)', 'tinyint', 0),
    ('getbit(11, 3)',
     'getbit(11, 3)', 'tinyint', 1),
    ('bit_get(cast(11 as tinyint), 7)',
     'bit_get(CAST(11 AS TINYINT), 7)', 'tinyint', 0),
    ('bit_get(cast(11 as int), 31)',
     'bit_get(CAST(11 AS INT), 31)', 'tinyint', 0),
    ('bit_get(NULL, 1)',
     'bit_get(NULL, 1)', 'tinyint', None),
    ('bit_get(11, NULL)',
     'bit_get(11, NULL)', 'tinyint', None),
    ("to_base32('Spark SQL')",
     'to_base32(Spark SQL)', 'string', 'KNYGC4TLEBJVCTA='),
    ("to_base32(X'00FF')",
     "to_base32(X'00FF')", 'string', 'AD7Q===='),
    ("to_base32('')",
     'to_base32()', 'string', ''),
    ('to_base32(NULL)',
     'to_base32(NULL)', 'string', None),
    ("from_base32('KNYGC4TLEBJVCTA=')",
     'from_base32(KNYGC4TLEBJVCTA=)', 'binary', b'Spark SQL'),
    ("from_base32('KNYGC4TLEBJVCTA')",
     'from_base32(KNYGC4TLEBJVCTA)', 'binary', b'Spark SQL'),
    ("from_base32('knygc4tlebjvcta=')",
     'from_base32(knygc4tlebjvcta=)', 'binary', b'Spark SQL'),
    ("from_base32('!!')",
     'from_base32(!!)', 'binary', b''),
    ("from_base32('')",
     'from_base32()', 'binary', b''),
    ('from_base32(NULL)',
     'from_base32(NULL)', 'binary', None),
    ("is_valid_utf8('abc')",
     'is_valid_utf8(abc)', 'boolean', True),
    ("is_valid_utf8(X'80')",
     "is_valid_utf8(X'80')", 'boolean', False),
    ('is_valid_utf8(NULL)',
     'is_valid_utf8(NULL)', 'boolean', None),
    ("make_valid_utf8(X'61FF62')",
     "make_valid_utf8(X'61FF62')", 'string', 'a�b'),
    ("make_valid_utf8('abc')",
     'make_valid_utf8(abc)', 'string', 'abc'),
    ("make_valid_utf8(X'61C3')",
     "make_valid_utf8(X'61C3')", 'string', 'a�'),
    ("validate_utf8('abc')",
     'validate_utf8(abc)', 'string', 'abc'),
    ("try_validate_utf8(X'61FF')",
     "try_validate_utf8(X'61FF')", 'string', None),
    ("try_validate_utf8('abc')",
     'try_validate_utf8(abc)', 'string', 'abc'),
    ("from_base32('A')",
     'from_base32(A)', 'binary', b'\x00'),
    ("from_base32('AB')",
     'from_base32(AB)', 'binary', b'\x00'),
    ("from_base32('ABC')",
     'from_base32(ABC)', 'binary', b'\x00'),
    ("from_base32('ABCD')",
     'from_base32(ABCD)', 'binary', b'\x00D'),
    ("from_base32('ABCDE')",
     'from_base32(ABCDE)', 'binary', b'\x00D2'),
    ("from_base32('ABCDEFG')",
     'from_base32(ABCDEFG)', 'binary', b'\x00D2\x14'),
    ("from_base32('KN YG')",
     'from_base32(KN YG)', 'binary', b'Sp'),
    ("from_base32('KN=YG')",
     'from_base32(KN=YG)', 'binary', b'S'),
    ("from_base32(X'4B4E')",
     "from_base32(X'4B4E')", 'binary', b'S'),
    ('from_base32(1)',
     'from_base32(1)', 'binary', b''),
    ("make_valid_utf8(unhex('EDA080'))",
     'make_valid_utf8(unhex(EDA080))', 'string', '���'),
    ("make_valid_utf8(unhex('F09F98'))",
     'make_valid_utf8(unhex(F09F98))', 'string', '�'),
    ("make_valid_utf8(unhex('C0AF'))",
     'make_valid_utf8(unhex(C0AF))', 'string', '��'),
    ("make_valid_utf8(unhex('F09F9880'))",
     'make_valid_utf8(unhex(F09F9880))', 'string', '😀'),
    ("make_valid_utf8(unhex('E282'))",
     'make_valid_utf8(unhex(E282))', 'string', '�'),
    ("make_valid_utf8(unhex('80808061'))",
     'make_valid_utf8(unhex(80808061))', 'string', '���a'),
    ("make_valid_utf8(unhex('F4908080'))",
     'make_valid_utf8(unhex(F4908080))', 'string', '����'),
    ("is_valid_utf8(unhex('EDA080'))",
     'is_valid_utf8(unhex(EDA080))', 'boolean', False),
    ('is_valid_utf8(1)',
     'is_valid_utf8(1)', 'boolean', True),
    ('make_valid_utf8(NULL)',
     'make_valid_utf8(NULL)', 'string', None),
]

# (SQL expression, PySpark's exception class, message)
SQL_ERRORS = [
    ("url_decode('a%2')", 'IllegalArgumentException',
     '[CANNOT_DECODE_URL] The provided URL cannot be decoded: a%2. Please ensure that the URL is properly formatted and try again. SQLSTATE: 22546'),
    ("url_decode('a%zz')", 'IllegalArgumentException',
     '[CANNOT_DECODE_URL] The provided URL cannot be decoded: a%zz. Please ensure that the URL is properly formatted and try again. SQLSTATE: 22546'),
    ("url_decode('%')", 'IllegalArgumentException',
     '[CANNOT_DECODE_URL] The provided URL cannot be decoded: %. Please ensure that the URL is properly formatted and try again. SQLSTATE: 22546'),
    ("parse_url('http://spark.apache.org/a b', 'HOST')", 'IllegalArgumentException',
     '[INVALID_URL] The url is invalid: http://spark.apache.org/a b. Use `try_parse_url` to tolerate invalid URL and return NULL instead. SQLSTATE: 22P02'),
    ("parse_url('inva lid://spark.apache.org/path?query=1', 'QUERY')", 'IllegalArgumentException',
     '[INVALID_URL] The url is invalid: inva lid://spark.apache.org/path?query=1. Use `try_parse_url` to tolerate invalid URL and return NULL instead. SQLSTATE: 22P02'),
    ("parse_url('http://a/b%zz', 'PATH')", 'IllegalArgumentException',
     '[INVALID_URL] The url is invalid: http://a/b%zz. Use `try_parse_url` to tolerate invalid URL and return NULL instead. SQLSTATE: 22P02'),
    ('bit_get(11, 64)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got 64. SQLSTATE: 22023'),
    ('bit_get(11, -1)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got -1. SQLSTATE: 22023'),
    ('bit_get(11, 63)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got 63. SQLSTATE: 22023'),
    ('bit_get(cast(11 as tinyint), 8)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 8), but got 8. SQLSTATE: 22023'),
    ('bit_get(cast(11 as int), 32)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got 32. SQLSTATE: 22023'),
    ('bit_get(-1, 63)', 'IllegalArgumentException',
     '[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `bit_get` is invalid: expects an integer value in [0, 32), but got 63. SQLSTATE: 22023'),
    ('bit_get(1.5, 1)', 'AnalysisException',
     '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "bit_get(1.5, 1)" due to data type mismatch: The first parameter requires the "INTEGRAL" type, however "1.5" has the type "DECIMAL(2,1)". SQLSTATE: 42K09'),
    ("bit_get('11', 1)", 'AnalysisException',
     '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "bit_get(11, 1)" due to data type mismatch: The first parameter requires the "INTEGRAL" type, however "11" has the type "STRING". SQLSTATE: 42K09'),
    ('to_base32(123)', 'AnalysisException',
     '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "to_base32(123)" due to data type mismatch: The first parameter requires the "BINARY" type, however "123" has the type "INT". SQLSTATE: 42K09'),
    ("validate_utf8(X'61FF')", 'IllegalArgumentException',
     '[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: \\x61\\xFF. SQLSTATE: 22029'),
    ("validate_utf8(unhex('C0AF'))", 'IllegalArgumentException',
     '[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: \\xC0\\xAF. SQLSTATE: 22029'),
    ("validate_utf8(unhex('E282FF'))", 'IllegalArgumentException',
     '[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: \\xE2\\x82\\xFF. SQLSTATE: 22029'),
]


@pytest.mark.parametrize("sql,name,dtype,value", SQL_CASES, ids=[c[0] for c in SQL_CASES])
def test_sql_matches_pyspark(sql, name, dtype, value):
    assert run(F.expr(sql)) == (name, dtype, [value])


@pytest.mark.parametrize("sql,cls,message", SQL_ERRORS, ids=[c[0] for c in SQL_ERRORS])
def test_sql_errors_match_pyspark(sql, cls, message):
    with pytest.raises(Exception) as info:
        run(F.expr(sql))
    assert type(info.value).__name__ == cls
    assert str(info.value) == message


# DataFrame API: (column, PySpark's column name, type, value)
DF_CASES = [
    (lambda: F.url_encode(F.lit("a b")), "url_encode(a b)", "string", "a+b"),
    (lambda: F.url_decode(F.lit("a+b")), "url_decode(a+b)", "string", "a b"),
    (lambda: F.try_url_decode(F.lit("ab")), "try_url_decode(ab)", "string", "ab"),
    (lambda: F.parse_url(F.lit("http://a/b?x=1"), F.lit("QUERY"), F.lit("x")),
     "parse_url(http://a/b?x=1, QUERY, x)", "string", "1"),
    (lambda: F.try_parse_url(F.lit("http://a/b?x=1"), F.lit("QUERY")),
     "try_parse_url(http://a/b?x=1, QUERY)", "string", "x=1"),
    (lambda: F.bit_get(F.lit(11), F.lit(0)), "bit_get(11, 0)", "tinyint", 1),
    (lambda: F.getbit(F.lit(11), F.lit(0)), "getbit(11, 0)", "tinyint", 1),
    (lambda: F.to_base32(F.lit("ab")), "to_base32(ab)", "string", "MFRA===="),
    (lambda: F.from_base32(F.lit("MFRA====")), "from_base32(MFRA====)", "binary", b"ab"),
    (lambda: F.is_valid_utf8(F.lit("ab")), "is_valid_utf8(ab)", "boolean", True),
    (lambda: F.make_valid_utf8(F.lit("ab")), "make_valid_utf8(ab)", "string", "ab"),
    (lambda: F.validate_utf8(F.lit("ab")), "validate_utf8(ab)", "string", "ab"),
    (lambda: F.try_validate_utf8(F.lit("ab")), "try_validate_utf8(ab)", "string", "ab"),
]


@pytest.mark.parametrize("col,name,dtype,value", DF_CASES, ids=[c[1] for c in DF_CASES])
def test_dataframe_api(col, name, dtype, value):
    assert run(col()) == (name, dtype, [value])


def test_columns_with_nulls_and_repeats():
    schema = "s string, u string, i int, b binary"
    rows = [("a b~", "http://u@h.com:1/p?k=v#f", 3, b"\x61\xff"), (None, None, None, None),
            ("x", "http://h/p?k=w", 65, b"ok"), ("a b~", "http://u@h.com:1/p?k=v#f", 3, b"ok")]
    assert run(F.url_encode("s"), schema, rows)[2] == ["a+b%7E", None, "x", "a+b%7E"]
    assert run(F.url_decode(F.url_encode("s")), schema, rows)[2] == ["a b~", None, "x", "a b~"]
    assert run(F.parse_url("u", F.lit("HOST")), schema, rows)[2] == ["h.com", None, "h", "h.com"]
    assert run(F.parse_url("u", F.lit("QUERY"), F.lit("k")), schema, rows)[2] == \
        ["v", None, "w", "v"]
    assert run(F.to_base32("s"), schema, rows)[2] == ["MEQGE7Q=", None, "PA======", "MEQGE7Q="]
    assert run(F.is_valid_utf8("b"), schema, rows)[2] == [False, None, True, True]
    assert run(F.make_valid_utf8("b"), schema, rows)[2] == ["a\ufffd", None, "ok", "ok"]
    assert run(F.try_validate_utf8("b"), schema, rows)[2] == [None, None, "ok", "ok"]
    assert run(F.bit_get("i", F.lit(1)), schema, rows)[2] == [1, None, 0, 1]
    with pytest.raises(Exception, match=r"BIT_POSITION_RANGE.*\[0, 32\), but got 40"):
        run(F.bit_get("i", F.lit(40)), schema, rows)
    with pytest.raises(Exception, match=r"INVALID_UTF8_STRING.*\\x61\\xFF\. "):
        run(F.validate_utf8("b"), schema, rows)


# -- timestamp_add / timestamp_diff, recorded from PySpark 4.3 in two session zones ----------
def run_in_zone(column, zone):
    """``run`` with the session time zone ``zone`` (TIMESTAMP results as wall clocks there)."""
    import pyarrow as pa

    from rayspark.sql.analyzer import resolve, resolve_time_zones
    from rayspark.sql.expressions.base import materialize
    from rayspark.sql.expressions.datetime_functions import format_datetime
    from _helpers import table
    batch, attrs = table("id long", [(0,)])
    resolved = resolve_time_zones(resolve(column._expr, attrs), zone)
    from rayspark.sql.expressions.base import bind_references
    out = materialize(bind_references(resolved, attrs).eval(batch), 1)
    if pa.types.is_timestamp(out.type):
        out = format_datetime(out, "yyyy-MM-dd HH:mm:ss.SSSSSS",
                              zone if out.type.tz is not None else "UTC")
    return resolved.name, resolved.data_type.simpleString(), out.to_pylist()[0]


def _ts(s):
    return F.lit(s).cast("timestamp")


def _ntz(s):
    return F.lit(s).cast("timestamp_ntz")


_SPECIAL = {
    "add ntz": lambda: F.timestamp_add("DAY", F.lit(1), _ntz("2024-03-09 02:30:00")),
    "add date": lambda: F.timestamp_add("DAY", F.lit(1), F.lit(datetime.date(2024, 3, 9))),
    "add string": lambda: F.timestamp_add("DAY", F.lit(1), F.lit("2024-03-09 02:30:00")),
    "add strq": lambda: F.timestamp_add("DAY", F.lit("2"), _ts("2024-03-09 02:30:00")),
    "add nullq": lambda: F.timestamp_add("DAY", F.lit(None).cast("int"),
                                         _ts("2024-03-09 02:30:00")),
    "add nullts": lambda: F.timestamp_add("DAY", F.lit(1), F.lit(None).cast("timestamp")),
    "add col": lambda: F.timestamp_add("DAY", F.col("id"), _ts("2024-03-09 02:30:00")),
    "diff ntz": lambda: F.timestamp_diff("DAY", _ntz("2024-03-09 12:00:00"),
                                         _ntz("2024-03-10 12:00:00")),
    "diff mixed": lambda: F.timestamp_diff("DAY", _ntz("2024-03-09 12:00:00"),
                                           _ts("2024-03-10 12:00:00")),
    "diff date": lambda: F.timestamp_diff("DAY", F.lit(datetime.date(2024, 3, 9)),
                                          _ts("2024-03-10 12:00:00")),
    "diff str": lambda: F.timestamp_diff("DAY", F.lit("2024-03-09"), _ts("2024-03-10 12:00:00")),
    "diff null": lambda: F.timestamp_diff("DAY", F.lit(None).cast("timestamp"),
                                          _ts("2024-03-10 12:00:00")),
    "diff int": lambda: F.timestamp_diff("DAY", F.lit(1), _ts("2024-03-10 12:00:00")),
    "diff bad": lambda: F.timestamp_diff("foo", _ts("2024-03-10 12:00:00"),
                                         _ts("2024-03-10 12:00:00")),
    "add bad": lambda: F.timestamp_add("foo", F.lit(1), _ts("2024-03-10 12:00:00")),
    "add lower": lambda: F.timestamp_add("Week", F.lit(1), _ts("2024-03-10 12:00:00")),
}


def _column(label):
    if label in _SPECIAL:
        return _SPECIAL[label]()
    kind, unit, rest = label.split(" ", 2)
    if kind == "add":
        q, t = rest.split(" ", 1)
        return F.timestamp_add(unit, F.lit(int(q)), _ts(t))
    a, b = rest[:19], rest[20:]
    return F.timestamp_diff(unit, _ts(a), _ts(b))


# (label, session zone, PySpark's column name, type, value as a wall clock in the zone)
TS_CASES = [
    ('add DAY 2 2023-01-31 10:00:00', 'UTC', 'timestampadd(DAY, 2, CAST(2023-01-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2023-02-02 10:00:00.000000'),
    ('add MONTH 1 2023-01-31 10:00:00', 'UTC', 'timestampadd(MONTH, 1, CAST(2023-01-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2023-02-28 10:00:00.000000'),
    ('add YEAR 1 2024-02-29 10:00:00', 'UTC', 'timestampadd(YEAR, 1, CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'timestamp', '2025-02-28 10:00:00.000000'),
    ('add QUARTER -1 2024-05-31 10:00:00', 'UTC', 'timestampadd(QUARTER, -1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-02-29 10:00:00.000000'),
    ('add WEEK 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(WEEK, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-07 10:00:00.000000'),
    ('add HOUR 25 2024-05-31 10:00:00', 'UTC', 'timestampadd(HOUR, 25, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-01 11:00:00.000000'),
    ('add MINUTE 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(MINUTE, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:01:00.000000'),
    ('add SECOND 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(SECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:01.000000'),
    ('add MILLISECOND 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(MILLISECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:00.001000'),
    ('add MICROSECOND 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(MICROSECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:00.000001'),
    ('add DAYOFYEAR 1 2024-05-31 10:00:00', 'UTC', 'timestampadd(DAYOFYEAR, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-01 10:00:00.000000'),
    ('add DAY 1 2024-03-09 02:30:00', 'UTC', 'timestampadd(DAY, 1, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 02:30:00.000000'),
    ('add HOUR 24 2024-03-09 02:30:00', 'UTC', 'timestampadd(HOUR, 24, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 02:30:00.000000'),
    ('add DAY 1 2024-11-02 01:30:00', 'UTC', 'timestampadd(DAY, 1, CAST(2024-11-02 01:30:00 AS TIMESTAMP))', 'timestamp', '2024-11-03 01:30:00.000000'),
    ('add MONTH 1 2024-02-10 02:30:00', 'UTC', 'timestampadd(MONTH, 1, CAST(2024-02-10 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 02:30:00.000000'),
    ('add day 1 2024-01-01 00:00:00', 'UTC', 'timestampadd(day, 1, CAST(2024-01-01 00:00:00 AS TIMESTAMP))', 'timestamp', '2024-01-02 00:00:00.000000'),
    ('add ntz', 'UTC', 'timestampadd(DAY, 1, CAST(2024-03-09 02:30:00 AS TIMESTAMP_NTZ))', 'timestamp_ntz', '2024-03-10 02:30:00.000000'),
    ('add date', 'UTC', "timestampadd(DAY, 1, DATE '2024-03-09')", 'timestamp', '2024-03-10 00:00:00.000000'),
    ('add string', 'UTC', 'timestampadd(DAY, 1, 2024-03-09 02:30:00)', 'timestamp', '2024-03-10 02:30:00.000000'),
    ('add strq', 'UTC', 'timestampadd(DAY, 2, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-11 02:30:00.000000'),
    ('add nullq', 'UTC', 'timestampadd(DAY, CAST(NULL AS INT), CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', None),
    ('add nullts', 'UTC', 'timestampadd(DAY, 1, CAST(NULL AS TIMESTAMP))', 'timestamp', None),
    ('add col', 'UTC', 'timestampadd(DAY, id, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-09 02:30:00.000000'),
    ('diff DAY 2024-05-31 10:00:00 2024-06-01 09:59:59', 'UTC', 'timestampdiff(DAY, CAST(2024-05-31 10:00:00 AS TIMESTAMP), CAST(2024-06-01 09:59:59 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-01-31 10:00:00 2024-02-29 10:00:00', 'UTC', 'timestampdiff(MONTH, CAST(2024-01-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-01-31 10:00:00 2024-03-01 10:00:00', 'UTC', 'timestampdiff(MONTH, CAST(2024-01-31 10:00:00 AS TIMESTAMP), CAST(2024-03-01 10:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff MONTH 2024-03-31 10:00:00 2024-02-29 10:00:00', 'UTC', 'timestampdiff(MONTH, CAST(2024-03-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'bigint', -1),
    ('diff MONTH 2024-03-31 10:00:00 2024-02-29 11:00:00', 'UTC', 'timestampdiff(MONTH, CAST(2024-03-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 11:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-03-29 10:00:00 2024-02-29 11:00:00', 'UTC', 'timestampdiff(MONTH, CAST(2024-03-29 10:00:00 AS TIMESTAMP), CAST(2024-02-29 11:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff YEAR 2024-02-29 10:00:00 2025-02-28 10:00:00', 'UTC', 'timestampdiff(YEAR, CAST(2024-02-29 10:00:00 AS TIMESTAMP), CAST(2025-02-28 10:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff QUARTER 2024-01-15 00:00:00 2024-12-31 00:00:00', 'UTC', 'timestampdiff(QUARTER, CAST(2024-01-15 00:00:00 AS TIMESTAMP), CAST(2024-12-31 00:00:00 AS TIMESTAMP))', 'bigint', 3),
    ('diff QUARTER 2024-12-31 00:00:00 2024-01-15 00:00:00', 'UTC', 'timestampdiff(QUARTER, CAST(2024-12-31 00:00:00 AS TIMESTAMP), CAST(2024-01-15 00:00:00 AS TIMESTAMP))', 'bigint', -3),
    ('diff WEEK 2024-01-01 00:00:00 2024-01-14 23:00:00', 'UTC', 'timestampdiff(WEEK, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-14 23:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff HOUR 2024-01-01 00:00:00 2023-12-31 22:30:00', 'UTC', 'timestampdiff(HOUR, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2023-12-31 22:30:00 AS TIMESTAMP))', 'bigint', -1),
    ('diff MINUTE 2024-01-01 00:00:00 2024-01-01 00:00:59', 'UTC', 'timestampdiff(MINUTE, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:59 AS TIMESTAMP))', 'bigint', 0),
    ('diff SECOND 2024-01-01 00:00:00 2023-12-31 23:59:58.5', 'UTC', 'timestampdiff(SECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2023-12-31 23:59:58.5 AS TIMESTAMP))', 'bigint', -1),
    ('diff MILLISECOND 2024-01-01 00:00:00 2024-01-01 00:00:00.0015', 'UTC', 'timestampdiff(MILLISECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:00.0015 AS TIMESTAMP))', 'bigint', 1),
    ('diff MICROSECOND 2024-01-01 00:00:00 2024-01-01 00:00:00.0015', 'UTC', 'timestampdiff(MICROSECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:00.0015 AS TIMESTAMP))', 'bigint', 1500),
    ('diff DAY 2024-03-09 12:00:00 2024-03-10 12:00:00', 'UTC', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff HOUR 2024-03-09 12:00:00 2024-03-10 12:00:00', 'UTC', 'timestampdiff(HOUR, CAST(2024-03-09 12:00:00 AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 24),
    ('diff DAY 2024-03-10 12:00:00 2024-03-09 13:00:00', 'UTC', 'timestampdiff(DAY, CAST(2024-03-10 12:00:00 AS TIMESTAMP), CAST(2024-03-09 13:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff day 2024-01-01 00:00:00 2024-01-03 00:00:00', 'UTC', 'timestampdiff(day, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-03 00:00:00 AS TIMESTAMP))', 'bigint', 2),
    ('diff ntz', 'UTC', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP_NTZ), CAST(2024-03-10 12:00:00 AS TIMESTAMP_NTZ))', 'bigint', 1),
    ('diff mixed', 'UTC', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP_NTZ), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff date', 'UTC', "timestampdiff(DAY, DATE '2024-03-09', CAST(2024-03-10 12:00:00 AS TIMESTAMP))", 'bigint', 1),
    ('diff str', 'UTC', 'timestampdiff(DAY, 2024-03-09, CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff null', 'UTC', 'timestampdiff(DAY, CAST(NULL AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', None),
    ('add lower', 'UTC', 'timestampadd(Week, 1, CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'timestamp', '2024-03-17 12:00:00.000000'),
    ('add DAY 2 2023-01-31 10:00:00', 'America/Los_Angeles', 'timestampadd(DAY, 2, CAST(2023-01-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2023-02-02 10:00:00.000000'),
    ('add MONTH 1 2023-01-31 10:00:00', 'America/Los_Angeles', 'timestampadd(MONTH, 1, CAST(2023-01-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2023-02-28 10:00:00.000000'),
    ('add YEAR 1 2024-02-29 10:00:00', 'America/Los_Angeles', 'timestampadd(YEAR, 1, CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'timestamp', '2025-02-28 10:00:00.000000'),
    ('add QUARTER -1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(QUARTER, -1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-02-29 10:00:00.000000'),
    ('add WEEK 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(WEEK, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-07 10:00:00.000000'),
    ('add HOUR 25 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(HOUR, 25, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-01 11:00:00.000000'),
    ('add MINUTE 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(MINUTE, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:01:00.000000'),
    ('add SECOND 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(SECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:01.000000'),
    ('add MILLISECOND 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(MILLISECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:00.001000'),
    ('add MICROSECOND 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(MICROSECOND, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-05-31 10:00:00.000001'),
    ('add DAYOFYEAR 1 2024-05-31 10:00:00', 'America/Los_Angeles', 'timestampadd(DAYOFYEAR, 1, CAST(2024-05-31 10:00:00 AS TIMESTAMP))', 'timestamp', '2024-06-01 10:00:00.000000'),
    ('add DAY 1 2024-03-09 02:30:00', 'America/Los_Angeles', 'timestampadd(DAY, 1, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 03:30:00.000000'),
    ('add HOUR 24 2024-03-09 02:30:00', 'America/Los_Angeles', 'timestampadd(HOUR, 24, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 03:30:00.000000'),
    ('add DAY 1 2024-11-02 01:30:00', 'America/Los_Angeles', 'timestampadd(DAY, 1, CAST(2024-11-02 01:30:00 AS TIMESTAMP))', 'timestamp', '2024-11-03 01:30:00.000000'),
    ('add MONTH 1 2024-02-10 02:30:00', 'America/Los_Angeles', 'timestampadd(MONTH, 1, CAST(2024-02-10 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-10 03:30:00.000000'),
    ('add day 1 2024-01-01 00:00:00', 'America/Los_Angeles', 'timestampadd(day, 1, CAST(2024-01-01 00:00:00 AS TIMESTAMP))', 'timestamp', '2024-01-02 00:00:00.000000'),
    ('add date', 'America/Los_Angeles', "timestampadd(DAY, 1, DATE '2024-03-09')", 'timestamp', '2024-03-10 00:00:00.000000'),
    ('add string', 'America/Los_Angeles', 'timestampadd(DAY, 1, 2024-03-09 02:30:00)', 'timestamp', '2024-03-10 03:30:00.000000'),
    ('add strq', 'America/Los_Angeles', 'timestampadd(DAY, 2, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-11 02:30:00.000000'),
    ('add nullq', 'America/Los_Angeles', 'timestampadd(DAY, CAST(NULL AS INT), CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', None),
    ('add nullts', 'America/Los_Angeles', 'timestampadd(DAY, 1, CAST(NULL AS TIMESTAMP))', 'timestamp', None),
    ('add col', 'America/Los_Angeles', 'timestampadd(DAY, id, CAST(2024-03-09 02:30:00 AS TIMESTAMP))', 'timestamp', '2024-03-09 02:30:00.000000'),
    ('diff DAY 2024-05-31 10:00:00 2024-06-01 09:59:59', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(2024-05-31 10:00:00 AS TIMESTAMP), CAST(2024-06-01 09:59:59 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-01-31 10:00:00 2024-02-29 10:00:00', 'America/Los_Angeles', 'timestampdiff(MONTH, CAST(2024-01-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-01-31 10:00:00 2024-03-01 10:00:00', 'America/Los_Angeles', 'timestampdiff(MONTH, CAST(2024-01-31 10:00:00 AS TIMESTAMP), CAST(2024-03-01 10:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff MONTH 2024-03-31 10:00:00 2024-02-29 10:00:00', 'America/Los_Angeles', 'timestampdiff(MONTH, CAST(2024-03-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 10:00:00 AS TIMESTAMP))', 'bigint', -1),
    ('diff MONTH 2024-03-31 10:00:00 2024-02-29 11:00:00', 'America/Los_Angeles', 'timestampdiff(MONTH, CAST(2024-03-31 10:00:00 AS TIMESTAMP), CAST(2024-02-29 11:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff MONTH 2024-03-29 10:00:00 2024-02-29 11:00:00', 'America/Los_Angeles', 'timestampdiff(MONTH, CAST(2024-03-29 10:00:00 AS TIMESTAMP), CAST(2024-02-29 11:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff YEAR 2024-02-29 10:00:00 2025-02-28 10:00:00', 'America/Los_Angeles', 'timestampdiff(YEAR, CAST(2024-02-29 10:00:00 AS TIMESTAMP), CAST(2025-02-28 10:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff QUARTER 2024-01-15 00:00:00 2024-12-31 00:00:00', 'America/Los_Angeles', 'timestampdiff(QUARTER, CAST(2024-01-15 00:00:00 AS TIMESTAMP), CAST(2024-12-31 00:00:00 AS TIMESTAMP))', 'bigint', 3),
    ('diff QUARTER 2024-12-31 00:00:00 2024-01-15 00:00:00', 'America/Los_Angeles', 'timestampdiff(QUARTER, CAST(2024-12-31 00:00:00 AS TIMESTAMP), CAST(2024-01-15 00:00:00 AS TIMESTAMP))', 'bigint', -3),
    ('diff WEEK 2024-01-01 00:00:00 2024-01-14 23:00:00', 'America/Los_Angeles', 'timestampdiff(WEEK, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-14 23:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff HOUR 2024-01-01 00:00:00 2023-12-31 22:30:00', 'America/Los_Angeles', 'timestampdiff(HOUR, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2023-12-31 22:30:00 AS TIMESTAMP))', 'bigint', -1),
    ('diff MINUTE 2024-01-01 00:00:00 2024-01-01 00:00:59', 'America/Los_Angeles', 'timestampdiff(MINUTE, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:59 AS TIMESTAMP))', 'bigint', 0),
    ('diff SECOND 2024-01-01 00:00:00 2023-12-31 23:59:58.5', 'America/Los_Angeles', 'timestampdiff(SECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2023-12-31 23:59:58.5 AS TIMESTAMP))', 'bigint', -1),
    ('diff MILLISECOND 2024-01-01 00:00:00 2024-01-01 00:00:00.0015', 'America/Los_Angeles', 'timestampdiff(MILLISECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:00.0015 AS TIMESTAMP))', 'bigint', 1),
    ('diff MICROSECOND 2024-01-01 00:00:00 2024-01-01 00:00:00.0015', 'America/Los_Angeles', 'timestampdiff(MICROSECOND, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-01 00:00:00.0015 AS TIMESTAMP))', 'bigint', 1500),
    ('diff DAY 2024-03-09 12:00:00 2024-03-10 12:00:00', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff HOUR 2024-03-09 12:00:00 2024-03-10 12:00:00', 'America/Los_Angeles', 'timestampdiff(HOUR, CAST(2024-03-09 12:00:00 AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 24),
    ('diff DAY 2024-03-10 12:00:00 2024-03-09 13:00:00', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(2024-03-10 12:00:00 AS TIMESTAMP), CAST(2024-03-09 13:00:00 AS TIMESTAMP))', 'bigint', 0),
    ('diff day 2024-01-01 00:00:00 2024-01-03 00:00:00', 'America/Los_Angeles', 'timestampdiff(day, CAST(2024-01-01 00:00:00 AS TIMESTAMP), CAST(2024-01-03 00:00:00 AS TIMESTAMP))', 'bigint', 2),
    ('diff ntz', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP_NTZ), CAST(2024-03-10 12:00:00 AS TIMESTAMP_NTZ))', 'bigint', 1),
    ('diff mixed', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP_NTZ), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff date', 'America/Los_Angeles', "timestampdiff(DAY, DATE '2024-03-09', CAST(2024-03-10 12:00:00 AS TIMESTAMP))", 'bigint', 1),
    ('diff str', 'America/Los_Angeles', 'timestampdiff(DAY, 2024-03-09, CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', 1),
    ('diff null', 'America/Los_Angeles', 'timestampdiff(DAY, CAST(NULL AS TIMESTAMP), CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'bigint', None),
    ('add lower', 'America/Los_Angeles', 'timestampadd(Week, 1, CAST(2024-03-10 12:00:00 AS TIMESTAMP))', 'timestamp', '2024-03-17 12:00:00.000000'),
]

# (label, session zone, exception class, message)
TS_ERRORS = [
    ('add SECOND 9223372036854775807 2024-05-31 10:00:00', 'UTC', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 9223372036854775807L SECOND to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('add YEAR 1000000 2024-05-31 10:00:00', 'UTC', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 1000000L YEAR to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('add DAY 3000000000 2024-05-31 10:00:00', 'UTC', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 3000000000L DAY to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('diff DAYOFYEAR 2024-01-01 00:00:00 2024-03-01 00:00:00', 'UTC', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPDIFF` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'DAYOFYEAR'. SQLSTATE: 22023"),
    ('diff int', 'UTC', 'AnalysisException', '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "timestampdiff(DAY, 1, CAST(2024-03-10 12:00:00 AS TIMESTAMP))" due to data type mismatch: The first parameter requires the "TIMESTAMP" type, however "1" has the type "INT". SQLSTATE: 42K09'),
    ('diff bad', 'UTC', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPDIFF` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'foo'. SQLSTATE: 22023"),
    ('add bad', 'UTC', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPADD` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'foo'. SQLSTATE: 22023"),
    ('add SECOND 9223372036854775807 2024-05-31 10:00:00', 'America/Los_Angeles', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 9223372036854775807L SECOND to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('add YEAR 1000000 2024-05-31 10:00:00', 'America/Los_Angeles', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 1000000L YEAR to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('add DAY 3000000000 2024-05-31 10:00:00', 'America/Los_Angeles', 'ArithmeticException', "[DATETIME_OVERFLOW] Datetime operation overflow: add 3000000000L DAY to TIMESTAMP '2024-05-31 10:00:00'. SQLSTATE: 22008"),
    ('diff DAYOFYEAR 2024-01-01 00:00:00 2024-03-01 00:00:00', 'America/Los_Angeles', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPDIFF` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'DAYOFYEAR'. SQLSTATE: 22023"),
    ('diff int', 'America/Los_Angeles', 'AnalysisException', '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "timestampdiff(DAY, 1, CAST(2024-03-10 12:00:00 AS TIMESTAMP))" due to data type mismatch: The first parameter requires the "TIMESTAMP" type, however "1" has the type "INT". SQLSTATE: 42K09'),
    ('diff bad', 'America/Los_Angeles', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPDIFF` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'foo'. SQLSTATE: 22023"),
    ('add bad', 'America/Los_Angeles', 'IllegalArgumentException', "[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `TIMESTAMPADD` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal 'foo'. SQLSTATE: 22023"),
]


@pytest.mark.parametrize("label,zone,name,dtype,value", TS_CASES,
                         ids=[f"{c[0]} [{c[1]}]" for c in TS_CASES])
def test_timestamp_add_diff_match_pyspark(label, zone, name, dtype, value):
    assert run_in_zone(_column(label), zone) == (name, dtype, value)


@pytest.mark.parametrize("label,zone,cls,message", TS_ERRORS,
                         ids=[f"{c[0]} [{c[1]}]" for c in TS_ERRORS])
def test_timestamp_add_diff_errors_match_pyspark(label, zone, cls, message):
    with pytest.raises(Exception) as info:
        run_in_zone(_column(label), zone)
    assert type(info.value).__name__ == cls
    assert str(info.value) == message


# TIMESTAMP_NTZ values are wall clocks: no session zone is involved (PySpark 4.3 in
# America/Los_Angeles, where 2024-03-10 02:30 does not exist for a TIMESTAMP)
NTZ_CASES = [
    (lambda: F.timestamp_add("DAY", F.lit(1), _ntz("2024-03-09 02:30:00")),
     "timestampadd(DAY, 1, CAST(2024-03-09 02:30:00 AS TIMESTAMP_NTZ))", "timestamp_ntz",
     "2024-03-10 02:30:00.000000"),
    (lambda: F.timestamp_add("HOUR", F.lit(24), _ntz("2024-03-09 02:30:00")),
     "timestampadd(HOUR, 24, CAST(2024-03-09 02:30:00 AS TIMESTAMP_NTZ))", "timestamp_ntz",
     "2024-03-10 02:30:00.000000"),
    (lambda: F.timestamp_add("MONTH", F.lit(1), _ntz("2024-01-31 02:30:00")),
     "timestampadd(MONTH, 1, CAST(2024-01-31 02:30:00 AS TIMESTAMP_NTZ))", "timestamp_ntz",
     "2024-02-29 02:30:00.000000"),
    (lambda: F.timestamp_diff("HOUR", _ntz("2024-03-10 01:00:00"), _ntz("2024-03-10 04:00:00")),
     "timestampdiff(HOUR, CAST(2024-03-10 01:00:00 AS TIMESTAMP_NTZ), "
     "CAST(2024-03-10 04:00:00 AS TIMESTAMP_NTZ))", "bigint", 3),
    (lambda: F.timestamp_diff("DAY", _ntz("2024-03-09 02:30:00"), _ntz("2024-03-10 02:30:00")),
     "timestampdiff(DAY, CAST(2024-03-09 02:30:00 AS TIMESTAMP_NTZ), "
     "CAST(2024-03-10 02:30:00 AS TIMESTAMP_NTZ))", "bigint", 1),
    # an ambiguous wall clock keeps its offset when days are added (ZonedDateTime.plusDays)
    (lambda: F.timestamp_add("DAY", F.lit(1), _ts("2024-11-03 01:30:00")),
     "timestampadd(DAY, 1, CAST(2024-11-03 01:30:00 AS TIMESTAMP))", "timestamp",
     "2024-11-04 01:30:00.000000"),
    (lambda: F.timestamp_add("DAY", F.lit(-1), _ts("2024-11-04 01:30:00")),
     "timestampadd(DAY, -1, CAST(2024-11-04 01:30:00 AS TIMESTAMP))", "timestamp",
     "2024-11-03 01:30:00.000000"),
    (lambda: F.timestamp_diff("DAY", _ts("2024-03-09 12:00:00"), _ts("2024-03-10 11:30:00")),
     "timestampdiff(DAY, CAST(2024-03-09 12:00:00 AS TIMESTAMP), "
     "CAST(2024-03-10 11:30:00 AS TIMESTAMP))", "bigint", 0),
    # hours between wall clocks, not elapsed hours (2 elapsed across the DST gap)
    (lambda: F.timestamp_diff("HOUR", _ts("2024-03-10 01:00:00"), _ts("2024-03-10 04:00:00")),
     "timestampdiff(HOUR, CAST(2024-03-10 01:00:00 AS TIMESTAMP), "
     "CAST(2024-03-10 04:00:00 AS TIMESTAMP))", "bigint", 3),
]


@pytest.mark.parametrize("col,name,dtype,value", NTZ_CASES, ids=[c[1] for c in NTZ_CASES])
def test_timestamp_functions_los_angeles(col, name, dtype, value):
    assert run_in_zone(col(), "America/Los_Angeles") == (name, dtype, value)


def test_timestamp_add_overflow_message_uses_session_zone():
    with pytest.raises(Exception) as info:
        run_in_zone(F.timestamp_add("SECOND", F.lit(9223372036854775807),
                                    _ntz("2024-05-31 10:00:00.25")), "America/Los_Angeles")
    assert str(info.value) == (
        "[DATETIME_OVERFLOW] Datetime operation overflow: add 9223372036854775807L SECOND to "
        "TIMESTAMP '2024-05-31 03:00:00.25'. SQLSTATE: 22008")


# -- to_csv / from_csv / schema_of_csv, recorded from PySpark 4.3 (UTC) ---------------
CSV_CASES = [
    ("to_csv(named_struct('a', 1, 'b', 'x,y', 'c', true))",
     'to_csv(named_struct(a, 1, b, x,y, c, true))', 'string', '1,"x,y",true'),
    ("to_csv(named_struct('a', 1, 'b', NULL, 'c', 1.5D))",
     'to_csv(named_struct(a, 1, b, NULL, c, 1.5))', 'string', '1,,1.5'),
    ('to_csv(named_struct(\'a\', \'he said "hi"\', \'b\', \'\'))',
     'to_csv(named_struct(a, he said "hi", b, ))', 'string', '"he said \\"hi\\"",""'),
    ("to_csv(named_struct('d', date'2024-01-02', 't', timestamp'2024-01-02 03:04:05.678'))",
     "to_csv(named_struct(d, DATE '2024-01-02', t, TIMESTAMP '2024-01-02 03:04:05.678'))", 'string', '2024-01-02,2024-01-02T03:04:05.678Z'),
    ("to_csv(named_struct('t', timestamp_ntz'2024-01-02 03:04:05'))",
     "to_csv(named_struct(t, TIMESTAMP_NTZ '2024-01-02 03:04:05'))", 'string', '2024-01-02T03:04:05.000'),
    ("to_csv(named_struct('a', 1.0E10D, 'b', CAST(1.5 AS FLOAT), 'c', 12.30BD))",
     'to_csv(named_struct(a, 1.0E10, b, CAST(1.5 AS FLOAT), c, 12.30))', 'string', '1.0E10,1.5,12.30'),
    ("to_csv(named_struct('a', 1, 'b', 'x'), map('sep', '|'))",
     'to_csv(named_struct(a, 1, b, x))', 'string', '1|x'),
    ("to_csv(named_struct('a', 'x y ', 'b', ' z'))",
     'to_csv(named_struct(a, x y , b,  z))', 'string', 'x y,z'),
    ("to_csv(named_struct('a', 'line\\nbreak'))",
     'to_csv(named_struct(a, line\nbreak))', 'string', '"line\nbreak"'),
    ("to_csv(named_struct('a', X'0102'))",
     "to_csv(named_struct(a, X'0102'))", 'string', '[01 02]'),
    ("to_csv(named_struct('a', array(1, 2)))",
     'to_csv(named_struct(a, array(1, 2)))', 'string', '"[1, 2]"'),
    ('to_csv(NULL)',
     'to_csv(NULL)', 'string', None),
    ("to_csv(named_struct('a', 1, 'b', 'x'), map('quoteAll', 'true'))",
     'to_csv(named_struct(a, 1, b, x))', 'string', '"1","x"'),
    ("to_csv(named_struct('a', 1, 'b', NULL), map('nullValue', 'NA'))",
     'to_csv(named_struct(a, 1, b, NULL))', 'string', '1,NA'),
    ("to_csv(named_struct('a', date'2024-01-02'), map('dateFormat', 'dd/MM/yyyy'))",
     "to_csv(named_struct(a, DATE '2024-01-02'))", 'string', '02/01/2024'),
    ("to_csv(named_struct('a', timestamp'2024-01-02 03:04:05'), map('timestampFormat', 'yyyy/MM/dd HH:mm'))",
     "to_csv(named_struct(a, TIMESTAMP '2024-01-02 03:04:05'))", 'string', '2024/01/02 03:04'),
    ("to_csv(named_struct('a', '#x', 'b', 'a\\\\b'))",
     'to_csv(named_struct(a, #x, b, a\\b))', 'string', '"#x",a\\b'),
    ("from_csv('1,abc,true', 'a INT, b STRING, c BOOLEAN')",
     'from_csv(1,abc,true)', 'struct<a:int,b:string,c:boolean>', Row(a=1, b='abc', c=True)),
    ("from_csv('1,abc', 'a INT, b STRING, c BOOLEAN')",
     'from_csv(1,abc)', 'struct<a:int,b:string,c:boolean>', Row(a=1, b='abc', c=None)),
    ("from_csv('1,abc,true,extra', 'a INT, b STRING, c BOOLEAN')",
     'from_csv(1,abc,true,extra)', 'struct<a:int,b:string,c:boolean>', Row(a=1, b='abc', c=True)),
    ("from_csv('x,abc', 'a INT, b STRING')",
     'from_csv(x,abc)', 'struct<a:int,b:string>', Row(a=None, b='abc')),
    ("from_csv('1|2', 'a INT, b INT', map('sep', '|'))",
     'from_csv(1|2)', 'struct<a:int,b:int>', Row(a=1, b=2)),
    ('from_csv(\'"a,b",c\', \'a STRING, b STRING\')',
     'from_csv("a,b",c)', 'struct<a:string,b:string>', Row(a='a,b', b='c')),
    ("from_csv('', 'a INT, b STRING')",
     'from_csv()', 'struct<a:int,b:string>', Row(a=None, b=None)),
    ("from_csv(NULL, 'a INT')",
     'from_csv(NULL)', 'struct<a:int>', None),
    ("from_csv('2024-01-02,2024-01-02 03:04:05', 'd DATE, t TIMESTAMP')",
     'from_csv(2024-01-02,2024-01-02 03:04:05)', 'struct<d:date,t:timestamp>', Row(d=datetime.date(2024, 1, 2), t=datetime.datetime(2024, 1, 2, 3, 4, 5))),
    ("from_csv('02/01/2024', 'd DATE', map('dateFormat', 'dd/MM/yyyy'))",
     'from_csv(02/01/2024)', 'struct<d:date>', Row(d=datetime.date(2024, 1, 2))),
    ("from_csv('1.5,1e3,12.30', 'a DOUBLE, b FLOAT, c DECIMAL(5,2)')",
     'from_csv(1.5,1e3,12.30)', 'struct<a:double,b:float,c:decimal(5,2)>', Row(a=1.5, b=1000.0, c=Decimal('12.30'))),
    ("from_csv(' 1 , x ', 'a INT, b STRING')",
     'from_csv( 1 , x )', 'struct<a:int,b:string>', Row(a=None, b=' x ')),
    ("from_csv('1,', 'a INT, b STRING')",
     'from_csv(1,)', 'struct<a:int,b:string>', Row(a=1, b=None)),
    ("from_csv('1,2', 'STRUCT<a: INT, b: INT>')",
     'from_csv(1,2)', 'struct<a:int,b:int>', Row(a=1, b=2)),
    ("from_csv('1', 'a INT, _corrupt_record STRING')",
     'from_csv(1)', 'struct<a:int,_corrupt_record:string>', Row(a=1, _corrupt_record=None)),
    ("from_csv('x', 'a INT, _corrupt_record STRING')",
     'from_csv(x)', 'struct<a:int,_corrupt_record:string>', Row(a=None, _corrupt_record='x')),
    ("from_csv('1', 'a INT', map('nullValue', '1'))",
     'from_csv(1)', 'struct<a:int>', Row(a=None)),
    ("from_csv('NA,2', 'a INT, b INT', map('nullValue', 'NA'))",
     'from_csv(NA,2)', 'struct<a:int,b:int>', Row(a=None, b=2)),
    ("schema_of_csv('1,abc')",
     'schema_of_csv(1,abc)', 'string', 'STRUCT<_c0: INT, _c1: STRING>'),
    ("schema_of_csv('1|0.5|true|2024-01-02|2024-01-02 03:04:05|x', map('sep', '|'))",
     'schema_of_csv(1|0.5|true|2024-01-02|2024-01-02 03:04:05|x)', 'string', 'STRUCT<_c0: INT, _c1: DOUBLE, _c2: BOOLEAN, _c3: DATE, _c4: TIMESTAMP, _c5: STRING>'),
    ("schema_of_csv('1,,')",
     'schema_of_csv(1,,)', 'string', 'STRUCT<_c0: INT, _c1: STRING, _c2: STRING>'),
    ("schema_of_csv('12345678901,1.5E10,12.30')",
     'schema_of_csv(12345678901,1.5E10,12.30)', 'string', 'STRUCT<_c0: BIGINT, _c1: DOUBLE, _c2: DOUBLE>'),
    ('schema_of_csv(\'a"b,c\')',
     'schema_of_csv(a"b,c)', 'string', 'STRUCT<_c0: STRING, _c1: STRING>'),
    ("schema_of_csv('NaN,Infinity,-Infinity')",
     'schema_of_csv(NaN,Infinity,-Infinity)', 'string', 'STRUCT<_c0: DOUBLE, _c1: DOUBLE, _c2: DOUBLE>'),
    ("schema_of_csv('2024-01-02T03:04:05')",
     'schema_of_csv(2024-01-02T03:04:05)', 'string', 'STRUCT<_c0: TIMESTAMP>'),
    ("schema_of_csv('2024-01-02T03:04:05Z')",
     'schema_of_csv(2024-01-02T03:04:05Z)', 'string', 'STRUCT<_c0: TIMESTAMP>'),
    ("schema_of_csv('true,FALSE,tRuE')",
     'schema_of_csv(true,FALSE,tRuE)', 'string', 'STRUCT<_c0: BOOLEAN, _c1: BOOLEAN, _c2: BOOLEAN>'),
    ("schema_of_csv('02/01/2024', map('dateFormat', 'dd/MM/yyyy'))",
     'schema_of_csv(02/01/2024)', 'string', 'STRUCT<_c0: DATE>'),
    ("schema_of_csv('99999999999999999999')",
     'schema_of_csv(99999999999999999999)', 'string', 'STRUCT<_c0: DECIMAL(20,0)>'),
]

CSV_ERRORS = [
    ('to_csv(1)', 'AnalysisException',
     '[DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE] Cannot resolve "to_csv(1)" due to data type mismatch: The input of `to_csv` can\'t be "INT" type data. SQLSTATE: 42K09'),
    ("from_csv('x,abc', 'a INT, b STRING', map('mode', 'DROPMALFORMED'))", 'AnalysisException',
     "[PARSE_MODE_UNSUPPORTED] The function `from_csv` doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST. SQLSTATE: 42601"),
    ("from_csv('1', 1)", 'AnalysisException',
     '[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "1" is not a valid schema string. The input expression must be string literal and not null. SQLSTATE: 42K07'),
    ('schema_of_csv(NULL)', 'AnalysisException',
     '[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve "schema_of_csv(NULL)" due to data type mismatch: The csv must not be null. SQLSTATE: 42K09'),
]


@pytest.mark.parametrize("sql,name,dtype,value", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_functions_match_pyspark(sql, name, dtype, value):
    assert run(F.expr(sql)) == (name, dtype, [value])


@pytest.mark.parametrize("sql,cls,message", CSV_ERRORS, ids=[c[0] for c in CSV_ERRORS])
def test_csv_function_errors_match_pyspark(sql, cls, message):
    with pytest.raises(Exception) as info:
        run(F.expr(sql))
    assert type(info.value).__name__ == cls
    assert str(info.value) == message


CSV_DF_CASES = [
    (lambda: F.to_csv(F.struct(F.lit(1).alias("a"), F.lit("x").alias("b"))),
     "to_csv(struct(1 AS a, x AS b))", "string", "1,x"),
    (lambda: F.to_csv(F.struct(F.lit(1).alias("a"), F.lit("x").alias("b")), {"sep": "|"}),
     "to_csv(struct(1 AS a, x AS b))", "string", "1|x"),
    (lambda: F.from_csv(F.lit("1,x"), "a INT, b STRING"),
     "from_csv(1,x)", "struct<a:int,b:string>", Row(a=1, b="x")),
    (lambda: F.from_csv(F.lit("1,x"), F.lit("a INT, b STRING")),
     "from_csv(1,x)", "struct<a:int,b:string>", Row(a=1, b="x")),
    (lambda: F.from_csv(F.lit("1,x"), F.schema_of_csv(F.lit("1,x"))),
     "from_csv(1,x)", "struct<_c0:int,_c1:string>", Row(_c0=1, _c1="x")),
    (lambda: F.from_csv(F.lit("1|x"), "a INT, b STRING", {"sep": "|"}),
     "from_csv(1|x)", "struct<a:int,b:string>", Row(a=1, b="x")),
    (lambda: F.schema_of_csv("1|a", {"sep": "|"}),
     "schema_of_csv(1|a)", "string", "STRUCT<_c0: INT, _c1: STRING>"),
    (lambda: F.schema_of_csv(F.lit("1,a")),
     "schema_of_csv(1,a)", "string", "STRUCT<_c0: INT, _c1: STRING>"),
    (lambda: F.to_csv(F.struct(F.col("x"), F.lit(None).cast("string").alias("n"))),
     "to_csv(struct(x, CAST(NULL AS STRING) AS n))", "string", "1,"),
    (lambda: F.from_csv(F.lit("1,abc,x"), "a INT, b STRING, _corrupt_record STRING"),
     "from_csv(1,abc,x)", "struct<a:int,b:string,_corrupt_record:string>",
     Row(a=1, b="abc", _corrupt_record="1,abc,x")),
    (lambda: F.from_csv(F.lit("1,abc"), "a INT, b STRING, _corrupt_record STRING"),
     "from_csv(1,abc)", "struct<a:int,b:string,_corrupt_record:string>",
     Row(a=1, b="abc", _corrupt_record=None)),
    (lambda: F.from_csv(F.lit("1"), "a int, b int, c int"),
     "from_csv(1)", "struct<a:int,b:int,c:int>", Row(a=1, b=None, c=None)),
    (lambda: F.from_csv(F.lit("abc"), "a BINARY"), "from_csv(abc)", "struct<a:binary>",
     Row(a=b"abc")),
    (lambda: F.expr("to_csv(named_struct('a', 1.0E-5D, 'b', 100.0F, 'c', CAST(1 AS TINYINT), "
                    "'d', 12345678901L))"),
     "to_csv(named_struct(a, 1.0E-5, b, 100.0, c, CAST(1 AS TINYINT), d, 12345678901))",
     "string", "1.0E-5,100.0,1,12345678901"),
    (lambda: F.expr("to_csv(named_struct('a', map('k', 1), 'b', named_struct('x', 1, 'y', 'z')))"),
     "to_csv(named_struct(a, map(k, 1), b, named_struct(x, 1, y, z)))", "string",
     '{k -> 1},"{1, z}"'),
]


@pytest.mark.parametrize("col,name,dtype,value", CSV_DF_CASES, ids=[c[1] for c in CSV_DF_CASES])
def test_csv_functions_dataframe_api(col, name, dtype, value):
    assert run(col()) == (name, dtype, [value])


def test_csv_functions_python_argument_types():
    from rayspark.errors import PySparkTypeError
    with pytest.raises(PySparkTypeError, match=r"\[NOT_EXPECTED_TYPE\] Argument `schema` should "
                                               r"be Column or str, got int\."):
        F.from_csv(F.lit("1"), 1)
    with pytest.raises(PySparkTypeError, match=r"\[NOT_EXPECTED_TYPE\] Argument `csv` should "
                                               r"be Column or str, got int\."):
        F.schema_of_csv(1)


def test_schema_of_csv_needs_a_constant():
    with pytest.raises(Exception) as info:
        run(F.schema_of_csv(F.col("x").cast("string")))
    assert str(info.value) == (
        "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"schema_of_csv(CAST(x AS STRING))"
        "\" due to data type mismatch: the input `csv` should be a foldable \"STRING\" "
        "expression; however, got \"CAST(x AS STRING)\". SQLSTATE: 42K09")


def test_from_csv_failfast_and_dropmalformed():
    with pytest.raises(Exception, match=r"\[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION\] "
                                        r"Malformed records are detected in record parsing: "
                                        r"\[1,null\]"):
        run(F.from_csv(F.lit("1"), "a INT, b STRING", {"mode": "FAILFAST"}))
    assert run(F.from_csv(F.lit(None).cast("string"), "a INT", {"mode": "FAILFAST"}))[2] == [None]


def test_csv_functions_in_session_zone():
    # PySpark 4.3 with spark.sql.session.timeZone=America/Los_Angeles
    assert run_in_zone(F.expr(
        "to_csv(named_struct('t', timestamp'2024-01-02 03:04:05.678', "
        "'n', timestamp_ntz'2024-01-02 03:04:05'))"), "America/Los_Angeles")[2] == \
        "2024-01-02T03:04:05.678-08:00,2024-01-02T03:04:05.000"
    assert run_in_zone(F.expr("cast(from_csv('2024-01-02 03:04:05', 't TIMESTAMP').t as string)"),
                       "America/Los_Angeles")[2] == "2024-01-02 03:04:05"
    assert run_in_zone(F.expr("unix_seconds(from_csv('2024-01-02 03:04:05', 't TIMESTAMP').t)"),
                       "America/Los_Angeles")[2] == 1704193445  # 11:04:05 UTC


def test_csv_functions_over_columns():
    schema = "s string, i int"
    rows = [("1,a", 1), (None, None), ("x,b", 2), ("1,a", 3)]
    assert run(F.from_csv("s", "a INT, b STRING"), schema, rows)[2] == \
        [Row(a=1, b="a"), None, Row(a=None, b="b"), Row(a=1, b="a")]
    assert run(F.to_csv(F.struct("i", "s")), schema, rows)[2] == \
        ['1,"1,a"', ",", '2,"x,b"', '3,"1,a"']
