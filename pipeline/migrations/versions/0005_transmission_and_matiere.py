"""contract v2 columns: the prefecture stamp (transmission) and the ACTES subject (matière)

Revision ID: 0005
Revises: 0004

Queried columns beside `record_json`, which keeps the whole record: the ACTES id, the dates
the act was sent to and received by the prefecture, published and made executory, and the
subject code with where it comes from (printed / inferred). Existing rows get NULL until
their document is read again (an ingest re-reads documents loaded by an older
extractor version).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("actes_id", sa.String(80)),
    ("transmission_sent", sa.Date()),
    ("transmission_received", sa.Date()),
    ("published_on", sa.Date()),
    ("executory_on", sa.Date()),
    ("matiere_code", sa.String(5)),
    ("matiere_source", sa.String(10)),
)


def upgrade() -> None:
    with op.batch_alter_table("deliberations") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliberations") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
