"""What Alembic's comparison leaves aside: the full-text indexes of SQLite (FTS5 virtual
tables and their shadow tables), created by migration 0003 outside the models."""

from __future__ import annotations

from typing import Any


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name is not None and "_fts" in name)
