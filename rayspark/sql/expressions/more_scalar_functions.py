"""More scalar functions with Spark 4 semantics: URL functions (url_encode, url_decode,
try_url_decode, parse_url, try_parse_url - Java's URLEncoder/URLDecoder and java.net.URI
rules), bit_get/getbit, to_base32/from_base32 (Apache Commons Codec's lenient Base32), the
UTF-8 validity functions (is_valid_utf8, make_valid_utf8, validate_utf8, try_validate_utf8),
TIMESTAMPADD/TIMESTAMPDIFF for PySpark's ``timestamp_add``/``timestamp_diff`` (built by
``functions_more_scalar``: their unit is a Python string, and SQL's ``timestampadd(DAY, ...)``
syntax would need the parser), and to_csv/from_csv/schema_of_csv over the CSV data source's
options, formatting, tokenizer, conversion and inference.

Rows are computed with Arrow kernels where one exists; the rest run per distinct value (the
input is dictionary-encoded first, so a repeated value is parsed once)."""
from __future__ import annotations

import base64 as _b64
import dataclasses
import re
from typing import Callable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import IllegalArgumentException
from ..functions_registry import register
from ..types import (BinaryType, BooleanType, ByteType, IntegerType, IntegralType, LongType,
                     NullType, ShortType, StringType)
from .base import materialize
from .misc_functions import check_args, fn, is_null_scalar, type_error

S, I = StringType(), IntegerType()


def _strings_or_binary(ts, i):
    """Input cast: STRING and BINARY stay as they are, anything else becomes a STRING."""
    return None if isinstance(ts[i], (StringType, BinaryType, NullType)) else S


def _per_distinct(arr, f: Callable, out_type):
    """``f`` (non-NULL Python value -> Python value) over each distinct value of ``arr``."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if len(arr) == 0:
        return pa.array([], out_type)
    enc = arr.dictionary_encode()
    vals = [f(v) for v in enc.dictionary.to_pylist()]
    return pa.array(vals, out_type).take(enc.indices)


def _apply(v, n, f, out_type):
    """``f`` per value of a scalar or array (NULL -> NULL)."""
    if isinstance(v, pa.Scalar):
        return pa.scalar(None if not v.is_valid else f(v.as_py()), out_type)
    return _per_distinct(v, f, out_type)


# -- url_encode / url_decode -----------------------------------------------------------------
_URL_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def _url_encode_py(s: str) -> str:
    """java.net.URLEncoder.encode(s, UTF-8)."""
    out = []
    for ch in s:
        if ch in _URL_SAFE:
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _url_encode_kernel(a, n):
    if isinstance(a, pa.Scalar):
        return _apply(a, n, _url_encode_py, pa.string())
    simple = pc.fill_null(pc.match_substring_regex(a, r"^[A-Za-z0-9.\-*_ ]*$"), True)
    if pc.all(simple).as_py():
        return pc.replace_substring(a, " ", "+")
    return _per_distinct(a, _url_encode_py, pa.string())


class _BadUrl(ValueError):
    pass


def _java_hex(t: str) -> Optional[int]:
    """Integer.parseInt(t, 16) for a two-character text (a sign is allowed)."""
    if len(t) != 2:
        return None
    body = t[1:] if t[0] in "+-" else t
    if not body or any(c not in "0123456789abcdefABCDEF" for c in body):
        return None
    v = int(body, 16)
    return -v if t[0] == "-" else v


def _url_decode_py(s: str) -> str:
    """java.net.URLDecoder.decode(s, UTF-8); raises _BadUrl where Java throws."""
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c == "+":
            out.append(" ")
            i += 1
        elif c == "%":
            buf = bytearray()
            while i + 2 < n and c == "%":
                v = _java_hex(s[i + 1:i + 3])
                if v is None or v < 0:
                    raise _BadUrl(s)
                buf.append(v)
                i += 3
                if i < n:
                    c = s[i]
            if i < n and c == "%":
                raise _BadUrl(s)
            out.append(buf.decode("utf-8", "replace"))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _cannot_decode(url):
    return IllegalArgumentException(
        f"[CANNOT_DECODE_URL] The provided URL cannot be decoded: {url}. Please ensure that the "
        "URL is properly formatted and try again. SQLSTATE: 22546", "CANNOT_DECODE_URL")


def _url_decode_builder(name, try_):
    def one(s):
        try:
            return _url_decode_py(s)
        except _BadUrl:
            if try_:
                return None
            raise _cannot_decode(s) from None

    def kernel(a, n):
        if isinstance(a, pa.Scalar):
            return _apply(a, n, one, pa.string())
        has_pct = pc.fill_null(pc.match_substring(a, "%"), False)
        if not pc.any(has_pct).as_py():
            return pc.replace_substring(a, "+", " ")
        return _per_distinct(a, one, pa.string())

    def build(args, distinct=False):
        check_args(name, args, 1)
        return fn(name, args, kernel, S, [S], nullable=True if try_ else None)
    return build


@register("url_encode")
def _url_encode(args, distinct=False):
    check_args("url_encode", args, 1)
    return fn("url_encode", args, _url_encode_kernel, S, [S])


register("url_decode")(_url_decode_builder("url_decode", False))
register("try_url_decode")(_url_decode_builder("try_url_decode", True))


# -- parse_url: java.net.URI's parser (RFC 2396 with Java's deviations) ----------------------
def _chars(s):
    return frozenset(s)


_ALPHA = _chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = _chars("0123456789")
_ALNUM = _ALPHA | _DIGIT
_UNRESERVED = _ALNUM | _chars("-_.!~*'()")
_RESERVED = _chars(";/?:@&=+$,[]")
_URIC = _RESERVED | _UNRESERVED
_PCHAR = _UNRESERVED | _chars(":@&=+$,")
_PATH = _PCHAR | _chars(";/")
_USERINFO = _UNRESERVED | _chars(";:&=+$,")
_REG_NAME = _UNRESERVED | _chars("$,;:@&=+")
_SERVER = _USERINFO | _ALNUM | _chars("-.:@[]")
_SCHEME = _ALNUM | _chars("+-.")
_HEXD = _chars("0123456789abcdefABCDEF")


class _URISyntax(ValueError):
    pass


def _other(c: str) -> bool:
    """Java URI's 'other' characters: non-ASCII, not a space or ISO control character."""
    import unicodedata
    if ord(c) < 128:
        return False
    cat = unicodedata.category(c)
    return cat not in ("Zs", "Zl", "Zp", "Cc")


def _scan_mask(s, p, n, mask, escaped=True, pct_ok=False):
    """Index of the first character from p that is not in mask (escapes/'other' allowed)."""
    while p < n:
        c = s[p]
        if c in mask:
            p += 1
            continue
        if escaped:
            if c == "%":
                if pct_ok:
                    p += 1
                    continue
                if p + 3 <= n and s[p + 1] in _HEXD and s[p + 2] in _HEXD:
                    p += 3
                    continue
                raise _URISyntax("Malformed escape pair")
            if _other(c):
                p += 1
                continue
        break
    return p


def _check(s, p, q, mask, escaped=True):
    if _scan_mask(s, p, q, mask, escaped) < q:
        raise _URISyntax("Illegal character")


def _scan_until(s, p, n, stops, errs=""):
    """Index of the first character in stops from p (-1 when one of errs comes first, n when
    none)."""
    while p < n:
        c = s[p]
        if c in errs:
            return -1
        if c in stops:
            return p
        p += 1
    return n


class _URI:
    __slots__ = ("scheme", "authority", "userinfo", "host", "path", "query", "fragment")

    def __init__(self):
        self.scheme = self.authority = self.userinfo = self.host = None
        self.path = self.query = self.fragment = None


def _parse_hostname(s, start, n, u):
    p, last = start, -1
    while True:
        q = _scan_mask(s, p, n, _ALNUM, escaped=False)
        if q <= p:
            break
        last = p
        p = q
        q = _scan_mask(s, p, n, _ALNUM | {"-"}, escaped=False)
        if q > p:
            if s[q - 1] == "-":
                raise _URISyntax("Illegal character in hostname")
            p = q
        if p < n and s[p] == ".":
            p += 1
        else:
            break
        if p >= n:
            break
    if p < n and s[p] != ":":
        raise _URISyntax("Illegal character in hostname")
    if last < 0:
        raise _URISyntax("Expected hostname")
    if last > start and s[last] not in _ALPHA:
        raise _URISyntax("Illegal character in hostname")
    u.host = s[start:p]
    return p


_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?=$|:)")


def _parse_server(s, p, n, u):
    q = _scan_until(s, p, n, "@", "/?#")
    if q >= p and q < n and s[q] == "@":
        _check(s, p, q, _USERINFO)
        u.userinfo = s[p:q]
        p = q + 1
    if p < n and s[p] == "[":
        q = _scan_until(s, p + 1, n, "]", "/?#")
        if q > p + 1 and q < n and s[q] == "]":
            inner = s[p + 1:q].split("%")[0]
            import ipaddress
            try:
                ipaddress.IPv6Address(inner)
            except ValueError:
                raise _URISyntax("Malformed IPv6 address") from None
            u.host = s[p:q + 1]
            p = q + 1
        else:
            raise _URISyntax("Expected closing bracket for IPv6 address")
    else:
        m = _IPV4.match(s[:n], p)
        if m and all(int(g) <= 255 for g in m.groups()):
            u.host = m.group(0)
            p = m.end()
        else:
            p = _parse_hostname(s, p, n, u)
    if p < n and s[p] == ":":
        p += 1
        p = _scan_mask(s, p, n, _DIGIT, escaped=False)
    if p < n:
        raise _URISyntax("Illegal character in port number")
    return p


def _parse_authority(s, p, n, u):
    server_chars = _scan_mask(s, p, n, _SERVER, pct_ok=True) == n
    reg_chars = _scan_mask(s, p, n, _REG_NAME) == n
    if reg_chars and not server_chars:
        u.authority = s[p:n]
        return n
    q, ex = p, None
    if server_chars:
        try:
            q = _parse_server(s, p, n, u)
            u.authority = s[p:n]
        except _URISyntax as x:
            u.userinfo = u.host = None
            ex, q = x, p
    if q < n:
        if reg_chars:
            u.authority = s[p:n]
        elif ex is not None:
            raise ex
        else:
            raise _URISyntax("Illegal character in authority")
    return n


def _parse_hierarchical(s, p, n, u):
    if s.startswith("//", p):
        p += 2
        q = _scan_until(s, p, n, "/?#")
        if q > p:
            p = _parse_authority(s, p, q, u)
        elif q >= n:
            raise _URISyntax("Expected authority")
    q = _scan_until(s, p, n, "?#")
    _check(s, p, q, _PATH)
    u.path = s[p:q]
    p = q
    if p < n and s[p] == "?":
        p += 1
        q = _scan_until(s, p, n, "#")
        _check(s, p, q, _URIC)
        u.query = s[p:q]
        p = q
    return p


def parse_java_uri(s: str) -> _URI:
    """new java.net.URI(s): raises _URISyntax where Java throws URISyntaxException."""
    u, n = _URI(), len(s)
    p = _scan_until(s, 0, n, ":", "/?#")
    if 0 <= p < n and s[p] == ":":
        if p == 0:
            raise _URISyntax("Expected scheme name")
        if s[0] not in _ALPHA:
            raise _URISyntax("Illegal character in scheme name")
        _check(s, 1, p, _SCHEME, escaped=False)
        u.scheme = s[:p]
        p += 1
        if p < n and s[p] == "/":
            p = _parse_hierarchical(s, p, n, u)
        else:
            q = _scan_until(s, p, n, "#")
            if q <= p:
                raise _URISyntax("Expected scheme-specific part")
            _check(s, p, q, _URIC)
            p = q
    else:
        p = _parse_hierarchical(s, 0, n, u)
    if p < n and s[p] == "#":
        _check(s, p + 1, n, _URIC)
        u.fragment = s[p + 1:]
        p = n
    if p < n:
        raise _URISyntax("Expected end of URI")
    return u


def _url_part(u: _URI, part: str) -> Optional[str]:
    if part == "HOST":
        return u.host
    if part == "PATH":
        return u.path
    if part == "QUERY":
        return u.query
    if part == "REF":
        return u.fragment
    if part == "PROTOCOL":
        return u.scheme
    if part == "FILE":
        if u.path is None:
            return None
        return u.path + ("?" + u.query if u.query is not None else "")
    if part == "AUTHORITY":
        return u.authority
    if part == "USERINFO":
        return u.userinfo
    return None


def _invalid_url(url):
    return IllegalArgumentException(
        f"[INVALID_URL] The url is invalid: {url}. Use `try_parse_url` to tolerate invalid URL "
        "and return NULL instead. SQLSTATE: 22P02", "INVALID_URL")


_KEY_PATTERNS: dict = {}


def _query_value(query: Optional[str], key: str) -> Optional[str]:
    if query is None:
        return None
    rx = _KEY_PATTERNS.get(key)
    if rx is None:
        from .string_functions import _compile
        rx = _KEY_PATTERNS[key] = _compile("(&|^)" + key + "=([^&]*)")
    m = rx.search(query)
    return m.group(2) if m else None


def _parse_url_builder(name, try_):
    def uri_of(url):
        try:
            return parse_java_uri(url)
        except _URISyntax:
            if try_:
                return None
            raise _invalid_url(url) from None

    def kernel(url, part, *rest):
        n = rest[-1]
        key = rest[0] if len(rest) > 1 else None
        if is_null_scalar(url) or is_null_scalar(part) or \
                (key is not None and is_null_scalar(key)):
            return pa.scalar(None, pa.string())
        scalar_out = all(isinstance(a, pa.Scalar) for a in (url, part) +
                         ((key,) if key is not None else ()))
        urls = materialize(url, n) if not isinstance(url, pa.Scalar) else pa.array([url.as_py()])
        m = len(urls)
        if isinstance(urls, pa.ChunkedArray):
            urls = urls.combine_chunks()
        enc = urls.dictionary_encode()
        parsed = [uri_of(v) for v in enc.dictionary.to_pylist()]
        idx = pc.fill_null(enc.indices, 0).to_numpy(zero_copy_only=False)
        valid = np.asarray(enc.indices.is_valid())
        parts = [part.as_py()] * m if isinstance(part, pa.Scalar) else part.to_pylist()
        keys = None if key is None else (
            [key.as_py()] * m if isinstance(key, pa.Scalar) else key.to_pylist())
        out = []
        for i in range(m):
            if not valid[i] or parts[i] is None or (keys is not None and keys[i] is None):
                out.append(None)
                continue
            u = parsed[idx[i]]
            if u is None:
                out.append(None)
                continue
            if keys is not None:
                out.append(_query_value(u.query, keys[i]) if parts[i] == "QUERY" else None)
            else:
                out.append(_url_part(u, parts[i]))
        res = pa.array(out, pa.string())
        return res[0] if scalar_out else res

    def build(args, distinct=False):
        check_args(name, args, 2, 3)
        return fn(name, args, kernel, S, [S] * len(args), nullable=True)
    return build


register("parse_url")(_parse_url_builder("parse_url", False))
register("try_parse_url")(_parse_url_builder("try_parse_url", True))


# -- bit_get ---------------------------------------------------------------------------------
def _bit_get_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 2)
        expr = fn(name, args, None, ByteType(), None)
        t = args[0].data_type
        if not isinstance(t, (IntegralType, NullType)):
            raise type_error(expr, 1, "\"INTEGRAL\"", t)
        pt = args[1].data_type
        if not isinstance(pt, (IntegralType, NullType)):
            raise type_error(expr, 2, "\"INTEGRAL\"", pt)
        bits = {ByteType: 8, ShortType: 16, IntegerType: 32, LongType: 64}.get(type(t), 32)

        def kernel(v, pos, n):
            scalar_out = isinstance(v, pa.Scalar) and isinstance(pos, pa.Scalar)
            va, pa_ = materialize(v, n), materialize(pos, n)
            if va.type == pa.null():
                va = pa.nulls(len(va), pa.int64())
            if pa_.type == pa.null():
                pa_ = pa.nulls(len(pa_), pa.int64())
            p = pa_.cast(pa.int64()).to_numpy(zero_copy_only=False)
            pvalid = np.asarray(pa_.is_valid())
            both = pvalid & np.asarray(va.is_valid())
            bad = both & ((p < 0) | (p >= bits))
            if bad.any():
                got = int(p[np.argmax(bad)])
                raise IllegalArgumentException(
                    f"[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) "
                    f"`pos` in `bit_get` is invalid: expects an integer value in [0, {bits}), "
                    f"but got {got}. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE")
            x = pc.fill_null(va.cast(pa.int64()), 0).to_numpy(zero_copy_only=False)
            shift = np.where(both, p, 0).astype(np.uint64)
            r = ((x.view(np.uint64) >> shift) & np.uint64(1)).astype(np.int8)
            out = pa.array(r, pa.int8(), mask=~both)
            return out[0] if scalar_out else out

        expr.kernel = kernel
        return expr
    return build


for _n in ("bit_get", "getbit"):
    register(_n)(_bit_get_builder(_n))


# -- base32 ----------------------------------------------------------------------------------
def _to_binary_input(ts, i):
    return None if isinstance(ts[i], (BinaryType, NullType)) else BinaryType()


@register("to_base32")
def _to_base32(args, distinct=False):
    check_args("to_base32", args, 1)
    expr = fn("to_base32", args, lambda a, n: _apply(
        a, n, lambda b: _b64.b32encode(bytes(b)).decode("ascii"), pa.string()),
        S, [_to_binary_input])
    t = args[0].data_type
    if not isinstance(t, (BinaryType, StringType, NullType)):
        raise type_error(expr, 1, "\"BINARY\"", t)
    return expr


_B32 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}
_B32.update({c.lower(): i for c, i in _B32.items() if c.isalpha()})


def _from_base32_py(v) -> bytes:
    """Apache Commons Codec Base32.decode (lenient): invalid characters are skipped, '='
    ends the input, and a trailing partial group gives its whole bytes."""
    text = v.decode("latin-1") if isinstance(v, (bytes, bytearray)) else v
    digits = []
    for c in text:
        if c == "=":
            break
        d = _B32.get(c)
        if d is not None:
            digits.append(d)
    out = bytearray()
    full = len(digits) - len(digits) % 8
    for g in range(0, full, 8):
        w = 0
        for d in digits[g:g + 8]:
            w = (w << 5) | d
        out += w.to_bytes(5, "big")
    rest = digits[full:]
    m = len(rest)
    if m:
        w = 0
        for d in rest:
            w = (w << 5) | d
        if m == 1:
            out.append((w >> 2) & 0xFF)
        else:
            nb = 5 * m // 8
            w >>= 5 * m - 8 * nb
            out += (w & ((1 << (8 * nb)) - 1)).to_bytes(nb, "big")
    return bytes(out)


@register("from_base32")
def _from_base32(args, distinct=False):
    check_args("from_base32", args, 1)
    return fn("from_base32", args, lambda a, n: _apply(a, n, _from_base32_py, pa.binary()),
              BinaryType(), [_strings_or_binary])


# -- UTF-8 validity --------------------------------------------------------------------------
def _raw_bytes(v) -> bytes:
    return bytes(v) if isinstance(v, (bytes, bytearray)) else v.encode("utf-8", "surrogatepass")


def _valid_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _utf8_kernel(on_string, on_binary, out_type):
    def kernel(a, n):
        t = a.type
        if pa.types.is_string(t) or pa.types.is_large_string(t) or t == pa.null():
            return on_string(a, n)
        return _apply(a, n, on_binary, out_type)
    return kernel


def _utf8_builder(name, out, on_string, on_binary):
    def build(args, distinct=False):
        check_args(name, args, 1)
        at = pa.bool_() if isinstance(out, BooleanType) else pa.string()
        return fn(name, args, _utf8_kernel(on_string, on_binary, at), out,
                  [_strings_or_binary], nullable=None)
    return build


def _true_of(a, n):
    if isinstance(a, pa.Scalar):
        return pa.scalar(True if a.is_valid else None, pa.bool_())
    return pc.if_else(pc.is_null(a), pa.scalar(None, pa.bool_()), True)


def _same_string(a, n):
    if a.type == pa.null():
        return pa.scalar(None, pa.string()) if isinstance(a, pa.Scalar) else \
            pa.nulls(len(a), pa.string())
    return a


def _invalid_utf8(b: bytes):
    return IllegalArgumentException(
        "[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: "
        + "".join(f"\\x{x:02X}" for x in b) + ". SQLSTATE: 22029", "INVALID_UTF8_STRING")


def _make_valid(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def _validate(b: bytes) -> str:
    b = _raw_bytes(b)
    if not _valid_utf8(b):
        raise _invalid_utf8(b)
    return b.decode("utf-8")


def _try_validate(b: bytes) -> Optional[str]:
    b = _raw_bytes(b)
    return b.decode("utf-8") if _valid_utf8(b) else None


register("is_valid_utf8")(_utf8_builder(
    "is_valid_utf8", BooleanType(), _true_of, lambda b: _valid_utf8(_raw_bytes(b))))
register("make_valid_utf8")(_utf8_builder(
    "make_valid_utf8", S, _same_string, lambda b: _make_valid(_raw_bytes(b))))
register("validate_utf8")(_utf8_builder("validate_utf8", S, _same_string, _validate))
register("try_validate_utf8")(_utf8_builder("try_validate_utf8", S, _same_string, _try_validate))


# -- timestamp_add / timestamp_diff (TIMESTAMPADD / TIMESTAMPDIFF) --------------------------
_ADD_UNITS = ("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DAYOFYEAR", "HOUR", "MINUTE",
              "SECOND", "MILLISECOND", "MICROSECOND")
_DIFF_UNITS = ("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND",
               "MILLISECOND", "MICROSECOND")
_MICROS = {"MICROSECOND": 1, "MILLISECOND": 1_000, "SECOND": 1_000_000,
           "MINUTE": 60_000_000, "HOUR": 3_600_000_000}
_DAY_US = 86_400_000_000
_I64 = 2 ** 63


def _unit_error(fname, unit):
    return IllegalArgumentException(
        f"[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `{fname}` "
        f"is invalid: expects one of the units without quotes {', '.join(_ADD_UNITS)}, but got "
        f"the string literal '{unit}'. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.DATETIME_UNIT")


def check_datetime_unit(fname: str, unit, units) -> str:
    if not isinstance(unit, str) or unit.upper() not in units:
        raise _unit_error(fname, unit)
    return unit


def _ts_input(ts, i):
    from ..types import TimestampNTZType, TimestampType
    return ts[i] if isinstance(ts[i], (TimestampType, TimestampNTZType)) else \
        TimestampType()


def _ts_result(ts):
    from ..types import TimestampNTZType, TimestampType
    return ts[1] if isinstance(ts[1], TimestampNTZType) else TimestampType()


def _ts_text(micros: int, zone: str) -> str:
    import datetime as _dt
    from zoneinfo import ZoneInfo
    from .datetime_parse import is_utc, zone_id
    # Spark prints the microseconds as an instant in the session zone, TIMESTAMP_NTZ too
    t = _dt.datetime(1970, 1, 1) + _dt.timedelta(microseconds=micros)
    if not is_utc(zone):
        t = (_dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
             + _dt.timedelta(microseconds=micros)).astimezone(ZoneInfo(zone_id(zone)))
    text = t.strftime("%Y-%m-%d %H:%M:%S")
    if t.microsecond:
        text += f".{t.microsecond:06d}".rstrip("0")
    return f"TIMESTAMP '{text}'"


def _overflow(q: int, unit: str, micros: int, zone: str):
    from ...errors import ArithmeticException
    return ArithmeticException(
        f"[DATETIME_OVERFLOW] Datetime operation overflow: add {q}L {unit.upper()} to "
        f"{_ts_text(micros, zone)}. SQLSTATE: 22008", "DATETIME_OVERFLOW")


def _np_i64(a):
    a = a.cast(pa.int64()) if a.type != pa.int64() else a
    valid = np.asarray(a.is_valid())
    return pc.fill_null(a, 0).to_numpy(zero_copy_only=False).astype(np.int64), valid


# Java's LocalDateTime / Instant range, in micros of the epoch (years -999999999..999999999 do
# not fit a long of micros: Spark's instantToMicros overflows first)
def _add_months_local(local: np.ndarray, months: np.ndarray) -> np.ndarray:
    days = np.floor_divide(local, _DAY_US)
    tod = local - days * _DAY_US
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    day = (d - m).astype(np.int64)
    nm = m + months.astype("timedelta64[M]")
    month_len = ((nm + 1).astype("datetime64[D]") - nm.astype("datetime64[D]")).astype(np.int64)
    nd = nm.astype("datetime64[D]").astype(np.int64) + np.minimum(day, month_len - 1)
    return nd * _DAY_US + tod


def timestamp_add_kernel(unit: str):
    u = unit.upper()

    def kernel(q, ts, n, zone="UTC"):
        from .datetime_parse import from_local, to_local
        ntz = not (pa.types.is_timestamp(ts.type) and ts.type.tz is not None)
        out_type = pa.timestamp("us") if ntz else pa.timestamp("us", tz="UTC")
        if is_null_scalar(q) or is_null_scalar(ts):
            return pa.scalar(None, out_type)
        scalar_out = isinstance(q, pa.Scalar) and isinstance(ts, pa.Scalar)
        qa, tsa = materialize(q, n), materialize(ts, n)
        if isinstance(tsa, pa.ChunkedArray):
            tsa = tsa.combine_chunks()
        qv, qok = _np_i64(qa)
        tv, tok = _np_i64(tsa.cast(out_type).cast(pa.int64()))
        ok = qok & tok
        qv, tv = np.where(ok, qv, 0), np.where(ok, tv, 0)

        def fail(i):
            raise _overflow(int(qv[i]), unit, int(tv[i]), zone)

        if u in _MICROS:
            f = _MICROS[u]
            exact = [int(a) * f + int(b) for a, b in zip(qv.tolist(), tv.tolist())] \
                if (np.abs(qv.astype(np.float64)) * f + np.abs(tv.astype(np.float64))
                    >= 9.2e18).any() else None
            if exact is not None:
                for i, (a, r) in enumerate(zip(qv.tolist(), exact)):
                    if not (-_I64 <= a * f < _I64 and -_I64 <= r < _I64):
                        fail(i)
            res = tv + qv * f
        else:
            if u in ("DAY", "DAYOFYEAR", "WEEK"):
                amount = qv * 7 if u == "WEEK" else qv
            else:
                amount = qv * {"MONTH": 1, "QUARTER": 3, "YEAR": 12}[u]
            if u == "WEEK" and (np.abs(qv) > 2 ** 60).any():
                fail(int(np.argmax(np.abs(qv) > 2 ** 60)))
            big = np.abs(amount) > 2 ** 31 - 1
            if big.any():
                fail(int(np.argmax(big)))
            # days and months move the wall clock in the session zone (ZonedDateTime.plus*)
            local = tv if ntz else to_local(pa.array(tv, pa.timestamp("us", tz="UTC")),
                                            zone).cast(pa.int64()).to_numpy()
            limit = 290_000 * 366 * _DAY_US
            step = amount.astype(np.float64) * (_DAY_US if u in ("DAY", "DAYOFYEAR", "WEEK")
                                               else 31 * _DAY_US)
            far = np.abs(local.astype(np.float64) + step) >= limit
            if far.any():
                fail(int(np.argmax(far)))
            if u in ("DAY", "DAYOFYEAR", "WEEK"):
                moved = local + amount * _DAY_US
            else:
                moved = _add_months_local(local, amount)
            if ntz:
                res = moved
            else:
                res = from_local(pa.array(moved, pa.int64()).cast(pa.timestamp("us")), zone,
                                 keep_offset_of=pa.array(tv, pa.timestamp("us", tz="UTC"))
                                 ).cast(pa.int64()).to_numpy()
        out = pa.array(res, pa.int64(), mask=~ok).cast(out_type)
        return out[0] if scalar_out else out
    return kernel


def _java_between(local1: np.ndarray, local2: np.ndarray, unit: str) -> np.ndarray:
    """LocalDateTime.until(end, DAYS/WEEKS/MONTHS/YEARS) on wall clocks in micros."""
    d1, d2 = np.floor_divide(local1, _DAY_US), np.floor_divide(local2, _DAY_US)
    t1, t2 = local1 - d1 * _DAY_US, local2 - d2 * _DAY_US
    end = np.where((d2 > d1) & (t2 < t1), d2 - 1, np.where((d2 < d1) & (t2 > t1), d2 + 1, d2))
    if unit in ("DAY", "WEEK"):
        days = end - d1
        return days if unit == "DAY" else (np.abs(days) // 7) * np.sign(days)

    def packed(days):
        d = days.astype("datetime64[D]")
        m = d.astype("datetime64[M]")
        return m.astype(np.int64) * 32 + (d - m).astype(np.int64)
    p1, p2 = packed(d1), packed(end)
    diff = p2 - p1
    months = (np.abs(diff) // 32) * np.sign(diff)
    if unit == "MONTH":
        return months
    div = 3 if unit == "QUARTER" else 12
    return (np.abs(months) // div) * np.sign(months)


def timestamp_diff_kernel(unit: str):
    u = unit.upper()

    def kernel(a, b, n, zone="UTC"):
        from .datetime_parse import to_local
        if is_null_scalar(a) or is_null_scalar(b):
            return pa.scalar(None, pa.int64())
        scalar_out = isinstance(a, pa.Scalar) and isinstance(b, pa.Scalar)
        aa, ba = materialize(a, n), materialize(b, n)
        zoned = pa.types.is_timestamp(aa.type) and aa.type.tz is not None
        av, aok = _np_i64(aa.cast(pa.int64()))
        bv, bok = _np_i64(ba.cast(pa.int64()))
        ok = aok & bok
        # every unit compares the wall clocks in the session zone (LocalDateTime.until):
        # across a DST change an hour more or less than the elapsed time
        if zoned:
            av = to_local(pa.array(av, pa.timestamp("us", tz="UTC")), zone).cast(
                pa.int64()).to_numpy()
            bv = to_local(pa.array(bv, pa.timestamp("us", tz="UTC")), zone).cast(
                pa.int64()).to_numpy()
        if u in _MICROS:
            d = bv - av
            f = _MICROS[u]
            res = (np.abs(d) // f) * np.sign(d)
        else:
            res = _java_between(av, bv, u)
        out = pa.array(res.astype(np.int64), pa.int64(), mask=~ok)
        return out[0] if scalar_out else out
    return kernel


def _datetime_fn_class():
    from ..types import DateType, NullType, TimestampNTZType, TimestampType
    from .datetime_functions import ZonedFunction

    class _UnitFunction(ZonedFunction):
        """TIMESTAMPADD / TIMESTAMPDIFF: checks its argument types like Spark before the
        implicit casts (a TIMESTAMP argument also takes DATE, TIMESTAMP_NTZ and STRING)."""
        ts_args = ()
        int_args = ()
        unit_check = None

        def coerce(self):
            if self.unit_check is not None:
                self.unit_check()
            ok_ts = (TimestampType, TimestampNTZType, DateType, StringType, NullType)
            for i, c in enumerate(self.children):
                t = c.data_type
                if i in self.ts_args and not isinstance(t, ok_ts):
                    raise type_error(self, i + 1, '"TIMESTAMP"', t)
                if i in self.int_args and not isinstance(t, (IntegralType, StringType,
                                                             NullType)):
                    raise type_error(self, i + 1, '"BIGINT"', t)
            return super().coerce()
    return _UnitFunction


def timestamp_add_expr(unit: str, quantity, ts):
    """TIMESTAMPADD(unit, quantity, ts): ``unit`` a Python string (as PySpark's
    ``timestamp_add`` takes it)."""
    from ..types import LongType as _L
    e = _datetime_fn_class()(
        "timestampadd", [quantity, ts], timestamp_add_kernel(unit), _ts_result,
        [_L(), _ts_input], nullable=True,
        display=lambda ch: f"timestampadd({unit}, {ch[0].sql()}, {ch[1].sql()})")
    e.int_args, e.ts_args = (0,), (1,)
    e.unit_check = lambda: check_datetime_unit("TIMESTAMPADD", unit, _ADD_UNITS)
    return e


def _diff_input(ts, i):
    """Two TIMESTAMP_NTZs stay wall clocks; otherwise both become TIMESTAMPs."""
    from ..types import TimestampNTZType, TimestampType
    if all(isinstance(t, TimestampNTZType) for t in ts):
        return TimestampNTZType()
    return TimestampType()


def timestamp_diff_expr(unit: str, start, end):
    """TIMESTAMPDIFF(unit, start, end) for PySpark's ``timestamp_diff``."""
    from ..types import LongType as _L
    e = _datetime_fn_class()(
        "timestampdiff", [start, end], timestamp_diff_kernel(unit), _L(),
        [_diff_input, _diff_input], nullable=True,
        display=lambda ch: f"timestampdiff({unit}, {ch[0].sql()}, {ch[1].sql()})")
    e.ts_args = (0, 1)
    e.unit_check = lambda: check_datetime_unit("TIMESTAMPDIFF", unit, _DIFF_UNITS)
    return e


# -- to_csv / from_csv / schema_of_csv -------------------------------------------------------
# These reuse the CSV data source: its options, its field formatting and quoting (to_csv),
# its record tokenizer, value conversion and parse modes (from_csv) and its type inference
# (schema_of_csv).
def _csv_options(args, fname):
    from .json_functions import _options
    opts = _options(args)
    return {str(k): None if v is None else str(v) for k, v in opts.items()}


def _csv_parse_options(opts, zone):
    from ..datasources.csv import CSVOptions
    return CSVOptions.parse({**opts, "timeZone": zone})


def _quote_comment_start(text: pa.Array, o) -> pa.Array:
    """univocity quotes a value that starts with its comment character ('#' by default)."""
    c = o.comment or "#"
    q = o.quote
    if not q or c == q:
        return text
    starts = pc.fill_null(pc.starts_with(text, c), False)
    if not pc.any(starts).as_py():
        return text
    quoted = pc.binary_join_element_wise(q, pc.replace_substring(text, q, (o.escape or q) + q),
                                         q, "")
    return pc.if_else(starts, quoted, text)


def _to_csv_kernel(opts, dt):
    def kernel(s, n, zone="UTC"):
        from ..datasources.csv import CSVFileFormat
        from ..execution.cast_string import cast_to_string
        from ..types import (ArrayType, MapType, StructType)
        o = _csv_parse_options(opts, zone)
        if is_null_scalar(s):
            return pa.scalar(None, pa.string())
        scalar_out = isinstance(s, pa.Scalar)
        arr = materialize(s, n) if not scalar_out else pa.array([s.as_py()], s.type)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        writer = CSVFileFormat()
        cols = []
        for i, f in enumerate(dt.fields):
            col = arr.field(i)
            if isinstance(f.dataType, (ArrayType, MapType, StructType, BinaryType)):
                text = cast_to_string(col, f.dataType, zone,
                                      pretty=isinstance(f.dataType, BinaryType))
                text = pc.if_else(col.is_null(), pa.scalar(None, pa.string()), text)
                text = pc.fill_null(writer._quote(text, o, False), o.null_value)
            else:
                text = writer._format(col, f.dataType, o)
            cols.append(_quote_comment_start(text, o))
        if not cols:
            lines = pa.array([""] * len(arr), pa.string())
        elif len(cols) == 1:
            lines = cols[0]
        else:
            lines = pc.binary_join_element_wise(*cols, o.sep)
        lines = pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), lines)
        return lines[0] if scalar_out else lines
    return kernel


@register("to_csv")
def _to_csv(args, distinct=False):
    from ..types import StructType
    from .datetime_functions import zfn
    check_args("to_csv", args, 1, 2)
    opts = _csv_options(args[1:], "to_csv")
    t = args[0].data_type
    if isinstance(t, NullType):
        return fn("to_csv", args[:1], lambda a, n: pa.scalar(None, pa.string()), S,
                  nullable=True, display=lambda ch: f"to_csv({ch[0].sql()})")
    if not isinstance(t, StructType):
        from ...errors import AnalysisException
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE] Cannot resolve "
            f"\"to_csv({args[0].sql()})\" due to data type mismatch: The input of `to_csv` "
            f"can't be \"{t.simpleString().upper()}\" type data. SQLSTATE: 42K09",
            "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE")
    _csv_parse_options(opts, "UTC")   # bad options fail at analysis, as in Spark
    return zfn("to_csv", args[:1], _to_csv_kernel(opts, t), S, None, nullable=True,
               display=lambda ch: f"to_csv({ch[0].sql()})")


def _schema_arg(e, fname):
    from ...errors import AnalysisException
    from ..types import _parse_datatype_string
    v = None
    if e.foldable and isinstance(e.data_type, StringType):
        from .misc_functions import literal_arg
        v = literal_arg(e, "schema", fname)
    if not isinstance(v, str):
        raise AnalysisException(
            f"[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema \"{e.sql()}\" is not a valid "
            "schema string. The input expression must be string literal and not null. "
            "SQLSTATE: 42K07", "INVALID_SCHEMA.NON_STRING_LITERAL")
    return _parse_datatype_string(v)


def _from_csv_kernel(opts, schema):
    def kernel(s, n, zone="UTC"):
        from ..datasources.csv import CSVFileFormat, Tokens, _records
        from ..types import StructType
        o = _csv_parse_options(opts, zone)
        o = dataclasses.replace(o, header=False)
        out_type = _struct_arrow(schema)
        if is_null_scalar(s):
            return pa.scalar(None, out_type)
        scalar_out = isinstance(s, pa.Scalar)
        arr = materialize(s, n) if not scalar_out else pa.array([s.as_py()], pa.string())
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        corrupt = o.corrupt_column
        token_fields = [f for f in schema.fields if f.name != corrupt]
        width = len(token_fields)
        texts = arr.to_pylist()
        rows = []
        for t in texts:
            fields = None
            if t is not None:
                for fields, _raw in _records(t, o):
                    break
            rows.append(fields if fields is not None else [])
        counts = np.fromiter((len(r) if t is not None else width for r, t in zip(rows, texts)),
                             dtype=np.int64, count=len(rows))
        cols = [pa.array([r[i] if i < len(r) else None for r in rows], pa.string())
                for i in range(width)]
        raws = [t if t is not None else "" for t in texts]
        toks = Tokens(cols, counts, raws, len(rows))
        columns, _ = CSVFileFormat()._convert(toks, o, token_fields, StructType(schema.fields),
                                             corrupt, "")
        out = pa.StructArray.from_arrays(columns, fields=list(out_type),
                                         mask=arr.is_null())
        return out[0] if scalar_out else out
    return kernel


def _struct_arrow(schema):
    from ..arrow_types import to_arrow_schema
    return pa.struct(list(to_arrow_schema(schema)))


@register("from_csv")
def _from_csv(args, distinct=False):
    from ...errors import AnalysisException
    from ..types import StructType
    from .datetime_functions import zfn
    check_args("from_csv", args, 2, 3)
    schema = _schema_arg(args[1], "from_csv")
    if not isinstance(schema, StructType):
        schema = StructType([]) if schema is None else schema
    opts = _csv_options(args[2:], "from_csv")
    mode = (opts.get("mode") or "PERMISSIVE").upper()
    if mode == "DROPMALFORMED":
        raise AnalysisException(
            "[PARSE_MODE_UNSUPPORTED] The function `from_csv` doesn't support the DROPMALFORMED "
            "mode. Acceptable modes are PERMISSIVE and FAILFAST. SQLSTATE: 42601",
            "PARSE_MODE_UNSUPPORTED")
    _csv_parse_options(opts, "UTC")
    kernel = _from_csv_kernel(opts, schema)
    return zfn("from_csv", args[:1], kernel, schema, [S], nullable=True,
               display=lambda ch: f"from_csv({ch[0].sql()})")


@register("schema_of_csv")
def _schema_of_csv(args, distinct=False):
    from ...errors import AnalysisException
    from ..datasources.csv import _apply_nulls, tokenize
    from ..datasources.parsing import infer_string_type
    from ..types import NullType as _Null
    from ..types import StructField, StructType
    from .json_functions import _ddl
    from .misc_functions import literal_arg
    check_args("schema_of_csv", args, 1, 2)
    e = fn("schema_of_csv", args[:1], None, S, nullable=False)
    c = args[0]
    if not c.foldable or not isinstance(c.data_type, (StringType, _Null)):
        if not c.foldable:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{e.sql()}\" due to "
                f"data type mismatch: the input `csv` should be a foldable \"STRING\" "
                f"expression; however, got \"{c.sql()}\". SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
        raise type_error(e, 1, '"STRING"', c.data_type)
    text = literal_arg(c, "csv", "schema_of_csv")
    if text is None:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve \"{e.sql()}\" due to data type "
            "mismatch: The csv must not be null. SQLSTATE: 42K09",
            "DATATYPE_MISMATCH.UNEXPECTED_NULL")
    o = _csv_parse_options(_csv_options(args[1:], "schema_of_csv"), "UTC")
    o = dataclasses.replace(o, header=False)
    toks = tokenize(text.encode("utf-8"), o)
    fields = []
    for i, col in enumerate(toks.columns):
        col = _apply_nulls(col.slice(0, 1), o)
        t = infer_string_type(col, date_pattern=o.date_pattern,
                              timestamp_pattern=o.timestamp_pattern, time_zone=o.time_zone,
                              nan_value=o.nan_value, positive_inf=o.positive_inf,
                              negative_inf=o.negative_inf, prefers_date=o.prefers_date)
        fields.append(StructField(f"_c{i}", StringType() if isinstance(t, _Null) else t))
    out = _ddl(StructType(fields))
    e.kernel = lambda a, n: pa.scalar(out, pa.string())
    return e
