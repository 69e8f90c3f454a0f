"""Corpus-level checks, run after loading: what one document cannot tell alone.

- `quorum` where the document does not give the members in office: the figure stated by
  another document of the same body (same authority and body), the nearest session in time;
  the finding names the document it comes from.
- `scheme_ceiling`: a single aid per intercommunality under a scheme, across the corpus: a
  later deliberation granting the same beneficiary again under the same scheme fails.

Findings replace the per-document ones they refine; running the pass twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, delete, insert, select

from extractors import Extraction
from pipeline.checks import quorum
from schemas.records import Deliberation
from schemas.schemes import scheme_of
from schemas.tables import BeneficiaryRow, DeliberationRow, DocumentRow, FindingRow

CORPUS_MARK = " [corpus]"


def corpus_checks(engine: Engine) -> int:
    """Run the corpus-level checks; return the number of findings written."""
    written = 0
    with engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.message.like(f"%{CORPUS_MARK}")))
        rows = conn.execute(
            select(
                DeliberationRow.id,
                DeliberationRow.authority_name,
                DeliberationRow.body,
                DeliberationRow.session_date,
                DeliberationRow.members_in_office,
                DeliberationRow.record_json,
                DocumentRow.path,
            ).join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
        ).all()
        known = [
            r
            for r in rows
            if r.members_in_office is not None and r.authority_name and r.body and r.session_date
        ]
        for r in rows:
            if r.members_in_office is not None or not (
                r.authority_name and r.body and r.session_date
            ):
                continue
            peers = [
                k
                for k in known
                if (k.authority_name, k.body) == (r.authority_name, r.body) and k.id != r.id
            ]
            if not peers:
                continue
            best = min(peers, key=lambda k: (abs((k.session_date - r.session_date).days), k.path))
            record = Deliberation.model_validate(json.loads(r.record_json))
            record.attendance.members_in_office = best.members_in_office
            (finding,) = quorum(Extraction(record))
            if finding.status == "not_applicable":
                continue
            message = (
                f"{finding.message}; members in office taken from {best.path} "
                f"(session of {best.session_date.isoformat()}){CORPUS_MARK}"
            )
            conn.execute(
                delete(FindingRow).where(
                    FindingRow.deliberation_id == r.id, FindingRow.check_name == "quorum"
                )
            )
            conn.execute(
                insert(FindingRow),
                {
                    "deliberation_id": r.id,
                    "check_name": "quorum",
                    "status": finding.status,
                    "message": message,
                    "subject": None,
                },
            )
            written += 1
        written += _single_aid(conn, rows)
    return written


def _single_aid(conn, rows) -> int:
    """One aid per beneficiary under a scheme that says so, across the corpus."""
    granted: dict[tuple[str, str], tuple[dt.date, str, int]] = {}
    written = 0
    for r in sorted(rows, key=lambda r: (r.session_date or dt.date.max, r.path, r.id)):
        record = Deliberation.model_validate(json.loads(r.record_json))
        scheme = scheme_of(
            [
                record.subject or "",
                record.theme or "",
                *(ref.text for ref in record.legal_references),
            ]
        )
        if scheme is None or not scheme.single_aid_per_beneficiary:
            continue
        names = conn.execute(
            select(BeneficiaryRow.name, BeneficiaryRow.kind).where(
                BeneficiaryRow.deliberation_id == r.id
            )
        ).all()
        for b in names:
            if b.kind not in scheme.beneficiary_kinds:
                continue
            key = (scheme.scheme_id, b.name.lower())
            if key in granted:
                first_date, first_path, _ = granted[key]
                message = (
                    f"{scheme.name}: a single aid per beneficiary, but {b.name} was already granted one "
                    f"by {first_path} (session of {first_date.isoformat() if first_date != dt.date.max else '?'}){CORPUS_MARK}"
                )
                conn.execute(
                    insert(FindingRow),
                    {
                        "deliberation_id": r.id,
                        "check_name": "scheme_ceiling",
                        "status": "fail",
                        "message": message,
                        "subject": b.name,
                    },
                )
                written += 1
            else:
                granted[key] = (r.session_date or dt.date.max, r.path, r.id)
    return written
