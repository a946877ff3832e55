"""String functions (upper, substring, concat_ws, split, regexp_*, lpad, format_string, ...)
with Spark 4 semantics: 1-based positions, Java regular expressions (run through Arrow's RE2
kernels when the pattern is constant, Python's ``re`` otherwise), Java ``$n`` group references
in replacements, and NULL in -> NULL out unless noted."""
from __future__ import annotations

import base64 as _b64
import re

import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (ArrayType, BinaryType, BooleanType, IntegerType, LongType, NullType,
                     StringType)
from .base import Expression, Literal
from .misc_functions import (IllegalArgumentError, SparkRuntimeException, as_array, check_args,
                             fn, is_null_scalar, literal_arg, pylist, rowwise)
from .scalar import ScalarFunction

S, I = StringType(), IntegerType()
_BIG = 2 ** 62


def _str_args(n):
    return [S] * n


def _unary(name, kernel, rtype=S, itype=S):
    def build(args, distinct=False):
        check_args(name, args, 1)
        return fn(name, args, kernel, rtype, [itype])
    return build


# -- case, length, trim ----------------------------------------------------------------------
for _n in ("upper", "ucase"):
    register(_n)(_unary(_n, lambda a, n: pc.utf8_upper(a)))
for _n in ("lower", "lcase"):
    register(_n)(_unary(_n, lambda a, n: pc.utf8_lower(a)))


def _length_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 1)
        t = args[0].data_type
        if isinstance(t, BinaryType):
            return fn(name, args, lambda a, n: pc.binary_length(a), I)
        return fn(name, args, lambda a, n: pc.utf8_length(a), I, [S])
    return build


for _n in ("length", "char_length", "character_length", "len"):
    register(_n)(_length_builder(_n))


@register("octet_length")
def _octet_length(args, distinct=False):
    check_args("octet_length", args, 1)
    t = args[0].data_type
    return fn("octet_length", args, lambda a, n: pc.binary_length(a), I,
              None if isinstance(t, BinaryType) else [S])


@register("bit_length")
def _bit_length(args, distinct=False):
    check_args("bit_length", args, 1)
    t = args[0].data_type
    return fn("bit_length", args, lambda a, n: pc.multiply(pc.binary_length(a), 8), I,
              None if isinstance(t, BinaryType) else [S])


def _trim_kernel(which):
    f = {"both": pc.utf8_trim, "left": pc.utf8_ltrim, "right": pc.utf8_rtrim}[which]

    def k(a, *rest):
        chars = rest[0] if len(rest) == 2 else pa.scalar(" ")
        if isinstance(chars, pa.Scalar):
            if not chars.is_valid:
                return pa.scalar(None, pa.string())
            return f(a, chars.as_py()) if chars.as_py() else a
        n = rest[-1]
        return rowwise(lambda s, c: _py_trim(s, c, which), pa.string(), [a, chars], n)
    return k


def _py_trim(s, c, which):
    if which == "both":
        return s.strip(c)
    return s.lstrip(c) if which == "left" else s.rstrip(c)


def _trim_builder(name, which):
    def build(args, distinct=False):
        check_args(name, args, 1, 2)
        # SQL trim(trimStr FROM str) arrives as (str, trimStr)
        display = None
        if len(args) == 2 and name != "btrim":
            word = {"both": "BOTH", "left": "LEADING", "right": "TRAILING"}[which]
            display = (lambda kids, w=word:
                       f"TRIM({w} {kids[1].sql()} FROM {kids[0].sql()})")
        return fn(name, args, _trim_kernel(which), S, [S, S], display=display)
    return build


for _n, _w in (("trim", "both"), ("btrim", "both"), ("ltrim", "left"), ("rtrim", "right")):
    register(_n)(_trim_builder(_n, _w))


# -- padding, concatenation ------------------------------------------------------------------
def _pad_py(s, length, pad, left):
    if length <= 0:
        return ""
    if len(s) >= length:
        return s[:length]
    if not pad:
        return s
    need = length - len(s)
    fill = (pad * (need // len(pad) + 1))[:need]
    return fill + s if left else s + fill


def _pad_kernel(left):
    def k(s, length, pad, n):
        if isinstance(length, pa.Scalar) and isinstance(pad, pa.Scalar):
            if not length.is_valid or not pad.is_valid:
                return pa.scalar(None, pa.string())
            ln, p = length.as_py(), pad.as_py()
            if ln <= 0:
                return pc.if_else(pc.is_null(s), pa.scalar(None, pa.string()), "") \
                    if not isinstance(s, pa.Scalar) else (s if not s.is_valid else pa.scalar(""))
            if len(p) == 1:
                padded = (pc.utf8_lpad if left else pc.utf8_rpad)(s, ln, p)
                return pc.utf8_slice_codeunits(padded, 0, ln)
        return rowwise(lambda a, b, c: _pad_py(a, b, c, left), pa.string(), [s, length, pad], n)
    return k


def _pad_builder(name, left):
    def build(args, distinct=False):
        check_args(name, args, 2, 3)
        if len(args) == 2:
            t = args[0].data_type
            args = list(args) + [Literal(b"\x00" if isinstance(t, BinaryType) else " ",
                                         BinaryType() if isinstance(t, BinaryType) else S)]
        return fn(name, args, _pad_kernel(left), S, [S, I, S],
                  display=(lambda ch: f"{name}({ch[0].sql()}, {ch[1].sql()}, {ch[2].sql()})"))
    return build


register("lpad")(_pad_builder("lpad", True))
register("rpad")(_pad_builder("rpad", False))


class Concat(ScalarFunction):
    """concat(str, ...) / concat(array, ...) / concat(binary, ...): NULL if any input is."""

    def __init__(self, children):
        super().__init__("concat", children, None, None)

    @property
    def data_type(self):
        from .coercion import common_type
        ts = [c.data_type for c in self.children]
        if ts and all(isinstance(t, (ArrayType, NullType)) for t in ts) and \
                any(isinstance(t, ArrayType) for t in ts):
            return common_type(ts)
        if ts and all(isinstance(t, (BinaryType, NullType)) for t in ts) and \
                any(isinstance(t, BinaryType) for t in ts):
            return BinaryType()
        return S

    def coerce(self):
        from .coercion import cast_to
        dt = self.data_type
        return self.with_children([cast_to(c, dt) for c in self.children])

    def eval(self, batch):
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        dt = self.data_type
        from .types_util import arrow_type
        at = arrow_type(dt)
        if not vals:
            return pa.scalar("", pa.string())
        if isinstance(dt, ArrayType):
            def cat(*xs):
                out = []
                for x in xs:
                    out.extend(x)
                return out
            return rowwise(cat, at, vals, n)
        if isinstance(dt, BinaryType):
            return rowwise(lambda *xs: b"".join(xs), at, vals, n)
        if all(isinstance(v, pa.Scalar) for v in vals):
            return rowwise(lambda *xs: "".join(xs), at, vals, n)
        return pc.binary_join_element_wise(*vals, pa.scalar(""),
                                           null_handling="emit_null")

    def sql(self):
        return f"concat({', '.join(c.sql() for c in self.children)})"


@register("concat")
def _concat(args, distinct=False):
    return Concat(list(args))


class ConcatWs(ScalarFunction):
    def __init__(self, children):
        super().__init__("concat_ws", children, None, S)

    def coerce(self):
        from .coercion import cast_to
        if not self.children:
            raise AnalysisException(
                "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `concat_ws` requires > 0 parameters "
                "but the actual number is 0.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        kids = [cast_to(self.children[0], S)]
        for c in self.children[1:]:
            t = c.data_type
            if isinstance(t, ArrayType):
                kids.append(cast_to(c, ArrayType(S, True)) if t.elementType != S else c)
            else:
                kids.append(cast_to(c, S))
        return self.with_children(kids)

    @property
    def nullable(self):
        return self.children[0].nullable

    def eval(self, batch):
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        sep = vals[0]
        rest = vals[1:]
        has_arrays = any(isinstance(c.data_type, ArrayType) for c in self.children[1:])
        if not has_arrays and isinstance(sep, pa.Scalar) and rest:
            if not sep.is_valid:
                return pa.scalar(None, pa.string())
            if all(isinstance(v, pa.Scalar) for v in rest):
                return pa.scalar(sep.as_py().join(v.as_py() for v in rest if v.is_valid),
                                 pa.string())
            # (Arrow's null_handling="skip" drops all-NULL rows, so prefix each present
            # value with the separator and cut the first separator off)
            sep_s = sep.as_py()
            pieces = []
            for v in rest:
                if isinstance(v, pa.Scalar):
                    pieces.append(pa.scalar(sep_s + v.as_py() if v.is_valid else ""))
                else:
                    pieces.append(pc.fill_null(pc.binary_join_element_wise(
                        pa.scalar(sep_s), v, pa.scalar("")), ""))
            joined = pc.binary_join_element_wise(*pieces, pa.scalar(""))
            return pc.utf8_slice_codeunits(joined, len(sep_s), _BIG) if sep_s else joined
        if not rest:
            return pc.if_else(pc.is_null(as_array(sep, n)), pa.scalar(None, pa.string()), "")

        def join(s, *xs):
            if s is None:
                return None
            parts = []
            for x in xs:
                if x is None:
                    continue
                if isinstance(x, list):
                    parts.extend(v for v in x if v is not None)
                else:
                    parts.append(x)
            return s.join(parts)
        return rowwise(join, pa.string(), vals, n, null_safe=True)

    def sql(self):
        return f"concat_ws({', '.join(c.sql() for c in self.children)})"


@register("concat_ws")
def _concat_ws(args, distinct=False):
    return ConcatWs(list(args))


# -- substrings ------------------------------------------------------------------------------
def _substr_py(s, pos, length):
    if length is None:
        length = _BIG
    n = len(s)
    start = pos - 1 if pos > 0 else (n + pos if pos < 0 else 0)
    end = start + length if length < _BIG else _BIG
    start = max(start, 0)
    if length <= 0 or end <= start:
        return s[0:0]
    return s[start:end]


def _substring_kernel(s, pos, length, n):
    if isinstance(pos, pa.Scalar) and isinstance(length, pa.Scalar) and \
            not pa.types.is_binary(s.type):
        if not pos.is_valid or not length.is_valid:
            return pa.scalar(None, pa.string())
        p, ln = pos.as_py(), length.as_py()
        if ln <= 0:
            return pc.utf8_slice_codeunits(s, 0, 0)
        if p > 0:
            return pc.utf8_slice_codeunits(s, p - 1, min(p - 1 + ln, _BIG))
        if p == 0:
            return pc.utf8_slice_codeunits(s, 0, min(ln, _BIG))
        # negative: counted from the end (Python slice semantics match Spark's)
        stop = p + ln
        return pc.utf8_slice_codeunits(s, p, _BIG if stop >= 0 else stop)
    at = s.type
    return rowwise(_substr_py, at, [s, pos, length], n)


def _substring_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 2, 3)
        if len(args) == 2:
            args = list(args) + [Literal(2147483647, I)]
        itypes = [None if isinstance(args[0].data_type, BinaryType) else S, I, I]
        return fn(name, args, _substring_kernel,
                  lambda ts: BinaryType() if isinstance(ts[0], BinaryType) else S, itypes)
    return build


register("substring")(_substring_builder("substring"))
register("substr")(_substring_builder("substr"))


def _left_right(name):
    def build(args, distinct=False):
        check_args(name, args, 2)

        def k(s, ln, n):
            if name == "left":
                return _substring_kernel(s, pa.scalar(1, pa.int32()), ln, n)
            if isinstance(ln, pa.Scalar):
                if not ln.is_valid:
                    return pa.scalar(None, pa.string())
                v = ln.as_py()
                if v <= 0:
                    return _substring_kernel(s, pa.scalar(1, pa.int32()),
                                             pa.scalar(0, pa.int32()), n)
                return _substring_kernel(s, pa.scalar(-v, pa.int32()),
                                         pa.scalar(2147483647, pa.int32()), n)
            return rowwise(lambda a, b: "" if b <= 0 else _substr_py(a, -b, None),
                           pa.string(), [s, ln], n)
        return fn(name, args, k, S, [S, I])
    return build


register("left")(_left_right("left"))
register("right")(_left_right("right"))


def _substring_index_py(s, delim, count):
    if count == 0 or not delim:
        return ""
    if count > 0:
        parts = s.split(delim)
        return delim.join(parts[:count]) if count < len(parts) else s
    parts = s.split(delim)
    return delim.join(parts[count:]) if -count < len(parts) else s


@register("substring_index")
def _substring_index(args, distinct=False):
    check_args("substring_index", args, 3)
    return fn("substring_index", args,
              lambda s, d, c, n: rowwise(_substring_index_py, pa.string(), [s, d, c], n),
              S, [S, S, I])


def _locate_py(sub, s, start):
    if start is None:
        return 0
    if start < 1:
        return 0
    return s.find(sub, start - 1) + 1


def _find_kernel(s, sub, start, n):
    if isinstance(sub, pa.Scalar) and isinstance(start, pa.Scalar) and start.is_valid \
            and start.as_py() == 1 and not isinstance(s, pa.Scalar):
        if not sub.is_valid:
            return pa.scalar(None, pa.int32())
        if pc.all(pc.string_is_ascii(s)).as_py() is not False:
            return pc.add(pc.find_substring(s, sub.as_py()), 1)
    if is_null_scalar(start):
        return rowwise(lambda a, b: 0, pa.int32(), [s, sub], n)
    return rowwise(lambda a, b, c: _locate_py(b, a, c), pa.int32(), [s, sub, start], n)


def _instr_py(s, sub, start, occurrence):
    """Spark 4.3's ``instr(str, substr, start, occurrence)``: the 1-based position of the
    ``occurrence``-th match (matches may overlap) at or after ``start``; a negative ``start``
    counts from the end and searches backwards from there; 0 when there is none; an empty
    ``substr`` is found at 1."""
    if occurrence <= 0:
        raise SparkRuntimeException(
            "[INVALID_PARAMETER_VALUE.OCCURRENCE] The value of parameter(s) `occurrence` in "
            f"`instr` is invalid: expects a positive integer, but got {occurrence}. "
            "SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.OCCURRENCE")
    if sub == "":
        return 1
    if start > 0:
        pos = start - 1
        for _ in range(occurrence):
            pos = s.find(sub, pos)
            if pos < 0:
                return 0
            pos += 1
        return pos
    if start == 0:
        return 0
    end = len(s) + start             # 0-based index a match may start at, at the latest
    for _ in range(occurrence):
        if end < 0:
            return 0
        pos = s.rfind(sub, 0, end + len(sub))
        if pos < 0:
            return 0
        end = pos - 1
    return pos + 1


@register("instr")
def _instr(args, distinct=False):
    check_args("instr", args, 2, 4)
    if len(args) == 2:
        return fn("instr", args, lambda s, sub, n: _find_kernel(s, sub, pa.scalar(1), n), I,
                  [S, S])
    if len(args) == 3:
        args = list(args) + [Literal(1, I)]
    return fn("instr", args, lambda s, sub, st, occ, n: rowwise(_instr_py, pa.int32(),
                                                                [s, sub, st, occ], n),
              I, [S, S, I, I])


def _locate_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 2, 3)
        if len(args) == 2:
            args = list(args) + [Literal(1, I)]
        return fn(name, args, lambda sub, s, st, n: _find_kernel(s, sub, st, n), I, [S, S, I])
    return build


register("locate")(_locate_builder("locate"))
register("position")(_locate_builder("position"))


def _replace_kernel(s, search, rep, n):
    if isinstance(search, pa.Scalar) and isinstance(rep, pa.Scalar):
        if not search.is_valid or not rep.is_valid:
            return pa.scalar(None, pa.string())
        if not search.as_py():
            return s
        return pc.replace_substring(s, search.as_py(), rep.as_py())
    return rowwise(lambda a, b, c: a.replace(b, c) if b else a, pa.string(), [s, search, rep], n)


@register("replace")
def _replace(args, distinct=False):
    check_args("replace", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal("", S)]
    return fn("replace", args, _replace_kernel, S, [S, S, S])


def _translate_py(s, frm, to):
    table = {}
    for i, ch in enumerate(frm):
        if ch in table:
            continue
        table[ch] = to[i] if i < len(to) else None
    return "".join(table.get(c, c) or "" if c in table else c for c in s)


@register("translate")
def _translate(args, distinct=False):
    check_args("translate", args, 3)
    return fn("translate", args,
              lambda s, a, b, n: rowwise(_translate_py, pa.string(), [s, a, b], n), S, [S, S, S])


def _repeat_kernel(s, times, n):
    if isinstance(times, pa.Scalar):
        if not times.is_valid:
            return pa.scalar(None, pa.string())
        return pc.binary_repeat(s, max(0, times.as_py()))
    return rowwise(lambda a, t: a * max(0, t), pa.string(), [s, times], n)


@register("repeat")
def _repeat(args, distinct=False):
    check_args("repeat", args, 2)
    return fn("repeat", args, _repeat_kernel, S, [S, I])


# -- regular expressions ---------------------------------------------------------------------
def _java_regex(p: str) -> str:
    """Java regex -> Python ``re`` syntax for the differences that matter in practice."""
    p = re.sub(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", r"(?P<\1>", p)
    p = p.replace(r"\p{Alpha}", "[A-Za-z]").replace(r"\p{Digit}", "[0-9]") \
        .replace(r"\p{Alnum}", "[A-Za-z0-9]").replace(r"\p{Punct}", r"""[!-/:-@\[-`{-~]""") \
        .replace(r"\p{Upper}", "[A-Z]").replace(r"\p{Lower}", "[a-z]") \
        .replace(r"\p{Space}", r"\s")
    return p


def _compile(p: str):
    try:
        return re.compile(_java_regex(p))
    except re.error as e:
        raise SparkRuntimeException(
            f"[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` is "
            f"invalid: '{p}'. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.PATTERN") from e


def _java_replacement(r: str) -> str:
    """Java's ``$1`` / ``\\$`` replacement syntax -> Python's ``\\g<1>``."""
    out, i = [], 0
    while i < len(r):
        ch = r[i]
        if ch == "\\" and i + 1 < len(r):
            nxt = r[i + 1]
            out.append("\\\\" if nxt == "\\" else nxt)
            i += 2
        elif ch == "$" and i + 1 < len(r) and r[i + 1].isdigit():
            j = i + 1
            while j < len(r) and r[j].isdigit():
                j += 1
            out.append(f"\\g<{r[i + 1:j]}>")
            i = j
        elif ch == "$" and i + 1 < len(r) and r[i + 1] == "{":
            j = r.index("}", i)
            out.append(f"\\g<{r[i + 2:j]}>")
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _regexp_replace_kernel(s, pat, rep, pos, n):
    if all(isinstance(x, pa.Scalar) for x in (pat, rep, pos)):
        if not (pat.is_valid and rep.is_valid and pos.is_valid):
            return pa.scalar(None, pa.string())
        p, r, position = pat.as_py(), rep.as_py(), pos.as_py()
        if position == 1 and "\\" not in r and not isinstance(s, pa.Scalar):
            try:
                return pc.replace_substring_regex(s, p, re.sub(r"\$(\d)", r"\\\1", r))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
        rx, pyrep = _compile(p), _java_replacement(r)
        return rowwise(lambda a: a[:position - 1] + rx.sub(pyrep, a[position - 1:]),
                       pa.string(), [s], n)
    return rowwise(lambda a, p, r, position: a[:position - 1] + _compile(p).sub(
        _java_replacement(r), a[position - 1:]), pa.string(), [s, pat, rep, pos], n)


@register("regexp_replace")
def _regexp_replace(args, distinct=False):
    check_args("regexp_replace", args, 3, 4)
    if len(args) == 3:
        args = list(args) + [Literal(1, I)]
    return fn("regexp_replace", args, _regexp_replace_kernel, S, [S, S, S, I])


def _group_error(idx, groups):
    return IllegalArgumentError(
        f"[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in "
        f"`regexp_extract` is invalid: Expects group index between 0 and {groups}, but got "
        f"{idx}. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX")


def _regexp_extract_kernel(s, pat, idx, n):
    def one(a, p, i):
        rx = _compile(p)
        if i < 0 or i > rx.groups:
            raise _group_error(i, rx.groups)
        m = rx.search(a)
        if m is None:
            return ""
        g = m.group(i)
        return "" if g is None else g
    return rowwise(one, pa.string(), [s, pat, idx], n)


@register("regexp_extract")
def _regexp_extract(args, distinct=False):
    check_args("regexp_extract", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal(1, I)]
    return fn("regexp_extract", args, _regexp_extract_kernel, S, [S, S, I])


def _regexp_extract_all_kernel(s, pat, idx, n):
    def one(a, p, i):
        rx = _compile(p)
        if i < 0 or i > rx.groups:
            raise _group_error(i, rx.groups)
        return [("" if m.group(i) is None else m.group(i)) for m in rx.finditer(a)]
    return rowwise(one, pa.list_(pa.string()), [s, pat, idx], n)


@register("regexp_extract_all")
def _regexp_extract_all(args, distinct=False):
    check_args("regexp_extract_all", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal(1, I)]
    return fn("regexp_extract_all", args, _regexp_extract_all_kernel, ArrayType(S, True),
              [S, S, I])


def _rlike_kernel(s, pat, n):
    if isinstance(pat, pa.Scalar):
        if not pat.is_valid:
            return pa.scalar(None, pa.bool_())
        try:
            return pc.match_substring_regex(s, pat.as_py())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            rx = _compile(pat.as_py())
            return rowwise(lambda a: rx.search(a) is not None, pa.bool_(), [s], n)
    return rowwise(lambda a, p: _compile(p).search(a) is not None, pa.bool_(), [s, pat], n)


def _rlike_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 2)
        return fn(name, args, _rlike_kernel, BooleanType(), [S, S],
                  display=lambda ch: f"{name.upper()}({ch[0].sql()}, {ch[1].sql()})")
    return build


for _n in ("rlike", "regexp_like", "regexp"):
    register(_n)(_rlike_builder(_n))


@register("regexp_count")
def _regexp_count(args, distinct=False):
    check_args("regexp_count", args, 2)
    return fn("regexp_count", args, lambda s, p, n: rowwise(
        lambda a, b: len(_compile(b).findall(a)), pa.int32(), [s, p], n), I, [S, S])


@register("regexp_substr")
def _regexp_substr(args, distinct=False):
    check_args("regexp_substr", args, 2)

    def one(a, p):
        m = _compile(p).search(a)
        return m.group(0) if m else None
    return fn("regexp_substr", args, lambda s, p, n: rowwise(one, pa.string(), [s, p], n), S,
              [S, S])


@register("regexp_instr")
def _regexp_instr(args, distinct=False):
    check_args("regexp_instr", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal(0, I)]

    def one(a, p, i):
        # Spark returns where the whole match starts, whatever the group index
        m = _compile(p).search(a)
        return m.start() + 1 if m else 0
    return fn("regexp_instr", args, lambda s, p, i, n: rowwise(one, pa.int32(), [s, p, i], n),
              I, [S, S, I])


def _java_split(s, rx, limit):
    if limit is None or limit <= 0:
        limit = 0
    if s == "":
        return [""]
    if rx.pattern == "":
        parts = list(s)
        if limit > 0 and len(parts) > limit:
            parts = parts[:limit - 1] + ["".join(parts[limit - 1:])]
        return parts
    out, pos = [], 0
    for m in rx.finditer(s):
        if limit > 0 and len(out) == limit - 1:
            break
        if m.end() == 0:   # a zero-width match at the start gives no leading empty string
            continue
        out.append(s[pos:m.start()])
        pos = m.end()
    out.append(s[pos:])
    return out


def _split_kernel(s, pat, limit, n):
    at = pa.list_(pa.string())
    if isinstance(pat, pa.Scalar) and isinstance(limit, pa.Scalar):
        if not pat.is_valid or not limit.is_valid:
            return pa.scalar(None, at)
        p, lim = pat.as_py(), limit.as_py()
        if p and not isinstance(s, pa.Scalar) and re.escape(p) == p and len(p) >= 1:
            # plain delimiter: Arrow's split with Java's limit semantics
            out = pc.split_pattern(s, p, max_splits=None if lim <= 0 else lim - 1)
            return out
        rx = _compile(p)
        return rowwise(lambda a: _java_split(a, rx, lim), at, [s], n)
    return rowwise(lambda a, p, lim: _java_split(a, _compile(p), lim), at, [s, pat, limit], n)


@register("split")
def _split(args, distinct=False):
    check_args("split", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal(-1, I)]
    return fn("split", args, _split_kernel, ArrayType(S, True), [S, S, I])


def _split_part_py(s, delim, part):
    if part == 0:
        raise SparkRuntimeException(
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or "
            "> 0 (the first element has index 1). SQLSTATE: 22003", "INVALID_INDEX_OF_ZERO")
    if delim == "":
        parts = [s]
    else:
        parts = s.split(delim)
    idx = part - 1 if part > 0 else len(parts) + part
    return parts[idx] if 0 <= idx < len(parts) else ""


@register("split_part")
def _split_part(args, distinct=False):
    check_args("split_part", args, 3)
    return fn("split_part", args, lambda s, d, p, n: rowwise(
        _split_part_py, pa.string(), [s, d, p], n), S, [S, S, I])


# -- character-level functions ---------------------------------------------------------------
def _reverse_kernel(a, n):
    return pc.utf8_reverse(a)


def _initcap_py(s):
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))


register("initcap")(_unary("initcap", lambda a, n: rowwise(_initcap_py, pa.string(), [a], n)))


def _ascii_py(s):
    return ord(s[0]) if s else 0


register("ascii")(_unary("ascii", lambda a, n: rowwise(_ascii_py, pa.int32(), [a], n), I))


def _chr_py(v):
    if v < 0:
        return ""
    v &= 0xFF
    return chr(v)


def _chr_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 1)
        return fn(name, args, lambda a, n: rowwise(_chr_py, pa.string(), [a], n), S,
                  [LongType()])
    return build


register("chr")(_chr_builder("chr"))
register("char")(_chr_builder("char"))     # Spark names the column as it was called


def _base64_py(b):
    return _b64.b64encode(b if isinstance(b, bytes) else b.encode()).decode("ascii")


@register("base64")
def _base64(args, distinct=False):
    check_args("base64", args, 1)
    return fn("base64", args, lambda a, n: rowwise(_base64_py, pa.string(), [a], n), S,
              [BinaryType()])


def _unbase64_py(s):
    try:
        t = "".join(s.split())
        return _b64.b64decode(t + "=" * (-len(t) % 4))
    except Exception:
        raise SparkRuntimeException(
            f"[CONVERSION_INVALID_INPUT] The value '{s}' ({'STRING'}) cannot be converted to "
            "BINARY because it is malformed. Correct the value as per the syntax, or change "
            "its format. Use 'try_to_binary' to tolerate malformed input and return NULL "
            "instead. SQLSTATE: 22018", "CONVERSION_INVALID_INPUT") from None


@register("unbase64")
def _unbase64(args, distinct=False):
    check_args("unbase64", args, 1)
    return fn("unbase64", args, lambda a, n: rowwise(_unbase64_py, pa.binary(), [a], n),
              BinaryType(), [S])


def _startswith_builder(name, kernel, py):
    def k(s, p, n):
        if isinstance(p, pa.Scalar) and not isinstance(s, pa.Scalar):
            if not p.is_valid:
                return pa.scalar(None, pa.bool_())
            return kernel(s, p.as_py())
        return rowwise(py, pa.bool_(), [s, p], n)

    def build(args, distinct=False):
        check_args(name, args, 2)
        return fn(name, args, k, BooleanType(), [S, S])
    return build


register("startswith")(_startswith_builder(
    "startswith", lambda s, p: pc.starts_with(s, p), lambda a, b: a.startswith(b)))
register("endswith")(_startswith_builder(
    "endswith", lambda s, p: pc.ends_with(s, p), lambda a, b: a.endswith(b)))
register("contains")(_startswith_builder(
    "contains", lambda s, p: pc.match_substring(s, p), lambda a, b: b in a))


def _levenshtein_py(a, b, threshold=None):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    d = prev[-1]
    if threshold is not None and d > threshold:
        return -1
    return d


@register("levenshtein")
def _levenshtein(args, distinct=False):
    check_args("levenshtein", args, 2, 3)
    return fn("levenshtein", args, lambda *a: rowwise(_levenshtein_py, pa.int32(),
                                                      list(a[:-1]), a[-1]),
              I, [S, S, I])


_SOUNDEX = {c: d for d, cs in {"1": "BFPV", "2": "CGJKQSXZ", "3": "DT", "4": "L", "5": "MN",
                               "6": "R"}.items() for c in cs}


def _soundex_py(s):
    if not s or not ("A" <= s[0].upper() <= "Z"):
        return s
    up = s.upper()
    out = [up[0]]
    last = _SOUNDEX.get(up[0], "0")
    for c in up[1:]:
        if not ("A" <= c <= "Z"):
            last = "0"
            continue
        code = _SOUNDEX.get(c)
        if code is None:
            if c not in "HW":
                last = "0"
            continue
        if code != last:
            out.append(code)
        last = code
        if len(out) == 4:
            break
    return "".join(out).ljust(4, "0")


register("soundex")(_unary("soundex", lambda a, n: rowwise(_soundex_py, pa.string(), [a], n)))


def _overlay_py(s, rep, pos, length):
    if length < 0:
        length = len(rep)
    return _substr_py(s, 1, pos - 1) + rep + _substr_py(s, pos + length, None)


@register("overlay")
def _overlay(args, distinct=False):
    check_args("overlay", args, 3, 4)
    if len(args) == 3:
        args = list(args) + [Literal(-1, I)]
    return fn("overlay", args, lambda s, r, p, ln, n: rowwise(
        _overlay_py, pa.string(), [s, r, p, ln], n), S, [S, S, I, I])


_CHARSETS = {"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "ascii", "ascii": "ascii",
             "iso-8859-1": "latin-1", "latin1": "latin-1", "utf-16": "utf-16",
             "utf-16be": "utf-16-be", "utf-16le": "utf-16-le", "utf-32": "utf-32"}


def _charset(c):
    key = c.lower()
    if key not in _CHARSETS:
        raise SparkRuntimeException(
            f"[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) `charset` in "
            f"`encode` is invalid: expects one of the {', '.join(sorted(_CHARSETS))}, but got "
            f"{c}. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.CHARSET")
    return _CHARSETS[key]


def _encode_py(s, c):
    cs = _charset(c)
    if cs == "utf-16":
        return s.encode("utf-16-be") if s == "" else b"\xfe\xff" + s.encode("utf-16-be")
    return s.encode(cs, errors="replace")


def _decode_py(b, c):
    cs = _charset(c)
    return bytes(b).decode(cs, errors="replace")


@register("encode")
def _encode(args, distinct=False):
    check_args("encode", args, 2)
    return fn("encode", args, lambda s, c, n: rowwise(_encode_py, pa.binary(), [s, c], n),
              BinaryType(), [S, S])


@register("decode")
def _decode(args, distinct=False):
    if len(args) == 2:
        return fn("decode", args, lambda s, c, n: rowwise(_decode_py, pa.string(), [s, c], n),
                  S, [BinaryType(), S])
    # decode(expr, search, result [, search, result] ... [, default]) - CASE-like form
    from .conditional import CaseWhen
    from .predicates import EqualNullSafe
    from .misc_functions import Renamed
    branches = [(EqualNullSafe(args[0], args[i]).coerce(), args[i + 1])
                for i in range(1, len(args) - 1, 2)]
    default = args[-1] if len(args) % 2 == 0 else None
    return Renamed(CaseWhen(branches, default).coerce(),
                   lambda: f"decode({', '.join(a.sql() for a in args)})")


def _to_binary_builder(name, try_):
    """to_binary(str[, fmt]) with fmt hex (default), utf-8/utf8 or base64 (any case): malformed
    text fails (try_to_binary: NULL); an unknown fmt fails analysis (try_to_binary: NULL)."""
    def build(args, distinct=False):
        check_args(name, args, 1, 2)
        fmt_arg = literal_arg(args[1]) if len(args) > 1 else "hex"
        fmt = None if fmt_arg is None else str(fmt_arg).lower()
        if fmt is not None and fmt not in ("hex", "utf-8", "utf8", "base64"):
            if not try_:
                raise AnalysisException(
                    f"[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve \"{name}("
                    f"{', '.join(a.sql() for a in args)})\" due to data type mismatch: The fmt "
                    "value must to be a case-insensitive \"STRING\" literal of 'hex', 'utf-8', "
                    f"'utf8', or 'base64', but got '{fmt_arg}'. SQLSTATE: 42K09",
                    "DATATYPE_MISMATCH.INVALID_ARG_VALUE")
            fmt = None

        def bad(s):
            if try_:
                return None
            from ...errors import IllegalArgumentException
            raise IllegalArgumentException(
                f"[CONVERSION_INVALID_INPUT] The value '{s}' ('{fmt.upper()}') cannot be "
                "converted to \"BINARY\" because it is malformed. Correct the value as per the "
                "syntax, or change its format. Use `try_to_binary` to tolerate malformed input "
                "and return NULL instead. SQLSTATE: 22018", "CONVERSION_INVALID_INPUT")

        def conv(s):
            if fmt == "hex":
                try:
                    return bytes.fromhex(s if len(s) % 2 == 0 else "0" + s)
                except ValueError:
                    return bad(s)
            if fmt in ("utf-8", "utf8"):
                return s.encode("utf-8")
            try:
                return _unbase64_py(s)
            except SparkRuntimeException:
                return bad(s)

        def kernel(s, *rest):
            n = rest[-1]
            if fmt is None:
                return pa.scalar(None, pa.binary()) if isinstance(s, pa.Scalar) else \
                    pa.nulls(n, pa.binary())
            return rowwise(conv, pa.binary(), [s], n)
        return fn(name, args, kernel, BinaryType(), [S, S])
    return build


register("to_binary")(_to_binary_builder("to_binary", False))
register("try_to_binary")(_to_binary_builder("try_to_binary", True))


def _find_in_set_py(s, lst):
    if "," in s:
        return 0
    parts = lst.split(",")
    return parts.index(s) + 1 if s in parts else 0


@register("find_in_set")
def _find_in_set(args, distinct=False):
    check_args("find_in_set", args, 2)
    return fn("find_in_set", args, lambda a, b, n: rowwise(_find_in_set_py, pa.int32(),
                                                           [a, b], n), I, [S, S])


@register("elt")
def _elt(args, distinct=False):
    if len(args) < 2:
        raise AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `elt` requires > 1 "
                                f"parameters but the actual number is {len(args)}.",
                                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")

    def one(i, *xs):
        if i is None:
            return None
        if i < 1 or i > len(xs):
            raise SparkRuntimeException(
                f"[INVALID_ARRAY_INDEX] The index {i} is out of bounds. The array has "
                f"{len(xs)} elements. Use the SQL function `get()` to tolerate accessing "
                "element at invalid index and return NULL instead. SQLSTATE: 22003",
                "INVALID_ARRAY_INDEX")
        return xs[i - 1]
    return fn("elt", args, lambda *a: rowwise(one, pa.string(), list(a[:-1]), a[-1],
                                              null_safe=True), S, [I] + [S] * (len(args) - 1))


@register("quote")
def _quote(args, distinct=False):
    check_args("quote", args, 1)
    return fn("quote", args, lambda a, n: rowwise(
        lambda s: "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'", pa.string(), [a], n),
        S, [S])


def _mask_py(s, up, low, dig, other):
    out = []
    for c in s:
        if "A" <= c <= "Z" and up is not None:
            out.append(up)
        elif "a" <= c <= "z" and low is not None:
            out.append(low)
        elif "0" <= c <= "9" and dig is not None:
            out.append(dig)
        elif other is not None and not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9"):
            out.append(other)
        else:
            out.append(c)
    return "".join(out)


@register("mask")
def _mask(args, distinct=False):
    check_args("mask", args, 1, 5)
    defaults = [Literal("X", S), Literal("x", S), Literal("n", S), Literal(None, S)]
    args = list(args) + defaults[len(args) - 1:]

    def k(s, u, lo, d, o, n):
        return rowwise(lambda a, *r: None if a is None else _mask_py(a, *r), pa.string(),
                       [s, u, lo, d, o], n, null_safe=True)
    return fn("mask", args, k, S, [S] * 5)


# -- formatting ------------------------------------------------------------------------------
_FMT = re.compile(r"%(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([a-zA-Z%])")


def _java_format(fmt, *vals):
    out, pos, auto = [], 0, 0
    for m in _FMT.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        argidx, flags, width, prec, conv = m.groups()
        flags = flags or ""
        if conv == "%":
            out.append("%")
            continue
        if conv == "n":
            out.append("\n")
            continue
        if argidx:
            v = vals[int(argidx[:-1]) - 1]
        else:
            v = vals[auto] if auto < len(vals) else None
            auto += 1
        c = conv.lower()
        if v is None:
            text = "null"
            if prec:
                text = text[:int(prec[1:])]
        elif c == "s":
            text = _java_str(v)
            if prec:
                text = text[:int(prec[1:])]
        elif c == "b":
            text = "true" if v else "false"
        elif c in "dxoeEfgG":
            pyflags = flags.replace("(", "")
            spec = pyflags + (prec or "") + ("d" if c == "d" else c)
            if "," in flags and c in "df":
                spec = pyflags.replace(",", "") + "," + (prec or "") + c
            if c == "f" and not prec:
                spec = spec[:-1] + ".6f"
            try:
                text = format(v, spec)
            except (ValueError, TypeError):
                text = str(v)
        elif c == "c":
            text = chr(v) if isinstance(v, int) else str(v)[:1]
        else:
            text = str(v)
        if conv.isupper():
            text = text.upper()
        if width:
            w = int(width)
            if "-" in flags:
                text = text.ljust(w)
            elif "0" in flags and c in "dxofeg":
                sign = text[0] if text[:1] in "+-" else ""
                text = sign + text[len(sign):].rjust(w - len(sign), "0")
            else:
                text = text.rjust(w)
        out.append(text)
    out.append(fmt[pos:])
    return "".join(out)


def _java_str(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        from ..execution.cast_string import format_double
        return format_double(v)
    if isinstance(v, list):
        return "[" + ", ".join(_java_str(x) for x in v) + "]"
    return str(v)


def _format_string_builder(name):
    def build(args, distinct=False):
        if not args:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires > 0 parameters but "
                "the actual number is 0.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")

        def k(*a):
            n = a[-1]
            return rowwise(lambda f, *vs: None if f is None else _java_format(f, *vs),
                           pa.string(), list(a[:-1]), n, null_safe=True)
        return fn(name, args, k, S, [S] + [None] * (len(args) - 1))
    return build


register("format_string")(_format_string_builder("format_string"))
register("printf")(_format_string_builder("printf"))


def _format_number_py(x, d):
    import decimal
    if isinstance(d, str):
        return _format_number_pattern(x, d)
    if d < 0:
        return None
    if isinstance(x, float) and (x != x or x in (float("inf"), float("-inf"))):
        return "NaN" if x != x else ("\u221e" if x > 0 else "-\u221e")
    q = decimal.Decimal(x).quantize(decimal.Decimal(1).scaleb(-d), rounding=decimal.ROUND_HALF_EVEN)
    return f"{q:,.{d}f}"


def _format_number_pattern(x, pattern):
    import decimal
    if not pattern:
        return f"{decimal.Decimal(x).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_EVEN):,}"
    frac = pattern.split(".")[1] if "." in pattern else ""
    min_frac, max_frac = frac.count("0"), len(frac)
    q = decimal.Decimal(x).quantize(decimal.Decimal(1).scaleb(-max_frac),
                                    rounding=decimal.ROUND_HALF_EVEN)
    text = f"{q:,.{max_frac}f}" if "," in pattern else f"{q:.{max_frac}f}"
    if max_frac > min_frac and "." in text:
        head, tail = text.split(".")
        tail = tail.rstrip("0")
        tail = tail + "0" * max(0, min_frac - len(tail))
        text = head + ("." + tail if tail else "")
    return text


@register("format_number")
def _format_number(args, distinct=False):
    check_args("format_number", args, 2)
    return fn("format_number", args, lambda x, d, n: rowwise(
        _format_number_py, pa.string(), [x, d], n), S,
        [None, None if isinstance(args[1].data_type, StringType) else I])


@register("sentences")
def _sentences(args, distinct=False):
    check_args("sentences", args, 1, 3)
    args = list(args) + [Literal("", S)] * (3 - len(args))

    def one(s, *_):
        out = []
        for sent in re.split(r"(?<=[.!?])\s+", s.strip()):
            words = re.findall(r"\w+(?:'\w+)?", sent)
            if words:
                out.append(words)
        return out
    return fn("sentences", args, lambda s, a, b, n: rowwise(
        one, pa.list_(pa.list_(pa.string())), [s, a, b], n, null_safe=False),
        ArrayType(ArrayType(S, True), True), [S, S, S])
