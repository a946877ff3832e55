"""Data source options: a case-insensitive map with Spark's typed getters.

Spark treats the keys of ``spark.read.option(...)`` case-insensitively (``inferSchema`` and
``inferschema`` are one option) while keeping the spelling the user gave; values arrive as
strings, booleans or numbers and are read with the getters below, which raise Spark's errors
for values of the wrong kind.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, Mapping, Optional

from rayspark.errors import AnalysisException, IllegalArgumentException

__all__ = ["CaseInsensitiveOptions", "PARSE_MODES", "parse_mode"]

PARSE_MODES = ("PERMISSIVE", "DROPMALFORMED", "FAILFAST")


def _to_str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CaseInsensitiveOptions(Mapping):
    """A read-only mapping whose key lookups ignore case; values are kept as strings
    (booleans as ``true``/``false``), as Spark's option map keeps them."""

    def __init__(self, options: Optional[Mapping[str, Any]] = None, **kwargs: Any):
        self._original: Dict[str, str] = {}
        self._lower: Dict[str, str] = {}
        for source in (options or {}, kwargs):
            items = source.items() if hasattr(source, "items") else source
            for key, value in items:
                if value is None:
                    continue
                self._original[key] = _to_str(value)
                self._lower[key.lower()] = _to_str(value)

    # Mapping protocol -------------------------------------------------------------------
    def __getitem__(self, key: str) -> str:
        return self._lower[key.lower()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._lower

    def __iter__(self) -> Iterator[str]:
        return iter(self._original)

    def __len__(self) -> int:
        return len(self._original)

    def __repr__(self) -> str:
        return f"CaseInsensitiveOptions({self._original!r})"

    def __reduce__(self):
        return (CaseInsensitiveOptions, (dict(self._original),))

    def with_options(self, **kwargs: Any) -> "CaseInsensitiveOptions":
        """A copy with ``kwargs`` added (replacing keys that differ only in case)."""
        merged = {k: v for k, v in self._original.items()
                  if k.lower() not in {n.lower() for n in kwargs}}
        merged.update({k: v for k, v in kwargs.items() if v is not None})
        return CaseInsensitiveOptions(merged)

    # Typed getters ----------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        return self._lower.get(key.lower(), default)

    def get_bool(self, key: str, default: bool = False) -> bool:
        value = self.get(key)
        if value is None:
            return default
        text = value.strip().lower()
        if text == "true":
            return True
        if text == "false":
            return False
        raise AnalysisException(f"{key} flag can be true or false", "INVALID_OPTION_VALUE",
                                {"option": key, "value": value})

    def get_int(self, key: str, default: Optional[int] = None) -> Optional[int]:
        value = self.get(key)
        if value is None:
            return default
        try:
            return int(value.strip())
        except ValueError:
            raise AnalysisException(f"{key} should be an integer. Found {value}",
                                    "INVALID_OPTION_VALUE",
                                    {"option": key, "value": value}) from None

    def get_float(self, key: str, default: Optional[float] = None) -> Optional[float]:
        value = self.get(key)
        if value is None:
            return default
        try:
            return float(value.strip())
        except ValueError:
            raise AnalysisException(f"{key} should be a number. Found {value}",
                                    "INVALID_OPTION_VALUE",
                                    {"option": key, "value": value}) from None

    def get_char(self, key: str, default: Optional[str] = None) -> Optional[str]:
        """A one-character option (quote, escape, comment). An empty value turns the feature
        off (None here, ``\\u0000`` in Spark); longer values are an error, as in Spark."""
        value = self.get(key)
        if value is None:
            return default
        if value == "" or value == "\u0000":
            return None
        if len(value) == 1:
            return value
        raise IllegalArgumentException(f"{key} cannot be more than one character")


def parse_mode(options: Mapping[str, Any]) -> str:
    """The ``mode`` option: PERMISSIVE (default, also for unknown names, as Spark does),
    DROPMALFORMED or FAILFAST."""
    get = options.get
    mode = (get("mode") or "PERMISSIVE").upper()
    return mode if mode in PARSE_MODES else "PERMISSIVE"


def as_options(options: Any) -> CaseInsensitiveOptions:
    if isinstance(options, CaseInsensitiveOptions):
        return options
    return CaseInsensitiveOptions(options or {})
