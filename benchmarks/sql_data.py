"""Deterministic input data and expected answers for benchmarks.sql_bench.

Everything is generated with numpy from fixed seeds and written with
pyarrow, once per size, under ``<data-dir>/<size>/`` (default data dir
``/tmp/rayspark-bench-data``).  A ``DONE`` file holding the generator version
marks a complete data set, so later runs reuse it; a changed ``VERSION``
regenerates.  The expected answers are computed here, single-process, with
pandas/numpy (no engine involved) and cached in ``expected.json``.

Tables (n = rows of the fact table: tiny 10k, small 1M, large 10M):

* ``facts/`` -- n rows in 8 Parquet files: key int64 (100k distinct, fewer
  at tiny), category string (50 distinct), amount double (uniform
  [0, 1000), full precision, so no ties), qty int32 (1..50).
* ``customer/``, ``orders/``, ``lineitem/`` -- TPC-H shaped, Parquet:
  lineitem has n rows (l_orderkey, l_extendedprice, l_discount, l_shipdate),
  orders n/4 rows (o_orderkey, o_custkey, o_orderdate, o_shippriority),
  customer n/40 rows (c_custkey, c_mktsegment; 5 segments).  Dates and
  ratios follow TPC-H: orderdate uniform in [1992-01-01, 1998-08-02 - 151
  days], shipdate = orderdate + 1..121 days, 1..7 line items per order.
* ``csv/data.csv`` -- one CSV file with a header and n rows:
  id (int), price (double, 2 decimals), name (string), day (date).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import time

VERSION = "1"
SEED = 20240617
DEFAULT_DATA_DIR = "/tmp/rayspark-bench-data"
SIZES = {"tiny": 10_000, "small": 1_000_000, "large": 10_000_000}

N_KEYS = 100_000
N_CATEGORIES = 50
FACT_FILES = 8
LINEITEM_FILES = 8
ORDERS_FILES = 2
SEGMENTS = ["AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"]
Q3_SEGMENT = "BUILDING"
Q3_DATE = _dt.date(1995, 3, 15)
WINDOW_TOP = 3
CSV_NAMES = 1000

_EPOCH = _dt.date(1970, 1, 1)
_ORDER_START = (_dt.date(1992, 1, 1) - _EPOCH).days
_ORDER_END = (_dt.date(1998, 8, 2) - _EPOCH).days - 151


def _rng(*stream):
    import numpy as np
    return np.random.default_rng([SEED, *stream])


def _category_names():
    # words, not numbers, so nothing infers them as numeric
    import random
    r = random.Random(SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = set()
    while len(out) < N_CATEGORIES:
        out.add("".join(r.choice(letters) for _ in range(r.randint(4, 10))))
    return sorted(out)


def _write_parquet_parts(table, path, n_files):
    import pyarrow.parquet as pq
    os.makedirs(path, exist_ok=True)
    n = table.num_rows
    for i in range(n_files):
        lo, hi = n * i // n_files, n * (i + 1) // n_files
        pq.write_table(table.slice(lo, hi - lo), os.path.join(path, f"part-{i:05d}.parquet"),
                       row_group_size=1 << 20)


# --------------------------------------------------------------------------
# generators
# --------------------------------------------------------------------------

def gen_facts(n):
    import numpy as np
    import pyarrow as pa
    rng = _rng(1)
    cats = np.array(_category_names(), dtype=object)
    key = rng.integers(0, min(N_KEYS, max(1, n // 10)), n, dtype=np.int64)
    cat = rng.integers(0, N_CATEGORIES, n)
    amount = rng.random(n) * 1000.0
    qty = rng.integers(1, 51, n, dtype=np.int32)
    return pa.table({"key": key,
                     "category": pa.DictionaryArray.from_arrays(
                         pa.array(cat.astype(np.int32)), pa.array(cats.tolist())).cast(pa.string()),
                     "amount": amount, "qty": qty})


def gen_tpch(n):
    import numpy as np
    import pyarrow as pa
    rng = _rng(2)
    n_orders = max(1, n // 4)
    n_cust = max(1, n // 40)
    # customer
    seg = rng.integers(0, len(SEGMENTS), n_cust)
    customer = pa.table({
        "c_custkey": np.arange(1, n_cust + 1, dtype=np.int64),
        "c_mktsegment": pa.array(np.array(SEGMENTS, dtype=object)[seg].tolist(), pa.string())})
    # orders: enough orders that the line items reach n rows
    counts = rng.integers(1, 8, n_orders + n // 2 + 8)
    csum = np.cumsum(counts)
    n_orders = int(np.searchsorted(csum, n) + 1)
    counts = counts[:n_orders]
    orderdate = rng.integers(_ORDER_START, _ORDER_END + 1, n_orders).astype(np.int32)
    orders = pa.table({
        "o_orderkey": np.arange(1, n_orders + 1, dtype=np.int64),
        "o_custkey": rng.integers(1, n_cust + 1, n_orders, dtype=np.int64),
        "o_orderdate": pa.array(orderdate, pa.date32()),
        "o_shippriority": np.zeros(n_orders, dtype=np.int32)})
    # lineitem: sorted by order key (as dbgen writes it), truncated to n rows
    l_orderkey = np.repeat(np.arange(1, n_orders + 1, dtype=np.int64), counts)[:n]
    l_ship = (np.repeat(orderdate, counts)[:n] + rng.integers(1, 122, n)).astype(np.int32)
    lineitem = pa.table({
        "l_orderkey": l_orderkey,
        "l_extendedprice": np.round(rng.uniform(900.0, 105000.0, n), 2),
        "l_discount": rng.integers(0, 11, n) / 100.0,
        "l_shipdate": pa.array(l_ship, pa.date32())})
    return customer, orders, lineitem


def gen_csv_table(n):
    import numpy as np
    import pyarrow as pa
    rng = _rng(3)
    names = np.array([f"name_{w}" for w in _category_names()[:10]] +
                     [f"user{i:04d}x" for i in range(CSV_NAMES - 10)], dtype=object)
    start = (_dt.date(2015, 1, 1) - _EPOCH).days
    return pa.table({
        "id": np.arange(n, dtype=np.int32),
        "price": np.round(rng.uniform(0.0, 10000.0, n), 2),
        "name": pa.array(names[rng.integers(0, CSV_NAMES, n)].tolist(), pa.string()),
        "day": pa.array(rng.integers(start, start + 3650, n).astype(np.int32), pa.date32())})


def write_csv(table, path):
    import pyarrow.csv as pcsv
    os.makedirs(os.path.dirname(path), exist_ok=True)
    opts = pcsv.WriteOptions(include_header=True, quoting_style="none")
    with pcsv.CSVWriter(path, table.schema, write_options=opts) as w:
        for batch in table.to_batches(max_chunksize=1 << 20):
            w.write_batch(batch)


# --------------------------------------------------------------------------
# expected answers (pandas, single process)
# --------------------------------------------------------------------------

def _iso(d):
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


def expected_answers(facts, customer, orders, lineitem, csv_table):
    import pandas as pd
    exp = {}
    f = facts.to_pandas()
    g = (f.groupby("category", sort=True)
         .agg(s=("amount", "sum"), c=("amount", "size"), a=("qty", "mean")).reset_index())
    exp["groupby_parquet"] = [[r.category, float(r.s), int(r.c), float(r.a)]
                              for r in g.itertuples(index=False)]

    c = customer.to_pandas()
    o = orders.to_pandas(date_as_object=False)
    li = lineitem.to_pandas(date_as_object=False)
    d = pd.Timestamp(Q3_DATE)
    c = c[c.c_mktsegment == Q3_SEGMENT]
    o = o[o.o_orderdate < d]
    li = li[li.l_shipdate > d]
    j = c.merge(o, left_on="c_custkey", right_on="o_custkey").merge(
        li, left_on="o_orderkey", right_on="l_orderkey")
    j["rev"] = j.l_extendedprice * (1 - j.l_discount)
    q = (j.groupby(["l_orderkey", "o_orderdate", "o_shippriority"]).rev.sum()
         .reset_index().sort_values(["rev", "o_orderdate"], ascending=[False, True]).head(10))
    exp["q3"] = [[int(r.l_orderkey), float(r.rev), _iso(r.o_orderdate.date()), int(r.o_shippriority)]
                 for r in q.itertuples(index=False)]

    s = f.sort_values(["category", "amount"], kind="stable")
    s["rn"] = s.groupby("category").cumcount() + 1
    s["running"] = s.groupby("category").amount.cumsum()
    s = s[s.rn <= WINDOW_TOP]
    exp["window"] = [[r.category, int(r.key), float(r.amount), int(r.rn), float(r.running)]
                     for r in s.itertuples(index=False)]

    t = csv_table.to_pandas(date_as_object=False)
    exp["csv_infer"] = [[int(len(t)), float(t.price.sum()), _iso(t.day.max().date())]]
    exp["csv_schema"] = ["id:int", "price:double", "name:string", "day:date"]
    return exp


# --------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------

def paths(root):
    return {"facts": os.path.join(root, "facts"),
            "customer": os.path.join(root, "customer"),
            "orders": os.path.join(root, "orders"),
            "lineitem": os.path.join(root, "lineitem"),
            "csv": os.path.join(root, "csv", "data.csv")}


def ensure(size: str, data_dir: str = DEFAULT_DATA_DIR, log=None) -> dict:
    """Generate (or reuse) the data set for `size`; return
    {"paths": {...}, "expected": {...}, "rows": n}."""
    n = SIZES[size]
    root = os.path.join(data_dir, size)
    done = os.path.join(root, "DONE")
    exp_path = os.path.join(root, "expected.json")
    if os.path.exists(done):
        with open(done) as fh:
            ok = fh.read().strip() == VERSION
        if ok and os.path.exists(exp_path):
            with open(exp_path) as fh:
                return {"paths": paths(root), "expected": json.load(fh), "rows": n, "root": root}
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    t0 = time.perf_counter()
    p = paths(root)
    facts = gen_facts(n)
    _write_parquet_parts(facts, p["facts"], FACT_FILES)
    customer, orders, lineitem = gen_tpch(n)
    _write_parquet_parts(customer, p["customer"], 1)
    _write_parquet_parts(orders, p["orders"], ORDERS_FILES)
    _write_parquet_parts(lineitem, p["lineitem"], LINEITEM_FILES)
    csv_table = gen_csv_table(n)
    write_csv(csv_table, p["csv"])
    exp = expected_answers(facts, customer, orders, lineitem, csv_table)
    with open(exp_path, "w") as fh:
        json.dump(exp, fh)
    with open(done, "w") as fh:
        fh.write(VERSION)
    if log:
        log(f"generated {size} data ({n:,} rows) in {root} in {time.perf_counter() - t0:.1f}s")
    return {"paths": p, "expected": exp, "rows": n, "root": root}


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sql_data")
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    a = ap.parse_args()
    info = ensure(a.size, a.data_dir, log=print)
    print(json.dumps({k: v for k, v in info.items() if k != "expected"}, indent=1))
