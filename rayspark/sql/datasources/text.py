"""The text source: one string column ``value`` per line (or per file with ``wholetext``).

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` unless ``lineSep`` names the separator; a final
separator does not make an empty last row; empty lines in between are rows. Writing needs
exactly one string column; each value becomes a line (null: an empty line).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, List, Mapping, Optional

import pyarrow as pa
import pyarrow.compute as pc

from rayspark.errors import AnalysisException
from rayspark.sql.arrow_types import to_arrow_schema
from rayspark.sql.datasources.file_format import (FileFormat, compression_codec,
                                                  project_schema)
from rayspark.sql.datasources.io_util import CODEC_EXTENSIONS, is_compressed, iter_chunks, \
    read_line_range, open_output, \
    read_bytes
from rayspark.sql.datasources.options import as_options
from rayspark.sql.types import StringType, StructField, StructType

__all__ = ["TextFileFormat", "TEXT_SCHEMA"]

TEXT_SCHEMA = StructType([StructField("value", StringType(), True)])


def _decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="replace")


class TextFileFormat(FileFormat):
    short_name = "text"
    display_name = "Text"

    def infer_schema(self, files: List[str], options: Mapping[str, Any]) -> Optional[StructType]:
        return TEXT_SCHEMA

    def supports_type(self, dt) -> bool:
        return isinstance(dt, StringType)

    def splittable(self, path: str, options: Mapping[str, Any]) -> bool:
        opts = as_options(options)
        return not opts.get_bool("wholetext", False) and opts.get("lineSep") is None and \
            not is_compressed(path)

    def read(self, path: str, data_schema: StructType, options: Mapping[str, Any], *,
             required_columns: Optional[List[str]] = None,
             filters: Any = None, start: Optional[int] = None,
             length: Optional[int] = None) -> Iterator[pa.RecordBatch]:
        opts = as_options(options)
        out_schema = project_schema(data_schema, required_columns)
        target = to_arrow_schema(out_schema)
        encoding = opts.get("encoding") or opts.get("charset") or "utf-8"

        def emit(values: pa.Array) -> pa.RecordBatch:
            cols = [values for _ in out_schema.fields]
            return pa.RecordBatch.from_arrays(cols, schema=target)

        if opts.get_bool("wholetext", False):
            yield emit(pa.array([_decode(read_bytes(path), encoding)], pa.string()))
            return
        sep = opts.get("lineSep")
        if sep == "":
            raise AnalysisException("'lineSep' cannot be an empty string.",
                                    "INVALID_OPTION_VALUE", {"option": "lineSep"})
        pattern = r"\r\n|\r|\n" if sep is None else re.escape(sep)
        carry = ""
        blocks = iter_chunks(path) if start is None else [read_line_range(path, start, length)]
        for block in blocks:
            text = carry + _decode(block, encoding)
            # Keep the tail after the last separator (and a lone trailing \r) for later.
            cut = self._last_boundary(text, sep)
            carry, text = text[cut:], text[:cut]
            if text:
                yield emit(self._split(text, pattern, sep))
        if carry:
            lines = self._split(carry, pattern, sep, final=True)
            if len(lines):
                yield emit(lines)

    @staticmethod
    def _last_boundary(text: str, sep: Optional[str]) -> int:
        if sep is not None:
            i = text.rfind(sep)
            return 0 if i < 0 else i + len(sep)
        i = max(text.rfind("\n"), text.rfind("\r"))
        if i < 0:
            return 0
        if text[i] == "\r" and i == len(text) - 1:
            # A \r at the block's end may be the first half of \r\n.
            j = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i))
            return j + 1
        return i + 1

    @staticmethod
    def _split(text: str, pattern: str, sep: Optional[str], final: bool = False) -> pa.Array:
        parts = pc.split_pattern_regex(pa.array([text]), pattern)[0].values
        # "a\nb\n" splits to [a, b, ""]: the empty piece after the last separator is not a row.
        if len(parts) and (not final or re.search("(" + pattern + ")$", text)):
            parts = parts.slice(0, len(parts) - 1)
        return parts

    def write(self, batches: Iterable[pa.RecordBatch], schema: StructType, path: str,
              options: Mapping[str, Any]) -> None:
        check_text_schema(schema)
        opts = as_options(options)
        sep = (opts.get("lineSep") or "\n").encode("utf-8")
        with open_output(path, compression_codec(opts)) as out:
            for batch in batches:
                if not batch.num_rows:
                    continue
                col = pc.fill_null(batch.column(0).cast(pa.string()), "")
                joined = pc.binary_join(pa.array([col], pa.list_(pa.string())), sep.decode())
                out.write(joined[0].as_py().encode("utf-8") + sep)

    def extension(self, options: Mapping[str, Any]) -> str:
        return ".txt" + CODEC_EXTENSIONS[compression_codec(as_options(options))]


def check_text_schema(schema: StructType) -> None:
    for f in schema.fields:
        if not isinstance(f.dataType, StringType):
            t = f.dataType.simpleString().upper()
            raise AnalysisException(
                f'The Text datasource doesn\'t support the column `{f.name}` of the type '
                f'"{t}".', "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
                {"columnName": f"`{f.name}`", "columnType": f'"{t}"', "format": "Text"})
    if len(schema.fields) != 1:
        raise AnalysisException(
            f"Text data source supports only a single column, and you have "
            f"{len(schema.fields)} columns.", "_LEGACY_ERROR_TEMP_2012",
            {"numCols": str(len(schema.fields))})
