"""``Row``: the tuple-with-field-names that DataFrames hand back, with PySpark's semantics.

A Row *is* a tuple (it compares, hashes, slices and unpacks like one, and equality ignores
field names), plus names: ``row.name`` and ``row["name"]`` look a value up, ``"name" in row``
tests the names, ``asDict()`` converts. ``Row(a=1, b=2)`` keeps the keyword order (PySpark 3+).
``Row("a", "b")`` is a row *factory*: calling it with values makes named rows.

The names live in ``__fields__`` (an instance attribute, the only one a Row accepts - rows are
read-only), so that millions of rows share one names list when built from a schema.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Union

from rayspark.errors import PySparkRuntimeError, PySparkTypeError, PySparkValueError
from rayspark.sql.types import PySparkAttributeError, PySparkKeyError, _error

__all__ = ["Row"]

_new_tuple = tuple.__new__


def _create_row(fields: Union["Row", List[str]], values: Sequence[Any]) -> "Row":
    """A named Row sharing ``fields`` (not copied). Also the unpickling entry point.

    Builds the tuple directly: this runs once per collected row.
    """
    row = _new_tuple(Row, values)
    row.__dict__["__fields__"] = fields
    return row


class Row(tuple):
    """A row of data: a tuple whose positions may carry names.

    >>> Row(name="Alice", age=11)
    Row(name='Alice', age=11)
    >>> Person = Row("name", "age"); Person("Bob", 3).age
    3
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "Row":
        if args and kwargs:
            raise _error(PySparkValueError, "CANNOT_SET_TOGETHER", arg_list="args and kwargs")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        # Positional values: either an unnamed row, or a factory whose values are names.
        return tuple.__new__(cls, args)

    def asDict(self, recursive: bool = False) -> Dict[str, Any]:
        """The row as ``{name: value}``; with ``recursive`` nested Rows (also inside lists and
        dicts) become dicts too. With duplicate names the last value wins."""
        if not hasattr(self, "__fields__"):
            raise _error(PySparkTypeError, "CANNOT_CONVERT_TYPE", from_type="Row", to_type="dict")
        if not recursive:
            return dict(zip(self.__fields__, self))
        return dict(zip(self.__fields__, (_as_plain(v) for v in self)))

    def __contains__(self, item: Any) -> bool:
        # Membership tests names for a named row (and the values of an unnamed one).
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return tuple.__contains__(self, item)

    def __call__(self, *args: Any) -> "Row":
        """Use a factory row (``Row("a", "b")``) to build a named row from values."""
        if len(args) > len(self):
            raise _error(PySparkValueError, "TOO_MANY_VALUES", expected=str(len(self)),
                         item="fields", actual=str(len(args)))
        return _create_row(self, args)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, (int, slice)):
            return tuple.__getitem__(self, item)
        try:
            position = self.__fields__.index(item)
            return tuple.__getitem__(self, position)
        except IndexError:  # the name exists but the row was built with fewer values
            raise _error(PySparkKeyError, "KEY_NOT_EXISTS", key=str(item)) from None
        except ValueError:
            raise PySparkValueError(item) from None

    def __getattr__(self, item: str) -> Any:
        # Only reached when normal lookup fails, i.e. for field names (and for __fields__
        # itself on an unnamed row, which must look missing so hasattr() says False).
        if item.startswith("__"):
            raise _error(PySparkAttributeError, "ATTRIBUTE_NOT_SUPPORTED", attr_name=item)
        try:
            position = self.__fields__.index(item)
            return tuple.__getitem__(self, position)
        except (IndexError, ValueError):
            raise _error(PySparkAttributeError, "ATTRIBUTE_NOT_SUPPORTED",
                         attr_name=item) from None

    def __setattr__(self, key: str, value: Any) -> None:
        if key != "__fields__":
            raise _error(PySparkRuntimeError, "READ_ONLY", object="Row")
        self.__dict__[key] = value

    def __reduce__(self) -> Any:
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self) -> str:
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, self))
        return "<Row(%s)>" % ", ".join(repr(v) for v in self)


def _as_plain(obj: Any) -> Any:
    """Nested Rows -> dicts, through lists and dict values (asDict(recursive=True))."""
    if isinstance(obj, Row):
        return obj.asDict(True)
    if isinstance(obj, list):
        return [_as_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _as_plain(v) for k, v in obj.items()}
    return obj
