"""Data types, schema inference and value verification, checked against PySpark 4.3.

The case tables below are expressions evaluated against rayspark.sql.types with the
results PySpark 4.3.0's ``pyspark.sql.types`` gives for the same expressions (reprs, simple
strings, JSON, tree strings, error classes and messages), recorded as literals.
"""
import array as array_module
import collections
import datetime
import decimal
import json
import os
import pickle
import time

import pytest

import rayspark.sql.types as T
from rayspark.errors import PySparkException
from rayspark.sql import Row


class Obj:
    """A plain object: inference and conversion read its ``__dict__``."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        return "Obj(%r)" % sorted(self.__dict__.items())


NT = collections.namedtuple("NT", ["x", "y"])


def _namespace():
    ns = {k: getattr(T, k) for k in dir(T) if not k.startswith("__")}
    ns.update(json=json, pickle=pickle, datetime=datetime, decimal=decimal, Row=Row, Obj=Obj,
              NT=NT, array=array_module, collections=collections,
              V=T._make_type_verifier)
    ns["S1"] = T.StructType([T.StructField("a", T.IntegerType()),
                             T.StructField("b", T.StringType(), False),
                             T.StructField("c", T.DoubleType())])
    ns["S2"] = T.StructType([
        T.StructField("id", T.LongType(), False),
        T.StructField("tags", T.ArrayType(T.StringType(), False)),
        T.StructField("props", T.MapType(T.StringType(), T.ArrayType(
            T.StructType([T.StructField("k", T.IntegerType())])), False)),
        T.StructField("nested", T.StructType([
            T.StructField("x", T.DecimalType(10, 2), True, {"comment": "money"}),
            T.StructField("y", T.StructType([T.StructField("z", T.TimestampType())]))])),
        T.StructField("iv", T.DayTimeIntervalType(1, 2)),
        T.StructField("ym", T.YearMonthIntervalType()),
        T.StructField("c", T.CharType(4)),
        T.StructField("n", T.NullType()),
        T.StructField("we\tird\nname", T.MapType(
            T.StructType([T.StructField("k", T.DateType())]), T.BinaryType())),
    ])
    ns["S3"] = T.StructType([
        T.StructField("a", T.StringType("UTF8_LCASE"), True, {"x": "y"}),
        T.StructField("b", T.MapType(T.StringType("UNICODE"),
                                     T.ArrayType(T.StringType("UTF8_LCASE")))),
        T.StructField("c", T.StructType([T.StructField("d", T.StringType("UNICODE_CI"))]))])
    ns["S4"] = T.StructType([T.StructField("a", T.IntegerType()),
                             T.StructField("b", T.DateType()),
                             T.StructField("c", T.ArrayType(T.DateType()))])
    ns["S5"] = T.StructType([
        T.StructField("i", T.LongType()), T.StructField("s", T.StringType()),
        T.StructField("n", T.NullType()), T.StructField("arr", T.ArrayType(T.StringType())),
        T.StructField("m", T.MapType(T.StringType(), T.DoubleType())),
        T.StructField("st", T.StructType([T.StructField("p", T.LongType()),
                                          T.StructField("q", T.StringType(), False)])),
        T.StructField("mm", T.MapType(T.StringType(), T.LongType(), False))])
    return ns


NS = _namespace()


def _check(expr, kind, *expected):
    if kind == "ok":
        value = eval(expr, dict(NS))
        if not isinstance(value, (str, int, bool, float, list, type(None))):
            value = repr(value)
        assert value == expected[0]
    else:
        with pytest.raises(BaseException) as info:
            eval(expr, dict(NS))
        assert type(info.value).__name__ == expected[0]
        assert str(info.value) == expected[1]


TYPE_CASES = [
    ('repr(NullType())', 'ok', 'NullType()'),
    ('NullType().simpleString()', 'ok', 'void'),
    ('NullType().typeName()', 'ok', 'void'),
    ('NullType().json()', 'ok', '"void"'),
    ('repr(StringType())', 'ok', 'StringType()'),
    ('StringType().simpleString()', 'ok', 'string'),
    ('StringType().json()', 'ok', '"string"'),
    ("repr(StringType('UTF8_LCASE'))", 'ok', "StringType('UTF8_LCASE')"),
    ("StringType('UTF8_LCASE').simpleString()", 'ok', 'string collate UTF8_LCASE'),
    ("StringType('UTF8_LCASE').json()", 'ok', '"string collate UTF8_LCASE"'),
    ('repr(CharType(3))', 'ok', 'CharType(3)'),
    ('CharType(3).simpleString()', 'ok', 'char(3)'),
    ('CharType(3).json()', 'ok', '"char(3)"'),
    ('CharType(3).typeName()', 'ok', 'char'),
    ('repr(VarcharType(3))', 'ok', 'VarcharType(3)'),
    ('VarcharType(3).simpleString()', 'ok', 'varchar(3)'),
    ('VarcharType(3).json()', 'ok', '"varchar(3)"'),
    ('VarcharType(3).typeName()', 'ok', 'varchar'),
    ('repr(BinaryType())', 'ok', 'BinaryType()'),
    ('BinaryType().simpleString()', 'ok', 'binary'),
    ('BinaryType().json()', 'ok', '"binary"'),
    ('repr(BooleanType())', 'ok', 'BooleanType()'),
    ('BooleanType().simpleString()', 'ok', 'boolean'),
    ('BooleanType().json()', 'ok', '"boolean"'),
    ('repr(DateType())', 'ok', 'DateType()'),
    ('DateType().simpleString()', 'ok', 'date'),
    ('DateType().json()', 'ok', '"date"'),
    ('repr(TimestampType())', 'ok', 'TimestampType()'),
    ('TimestampType().simpleString()', 'ok', 'timestamp'),
    ('TimestampType().json()', 'ok', '"timestamp"'),
    ('repr(TimestampNTZType())', 'ok', 'TimestampNTZType()'),
    ('TimestampNTZType().simpleString()', 'ok', 'timestamp_ntz'),
    ('TimestampNTZType().json()', 'ok', '"timestamp_ntz"'),
    ('TimestampNTZType.typeName()', 'ok', 'timestamp_ntz'),
    ('repr(DecimalType())', 'ok', 'DecimalType(10,0)'),
    ('DecimalType(5,2).simpleString()', 'ok', 'decimal(5,2)'),
    ('DecimalType(5,2).json()', 'ok', '"decimal(5,2)"'),
    ('DecimalType.typeName()', 'ok', 'decimal'),
    ('repr(DecimalType(38,18))', 'ok', 'DecimalType(38,18)'),
    ('repr(DoubleType())', 'ok', 'DoubleType()'),
    ('DoubleType().simpleString()', 'ok', 'double'),
    ('DoubleType().json()', 'ok', '"double"'),
    ('repr(FloatType())', 'ok', 'FloatType()'),
    ('FloatType().simpleString()', 'ok', 'float'),
    ('FloatType().json()', 'ok', '"float"'),
    ('repr(ByteType())', 'ok', 'ByteType()'),
    ('ByteType().simpleString()', 'ok', 'tinyint'),
    ('ByteType().json()', 'ok', '"byte"'),
    ('ByteType.typeName()', 'ok', 'byte'),
    ('repr(ShortType())', 'ok', 'ShortType()'),
    ('ShortType().simpleString()', 'ok', 'smallint'),
    ('ShortType().json()', 'ok', '"short"'),
    ('repr(IntegerType())', 'ok', 'IntegerType()'),
    ('IntegerType().simpleString()', 'ok', 'int'),
    ('IntegerType().json()', 'ok', '"integer"'),
    ('repr(LongType())', 'ok', 'LongType()'),
    ('LongType().simpleString()', 'ok', 'bigint'),
    ('LongType().json()', 'ok', '"long"'),
    ('repr(DayTimeIntervalType())', 'ok', 'DayTimeIntervalType(0, 3)'),
    ('DayTimeIntervalType().simpleString()', 'ok', 'interval day to second'),
    ('DayTimeIntervalType().json()', 'ok', '"interval day to second"'),
    ('repr(DayTimeIntervalType(1))', 'ok', 'DayTimeIntervalType(1, 1)'),
    ('DayTimeIntervalType(1, 3).simpleString()', 'ok', 'interval hour to second'),
    ('DayTimeIntervalType.typeName()', 'ok', 'daytimeinterval'),
    ('repr(YearMonthIntervalType())', 'ok', 'YearMonthIntervalType(0, 1)'),
    ('YearMonthIntervalType().simpleString()', 'ok', 'interval year to month'),
    ('YearMonthIntervalType(1).json()', 'ok', '"interval month"'),
    ('YearMonthIntervalType.typeName()', 'ok', 'yearmonthinterval'),
    ('DayTimeIntervalType(4)', 'err', 'PySparkRuntimeError', '[INVALID_INTERVAL_CASTING] Interval 4 to 4 is invalid.'),
    ('DayTimeIntervalType(0, 7)', 'err', 'PySparkRuntimeError', '[INVALID_INTERVAL_CASTING] Interval 0 to 7 is invalid.'),
    ('YearMonthIntervalType(2)', 'err', 'PySparkRuntimeError', '[INVALID_INTERVAL_CASTING] Interval 2 to 2 is invalid.'),
    ('repr(CalendarIntervalType())', 'ok', 'CalendarIntervalType()'),
    ('CalendarIntervalType().simpleString()', 'ok', 'interval'),
    ('CalendarIntervalType().json()', 'ok', '"interval"'),
    ('repr(ArrayType(IntegerType()))', 'ok', 'ArrayType(IntegerType(), True)'),
    ('ArrayType(IntegerType(), False).simpleString()', 'ok', 'array<int>'),
    ('ArrayType(StringType(), False).json()', 'ok', '{"containsNull":false,"elementType":"string","type":"array"}'),
    ('ArrayType.typeName()', 'ok', 'array'),
    ('repr(MapType(StringType(), LongType()))', 'ok', 'MapType(StringType(), LongType(), True)'),
    ('MapType(StringType(), ArrayType(LongType()), False).simpleString()', 'ok', 'map<string,array<bigint>>'),
    ('MapType(StringType(), LongType(), False).json()', 'ok', '{"keyType":"string","type":"map","valueContainsNull":false,"valueType":"long"}'),
    ("repr(StructField('a', IntegerType()))", 'ok', "StructField('a', IntegerType(), True)"),
    ("StructField('a', IntegerType(), False, {'x': 1}).simpleString()", 'ok', 'a:int'),
    ("StructField('a', IntegerType(), False, {'x': 1}).json()", 'ok', '{"metadata":{"x":1},"name":"a","nullable":false,"type":"integer"}'),
    ('repr(StructField("it\'s", IntegerType()))', 'ok', "StructField('it's', IntegerType(), True)"),
    ("StructField('a', IntegerType()).typeName()", 'err', 'PySparkTypeError', '[INVALID_TYPENAME_CALL] StructField does not have typeName. Use typeName on its type explicitly instead.'),
    ('repr(S1)', 'ok', "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), False), StructField('c', DoubleType(), True)])"),
    ('S1.simpleString()', 'ok', 'struct<a:int,b:string,c:double>'),
    ('S1.json()', 'ok', '{"fields":[{"metadata":{},"name":"a","nullable":true,"type":"integer"},{"metadata":{},"name":"b","nullable":false,"type":"string"},{"metadata":{},"name":"c","nullable":true,"type":"double"}],"type":"struct"}'),
    ('S1.typeName()', 'ok', 'struct'),
    ('repr(StructType())', 'ok', 'StructType([])'),
    ('S1.fieldNames()', 'ok', ['a', 'b', 'c']),
    ('S1.names', 'ok', ['a', 'b', 'c']),
    ('len(S1)', 'ok', 3),
    ('[f.name for f in S1]', 'ok', ['a', 'b', 'c']),
    ("repr(S1['b'])", 'ok', "StructField('b', StringType(), False)"),
    ('repr(S1[1])', 'ok', "StructField('b', StringType(), False)"),
    ('repr(S1[-1])', 'ok', "StructField('c', DoubleType(), True)"),
    ('repr(S1[0:2])', 'ok', "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), False)])"),
    ('repr(S1[::2])', 'ok', "StructType([StructField('a', IntegerType(), True), StructField('c', DoubleType(), True)])"),
    ("S1['zz']", 'err', 'PySparkKeyError', '[KEY_NOT_EXISTS] Key `zz` does not exist.'),
    ('S1[10]', 'err', 'PySparkIndexError', "[INDEX_OUT_OF_RANGE] StructType index out of range, got '10'."),
    ('S1[-10]', 'err', 'PySparkIndexError', "[INDEX_OUT_OF_RANGE] StructType index out of range, got '-10'."),
    ('S1[1.5]', 'err', 'PySparkTypeError', '[NOT_EXPECTED_TYPE] Argument `key` should be int, slice or str, got float.'),
    ('S1[None]', 'err', 'PySparkTypeError', '[NOT_EXPECTED_TYPE] Argument `key` should be int, slice or str, got NoneType.'),
    ("repr(StructType().add('a', 'integer').add(StructField('b', StringType())).add('c', LongType(), False, {'m': 1}))", 'ok', "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), True), StructField('c', LongType(), False)])"),
    ("repr(StructType().add('a', 'decimal(10,2)').add('b', 'interval day to second').add('c', 'char(2)').add('d', 'string'))", 'ok', "StructType([StructField('a', DecimalType(10,2), True), StructField('b', DayTimeIntervalType(0, 3), True), StructField('c', CharType(2), True), StructField('d', StringType(), True)])"),
    ("StructType().add('a', 'int')", 'err', 'PySparkValueError', '[CANNOT_PARSE_DATATYPE] Unable to parse datatype. int.'),
    ("StructType().add('a', 'array<int>')", 'err', 'PySparkValueError', '[CANNOT_PARSE_DATATYPE] Unable to parse datatype. array<int>.'),
    ("StructType().add('a')", 'err', 'PySparkValueError', '[ARGUMENT_REQUIRED] Argument `data_type` is required when passing name of struct_field to create.'),
    ("StructType().add('a', None)", 'err', 'PySparkValueError', '[ARGUMENT_REQUIRED] Argument `data_type` is required when passing name of struct_field to create.'),
    ('S1.treeString()', 'ok', 'root\n |-- a: integer (nullable = true)\n |-- b: string (nullable = false)\n |-- c: double (nullable = true)\n'),
    ('S2.treeString()', 'ok', 'root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = false)\n |-- props: map (nullable = true)\n |    |-- key: string\n |    |-- value: array (valueContainsNull = false)\n |    |    |-- element: struct (containsNull = true)\n |    |    |    |-- k: integer (nullable = true)\n |-- nested: struct (nullable = true)\n |    |-- x: decimal(10,2) (nullable = true)\n |    |-- y: struct (nullable = true)\n |    |    |-- z: timestamp (nullable = true)\n |-- iv: interval hour to minute (nullable = true)\n |-- ym: interval year to month (nullable = true)\n |-- c: char(4) (nullable = true)\n |-- n: void (nullable = true)\n |-- we\\tird\\nname: map (nullable = true)\n |    |-- key: struct\n |    |    |-- k: date (nullable = true)\n |    |-- value: binary (valueContainsNull = true)\n'),
    ('S2.treeString(2)', 'ok', 'root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = false)\n |-- props: map (nullable = true)\n |    |-- key: string\n |    |-- value: array (valueContainsNull = false)\n |-- nested: struct (nullable = true)\n |    |-- x: decimal(10,2) (nullable = true)\n |    |-- y: struct (nullable = true)\n |-- iv: interval hour to minute (nullable = true)\n |-- ym: interval year to month (nullable = true)\n |-- c: char(4) (nullable = true)\n |-- n: void (nullable = true)\n |-- we\\tird\\nname: map (nullable = true)\n |    |-- key: struct\n |    |-- value: binary (valueContainsNull = true)\n'),
    ('S2.treeString(1)', 'ok', 'root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n |-- props: map (nullable = true)\n |-- nested: struct (nullable = true)\n |-- iv: interval hour to minute (nullable = true)\n |-- ym: interval year to month (nullable = true)\n |-- c: char(4) (nullable = true)\n |-- n: void (nullable = true)\n |-- we\\tird\\nname: map (nullable = true)\n'),
    ('S2.treeString(0)', 'ok', 'root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = false)\n |-- props: map (nullable = true)\n |    |-- key: string\n |    |-- value: array (valueContainsNull = false)\n |    |    |-- element: struct (containsNull = true)\n |    |    |    |-- k: integer (nullable = true)\n |-- nested: struct (nullable = true)\n |    |-- x: decimal(10,2) (nullable = true)\n |    |-- y: struct (nullable = true)\n |    |    |-- z: timestamp (nullable = true)\n |-- iv: interval hour to minute (nullable = true)\n |-- ym: interval year to month (nullable = true)\n |-- c: char(4) (nullable = true)\n |-- n: void (nullable = true)\n |-- we\\tird\\nname: map (nullable = true)\n |    |-- key: struct\n |    |    |-- k: date (nullable = true)\n |    |-- value: binary (valueContainsNull = true)\n'),
    ('S2.treeString(-1)', 'ok', 'root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = false)\n |-- props: map (nullable = true)\n |    |-- key: string\n |    |-- value: array (valueContainsNull = false)\n |    |    |-- element: struct (containsNull = true)\n |    |    |    |-- k: integer (nullable = true)\n |-- nested: struct (nullable = true)\n |    |-- x: decimal(10,2) (nullable = true)\n |    |-- y: struct (nullable = true)\n |    |    |-- z: timestamp (nullable = true)\n |-- iv: interval hour to minute (nullable = true)\n |-- ym: interval year to month (nullable = true)\n |-- c: char(4) (nullable = true)\n |-- n: void (nullable = true)\n |-- we\\tird\\nname: map (nullable = true)\n |    |-- key: struct\n |    |    |-- k: date (nullable = true)\n |    |-- value: binary (valueContainsNull = true)\n'),
    ('S2.simpleString()', 'ok', 'struct<id:bigint,tags:array<string>,props:map<string,array<struct<k:int>>>,nested:struct<x:decimal(10,2),y:struct<z:timestamp>>,iv:interval hour to minute,ym:interval year to month,c:char(4),n:void,we\tird\nname:map<struct<k:date>,binary>>'),
    ('S2.json()', 'ok', '{"fields":[{"metadata":{},"name":"id","nullable":false,"type":"long"},{"metadata":{},"name":"tags","nullable":true,"type":{"containsNull":false,"elementType":"string","type":"array"}},{"metadata":{},"name":"props","nullable":true,"type":{"keyType":"string","type":"map","valueContainsNull":false,"valueType":{"containsNull":true,"elementType":{"fields":[{"metadata":{},"name":"k","nullable":true,"type":"integer"}],"type":"struct"},"type":"array"}}},{"metadata":{},"name":"nested","nullable":true,"type":{"fields":[{"metadata":{"comment":"money"},"name":"x","nullable":true,"type":"decimal(10,2)"},{"metadata":{},"name":"y","nullable":true,"type":{"fields":[{"metadata":{},"name":"z","nullable":true,"type":"timestamp"}],"type":"struct"}}],"type":"struct"}},{"metadata":{},"name":"iv","nullable":true,"type":"interval hour to minute"},{"metadata":{},"name":"ym","nullable":true,"type":"interval year to month"},{"metadata":{},"name":"c","nullable":true,"type":"char(4)"},{"metadata":{},"name":"n","nullable":true,"type":"void"},{"metadata":{},"name":"we\\tird\\nname","nullable":true,"type":{"keyType":{"fields":[{"metadata":{},"name":"k","nullable":true,"type":"date"}],"type":"struct"},"type":"map","valueContainsNull":true,"valueType":"binary"}}],"type":"struct"}'),
    ('repr(S2)', 'ok', "StructType([StructField('id', LongType(), False), StructField('tags', ArrayType(StringType(), False), True), StructField('props', MapType(StringType(), ArrayType(StructType([StructField('k', IntegerType(), True)]), True), False), True), StructField('nested', StructType([StructField('x', DecimalType(10,2), True), StructField('y', StructType([StructField('z', TimestampType(), True)]), True)]), True), StructField('iv', DayTimeIntervalType(1, 2), True), StructField('ym', YearMonthIntervalType(0, 1), True), StructField('c', CharType(4), True), StructField('n', NullType(), True), StructField('we\tird\nname', MapType(StructType([StructField('k', DateType(), True)]), BinaryType(), True), True)])"),
    ('StructType.fromJson(json.loads(S2.json())) == S2', 'ok', True),
    ('StructType.fromJson(S2.jsonValue()) == S2', 'ok', True),
    ('repr(_parse_datatype_json_string(S2.json()))', 'ok', "StructType([StructField('id', LongType(), False), StructField('tags', ArrayType(StringType(), False), True), StructField('props', MapType(StringType(), ArrayType(StructType([StructField('k', IntegerType(), True)]), True), False), True), StructField('nested', StructType([StructField('x', DecimalType(10,2), True), StructField('y', StructType([StructField('z', TimestampType(), True)]), True)]), True), StructField('iv', DayTimeIntervalType(1, 2), True), StructField('ym', YearMonthIntervalType(0, 1), True), StructField('c', CharType(4), True), StructField('n', NullType(), True), StructField('we\tird\nname', MapType(StructType([StructField('k', DateType(), True)]), BinaryType(), True), True)])"),
    ('repr(_parse_datatype_json_string(\'"integer"\'))', 'ok', 'IntegerType()'),
    ('repr(_parse_datatype_json_string(\'"decimal(3, 1)"\'))', 'ok', 'DecimalType(3,1)'),
    ('repr(_parse_datatype_json_string(\'"interval hour"\'))', 'ok', 'DayTimeIntervalType(1, 1)'),
    ('repr(_parse_datatype_json_string(\'"interval year to month"\'))', 'ok', 'YearMonthIntervalType(0, 1)'),
    ('repr(_parse_datatype_json_string(\'"varchar(4)"\'))', 'ok', 'VarcharType(4)'),
    ('repr(_parse_datatype_json_string(\'"string collate UNICODE"\'))', 'ok', "StringType('UNICODE')"),
    ('_parse_datatype_json_string(\'"int"\')', 'err', 'PySparkValueError', '[CANNOT_PARSE_DATATYPE] Unable to parse datatype. int.'),
    ('_parse_datatype_json_string(\'{"type": "foo"}\')', 'err', 'PySparkValueError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `foo`.'),
    ('_parse_datatype_json_string(\'"bigint"\')', 'err', 'PySparkValueError', '[CANNOT_PARSE_DATATYPE] Unable to parse datatype. bigint.'),
    ('S3.json()', 'ok', '{"fields":[{"metadata":{"__COLLATIONS":{"a":"spark.UTF8_LCASE"},"x":"y"},"name":"a","nullable":true,"type":"string"},{"metadata":{"__COLLATIONS":{"b.key":"icu.UNICODE","b.value.element":"spark.UTF8_LCASE"}},"name":"b","nullable":true,"type":{"keyType":"string","type":"map","valueContainsNull":true,"valueType":{"containsNull":true,"elementType":"string","type":"array"}}},{"metadata":{},"name":"c","nullable":true,"type":{"fields":[{"metadata":{"__COLLATIONS":{"d":"icu.UNICODE_CI"}},"name":"d","nullable":true,"type":"string"}],"type":"struct"}}],"type":"struct"}'),
    ('repr(StructType.fromJson(json.loads(S3.json())))', 'ok', "StructType([StructField('a', StringType('UTF8_LCASE'), True), StructField('b', MapType(StringType('UNICODE'), ArrayType(StringType('UTF8_LCASE'), True), True), True), StructField('c', StructType([StructField('d', StringType('UNICODE_CI'), True)]), True)])"),
    ('StructType.fromJson(json.loads(S3.json())) == S3', 'ok', True),
    ('IntegerType() == IntegerType()', 'ok', True),
    ('IntegerType() is IntegerType()', 'ok', True),
    ('IntegerType() == LongType()', 'ok', False),
    ('DecimalType(10, 2) == DecimalType(10, 2)', 'ok', True),
    ('DecimalType(10, 2) == DecimalType(10, 3)', 'ok', False),
    ('DecimalType() == DecimalType(10, 0)', 'ok', True),
    ('ArrayType(IntegerType()) == ArrayType(IntegerType(), True)', 'ok', True),
    ('ArrayType(IntegerType(), False) == ArrayType(IntegerType())', 'ok', False),
    ('MapType(StringType(), IntegerType()) != MapType(StringType(), IntegerType(), False)', 'ok', True),
    ("StructType([StructField('a', IntegerType(), True, {'x': 1})]) == StructType([StructField('a', IntegerType(), True)])", 'ok', False),
    ("StructField('a', IntegerType()) == StructField('a', IntegerType())", 'ok', True),
    ("StructField('a', IntegerType()) == StructField('b', IntegerType())", 'ok', False),
    ('hash(IntegerType()) == hash(IntegerType())', 'ok', True),
    ('hash(DecimalType(5, 2)) == hash(DecimalType(5, 2))', 'ok', True),
    ('hash(S1) == hash(StructType.fromJson(S1.jsonValue()))', 'ok', True),
    ('len({IntegerType(), IntegerType(), LongType()})', 'ok', 2),
    ('pickle.loads(pickle.dumps(S2)) == S2', 'ok', True),
    ('pickle.loads(pickle.dumps(IntegerType())) == IntegerType()', 'ok', True),
    ('pickle.loads(pickle.dumps(DecimalType(3, 1))) == DecimalType(3, 1)', 'ok', True),
    ('repr(pickle.loads(pickle.dumps(DayTimeIntervalType(1, 2))))', 'ok', 'DayTimeIntervalType(1, 2)'),
    ('repr(S2.toNullable())', 'ok', "StructType([StructField('id', LongType(), True), StructField('tags', ArrayType(StringType(), True), True), StructField('props', MapType(StringType(), ArrayType(StructType([StructField('k', IntegerType(), True)]), True), True), True), StructField('nested', StructType([StructField('x', DecimalType(10,2), True), StructField('y', StructType([StructField('z', TimestampType(), True)]), True)]), True), StructField('iv', DayTimeIntervalType(1, 2), True), StructField('ym', YearMonthIntervalType(0, 1), True), StructField('c', CharType(4), True), StructField('n', NullType(), True), StructField('we\tird\nname', MapType(StructType([StructField('k', DateType(), True)]), BinaryType(), True), True)])"),
    ('repr(ArrayType(IntegerType(), False).toNullable())', 'ok', 'ArrayType(IntegerType(), True)'),
    ('repr(MapType(IntegerType(), ArrayType(IntegerType(), False), False).toNullable())', 'ok', 'MapType(IntegerType(), ArrayType(IntegerType(), True), True)'),
    ('IntegerType().needConversion()', 'ok', False),
    ('DateType().needConversion()', 'ok', True),
    ('ArrayType(IntegerType()).needConversion()', 'ok', False),
    ('ArrayType(DateType()).needConversion()', 'ok', True),
    ('MapType(StringType(), TimestampType()).needConversion()', 'ok', True),
    ('S1.needConversion()', 'ok', True),
    ("StructField('a', DateType()).needConversion()", 'ok', True),
    ('StringType().needConversion()', 'ok', False),
    ('DecimalType().needConversion()', 'ok', False),
    ('DayTimeIntervalType().needConversion()', 'ok', True),
    ('TimestampNTZType().needConversion()', 'ok', True),
    ('DateType().toInternal(datetime.date(2020, 3, 1))', 'ok', 18322),
    ('DateType().toInternal(datetime.date(1969, 12, 31))', 'ok', -1),
    ('DateType().toInternal(datetime.datetime(2020, 3, 1, 23, 59))', 'ok', 18322),
    ('repr(DateType().fromInternal(18322))', 'ok', 'datetime.date(2020, 3, 1)'),
    ('DateType().toInternal(None)', 'ok', None),
    ('DateType().fromInternal(None)', 'ok', None),
    ('TimestampType().toInternal(datetime.datetime(2020, 1, 1, 0, 0, 0, 5, tzinfo=datetime.timezone.utc))', 'ok', 1577836800000005),
    ('TimestampType().toInternal(datetime.datetime(2020, 1, 1, 2, 0, 0, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))', 'ok', 1577836800000007),
    ('TimestampNTZType().toInternal(datetime.datetime(2020, 1, 1, 0, 0, 0, 5))', 'ok', 1577836800000005),
    ('TimestampNTZType().toInternal(datetime.datetime(2020, 1, 1, 2, 0, 0, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))', 'ok', 1577844000000007),
    ('repr(TimestampNTZType().fromInternal(1577836800000005))', 'ok', 'datetime.datetime(2020, 1, 1, 0, 0, 0, 5)'),
    ('repr(TimestampNTZType().fromInternal(-1))', 'ok', 'datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)'),
    ('DayTimeIntervalType().toInternal(datetime.timedelta(days=1, seconds=2, microseconds=3))', 'ok', 86402000003),
    ('repr(DayTimeIntervalType().fromInternal(86402000003))', 'ok', 'datetime.timedelta(days=1, seconds=2, microseconds=3)'),
    ('DayTimeIntervalType().toInternal(datetime.timedelta(microseconds=-1))', 'ok', -1),
    ('ArrayType(DateType()).toInternal([datetime.date(1970, 1, 2), None])', 'ok', [1, None]),
    ('repr(ArrayType(DateType()).fromInternal([1, None]))', 'ok', '[datetime.date(1970, 1, 2), None]'),
    ('ArrayType(DateType()).toInternal([])', 'ok', []),
    ('ArrayType(IntegerType()).toInternal([1])', 'ok', [1]),
    ("MapType(StringType(), DateType()).toInternal({'a': datetime.date(1970, 1, 3)})", 'ok', "{'a': 2}"),
    ("repr(MapType(StringType(), DateType()).fromInternal({'a': 2}))", 'ok', "{'a': datetime.date(1970, 1, 3)}"),
    ('S4.toInternal((1, datetime.date(1970, 1, 2), [datetime.date(1970, 1, 3)]))', 'ok', '(1, 1, [2])'),
    ("S4.toInternal({'b': datetime.date(1970, 1, 2), 'a': 1})", 'ok', '(1, 1, None)'),
    ('S4.toInternal(Row(a=1, b=None, c=None))', 'ok', '(1, None, None)'),
    ('S4.toInternal(Obj(a=1, b=datetime.date(1970, 1, 5), c=[]))', 'ok', '(1, 4, [])'),
    ('S4.toInternal(None)', 'ok', None),
    ('repr(S4.fromInternal((1, 1, [2])))', 'ok', 'Row(a=1, b=datetime.date(1970, 1, 2), c=[datetime.date(1970, 1, 3)])'),
    ('repr(S4.fromInternal(None))', 'ok', 'None'),
    ("repr(S1.fromInternal((1, 'x', 2.0)))", 'ok', "Row(a=1, b='x', c=2.0)"),
    ('S1.toInternal(5)', 'err', 'PySparkValueError', '[UNEXPECTED_TUPLE_WITH_STRUCT] Unexpected tuple 5 with StructType.'),
    ('S4.toInternal(5)', 'err', 'PySparkValueError', '[UNEXPECTED_TUPLE_WITH_STRUCT] Unexpected tuple 5 with StructType.'),
    ("S1.toInternal({'a': 1})", 'ok', '(1, None, None)'),
    ("S1.toInternal([1, 'x', 1.0])", 'ok', "(1, 'x', 1.0)"),
    ('S1.toInternal(Obj(a=1, c=2.0))', 'ok', '(1, None, 2.0)'),
    ('YearMonthIntervalType().toInternal(1)', 'err', 'PySparkNotImplementedError', '[NOT_IMPLEMENTED] YearMonthIntervalType.toInternal is not implemented.'),
    ('CalendarIntervalType().fromInternal(1)', 'err', 'PySparkNotImplementedError', '[NOT_IMPLEMENTED] CalendarIntervalType.fromInternal is not implemented.'),
]


INFERENCE_CASES = [
    ('repr(_infer_type(None))', 'ok', 'NullType()'),
    ('repr(_infer_type(True))', 'ok', 'BooleanType()'),
    ('repr(_infer_type(1))', 'ok', 'LongType()'),
    ('repr(_infer_type(2**70))', 'ok', 'LongType()'),
    ('repr(_infer_type(1.5))', 'ok', 'DoubleType()'),
    ("repr(_infer_type('s'))", 'ok', 'StringType()'),
    ("repr(_infer_type(b'x'))", 'ok', 'BinaryType()'),
    ("repr(_infer_type(bytearray(b'x')))", 'ok', 'BinaryType()'),
    ("repr(_infer_type(decimal.Decimal('1.5')))", 'ok', 'DecimalType(38,18)'),
    ('repr(_infer_type(datetime.date(2020, 1, 1)))', 'ok', 'DateType()'),
    ('repr(_infer_type(datetime.datetime(2020, 1, 1)))', 'ok', 'TimestampType()'),
    ('repr(_infer_type(datetime.datetime(2020, 1, 1), prefer_timestamp_ntz=True))', 'ok', 'TimestampNTZType()'),
    ('repr(_infer_type(datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc), prefer_timestamp_ntz=True))', 'ok', 'TimestampType()'),
    ('repr(_infer_type(datetime.timedelta(1)))', 'ok', 'DayTimeIntervalType(0, 3)'),
    ('repr(_infer_type([]))', 'ok', 'ArrayType(NullType(), True)'),
    ('repr(_infer_type([1, 2]))', 'ok', 'ArrayType(LongType(), True)'),
    ('repr(_infer_type([None, 1]))', 'ok', 'ArrayType(LongType(), True)'),
    ("repr(_infer_type([1, 'a']))", 'ok', 'ArrayType(StringType(), True)'),
    ('repr(_infer_type([[1], [None]]))', 'ok', 'ArrayType(ArrayType(LongType(), True), True)'),
    ('repr(_infer_type([1, None], infer_array_from_first_element=True))', 'ok', 'ArrayType(LongType(), True)'),
    ('repr(_infer_type([None, 1], infer_array_from_first_element=True))', 'ok', 'ArrayType(NullType(), True)'),
    ('repr(_infer_type([1, 2.0]))', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ('repr(_infer_type({}))', 'ok', 'MapType(NullType(), NullType(), True)'),
    ("repr(_infer_type({'a': 1}))", 'ok', 'MapType(StringType(), LongType(), True)'),
    ("repr(_infer_type({'a': 1, 'b': None}))", 'ok', 'MapType(StringType(), LongType(), True)'),
    ("repr(_infer_type({1: 'a', None: 'b'}))", 'ok', 'MapType(LongType(), StringType(), True)'),
    ("repr(_infer_type({'a': 1, 'b': 'x'}))", 'ok', 'MapType(StringType(), StringType(), True)'),
    ("repr(_infer_type({'a': 1}, infer_dict_as_struct=True))", 'ok', "StructType([StructField('a', LongType(), True)])"),
    ("repr(_infer_type({'a': 1, 'b': None, 'c': [1]}, infer_dict_as_struct=True))", 'ok', "StructType([StructField('a', LongType(), True), StructField('c', ArrayType(LongType(), True), True)])"),
    ("repr(_infer_type({'a': None, 'b': 2}, infer_map_from_first_pair=True))", 'ok', 'MapType(StringType(), LongType(), True)'),
    ('repr(_infer_type({}, infer_map_from_first_pair=True))', 'ok', 'MapType(NullType(), NullType(), True)'),
    ("repr(_infer_type({'a': 1, 'b': 2.5}))", 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ("repr(_infer_type(array.array('i', [1])))", 'ok', 'ArrayType(IntegerType(), False)'),
    ("repr(_infer_type(array.array('b', [1])))", 'ok', 'ArrayType(ByteType(), False)'),
    ("repr(_infer_type(array.array('d', [1])))", 'ok', 'ArrayType(DoubleType(), False)'),
    ("repr(_infer_type(array.array('f', [1])))", 'ok', 'ArrayType(FloatType(), False)'),
    ("repr(_infer_type(array.array('L', [1])))", 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `array(L)`.'),
    ("repr(_infer_type(array.array('I', [1])))", 'ok', 'ArrayType(LongType(), False)'),
    ("repr(_infer_type(array.array('h', [1])))", 'ok', 'ArrayType(ShortType(), False)'),
    ("repr(_infer_type(array.array('l', [1])))", 'ok', 'ArrayType(LongType(), False)'),
    ("_infer_type(array.array('q', [1]))", 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `array(q)`.'),
    ("repr(_infer_type(Row(a=1, b='x')))", 'ok', "StructType([StructField('a', LongType(), True), StructField('b', StringType(), True)])"),
    ("repr(_infer_type(NT(1, 'y')))", 'ok', "StructType([StructField('x', LongType(), True), StructField('y', StringType(), True)])"),
    ("repr(_infer_type(Obj(b=1, a='x')))", 'ok', "StructType([StructField('a', StringType(), True), StructField('b', LongType(), True)])"),
    ("repr(_infer_type((1, 'x')))", 'ok', "StructType([StructField('_1', LongType(), True), StructField('_2', StringType(), True)])"),
    ('repr(_infer_type(Row(a=Row(b=[1]))))', 'ok', "StructType([StructField('a', StructType([StructField('b', ArrayType(LongType(), True), True)]), True)])"),
    ('_infer_type({1, 2})', 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `set`.'),
    ('_infer_type(object())', 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `object`.'),
    ('_infer_type(complex(1, 2))', 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `complex`.'),
    ("repr(_infer_schema({'b': 1, 'a': 'x'}))", 'ok', "StructType([StructField('a', StringType(), True), StructField('b', LongType(), True)])"),
    ("repr(_infer_schema(Row(b=1, a='x')))", 'ok', "StructType([StructField('b', LongType(), True), StructField('a', StringType(), True)])"),
    ('repr(_infer_schema(NT(1.0, None)))', 'ok', "StructType([StructField('x', DoubleType(), True), StructField('y', NullType(), True)])"),
    ('repr(_infer_schema(Obj(z=1, y=[1])))', 'ok', "StructType([StructField('y', ArrayType(LongType(), True), True), StructField('z', LongType(), True)])"),
    ('repr(_infer_schema((1, 2, 3)))', 'ok', "StructType([StructField('_1', LongType(), True), StructField('_2', LongType(), True), StructField('_3', LongType(), True)])"),
    ("repr(_infer_schema((1, 2, 3), ['p']))", 'ok', "StructType([StructField('p', LongType(), True), StructField('_2', LongType(), True), StructField('_3', LongType(), True)])"),
    ("repr(_infer_schema([1, 'a'], ['p', 'q', 'r']))", 'ok', "StructType([StructField('p', LongType(), True), StructField('q', StringType(), True)])"),
    ('_infer_schema(5)', 'err', 'PySparkTypeError', '[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `int`.'),
    ("_infer_schema('abc')", 'err', 'PySparkTypeError', '[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `str`.'),
    ('_infer_schema((1, {1, 2}))', 'err', 'PySparkTypeError', '[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `_2`.'),
    ("_infer_schema({'a': object()})", 'err', 'PySparkTypeError', '[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `a`.'),
    ('_infer_schema((1, [{1}]))', 'err', 'PySparkTypeError', '[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `_2`.'),
    ('repr(_merge_type(LongType(), NullType()))', 'ok', 'LongType()'),
    ('repr(_merge_type(NullType(), DoubleType()))', 'ok', 'DoubleType()'),
    ('repr(_merge_type(LongType(), StringType()))', 'ok', 'StringType()'),
    ('repr(_merge_type(StringType(), DateType()))', 'ok', 'StringType()'),
    ('repr(_merge_type(TimestampType(), TimestampNTZType()))', 'ok', 'TimestampType()'),
    ('repr(_merge_type(TimestampNTZType(), TimestampType()))', 'ok', 'TimestampType()'),
    ('repr(_merge_type(DecimalType(10, 2), DecimalType(5, 1)))', 'ok', 'DecimalType(10,2)'),
    ('_merge_type(LongType(), DoubleType())', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ('_merge_type(ArrayType(LongType()), LongType())', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `ArrayType` and `LongType`.'),
    ("_merge_type(StructType([StructField('a', LongType())]), StructType([StructField('a', DoubleType())]))", 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ('_merge_type(ArrayType(LongType()), ArrayType(DoubleType()))', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ('_merge_type(MapType(StringType(), LongType()), MapType(StringType(), BooleanType()))', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `BooleanType`.'),
    ("repr(_merge_type(StructType([StructField('a', LongType()), StructField('b', NullType())]), StructType([StructField('b', StringType()), StructField('c', DoubleType())])))", 'ok', "StructType([StructField('a', LongType(), True), StructField('b', StringType(), True), StructField('c', DoubleType(), True)])"),
    ('repr(_merge_type(ArrayType(NullType()), ArrayType(LongType(), False)))', 'ok', 'ArrayType(LongType(), True)'),
    ('repr(_merge_type(MapType(StringType(), NullType()), MapType(StringType(), LongType(), False)))', 'ok', 'MapType(StringType(), LongType(), True)'),
    ("repr(_merge_type(StructType([StructField('a', LongType(), False)]), StructType([StructField('a', LongType(), False)])))", 'ok', "StructType([StructField('a', LongType(), True)])"),
    ("_has_nulltype(StructType([StructField('a', ArrayType(NullType()))]))", 'ok', True),
    ('_has_nulltype(MapType(StringType(), LongType()))', 'ok', False),
    ('_has_nulltype(NullType())', 'ok', True),
    ('_has_nulltype(MapType(NullType(), LongType()))', 'ok', True),
    ("_has_type(StructType([StructField('a', ArrayType(DateType()))]), DateType)", 'ok', True),
    ('_has_type(MapType(StringType(), LongType()), DateType)', 'ok', False),
    ("repr(_infer_schema_from_data([{'a': 1}, {'a': None, 'b': 'x'}]))", 'ok', "StructType([StructField('a', LongType(), True), StructField('b', StringType(), True)])"),
    ('repr(_infer_schema_from_data([(1, None), (None, 2.0)]))', 'ok', "StructType([StructField('_1', LongType(), True), StructField('_2', DoubleType(), True)])"),
    ('repr(_infer_schema_from_data([Row(a=1), Row(a=2)]))', 'ok', "StructType([StructField('a', LongType(), True)])"),
    ("repr(_infer_schema_from_data([(1, 'x')], ['p']))", 'ok', "StructType([StructField('p', LongType(), True), StructField('_2', StringType(), True)])"),
    ('_infer_schema_from_data([])', 'err', 'PySparkValueError', '[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.'),
    ('_infer_schema_from_data([(1, None)])', 'err', 'PySparkValueError', '[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.'),
    ('_infer_schema_from_data([(1,), (1.5,)])', 'err', 'PySparkTypeError', '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.'),
    ("_infer_schema_from_data([(1,), ('a',)])", 'ok', "StructType([StructField('_1', StringType(), True)])"),
]


VERIFY_CASES = [
    ("repr(_create_converter(S1)((1, 'a', 2.0)))", 'ok', "(1, 'a', 2.0)"),
    ("repr(_create_converter(S1)({'b': 'x', 'a': 1}))", 'ok', "(1, 'x', None)"),
    ('repr(_create_converter(S1)(Obj(a=1, c=2.0)))', 'ok', '(1, None, 2.0)'),
    ('repr(_create_converter(S1)(None))', 'ok', 'None'),
    ('repr(_create_converter(S1)(Row(c=1, b=2, a=3)))', 'ok', "(1, '2', 3)"),
    ('_create_converter(S1)(5)', 'err', 'PySparkTypeError', '[UNSUPPORTED_DATA_TYPE] Unsupported DataType `int`.'),
    ("repr(_create_converter(S5)((1, True, None, [1, True], {'k': 1.5}, (7, 'z'), {'x': 1})))", 'ok', "(1, 'true', None, ['1', 'true'], {'k': 1.5}, (7, 'z'), {'x': 1})"),
    ('repr(_create_converter(ArrayType(StringType()))([1, None, False]))', 'ok', "['1', None, 'false']"),
    ('repr(_create_converter(MapType(StringType(), StringType()))({1: 2}))', 'ok', "{'1': '2'}"),
    ('repr(_create_converter(NullType())(5))', 'ok', 'None'),
    ("repr(_create_converter(LongType())('x'))", 'ok', "'x'"),
    ('repr(_create_converter(StringType())(None))', 'ok', 'None'),
    ("repr(_create_converter(StringType())(decimal.Decimal('1.50')))", 'ok', "'1.50'"),
    ('V(LongType())(1)', 'ok', None),
    ('V(LongType())(None)', 'ok', None),
    ('V(LongType())(2**63)', 'err', 'PySparkValueError', '[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -9223372036854775808 and 9223372036854775807 (inclusive), got 9223372036854775808'),
    ('V(LongType())(-2**63)', 'ok', None),
    ('V(LongType())(2**63 - 1)', 'ok', None),
    ('V(LongType())(-2**63 - 1)', 'err', 'PySparkValueError', '[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -9223372036854775808 and 9223372036854775807 (inclusive), got -9223372036854775809'),
    ('V(IntegerType())(2**31)', 'err', 'PySparkValueError', '[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -2147483648 and 2147483647 (inclusive), got 2147483648'),
    ('V(ShortType())(-32769)', 'err', 'PySparkValueError', '[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -32768 and 32767 (inclusive), got -32769'),
    ('V(ByteType())(128)', 'err', 'PySparkValueError', '[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between -128 and 127 (inclusive), got 128'),
    ('V(ByteType())(True)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] ByteType() can not accept object True in type <class 'bool'>."),
    ('V(LongType())(1.0)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] LongType() can not accept object 1.0 in type <class 'float'>."),
    ('V(DoubleType())(1)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] DoubleType() can not accept object 1 in type <class 'int'>."),
    ('V(FloatType())(decimal.Decimal(1))', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] FloatType() can not accept object Decimal('1') in type <class 'decimal.Decimal'>."),
    ('V(DecimalType())(1.5)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] DecimalType(10,0) can not accept object 1.5 in type <class 'float'>."),
    ("V(DecimalType(), False)(decimal.Decimal('NaN'))", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE] Field is not nullable, but got None.'),
    ("V(DecimalType())(decimal.Decimal('NaN'))", 'ok', None),
    ("V(DecimalType())(decimal.Decimal('1.5'))", 'ok', None),
    ('V(StringType())(1)', 'ok', None),
    ("V(StringType(), False)('x')", 'ok', None),
    ('V(CharType(2))(5)', 'ok', None),
    ('V(StringType(), False)(None)', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE] Field is not nullable, but got None.'),
    ("V(LongType(), False, name='field x')(None)", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] field x: This field is not nullable, but got None.'),
    ("V(BinaryType())('s')", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] BinaryType() can not accept object 's' in type <class 'str'>."),
    ("V(BinaryType())(b's')", 'ok', None),
    ("V(BinaryType())(bytearray(b's'))", 'ok', None),
    ('V(DateType())(datetime.datetime(2020, 1, 1))', 'ok', None),
    ('V(DateType())(datetime.date(2020, 1, 1))', 'ok', None),
    ("V(DateType())('2020-01-01')", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] DateType() can not accept object '2020-01-01' in type <class 'str'>."),
    ('V(TimestampType())(datetime.date(2020, 1, 1))', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] TimestampType() can not accept object datetime.date(2020, 1, 1) in type <class 'datetime.date'>."),
    ('V(TimestampNTZType())(1)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] TimestampNTZType() can not accept object 1 in type <class 'int'>."),
    ('V(DayTimeIntervalType())(datetime.timedelta(1))', 'ok', None),
    ('V(DayTimeIntervalType())(1)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] DayTimeIntervalType(0, 3) can not accept object 1 in type <class 'int'>."),
    ('V(BooleanType())(1)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] BooleanType() can not accept object 1 in type <class 'int'>."),
    ('V(ArrayType(LongType()))((1, 2))', 'ok', None),
    ("V(ArrayType(LongType()))(array.array('i', [1]))", 'ok', None),
    ('V(ArrayType(LongType()))([])', 'ok', None),
    ('V(ArrayType(LongType()))({1, 2})', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] ArrayType(LongType(), True) can not accept object {1, 2} in type <class 'set'>."),
    ('V(ArrayType(LongType(), False))([1, None])', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] element in array None: This field is not nullable, but got None.'),
    ("V(ArrayType(LongType()))([1, 'x'])", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] element in array None: LongType() can not accept object 'x' in type <class 'str'>."),
    ("V(MapType(StringType(), LongType()))({'a': 1, 'b': None})", 'ok', None),
    ('V(MapType(StringType(), LongType()))({None: 1})', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] key of map None: This field is not nullable, but got None.'),
    ("V(MapType(StringType(), LongType(), False))({'a': None})", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] value of map None: This field is not nullable, but got None.'),
    ("V(MapType(StringType(), LongType()))({'a': 'x'})", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] value of map None: LongType() can not accept object 'x' in type <class 'str'>."),
    ("V(MapType(StringType(), LongType()))([('a', 1)])", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] MapType(StringType(), LongType(), True) can not accept object [('a', 1)] in type <class 'list'>."),
    ("V(S1)((1, 'x', 1.0))", 'ok', None),
    ("V(S1)({'a': 1, 'b': 'x'})", 'ok', None),
    ("V(S1)(Obj(a=1, b='x', c=None))", 'ok', None),
    ("V(S1)(Row(a=1, b='q', c=2.0))", 'ok', None),
    ('V(S1)(None)', 'ok', None),
    ("V(S1)((1, 'x'))", 'err', 'PySparkValueError', '[FIELD_STRUCT_LENGTH_MISMATCH] Length of object (2) does not match with length of fields (3).'),
    ('V(S1)((1, None, 1.0))', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] field b: This field is not nullable, but got None.'),
    ("V(S1)({'a': 1})", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] field b: This field is not nullable, but got None.'),
    ("V(S1)((1.5, 'x', 1.0))", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field a: IntegerType() can not accept object 1.5 in type <class 'float'>."),
    ('V(S1)(5)', 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), False), StructField('c', DoubleType(), True)]) can not accept object 5 in type <class 'int'>."),
    ("V(S1)('abc')", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE] StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), False), StructField('c', DoubleType(), True)]) can not accept object 'abc' in type <class 'str'>."),
    ('V(S1, False)(None)', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE] Field is not nullable, but got None.'),
    ("V(S5)((1, True, None, [1, True], {'k': 1.5}, (7, 'z'), {'x': 1}))", 'ok', None),
    ("V(S5)((1, True, None, [1, 'x'], {'k': 1.5}, (7, 'z'), {'x': 1}))", 'ok', None),
    ("V(S5)((1, True, None, [1], {'k': 'a'}, (7, 'z'), {'x': 1}))", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] value of map field m: DoubleType() can not accept object 'a' in type <class 'str'>."),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, (7.5, 'z'), {'x': 1}))", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field p in field st: LongType() can not accept object 7.5 in type <class 'float'>."),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, (7, 'z', 1), {'x': 1}))", 'err', 'PySparkValueError', '[FIELD_STRUCT_LENGTH_MISMATCH_WITH_NAME] field st: Length of object (3) does not match with length of fields (2).'),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, (7, 'z'), {'x': 1.0}))", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] value of map field mm: LongType() can not accept object 1.0 in type <class 'float'>."),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, (7, 'z'), {None: 1}))", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] key of map field mm: This field is not nullable, but got None.'),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, (7, None), {'x': 1}))", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] field q in field st: This field is not nullable, but got None.'),
    ("V(S5)((1, True, 5, [1], {'k': 1.0}, (7, 'z'), {'x': 1}))", 'err', 'AssertionError', 'field n: unknown datatype: NullType() for object 5'),
    ("V(S5)((1, True, None, [1], {'k': 1.0}, 'nope', {'x': 1}))", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field st: StructType([StructField('p', LongType(), True), StructField('q', StringType(), False)]) can not accept object 'nope' in type <class 'str'>."),
    ("V(LongType(), name='field value')('x')", 'err', 'PySparkTypeError', "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field value: LongType() can not accept object 'x' in type <class 'str'>."),
    ("V(StructType([StructField('s', StructType([StructField('t', StructType([StructField('u', LongType(), False)]))]))]))(((( None,),),))", 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] field u in field t in field s: This field is not nullable, but got None.'),
    ('V(ArrayType(ArrayType(LongType(), False)))([[1], [None]])', 'err', 'PySparkValueError', '[FIELD_NOT_NULLABLE_WITH_NAME] element in array element in array None: This field is not nullable, but got None.'),
    ("V(MapType(StringType(), ArrayType(MapType(LongType(), StringType()))))({'a': [{1: 2}]})", 'ok', None),
    ('V(NullType())(1)', 'err', 'AssertionError', 'unknown datatype: NullType() for object 1'),
    ('V(NullType())(None)', 'ok', None),
    ('V(CalendarIntervalType())(1)', 'err', 'AssertionError', 'unknown datatype: CalendarIntervalType() for object 1'),
]


@pytest.mark.parametrize("case", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_type_behaviour_matches_pyspark(case):
    _check(*case)


@pytest.mark.parametrize("case", INFERENCE_CASES, ids=[c[0] for c in INFERENCE_CASES])
def test_inference_matches_pyspark(case):
    _check(*case)


@pytest.mark.parametrize("case", VERIFY_CASES, ids=[c[0] for c in VERIFY_CASES])
def test_verifier_and_converter_match_pyspark(case):
    _check(*case)


def test_print_schema_text():
    schema = T.StructType([
        T.StructField("a", T.IntegerType()),
        T.StructField("b", T.ArrayType(T.StructType([T.StructField("c", T.StringType(), False)]))),
        T.StructField("m", T.MapType(T.StringType(), T.DecimalType(10, 2), False), False),
    ])
    assert schema.treeString() == (
        "root\n"
        " |-- a: integer (nullable = true)\n"
        " |-- b: array (nullable = true)\n"
        " |    |-- element: struct (containsNull = true)\n"
        " |    |    |-- c: string (nullable = false)\n"
        " |-- m: map (nullable = false)\n"
        " |    |-- key: string\n"
        " |    |-- value: decimal(10,2) (valueContainsNull = false)\n")


def test_singletons_survive_pickling():
    assert pickle.loads(pickle.dumps(T.IntegerType())) is T.IntegerType()
    assert T.NullType() is T.NullType()
    assert T.DecimalType(10, 2) is not T.DecimalType(10, 2)


def test_errors_are_python_builtin_kinds():
    with pytest.raises(KeyError):
        T.StructType()["x"]
    with pytest.raises(IndexError):
        T.StructType()[0]
    with pytest.raises(TypeError):
        T._make_type_verifier(T.LongType())("x")
    with pytest.raises(ValueError):
        T._make_type_verifier(T.LongType(), False)(None)
    assert isinstance(T.PySparkKeyError("x", "KEY_NOT_EXISTS"), PySparkException)


def test_add_mutates_and_chains():
    schema = T.StructType()
    assert schema.add("a", T.LongType()) is schema
    assert schema.names == ["a"] and schema.fieldNames() == ["a"]
    schema.add("d", "date")
    assert schema.needConversion() and schema._needConversion == [False, True]


def test_from_ddl():
    assert T.DataType.fromDDL("b string, a int") == T.StructType(
        [T.StructField("b", T.StringType()), T.StructField("a", T.IntegerType())])
    assert T.DataType.fromDDL("decimal(10,10)") == T.DecimalType(10, 10)
    assert T._parse_datatype_string("a: array< short>") == T.StructType(
        [T.StructField("a", T.ArrayType(T.ShortType()))])


# StructType.toDDL() as Spark's JVM writes it (the JVM is what PySpark calls), and what
# Spark parses back from it.
TO_DDL_CASES = [
    ('a INT NOT NULL,`b c` STRING COMMENT \'it\\\'s a "c"\'', ("StructType([StructField('a', IntegerType(), False), StructField('b c', StringType(), True)])", [{}, {'comment': 'it\'s a "c"'}])),
    ('arr ARRAY<STRUCT<x: BIGINT, y: MAP<STRING, ARRAY<DOUBLE>>>>', ("StructType([StructField('arr', ArrayType(StructType([StructField('x', LongType(), True), StructField('y', MapType(StringType(), ArrayType(DoubleType(), True), True), True)]), True), True)])", [{}])),
    ('m MAP<STRUCT<k: TINYINT>, DECIMAL(10,2)>', ("StructType([StructField('m', MapType(StructType([StructField('k', ByteType(), True)]), DecimalType(10,2), True), True)])", [{}])),
    ('d DATE,ts TIMESTAMP,ntz TIMESTAMP_NTZ,bin BINARY,bo BOOLEAN,f FLOAT,sh SMALLINT,n VOID,dt INTERVAL DAY TO SECOND,ym INTERVAL YEAR,h INTERVAL HOUR,ch CHAR(3),vc VARCHAR(5),ci INTERVAL,dd DOUBLE,l BIGINT', ("StructType([StructField('d', DateType(), True), StructField('ts', TimestampType(), True), StructField('ntz', TimestampNTZType(), True), StructField('bin', BinaryType(), True), StructField('bo', BooleanType(), True), StructField('f', FloatType(), True), StructField('sh', ShortType(), True), StructField('n', NullType(), True), StructField('dt', DayTimeIntervalType(0, 3), True), StructField('ym', YearMonthIntervalType(0, 0), True), StructField('h', DayTimeIntervalType(1, 1), True), StructField('ch', CharType(3), True), StructField('vc', VarcharType(5), True), StructField('ci', CalendarIntervalType(), True), StructField('dd', DoubleType(), True), StructField('l', LongType(), True)])", [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}])),
    ('`123` INT,`1a` INT,`` INT,`a``b` INT,_x9 INT,select INT,`ü` INT,`new\nline` INT', ("StructType([StructField('123', IntegerType(), True), StructField('1a', IntegerType(), True), StructField('', IntegerType(), True), StructField('a`b', IntegerType(), True), StructField('_x9', IntegerType(), True), StructField('select', IntegerType(), True), StructField('ü', IntegerType(), True), StructField('new\nline', IntegerType(), True)])", [{}, {}, {}, {}, {}, {}, {}, {}])),
    ("c STRING COMMENT 'back\\\\slash \\'q\\' \n nl',e STRING COMMENT '',o INT", ("StructType([StructField('c', StringType(), True), StructField('e', StringType(), True), StructField('o', IntegerType(), True)])", [{'comment': "back\\slash 'q' \n nl"}, {'comment': ''}, {}])),
    ("s STRUCT<`in ner`: BIGINT NOT NULL COMMENT 'x', e: STRUCT<>> NOT NULL", ("StructType([StructField('s', StructType([StructField('in ner', LongType(), False), StructField('e', StructType([]), True)]), False)])", [{}])),
    ('col STRING COLLATE UTF8_LCASE,arr ARRAY<STRING COLLATE UNICODE_CI>', ("StructType([StructField('col', StringType('UTF8_LCASE'), True), StructField('arr', ArrayType(StringType('UNICODE_CI'), True), True)])", [{}, {}])),
    ('', ('None', None)),
]


def _ddl_schemas():
    S = T
    return [
        S.StructType([S.StructField("a", S.IntegerType(), False),
                      S.StructField("b c", S.StringType(), True, {"comment": "it's a \"c\""})]),
        S.StructType([S.StructField("arr", S.ArrayType(S.StructType([
            S.StructField("x", S.LongType()),
            S.StructField("y", S.MapType(S.StringType(), S.ArrayType(S.DoubleType(), False),
                                         False))]), False))]),
        S.StructType([S.StructField("m", S.MapType(S.StructType([S.StructField("k", S.ByteType())]),
                                                   S.DecimalType(10, 2)))]),
        S.StructType([S.StructField(n, t) for n, t in [
            ("d", S.DateType()), ("ts", S.TimestampType()), ("ntz", S.TimestampNTZType()),
            ("bin", S.BinaryType()), ("bo", S.BooleanType()), ("f", S.FloatType()),
            ("sh", S.ShortType()), ("n", S.NullType()), ("dt", S.DayTimeIntervalType()),
            ("ym", S.YearMonthIntervalType(0, 0)), ("h", S.DayTimeIntervalType(1, 1)),
            ("ch", S.CharType(3)), ("vc", S.VarcharType(5)), ("ci", S.CalendarIntervalType()),
            ("dd", S.DoubleType()), ("l", S.LongType())]]),
        S.StructType([S.StructField(n, S.IntegerType()) for n in
                      ["123", "1a", "", "a`b", "_x9", "select", "\u00fc", "new\nline"]]),
        S.StructType([S.StructField("c", S.StringType(), True, {"comment": "back\\slash 'q' \n nl"}),
                      S.StructField("e", S.StringType(), True, {"comment": ""}),
                      S.StructField("o", S.IntegerType(), True, {"foo": 1})]),
        S.StructType([S.StructField("s", S.StructType([
            S.StructField("in ner", S.LongType(), False, {"comment": "x"}),
            S.StructField("e", S.StructType([]))]), False)]),
        S.StructType([S.StructField("col", S.StringType("UTF8_LCASE")),
                      S.StructField("arr", S.ArrayType(S.StringType("UNICODE_CI")))]),
        S.StructType([]),
    ]


@pytest.mark.parametrize("index", range(len(TO_DDL_CASES)))
def test_to_ddl_matches_spark_and_parses_back(index):
    schema = _ddl_schemas()[index]
    ddl, (parsed_repr, parsed_metadata) = TO_DDL_CASES[index]
    assert schema.toDDL() == ddl
    if ddl:
        parsed = T._parse_datatype_string(ddl)
        assert repr(parsed) == parsed_repr
        assert [f.metadata for f in parsed.fields] == parsed_metadata


@pytest.fixture
def local_zone():
    """Run a test with the Python process in a given local time zone."""
    saved = os.environ.get("TZ")

    def use(zone):
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_timestamps_use_the_local_zone_like_pyspark(local_zone):
    local_zone("America/New_York")
    ts = T.TimestampType()
    naive = datetime.datetime(2020, 1, 1, 0, 0, 0, 123)
    assert ts.toInternal(naive) == 1577854800000123  # 05:00 UTC
    assert ts.fromInternal(1577854800000123) == naive
    aware = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    assert ts.toInternal(aware) == 1577836800000000
    # TIMESTAMP_NTZ ignores every zone: the wall clock is the value.
    assert T.TimestampNTZType().toInternal(naive) == 1577836800000123
    assert T.TimestampNTZType().fromInternal(1577836800000123) == naive


def test_collation_metadata_errors_match_pyspark():
    def field(type_name, collation):
        return {"fields": [{"name": "a", "type": type_name, "nullable": True,
                            "metadata": {"__COLLATIONS": {"a": collation}}}]}

    with pytest.raises(ValueError) as info:
        T.StructType.fromJson(field("string", "foo.X"))
    assert str(info.value) == (
        "[COLLATION_INVALID_PROVIDER] The value foo does not represent a correct collation "
        "provider. Supported providers are: [spark, icu].")
    with pytest.raises(TypeError) as info:
        T.StructType.fromJson(field("integer", "spark.UTF8_LCASE"))
    assert str(info.value) == (
        "[INVALID_JSON_DATA_TYPE_FOR_COLLATIONS] Collations can only be applied to string "
        "types, but the JSON data type is integer.")
