"""Full-text search in French: what is indexed, and how a query is read.

SQLite's FTS5 has no French stemmer, so the loader stores beside each subject (and each
beneficiary name) a `search_text`: the words as written followed by their French stems
(Snowball). A query is stemmed the same way (`stem_query`, registered in Datasette as its
`escape_fts`), so that "numérique" finds "numériques" and "médiation" finds "médiateurs"
only where the stems agree.

>>> stems("Les conseillers numériques")
['le', 'conseiller', 'numer']
>>> stem_query('conseiller numérique')
'"conseil" "numer"'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: words as FTS5's unicode61 tokenizer cuts them (a hyphen or an apostrophe ends a word):
#: "tiers-lieux" is indexed as "tiers" and "lieux", so it is stemmed as "tier" and "lieux"
_WORD = re.compile(r"\w+", re.UNICODE)
MARK = "\u2016"  # separates the words as written from their stems in `search_text`


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    """French stems of the words of `text`, lower case, in order."""
    return [_stem(w.lower()) for w in _WORD.findall(text)]


def search_text(*parts: str | None) -> str | None:
    """What the full-text index holds for these texts: the words, then their stems."""
    words = " ".join(p for p in parts if p)
    if not words.strip():
        return None
    return f"{words} {MARK} {' '.join(dict.fromkeys(stems(words)))}"


#: what an apostrophe leaves before a word ("l'aménagement", "jusqu'à"): not required in
#: a query, since the index cuts them off as words of their own
ELIDED = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"})


def stem_query(query: str) -> str:
    """A user's search as an FTS5 query on stems: each word quoted (no FTS syntax can be
    injected), all words required but the elided ones."""
    return " ".join(f'"{s}"' for s in dict.fromkeys(stems(query)) if s and s not in ELIDED)


def create_fts(bind: Any, table: str, column: str) -> None:
    """An FTS5 index over `table.column` (external content), and the triggers that keep it
    current in the transaction that changes the table."""
    from sqlalchemy import text

    fts = f"{table}_fts"
    for name in ("ai", "ad", "au"):
        bind.execute(text(f"DROP TRIGGER IF EXISTS {fts}_{name}"))
    bind.execute(text(f"DROP TABLE IF EXISTS {fts}"))
    bind.execute(
        text(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
    )
    bind.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
    new = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    old = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    bind.execute(text(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {new} END"))
    bind.execute(text(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {old} END"))
    bind.execute(text(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {old} {new} END"))
