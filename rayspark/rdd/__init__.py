"""The RDD layer. ``from rayspark.rdd import RDD, portable_hash, ...`` works as
``from pyspark.rdd import ...`` does (names are resolved lazily to avoid import cycles: the
shuffle and storage layers import submodules of this package)."""

_EXPORTS = {
    "RDD": ("rayspark.rdd.rdd", "RDD"),
    "BoundedFloat": ("rayspark.rdd.rdd", "BoundedFloat"),
    "Partitioner": ("rayspark.rdd.partitioner", "Partitioner"),
    "portable_hash": ("rayspark.rdd.partitioner", "portable_hash"),
    "StorageLevel": ("rayspark.storage.storage_level", "StorageLevel"),
    "ResultIterable": ("rayspark.resultiterable", "ResultIterable"),
    "StatCounter": ("rayspark.statcounter", "StatCounter"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'rayspark.rdd' has no attribute {name!r}") from None
    import importlib
    return getattr(importlib.import_module(module), attr)


def __dir__():
    return sorted(list(globals()) + __all__)
