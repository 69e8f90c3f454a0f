"""Which fields were found, for how many deliberations: the summary of an ingest and the
audit's table (no pandas: `delib ingest` prints it without importing it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

#: field -> SQL expression true when a deliberation has it (column or child rows)
COVERAGE = {
    "authority": "d.authority_name IS NOT NULL",
    "body": "d.body IS NOT NULL",
    "reference": "d.reference IS NOT NULL",
    "subject": "d.subject IS NOT NULL",
    "session date": "d.session_date IS NOT NULL",
    "chair": "d.chair IS NOT NULL",
    "vote": "d.vote_outcome <> 'unknown'",
    "vote counts": "d.vote_for IS NOT NULL OR d.vote_unanimous IS NOT NULL",
    "present": "EXISTS (SELECT 1 FROM attendance a WHERE a.deliberation_id = d.id AND a.role = 'present')",
    "secretary": "EXISTS (SELECT 1 FROM attendance a WHERE a.deliberation_id = d.id AND a.role = 'secretary')",
    "members in office": "d.members_in_office IS NOT NULL",
    "beneficiaries": "EXISTS (SELECT 1 FROM beneficiaries b WHERE b.deliberation_id = d.id)",
}


def coverage(
    engine: Engine, since: Any = None, body: str | None = None
) -> list[tuple[str, int, int]]:
    """Per field, for how many deliberations (sessions on or after `since`, of `body`, else
    all) it was found: [("subject", 48, 51), ...] — a gap is seen, not hidden. Annexes and
    other acts name no session, vote or attendance: they count in the total all the same."""
    conds, params = [], {}
    if since is not None:
        conds.append("d.session_date >= :since")
        params["since"] = since
    if body is not None:
        conds.append("d.body = :body")
        params["body"] = body
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    cols = ", ".join(
        f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS c{i}"
        for i, cond in enumerate(COVERAGE.values())
    )
    with engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT COUNT(*), {cols} FROM deliberations d {where}"), params
        ).one()
    total = int(row[0] or 0)
    return [(name, int(row[i + 1] or 0), total) for i, name in enumerate(COVERAGE)]


def coverage_line(cov: list[tuple[str, int, int]]) -> str:
    """ "subject 51/51, authority 49/51, ..." """
    return ", ".join(f"{name} {n}/{total}" for name, n, total in cov)
