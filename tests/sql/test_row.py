"""Row semantics, checked against PySpark 4.3.

ROW_CASES are expressions over ``Row`` with the results PySpark 4.3.0's Row gives for the
same expressions (reprs, values, error classes, messages and the builtin exception kinds
they derive from), recorded as literals.
"""
import copy
import datetime
import pickle

import pytest

from rayspark.sql import Row
from rayspark.sql.row import _create_row

NS = dict(Row=Row, _create_row=_create_row, pickle=pickle, datetime=datetime, copy=copy)

ROW_CASES = [
    ('repr(Row(a=1, b=2))', 'ok', 'Row(a=1, b=2)'),
    ('repr(Row(b=1, a=2))', 'ok', 'Row(b=1, a=2)'),
    ("repr(Row(name='Alice', age=11))", 'ok', "Row(name='Alice', age=11)"),
    ('repr(Row())', 'ok', '<Row()>'),
    ("repr(Row(1, 'x'))", 'ok', "<Row(1, 'x')>"),
    ("repr(Row('a', 'b'))", 'ok', "<Row('a', 'b')>"),
    ("repr(Row(a=None, b=[1, Row(c='x')], d={'k': 1.5}))", 'ok', "Row(a=None, b=[1, Row(c='x')], d={'k': 1.5})"),
    ("str(Row(a='x'))", 'ok', "Row(a='x')"),
    ('repr(Row(a="it\'s"))', 'ok', 'Row(a="it\'s")'),
    ("repr(Row(a=b'x', b=datetime.date(2020, 1, 1)))", 'ok', "Row(a=b'x', b=datetime.date(2020, 1, 1))"),
    ('Row(a=1, b=2) == (1, 2)', 'ok', True),
    ('Row(a=1, b=2) == Row(b=1, a=2)', 'ok', True),
    ('Row(a=1) == Row(b=1)', 'ok', True),
    ('Row(1, 2) == Row(a=1, b=2)', 'ok', True),
    ('Row(a=1, b=2) != (2, 1)', 'ok', True),
    ('hash(Row(a=1, b=2)) == hash((1, 2))', 'ok', True),
    ("Row(a=1, b=2)['a']", 'ok', 1),
    ("Row(a=1, b=2)['b']", 'ok', 2),
    ('Row(a=1, b=2)[0]', 'ok', 1),
    ('Row(a=1, b=2)[-1]', 'ok', 2),
    ('Row(a=1, b=2)[0:1]', 'ok', '(1,)'),
    ('type(Row(a=1, b=2)[0:1]).__name__', 'ok', 'tuple'),
    ('Row(a=1, b=2).a', 'ok', 1),
    ('Row(a=1, b=2).b', 'ok', 2),
    ("Row(a=1)['c']", 'err', 'PySparkValueError', 'c', ['PySparkException', 'ValueError']),
    ('Row(a=1).c', 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `c` is not supported.', ['PySparkException', 'AttributeError']),
    ('Row(a=1)[5]', 'err', 'IndexError', 'tuple index out of range', ['LookupError', 'Exception']),
    ("Row(1, 2)['a']", 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `__fields__` is not supported.', ['PySparkException', 'AttributeError']),
    ('Row(1, 2).a', 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `__fields__` is not supported.', ['PySparkException', 'AttributeError']),
    ('Row(a=1)._fields', 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `_fields` is not supported.', ['PySparkException', 'AttributeError']),
    ('Row(a=1).__fields__', 'ok', "['a']"),
    ('Row(a=1, b=2).__fields__', 'ok', "['a', 'b']"),
    ('Row(1, 2).__fields__', 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `__fields__` is not supported.', ['PySparkException', 'AttributeError']),
    ("hasattr(Row(a=1), 'a')", 'ok', True),
    ("hasattr(Row(a=1), 'b')", 'ok', False),
    ("hasattr(Row(1), '__fields__')", 'ok', False),
    ("hasattr(Row(a=1), '__fields__')", 'ok', True),
    ("'a' in Row(a=1)", 'ok', True),
    ("'b' in Row(a=1)", 'ok', False),
    ('1 in Row(a=1)', 'ok', False),
    ('1 in Row(1, 2)', 'ok', True),
    ("'a' in Row('a', 'b')", 'ok', True),
    ("'z' in Row('a', 'b')", 'ok', False),
    ("Row('a', 'b')", 'ok', "<Row('a', 'b')>"),
    ("repr(Row('a', 'b')(1, 2))", 'ok', 'Row(a=1, b=2)'),
    ("repr(Row('a', 'b')(1))", 'ok', 'Row(a=1)'),
    ("Row('a', 'b')(1, 2).b", 'ok', 2),
    ("Row('a', 'b')(1, 2).__fields__", 'ok', "<Row('a', 'b')>"),
    ("Row('a', 'b')(1, 2) == (1, 2)", 'ok', True),
    ("Row('a', 'b')(1, 2, 3)", 'err', 'PySparkValueError', '[TOO_MANY_VALUES] Expected 2 values for `fields`, got 3.', ['PySparkException', 'ValueError']),
    ("Row('a', 'b')(1)['b']", 'err', 'PySparkKeyError', '[KEY_NOT_EXISTS] Key `b` does not exist.', ['PySparkException', 'KeyError']),
    ("Row('a', 'b')(1).b", 'err', 'PySparkAttributeError', '[ATTRIBUTE_NOT_SUPPORTED] Attribute `b` is not supported.', ['PySparkException', 'AttributeError']),
    ("Row('a', b=1)", 'err', 'PySparkValueError', '[CANNOT_SET_TOGETHER] args and kwargs should not be set together.', ['PySparkException', 'ValueError']),
    ('Row(a=1, b=Row(c=2)).asDict()', 'ok', "{'a': 1, 'b': Row(c=2)}"),
    ('Row(a=1, b=Row(c=2)).asDict(True)', 'ok', "{'a': 1, 'b': {'c': 2}}"),
    ("Row(a=[Row(c=1), 2], b={'k': Row(d=3)}).asDict(True)", 'ok', "{'a': [{'c': 1}, 2], 'b': {'k': {'d': 3}}}"),
    ('Row(a=(Row(c=1),)).asDict(True)', 'ok', "{'a': (Row(c=1),)}"),
    ('Row(a=1, a2=2).asDict()', 'ok', "{'a': 1, 'a2': 2}"),
    ('Row(1, 2).asDict()', 'err', 'PySparkTypeError', '[CANNOT_CONVERT_TYPE] Cannot convert Row into dict.', ['PySparkException', 'TypeError']),
    ('Row(a=Row(1)).asDict(True)', 'err', 'PySparkTypeError', '[CANNOT_CONVERT_TYPE] Cannot convert Row into dict.', ['PySparkException', 'TypeError']),
    ("setattr(Row(a=1), 'a', 5)", 'err', 'PySparkRuntimeError', '[READ_ONLY] Row is read-only.', ['PySparkException', 'RuntimeError']),
    ("setattr(Row(a=1), 'z', 5)", 'err', 'PySparkRuntimeError', '[READ_ONLY] Row is read-only.', ['PySparkException', 'RuntimeError']),
    ('repr(pickle.loads(pickle.dumps(Row(a=1, b=[2]))))', 'ok', 'Row(a=1, b=[2])'),
    ('pickle.loads(pickle.dumps(Row(a=1, b=[2]))).__fields__', 'ok', "['a', 'b']"),
    ('repr(pickle.loads(pickle.dumps(Row(1, 2))))', 'ok', '<Row(1, 2)>'),
    ('type(pickle.loads(pickle.dumps(Row(1, 2)))).__name__', 'ok', 'Row'),
    ("repr(pickle.loads(pickle.dumps(Row('a', 'b')(1, 2))))", 'ok', 'Row(a=1, b=2)'),
    ("pickle.loads(pickle.dumps(Row('a', 'b')(1, 2))).b", 'ok', 2),
    ('repr(copy.copy(Row(a=1)))', 'ok', 'Row(a=1)'),
    ('repr(copy.deepcopy(Row(a=[1], b=Row(c=2))))', 'ok', 'Row(a=[1], b=Row(c=2))'),
    ('copy.deepcopy(Row(a=[1])).__fields__', 'ok', "['a']"),
    ('list(Row(a=1, b=2))', 'ok', '[1, 2]'),
    ('len(Row(a=1, b=2))', 'ok', 2),
    ('tuple(Row(a=1, b=2))', 'ok', '(1, 2)'),
    ('Row(a=1, b=2).count(1)', 'ok', 1),
    ('Row(a=1, b=2).index(2)', 'ok', 1),
    ('sorted([Row(a=2), Row(a=1)])', 'ok', '[Row(a=1), Row(a=2)]'),
    ('repr(Row(a=1, b=2) + Row(c=3))', 'ok', '(1, 2, 3)'),
    ('repr(Row(count=1))', 'ok', 'Row(count=1)'),
    ("Row(count=1)['count']", 'ok', 1),
    ('Row(index=5)[0]', 'ok', 5),
    ('isinstance(Row(a=1), tuple)', 'ok', True),
    ("repr(_create_row(['x', 'y'], [1, 2]))", 'ok', 'Row(x=1, y=2)'),
    ("_create_row(['x', 'y'], (1, 2)).y", 'ok', 2),
    ("repr(_create_row(['x'], (1, 2)))", 'ok', 'Row(x=1)'),
    ('repr(Row(a=1, b=2)[::-1])', 'ok', '(2, 1)'),
    ('Row(a=1, b=2)[True]', 'ok', 2),
]


@pytest.mark.parametrize("case", ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_row_matches_pyspark(case):
    expr, kind, *expected = case
    ns = dict(NS)
    if kind == "ok":
        value = eval(expr, ns)
        if not isinstance(value, (str, int, bool, float, type(None))):
            value = repr(value)
        assert value == expected[0]
    else:
        with pytest.raises(BaseException) as info:
            eval(expr, ns)
        assert type(info.value).__name__ == expected[0]
        assert str(info.value) == expected[1]
        assert [c.__name__ for c in type(info.value).__mro__[1:3]] == expected[2]


def test_keyword_order_is_kept():
    row = Row(zeta=1, alpha=2)
    assert row.__fields__ == ["zeta", "alpha"]
    assert list(row.asDict()) == ["zeta", "alpha"]


def test_rows_built_from_a_schema_share_the_names_list():
    names = ["a", "b"]
    rows = [_create_row(names, (i, i * 2)) for i in range(3)]
    assert all(r.__fields__ is names for r in rows)
    assert rows[2] == Row(a=2, b=4)


def test_pickled_rows_keep_names_and_values():
    person = Row("name", "age")
    rows = [Row(a=1, b=Row(c=[1, 2])), person("x", 3), Row(1, 2)]
    back = pickle.loads(pickle.dumps(rows))
    assert back == rows
    assert back[0].b.c == [1, 2]
    assert back[1].age == 3
    assert repr(back[2]) == "<Row(1, 2)>"


def test_rows_are_read_only():
    row = Row(a=1)
    with pytest.raises(RuntimeError):
        row.a = 2
    assert row.a == 1


def test_rows_unpack_like_tuples():
    a, b = Row(a=1, b=2)
    assert (a, b) == (1, 2)
