"""Run PySpark's own docstring examples (DataFrame, Column, GroupedData, functions) against
rayspark - a development check of fidelity, not part of the test suite (it needs pyspark
installed to read the docstrings; the examples then run with `pyspark.sql` aliased to
`rayspark.sql`). Usage:

    python tests/sql/tools/run_pyspark_doctests.py DataFrame|Column|GroupedData|functions

Prints how many example sets pass and the failing ones; details go to
/tmp/rayspark-doctests/<target>.json. Many failures are expected: row order of unsorted
results (Spark's hash partitioning), Spark 4 features rayspark lacks (sketches, variants,
UDTFs, streaming) and examples that print JVM details."""
import doctest, sys, types, importlib, io, contextlib, re, json
import rayspark.sql as rs
import rayspark.sql.functions as rsf
import rayspark.sql.types as rst
import rayspark.sql.window as rsw
# load the real pyspark modules first (to read docstrings), then alias for the examples
import pyspark.sql.dataframe as psdf
import pyspark.sql.column as pscol
import pyspark.sql.functions.builtin as psfun
import pyspark.sql.group as psgroup
targets = {"DataFrame": (psdf.DataFrame, None), "Column": (pscol.Column, None), "GroupedData": (psgroup.GroupedData, None)}
for k in list(sys.modules):
    if k == "pyspark" or k.startswith("pyspark."):
        del sys.modules[k]
fake = types.ModuleType("pyspark"); fake.__path__ = []
sys.modules["pyspark"] = fake
sys.modules["pyspark.sql"] = rs
sys.modules["pyspark.sql.functions"] = rsf
sys.modules["pyspark.sql.types"] = rst
sys.modules["pyspark.sql.window"] = rsw
sys.modules["pyspark.sql.Window"] = rsw
import rayspark.storagelevel as rsl
sys.modules["pyspark.storagelevel"] = rsl
from rayspark.sql import SparkSession
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "2")
which = sys.argv[1]
results = {}
finder = doctest.DocTestFinder()
runner_opts = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
objs = []
if which == "functions":
    for name in dir(psfun):
        f = getattr(psfun, name)
        if callable(f) and getattr(f, "__doc__", None) and ">>>" in f.__doc__ and not name.startswith("_"):
            objs.append((name, f))
else:
    cls = targets[which][0]
    for name, f in vars(cls).items():
        f = getattr(f, "fget", f)
        if callable(f) and getattr(f, "__doc__", None) and ">>>" in (f.__doc__ or "") and not name.startswith("_"):
            objs.append((name, f))
ok = fail = 0
for name, f in sorted(objs, key=lambda x: x[0]):
    tests = finder.find(f, name, globs={"spark": spark, "sc": spark.sparkContext})
    for t in tests:
        import rayspark.sql as _rs, rayspark.sql.types as _t
        import rayspark.sql.functions as _f
        t.globs.update({"spark": spark, "sc": spark.sparkContext, "Row": _rs.Row, "StorageLevel": rsl.StorageLevel, **{k: getattr(_t, k) for k in _t.__all__}, **{k: getattr(_f, k) for k in dir(_f) if not k.startswith("_")}, "sf": _f, "F": _f})
        runner = doctest.DocTestRunner(optionflags=runner_opts)
        out = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()):
            r = runner.run(t, out=out.write)
        results[name] = (r.failed, r.attempted, out.getvalue()[:3000])
        if r.failed: fail += 1
        else: ok += 1
print(f"{which}: {ok} examples-sets pass, {fail} fail")
import os
os.makedirs("/tmp/rayspark-doctests", exist_ok=True)
json.dump(results, open(f"/tmp/rayspark-doctests/{which}.json", "w"), indent=1)
for n, (f_, a, o) in sorted(results.items()):
    if f_: print("FAIL", n, f"{f_}/{a}")
