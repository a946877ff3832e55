"""Parse DDL type strings into data types, and render schemas back as DDL.

``createDataFrame(data, "a INT, b ARRAY<STRING>")``, ``StructType.add(..)``,
``DataType.fromDDL`` and casts all take type strings. Spark parses them with its ANTLR SQL
grammar; this module is a small recursive-descent parser for just the type part of that
grammar (sqlglot is kept for SQL statements), because what matters here is Spark's exact
acceptance rules and error messages, which a general SQL parser does not reproduce.

What is accepted, and how bad input is reported, follows Spark 4:

* :func:`parse_ddl` is PySpark's ``_parse_datatype_string``: a table schema
  (``a INT NOT NULL COMMENT 'x', b STRING``), else a single type (``map<string,int>``), else
  the legacy ``a: int, b: string`` form; when all fail, the table-schema error is raised.
* Type names are case-insensitive with Spark's aliases (``int``/``integer``,
  ``bigint``/``long``, ``smallint``/``short``, ``tinyint``/``byte``, ``float``/``real``,
  ``dec``/``numeric``/``decimal``, ``char``/``character``, ``timestamp_ltz``...). Note that
  Spark has no ``bool`` alias: it is an unsupported type there and here.
* Errors are :class:`rayspark.errors.ParseException` with Spark's condition, message, line,
  position and ``== SQL ==`` excerpt. Syntax errors are reported at the token Spark's
  parser reports, including its habit of blaming the ``<`` of a complex type when the
  inside does not parse (see :func:`_blame_complex_type`); type errors (unknown type,
  missing length, decimal bounds) are reported only when the text is syntactically valid,
  as Spark checks them after parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from rayspark.errors import ParseException, PySparkException, SparkException
from rayspark.sql.types import (ArithmeticException, ArrayType, BinaryType, BooleanType,
                                ByteType, CalendarIntervalType, CharType, DataType, DateType,
                                DayTimeIntervalType, DecimalType, DoubleType, FloatType,
                                IntegerType, LongType, MapType, NullType, ShortType,
                                StringType, StructField, StructType, TimestampNTZType,
                                TimestampType, VarcharType, YearMonthIntervalType)

__all__ = ["parse_ddl", "parse_data_type", "parse_table_schema", "struct_to_ddl", "type_to_sql",
           "quote_if_needed", "tokenize"]


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------
WORD, INT, NUMBER, STRING, QUOTED_ID, SYMBOL, UNRECOGNIZED, EOF = (
    "word", "int", "number", "string", "quoted", "symbol", "unrecognized", "eof")


@dataclass
class Token:
    kind: str
    text: str        # the source text, as error messages quote it
    start: int       # character offset in the input
    value: Any = None  # unescaped string / identifier / upper-cased keyword

    def is_word(self, *words: str) -> bool:
        return self.kind == WORD and self.value in words

    def is_symbol(self, *symbols: str) -> bool:
        return self.kind == SYMBOL and self.text in symbols


_SYMBOLS = ("<=>", "<<", "<>", "<=", ">=", "!=", "==", "::", "||", "->", "=>",
            "<", ">", "=", ",", ":", "(", ")", ".", ";", "-", "+", "*", "/", "%", "[", "]",
            "{", "}", "|", "&", "^", "~", "!", "?")
_NUMBER = re.compile(r"\d+(?:[eE][+-]?\d+|(?:BD|bd|[LSYDFlsydf]))?(?![A-Za-z0-9_])")
_ESCAPES = {"0": "\u0000", "'": "'", '"': '"', "b": "\b", "n": "\n", "r": "\r", "t": "\t",
            "Z": "\u001a", "\\": "\\", "%": "\\%", "_": "\\_"}


def _unescape(body: str, quote: str) -> str:
    """Spark's SQL string unescaping: backslash escapes, octal and unicode escapes, and a
    doubled quote character standing for itself."""
    out: List[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == quote and i + 1 < n and body[i + 1] == quote:
            out.append(quote)
            i += 2
        elif ch == "\\" and i + 1 < n:
            nxt = body[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2:i + 6]):
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
            elif nxt == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", body[i + 2:i + 10]):
                out.append(chr(int(body[i + 2:i + 10], 16)))
                i += 10
            elif re.fullmatch(r"[0-3][0-7][0-7]", body[i + 1:i + 4]):
                out.append(chr(int(body[i + 1:i + 4], 8)))
                i += 4
            else:
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _quoted_end(text: str, start: int, quote: str, escapes: bool) -> int:
    """Index just past the closing quote of a literal opening at ``start``, or -1."""
    i, n = start + 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and escapes:
            i += 2
        elif ch == quote:
            if i + 1 < n and text[i + 1] == quote:
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return -1


def tokenize(text: str) -> List[Token]:
    """Split ``text`` into tokens the way Spark's SQL lexer does, skipping whitespace and
    ``--``/``/* */`` comments. Characters that start no token become one-character
    UNRECOGNIZED tokens (an unterminated quote, say) so the parser reports them in place."""
    tokens: List[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("/*", i):
            end = _comment_end(text, i)
            if end > 0:
                i = end
                continue
        if ch in "rR" and i + 1 < n and text[i + 1] in "'\"":
            end = _quoted_end(text, i + 1, text[i + 1], escapes=False)
            if end > 0:
                tokens.append(Token(STRING, text[i:end], i, text[i + 2:end - 1]))
                i = end
                continue
        if ch in "'\"":
            end = _quoted_end(text, i, ch, escapes=True)
            if end < 0:
                tokens.append(Token(UNRECOGNIZED, ch, i))
                i += 1
            else:
                tokens.append(Token(STRING, text[i:end], i, _unescape(text[i + 1:end - 1], ch)))
                i = end
            continue
        if ch == "`":
            end = _quoted_end(text, i, "`", escapes=False)
            if end < 0:
                tokens.append(Token(UNRECOGNIZED, ch, i))
                i += 1
            else:
                tokens.append(Token(QUOTED_ID, text[i:end], i, text[i + 1:end - 1].replace("``", "`")))
                i = end
            continue
        m = _NUMBER.match(text, i)
        if m:
            kind = INT if m.group().isdigit() else NUMBER
            tokens.append(Token(kind, m.group(), i, m.group()))
            i = m.end()
            continue
        if ch.isalnum() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            tokens.append(Token(WORD, word, i, word.upper()))
            i = j
            continue
        for sym in _SYMBOLS:
            if text.startswith(sym, i):
                tokens.append(Token(SYMBOL, sym, i))
                i += len(sym)
                break
        else:
            tokens.append(Token(UNRECOGNIZED, ch, i))
            i += 1
    tokens.append(Token(EOF, "<EOF>", n))
    return tokens


def _comment_end(text: str, start: int) -> int:
    """End of a (possibly nested) bracketed comment, or -1 when it is not closed."""
    depth, i = 0, start
    while i < len(text):
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return -1


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------
class _SyntaxFailure(Exception):
    """Raised inside the parser; turned into a ParseException once the position is final."""

    def __init__(self, index: int, hint: str = ""):
        super().__init__(index, hint)
        self.index = index
        self.hint = hint


class _Fatal(Exception):
    """A user-facing error found while parsing that Spark raises immediately."""

    def __init__(self, error: PySparkException):
        super().__init__(str(error))
        self.error = error


_INVALID_IDENTIFIER = (
    "The unquoted identifier {ident} is invalid and must be back quoted as: `{ident}`.\n"
    "Unquoted identifiers can only contain ASCII letters ('a' - 'z', 'A' - 'Z'), digits "
    "('0' - '9'), and underbar ('_').\nUnquoted identifiers must also not start with a digit.\n"
    "Different data sources and meta stores may impose additional restrictions on valid "
    "identifiers.")
_INCOMPLETE = {
    "ARRAY": "The definition of \"ARRAY\" type is incomplete. You must provide an element "
             "type. For example: \"ARRAY<INT>\".",
    "MAP": "The definition of \"MAP\" type is incomplete. You must provide a key type and a "
           "value type. For example: \"MAP<TIMESTAMP, INT>\".",
    "STRUCT": "The definition of \"STRUCT\" type is incomplete. You must provide at least one "
              "field type. For example: \"STRUCT<name STRING, phone DECIMAL(10, 0)>\".",
}
_SQLSTATES = {"PARSE_SYNTAX_ERROR": "42601", "UNSUPPORTED_DATATYPE": "0A000",
              "INVALID_IDENTIFIER": "42602", "DATATYPE_MISSING_SIZE": "42K01",
              "INCOMPLETE_TYPE_DEFINITION": "42K01"}


def _sql_excerpt(text: str, offset: Optional[int]) -> Tuple[str, str]:
    """The "(line L, pos P)" suffix and the ``== SQL ==`` block with a caret under the
    offending position, laid out as Spark's ParseException does."""
    lines = text.split("\n")
    while lines and lines[-1] == "":  # Java's split drops trailing empty strings
        lines.pop()
    if offset is None:
        return "", "\n== SQL ==\n" + text
    line = text.count("\n", 0, offset) + 1
    pos = offset - (text.rfind("\n", 0, offset) + 1)
    above, below = lines[:line], lines[line:]
    block = "\n== SQL ==\n" + "".join(l + "\n" for l in above) + "-" * pos + "^^^\n"
    block += "".join(l + "\n" for l in below)
    return f" (line {line}, pos {pos})", block


def _parse_exception(text: str, condition: str, message: str, params: Dict[str, str],
                     offset: Optional[int]) -> ParseException:
    state = _SQLSTATES[condition.split(".")[0]]
    where, block = _sql_excerpt(text, offset)
    return ParseException(f"{message} SQLSTATE: {state}{where}\n{block}", condition, params)


def _quote_token(token: Token) -> str:
    return "end of input" if token.kind == EOF else f"'{token.text}'"


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------
_PRIMITIVES = {
    "BOOLEAN": BooleanType, "TINYINT": ByteType, "BYTE": ByteType, "SMALLINT": ShortType,
    "SHORT": ShortType, "INT": IntegerType, "INTEGER": IntegerType, "BIGINT": LongType,
    "LONG": LongType, "FLOAT": FloatType, "REAL": FloatType, "DOUBLE": DoubleType,
    "DATE": DateType, "TIMESTAMP": TimestampType, "TIMESTAMP_LTZ": TimestampType,
    "TIMESTAMP_NTZ": TimestampNTZType, "STRING": StringType, "BINARY": BinaryType,
    "VOID": NullType, "INTERVAL": CalendarIntervalType,
}
_DECIMALS = {"DECIMAL", "DEC", "NUMERIC"}
_CHARS = {"CHAR": CharType, "CHARACTER": CharType, "VARCHAR": VarcharType}
_KEYWORD_TYPES = set(_PRIMITIVES) | _DECIMALS | set(_CHARS)
_YEAR_MONTH = ["YEAR", "MONTH"]
_DAY_TIME = ["DAY", "HOUR", "MINUTE", "SECOND"]
_COLLATIONS = re.compile(r"(UTF8_BINARY|UTF8_LCASE|UNICODE)(_CI|_CS)?(_AI|_AS)?(_RTRIM)?")

_END = frozenset({"<EOF>"})


@dataclass
class _Decision:
    """A complex type keyword followed by ``<``, remembered for error attribution."""
    keyword: int               # token index of ARRAY/MAP/STRUCT
    depth: int                 # how many complex types enclose it
    end: Optional[int] = None  # token index just past the complete type, if it completed


class _Parser:
    def __init__(self, text: str, tokens: Optional[List[Token]] = None):
        self.text = text
        self.tokens = tokenize(text) if tokens is None else tokens
        self.i = 0
        self.decisions: List[_Decision] = []
        self.semantic_error: Optional[PySparkException] = None
        self.bare_keyword_end = -1  # token index after the last bare keyword type name
        self.depth = 0  # complex types currently open

    # -- token helpers ------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def fail(self, hint: str = "") -> None:
        raise _SyntaxFailure(self.i, hint)

    def defer(self, error: PySparkException) -> None:
        """Spark checks types after the whole text parsed; keep the first such error."""
        if self.semantic_error is None:
            self.semantic_error = error

    def error_at(self, token: Token, condition: str, message: str,
                 params: Dict[str, str]) -> ParseException:
        return _parse_exception(self.text, condition, message, params, token.start)

    @staticmethod
    def _token_key(token: Token) -> str:
        if token.kind == EOF:
            return "<EOF>"
        if token.kind == SYMBOL:
            return token.text
        if token.kind == WORD:
            return token.value
        return token.kind

    def accepts(self, token: Token, expected: FrozenSet[str]) -> bool:
        key = self._token_key(token)
        return key in expected or (token.kind in (WORD, QUOTED_ID) and "<ident>" in expected)

    def expect_symbol(self, symbol: str, follow: FrozenSet[str]) -> None:
        """Match one symbol, with ANTLR's single-token recovery hints on failure."""
        if self.tok.is_symbol(symbol):
            self.i += 1
            return
        self.fail_expecting(symbol, f"'{symbol}'", follow)

    def fail_expecting(self, key: str, shown: str, follow: FrozenSet[str]) -> None:
        if self._token_key(self.peek()) == key:
            self.fail(f": extra input '{self.tok.text}'")
        if self.accepts(self.tok, follow):
            self.fail(f": missing {shown}")
        self.fail()

    # -- identifiers ---------------------------------------------------------------------------
    def identifier(self) -> Tuple[str, Token]:
        token = self.tok
        if token.kind == QUOTED_ID:
            self.i += 1
            return token.value, token
        if token.kind == WORD:
            self.i += 1
            self.check_ascii(token)
            return token.text, token
        self.fail()
        raise AssertionError  # unreachable

    def check_ascii(self, token: Token) -> None:
        if not token.text.isascii():
            raise _Fatal(self.error_at(token, "INVALID_IDENTIFIER",
                                       _INVALID_IDENTIFIER.format(ident=token.text),
                                       {"ident": token.text}))

    def column_name(self) -> str:
        """``a`` or ```a b```; ``a-b`` is rejected as Spark does (it must be quoted)."""
        name, _ = self.identifier()
        if self.tok.is_symbol("-"):
            dash = self.tok
            if not self._dashed_name_then_type():
                self.fail()  # neither a name nor a dashed name fits: blame the dash
            parts = [name]
            while self.tok.is_symbol("-"):
                self.i += 1
                part, _ = self.identifier()
                parts.append(part)
            ident = "-".join(parts)
            raise _Fatal(self.error_at(dash, "INVALID_IDENTIFIER",
                                       _INVALID_IDENTIFIER.format(ident=ident), {"ident": ident}))
        return name

    def _dashed_name_then_type(self) -> bool:
        """Whether ``-ident`` parts are followed by something a type can start with (then
        the dashed name is reported as such, otherwise the dash is a syntax error)."""
        j = self.i
        while self.tokens[j].is_symbol("-") and self.tokens[j + 1].kind in (WORD, QUOTED_ID):
            j += 2
        return not self.tokens[j].is_symbol("-") and self.tokens[j].kind in (WORD, QUOTED_ID)

    # -- grammar -------------------------------------------------------------------------------
    def table_schema(self) -> StructType:
        """colType (',' colType)* EOF"""
        fields = [self.column(_END | {","})]
        while self.tok.is_symbol(","):
            self.i += 1
            fields.append(self.column(_END | {","}))
        return StructType(fields)

    def single_type(self) -> DataType:
        """dataType EOF"""
        data_type = self.data_type(_END)
        if self.tok.kind != EOF:
            self.fail(self.extra_input_hint(_END))
        return data_type

    def column(self, follow: FrozenSet[str], struct_field: bool = False) -> StructField:
        """name [':'] dataType [NOT NULL] [COMMENT 'text']  (':' only inside struct<>)

        A table-schema column also checks what follows it (a struct field leaves that to
        the enclosing ``>``), so that stray tokens get Spark's "extra input" hint.
        """
        name = self.column_name()
        if struct_field and self.tok.is_symbol(":"):
            self.i += 1
        data_type = self.data_type(follow | {"NOT", "COMMENT"})
        nullable, comment = True, None
        if self.tok.is_word("NOT"):
            self.i += 1
            if not self.tok.is_word("NULL"):
                self.fail_expecting("NULL", "'NULL'", follow | {"COMMENT"})
            self.i += 1
            nullable = False
        if self.tok.is_word("COMMENT"):
            self.i += 1
            comment = self.string_literal()
        if not struct_field and not self.accepts(self.tok, follow):
            # Spark offers "extra input" only when dropping the token would end the input.
            self.fail(self.extra_input_hint(_END))
        metadata = {"comment": comment} if comment is not None else None
        return StructField(name, data_type, nullable, metadata)

    def extra_input_hint(self, expected: FrozenSet[str]) -> str:
        token = self.tok
        if token.kind != EOF and self.accepts(self.peek(), expected):
            return f": extra input '{token.text}'"
        return ""

    def string_literal(self) -> str:
        """One or more adjacent string literals, concatenated."""
        if self.tok.kind != STRING:
            self.fail()
        parts = []
        while self.tok.kind == STRING:
            parts.append(self.tok.value)
            self.i += 1
        return "".join(parts)

    def data_type(self, follow: FrozenSet[str]) -> DataType:
        token = self.tok
        if token.kind == WORD and token.value in ("ARRAY", "MAP", "STRUCT") \
                and not (self.peek().is_symbol("(") and self.peek(2).kind == INT):
            return self.complex_type(token, follow)
        if token.is_word("INTERVAL"):
            return self.interval_type()
        if token.kind not in (WORD, QUOTED_ID):
            self.fail()
        self.i += 1
        if token.kind == WORD:
            self.check_ascii(token)
        strict = token.kind == WORD and (token.value in _DECIMALS or token.value in _CHARS)
        params = self.type_parameters(strict)
        if token.is_word("STRING") and not params and self.tok.is_word("COLLATE") \
                and self.peek().kind in (WORD, QUOTED_ID):
            self.i += 1
            collation, collation_token = self.identifier()
            return self.string_with_collation(collation, collation_token)
        if not params and token.kind == WORD and token.value in _KEYWORD_TYPES \
                and not self.tok.is_symbol("(") \
                and not (token.value == "STRING" and self.tok.is_word("COLLATE")):
            self.bare_keyword_end = self.i
        return self.primitive(token, params)

    def type_parameters(self, strict: bool) -> List[str]:
        """``'(' INT (',' INT)* ')'`` after a type name (decimal(10,2), varchar(5)).

        Decimal and char types have their own grammar rule in Spark, so an error inside
        their parentheses is reported where it occurs. For any other type name a ``(`` not
        followed by a number is not taken as parameters at all (the caller then rejects the
        ``(``), and a stray token in the list gets the "extra input" hint.
        """
        if not self.tok.is_symbol("("):
            return []
        if not strict and self.peek().kind != INT:
            return []
        self.i += 1
        params = []
        while True:
            if self.tok.kind != INT:
                self.fail()
            params.append(self.tok.text)
            self.i += 1
            if self.tok.is_symbol(","):
                self.i += 1
                continue
            if self.tok.is_symbol(")"):
                self.i += 1
                return params
            if not strict and self.tok.kind != EOF and self.peek().is_symbol(",", ")"):
                self.fail(f": extra input '{self.tok.text}'")
            self.fail()

    def complex_type(self, keyword: Token, follow: FrozenSet[str]) -> DataType:
        self.i += 1
        opener = self.tok
        if not opener.is_symbol("<", "<>"):
            if not opener.is_symbol("("):
                self.bare_keyword_end = self.i
            self.defer(self.error_at(keyword, f"INCOMPLETE_TYPE_DEFINITION.{keyword.value}",
                                     "Incomplete complex type: " + _INCOMPLETE[keyword.value],
                                     {"elementType": "<INT>"} if keyword.value == "ARRAY"
                                     else {}))
            return NullType()
        if opener.is_symbol("<>") and keyword.value != "STRUCT":
            self.fail()
        decision = _Decision(self.i - 1, self.depth)
        self.decisions.append(decision)
        if opener.is_symbol("<>"):
            self.i += 1
            decision.end = self.i
            return StructType([])
        self.i += 1
        self.depth += 1
        if keyword.value == "ARRAY":
            element = self.data_type(frozenset({">"}))
            self.expect_symbol(">", follow)
            result: DataType = ArrayType(element)
        elif keyword.value == "MAP":
            key = self.data_type(frozenset({","}))
            self.expect_symbol(",", frozenset({"<ident>"}))
            value = self.data_type(frozenset({">"}))
            self.expect_symbol(">", follow)
            result = MapType(key, value)
        else:
            fields = []
            if not self.tok.is_symbol(">"):
                fields.append(self.column(frozenset({",", ">"}), struct_field=True))
                while self.tok.is_symbol(","):
                    self.i += 1
                    fields.append(self.column(frozenset({",", ">"}), struct_field=True))
            self.expect_symbol(">", follow)
            result = StructType(fields)
        self.depth -= 1
        decision.end = self.i
        return result

    def interval_type(self) -> DataType:
        """INTERVAL [unit [TO later-unit]]; a TO not followed by a later unit is left for
        the caller to reject, as Spark's grammar does."""
        self.i += 1
        unit = self.tok
        for units, cls in ((_YEAR_MONTH, YearMonthIntervalType), (_DAY_TIME, DayTimeIntervalType)):
            if unit.kind == WORD and unit.value in units:
                self.i += 1
                start = units.index(unit.value)
                end = start
                if self.tok.is_word("TO") and self.peek().kind == WORD \
                        and self.peek().value in units[start + 1:]:
                    end = units.index(self.peek().value)
                    self.i += 2
                return cls(start, end)
        self.bare_keyword_end = self.i
        return CalendarIntervalType()

    def string_with_collation(self, name: str, token: Token) -> DataType:
        upper = name.upper()
        if not _COLLATIONS.fullmatch(upper):
            self.defer(SparkException(
                f"The value {name} does not represent a correct collation name. SQLSTATE: 42704",
                "COLLATION_INVALID_NAME", {"collationName": name}))
            return StringType()
        return StringType() if upper == "UTF8_BINARY" else StringType(upper)

    def primitive(self, token: Token, params: List[str]) -> DataType:
        name = token.value if token.kind == WORD else None  # `int` is no keyword
        shown = (token.value if token.kind == QUOTED_ID else token.text).upper()
        if params:
            shown += "(" + ",".join(params) + ")"
        if name in _DECIMALS and len(params) <= 2:
            precision = int(params[0]) if params else 10
            scale = int(params[1]) if len(params) > 1 else 0
            return self.decimal(precision, scale)
        if name in _CHARS and len(params) <= 1:
            if not params:
                self.defer(self.error_at(
                    token, "DATATYPE_MISSING_SIZE",
                    f'DataType "{name}" requires a length parameter, for example "{name}"(10). '
                    "Please specify the length.", {"type": f'"{name}"'}))
                return NullType()
            return _CHARS[name](int(params[0]))
        if name in _PRIMITIVES and not params:
            return _PRIMITIVES[name]()
        self.defer(self.error_at(token, "UNSUPPORTED_DATATYPE",
                                 f'Unsupported data type "{shown}".',
                                 {"typeName": f'"{shown}"'}))
        return NullType()

    def decimal(self, precision: int, scale: int) -> DataType:
        if scale > precision:
            _, block = _sql_excerpt(self.text, None)
            self.defer(ParseException(
                f"Decimal scale ({scale}) cannot be greater than precision ({precision}). "
                f"SQLSTATE: 22003{block}", "DECIMAL_SCALE_EXCEEDS_PRECISION",
                {"scale": str(scale), "precision": str(precision)}))
        elif precision > 38:
            self.defer(ArithmeticException(
                f"Decimal precision {precision} exceeds max precision 38. SQLSTATE: 22003",
                "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
                {"precision": str(precision), "maxPrecision": "38"}))
        return DecimalType(precision, scale)


# --------------------------------------------------------------------------------------------
# Where Spark reports a syntax error inside a complex type
# --------------------------------------------------------------------------------------------
_INFINITE = 1 << 60
_BINARY_OPERATORS = {"<", ">", "<=", ">=", "=", "==", "!=", "<>", "<=>", "+", "-", "*", "/",
                     "%", "|", "&", "^", "||", ":", "::", ".", ",", "->"}
_PREDICATE_WORDS = {"IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "AND", "OR", "DIV"}


def _expression_death(parser: "_Parser", index: int, expect_operand: bool) -> int:
    """How far the tokens from ``index`` could read as the continuation of something other
    than a data type - an expression, in one of the two places where one can follow a type
    name in Spark's grammar: a select list (``x::array < y AS a, z``) or a column default
    (``a INT DEFAULT x::array < y NOT NULL, b INT``). Returns the index of the first token
    neither reading can take (the later of the two), or _INFINITE if the input may end."""
    return max(_continuation_death(parser, index, expect_operand, columns)
               for columns in (False, True))


def _continuation_death(parser: "_Parser", index: int, expect_operand: bool,
                        columns: bool) -> int:
    tokens = parser.tokens
    state = "operand" if expect_operand else "after"
    i = index
    while True:
        tok = tokens[i]
        if state == "operand":
            if tok.kind == WORD:
                if tok.value == "NOT":
                    i += 1
                    continue
                # ``DATE '2020-01-01'``-style typed literals read as one operand.
                i += 2 if tokens[i + 1].kind == STRING else 1
                state = "after"
            elif tok.kind in (QUOTED_ID, INT, NUMBER, STRING) or tok.is_symbol("*"):
                i += 1
                state = "after"
            elif tok.is_symbol("(", "-", "+", "~", "!"):
                i += 1
            else:
                return i
        elif state == "after":
            if tok.kind == EOF:
                return _INFINITE
            if tok.is_symbol(","):
                i += 1
                state = "column" if columns else "operand"
            elif tok.kind == SYMBOL and tok.text in _BINARY_OPERATORS or tok.is_symbol("(", "["):
                i += 1
                state = "operand"
            elif tok.is_symbol(")", "]"):
                i += 1
            elif tok.kind == WORD and tok.value in _PREDICATE_WORDS:
                i += 1
                state = "operand"
            elif tok.is_word("IS"):
                i += 1
                state = "is"
            elif columns and tok.is_word("NOT", "COMMENT"):
                state = "column options"
            elif tok.is_word("NOT"):
                i += 1
                state = "not"
            elif columns:
                return i  # a column default takes no alias
            elif tok.is_word("AS"):
                i += 1
                state = "alias"
            elif tok.kind in (WORD, QUOTED_ID):
                i += 1
                state = "aliased"
            else:
                return i
        elif state == "not":
            if tok.kind == WORD and tok.value in _PREDICATE_WORDS:
                i += 1
                state = "operand"
            else:
                return i
        elif state == "is":
            if tok.is_word("NOT"):
                i += 1
            elif tok.kind == WORD and tok.value in ("NULL", "TRUE", "FALSE", "UNKNOWN"):
                i += 1
                state = "after"
            else:
                return i
        elif state == "alias":
            if tok.kind in (WORD, QUOTED_ID):
                i += 1
                state = "aliased"
            else:
                return i
        elif state == "aliased":  # only another select item or the end may follow
            if tok.kind == EOF:
                return _INFINITE
            if tok.is_symbol(","):
                i += 1
                state = "operand"
            elif tok.is_symbol(")"):
                i += 1
            else:
                return i
        elif state == "column options":
            if tok.kind == EOF:
                return _INFINITE
            if tok.is_symbol(","):
                i += 1
                state = "column"
            elif tok.is_word("NOT"):
                if not tokens[i + 1].is_word("NULL"):
                    return i + 1
                i += 2
            elif tok.is_word("COMMENT"):
                if tokens[i + 1].kind != STRING:
                    return i + 1
                i += 2
                while tokens[i].kind == STRING:
                    i += 1
            elif tok.is_word("DEFAULT"):
                i += 1
                state = "operand"
            else:
                return i
        else:  # column: name type [options]
            if tok.kind not in (WORD, QUOTED_ID):
                return i
            end, failed = _probe_type(parser, i + 1)
            if failed:
                return end
            i = end
            state = "column options"


def _probe_type(parser: "_Parser", index: int) -> Tuple[int, bool]:
    """Parse one data type at ``index`` on the side: (end or failure index, failed)."""
    probe = _Parser(parser.text, parser.tokens)
    probe.i = index
    try:
        probe.data_type(frozenset())
    except _SyntaxFailure as failure:
        return failure.index, True
    except _Fatal:
        return index, True
    return probe.i, False


def _blame_complex_type(parser: _Parser, failure: _SyntaxFailure) -> Optional[Tuple[int, str]]:
    """The ``<`` (and hint) Spark blames instead of the real error position, if any.

    ARRAY, MAP and STRUCT are not reserved words, so ``array`` could also be a type name
    followed by something else, as in the expression ``x::array < y``. Spark's ANTLR parser
    decides between the two readings by looking ahead, and when the complex-type reading
    fails no later than the other one would, it takes the type-name reading - and then
    reports the ``<`` itself as the syntax error. This replays that decision for every
    complex type the parse went through, in order: the complex reading "dies" at the real
    error (or, when the type completed, wherever neither the rest of the input nor an
    expression continuation can follow), the other reading where :func:`_expression_death`
    says.
    """
    tokens = parser.tokens
    for decision in parser.decisions:
        if decision.end is None:
            complex_death = failure.index
        else:
            complex_death = max(failure.index,
                                _expression_death(parser, decision.end, expect_operand=False))
        if complex_death >= _INFINITE:
            continue
        other_death = _expression_death(parser, decision.keyword + 2, expect_operand=True)
        # When both readings fail at the same token ANTLR keeps the first alternative that
        # got through the whole type: the complex one if it completed, else the type name.
        if other_death > complex_death or (other_death == complex_death and decision.end is None):
            opener = decision.keyword + 1
            hint = ""
            if decision.depth == 0 and tokens[opener + 1].kind == EOF:
                hint = f": extra input '{tokens[opener].text}'"
            return opener, hint
    return None


def _run(text: str, rule: str) -> Any:
    parser = _Parser(text)
    try:
        result = getattr(parser, rule)()
        if rule == "table_schema" and parser.tok.kind != EOF:
            parser.fail(parser.extra_input_hint(_END))
    except _Fatal as fatal:
        raise fatal.error from None
    except _SyntaxFailure as failure:
        blamed = _blame_complex_type(parser, failure)
        index, hint = blamed if blamed is not None else (failure.index, failure.hint)
        if index == parser.bare_keyword_end:
            # Right after a bare keyword type (``int``, ``map``) Spark's parser has not
            # settled between the keyword and a type name, and reports no recovery hint.
            hint = ""
        token = parser.tokens[index]
        error = _quote_token(token)
        raise _parse_exception(text, "PARSE_SYNTAX_ERROR",
                               f"Syntax error at or near {error}{hint}.",
                               {"error": error, "hint": hint}, token.start) from None
    if parser.semantic_error is not None:
        raise parser.semantic_error
    return result


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------
def parse_table_schema(text: str) -> StructType:
    """Parse ``"a INT NOT NULL COMMENT 'x', b ARRAY<STRING>"`` (Spark's
    ``StructType.fromDDL``)."""
    return _run(text, "table_schema")


def parse_data_type(text: str) -> DataType:
    """Parse one type, ``"decimal(10,2)"`` or ``"struct<a:int,b:string>"`` (Spark's
    ``parseDataType``, which casts use)."""
    return _run(text, "single_type")


def parse_ddl(text: str) -> DataType:
    """Parse a schema string as ``spark.createDataFrame(data, schema_string)`` does.

    A table schema first, then a single type, then the legacy ``"a: int, b: string"`` form
    (as ``struct<...>``). If none parses, the table-schema error is raised - that is the
    reading Spark reports, so ``"array<int"`` fails at ``<`` as a column named ``array``.
    """
    try:
        return parse_table_schema(text)
    except Exception as first:
        try:
            return parse_data_type(text)
        except Exception:
            try:
                return parse_data_type("struct<" + text.strip() + ">")
            except Exception:
                raise first from None


# --------------------------------------------------------------------------------------------
# Rendering DDL
# --------------------------------------------------------------------------------------------
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote_if_needed(name: str) -> str:
    """Backquote a name unless it is a plain identifier (backquotes inside are doubled)."""
    if _PLAIN_NAME.fullmatch(name):
        return name
    return "`" + name.replace("`", "``") + "`"


def _comment_sql(metadata: Dict[str, Any]) -> str:
    comment = metadata.get("comment")
    if comment is None:
        return ""
    escaped = str(comment).replace("\\", "\\\\").replace("'", "\\'")
    return f" COMMENT '{escaped}'"


def type_to_sql(data_type: DataType) -> str:
    """A type in SQL syntax, as Spark's ``DataType.sql`` writes it (``ARRAY<INT>``,
    ``STRUCT<a: INT NOT NULL>``, ``DECIMAL(10,2)``)."""
    if isinstance(data_type, ArrayType):
        return f"ARRAY<{type_to_sql(data_type.elementType)}>"
    if isinstance(data_type, MapType):
        return f"MAP<{type_to_sql(data_type.keyType)}, {type_to_sql(data_type.valueType)}>"
    if isinstance(data_type, StructType):
        fields = ", ".join(
            f"{quote_if_needed(f.name)}: {type_to_sql(f.dataType)}"
            f"{'' if f.nullable else ' NOT NULL'}{_comment_sql(f.metadata)}"
            for f in data_type.fields)
        return f"STRUCT<{fields}>"
    if isinstance(data_type, StringType) and not data_type.isUTF8BinaryCollation():
        return f"STRING COLLATE {data_type.collation}"
    return data_type.simpleString().upper()


def struct_to_ddl(schema: StructType) -> str:
    """``StructType.toDDL()``: ``a INT NOT NULL,b STRING COMMENT 'x'`` - the text
    :func:`parse_table_schema` reads back."""
    return ",".join(
        f"{quote_if_needed(f.name)} {type_to_sql(f.dataType)}"
        f"{'' if f.nullable else ' NOT NULL'}{_comment_sql(f.metadata)}"
        for f in schema.fields)
