"""grouping() and grouping_id() for ROLLUP/CUBE/GROUPING SETS: bits of the grouping id that
the Expand node adds to each replicated row."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..types import ByteType, LongType
from .base import Expression, Unevaluable

__all__ = ["Grouping", "GroupingID", "resolve_grouping_calls"]


class Grouping(Unevaluable):
    pretty_name = "grouping"

    def __init__(self, child):
        self.children = (child,)

    @property
    def data_type(self):
        return ByteType()


class GroupingID(Unevaluable):
    pretty_name = "grouping_id"

    def __init__(self, children):
        self.children = tuple(children)

    @property
    def data_type(self):
        return LongType()


class _GroupingBit(Expression):
    def __init__(self, gid, shift, mask_bits, byte, sql_text):
        self.children = (gid,)
        self.shift = shift
        self.mask_bits = mask_bits
        self.byte = byte
        self.sql_text = sql_text

    @property
    def data_type(self):
        return ByteType() if self.byte else LongType()

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        g = self.children[0].eval(batch)
        v = pc.bit_wise_and(pc.shift_right(g, self.shift), self.mask_bits)
        return pc.cast(v, pa.int8() if self.byte else pa.int64())

    def sql(self):
        return self.sql_text


def resolve_grouping_calls(e: Expression, keys, gid) -> Expression:
    n = len(keys)

    def index_of(x):
        for i, k in enumerate(keys):
            if k.semantic_key() == x.semantic_key():
                return i
        from ...errors import AnalysisException
        raise AnalysisException(
            f"[GROUPING_COLUMN_MISMATCH] Column of grouping ({x.sql()}) can't be found in "
            "grouping columns.", "GROUPING_COLUMN_MISMATCH")

    def rule(x):
        if isinstance(x, Grouping):
            i = index_of(x.children[0])
            return _GroupingBit(gid, n - 1 - i, 1, True, x.sql())
        if isinstance(x, GroupingID):
            if not x.children or len(x.children) == n:
                return _GroupingBit(gid, 0, (1 << n) - 1, False, x.sql())
        return None
    return e.transform_up(rule)
