"""A small app for `rayspark submit`: the three most frequent words of a text file (argv[1]).

It names no master and no app name: `rayspark submit` (RAYSPARK_MASTER, RAYSPARK_CONF) decides.
``textutil`` comes from --py-files and runs on the executors.
"""
import sys
from operator import add

from rayspark import SparkContext
from textutil import normalize


def main(path):
    sc = SparkContext()
    counts = (sc.textFile(path, 3).flatMap(str.split).map(normalize)
              .filter(bool).map(lambda w: (w, 1)).reduceByKey(add))
    conf = sc.getConf()
    print(f"app {conf.get('spark.app.name')} on {sc.master} with executor memory "
          f"{conf.get('spark.executor.memory')}")
    for word, n in counts.takeOrdered(3, key=lambda kv: (-kv[1], kv[0])):
        print(f"{word}: {n}")
    sc.stop()


if __name__ == "__main__":
    main(sys.argv[1])
