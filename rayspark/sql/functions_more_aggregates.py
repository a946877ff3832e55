"""PySpark functions whose Python signatures take more than columns (see the module's
expressions counterpart for their implementations); re-exported by rayspark.sql.functions."""
from __future__ import annotations

__all__: list = []
