import pytest

from rayspark.errors import AnalysisException, IllegalArgumentException
from rayspark.sql.datasources.options import CaseInsensitiveOptions, parse_mode


def test_keys_are_case_insensitive_and_values_strings():
    o = CaseInsensitiveOptions({"inferSchema": True, "Sep": ";"}, header="true")
    assert o["inferschema"] == "true" and o.get("SEP") == ";" and "HEADER" in o
    assert o.get_bool("INFERSCHEMA") is True and o.get_bool("missing", False) is False
    assert set(o) == {"inferSchema", "Sep", "header"}
    assert o.get("nope", "d") == "d"


def test_typed_getters_reject_bad_values():
    o = CaseInsensitiveOptions(header="yes", n="x", quote="ab", empty="")
    with pytest.raises(AnalysisException, match="header flag can be true or false"):
        o.get_bool("header")
    with pytest.raises(AnalysisException):
        o.get_int("n")
    with pytest.raises(IllegalArgumentException, match="quote cannot be more than one character"):
        o.get_char("quote")
    assert o.get_char("empty", '"') is None  # empty turns the feature off
    assert CaseInsensitiveOptions(n=" 7 ").get_int("N") == 7


def test_mode_defaults_to_permissive_like_spark():
    assert parse_mode(CaseInsensitiveOptions(mode="failFast")) == "FAILFAST"
    assert parse_mode(CaseInsensitiveOptions(mode="foo")) == "PERMISSIVE"
    assert parse_mode(CaseInsensitiveOptions()) == "PERMISSIVE"


def test_pickles_and_copies():
    import pickle
    o = CaseInsensitiveOptions(Header="true")
    p = pickle.loads(pickle.dumps(o))
    assert p.get_bool("header") and list(p) == ["Header"]
    assert o.with_options(HEADER="false").get_bool("header") is False
