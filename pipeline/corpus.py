"""Corpus-level checks, run after loading: what one document cannot tell alone.

- `quorum` where the document does not give the members in office: the figure stated by
  another document of the same body (same authority and body), the nearest session in time;
  the finding names the document it comes from.
- `scheme_ceiling`: a single aid per intercommunality under a scheme, across the corpus: a
  later deliberation granting the same beneficiary again under the same scheme fails.
- `present_count` / `proxy_count` across documents: deliberations of one session published
  in different documents must agree on the present members and the proxies (a warning only
  when a document records arrivals or departures).

Findings replace the per-document ones they refine; running the pass twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from extractors import Extraction
from extractors.names import person_key
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
        written += _same_session(conn)
    return written


_MOVES = ("arriv", "départ", "depart", "quitte la séance", "quitte la salle", " puis ")


def _same_session(conn) -> int:
    """Deliberations of one session published in different documents must agree on who was
    present and who held whose proxy, unless a document records arrivals or departures."""
    rows = conn.execute(
        select(
            DeliberationRow.id,
            DeliberationRow.document_id,
            DeliberationRow.authority_name,
            DeliberationRow.body,
            DeliberationRow.session_date,
            DeliberationRow.record_json,
            DocumentRow.path,
            DocumentRow.text,
        )
        .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
        .where(
            DeliberationRow.session_date.is_not(None), DeliberationRow.authority_name.is_not(None)
        )
    ).all()
    sessions: dict[tuple[str, str, dt.date], list[Any]] = {}
    for r in rows:
        sessions.setdefault((r.authority_name, r.body or "", r.session_date), []).append(r)
    written = 0
    for group in sessions.values():
        if len({r.document_id for r in group}) < 2:
            continue
        seen: list[tuple[Any, set[str], set[tuple[str, str]], bool]] = []
        for r in sorted(group, key=lambda r: (r.path, r.id)):
            rec = Deliberation.model_validate(json.loads(r.record_json))
            present = {person_key(p) for p in rec.attendance.present}
            proxies = {(person_key(x.giver), person_key(x.holder)) for x in rec.attendance.proxies}
            moved = any(m in r.text.lower() for m in _MOVES)
            for other, o_present, o_proxies, o_moved in seen:
                if other.document_id == r.document_id:
                    continue
                status = "warning" if (moved or o_moved) else "fail"
                why = (
                    " (arrivals or departures are recorded, which may explain it)"
                    if status == "warning"
                    else ""
                )
                if present and o_present and present != o_present:
                    diff = sorted(present ^ o_present)
                    message = (
                        f"same session as {other.path}, but the present members differ "
                        f"({len(present)} vs {len(o_present)}; differing: {', '.join(d.split('|')[0] for d in diff[:6])}){why}{CORPUS_MARK}"
                    )
                    conn.execute(
                        insert(FindingRow),
                        {
                            "deliberation_id": r.id,
                            "check_name": "present_count",
                            "status": status,
                            "message": message,
                            "subject": other.path,
                        },
                    )
                    written += 1
                if proxies and o_proxies and proxies != o_proxies:
                    message = f"same session as {other.path}, but the proxies differ ({len(proxies)} vs {len(o_proxies)}){why}{CORPUS_MARK}"
                    conn.execute(
                        insert(FindingRow),
                        {
                            "deliberation_id": r.id,
                            "check_name": "proxy_count",
                            "status": status,
                            "message": message,
                            "subject": other.path,
                        },
                    )
                    written += 1
                break
            seen.append((r, present, proxies, moved))
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
