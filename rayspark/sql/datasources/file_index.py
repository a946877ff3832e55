"""Listing the files of a file-based relation and discovering its partition columns.

``list_files`` turns the paths a user passed to ``spark.read`` into the data files to scan,
as Spark's ``InMemoryFileIndex`` does: globs are expanded (``*``, ``?``, ``[..]``,
``{a,b}``), directories are listed recursively, hidden and bookkeeping entries are skipped
(names starting with ``_`` or ``.``, except ``_x=y`` partition directories; ``_temporary``
and staging directories are hidden by the same rule), and ``key=value`` directories become
partition columns whose types are inferred as Spark infers them (``PartitioningUtils``):
int, then long, then decimal (integers too large for long), then double, then timestamp
(``yyyy-MM-dd HH:mm:ss[.S]``), then date (``yyyy-MM-dd``), else string; values of one column
are widened together (int+long -> long, int+double -> double, date+timestamp -> timestamp,
anything else mixed -> string); ``__HIVE_DEFAULT_PARTITION__`` is null and ``%XX`` escapes
are decoded.

Runs on the driver; the objects it returns are plain, picklable values.
"""
from __future__ import annotations

import datetime
import decimal
import fnmatch
import glob as _glob
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import pyarrow as pa

from rayspark.errors import AnalysisException, SparkException
from rayspark.files import local_path
from rayspark.sql.types import (DataType, DateType, DecimalType, DoubleType, IntegerType,
                                LongType, NullType, StringType, StructField, StructType,
                                TimestampType)

__all__ = ["FileSplit", "FileIndex", "list_files", "DEFAULT_PARTITION_NAME",
           "unescape_path_name", "escape_path_name", "qualified_path", "is_hidden_name",
           "infer_partition_value_type"]

DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__"


@dataclass(frozen=True)
class FileSplit:
    """One data file: its absolute local path, size in bytes and the values of the
    relation's partition columns for it (in ``FileIndex.partition_schema`` order)."""
    path: str
    size: int
    partition_values: Tuple[Any, ...] = ()


@dataclass(frozen=True)
class FileIndex:
    files: List[FileSplit]
    partition_schema: StructType = field(default_factory=StructType)
    root_paths: Tuple[str, ...] = ()

    @property
    def paths(self) -> List[str]:
        return [f.path for f in self.files]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def partition_dicts(self) -> List[Dict[str, Any]]:
        names = self.partition_schema.names
        return [dict(zip(names, f.partition_values)) for f in self.files]

    def prune(self, predicate: Callable[[Dict[str, Any]], Any]) -> "FileIndex":
        """The files whose partition values satisfy ``predicate`` (called once per distinct
        partition with a dict column name -> Python value; a falsy or None result prunes)."""
        names = self.partition_schema.names
        if not names:
            return self
        verdicts: Dict[Tuple[Any, ...], bool] = {}
        kept = []
        for f in self.files:
            ok = verdicts.get(f.partition_values)
            if ok is None:
                ok = bool(predicate(dict(zip(names, f.partition_values))))
                verdicts[f.partition_values] = ok
            if ok:
                kept.append(f)
        return FileIndex(kept, self.partition_schema, self.root_paths)

    def partition_arrays(self, split: FileSplit, num_rows: int,
                         columns: Optional[Sequence[str]] = None) -> List[pa.Array]:
        """Constant Arrow arrays of ``num_rows`` holding ``split``'s partition values
        (all partition columns, or those named in ``columns``), typed like
        ``to_arrow_schema(partition_schema)``."""
        from rayspark.sql.arrow_types import to_arrow_type
        fields = {f.name: (i, f) for i, f in enumerate(self.partition_schema.fields)}
        wanted = self.partition_schema.names if columns is None else list(columns)
        out = []
        for name in wanted:
            i, f = fields[name]
            at = to_arrow_type(f.dataType)
            value = split.partition_values[i]
            if value is None:
                out.append(pa.nulls(num_rows, at))
            else:
                out.append(pa.repeat(pa.scalar(value, at), num_rows))
        return out


# ------------------------------------------------------------------------------------------
# Paths
# ------------------------------------------------------------------------------------------
def qualified_path(path: str) -> str:
    """``file:/abs/path`` as Spark prints a local path in messages."""
    return "file:" + os.path.abspath(local_path(path))


def is_hidden_name(name: str) -> bool:
    """Spark's rule for entries a listing skips: names starting with ``.`` or ``_``
    (unless a ``_k=v`` partition directory), and ``._COPYING_`` files in flight."""
    if name.startswith("_metadata") or name.startswith("_common_metadata"):
        return True  # Parquet summary files: listed by Spark, never read as data.
    return ((name.startswith("_") and "=" not in name) or name.startswith(".")
            or name.endswith("._COPYING_"))


_GLOB_CHARS = re.compile(r"[*?\[{]")


def _expand_braces(pattern: str) -> List[str]:
    """``a{b,c}d`` -> [abd, acd] (nested braces supported), as Hadoop's glob does."""
    depth, start = 0, -1
    for i, ch in enumerate(pattern):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                inner, parts, level, last = pattern[start + 1:i], [], 0, 0
                for j, c in enumerate(inner):
                    if c == "{":
                        level += 1
                    elif c == "}":
                        level -= 1
                    elif c == "," and level == 0:
                        parts.append(inner[last:j])
                        last = j + 1
                parts.append(inner[last:])
                out = []
                for p in parts:
                    out.extend(_expand_braces(pattern[:start] + p + pattern[i + 1:]))
                return out
    return [pattern]


def _glob_path(pattern: str) -> List[str]:
    out: List[str] = []
    for p in _expand_braces(pattern):
        # Hadoop's [^a] is Python's [!a].
        out.extend(_glob.glob(re.sub(r"\[\^", "[!", p)))
    return sorted(set(out))


def _path_not_found(path: str) -> AnalysisException:
    q = qualified_path(path)
    return AnalysisException(f"Path does not exist: {q}.", "PATH_NOT_FOUND", {"path": q})


# ------------------------------------------------------------------------------------------
# Partition values
# ------------------------------------------------------------------------------------------
def unescape_path_name(text: str) -> str:
    """Decode ``%XX`` escapes as Spark's ``unescapePathName`` (invalid ones stay)."""
    if "%" not in text:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "%" and i + 2 < n:
            try:
                out.append(chr(int(text[i + 1:i + 3], 16)))
                i += 3
                continue
            except ValueError:
                pass
        out.append(c)
        i += 1
    return "".join(out)


_ESCAPE = set(chr(c) for c in range(1, 0x20)) | set('"#%\'*/:=?\\\x7f{[]^')


def escape_path_name(text: str) -> str:
    """Spark's ``escapePathName``: ``%XX`` for characters unsafe in a path component."""
    return "".join("%%%02X" % ord(c) if c in _ESCAPE else c for c in text)


_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL_RE = re.compile(r"[+-]?([0-9]+)\.?\Z")
_JAVA_DOUBLE_RE = re.compile(
    r"[\x00-\x20]*[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)[\x00-\x20]*\Z")
_PART_TS_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\Z")
_PART_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_INT_MIN, _INT_MAX = -2 ** 31, 2 ** 31 - 1
_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1


def infer_partition_value_type(raw: str) -> DataType:
    """The type Spark infers for one raw (still escaped) partition directory value."""
    if raw == DEFAULT_PARTITION_NAME:
        return NullType()
    if _INT_RE.match(raw):
        v = int(raw)
        if _INT_MIN <= v <= _INT_MAX:
            return IntegerType()
        if _LONG_MIN <= v <= _LONG_MAX:
            return LongType()
    m = _DECIMAL_RE.match(raw)
    if m:
        precision = len(m.group(1).lstrip("0")) or 1
        if precision <= 38:
            return DecimalType(precision, 0)
    if _JAVA_DOUBLE_RE.match(raw):
        return DoubleType()
    unescaped = unescape_path_name(raw)
    m = _PART_TS_RE.match(unescaped)
    if m and _valid_datetime(m):
        return TimestampType()
    m = _PART_DATE_RE.match(raw)
    if m and _valid_datetime(m):
        return DateType()
    return StringType()


def _valid_datetime(m: "re.Match") -> bool:
    try:
        g = [int(x) for x in m.groups()[:6] if x is not None]
        datetime.datetime(*g)
        return True
    except ValueError:
        return False


def _wider_partition_type(a: DataType, b: DataType) -> DataType:
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    ta, tb = type(a), type(b)
    pair = {ta, tb}
    if pair == {IntegerType, LongType}:
        return LongType()
    if pair == {IntegerType, DoubleType}:
        return DoubleType()
    if pair == {DateType, TimestampType}:
        return TimestampType()
    integral = {IntegerType: 10, LongType: 20}
    if isinstance(a, DecimalType) and isinstance(b, DecimalType):
        return DecimalType(max(a.precision, b.precision), 0)
    if isinstance(a, DecimalType) and tb in integral:
        return DecimalType(max(a.precision, integral[tb]), 0)
    if isinstance(b, DecimalType) and ta in integral:
        return DecimalType(max(b.precision, integral[ta]), 0)
    return StringType()


def _java_double(text: str) -> float:
    t = text.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12"
                   "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if t and t[-1] in "fFdD" and not t.endswith("Infinity"):
        t = t[:-1]
    return float(t)


def _zone_info(time_zone: Optional[str]) -> datetime.tzinfo:
    if time_zone is None or time_zone.upper() in ("UTC", "Z", "GMT"):
        return datetime.timezone.utc
    from zoneinfo import ZoneInfo
    return ZoneInfo(time_zone)


def cast_partition_value(raw: Optional[str], dt: DataType, time_zone: Optional[str] = None):
    """The Python value of a raw partition string for the column type ``dt`` (None for the
    default partition name or a value that does not convert)."""
    if raw is None or raw == DEFAULT_PARTITION_NAME:
        return None
    text = unescape_path_name(raw)
    try:
        if isinstance(dt, StringType):
            return text
        if isinstance(dt, (IntegerType, LongType)):
            return int(text)
        if isinstance(dt, DecimalType):
            return decimal.Decimal(text.rstrip("."))
        if isinstance(dt, DoubleType):
            return _java_double(text)
        if isinstance(dt, DateType):
            return datetime.date.fromisoformat(text[:10]) if _PART_DATE_RE.match(text[:10]) \
                else None
        if isinstance(dt, TimestampType):
            m = _PART_TS_RE.match(text)
            if m:
                g = [int(x) for x in m.groups()[:6]]
                frac = (m.group(7) or "").ljust(6, "0")[:6]
                naive = datetime.datetime(*g, int(frac))
            else:
                naive = datetime.datetime.combine(datetime.date.fromisoformat(text[:10]),
                                                  datetime.time())
            zone = _zone_info(time_zone)
            return naive.replace(tzinfo=zone).astimezone(datetime.timezone.utc) \
                if zone is datetime.timezone.utc else \
                _localize(naive, zone).astimezone(datetime.timezone.utc)
        if isinstance(dt, NullType):
            return None
    except (ValueError, ArithmeticError):
        return None
    return text


def _localize(naive: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    return naive.replace(tzinfo=zone, fold=0)


def _parse_partition_dir(rel_parts: Sequence[str]) -> Optional[List[Tuple[str, str]]]:
    """Partition (name, raw value) pairs of a leaf directory below a base path.

    Like Spark, the path is read upward from the leaf until a component that is not
    ``name=value``; only the partition directories below that point count.
    """
    pairs: List[Tuple[str, str]] = []
    for part in reversed(rel_parts):
        if "=" not in part:
            break
        name, _, value = part.partition("=")
        if not name:
            break
        pairs.append((unescape_path_name(name), value))
    pairs.reverse()
    return pairs


def _conflict_error(lists: Dict[Tuple[str, ...], List[str]]) -> SparkException:
    names = "\n".join(f"\tPartition column name list #{i}: {', '.join(cols)}"
                      for i, cols in enumerate(sorted(lists)))
    dirs = "\n".join(f"\t{qualified_path(d)}" for cols in sorted(lists)
                     for d in sorted(lists[cols]))
    msg = ("Conflicting partition column names detected:\n\n" + names + "\n\n"
           "For partitioned table directories, data files should only live in leaf "
           "directories.\nAnd directories at the same level should have the same partition "
           "column name.\nPlease check the following directories for unexpected files or "
           "inconsistent partition column names:\n\n" + dirs)
    return SparkException(msg, "CONFLICTING_PARTITION_COLUMN_NAMES")


# ------------------------------------------------------------------------------------------
# Listing
# ------------------------------------------------------------------------------------------
def _walk(root: str, recursive_all: bool, out: List[Tuple[str, str]]) -> None:
    """Append (file path, base root) for data files under directory ``root``."""
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except FileNotFoundError:
            continue
        for e in entries:
            if is_hidden_name(e.name):
                continue
            if e.is_dir():
                stack.append(e.path)
            else:
                out.append((e.path, root))


def list_files(paths: Sequence[str], options: Optional[Mapping[str, Any]] = None, *,
               partition_column_type_inference: bool = True,
               time_zone: Optional[str] = None,
               user_partition_schema: Optional[StructType] = None,
               ignore_missing_files: bool = False) -> FileIndex:
    """List the data files of ``paths`` and discover their partitioning.

    ``options`` may hold ``basePath``, ``pathGlobFilter``, ``recursiveFileLookup`` (no
    partition discovery then) and ``modifiedBefore``/``modifiedAfter`` are not supported.
    ``partition_column_type_inference`` is ``spark.sql.sources.partitionColumnTypeInference
    .enabled``; ``time_zone`` (the session time zone) reads timestamp partition values;
    ``user_partition_schema`` gives partition column types instead of inferring them.
    Raises ``AnalysisException`` ``[PATH_NOT_FOUND]`` for a path (or glob) matching nothing.
    """
    from rayspark.sql.datasources.options import as_options
    opts = as_options(options)
    if isinstance(paths, str):
        paths = [paths]
    recursive = opts.get_bool("recursiveFileLookup", False)
    glob_filter = opts.get("pathGlobFilter")
    base_path = opts.get("basePath")

    found: List[Tuple[str, str]] = []  # (file, root it was found under)
    roots: List[str] = []
    for raw in paths:
        p = os.path.abspath(local_path(raw))
        if _GLOB_CHARS.search(p):
            matches = _glob_path(p)
            if not matches:
                if ignore_missing_files:
                    continue
                raise _path_not_found(raw)
        else:
            if not os.path.exists(p):
                if ignore_missing_files:
                    continue
                raise _path_not_found(raw)
            matches = [p]
        for m in matches:
            if os.path.isdir(m):
                roots.append(m)
                _walk(m, recursive, found)
            else:
                roots.append(os.path.dirname(m))
                found.append((m, os.path.dirname(m)))

    if glob_filter:
        found = [(f, r) for f, r in found if fnmatch.fnmatchcase(os.path.basename(f),
                                                                 glob_filter)]
    found = sorted(set(found))
    if base_path is not None:
        base = os.path.abspath(local_path(base_path))
        found = [(f, base) for f, _ in found]

    if recursive:
        files = [FileSplit(f, os.path.getsize(f), ()) for f, _ in found]
        return FileIndex(files, StructType(), tuple(roots))

    # Partition discovery over leaf directories.
    leaf_specs: Dict[str, List[Tuple[str, str]]] = {}
    for f, root in found:
        d = os.path.dirname(f)
        if d not in leaf_specs:
            rel = os.path.relpath(d, root)
            parts = [] if rel == "." else rel.split(os.sep)
            leaf_specs[d] = _parse_partition_dir(parts) or []
    specs = {d: s for d, s in leaf_specs.items() if s}
    if not specs:
        files = [FileSplit(f, os.path.getsize(f), ()) for f, _ in found]
        return FileIndex(files, StructType(), tuple(roots))

    by_names: Dict[Tuple[str, ...], List[str]] = {}
    for d, s in specs.items():
        by_names.setdefault(tuple(n for n, _ in s), []).append(d)
    if len(by_names) > 1:
        # Spark compares names case-insensitively but reports the lists as found.
        lowered = {tuple(n.lower() for n in k) for k in by_names}
        if len(lowered) > 1:
            raise _conflict_error(by_names)
    names = list(next(iter(by_names)))

    user_types: Dict[str, DataType] = {}
    if user_partition_schema is not None:
        user_types = {f.name.lower(): f.dataType for f in user_partition_schema.fields}
    types: List[DataType] = []
    for i, name in enumerate(names):
        if name.lower() in user_types:
            types.append(user_types[name.lower()])
            continue
        if not partition_column_type_inference:
            types.append(StringType())
            continue
        t: DataType = NullType()
        for s in specs.values():
            t = _wider_partition_type(t, infer_partition_value_type(s[i][1]))
        types.append(StringType() if isinstance(t, NullType) else t)
    schema = StructType([StructField(n, t, True) for n, t in zip(names, types)])

    cache: Dict[str, Tuple[Any, ...]] = {}
    files = []
    for f, _ in found:
        d = os.path.dirname(f)
        values = cache.get(d)
        if values is None:
            s = specs.get(d)
            values = tuple(cast_partition_value(s[i][1], types[i], time_zone)
                           for i in range(len(names))) if s else (None,) * len(names)
            cache[d] = values
        files.append(FileSplit(f, os.path.getsize(f), values))
    return FileIndex(files, schema, tuple(roots))
