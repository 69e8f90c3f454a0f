"""contract v2 topics: one row per tag of a deliberation, and the tags as a JSON array

Revision ID: 0006
Revises: 0005

`topics` holds each tag with its score and the words that justify it (the vocabulary is
`schemas/data/topics.toml`); `deliberations.topic_tags` lists the tags for facets.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deliberation_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deliberation_id"],
            ["deliberations.id"],
            name=op.f("fk_topics_deliberation_id_deliberations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    op.create_index(op.f("ix_topics_deliberation_id"), "topics", ["deliberation_id"])
    op.create_index(op.f("ix_topics_tag"), "topics", ["tag"])
    with op.batch_alter_table("deliberations") as batch:
        batch.add_column(sa.Column("topic_tags", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliberations") as batch:
        batch.drop_column("topic_tags")
    op.drop_index(op.f("ix_topics_tag"), table_name="topics")
    op.drop_index(op.f("ix_topics_deliberation_id"), table_name="topics")
    op.drop_table("topics")
