"""SparkFiles: files added with ``SparkContext.addFile`` and where tasks find them.

The driver reads an added file (or directory) once and ships its bytes through the object store;
each executor materialises it under its own root directory the first time a task runs.
``SparkFiles.get(name)`` returns the local path on whichever side it is called.
"""
from __future__ import annotations

import os
from typing import Optional

__all__ = ["SparkFiles", "local_path"]


def local_path(path: str) -> str:
    """``path`` without a ``file:`` / ``file://`` scheme (rayspark reads local file systems)."""
    if path.startswith("file://"):
        return path[7:]
    if path.startswith("file:"):
        return path[5:]
    return path


class SparkFiles:
    _root_directory: Optional[str] = None
    _is_running_on_worker = False

    def __init__(self):
        raise NotImplementedError("Do not construct SparkFiles objects")

    @classmethod
    def get(cls, filename: str) -> str:
        return os.path.join(cls.getRootDirectory(), filename)

    @classmethod
    def getRootDirectory(cls) -> str:
        if cls._root_directory is None:
            raise RuntimeError("SparkFiles root directory is not set: create a SparkContext first")
        return cls._root_directory
