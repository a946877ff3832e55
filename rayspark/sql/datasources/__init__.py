"""File data sources of rayspark.sql, at the Arrow level.

* :mod:`.options` - case-insensitive option maps with Spark's typed getters
* :mod:`.file_index` - listing input paths, globs, hidden files, partition discovery
* :mod:`.file_format` - the ``FileFormat`` interface and ``get_format(name)``
* :mod:`.parquet`, :mod:`.csv`, :mod:`.json`, :mod:`.text`, :mod:`.orc` - the formats
* :mod:`.commit` - the job/task commit protocol of directory writes

Nothing here needs a DataFrame or Ray: the DataFrame reader/writer plans scans over
``FileIndex.files`` and calls ``FileFormat.read``/``write`` inside tasks.
"""
from rayspark.sql.datasources.commit import JobCommitter, partition_dir_name
from rayspark.sql.datasources.file_format import FileFormat, get_format
from rayspark.sql.datasources.file_index import FileIndex, FileSplit, list_files
from rayspark.sql.datasources.options import CaseInsensitiveOptions

__all__ = ["CaseInsensitiveOptions", "FileIndex", "FileSplit", "list_files", "FileFormat",
           "get_format", "JobCommitter", "partition_dir_name"]
