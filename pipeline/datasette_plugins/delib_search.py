"""Datasette plugin of `delib serve`: full-text search in French.

The indexes hold each text's words and their French stems (`pipeline.search`); Datasette
passes a visitor's search through `escape_fts`, which this plugin replaces with one that
stems the words the same way ("numérique" finds "numériques"). `trylast` makes this
registration come after Datasette's own."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from pipeline.search import stem_query


@hookimpl(trylast=True)
def prepare_connection(conn: Any) -> None:
    conn.create_function("escape_fts", 1, stem_query, deterministic=True)
