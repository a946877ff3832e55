"""Submitted to a Ray cluster by the CLI tests: prints the nodes its executors run on and a word
count of words.txt (shipped in the job's working_dir; read on the driver, counted by executors
with ``textutil`` from --py-files)."""
import json
from operator import add

from rayspark import SparkContext
from textutil import normalize

sc = SparkContext()
nodes = sorted({info["node_id"] for info in sc._backend.executor_info()})
print("EXECUTOR_NODES " + json.dumps(nodes), flush=True)
with open("words.txt") as f:
    lines = f.read().splitlines()
counts = (sc.parallelize(lines, 4).flatMap(str.split).map(normalize).filter(bool)
          .map(lambda w: (w, 1)).reduceByKey(add, 4))
top = counts.takeOrdered(3, key=lambda kv: (-kv[1], kv[0]))
print(f"app {sc.appName} on {sc.master} with {sc.defaultParallelism} slots: {top}", flush=True)
sc.stop()
