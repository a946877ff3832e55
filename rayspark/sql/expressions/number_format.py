"""Spark's number format strings (``to_number``, ``try_to_number``, ``to_char`` /
``to_varchar`` of numbers): ``0``/``9`` digits, ``.``/``D`` decimal point, ``,``/``G``
thousands separators, ``$``, ``S`` / ``MI`` signs and ``PR`` angle brackets, with the grammar
``[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [$] [PR|MI|S]``.

The format is split into tokens once (at analysis, where an invalid format fails with Spark's
INVALID_FORMAT conditions); parsing and formatting then walk the tokens per value, as Spark's
ToNumberParser does."""
from __future__ import annotations

import decimal
from typing import List, Optional, Tuple

from ...errors import AnalysisException

__all__ = ["NumberFormat"]

_GRAMMAR = "`[MI|S]` `[$]` `[0|9|G|,]*` `[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`"


class _Tok:
    """A format token; digit tokens carry their count and whether they are exact (a run that
    starts with 0 before the decimal point must match as many digits)."""
    __slots__ = ("kind", "n", "exact", "items")

    def __init__(self, kind, n=0, exact=False, items=None):
        self.kind, self.n, self.exact, self.items = kind, n, exact, items

    def describe(self):
        return {"digits": "digit sequence", "groups": "digit sequence", "point": ". or D",
                "comma": ", or G", "dollar": "$", "sign": "S", "minus": "MI", "open": "PR",
                "close": "PR"}.get(self.kind, f"character '{self.n}''")


def _format_error(sub: str, fmt: str, text: str):
    return AnalysisException(
        f"[INVALID_FORMAT.{sub}] The format is invalid: '{fmt}'. {text} SQLSTATE: 42601",
        f"INVALID_FORMAT.{sub}")


class NumberFormat:
    def __init__(self, fmt: str):
        self.original = fmt
        self.fmt = fmt.upper()
        self.tokens = self._group(self._tokenize(self.fmt))
        self._validate()
        digits_before = digits_after = 0
        seen_point = False
        for t in self.tokens:
            if t.kind == "point":
                seen_point = True
            elif t.kind == "groups":
                n = sum(d.n for d in t.items if d.kind == "digits")
                if seen_point:
                    digits_after += n
                else:
                    digits_before += n
        self.digits_before, self.digits_after = digits_before, digits_after
        self.precision, self.scale = digits_before + digits_after, digits_after

    # -- format string -------------------------------------------------------------------
    @staticmethod
    def _tokenize(f: str) -> List[_Tok]:
        toks: List[_Tok] = []
        i, n, after_point = 0, len(f), False
        while i < n:
            c = f[i]
            if c in "09":
                j = i
                while j < n and f[j] in "09":
                    j += 1
                toks.append(_Tok("digits", j - i, exact=(c == "0" and not after_point)))
                i = j
                continue
            if c in ".D":
                toks.append(_Tok("point"))
                after_point = True
            elif c in ",G":
                toks.append(_Tok("comma"))
            elif c == "$":
                toks.append(_Tok("dollar"))
            elif c == "S":
                toks.append(_Tok("sign"))
            elif f.startswith("MI", i):
                toks.append(_Tok("minus"))
                i += 1
            elif f.startswith("PR", i):
                toks.insert(0, _Tok("open"))
                toks.append(_Tok("close"))
                i += 1
            else:
                toks.append(_Tok("bad", c))
            i += 1
        return toks

    @staticmethod
    def _group(toks: List[_Tok]) -> List[_Tok]:
        out: List[_Tok] = []
        cur: List[_Tok] = []
        for t in toks:
            if t.kind in ("digits", "comma"):
                cur.append(t)
                continue
            if cur:
                out.append(_Tok("groups", items=cur))
                cur = []
            out.append(t)
        if cur:
            out.append(_Tok("groups", items=cur))
        return out

    def _validate(self):
        f, toks = self.fmt, self.tokens
        if not f:
            raise _format_error("EMPTY", f, "The number format string cannot be empty.")
        kinds = [t.kind for t in toks]
        if "groups" not in kinds:
            raise _format_error("WRONG_NUM_DIGIT", f,
                                "The format string requires at least one number digit.")
        point = kinds.index("point") if "point" in kinds else -1
        for i, t in enumerate(toks):
            if t.kind != "groups":
                continue
            items = [x.kind for x in t.items]
            if point == -1 or i < point:
                for j, k in enumerate(items):
                    if k == "comma" and (j == 0 or j == len(items) - 1 or
                                         items[j - 1] == "comma" or items[j + 1] == "comma"):
                        raise _format_error(
                            "CONT_THOUSANDS_SEPS", f, "Thousands separators (, or G) must have "
                            "digits in between them in the number format.")
            elif "comma" in items:
                raise _format_error(
                    "THOUSANDS_SEPS_MUST_BEFORE_DEC", f, "Thousands separators (, or G) may "
                    "not appear after the decimal point in the number format.")
        for kind, label in (("point", ". or D"), ("sign", "S"), ("minus", "MI"),
                            ("dollar", "$"), ("close", "PR")):
            if kinds.count(kind) > 1:
                raise _format_error("WRONG_NUM_TOKEN", f,
                                    f"At most one {label} is allowed in the number format.")
        allowed = [("open",), ("minus", "sign"), ("dollar",), ("groups",), ("point",),
                   ("groups",), ("dollar",), ("minus", "sign", "close")]
        pos = 0
        for kinds_ok in allowed:
            if pos < len(toks) and toks[pos].kind in kinds_ok:
                pos += 1
        if pos < len(toks):
            raise _format_error(
                "UNEXPECTED_TOKEN", f, f"Found the unexpected {toks[pos].describe()} in the "
                f"format string; the structure of the format string must match: {_GRAMMAR}.")

    # -- to_number -----------------------------------------------------------------------
    def parse(self, s: str) -> Optional[decimal.Decimal]:
        """The Decimal ``s`` spells in this format, or None when it does not match."""
        before: List[str] = []
        after: List[str] = []
        in_after = negate = opened = closed = False
        i, n = 0, len(s)
        for t in self.tokens:
            c = s[i] if i < n else None
            k = t.kind
            if k == "groups":
                i = self._parse_groups(t, s, i, in_after, before, after)
                if i is None:
                    return None
            elif k == "point":
                if c == ".":
                    in_after = True
                    i += 1
            elif k == "dollar":
                if c is not None:
                    if c != "$":
                        return None
                    i += 1
            elif k == "sign":
                if c in ("+", "-"):
                    negate ^= c == "-"
                    i += 1
            elif k == "minus":
                if c == "-":
                    negate = not negate
                    i += 1
            elif k == "open":
                if c == "<":
                    if opened:
                        return None
                    opened = True
                    i += 1
            elif k == "close":
                if c == ">":
                    if not opened:
                        return None
                    closed, negate = True, not negate
                    i += 1
        if i < n or opened != closed or not (before or after):
            return None        # unconsumed input, an unclosed '<', or no digit at all
        frac = "".join(after) + "0" * (self.scale - len(after))
        text = ("-" if negate else "") + ("".join(before) or "0") + ("." + frac if frac else "")
        return decimal.Decimal(text)

    @staticmethod
    def _parse_groups(t, s, i, in_after, before, after):
        sizes: List[int] = []        # digits per input group, last group first
        cur, n = 0, len(s)
        while i < n:
            c = s[i]
            if c.isspace():
                pass
            elif c.isdigit():
                cur += 1
                (after if in_after else before).append(c)
            elif c == ",":
                sizes.insert(0, cur)
                cur = 0
            else:
                sizes.insert(0, cur)
                break
            i += 1
        if i == n:
            sizes.insert(0, cur)
        expected = [d for d in reversed(t.items) if d.kind == "digits"]
        if len(sizes) > len(expected):
            return None
        for j, d in enumerate(expected):
            got = sizes[j] if j < len(sizes) else 0
            if (d.exact and got != d.n) or got > d.n:
                return None
        return i

    # -- to_char -------------------------------------------------------------------------
    def format(self, value: decimal.Decimal) -> Optional[str]:
        """``value`` written in this format ('#'s where it has too many digits)."""
        before, after = self._split(value)
        neg = value < 0
        out: List[str] = []
        bi = ai = 0
        in_after = False
        for t in self.tokens:
            k = t.kind
            if k == "groups":
                for d in t.items:
                    if d.kind == "comma":
                        if out and out[-1].isdigit():
                            out.append(",")
                        else:
                            _add_space(out)
                    elif not in_after:
                        for _ in range(d.n):
                            ch = before[bi]
                            if ch == " " and d.exact:
                                out.append("0")
                            elif ch == " ":
                                _add_space(out)
                            else:
                                out.append(ch)
                            bi += 1
                    else:
                        for _ in range(d.n):
                            out.append(after[ai])
                            ai += 1
            elif k == "point":
                if out and out[-1] == " ":
                    out[-1] = "0"
                out.append(".")
                in_after = True
            elif k == "dollar":
                out.append("$")
            elif k == "sign":
                _strip_lone_point(out)
                _add_char(out, "-" if neg else "+")
            elif k == "minus":
                if neg:
                    _strip_lone_point(out)
                    _add_char(out, "-")
                else:
                    out.append(" ")
            elif k == "open":
                if neg:
                    out.append("<")
            elif k == "close":
                _strip_lone_point(out)
                if neg:
                    _add_char(out, ">")
                else:
                    out += [" ", " "]
        _strip_lone_point(out)
        text = "".join(out)
        return "0" if text in ("", "+", "-") else text

    def _split(self, value: decimal.Decimal) -> Tuple[str, str]:
        plain = format(value, "f")
        head, _, tail = plain.partition(".")
        head = head.lstrip("-0")
        tail = tail.rstrip("0")
        if self.digits_before < len(head) or self.digits_after < len(tail):
            head, tail = "#" * self.digits_before, "#" * self.digits_after
        return (" " * (self.digits_before - len(head)) + head,
                tail + "0" * (self.digits_after - len(tail)))


def _add_char(out: List[str], ch: str):
    """Append ``ch``, moving it left past spaces (a sign sits next to the digits)."""
    out.append(ch)
    i = len(out) - 1
    while i >= 1 and out[i - 1] == " " and out[i] == ch:
        out[i], out[i - 1] = " ", ch
        i -= 1


def _add_space(out: List[str]):
    """Append a space, moving it left of a sign or '<' already written."""
    out.append(" ")
    i = len(out) - 1
    while i >= 1 and out[i - 1] in "+-<" and out[i] == " ":
        out[i], out[i - 1] = out[i - 1], " "
        i -= 1


def _strip_lone_point(out: List[str]):
    if "." in out:
        i = out.index(".")
        if i == len(out) - 1 or out[i + 1] == " ":
            out[i] = " "


# -- the SQL functions ---------------------------------------------------------------------------
def _format_arg(args, name):
    from .misc_functions import literal_arg
    from .base import Expression  # noqa: F401
    if not args[1].foldable:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{name}("
            f"{', '.join(a.sql() for a in args)})\" due to data type mismatch: the input format "
            f"should be a foldable \"STRING\" expression; however, got {args[1].sql()}. "
            "SQLSTATE: 42K09", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return literal_arg(args[1])


def _to_number_builder(name, try_):
    def build(args, distinct=False):
        import pyarrow as pa
        from ..types import DecimalType, StringType
        from .misc_functions import check_args, fn, rowwise
        check_args(name, args, 2)
        fmt = _format_arg(args, name)
        if fmt is None:
            return fn(name, args, lambda s, f, n: pa.scalar(None, pa.decimal128(38, 0)),
                      DecimalType(38, 0), [StringType(), StringType()], nullable=True)
        nf = NumberFormat(str(fmt))
        dt = DecimalType(nf.precision, nf.scale)

        def one(s):
            v = nf.parse(s)
            if v is None and not try_:
                from ...errors import IllegalArgumentException
                raise IllegalArgumentException(
                    f"[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: {fmt}. The input "
                    f"\"STRING\" {s} does not match the format. SQLSTATE: 42601",
                    "INVALID_FORMAT.MISMATCH_INPUT")
            return v
        at = pa.decimal128(nf.precision, nf.scale)
        return fn(name, args, lambda s, f, n: rowwise(one, at, [s], n), dt,
                  [StringType(), StringType()], nullable=True if try_ else None)
    return build


def _to_char_builder(name):
    def build(args, distinct=False):
        import pyarrow as pa
        from ..functions_registry import builtin
        from ..types import (BinaryType, DateType, DecimalType, NumericType, StringType,
                             TimestampNTZType, TimestampType)
        from .misc_functions import Renamed, check_args, fn, rowwise, type_error
        check_args(name, args, 2)
        t = args[0].data_type
        if isinstance(t, (DateType, TimestampType, TimestampNTZType)):
            return builtin("date_format")(list(args))      # Spark shows date_format(...)
        if isinstance(t, BinaryType):
            fmt = str(_format_arg(args, "to_char")).lower()
            if fmt == "hex":
                return builtin("hex")([args[0]])
            if fmt == "base64":
                return builtin("base64")([args[0]])
            if fmt in ("utf-8", "utf8"):
                return builtin("decode")([args[0], args[1]])
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve \"to_char("
                f"{', '.join(a.sql() for a in args)})\" due to data type mismatch: The format "
                f"value must to be a case-insensitive \"STRING\" literal of 'base64', 'hex', "
                f"'utf-8', or 'utf8', but got '{fmt}'. SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.INVALID_ARG_VALUE")
        if not isinstance(t, NumericType):
            raise type_error(Renamed(args[0], lambda: f"to_char({args[0].sql()}, "
                                                      f"{args[1].sql()})"), 1,
                             "\"DECIMAL\"", t)
        fmt = _format_arg(args, "to_char")
        nf = None if fmt is None else NumberFormat(str(fmt))

        def one(v):
            if not isinstance(v, decimal.Decimal):
                v = decimal.Decimal(repr(v)) if isinstance(v, float) else decimal.Decimal(v)
            return nf.format(v)

        def kernel(v, f, n):
            if nf is None:
                return pa.scalar(None, pa.string()) if isinstance(v, pa.Scalar) else \
                    pa.nulls(n, pa.string())
            return rowwise(one, pa.string(), [v], n)
        # Spark names to_varchar's column to_char(...)
        return fn("to_char", args, kernel, StringType(), [None, StringType()])
    return build


def _register():
    from ..functions_registry import register
    register("to_number")(_to_number_builder("to_number", False))
    register("try_to_number")(_to_number_builder("try_to_number", True))
    register("to_char")(_to_char_builder("to_char"))
    register("to_varchar")(_to_char_builder("to_varchar"))


_register()
