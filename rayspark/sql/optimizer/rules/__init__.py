"""Optimizer rules, in the order they run."""
from __future__ import annotations


def all_rules():
    import importlib
    out = []
    for name in ("constant_folding", "combine_filters", "push_down_predicates",
                 "collapse_project", "remove_noop_project", "collapse_window",
                 "prune_file_columns",
                 "push_filters_into_scan"):
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":
                continue
            raise
        out.append(mod.rule)
    return out
