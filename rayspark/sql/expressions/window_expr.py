"""Window expressions: a function evaluated over a window specification."""
from __future__ import annotations

from .base import Expression, Unevaluable

__all__ = ["WindowExpression", "contains_window"]


class WindowExpression(Unevaluable):
    def __init__(self, func: Expression, spec):
        self.children = (func,)
        self.spec = spec

    @property
    def func(self):
        return self.children[0]

    @property
    def data_type(self):
        return self.func.data_type

    @property
    def nullable(self):
        return self.func.nullable

    def sql(self):
        return f"{self.func.sql()} OVER ({self.spec.sql()})"

    def semantic_key(self):
        return ("window", self.func.semantic_key(), self.spec.sql())


def contains_window(e: Expression) -> bool:
    return any(isinstance(x, WindowExpression) for x in e.walk())
