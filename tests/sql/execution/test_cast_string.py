"""CAST(x AS STRING) over Arrow arrays (and the pretty variant show() prints).

Expected strings are what PySpark 4.3.0 (Java 17, spark.sql.session.timeZone=UTC unless a
test says otherwise) returned for ``cast(<value> as string)``, recorded as literals;
VALUE_CASES are shared with tests/sql/test_formatting.py's source (same SQL expressions).
PySpark is not needed to run these tests.
"""
import datetime
import sys
import os
import math
import random
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest

from rayspark.sql import Row
from rayspark.sql.arrow_types import rows_to_arrow, to_arrow_type
from rayspark.sql.execution.cast_string import (cast_to_string, decode_utf8,
                                                format_day_time_interval, format_decimal,
                                                format_double, format_float,
                                                format_year_month_interval)
from rayspark.sql.types import *  # noqa: F401,F403 - the type reprs of VALUE_CASES

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/sql
from formatting_cases import VALUE_CASES  # noqa: E402


@pytest.fixture(autouse=True)
def ray_session():
    """Pure functions: no Ray (overrides the suite-wide fixture)."""
    yield


def column(values, data_type, tz="UTC"):
    """The Arrow column rayspark stores ``values`` of ``data_type`` in."""
    schema = StructType([StructField("v", data_type)])
    return rows_to_arrow([(v,) for v in values], schema, timezone=tz).column(0).combine_chunks()




@pytest.mark.parametrize("expr,value,data_type,shown,cast", VALUE_CASES,
                         ids=[c[0] for c in VALUE_CASES])
def test_cast_matches_spark(expr, value, data_type, shown, cast):
    arr = column([value], data_type)
    assert cast_to_string(arr, data_type).to_pylist() == [cast]
    assert cast_to_string(arr, data_type, pretty=True).to_pylist() == [shown]


def test_empty_collections_of_null_type():
    # array() and map() are array<void> / map<void,void> in Spark
    arr = pa.array([[]], pa.list_(pa.null()))
    assert cast_to_string(arr, ArrayType(NullType(), False)).to_pylist() == ["[]"]
    m = pa.array([[]], pa.map_(pa.string(), pa.null()))
    assert cast_to_string(m, MapType(StringType(), NullType(), False)).to_pylist() == ["{}"]


# Double bits (float.hex) -> Spark's cast(d as string)
DOUBLES = [
    ('0x0.0p+0', '0.0'),
    ('-0x0.0p+0', '-0.0'),
    ('0x1.0000000000000p+0', '1.0'),
    ('-0x1.0000000000000p+0', '-1.0'),
    ('0x1.999999999999ap-4', '0.1'),
    ('0x1.0000000000000p-1', '0.5'),
    ('0x1.9000000000000p+6', '100.0'),
    ('0x1.0624dd2f1a9fcp-10', '0.001'),
    ('0x1.05e1c15097c81p-10', '9.99E-4'),
    ('0x1.a36e2eb1c432dp-14', '1.0E-4'),
    ('0x1.f75104d551d69p-17', '1.5E-5'),
    ('0x1.312d000000000p+23', '1.0E7'),
    ('0x1.312cfe0000000p+23', '9999999.0'),
    ('0x1.312cffff7ced9p+23', '9999999.999'),
    ('0x1.78c29dccccccdp+23', '1.23456789E7'),
    ('0x1.5af1d78b58c40p+66', '1.0E20'),
    ('0x1.b1ae4d6e2ef50p+69', '1.0E21'),
    ('0x1.0f0cf064dd592p+73', '1.0E22'),
    ('0x1.fffffffffffffp+1023', '1.7976931348623157E308'),
    ('0x0.0000000000001p-1022', '4.9E-324'),
    ('0x0.0000000000002p-1022', '1.0E-323'),
    ('0x1.0000000000000p-1022', '2.2250738585072014E-308'),
    ('0x1.b69b4ba630f35p+56', '1.2345678901234568E17'),
    ('0x1.0000000000000p+53', '9.007199254740992E15'),
    ('0x1.0000000000001p+53', '9.007199254740994E15'),
    ('0x1.0000000000000p+54', '1.8014398509481984E16'),
    ('0x1.0000000000004p+60', '1.152921504606848E18'),
    ('0x1.8000000000000p+62', '6.9175290276410819E18'),
    ('0x1.0000000000000p+63', '9.223372036854776E18'),
    ('0x1.5555555555555p-2', '0.3333333333333333'),
    ('0x1.5555555555555p-1', '0.6666666666666666'),
    ('0x1.3333333333334p-2', '0.30000000000000004'),
    ('0x1.1c37937e08000p+53', '1.0E16'),
    ('0x1.c6bf526340000p+49', '1.0E15'),
    ('0x1.e240c9fbe76c9p+16', '123456.789'),
    ('-0x1.49da7e361ce4cp-33', '-1.5E-10'),
    ('0x1.fe185ca57c517p+78', '6.02214076E23'),
    ('0x1.921fb54442d18p+1', '3.141592653589793'),
    ('0x1.5bf0a8b145769p+1', '2.718281828459045'),
    ('0x1.249ad2594c37dp+332', '1.0E100'),
    ('0x1.bff2ee48e0530p-333', '1.0E-100'),
    ('0x1.1666666666666p+2', '4.35'),
    ('0x1.1eb851eb851ecp-4', '0.07'),
    ('0x1.2d68700000000p+20', '1234567.0'),
    ('-0x1.2d687e6b851ecp+23', '-9876543.21'),
    ('nan', 'NaN'),
    ('inf', 'Infinity'),
    ('-inf', '-Infinity'),
    ('-0x1.1494c73cf256dp+475', '-1.0539756485530688E143'),
    ('-0x1.b5fab8f4d3e27p+438', '-1.2143721666352482E132'),
    ('-0x1.de805ec99108dp+128', '-6.360375184993316E38'),
    ('0x1.b48767734d7c1p+827', '1.526087629730313E249'),
    ('-0x1.445508201e2bdp+431', '-7.02551513787579E129'),
    ('0x1.d6b79965eda32p-246', '1.6260771785726701E-74'),
    ('-0x1.c69292f45e678p+221', '-5.984009685093657E66'),
    ('0x1.b9e86830c71c2p+925', '4.8959585264576934E278'),
    ('-0x1.c67eda13ffe79p-557', '-3.7634144828029947E-168'),
    ('0x1.91425cb008853p-261', '4.2301541954837196E-79'),
    ('0x1.3edc618187993p+806', '5.315422088462547E242'),
    ('0x1.caf9c4dabb481p-443', '7.893354548061464E-134'),
    ('-0x1.7d15f17362f25p-865', '-6.0511296129096725E-261'),
    ('-0x1.ff9c0cf44dd3fp+575', '-2.471417988383651E173'),
    ('-0x1.b7f62b1852f27p-473', '-7.046717376279707E-143'),
    ('-0x1.e86cb0ab8ab67p-633', '-5.352667702512672E-191'),
    ('0x1.abd72fb710734p+599', '3.467443581611296E180'),
    ('0x1.778aaf6fa5db8p+832', '4.201212419249933E250'),
    ('-0x1.99753a7677796p-45', '-4.545896140860994E-14'),
    ('-0x1.b0d389d95847ep-409', '-1.278808376866442E-123'),
    ('-0x1.558a628518867p-519', '-7.773821756658801E-157'),
    ('-0x1.a65d003d71684p+335', '-1.1547680013076696E101'),
    ('0x1.b938b8743feb6p-765', '8.88116792998917E-231'),
    ('0x1.08a650f3ebdd3p-877', '1.0259476444142278E-264'),
    ('-0x1.b2b8f30b17d0bp+531', '-1.1937126864956989E160'),
    ('-0x1.092253deffa38p-615', '-7.616900394922395E-186'),
    ('-0x1.21cc007b37e14p+116', '-9.404446511312006E34'),
    ('0x1.7f61376c468aep+313', '2.4990667113411633E94'),
    ('-0x1.91e2370c6a5b8p-651', '-1.6800925191972358E-196'),
    ('0x1.094ead7a94dedp-223', '7.688121853400444E-68'),
    ('0x1.0334684e55160p-66', '1.3722183439346506E-20'),
    ('0x1.d8474a3ea284dp+181', '5.654411402250841E54'),
    ('0x1.d0ea67ff12229p-1005', '5.2964948879303666E-303'),
    ('0x1.1d2dfa9964aefp-675', '7.106101800028059E-204'),
    ('-0x1.1149075139237p-389', '-8.466578551422606E-118'),
    ('0x1.2a6b24735af1cp+643', '4.254739997646274E193'),
    ('-0x1.fe1daff666589p-814', '-1.82394811931708E-245'),
    ('-0x1.2ec3ffee5a5b2p+745', '-2.1888367315112703E224'),
    ('0x1.cd2aad7185ddap-683', '4.48880712297644E-206'),
    ('0x1.5cca7b53302fcp+17', '178580.96347620327'),
    ('0x1.8417450b601fcp+54', '2.730946906869144E16'),
    ('0x1.0698d3acb6266p+55', '3.6957239400665904E16'),
    ('0x1.0f3ba49fe85b0p+56', '7.6345296932068096E16'),
    ('0x1.2054211fa2ac0p+57', '1.6231458906815488E17'),
    ('0x1.37423c42b7170p+58', '3.504461773671209E17'),
    ('0x1.3731f66809a11p+59', '7.0074921707353101E17'),
    ('0x1.94f13d8b9b45cp+60', '1.8236981956578089E18'),
    ('0x1.2237162f28d1ap+61', '2.614025973315286E18'),
    ('0x1.08a5df542441dp+62', '4.7674734374121933E18'),
]

# FloatType values (float.hex of the widened value) -> Spark's cast(f as string)
FLOATS = [
    ('0x0.0p+0', '0.0'),
    ('-0x0.0p+0', '-0.0'),
    ('0x1.0000000000000p+0', '1.0'),
    ('0x1.99999a0000000p-4', '0.1'),
    ('0x1.8000000000000p+0', '1.5'),
    ('0x1.2a05f20000000p+33', '1.0E10'),
    ('0x1.fffffe0000000p+127', '3.4028235E38'),
    ('0x1.0000000000000p-149', '1.4E-45'),
    ('0x1.4f8b580000000p-17', '1.0E-5'),
    ('0x1.0624de0000000p-10', '0.001'),
    ('0x1.061e280000000p-10', '9.999E-4'),
    ('0x1.312d000000000p+23', '1.0E7'),
    ('0x1.0000000000000p+24', '1.6777216E7'),
    ('0x1.0000000000000p+24', '1.6777216E7'),
    ('0x1.0000020000000p+25', '3.3554436E7'),
    ('0x1.d6f3460000000p+26', '1.23456792E8'),
    ('0x1.7d78400000000p+26', '1.0E8'),
    ('0x1.0000100000000p+40', '1.09951268E12'),
    ('0x1.5555560000000p-2', '0.33333334'),
    ('0x1.921fb60000000p+1', '3.1415927'),
    ('-0x1.d83c940000000p-66', '-2.5E-20'),
    ('nan', 'NaN'),
    ('inf', 'Infinity'),
    ('-inf', '-Infinity'),
    ('0x1.b1d2960000000p+25', '5.6861996E7'),
    ('0x1.5eaae00000000p+28', '3.67701504E8'),
    ('0x1.00476c0000000p+31', '2.149824E9'),
    ('0x1.6d50160000000p+34', '2.45157294E10'),
    ('0x1.6b60140000000p+37', '1.95085631E11'),
    ('0x1.daa5440000000p+40', '2.0385872E12'),
    ('0x1.d20f280000000p+43', '1.60136723E13'),
    ('0x1.1aca060000000p+46', '7.7732491E13'),
    ('0x1.f0a22c0000000p+49', '1.09210858E15'),
    ('0x1.c03cb60000000p+52', '7.8854714E15'),
    ('0x1.f5f19a0000000p+55', '7.0642304E16'),
    ('0x1.6af4d40000000p+58', '4.08652532E17'),
    ('0x1.cb7b340000000p+61', '4.13863928E18'),
    ('0x1.eee61e0000000p+87', '2.9914803E26'),
    ('0x1.6548280000000p-90', '1.1273828E-27'),
    ('-0x1.ea701c0000000p-94', '-9.6721827E-29'),
    ('-0x1.47ea020000000p-61', '-5.555081E-19'),
    ('0x1.a07fba0000000p-26', '2.4243429E-8'),
    ('-0x1.98f99e0000000p+15', '-52348.81'),
    ('-0x1.8db1e40000000p-38', '-5.6515842E-12'),
    ('0x1.2006b00000000p+11', '2304.209'),
    ('0x1.7d37da0000000p+45', '5.2394226E13'),
    ('0x1.9e2a260000000p-83', '1.6727977E-25'),
    ('0x1.56de7c0000000p+32', '5.7523886E9'),
    ('0x1.48a9e20000000p+43', '1.12927955E13'),
    ('0x1.c1ad020000000p-120', '1.3214784E-36'),
    ('-0x1.9b65f00000000p+110', '-2.0860367E33'),
    ('0x1.f231b00000000p+82', '9.4106203E24'),
    ('-0x1.1de2c80000000p+5', '-35.735733'),
    ('-0x1.7f7e9a0000000p+89', '-9.272329E26'),
    ('0x1.6967e20000000p-67', '9.566332E-21'),
    ('0x1.e9d4300000000p-59', '3.3192094E-18'),
    ('0x1.268fbc0000000p-1', '0.57531536'),
]


def _num(text):
    return float(text) if text in ("nan", "inf", "-inf") else float.fromhex(text)


@pytest.mark.parametrize("bits,expected", DOUBLES)
def test_format_double(bits, expected):
    assert format_double(_num(bits)) == expected


@pytest.mark.parametrize("bits,expected", FLOATS)
def test_format_float(bits, expected):
    assert format_float(_num(bits)) == expected


def test_double_and_float_columns():
    values = [_num(b) for b, _ in DOUBLES]
    got = cast_to_string(pa.array(values, pa.float64()), DoubleType()).to_pylist()
    assert got == [e for _, e in DOUBLES]
    values = [_num(b) for b, _ in FLOATS]
    got = cast_to_string(pa.array(values, pa.float32()), FloatType()).to_pylist()
    assert got == [e for _, e in FLOATS]


def test_java_layout_edges():
    assert [format_double(x) for x in (1e-3, 9.99e-4, 1e7, 9999999.999, 1e-4, 1e21)] == \
        ["0.001", "9.99E-4", "1.0E7", "9999999.999", "1.0E-4", "1.0E21"]
    assert format_double(5e-324) == "4.9E-324"        # two digits in scientific form
    assert format_double(1e-323) == "1.0E-323"
    assert format_double(6e-323) == "5.9E-323"
    assert format_float(1.401298464324817e-45) == "1.4E-45"
    # Java 17's long-integer digits for whole numbers from 2^54 (floats 2^25)
    assert format_double(-1.6130484589462314e17) == "-1.61304845894623136E17"
    assert format_float(123456789.0) == "1.23456792E8"
    assert format_float(33554436.0) == "3.3554436E7"


def test_known_java17_difference():
    """Java 17's general algorithm prints 1e23 as 9.999999999999999E22 (JDK-4511638,
    fixed in Java 19); rayspark prints the shortest form, as Java 19+ does."""
    assert format_double(1e23) == "1.0E23"


def test_vectorised_doubles_agree_with_scalar():
    rng = random.Random(4)
    values = ([rng.uniform(-1e7, 1e7) for _ in range(3000)]
              + [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(3000)]
              + [float(rng.randint(-10 ** 7, 10 ** 7)) for _ in range(1000)]
              + [round(rng.uniform(0, 1000), rng.randint(0, 6)) for _ in range(1000)]
              + [None, float("nan"), -0.0, 0.0, float("inf")])
    got = cast_to_string(pa.array(values, pa.float64()), DoubleType()).to_pylist()
    assert got == [None if v is None else format_double(v) for v in values]
    f32 = pa.array(values, pa.float32())
    got = cast_to_string(f32, FloatType()).to_pylist()
    assert got == [None if v is None else format_float(v) for v in f32.to_pylist()]


# hex bytes -> Spark's cast(binary as string): Java's replacement of malformed UTF-8
UTF8 = [
    ('edbff8efc2', '����'),
    ('f0edbf90', '��'),
    ('9fedbfa0ef', '���'),
    ('80f0edbf', '���'),
    ('e18fedbf90', '��'),
    ('feedbf', '��'),
    ('90eda0f0fc90', '�����'),
    ('dfc1eda0', '���'),
    ('f0c2ffeeeda0', '�����'),
    ('ffdfeda0dffe', '�����'),
    ('edbf', '�'),
    ('edbff1c0e1a0', '����'),
    ('edbf', '�'),
    ('c1edefeda0', '����'),
    ('edbfdff5', '���'),
    ('41edbfe1fe', 'A���'),
    ('fcedbf', '��'),
    ('f4fceda0e08f', '�����'),
    ('f0ed8feda0', '���'),
    ('8ff8bfc0', '����'),
    ('f8edf4', '���'),
    ('c0', '�'),
    ('a0df', '��'),
    ('c0', '�'),
    ('feff', '��'),
    ('f5c0e08fef', '�����'),
    ('f1c1ff', '���'),
    ('ffa0efe1', '����'),
    ('c0fefef580f5', '������'),
    ('41f1', 'A�'),
    ('fcfff4', '���'),
    ('e090c0ff', '����'),
    ('dff0', '��'),
    ('fe', '�'),
    ('fc8ff4df', '����'),
    ('80c2f8', '���'),
    ('efefed9fc2fe', '�����'),
    ('8fbf', '��'),
    ('f4ede0f080', '�����'),
    ('f1e090efef', '�����'),
    ('feedfff0', '����'),
    ('bfc2e0f8e0f5', '������'),
    ('fcf0', '��'),
    ('fe', '�'),
    ('a0f8f8fff89f', '������'),
    ('ffa0edfe', '����'),
    ('f0', '�'),
    ('f1c0e1', '���'),
    ('bf80f4', '���'),
    ('9fede0f4', '����'),
    ('9ff8ff', '���'),
    ('f490eef49f', '�����'),
    ('e180c1df9ff1', '��ߟ�'),
    ('f0f4', '��'),
    ('f1c2f5ee', '����'),
    ('f0ed80f1', '���'),
    ('e1fce0dfa080', '���ߠ�'),
    ('f4f190', '��'),
    ('a0', '�'),
]


@pytest.mark.parametrize("hexbytes,expected", UTF8)
def test_binary_decoding(hexbytes, expected):
    assert decode_utf8(bytes.fromhex(hexbytes)) == expected


def test_binary_column():
    arr = pa.array([b"Hello", b"\xc3(", None, b"", b"\xed\xa0\x80"], pa.binary())
    assert cast_to_string(arr, BinaryType()).to_pylist() == \
        ["Hello", "\ufffd(", None, "", "\ufffd"]
    assert cast_to_string(arr, BinaryType(), pretty=True).to_pylist() == \
        ["[48 65 6C 6C 6F]", "[C3 28]", "NULL", "[]", "[ED A0 80]"]
    valid = pa.array([b"ok", None], pa.large_binary())
    assert cast_to_string(valid, BinaryType()).to_pylist() == ["ok", None]


def test_timestamps_in_session_zone():
    # spark.sql.session.timeZone=America/Los_Angeles: cast(timestamp_micros(x) as string)
    micros = [0, -62135596800000000, -3000000000000000, 1710066600000000, None]
    arr = pa.array(micros, pa.timestamp("us", tz="UTC"))
    assert cast_to_string(arr, TimestampType(), "America/Los_Angeles").to_pylist() == \
        ["1969-12-31 16:00:00", "0000-12-31 16:07:02", "1874-12-07 10:47:02",
         "2024-03-10 03:30:00", None]
    assert cast_to_string(arr, TimestampType(), "UTC").to_pylist() == \
        ["1970-01-01 00:00:00", "0001-01-01 00:00:00", "1874-12-07 18:40:00",
         "2024-03-10 10:30:00", None]


def test_timestamp_extremes_and_units():
    # Spark (UTC): timestamp_micros(...) cast to string
    micros = [-62135596800000000 - 86400000000 * 366, 253402300800000000,
              -62135596800000000 - 1, 1704164645120000, 1704164645000001]
    expected = ["0000-01-01 00:00:00", "+10000-01-01 00:00:00", "0000-12-31 23:59:59.999999",
                "2024-01-02 03:04:05.12", "2024-01-02 03:04:05.000001"]
    arr = pa.array(micros, pa.timestamp("us", tz="UTC"))
    assert cast_to_string(arr, TimestampType()).to_pylist() == expected
    ntz = pa.array(micros, pa.timestamp("us"))
    assert cast_to_string(ntz, TimestampNTZType(), "Asia/Tokyo").to_pylist() == expected
    # other units are read as microseconds
    ns = pa.array([1704164645120000123], pa.timestamp("ns", tz="UTC"))
    assert cast_to_string(ns, TimestampType()).to_pylist() == ["2024-01-02 03:04:05.12"]
    s = pa.array([1704164645], pa.timestamp("s"))
    assert cast_to_string(s, TimestampNTZType()).to_pylist() == ["2024-01-02 03:04:05"]


def test_dates():
    # make_date(10000,1,2), date'0001-01-01' - 1, - 400*365, make_date(-5,3,1)
    days = [2932898, -719163, -719162 - 400 * 365, -721295, 19724, None]
    arr = pa.array(days, pa.date32())
    assert cast_to_string(arr, DateType()).to_pylist() == \
        ["+10000-01-02", "0000-12-31", "-0399-04-08", "-0005-03-01", "2024-01-02", None]


def test_decimals():
    t = DecimalType(20, 10)
    arr = pa.array([Decimal("0E-10"), Decimal("1.5"), Decimal("-0.001"), None],
                   pa.decimal128(20, 10))
    assert cast_to_string(arr, t).to_pylist() == \
        ["0.0000000000", "1.5000000000", "-0.0010000000", None]
    big = pa.array([Decimal("1E-30"), Decimal("0")], pa.decimal128(30, 30))
    assert cast_to_string(big, DecimalType(30, 30)).to_pylist() == \
        ["0.000000000000000000000000000001", "0.000000000000000000000000000000"]
    assert format_decimal(Decimal("1.0000000000000E-7"), 20) == "0.00000010000000000000"
    assert format_decimal(Decimal("1.25"), 1) == "1.3"   # half-up, as Spark rounds


# (start field, end field, Spark's strings for DT_VALUES)
DT_VALUES = [datetime.timedelta(0), datetime.timedelta(microseconds=1),
             datetime.timedelta(microseconds=-1),
             datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
             -datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
             datetime.timedelta(hours=25, seconds=1.25), datetime.timedelta(days=106751991),
             -datetime.timedelta(seconds=59.999999), datetime.timedelta(minutes=61, seconds=7.1)]
DT_CASES = [
    (0, 0, ["INTERVAL '0' DAY", "INTERVAL '0' DAY", "INTERVAL '-0' DAY", "INTERVAL '1' DAY", "INTERVAL '-1' DAY", "INTERVAL '1' DAY", "INTERVAL '106751991' DAY", "INTERVAL '-0' DAY", "INTERVAL '0' DAY"]),
    (0, 1, ["INTERVAL '0 00' DAY TO HOUR", "INTERVAL '0 00' DAY TO HOUR", "INTERVAL '-0 00' DAY TO HOUR", "INTERVAL '1 02' DAY TO HOUR", "INTERVAL '-1 02' DAY TO HOUR", "INTERVAL '1 01' DAY TO HOUR", "INTERVAL '106751991 00' DAY TO HOUR", "INTERVAL '-0 00' DAY TO HOUR", "INTERVAL '0 01' DAY TO HOUR"]),
    (0, 2, ["INTERVAL '0 00:00' DAY TO MINUTE", "INTERVAL '0 00:00' DAY TO MINUTE", "INTERVAL '-0 00:00' DAY TO MINUTE", "INTERVAL '1 02:03' DAY TO MINUTE", "INTERVAL '-1 02:03' DAY TO MINUTE", "INTERVAL '1 01:00' DAY TO MINUTE", "INTERVAL '106751991 00:00' DAY TO MINUTE", "INTERVAL '-0 00:00' DAY TO MINUTE", "INTERVAL '0 01:01' DAY TO MINUTE"]),
    (0, 3, ["INTERVAL '0 00:00:00' DAY TO SECOND", "INTERVAL '0 00:00:00.000001' DAY TO SECOND", "INTERVAL '-0 00:00:00.000001' DAY TO SECOND", "INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '-1 02:03:04.5' DAY TO SECOND", "INTERVAL '1 01:00:01.25' DAY TO SECOND", "INTERVAL '106751991 00:00:00' DAY TO SECOND", "INTERVAL '-0 00:00:59.999999' DAY TO SECOND", "INTERVAL '0 01:01:07.1' DAY TO SECOND"]),
    (1, 1, ["INTERVAL '00' HOUR", "INTERVAL '00' HOUR", "INTERVAL '-00' HOUR", "INTERVAL '26' HOUR", "INTERVAL '-26' HOUR", "INTERVAL '25' HOUR", "INTERVAL '2562047784' HOUR", "INTERVAL '-00' HOUR", "INTERVAL '01' HOUR"]),
    (1, 2, ["INTERVAL '00:00' HOUR TO MINUTE", "INTERVAL '00:00' HOUR TO MINUTE", "INTERVAL '-00:00' HOUR TO MINUTE", "INTERVAL '26:03' HOUR TO MINUTE", "INTERVAL '-26:03' HOUR TO MINUTE", "INTERVAL '25:00' HOUR TO MINUTE", "INTERVAL '2562047784:00' HOUR TO MINUTE", "INTERVAL '-00:00' HOUR TO MINUTE", "INTERVAL '01:01' HOUR TO MINUTE"]),
    (1, 3, ["INTERVAL '00:00:00' HOUR TO SECOND", "INTERVAL '00:00:00.000001' HOUR TO SECOND", "INTERVAL '-00:00:00.000001' HOUR TO SECOND", "INTERVAL '26:03:04.5' HOUR TO SECOND", "INTERVAL '-26:03:04.5' HOUR TO SECOND", "INTERVAL '25:00:01.25' HOUR TO SECOND", "INTERVAL '2562047784:00:00' HOUR TO SECOND", "INTERVAL '-00:00:59.999999' HOUR TO SECOND", "INTERVAL '01:01:07.1' HOUR TO SECOND"]),
    (2, 2, ["INTERVAL '00' MINUTE", "INTERVAL '00' MINUTE", "INTERVAL '-00' MINUTE", "INTERVAL '1563' MINUTE", "INTERVAL '-1563' MINUTE", "INTERVAL '1500' MINUTE", "INTERVAL '153722867040' MINUTE", "INTERVAL '-00' MINUTE", "INTERVAL '61' MINUTE"]),
    (2, 3, ["INTERVAL '00:00' MINUTE TO SECOND", "INTERVAL '00:00.000001' MINUTE TO SECOND", "INTERVAL '-00:00.000001' MINUTE TO SECOND", "INTERVAL '1563:04.5' MINUTE TO SECOND", "INTERVAL '-1563:04.5' MINUTE TO SECOND", "INTERVAL '1500:01.25' MINUTE TO SECOND", "INTERVAL '153722867040:00' MINUTE TO SECOND", "INTERVAL '-00:59.999999' MINUTE TO SECOND", "INTERVAL '61:07.1' MINUTE TO SECOND"]),
    (3, 3, ["INTERVAL '00' SECOND", "INTERVAL '00.000001' SECOND", "INTERVAL '-00.000001' SECOND", "INTERVAL '93784.5' SECOND", "INTERVAL '-93784.5' SECOND", "INTERVAL '90001.25' SECOND", "INTERVAL '9223372022400' SECOND", "INTERVAL '-59.999999' SECOND", "INTERVAL '3667.1' SECOND"]),
]


@pytest.mark.parametrize("start,end,expected", DT_CASES)
def test_day_time_intervals(start, end, expected):
    t = DayTimeIntervalType(start, end)
    arr = pa.array(DT_VALUES, pa.duration("us"))
    assert cast_to_string(arr, t).to_pylist() == expected
    micros = [(v.days * 86400 + v.seconds) * 10 ** 6 + v.microseconds for v in DT_VALUES]
    assert [format_day_time_interval(m, start, end) for m in micros] == expected


def test_year_month_intervals():
    months = [0, 1, -1, 14, -14, 12, 2147483647, -2147483648, -25]
    assert [format_year_month_interval(m, 0, 1) for m in months] == [
        "INTERVAL '0-0' YEAR TO MONTH", "INTERVAL '0-1' YEAR TO MONTH",
        "INTERVAL '-0-1' YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH",
        "INTERVAL '-1-2' YEAR TO MONTH", "INTERVAL '1-0' YEAR TO MONTH",
        "INTERVAL '178956970-7' YEAR TO MONTH", "INTERVAL '-178956970-8' YEAR TO MONTH",
        "INTERVAL '-2-1' YEAR TO MONTH"]
    assert format_year_month_interval(-2147483648, 1, 1) == "INTERVAL '-2147483648' MONTH"
    assert format_year_month_interval(178956970 * 12, 0, 0) == "INTERVAL '178956970' YEAR"
    assert format_year_month_interval(-24, 0, 0) == "INTERVAL '-2' YEAR"
    arr = pa.array([14, None, -1], pa.int32())
    assert cast_to_string(arr, YearMonthIntervalType(0, 1)).to_pylist() == \
        ["INTERVAL '1-2' YEAR TO MONTH", None, "INTERVAL '-0-1' YEAR TO MONTH"]


NESTED = StructType([
    StructField("a", ArrayType(StructType([StructField("x", IntegerType()),
                                           StructField("y", DoubleType())]))),
    StructField("m", MapType(StringType(), ArrayType(DateType()))),
    StructField("b", BinaryType())])


def test_nested_nulls_at_every_level():
    rows = [Row(a=[Row(x=1, y=1e10), None, Row(x=None, y=None)],
                m={"k": [datetime.date(2024, 1, 1), None], "e": None, "z": []}, b=b"\x01"),
            None,
            Row(a=None, m=None, b=None),
            Row(a=[], m={}, b=b"")]
    arr = column(rows, NESTED)
    assert cast_to_string(arr, NESTED).to_pylist() == [
        "{[{1, 1.0E10}, null, {null, null}], {k -> [2024-01-01, null], e -> null, z -> []}, \x01}",
        None,
        "{null, null, null}",
        "{[], {}, }"]
    assert cast_to_string(arr, NESTED, pretty=True).to_pylist() == [
        "{[{1, 1.0E10}, NULL, {NULL, NULL}], {k -> [2024-01-01, NULL], e -> NULL, z -> []}, [01]}",
        "NULL",
        "{NULL, NULL, NULL}",
        "{[], {}, []}"]


def test_sliced_and_chunked_columns():
    t = ArrayType(MapType(IntegerType(), StringType()))
    values = [[{1: "a"}], None, [{2: None, 3: "c"}, None], [], [{4: "d"}]]
    arr = column(values, t)
    full = cast_to_string(arr, t).to_pylist()
    assert full == ["[{1 -> a}]", None, "[{2 -> null, 3 -> c}, null]", "[]", "[{4 -> d}]"]
    assert cast_to_string(arr.slice(2, 2), t).to_pylist() == full[2:4]
    chunked = pa.chunked_array([arr.slice(0, 3), arr.slice(3)])
    out = cast_to_string(chunked, t)
    assert isinstance(out, pa.Array) and out.to_pylist() == full
    st = StructType([StructField("i", IntegerType()), StructField("s", StringType())])
    sarr = column([Row(i=1, s="x"), None, Row(i=3, s=None)], st)
    assert cast_to_string(sarr.slice(1), st).to_pylist() == [None, "{3, null}"]
    assert cast_to_string(pa.chunked_array([], pa.int64()), LongType()).to_pylist() == []


def test_simple_types():
    assert cast_to_string(pa.array([True, None, False]), BooleanType()).to_pylist() == \
        ["true", None, "false"]
    assert cast_to_string(pa.array([-128, 127, None], pa.int8()), ByteType()).to_pylist() == \
        ["-128", "127", None]
    assert cast_to_string(pa.array([2 ** 63 - 1], pa.int64()), LongType()).to_pylist() == \
        ["9223372036854775807"]
    assert cast_to_string(pa.array(["a", None], pa.large_string()), StringType()).to_pylist() \
        == ["a", None]
    assert cast_to_string(pa.nulls(2), NullType()).to_pylist() == [None, None]
    assert cast_to_string(pa.nulls(2), NullType(), pretty=True).to_pylist() == ["NULL", "NULL"]
    st = StructType([])
    assert cast_to_string(pa.array([{}], pa.struct([])), st).to_pylist() == ["{}"]
