"""Generators (explode, posexplode, inline): expressions that turn one row into many. They
only appear in a select list; the DataFrame turns them into a ``Generate`` plan node."""
from __future__ import annotations

from typing import List

from ...errors import AnalysisException
from ..types import ArrayType, IntegerType, MapType, StructType
from .base import Expression, Unevaluable, AttributeReference

__all__ = ["Generator", "Explode", "Inline", "MultiAlias"]


class Generator(Expression):
    outer = False

    def element_attrs(self, names=None) -> List[AttributeReference]:
        raise NotImplementedError


class Explode(Generator):
    def __init__(self, child: Expression, position: bool = False, outer: bool = False):
        self.children = (child,)
        self.position = position
        self.outer = outer

    @property
    def pretty_name(self):
        return ("pos" if self.position else "") + "explode" + ("_outer" if self.outer else "")

    def coerce(self):
        dt = self.children[0].data_type
        if not isinstance(dt, (ArrayType, MapType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" due "
                f"to data type mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") "
                f"type, however \"{self.children[0].sql()}\" has the type "
                f"\"{dt.simpleString().upper()}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        return self

    @property
    def data_type(self):
        return self.children[0].data_type

    def element_attrs(self, names=None):
        dt = self.children[0].data_type
        attrs = []
        if self.position:
            attrs.append(("pos", IntegerType(), self.outer))
        if isinstance(dt, ArrayType):
            attrs.append(("col", dt.elementType, True))
        else:
            attrs.append(("key", dt.keyType, self.outer))
            attrs.append(("value", dt.valueType, True))
        if names:
            if len(names) != len(attrs):
                raise AnalysisException(
                    f"[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS "
                    f"clause does not match the number of columns output by the UDTF. Expected "
                    f"{len(attrs)} aliases, but got {', '.join(names)}.",
                    "UDTF_ALIAS_NUMBER_MISMATCH")
            attrs = [(n, t, nl) for n, (_, t, nl) in zip(names, attrs)]
        return [AttributeReference(n, t, nl) for n, t, nl in attrs]

    def _fields_key(self):
        return (self.position, self.outer)


class Inline(Generator):
    pretty_name = "inline"

    def __init__(self, child: Expression, outer: bool = False):
        self.children = (child,)
        self.outer = outer

    @property
    def data_type(self):
        return self.children[0].data_type

    def element_attrs(self, names=None):
        dt = self.children[0].data_type
        if not isinstance(dt, ArrayType) or not isinstance(dt.elementType, StructType):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" due "
                "to data type mismatch: The first parameter requires the \"ARRAY<STRUCT>\" type.",
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        fields = dt.elementType.fields
        ns = names or [f.name for f in fields]
        return [AttributeReference(n, f.dataType, True) for n, f in zip(ns, fields)]


class MultiAlias(Unevaluable):
    def __init__(self, child: Expression, names: List[str]):
        self.children = (child,)
        self.names = names

    @property
    def data_type(self):
        return self.children[0].data_type

    def sql(self):
        return f"{self.children[0].sql()} AS ({', '.join(self.names)})"
