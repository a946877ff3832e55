"""JSON, hash and misc functions against values recorded from PySpark 4. The Murmur3 and
XXH64 values must match exactly: ``hash`` decides partitioning."""
import datetime
import decimal

import pytest

from rayspark.sql import Row
from rayspark.sql import functions as F
from rayspark.sql import types as T

from _helpers import run, same

SCHEMA = "j string, s string, i int, l bigint, d double, b boolean"
ROWS = [('{"a": 1, "b": [1,2], "c": {"d": "x"}}', "abc", 1, 3000000000, 1.5, True),
        ('{"a": "oops"}', "", -1, -1, -0.0, False),
        ("bad json", None, None, None, None, None)]

CASES = [
    (lambda: F.from_json("j", "a INT, b ARRAY<INT>"),
     'from_json(j)', 'struct<a:int,b:array<int>>',
     [Row(a=1, b=[1, 2]), Row(a=None, b=None), Row(a=None, b=None)]),
    (lambda: F.from_json("j", T.StructType([T.StructField("a", T.IntegerType())])),
     'from_json(j)', 'struct<a:int>',
     [Row(a=1), Row(a=None), Row(a=None)]),
    (lambda: F.from_json("j", "a INT, c STRUCT<d: STRING>"),
     'from_json(j)', 'struct<a:int,c:struct<d:string>>',
     [Row(a=1, c=Row(d='x')), Row(a=None, c=None), Row(a=None, c=None)]),
    (lambda: F.from_json("j", "MAP<STRING, STRING>"),
     'entries', 'map<string,string>',
     [{'a': '1', 'b': '[1,2]', 'c': '{"d":"x"}'}, {'a': 'oops'}, None]),
    (lambda: F.to_json(F.struct("s", "i", "d")),
     'to_json(struct(s, i, d))', 'string',
     ['{"s":"abc","i":1,"d":1.5}', '{"s":"","i":-1,"d":-0.0}', '{}']),
    (lambda: F.to_json(F.struct(F.lit(datetime.date(2024,1,2)).alias("d"), F.lit(datetime.datetime(2024,1,2,3,4,5)).alias("t"), F.array(F.lit(1), F.lit(None)).alias("a"))),
     "to_json(struct(DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05' AS t, array(1, NULL) AS a))", 'string',
     ['{"d":"2024-01-02","t":"2024-01-02T03:04:05.000Z","a":[1,null]}', '{"d":"2024-01-02","t":"2024-01-02T03:04:05.000Z","a":[1,null]}', '{"d":"2024-01-02","t":"2024-01-02T03:04:05.000Z","a":[1,null]}']),
    (lambda: F.to_json(F.create_map(F.lit("k"), F.lit(1))),
     'to_json(map(k, 1))', 'string',
     ['{"k":1}', '{"k":1}', '{"k":1}']),
    (lambda: F.to_json(F.array(F.struct("s"))),
     'to_json(array(struct(s)))', 'string',
     ['[{"s":"abc"}]', '[{"s":""}]', '[{}]']),
    (lambda: F.get_json_object("j", "$.a"),
     'get_json_object(j, $.a)', 'string',
     ['1', 'oops', None]),
    (lambda: F.get_json_object("j", "$.b"),
     'get_json_object(j, $.b)', 'string',
     ['[1,2]', None, None]),
    (lambda: F.get_json_object("j", "$.b[1]"),
     'get_json_object(j, $.b[1])', 'string',
     ['2', None, None]),
    (lambda: F.get_json_object("j", "$.c"),
     'get_json_object(j, $.c)', 'string',
     ['{"d":"x"}', None, None]),
    (lambda: F.get_json_object("j", "$.c.d"),
     'get_json_object(j, $.c.d)', 'string',
     ['x', None, None]),
    (lambda: F.schema_of_json(F.lit('{"a": 1, "b": [1.5], "c": {"d": "x"}, "e": null}')),
     'schema_of_json({"a": 1, "b": [1.5], "c": {"d": "x"}, "e": null})', 'string',
     ['STRUCT<a: BIGINT, b: ARRAY<DOUBLE>, c: STRUCT<d: STRING>, e: STRING>', 'STRUCT<a: BIGINT, b: ARRAY<DOUBLE>, c: STRUCT<d: STRING>, e: STRING>', 'STRUCT<a: BIGINT, b: ARRAY<DOUBLE>, c: STRUCT<d: STRING>, e: STRING>']),
    (lambda: F.json_array_length(F.lit("[1,2,3]")),
     'json_array_length([1,2,3])', 'int',
     [3, 3, 3]),
    (lambda: F.json_object_keys("j"),
     'json_object_keys(j)', 'array<string>',
     [['a', 'b', 'c'], ['a'], None]),
    (lambda: F.md5("s"),
     'md5(s)', 'string',
     ['900150983cd24fb0d6963f7d28e17f72', 'd41d8cd98f00b204e9800998ecf8427e', None]),
    (lambda: F.sha1("s"),
     'sha1(s)', 'string',
     ['a9993e364706816aba3e25717850c26c9cd0d89d', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', None]),
    (lambda: F.sha2("s", 256),
     'sha2(s, 256)', 'string',
     ['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', None]),
    (lambda: F.sha2("s", 512),
     'sha2(s, 512)', 'string',
     ['ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', None]),
    (lambda: F.sha2("s", 0),
     'sha2(s, 0)', 'string',
     ['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', None]),
    (lambda: F.crc32("s"),
     'crc32(s)', 'bigint',
     [891568578, 0, None]),
    (lambda: F.hash("s"),
     'hash(s)', 'int',
     [1322437556, 142593372, 42]),
    (lambda: F.hash("i"),
     'hash(i)', 'int',
     [-559580957, -1604776387, 42]),
    (lambda: F.hash("l"),
     'hash(l)', 'int',
     [-531808393, -939490007, 42]),
    (lambda: F.hash("d"),
     'hash(d)', 'int',
     [1290763749, -1670924195, 42]),
    (lambda: F.hash("b"),
     'hash(b)', 'int',
     [-559580957, 933211791, 42]),
    (lambda: F.hash("s", "i"),
     'hash(s, i)', 'int',
     [945627151, -669950963, 42]),
    (lambda: F.hash("s", "i", "l", "d"),
     'hash(s, i, l, d)', 'int',
     [505465120, -1539147143, 42]),
    (lambda: F.hash(F.lit(None)),
     'hash(NULL)', 'int',
     [42, 42, 42]),
    (lambda: F.hash(F.array(F.lit(1), F.lit(2))),
     'hash(array(1, 2))', 'int',
     [-222940379, -222940379, -222940379]),
    (lambda: F.hash(F.lit(decimal.Decimal("1.50"))),
     'hash(1.50)', 'int',
     [-2056712946, -2056712946, -2056712946]),
    (lambda: F.hash(F.lit(datetime.date(2024,1,2))),
     "hash(DATE '2024-01-02')", 'int',
     [-21057580, -21057580, -21057580]),
    (lambda: F.hash(F.lit(datetime.datetime(2024,1,2,3,4,5))),
     "hash(TIMESTAMP '2024-01-02 03:04:05')", 'int',
     [476834194, 476834194, 476834194]),
    (lambda: F.hash(F.lit(1.5).cast("float")),
     'hash(CAST(1.5 AS FLOAT))', 'int',
     [-221251528, -221251528, -221251528]),
    (lambda: F.hash(F.lit("héllo wörld, this is a longer string!!")),
     'hash(héllo wörld, this is a longer string!!)', 'int',
     [620223971, 620223971, 620223971]),
    (lambda: F.hash(F.struct(F.lit(1), F.lit("a"))),
     'hash(struct(1, a))', 'int',
     [-936062819, -936062819, -936062819]),
    (lambda: F.hash(F.lit(5).cast("smallint")),
     'hash(CAST(5 AS SMALLINT))', 'int',
     [1023896466, 1023896466, 1023896466]),
    (lambda: F.hash(F.lit(b"ab\x00")),
     "hash(X'616200')", 'int',
     [-1948132453, -1948132453, -1948132453]),
    (lambda: F.xxhash64("s"),
     'xxhash64(s)', 'bigint',
     [1423657621850124518, -7444071767201028348, 42]),
    (lambda: F.xxhash64("i"),
     'xxhash64(i)', 'bigint',
     [-6698625589789238999, 2017008487422258757, 42]),
    (lambda: F.xxhash64("l"),
     'xxhash64(l)', 'bigint',
     [-5694036969809369392, 3858142552250413010, 42]),
    (lambda: F.xxhash64("d"),
     'xxhash64(d)', 'bigint',
     [7738255526519901366, -5252525462095825812, 42]),
    (lambda: F.xxhash64("s", "i"),
     'xxhash64(s, i)', 'bigint',
     [615990704253164077, 2916261689988911317, 42]),
    (lambda: F.xxhash64(F.lit("héllo wörld, this is a longer string!! more more more")),
     'xxhash64(héllo wörld, this is a longer string!! more more more)', 'bigint',
     [-8888242135053813804, -8888242135053813804, -8888242135053813804]),
    (lambda: F.typeof("s"),
     'typeof(s)', 'string',
     ['string', 'string', 'string']),
    (lambda: F.typeof(F.array("i")),
     'typeof(array(i))', 'string',
     ['array<int>', 'array<int>', 'array<int>']),
    (lambda: F.input_file_name(),
     'input_file_name()', 'string',
     ['', '', '']),
    (lambda: F.nanvl("d", F.lit(0.0)),
     'nanvl(d, 0.0)', 'double',
     [1.5, -0.0, None]),
    (lambda: F.bitwise_not("i"),
     '~i', 'int',
     [-2, 0, None]),
    (lambda: F.current_database(),
     'current_schema()', 'string',
     ['default', 'default', 'default']),
    (lambda: F.nvl2("s", F.lit(1), F.lit(2)),
     'nvl2(s, 1, 2)', 'int',
     [1, 1, 2]),
    (lambda: F.equal_null("s", "s"),
     'equal_null(s, s)', 'boolean',
     [True, True, True]),
    (lambda: F.zeroifnull("i"),
     'zeroifnull(i)', 'int',
     [1, -1, 0]),
    (lambda: F.nullifzero("i"),
     'nullifzero(i)', 'int',
     [1, -1, None]),
]


@pytest.mark.parametrize("make,name,dtype,values", CASES, ids=[c[1][:60] for c in CASES])
def test_json_hash_misc_function(make, name, dtype, values):
    got = run(make(), SCHEMA, ROWS)
    assert got[:2] == (name, dtype)
    assert same(got[2], values), got[2]


@pytest.mark.parametrize("make,cls", [
    (lambda: F.hash(F.create_map(F.lit("k"), F.lit(1))), "DATATYPE_MISMATCH.HASH_MAP_TYPE"),
    (lambda: F.assert_true(F.col("i") > 0), "USER_RAISED_EXCEPTION"),
    (lambda: F.raise_error(F.lit("boom")), "USER_RAISED_EXCEPTION"),
])
def test_errors(make, cls):
    with pytest.raises(Exception) as info:
        run(make(), SCHEMA, ROWS)
    assert info.value.getErrorClass() == cls


def test_hash_long_strings_vectorised():
    # strings of every length 0..40 exercise the word loop and the byte tail
    from rayspark.sql.expressions.hash_functions import _hash_value
    from rayspark.sql.types import StringType
    rows = [("x" * k + "é" * (k % 3),) for k in range(41)]
    name, dtype, vals = run(F.hash("s"), "s string", rows)
    assert vals == [
        _hash_value(r[0], StringType(), 42) - (1 << 32) if _hash_value(r[0], StringType(), 42)
        >= (1 << 31) else _hash_value(r[0], StringType(), 42) for r in rows]
