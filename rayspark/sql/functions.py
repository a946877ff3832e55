"""``pyspark.sql.functions`` for rayspark: builders of Column expressions.

Most functions take a column name or a Column (PySpark's ``ColumnOrName``); a few take
literals. The expression classes live in ``rayspark.sql.expressions``; the same classes
serve SQL text through the function registry."""
from __future__ import annotations

import builtins as _builtins
from typing import Any, Optional

from ..errors import PySparkTypeError, PySparkValueError
from .column import Column, _name_expr, col_expr, to_expr
from .expressions import aggregates as A
from .expressions import arithmetic as ar
from .expressions import predicates as pr
from .expressions.base import Literal, SortOrder, UnresolvedFunction, UnresolvedStar
from .expressions.conditional import CaseWhen, Coalesce
from .expressions.literals import lit_expr


def _c(x) -> Any:
    return _name_expr(x)


def _fn(name, *args, distinct=False):
    """A function resolved by name in the registry (used for the long tail of functions)."""
    return Column(UnresolvedFunction(name, [_c(a) for a in args], distinct))


# -- columns and literals ------------------------------------------------------------------
def col(col: str) -> Column:
    if not isinstance(col, str):
        raise PySparkTypeError(
            f"[NOT_STR] Argument `col` should be a str, got {type(col).__name__}.", "NOT_STR")
    return Column(col_expr(col))


column = col


def lit(col: Any) -> Column:
    if isinstance(col, Column):
        return col
    if isinstance(col, list):
        return array(*[lit(c) for c in col])
    return Column(lit_expr(col))


def expr(str: str) -> Column:
    from .parser import parse_expression
    return Column(parse_expression(str))


def broadcast(df):
    return df.hint("broadcast")


# -- sorting ---------------------------------------------------------------------------------
def asc(col) -> Column:
    return Column(SortOrder(_c(col), True, True))


def desc(col) -> Column:
    return Column(SortOrder(_c(col), False, False))


def asc_nulls_first(col):
    return Column(SortOrder(_c(col), True, True))


def asc_nulls_last(col):
    return Column(SortOrder(_c(col), True, False))


def desc_nulls_first(col):
    return Column(SortOrder(_c(col), False, True))


def desc_nulls_last(col):
    return Column(SortOrder(_c(col), False, False))


# -- conditionals ----------------------------------------------------------------------------
def when(condition: Column, value: Any) -> Column:
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            f"[NOT_COLUMN] Argument `condition` should be a Column, got "
            f"{type(condition).__name__}.", "NOT_COLUMN")
    return Column(CaseWhen([(to_expr(condition), to_expr(value))]))


def coalesce(*cols) -> Column:
    return Column(Coalesce([_c(c) for c in cols]))


def isnull(col) -> Column:
    return Column(pr.IsNull(_c(col)))


def isnotnull(col) -> Column:
    return Column(pr.IsNotNull(_c(col)))


def isnan(col) -> Column:
    return Column(pr.IsNaN(_c(col)))


def nvl(col1, col2) -> Column:
    return _fn("nvl", col1, col2)


def ifnull(col1, col2) -> Column:
    return _fn("ifnull", col1, col2)


def nullif(col1, col2) -> Column:
    return _fn("nullif", col1, col2)


# -- aggregates ------------------------------------------------------------------------------
def _agg(cls, col, name=None):
    e = cls(_c(col))
    if name:
        e.pretty_name = name
    return Column(e)


def count(col) -> Column:
    if isinstance(col, str) and col == "*":
        return Column(A.Count())
    e = _c(col)
    if isinstance(e, (UnresolvedStar,)):
        return Column(A.Count())
    if isinstance(e, Literal) and e.value is not None:
        c = A.Count()
        c.shown = e.sql()            # count(lit(0)) is named count(0)
        return Column(c)
    return Column(A.Count(e))


def sum(col) -> Column:
    return _agg(A.Sum, col)


def avg(col) -> Column:
    return _agg(A.Average, col)


def mean(col) -> Column:
    return _agg(A.Average, col)


def min(col) -> Column:
    return _agg(A.Min, col)


def max(col) -> Column:
    return _agg(A.Max, col)


def first(col, ignorenulls: bool = False) -> Column:
    return Column(A.First(_c(col), ignorenulls))


def last(col, ignorenulls: bool = False) -> Column:
    return Column(A.Last(_c(col), ignorenulls))


def first_value(col, ignoreNulls=None) -> Column:
    e = A.First(_c(col), bool(ignoreNulls))
    e.pretty_name = "first_value"
    return Column(e)


def last_value(col, ignoreNulls=None) -> Column:
    e = A.Last(_c(col), bool(ignoreNulls))
    e.pretty_name = "last_value"
    return Column(e)


def any_value(col, ignoreNulls=None) -> Column:
    return Column(A.AnyValue(_c(col), bool(ignoreNulls)))


def collect_list(col) -> Column:
    return _agg(A.CollectList, col)


def array_agg(col) -> Column:
    return _agg(A.CollectList, col)     # Spark shows collect_list(...) for it


def collect_set(col) -> Column:
    return _agg(A.CollectSet, col)


def countDistinct(col, *cols) -> Column:
    return Column(A.CountDistinct(*[_c(c) for c in (col,) + cols]))


count_distinct = countDistinct


def sum_distinct(col) -> Column:
    return Column(A.SumDistinct(_c(col)))


sumDistinct = sum_distinct


def approx_count_distinct(col, rsd: Optional[float] = None) -> Column:
    return Column(A.ApproxCountDistinct(_c(col), rsd or 0.05))


approxCountDistinct = approx_count_distinct


def stddev(col) -> Column:
    return _agg(A.StddevSamp, col, "stddev")


def std(col) -> Column:
    return _agg(A.StddevSamp, col, "std")


def stddev_samp(col) -> Column:
    return _agg(A.StddevSamp, col)


def stddev_pop(col) -> Column:
    return _agg(A.StddevPop, col)


def variance(col) -> Column:
    return _agg(A.VarianceSamp, col, "variance")


def var_samp(col) -> Column:
    return _agg(A.VarianceSamp, col)


def var_pop(col) -> Column:
    return _agg(A.VariancePop, col)


def skewness(col) -> Column:
    return _agg(A.Skewness, col)


def kurtosis(col) -> Column:
    return _agg(A.Kurtosis, col)


def product(col) -> Column:
    return _agg(A.Product, col)


def corr(col1, col2) -> Column:
    return Column(A.Corr(_c(col1), _c(col2)))


def covar_samp(col1, col2) -> Column:
    return Column(A.CovSamp(_c(col1), _c(col2)))


def covar_pop(col1, col2) -> Column:
    return Column(A.CovPop(_c(col1), _c(col2)))


def max_by(col, ord, k: Optional[int] = None) -> Column:
    """``col`` at the largest ``ord``; with ``k``, the ``col`` of the top k rows (an array)."""
    return Column(A.MaxBy(_c(col), _c(ord), *([] if k is None else [_lit_arg(k)])))


def min_by(col, ord, k: Optional[int] = None) -> Column:
    return Column(A.MinBy(_c(col), _c(ord), *([] if k is None else [_lit_arg(k)])))


def bool_and(col) -> Column:
    return _agg(A.BoolAnd, col)


def bool_or(col) -> Column:
    return _agg(A.BoolOr, col)


def every(col) -> Column:
    return _agg(A.BoolAnd, col, "every")


def some(col) -> Column:
    return _agg(A.BoolOr, col, "some")


def count_if(col) -> Column:
    return _agg(A.CountIf, col)


def percentile_approx(col, percentage, accuracy=10000) -> Column:
    return Column(A.Percentile(_c(col), to_expr(percentage), to_expr(accuracy), approx=True,
                               name="percentile_approx"))


def approx_percentile(col, percentage, accuracy=10000) -> Column:
    return Column(A.Percentile(_c(col), to_expr(percentage), to_expr(accuracy), approx=True,
                               name="approx_percentile"))


def percentile(col, percentage, frequency=1) -> Column:
    """Exact percentile(s); ``frequency`` (an int or a Column) counts each row that often."""
    if isinstance(frequency, int) and not isinstance(frequency, bool) and frequency == 1:
        return Column(A.Percentile(_c(col), to_expr(percentage)))
    return Column(A.Percentile(_c(col), to_expr(percentage), to_expr(frequency)))


def median(col) -> Column:
    return Column(A.Percentile(_c(col), lit_expr(0.5), name="median"))


# -- arithmetic ------------------------------------------------------------------------------
def abs(col) -> Column:
    return Column(ar.Abs(_c(col)))


def negative(col) -> Column:
    return Column(ar.UnaryMinus(_c(col)))


negate = negative


def pmod(dividend, divisor) -> Column:
    return Column(ar.Pmod(_c(dividend) if not isinstance(dividend, (int, float)) else
                          lit_expr(dividend),
                          _c(divisor) if not isinstance(divisor, (int, float)) else
                          lit_expr(divisor)))


def try_divide(left, right) -> Column:
    return _fn("try_divide", left, right)


def try_add(left, right) -> Column:
    return _fn("try_add", left, right)


def try_subtract(left, right) -> Column:
    return _fn("try_subtract", left, right)


def try_multiply(left, right) -> Column:
    return _fn("try_multiply", left, right)


def _bitwise(op, a, b):
    name = {"&": "bitwise_and_op", "|": "bitwise_or_op", "^": "bitwise_xor_op"}[op]
    return Column(UnresolvedFunction(name, [to_expr(a), to_expr(b)]))


# -- complex types ---------------------------------------------------------------------------
def _varargs(cols):
    if _builtins.len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
        return list(cols[0])
    return list(cols)


def array(*cols) -> Column:
    from .expressions.complex import CreateArray
    return Column(CreateArray([_c(c) for c in _varargs(cols)]))


def struct(*cols) -> Column:
    from .expressions.complex import CreateStruct
    return Column(CreateStruct([_c(c) for c in _varargs(cols)]))


def create_map(*cols) -> Column:
    from .expressions.complex import CreateMap
    return Column(CreateMap([_c(c) for c in _varargs(cols)]))


def explode(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col)))


def explode_outer(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), outer=True))


def posexplode(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), position=True))


def posexplode_outer(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), position=True, outer=True))


def inline(col) -> Column:
    from .expressions.generators import Inline
    return Column(Inline(_c(col)))


def inline_outer(col) -> Column:
    from .expressions.generators import Inline
    return Column(Inline(_c(col), outer=True))


# -- misc ------------------------------------------------------------------------------------
def monotonically_increasing_id() -> Column:
    from .expressions.misc_core import MonotonicallyIncreasingID
    return Column(MonotonicallyIncreasingID())


def spark_partition_id() -> Column:
    from .expressions.misc_core import SparkPartitionID
    return Column(SparkPartitionID())


def rand(seed: Optional[int] = None) -> Column:
    from .expressions.misc_core import Rand
    return Column(Rand(seed))


def randn(seed: Optional[int] = None) -> Column:
    from .expressions.misc_core import Rand
    return Column(Rand(seed, normal=True))



# ============================================================================================
# Scalar functions with PySpark's signatures. Column arguments accept a name or a Column;
# arguments PySpark takes as Python values (a pattern, a format, a count) become literals.
# The expressions are the registry's, so ``F.x(...)`` and SQL ``x(...)`` build the same node.
# ============================================================================================
def _lit_arg(v) -> Any:
    """A value PySpark passes as a literal (a plain str is a string, not a column name)."""
    return to_expr(v)


def _call(name, *args):
    """A registry function over already-built expressions (resolved by the analyzer)."""
    return Column(UnresolvedFunction(name, list(args)))


def _opt(*args):
    return [a for a in args if a is not None]


def _define_unary(names):
    g = globals()
    for n in names:
        def f(col, _n=n):
            return _call(_n, _c(col))
        f.__name__ = n
        f.__qualname__ = n
        g[n] = f


_define_unary([
    # string
    "upper", "lower", "lcase", "ucase", "length", "char_length", "character_length",
    "octet_length", "bit_length", "reverse", "initcap", "ascii", "chr", "char", "base64",
    "unbase64", "soundex", "quote", "len",
    # math
    "sqrt", "exp", "expm1", "ln", "log10", "log2", "log1p", "signum", "sign", "sin", "cos",
    "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "cot",
    "sec", "csc", "degrees", "radians", "cbrt", "factorial", "hex", "unhex", "bin", "rint",
    "bit_count", "bitwise_not", "positive",
    # datetime
    "year", "quarter", "month", "dayofmonth", "day", "dayofweek", "dayofyear", "weekofyear",
    "hour", "minute", "second", "last_day", "weekday", "unix_date", "unix_seconds",
    "unix_millis", "unix_micros", "timestamp_seconds", "timestamp_millis", "timestamp_micros",
    "date_from_unix_date", "dayname", "monthname",
    # collection
    "size", "cardinality", "array_size", "array_distinct", "array_max", "array_min",
    "flatten", "array_compact", "map_keys", "map_values", "map_entries", "map_from_entries",
    # json
    "json_array_length", "json_object_keys",
    # hash
    "md5", "sha1", "sha", "crc32",
    # misc
    "typeof",
])


def bitwiseNOT(col) -> Column:
    return bitwise_not(col)


# -- string ----------------------------------------------------------------------------------
def trim(col, trim=None) -> Column:
    return _call("trim", *_opt(_c(col), None if trim is None else _c(trim)))


def ltrim(col, trim=None) -> Column:
    return _call("ltrim", *_opt(_c(col), None if trim is None else _c(trim)))


def rtrim(col, trim=None) -> Column:
    return _call("rtrim", *_opt(_c(col), None if trim is None else _c(trim)))


def btrim(str, trim=None) -> Column:
    return _call("btrim", *_opt(_c(str), None if trim is None else _c(trim)))


def lpad(col, len, pad) -> Column:
    return _call("lpad", _c(col), _lit_arg(len), _lit_arg(pad))


def rpad(col, len, pad) -> Column:
    return _call("rpad", _c(col), _lit_arg(len), _lit_arg(pad))


def concat(*cols) -> Column:
    return _call("concat", *[_c(c) for c in _varargs(cols)])


def concat_ws(sep: str, *cols) -> Column:
    return _call("concat_ws", _lit_arg(sep), *[_c(c) for c in cols])


def _int_or_col(v):
    """PySpark 4: an int is a literal, a str names a column, a Column is itself."""
    return _c(v) if isinstance(v, (str, Column)) else _lit_arg(v)


def substring(str, pos, len) -> Column:
    return _call("substring", _c(str), _int_or_col(pos), _int_or_col(len))


def substr(str, pos, len=None) -> Column:
    return _call("substr", *_opt(_c(str), _c(pos), None if len is None else _c(len)))


def substring_index(str, delim: str, count: int) -> Column:
    return _call("substring_index", _c(str), _lit_arg(delim), _lit_arg(count))


def instr(str, substr, start=None, occurrence=None) -> Column:
    # PySpark 4.3: ``substr`` a Column or a literal string; ``start``/``occurrence`` ints or
    # Columns (``occurrence`` alone means start 1)
    if occurrence is not None and start is None:
        start = 1
    return _call("instr", *_opt(_c(str), _lit_arg(substr),
                                None if start is None else _lit_arg(start),
                                None if occurrence is None else _lit_arg(occurrence)))


def locate(substr: str, str, pos: int = 1) -> Column:
    return _call("locate", _lit_arg(substr), _c(str), _lit_arg(pos))


def position(substr, str, start=None) -> Column:
    return _call("position", *_opt(_c(substr), _c(str), None if start is None else _c(start)))


def replace(src, search, replace=None) -> Column:
    return _call("replace", *_opt(_c(src), _c(search), None if replace is None else _c(replace)))


def translate(srcCol, matching: str, replace: str) -> Column:
    return _call("translate", _c(srcCol), _lit_arg(matching), _lit_arg(replace))


def repeat(col, n) -> Column:
    return _call("repeat", _c(col), _int_or_col(n))


def split(str, pattern, limit=-1) -> Column:
    return _call("split", _c(str), _lit_arg(pattern), _int_or_col(limit))


def split_part(src, delimiter, partNum) -> Column:
    return _call("split_part", _c(src), _c(delimiter), _c(partNum))


def regexp_replace(string, pattern, replacement, position=None) -> Column:
    return _call("regexp_replace", *_opt(_c(string), _lit_arg(pattern), _lit_arg(replacement),
                                         None if position is None else _lit_arg(position)))


def regexp_extract(str, pattern: str, idx: int) -> Column:
    return _call("regexp_extract", _c(str), _lit_arg(pattern), _lit_arg(idx))


def regexp_extract_all(str, regexp, idx=None) -> Column:
    return _call("regexp_extract_all", _c(str), _c(regexp),
                 _lit_arg(1 if idx is None else idx))


def regexp_like(str, regexp) -> Column:
    return _call("regexp_like", _c(str), _c(regexp))


def regexp(str, regexp) -> Column:
    return _call("regexp", _c(str), _c(regexp))


def rlike(str, regexp) -> Column:
    return _call("rlike", _c(str), _c(regexp))


def regexp_count(str, regexp) -> Column:
    return _call("regexp_count", _c(str), _c(regexp))


def regexp_substr(str, regexp) -> Column:
    return _call("regexp_substr", _c(str), _c(regexp))


def regexp_instr(str, regexp, idx=None) -> Column:
    return _call("regexp_instr", *_opt(_c(str), _c(regexp),
                                       None if idx is None else _lit_arg(idx)))


def like(str, pattern, escapeChar=None) -> Column:
    esc = "\\" if escapeChar is None else to_expr(escapeChar).value
    return Column(pr.Like(_c(str), _c(pattern), esc))


def ilike(str, pattern, escapeChar=None) -> Column:
    esc = "\\" if escapeChar is None else to_expr(escapeChar).value
    return Column(pr.ILike(_c(str), _c(pattern), esc))


def format_string(format: str, *cols) -> Column:
    return _call("format_string", _lit_arg(format), *[_c(c) for c in cols])


def printf(format, *cols) -> Column:
    return _call("printf", _c(format), *[_c(c) for c in cols])


def format_number(col, d: int) -> Column:
    return _call("format_number", _c(col), _lit_arg(d))


def startswith(str, prefix) -> Column:
    return _call("startswith", _c(str), _c(prefix))


def endswith(str, suffix) -> Column:
    return _call("endswith", _c(str), _c(suffix))


def contains(left, right) -> Column:
    return _call("contains", _c(left), _c(right))


def left(str, len) -> Column:
    return _call("left", _c(str), _c(len))


def right(str, len) -> Column:
    return _call("right", _c(str), _c(len))


def levenshtein(left, right, threshold: Optional[int] = None) -> Column:
    return _call("levenshtein", *_opt(_c(left), _c(right),
                                      None if threshold is None else _lit_arg(threshold)))


def overlay(src, replace, pos, len=-1) -> Column:
    return _call("overlay", _c(src), _c(replace), _lit_arg(pos) if isinstance(pos, int)
                 else _c(pos), _lit_arg(len) if isinstance(len, int) else _c(len))


def encode(col, charset: str) -> Column:
    return _call("encode", _c(col), _lit_arg(charset))


def decode(col, charset: str) -> Column:
    return _call("decode", _c(col), _lit_arg(charset))


def to_binary(col, format=None) -> Column:
    return _call("to_binary", *_opt(_c(col), None if format is None else _c(format)))


def find_in_set(str, str_array) -> Column:
    return _call("find_in_set", _c(str), _c(str_array))


def elt(*inputs) -> Column:
    return _call("elt", *[_c(c) for c in inputs])


def mask(col, upperChar=None, lowerChar=None, digitChar=None, otherChar=None) -> Column:
    from .expressions.base import Literal as _L
    from .types import StringType as _S
    args = [_c(col)]
    for v, d in ((upperChar, "X"), (lowerChar, "x"), (digitChar, "n"), (otherChar, None)):
        args.append(_c(v) if v is not None else _L(d, _S()))
    return _call("mask", *args)


def sentences(string, language=None, country=None) -> Column:
    from .expressions.base import Literal as _L
    from .types import StringType as _S
    return _call("sentences", _c(string), _c(language) if language is not None else _L("", _S()),
                 _c(country) if country is not None else _L("", _S()))


# -- math ------------------------------------------------------------------------------------
def _num_or_col(v):
    return lit_expr(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else _c(v)


def round(col, scale=None) -> Column:
    return _call("round", _c(col), _lit_arg(0 if scale is None else scale))


def bround(col, scale=None) -> Column:
    return _call("bround", _c(col), _lit_arg(0 if scale is None else scale))


def floor(col, scale=None) -> Column:
    return _call("floor", *_opt(_c(col), None if scale is None else _lit_arg(scale)))


def ceil(col, scale=None) -> Column:
    return _call("ceil", *_opt(_c(col), None if scale is None else _lit_arg(scale)))


def ceiling(col, scale=None) -> Column:
    return _call("ceiling", *_opt(_c(col), None if scale is None else _lit_arg(scale)))


def log(arg1, arg2=None) -> Column:
    if arg2 is None:
        return _call("log", _c(arg1))
    return _call("log", _num_or_col(arg1), _c(arg2))


def pow(col1, col2) -> Column:
    return _call("pow", _num_or_col(col1), _num_or_col(col2))


power = pow


def atan2(col1, col2) -> Column:
    return _call("atan2", _num_or_col(col1), _num_or_col(col2))


def hypot(col1, col2) -> Column:
    return _call("hypot", _num_or_col(col1), _num_or_col(col2))


def greatest(*cols) -> Column:
    if _builtins.len(cols) < 2:
        raise PySparkValueError(
            "[WRONG_NUM_COLUMNS] Function `greatest` should take at least 2 columns.",
            "WRONG_NUM_COLUMNS")
    return _call("greatest", *[_c(c) for c in cols])


def least(*cols) -> Column:
    if _builtins.len(cols) < 2:
        raise PySparkValueError(
            "[WRONG_NUM_COLUMNS] Function `least` should take at least 2 columns.",
            "WRONG_NUM_COLUMNS")
    return _call("least", *[_c(c) for c in cols])


def e() -> Column:
    return _call("e")


def pi() -> Column:
    return _call("pi")


def conv(col, fromBase: int, toBase: int) -> Column:
    return _call("conv", _c(col), _lit_arg(fromBase), _lit_arg(toBase))


def shiftleft(col, numBits: int) -> Column:
    return _call("shiftleft", _c(col), _lit_arg(numBits))


def shiftright(col, numBits: int) -> Column:
    return _call("shiftright", _c(col), _lit_arg(numBits))


def shiftrightunsigned(col, numBits: int) -> Column:
    return _call("shiftrightunsigned", _c(col), _lit_arg(numBits))


shiftLeft, shiftRight, shiftRightUnsigned = shiftleft, shiftright, shiftrightunsigned
toDegrees = degrees  # noqa: F821 - defined by _define_unary
toRadians = radians  # noqa: F821


def width_bucket(v, min, max, numBucket) -> Column:
    return _call("width_bucket", _c(v), _c(min), _c(max), _lit_arg(numBucket)
                 if isinstance(numBucket, int) else _c(numBucket))


def nanvl(col1, col2) -> Column:
    return _call("nanvl", _c(col1), _c(col2))


# -- date and time ---------------------------------------------------------------------------
def current_date() -> Column:
    return _call("current_date")


def current_timestamp() -> Column:
    return _call("current_timestamp")


def now() -> Column:
    return _call("now")


def localtimestamp() -> Column:
    return _call("localtimestamp")


def current_timezone() -> Column:
    return _call("current_timezone")


def date_format(date, format: str) -> Column:
    return _call("date_format", _c(date), _lit_arg(format))


def to_date(col, format: Optional[str] = None) -> Column:
    return _call("to_date", *_opt(_c(col), None if format is None else _lit_arg(format)))


def try_to_date(col, format=None) -> Column:
    # the format is a literal string, as in to_date
    return _call("try_to_date", *_opt(_c(col), None if format is None else _lit_arg(format)))


def to_timestamp(col, format: Optional[str] = None) -> Column:
    return _call("to_timestamp", *_opt(_c(col), None if format is None else _lit_arg(format)))


def try_to_timestamp(col, format=None) -> Column:
    return _call("try_to_timestamp", *_opt(_c(col), None if format is None else _c(format)))


def to_timestamp_ntz(timestamp, format=None) -> Column:
    return _call("to_timestamp_ntz", *_opt(_c(timestamp), None if format is None else _c(format)))


def to_timestamp_ltz(timestamp, format=None) -> Column:
    return _call("to_timestamp_ltz", *_opt(_c(timestamp), None if format is None else _c(format)))


def unix_timestamp(timestamp=None, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    if timestamp is None:
        return _call("unix_timestamp")
    return _call("unix_timestamp", _c(timestamp), _lit_arg(format))


def to_unix_timestamp(timestamp, format=None) -> Column:
    return _call("to_unix_timestamp", *_opt(_c(timestamp), None if format is None else _c(format)))


def from_unixtime(timestamp, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    return _call("from_unixtime", _c(timestamp), _lit_arg(format))


def date_add(start, days) -> Column:
    return _call("date_add", _c(start), _lit_arg(days) if isinstance(days, int) else _c(days))


def dateadd(start, days) -> Column:
    return _call("dateadd", _c(start), _lit_arg(days) if isinstance(days, int) else _c(days))


def date_sub(start, days) -> Column:
    return _call("date_sub", _c(start), _lit_arg(days) if isinstance(days, int) else _c(days))


def datediff(end, start) -> Column:
    return _call("datediff", _c(end), _c(start))


def date_diff(end, start) -> Column:
    return _call("date_diff", _c(end), _c(start))


def add_months(start, months) -> Column:
    return _call("add_months", _c(start),
                 _lit_arg(months) if isinstance(months, int) else _c(months))


def months_between(date1, date2, roundOff: bool = True) -> Column:
    return _call("months_between", _c(date1), _c(date2), _lit_arg(bool(roundOff)))


def next_day(date, dayOfWeek: str) -> Column:
    return _call("next_day", _c(date), _lit_arg(dayOfWeek))


def trunc(date, format: str) -> Column:
    return _call("trunc", _c(date), _lit_arg(format))


def date_trunc(format: str, timestamp) -> Column:
    return _call("date_trunc", _lit_arg(format), _c(timestamp))


def make_date(year, month, day) -> Column:
    return _call("make_date", _c(year), _c(month), _c(day))


def make_timestamp(years=None, months=None, days=None, hours=None, mins=None, secs=None,
                   timezone=None, date=None, time=None) -> Column:
    args = [_c(x) for x in (years, months, days, hours, mins, secs)]
    if timezone is not None:
        args.append(_c(timezone))
    return _call("make_timestamp", *args)


def make_timestamp_ntz(years=None, months=None, days=None, hours=None, mins=None,
                       secs=None, date=None, time=None) -> Column:
    return _call("make_timestamp_ntz", *[_c(x) for x in (years, months, days, hours, mins, secs)])


def make_timestamp_ltz(years, months, days, hours, mins, secs, timezone=None) -> Column:
    args = [_c(x) for x in (years, months, days, hours, mins, secs)]
    return _call("make_timestamp_ltz", *(args + ([] if timezone is None else [_c(timezone)])))


def try_make_timestamp(years=None, months=None, days=None, hours=None, mins=None, secs=None,
                       timezone=None, date=None, time=None) -> Column:
    """make_timestamp, NULL where a field is out of range."""
    args = [_c(x) for x in (years, months, days, hours, mins, secs)]
    return _call("try_make_timestamp", *(args + ([] if timezone is None else [_c(timezone)])))


def try_make_timestamp_ltz(years, months, days, hours, mins, secs, timezone=None) -> Column:
    args = [_c(x) for x in (years, months, days, hours, mins, secs)]
    return _call("try_make_timestamp_ltz",
                 *(args + ([] if timezone is None else [_c(timezone)])))


def try_make_timestamp_ntz(years=None, months=None, days=None, hours=None, mins=None,
                           secs=None, date=None, time=None) -> Column:
    return _call("try_make_timestamp_ntz",
                 *[_c(x) for x in (years, months, days, hours, mins, secs)])


def to_utc_timestamp(timestamp, tz) -> Column:
    return _call("to_utc_timestamp", _c(timestamp), to_expr(tz))


def from_utc_timestamp(timestamp, tz) -> Column:
    return _call("from_utc_timestamp", _c(timestamp), to_expr(tz))


def extract(field, source) -> Column:
    return _call("extract", to_expr(field), _c(source))


def date_part(field, source) -> Column:
    return _call("date_part", to_expr(field), _c(source))


def datepart(field, source) -> Column:
    return _call("datepart", to_expr(field), _c(source))


# -- collections -----------------------------------------------------------------------------
def array_contains(col, value) -> Column:
    return _call("array_contains", _c(col), to_expr(value))


def array_position(col, value) -> Column:
    return _call("array_position", _c(col), to_expr(value))


def array_remove(col, element) -> Column:
    return _call("array_remove", _c(col), to_expr(element))


def array_append(col, value) -> Column:
    return _call("array_append", _c(col), to_expr(value))


def array_prepend(col, value) -> Column:
    return _call("array_prepend", _c(col), to_expr(value))


def array_insert(arr, pos, value) -> Column:
    return _call("array_insert", _c(arr), _lit_arg(pos) if isinstance(pos, int) else _c(pos),
                 to_expr(value))


def array_union(col1, col2) -> Column:
    return _call("array_union", _c(col1), _c(col2))


def array_intersect(col1, col2) -> Column:
    return _call("array_intersect", _c(col1), _c(col2))


def array_except(col1, col2) -> Column:
    return _call("array_except", _c(col1), _c(col2))


def arrays_overlap(a1, a2) -> Column:
    return _call("arrays_overlap", _c(a1), _c(a2))


def array_join(col, delimiter: str, null_replacement: Optional[str] = None) -> Column:
    return _call("array_join", *_opt(_c(col), _lit_arg(delimiter),
                                     None if null_replacement is None
                                     else _lit_arg(null_replacement)))


def array_repeat(col, count) -> Column:
    return _call("array_repeat", _c(col), _lit_arg(count) if isinstance(count, int)
                 else _c(count))


def array_sort(col, comparator=None) -> Column:
    if comparator is None:
        return _call("array_sort", _c(col))
    return _hof("array_sort", [_c(col)], [comparator])


def sort_array(col, asc: bool = True) -> Column:
    return _call("sort_array", _c(col), _lit_arg(bool(asc)))


def shuffle(col, seed=None) -> Column:
    return _call("shuffle", *_opt(_c(col), None if seed is None else _lit_arg(seed)))


def arrays_zip(*cols) -> Column:
    return _call("arrays_zip", *[_c(c) for c in cols])


def sequence(start, stop, step=None) -> Column:
    return _call("sequence", *_opt(_c(start), _c(stop), None if step is None else _c(step)))


def slice(x, start, length) -> Column:
    return _call("slice", _c(x), _lit_arg(start) if isinstance(start, int) else _c(start),
                 _lit_arg(length) if isinstance(length, int) else _c(length))


def element_at(col, extraction) -> Column:
    return _call("element_at", _c(col), to_expr(extraction))


def try_element_at(col, extraction) -> Column:
    return _call("try_element_at", _c(col), _c(extraction))


def get(col, index) -> Column:
    return _call("get", _c(col), _lit_arg(index) if isinstance(index, int) else _c(index))


def map_from_arrays(col1, col2) -> Column:
    return _call("map_from_arrays", _c(col1), _c(col2))


def map_concat(*cols) -> Column:
    return _call("map_concat", *[_c(c) for c in _varargs(cols)])


def map_contains_key(col, value) -> Column:
    return _call("map_contains_key", _c(col), to_expr(value))


def str_to_map(text, pairDelim=None, keyValueDelim=None) -> Column:
    from .expressions.base import Literal as _L
    from .types import StringType as _S
    return _call("str_to_map", _c(text),
                 _c(pairDelim) if pairDelim is not None else _L(",", _S()),
                 _c(keyValueDelim) if keyValueDelim is not None else _L(":", _S()))


def named_struct(*cols) -> Column:
    return _call("named_struct", *[_c(c) for c in cols])


def _hof(name, col_args, funcs):
    from .expressions.collection_functions import HigherOrderFunction, lambda_function
    return Column(HigherOrderFunction(name, col_args, [lambda_function(f) for f in funcs]))


def transform(col, f) -> Column:
    return _hof("transform", [_c(col)], [f])


def filter(col, f) -> Column:
    return _hof("filter", [_c(col)], [f])


def exists(col, f) -> Column:
    return _hof("exists", [_c(col)], [f])


def forall(col, f) -> Column:
    return _hof("forall", [_c(col)], [f])


def aggregate(col, initialValue, merge, finish=None) -> Column:
    return _hof("aggregate", [_c(col), _c(initialValue)],
                [merge] + ([finish] if finish is not None else []))


def reduce(col, initialValue, merge, finish=None) -> Column:
    return _hof("reduce", [_c(col), _c(initialValue)],
                [merge] + ([finish] if finish is not None else []))


def zip_with(left, right, f) -> Column:
    return _hof("zip_with", [_c(left), _c(right)], [f])


def transform_keys(col, f) -> Column:
    return _hof("transform_keys", [_c(col)], [f])


def transform_values(col, f) -> Column:
    return _hof("transform_values", [_c(col)], [f])


def map_filter(col, f) -> Column:
    return _hof("map_filter", [_c(col)], [f])


def map_zip_with(col1, col2, f) -> Column:
    return _hof("map_zip_with", [_c(col1), _c(col2)], [f])


# -- json ------------------------------------------------------------------------------------
def _options_expr(options):
    if not options:
        return []
    from .expressions.complex import CreateMap
    kids = []
    for k, v in options.items():
        kids += [lit_expr(str(k)), lit_expr(str(v) if not isinstance(v, bool)
                                            else str(v).lower())]
    return [CreateMap(kids)]


def from_json(col, schema, options=None) -> Column:
    from .types import DataType as _DT
    if isinstance(schema, _DT):
        s = lit_expr(schema.json())
        from .expressions.json_functions import SchemaLiteral
        s = SchemaLiteral(schema)
    elif isinstance(schema, str):
        s = lit_expr(schema)
    else:
        s = to_expr(schema)
    return _call("from_json", _c(col), s, *_options_expr(options))


def to_json(col, options=None) -> Column:
    return _call("to_json", _c(col), *_options_expr(options))


def get_json_object(col, path: str) -> Column:
    return _call("get_json_object", _c(col), _lit_arg(path))


def json_tuple(col, *fields: str) -> Column:
    """Generator: the top-level ``fields`` of the JSON text in ``col`` as string columns
    ``c0, c1, ...`` (one output row per input row; NULLs for invalid JSON)."""
    if _builtins.len(fields) == 0:
        raise PySparkValueError("[CANNOT_BE_EMPTY] At least one field must be specified.",
                                "CANNOT_BE_EMPTY", {"item": "field"})
    from .expressions.generators import json_tuple_generator
    return Column(json_tuple_generator([_c(col)] + [lit_expr(f) for f in fields]))


def stack(*cols) -> Column:
    """Generator: ``stack(n, v1, ..., vk)`` spreads the values over ``n`` rows of columns
    ``col0, col1, ...`` (built here, as json_tuple is, so select sees a generator)."""
    from .expressions.generators import _stack
    return Column(_stack([_c(c) for c in cols]))


def schema_of_json(json, options=None) -> Column:
    return _call("schema_of_json", to_expr(json), *_options_expr(options))


# -- hashing ---------------------------------------------------------------------------------
def sha2(col, numBits: int) -> Column:
    return _call("sha2", _c(col), _lit_arg(numBits))


def hash(*cols) -> Column:
    return _call("hash", *[_c(c) for c in cols])


def xxhash64(*cols) -> Column:
    return _call("xxhash64", *[_c(c) for c in cols])


# -- misc ------------------------------------------------------------------------------------
def input_file_name() -> Column:
    return _call("input_file_name")


def assert_true(col, errMsg=None) -> Column:
    return _call("assert_true", *_opt(_c(col), None if errMsg is None else to_expr(errMsg)))


def raise_error(errMsg) -> Column:
    return _call("raise_error", to_expr(errMsg))


def nvl2(col1, col2, col3) -> Column:
    return _call("nvl2", _c(col1), _c(col2), _c(col3))


def equal_null(col1, col2) -> Column:
    return _call("equal_null", _c(col1), _c(col2))


def zeroifnull(col) -> Column:
    return _call("zeroifnull", _c(col))


def nullifzero(col) -> Column:
    return _call("nullifzero", _c(col))


def version() -> Column:
    return _call("version")


def current_database() -> Column:
    return _call("current_database")


def current_schema() -> Column:
    return _call("current_schema")


def current_catalog() -> Column:
    return _call("current_catalog")


def current_user() -> Column:
    return _call("current_user")


def user() -> Column:
    return _call("user")


def uuid(seed=None) -> Column:
    return _call("uuid")


def call_function(funcName: str, *cols) -> Column:
    return _fn(funcName, *cols)


def call_udf(udfName: str, *cols) -> Column:
    """A UDF registered with ``spark.udf.register`` called by name (PySpark's older spelling
    of call_function)."""
    return _fn(udfName, *cols)


def udf(f=None, returnType=None, *, useArrow=None):
    from .udf import udf as _udf
    return _udf(f, returnType, useArrow=useArrow)


def pandas_udf(f=None, returnType=None, functionType=None):
    from .udf import pandas_udf as _pudf
    return _pudf(f, returnType, functionType)


# -- time windows --------------------------------------------------------------------------
def window(timeColumn, windowDuration: str, slideDuration: Optional[str] = None,
           startTime: Optional[str] = None) -> Column:
    """Tumbling time windows: ``groupBy(F.window("ts", "5 minutes"))``."""
    from .expressions.time_window import TimeWindow, parse_interval_micros
    d = parse_interval_micros(windowDuration)
    sl = parse_interval_micros(slideDuration) if slideDuration else d
    st = parse_interval_micros(startTime) if startTime else 0
    return Column(TimeWindow(_c(timeColumn), d, sl, st))


# -- window functions ----------------------------------------------------------------------
from .window_functions_api import (cume_dist, dense_rank, lag, lead, ntile,  # noqa: E402,F401
                                   nth_value, percent_rank, rank, row_number)
from .functions_more_aggregates import *  # noqa: E402,F401,F403
from .functions_more_scalar import *  # noqa: E402,F401,F403


def __getattr__(name: str):
    """Functions not defined above resolve through the registry by name
    (``F.upper("s")`` == ``F.call_function("upper", "s")``) when the registry knows them."""
    if name.startswith("_"):
        raise AttributeError(name)
    from .functions_registry import builtin
    if builtin(name) is None:
        raise AttributeError(f"module 'rayspark.sql.functions' has no attribute '{name}'")

    def f(*cols):
        return _fn(name, *cols)
    f.__name__ = name
    return f
