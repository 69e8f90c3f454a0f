"""contract v2 vocabularies: doc_type 'annex', checks 'date_consistency' and 'majority'

Revision ID: 0004
Revises: 0003

The CHECK constraints follow `schemas.vocab`. On SQLite a CHECK constraint changes only by
rebuilding its table: the full-text triggers of `deliberations` go with the old table and
are created again (`0003.create_fts`).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DOC_TYPES = ("deliberation", "call_for_projects", "minutes", "annex", "other")
CHECKS = (
    "phasing_total",
    "decided_total",
    "program_code",
    "vote_total",
    "present_count",
    "proxy_count",
    "proxy_holder_present",
    "proxy_giver_absent",
    "proxy_limit",
    "quorum",
    "unanimity",
    "person_unique",
    "scheme_ceiling",
    "date_consistency",
    "majority",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _set_checks(doc_types: tuple[str, ...], checks: tuple[str, ...]) -> None:
    bind = op.get_bind()
    with op.batch_alter_table("deliberations") as batch:
        batch.drop_constraint(op.f("ck_deliberations_doc_type"), type_="check")
        batch.create_check_constraint(op.f("ck_deliberations_doc_type"), _in("doc_type", doc_types))
    with op.batch_alter_table("findings") as batch:
        batch.drop_constraint(op.f("ck_findings_check_name"), type_="check")
        batch.create_check_constraint(op.f("ck_findings_check_name"), _in("check_name", checks))
    if bind.dialect.name == "sqlite":
        from pipeline.search import create_fts

        create_fts(bind, "deliberations", "search_text")


def upgrade() -> None:
    _set_checks(DOC_TYPES, CHECKS)


def downgrade() -> None:
    _set_checks(tuple(d for d in DOC_TYPES if d != "annex"), CHECKS[:-2])
