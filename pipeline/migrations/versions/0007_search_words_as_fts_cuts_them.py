"""search text stemmed word by word as FTS5 cuts words (a hyphen ends a word)

Revision ID: 0007
Revises: 0006

`pipeline.search` now stems "tiers-lieux" as "tier" and "lieux" (the index cuts it so), so
that a search for "tiers" finds it; rows loaded before hold the stems of whole hyphenated
words. Their `search_text` is computed again here (the index follows through its
triggers, on SQLite); the records themselves do not change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pipeline.search import search_text

    bind = op.get_bind()
    for table, columns in (("deliberations", "subject, theme"), ("beneficiaries", "name, NULL")):
        rows = bind.execute(sa.text(f"SELECT id, {columns}, search_text FROM {table}")).all()
        changed = [
            {"s": new, "id": row[0]}
            for row in rows
            if (new := search_text(row[1], row[2])) != row[3]
        ]
        if changed:
            bind.execute(sa.text(f"UPDATE {table} SET search_text = :s WHERE id = :id"), changed)


def downgrade() -> None:
    pass  # the former stems found less; nothing to restore
