"""json_tuple (a generator) evaluated on Arrow batches; expected values recorded from
PySpark 4.3 (``SELECT json_tuple(...)`` / ``F.json_tuple``)."""
import pytest

from rayspark.errors import AnalysisException, PySparkValueError
from rayspark.sql import functions as F
from rayspark.sql.analyzer import resolve
from rayspark.sql.expressions.generators import Inline

from _helpers import run, table

SCHEMA = "id int, j string"
ROWS = [(1, '{"a": 1, "b": "x", "c": {"d": [1,2]}}'), (2, "bad"), (3, None),
        (4, '{"a": null, "b": 2.50}')]


def _rows(col, schema=SCHEMA, rows=ROWS):
    gen = col._expr
    assert isinstance(gen, Inline)
    name, typ, vals = run(gen.children[0], schema, rows)
    return [tuple(r) for v in vals for r in v]


def _names(col, names=None, schema=SCHEMA):
    _, attrs = table(schema, [])
    gen = resolve(col._expr, attrs)
    return [(a.name, a.data_type.simpleString()) for a in gen.element_attrs(names)]


def test_json_tuple_values():
    col = F.json_tuple("j", "a", "b")
    assert _rows(col) == [("1", "x"), (None, None), (None, None), (None, "2.5")]
    assert _names(col) == [("c0", "string"), ("c1", "string")]
    assert col._expr.sql() == "json_tuple(j, a, b)"


def test_json_tuple_nested_and_missing_fields():
    col = F.json_tuple(F.col("j"), "a", "c", "zz")
    assert _rows(col) == [("1", '{"d":[1,2]}', None), (None, None, None),
                          (None, None, None), (None, None, None)]


@pytest.mark.parametrize("text, fields, expected", [
    ('{"a": true, "b": [1, 2], "c": "s", "d": 1e3, "e": 1.50}', ["a", "b", "c", "d", "e"],
     ("true", "[1,2]", "s", "1000.0", "1.5")),
    ('{"a": 1, "a": 2}', ["a"], ("2",)),            # the last duplicate wins
    ("[1]", ["a"], (None,)),                        # not an object
    ('{"a": 1} x', ["a"], ("1",)),                  # only the leading object is read
    ('{"a": {"x": 1}, "b": "\\u00e9"}', ["a", "b"], ('{"x":1}', "\u00e9")),
    ('{"a": "x\\ny"}', ["a"], ("x\ny",)),
    ('{"A": 1}', ["a"], (None,)),                   # field names are case sensitive
    ("", ["a"], (None,)),
])
def test_json_tuple_literal_cases(text, fields, expected):
    col = F.json_tuple(F.lit(text), *fields)
    assert _rows(col, "x int", [(1,)]) == [expected]


def test_json_tuple_alias_names():
    assert _names(F.json_tuple("j", "a", "c"), ["z", "w"]) == [("z", "string"),
                                                               ("w", "string")]
    with pytest.raises(AnalysisException) as e:
        _names(F.json_tuple("j", "a", "c"), ["z"])
    assert e.value.getCondition() == "UDTF_ALIAS_NUMBER_MISMATCH"


def test_json_tuple_needs_a_field():
    with pytest.raises(PySparkValueError) as e:
        F.json_tuple("j")
    assert e.value.getCondition() == "CANNOT_BE_EMPTY"
    assert "At least one field must be specified." in str(e.value)


def test_json_tuple_non_string_argument():
    with pytest.raises(AnalysisException) as e:
        _names(F.json_tuple("id", "b"))
    assert e.value.getCondition() == "DATATYPE_MISMATCH.NON_STRING_TYPE"
    assert 'Cannot resolve "json_tuple(id, b)" due to data type mismatch: all arguments of ' \
        "the function `json_tuple` must be strings." in str(e.value)
