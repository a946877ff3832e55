"""``spark.catalog``: temporary views (session and global), tables saved under the
warehouse directory, caching by name, and listing."""
from __future__ import annotations

import os
from collections import namedtuple
from typing import Dict, List, Optional

from ..errors import AnalysisException

__all__ = ["Catalog", "Table", "Column", "Database", "Function"]

Table = namedtuple("Table", "name catalog namespace description tableType isTemporary")
Column = namedtuple("Column", "name description dataType nullable isPartition isBucket isCluster")
Database = namedtuple("Database", "name catalog description locationUri")
Function = namedtuple("Function", "name catalog namespace description className isTemporary")

_GLOBAL_VIEWS: Dict[str, object] = {}
GLOBAL_DB = "global_temp"


def _not_found(name: str):
    return AnalysisException(
        f"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found. Verify the "
        "spelling and correctness of the schema and catalog.\nIf you did not qualify the name "
        "with a schema, verify the current_schema() output, or qualify the name with the "
        "correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or "
        "DROP TABLE IF EXISTS. SQLSTATE: 42P01", "TABLE_OR_VIEW_NOT_FOUND",
        {"relationName": f"`{name}`"})


class Catalog:
    def __init__(self, session):
        self._session = session
        self._views: Dict[str, object] = {}
        self._current_db = "default"

    # -- views ----------------------------------------------------------------------------
    def _create_temp_view(self, name: str, df, replace: bool, global_: bool = False):
        store = _GLOBAL_VIEWS if global_ else self._views
        key = name.lower()
        if key in store and not replace:
            kind = f"`{GLOBAL_DB}`.`{name}`" if global_ else f"`{name}`"
            raise AnalysisException(
                f"[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view "
                f"{kind} because it already exists.\nChoose a different name, drop or replace "
                "the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing "
                "views. SQLSTATE: 42P07", "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS")
        store[key] = (name, df)

    def _lookup(self, name: str):
        parts = [p.strip("`") for p in name.split(".")]
        if len(parts) == 2 and parts[0].lower() == GLOBAL_DB:
            hit = _GLOBAL_VIEWS.get(parts[1].lower())
            if hit is None:
                raise _not_found(name)
            return hit[1]
        if len(parts) == 1:
            hit = self._views.get(parts[0].lower())
            if hit is not None:
                return hit[1]
        table_dir = self._table_path(parts[-1])
        if os.path.isdir(table_dir):
            return self._session.read.parquet(table_dir)
        raise _not_found(name)

    def _table(self, name: str):
        from .dataframe import DataFrame
        from .plan.logical import SubqueryAlias
        df = self._lookup(name)
        alias = name.split(".")[-1].strip("`")
        return DataFrame(SubqueryAlias(alias, df._plan), self._session)

    def _warehouse(self) -> str:
        return os.path.abspath(self._session.conf.get("spark.sql.warehouse.dir"))

    def _table_path(self, name: str) -> str:
        return os.path.join(self._warehouse(), name.lower())

    def _drop_table(self, name: str) -> bool:
        """DROP TABLE of a table saved in the warehouse directory: its files are deleted."""
        import shutil
        path = self._table_path(name)
        if not os.path.isdir(path):
            return False
        shutil.rmtree(path)
        return True

    def dropTempView(self, viewName: str) -> bool:
        return self._views.pop(viewName.lower(), None) is not None

    def dropGlobalTempView(self, viewName: str) -> bool:
        return _GLOBAL_VIEWS.pop(viewName.lower(), None) is not None

    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        try:
            self._lookup(tableName if dbName is None else f"{dbName}.{tableName}")
            return True
        except AnalysisException:
            return False

    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        import fnmatch
        out = []
        wh = self._warehouse()
        if os.path.isdir(wh) and dbName in (None, "default"):
            for n in sorted(os.listdir(wh)):
                if os.path.isdir(os.path.join(wh, n)):
                    out.append(Table(n, "spark_catalog", ["default"], None, "MANAGED", False))
        if dbName == GLOBAL_DB:
            for k, (n, _) in sorted(_GLOBAL_VIEWS.items()):
                out.append(Table(n, None, [GLOBAL_DB], None, "TEMPORARY", True))
        for k, (n, _) in sorted(self._views.items()):
            out.append(Table(n, None, [], None, "TEMPORARY", True))
        if pattern:
            out = [t for t in out if fnmatch.fnmatch(t.name, pattern.replace("*", "*"))]
        return out

    def listColumns(self, tableName: str, dbName: Optional[str] = None) -> List[Column]:
        df = self._lookup(tableName)
        return [Column(f.name, None, f.dataType.simpleString(), f.nullable, False, False, False)
                for f in df.schema.fields]

    def listDatabases(self, pattern: Optional[str] = None) -> List[Database]:
        return [Database("default", "spark_catalog", "default database", self._warehouse())]

    def listFunctions(self, dbName=None, pattern=None) -> List[Function]:
        from .functions_registry import function_names
        return [Function(n, None, None, None, "builtin", True) for n in function_names()]

    def currentDatabase(self) -> str:
        return self._current_db

    def setCurrentDatabase(self, dbName: str) -> None:
        self._current_db = dbName

    def currentCatalog(self) -> str:
        return "spark_catalog"

    def databaseExists(self, dbName: str) -> bool:
        return dbName in ("default", GLOBAL_DB)

    # -- caching --------------------------------------------------------------------------
    def cacheTable(self, tableName: str, storageLevel=None) -> None:
        df = self._lookup(tableName)
        df.cache() if storageLevel is None else df.persist(storageLevel)

    def uncacheTable(self, tableName: str) -> None:
        self._lookup(tableName).unpersist()

    def isCached(self, tableName: str) -> bool:
        return self._session._cache_manager.is_cached_plan(self._lookup(tableName)._plan)

    def clearCache(self) -> None:
        self._session._cache_manager.clear()

    def refreshTable(self, tableName: str) -> None:
        pass

    def refreshByPath(self, path: str) -> None:
        pass
