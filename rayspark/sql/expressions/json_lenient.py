"""A JSON reader with the Jackson read features Spark's JSON options switch on
(``allowSingleQuotes``, ``allowUnquotedFieldNames``, ``allowComments``,
``allowNumericLeadingZeros``, ``allowNonNumericNumbers``,
``allowBackslashEscapingAnyCharacter``, ``allowUnquotedControlChars``).

Documents are first given to Python's C ``json`` module; only text it rejects is read again
here, in Python, with the features the options allow - so strict JSON stays fast and Spark's
lenient defaults (single quotes are allowed unless switched off) still parse."""
from __future__ import annotations

import json
from typing import Any, Callable, Dict, Optional

__all__ = ["JsonFeatures", "features_from_options", "loads"]


class JsonFeatures:
    """Which non-standard JSON a reader accepts (Spark's JSONOptions defaults)."""

    __slots__ = ("single_quotes", "unquoted_names", "comments", "leading_zeros",
                 "non_numeric", "escape_any", "control_chars")

    def __init__(self, single_quotes=True, unquoted_names=False, comments=False,
                 leading_zeros=False, non_numeric=True, escape_any=False, control_chars=False):
        self.single_quotes = single_quotes
        self.unquoted_names = unquoted_names
        self.comments = comments
        self.leading_zeros = leading_zeros
        self.non_numeric = non_numeric
        self.escape_any = escape_any
        self.control_chars = control_chars

    def lenient(self) -> bool:
        return any(getattr(self, s) for s in self.__slots__ if s != "non_numeric")


_OPTION_NAMES = {
    "allowsinglequotes": "single_quotes", "allowunquotedfieldnames": "unquoted_names",
    "allowcomments": "comments", "allownumericleadingzeros": "leading_zeros",
    "allownonnumericnumbers": "non_numeric",
    "allowbackslashescapinganycharacter": "escape_any",
    "allowunquotedcontrolchars": "control_chars",
}


def features_from_options(options: Optional[Dict[str, Any]]) -> JsonFeatures:
    """Spark's option names are case-insensitive; values "true"/"false" (any case)."""
    f = JsonFeatures()
    for k, v in (options or {}).items():
        slot = _OPTION_NAMES.get(str(k).lower())
        if slot is not None:
            setattr(f, slot, str(v).strip().lower() == "true")
    return f


class _Reader:
    def __init__(self, text: str, f: JsonFeatures, parse_float: Callable, parse_int: Callable,
                 object_pairs_hook: Optional[Callable] = None):
        self.s, self.i, self.f = text, 0, f
        self.parse_float, self.parse_int = parse_float, parse_int
        self.pairs_hook = object_pairs_hook

    def fail(self):
        raise ValueError(f"malformed JSON at {self.i}")

    def ws(self):
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t\r\n":
                self.i += 1
            elif self.f.comments and s.startswith("/*", self.i):
                end = s.find("*/", self.i + 2)
                if end < 0:
                    self.fail()
                self.i = end + 2
            elif self.f.comments and s.startswith("//", self.i):
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            else:
                break

    def value(self):
        self.ws()
        if self.i >= len(self.s):
            self.fail()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"' or (c == "'" and self.f.single_quotes):
            return self.string(c)
        for word, v in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        return self.number()

    def obj(self):
        self.i += 1
        out = []
        self.ws()
        if self.s.startswith("}", self.i):
            self.i += 1
            return self.pairs_hook(out) if self.pairs_hook else {}
        while True:
            self.ws()
            key = self.name()
            self.ws()
            if not self.s.startswith(":", self.i):
                self.fail()
            self.i += 1
            out.append((key, self.value()))
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif self.s.startswith("}", self.i):
                self.i += 1
                return self.pairs_hook(out) if self.pairs_hook else dict(out)
            else:
                self.fail()

    def name(self):
        c = self.s[self.i] if self.i < len(self.s) else ""
        if c == '"' or (c == "'" and self.f.single_quotes):
            return self.string(c)
        if self.f.unquoted_names and (c.isalpha() or c in "_$"):
            j = self.i + 1
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] in "_$"):
                j += 1
            name, self.i = self.s[self.i:j], j
            return name
        self.fail()

    def arr(self):
        self.i += 1
        out = []
        self.ws()
        if self.s.startswith("]", self.i):
            self.i += 1
            return out
        while True:
            out.append(self.value())
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif self.s.startswith("]", self.i):
                self.i += 1
                return out
            else:
                self.fail()

    _ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                "t": "\t"}

    def string(self, quote):
        s, n = self.s, len(self.s)
        self.i += 1
        out = []
        while True:
            if self.i >= n:
                self.fail()
            c = s[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            if c == "\\":
                e = s[self.i + 1] if self.i + 1 < n else ""
                if e == "u":
                    try:
                        out.append(chr(int(s[self.i + 2:self.i + 6], 16)))
                    except ValueError:
                        self.fail()
                    self.i += 6
                    continue
                if e in self._ESCAPES:
                    out.append(self._ESCAPES[e])
                elif e and (self.f.escape_any or (e == "'" and self.f.single_quotes)):
                    out.append(e)      # Jackson: \' in single quotes, any char if allowed
                else:
                    self.fail()
                self.i += 2
                continue
            if ord(c) < 32 and not self.f.control_chars:
                self.fail()
            out.append(c)
            self.i += 1

    def number(self):
        s, n, start = self.s, len(self.s), self.i
        if self.f.non_numeric:
            for word, v in (("NaN", "nan"), ("-Infinity", "-inf"), ("+Infinity", "inf"),
                            ("Infinity", "inf"), ("-INF", "-inf"), ("+INF", "inf"),
                            ("INF", "inf")):
                if s.startswith(word, self.i):
                    self.i += len(word)
                    return float(v)
        j = self.i
        if j < n and s[j] == "-":
            j += 1
        d0 = j
        while j < n and s[j].isdigit():
            j += 1
        if j == d0:
            self.fail()
        if j - d0 > 1 and s[d0] == "0" and not self.f.leading_zeros:
            self.fail()
        is_float = False
        if j < n and s[j] == ".":
            is_float, j = True, j + 1
            f0 = j
            while j < n and s[j].isdigit():
                j += 1
            if j == f0:
                self.fail()
        if j < n and s[j] in "eE":
            is_float, j = True, j + 1
            if j < n and s[j] in "+-":
                j += 1
            e0 = j
            while j < n and s[j].isdigit():
                j += 1
            if j == e0:
                self.fail()
        self.i = j
        text = s[start:j]
        if is_float:
            return self.parse_float(text)
        digits = text.lstrip("-").lstrip("0") or "0"
        return self.parse_int(("-" if text.startswith("-") else "") + digits)


def loads(text: str, features: JsonFeatures, parse_float: Callable = float,
          parse_int: Callable = int, object_pairs_hook: Optional[Callable] = None) -> Any:
    """Parse ``text`` as JSON with ``features``; raise ValueError when it is not.
    ``object_pairs_hook`` as in ``json.loads`` (objects as their (key, value) pairs)."""
    try:
        v = json.loads(text, parse_float=parse_float, parse_int=parse_int,
                       object_pairs_hook=object_pairs_hook)
        if not features.non_numeric and _has_non_finite(v):
            raise ValueError("non-numeric number")
        return v
    except ValueError:
        if not features.lenient():
            raise
    except RecursionError:
        raise ValueError("too deeply nested") from None
    r = _Reader(text, features, parse_float, parse_int, object_pairs_hook)
    v = r.value()
    r.ws()
    if r.i != len(text):
        r.fail()
    return v


def _has_non_finite(v) -> bool:
    if isinstance(v, float):
        return v != v or v in (float("inf"), float("-inf"))
    if isinstance(v, dict):
        return any(_has_non_finite(x) for x in v.values())
    if isinstance(v, tuple):
        return _has_non_finite(v[1])
    if isinstance(v, list):
        return any(_has_non_finite(x) for x in v)
    return False
