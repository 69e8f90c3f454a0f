"""document paths, pending corpus work, OCR completeness, full-text search kept current

Revision ID: 0003
Revises: 0002

- `document_paths`: a document is the content at a path; the paths of each document.
- `corpus_pending`: bodies and beneficiaries the corpus pass must still look at.
- `documents.ocr_pages` / `ocr_missing`: what a run could see, so that a run seeing less
  never replaces a fuller one.
- `deliberations.search_text`, `beneficiaries.search_text` (words and French stems), and on
  SQLite the FTS5 indexes over them, kept current by triggers in the loading transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FTS = {"deliberations": "search_text", "beneficiaries": "search_text"}


def upgrade() -> None:
    op.create_table(
        "document_paths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("root", sa.Text(), nullable=False),
        sa.Column("rel_path", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_paths_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_paths")),
        sa.UniqueConstraint("key", name=op.f("uq_document_paths_key")),
    )
    op.create_index(
        op.f("ix_document_paths_document_id"), "document_paths", ["document_id"], unique=False
    )
    op.create_table(
        "corpus_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_pending")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_corpus_pending_kind")),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("ocr_pages", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("ocr_missing", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("deliberations") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    with op.batch_alter_table("beneficiaries") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    with op.batch_alter_table("ingest_errors") as batch:
        batch.add_column(sa.Column("rel_path", sa.Text(), nullable=True))

    bind = op.get_bind()
    # existing documents: their one known path, as stored (relative to where it was run)
    bind.execute(
        sa.text(
            "INSERT INTO document_paths (document_id, key, root, rel_path) "
            "SELECT id, path, '', path FROM documents"
        )
    )
    _fill_search_text(bind)
    if bind.dialect.name == "sqlite":
        from pipeline.search import create_fts

        for table, column in FTS.items():
            create_fts(bind, table, column)


def _fill_search_text(bind: sa.Connection) -> None:
    from pipeline.search import search_text

    for table, columns in (("deliberations", "subject, theme"), ("beneficiaries", "name, NULL")):
        rows = bind.execute(sa.text(f"SELECT id, {columns} FROM {table}")).all()
        for row in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET search_text = :s WHERE id = :id"),
                {"s": search_text(row[1], row[2]), "id": row[0]},
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in FTS:
            fts = f"{table}_fts"
            for name in ("ai", "ad", "au"):
                bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {fts}_{name}"))
            bind.execute(sa.text(f"DROP TABLE IF EXISTS {fts}"))
    with op.batch_alter_table("ingest_errors") as batch:
        batch.drop_column("rel_path")
    with op.batch_alter_table("beneficiaries") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("deliberations") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("ocr_missing")
        batch.drop_column("ocr_pages")
    op.drop_table("corpus_pending")
    op.drop_index(op.f("ix_document_paths_document_id"), table_name="document_paths")
    op.drop_table("document_paths")
