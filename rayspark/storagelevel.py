"""``pyspark.storagelevel`` import path."""
from .storage.storage_level import StorageLevel

__all__ = ["StorageLevel"]
