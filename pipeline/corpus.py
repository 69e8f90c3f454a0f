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
Memory stays bounded: only the rows a check needs are read, one record at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from extractors import Extraction
from extractors.names import person_key
from pipeline.checks import quorum
from schemas.records import Deliberation
from schemas.schemes import scheme_of
from schemas.tables import BeneficiaryRow, DeliberationRow, DocumentRow, FindingRow

CORPUS_MARK = " [corpus]"


def corpus_checks(engine: Engine) -> int:
    """Run the corpus-level checks; return the number of findings written."""
    with engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.message.like(f"%{CORPUS_MARK}")))
        written = _quorum_from_peers(conn)
        written += _single_aid(conn)
        written += _same_session(conn)
    return written


BATCH = 500


def _batches(conn: Connection, query: Any) -> Any:
    """Rows of `query` (its first column DeliberationRow.id) a batch at a time, by id."""
    last = 0
    while True:
        rows = conn.execute(
            query.where(DeliberationRow.id > last).order_by(DeliberationRow.id).limit(BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def _record(conn: Connection, deliberation_id: int) -> Deliberation:
    raw = conn.execute(
        select(DeliberationRow.record_json).where(DeliberationRow.id == deliberation_id)
    ).scalar_one()
    return Deliberation.model_validate(json.loads(raw))


def _quorum_from_peers(conn: Connection) -> int:
    # per body, per session date: the figure and the first document stating it
    known: dict[tuple[str, str], dict[dt.date, tuple[int, str]]] = {}
    for r in conn.execute(
        select(
            DeliberationRow.authority_name,
            DeliberationRow.body,
            DeliberationRow.session_date,
            DeliberationRow.members_in_office,
            DocumentRow.path,
        )
        .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
        .where(
            DeliberationRow.members_in_office.is_not(None),
            DeliberationRow.authority_name.is_not(None),
            DeliberationRow.body.is_not(None),
            DeliberationRow.session_date.is_not(None),
        )
    ):
        by_date = known.setdefault((r.authority_name, r.body), {})
        by_date.setdefault(r.session_date, (r.members_in_office, r.path))
    if not known:
        return 0
    candidates = select(
        DeliberationRow.id,
        DeliberationRow.authority_name,
        DeliberationRow.body,
        DeliberationRow.session_date,
    ).where(
        DeliberationRow.members_in_office.is_(None),
        DeliberationRow.authority_name.is_not(None),
        DeliberationRow.body.is_not(None),
        DeliberationRow.session_date.is_not(None),
    )
    written = 0
    for c in _batches(conn, candidates):
        peers = known.get((c.authority_name, c.body))
        if not peers:
            continue
        date = min(peers, key=lambda d: (abs((d - c.session_date).days), peers[d][1]))
        in_office, path = peers[date]
        record = _record(conn, c.id)
        record.attendance.members_in_office = in_office
        (finding,) = quorum(Extraction(record))
        if finding.status == "not_applicable":
            continue
        message = f"{finding.message}; members in office taken from {path} (session of {date.isoformat()}){CORPUS_MARK}"
        conn.execute(
            delete(FindingRow).where(
                FindingRow.deliberation_id == c.id, FindingRow.check_name == "quorum"
            )
        )
        conn.execute(
            insert(FindingRow),
            {
                "deliberation_id": c.id,
                "check_name": "quorum",
                "status": finding.status,
                "message": message,
                "subject": None,
            },
        )
        written += 1
    return written


def _single_aid(conn: Connection) -> int:
    """One aid per beneficiary under a scheme that says so, across the corpus."""
    ids = conn.execute(
        select(DeliberationRow.id, DeliberationRow.session_date, DocumentRow.path)
        .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
        .where(
            DeliberationRow.id.in_(
                select(BeneficiaryRow.deliberation_id).where(
                    BeneficiaryRow.kind.in_(("epci", "commune"))
                )
            )
        )
        .order_by(DeliberationRow.session_date, DocumentRow.path, DeliberationRow.id)
    ).all()
    granted: dict[tuple[str, str], tuple[dt.date | None, str]] = {}
    written = 0
    for r in ids:
        record = _record(conn, r.id)
        scheme = scheme_of(
            [
                record.subject or "",
                record.theme or "",
                *(ref.text for ref in record.legal_references),
            ]
        )
        if scheme is None or not scheme.single_aid_per_beneficiary:
            continue
        for b in record.beneficiaries:
            if b.kind not in scheme.beneficiary_kinds:
                continue
            key = (scheme.scheme_id, b.name.lower())
            if key in granted:
                first_date, first_path = granted[key]
                when = first_date.isoformat() if first_date else "?"
                message = (
                    f"{scheme.name}: a single aid per beneficiary, but {b.name} was already granted one "
                    f"by {first_path} (session of {when}){CORPUS_MARK}"
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
                granted[key] = (r.session_date, r.path)
    return written


_MOVES = ("arriv", "départ", "depart", "quitte la séance", "quitte la salle", " puis ")


def _same_session(conn: Connection) -> int:
    """Deliberations of one session published in different documents must agree on who was
    present and who held whose proxy, unless a document records arrivals or departures."""
    groups = conn.execute(
        select(DeliberationRow.authority_name, DeliberationRow.body, DeliberationRow.session_date)
        .where(
            DeliberationRow.session_date.is_not(None), DeliberationRow.authority_name.is_not(None)
        )
        .group_by(
            DeliberationRow.authority_name, DeliberationRow.body, DeliberationRow.session_date
        )
        .having(func.count(func.distinct(DeliberationRow.document_id)) > 1)
    ).all()
    written = 0
    for g in groups:
        members = conn.execute(
            select(DeliberationRow.id, DeliberationRow.document_id, DocumentRow.path)
            .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
            .where(
                DeliberationRow.authority_name == g.authority_name,
                DeliberationRow.session_date == g.session_date,
                (DeliberationRow.body == g.body)
                if g.body is not None
                else DeliberationRow.body.is_(None),
            )
            .order_by(DocumentRow.path, DeliberationRow.id)
        ).all()
        seen: list[tuple[Any, set[str], set[tuple[str, str]], bool]] = []
        for r in members:
            rec = _record(conn, r.id)
            present = {person_key(p) for p in rec.attendance.present}
            proxies = {(person_key(x.giver), person_key(x.holder)) for x in rec.attendance.proxies}
            text = conn.execute(
                select(DocumentRow.text).where(DocumentRow.id == r.document_id)
            ).scalar_one()
            moved = any(m in text.lower() for m in _MOVES)
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
            # each deliberation is compared with the first one of another document: keep the
            # first of the session and the first of a second document, nothing more
            if not seen or (len(seen) == 1 and r.document_id != seen[0][0].document_id):
                seen.append((r, present, proxies, moved))
    return written
