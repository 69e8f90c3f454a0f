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

The pass looks only at what changed: the bodies (authority and body) and beneficiaries that
`pipeline.load` listed in `corpus_pending` when it loaded, replaced or removed documents, in
the same transaction (a run killed before the pass leaves them listed for the next run). It
runs under a lock (one pass at a time, whatever the number of concurrent ingests) and in one
transaction, deleting the keys it handled. Memory stays bounded: only the rows a check
needs are read, a batch of records at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select
from sqlalchemy.orm import aliased

from extractors import Extraction
from pipeline.checks import quorum
from pipeline.db import lock
from schemas.records import Deliberation
from schemas.schemes import scheme_of
from schemas.tables import (
    AttendanceRow,
    BeneficiaryRow,
    CorpusPendingRow,
    DeliberationRow,
    DocumentRow,
    FindingRow,
    PersonRow,
    ProxyRow,
)

CORPUS_MARK = " [corpus]"


def corpus_checks(engine: Engine, only_pending: bool = False) -> int:
    """Run the corpus-level checks; return the number of findings written.

    `only_pending`: on the bodies and beneficiaries listed in `corpus_pending` (what ingest
    does); otherwise on the whole corpus."""
    with engine.begin() as conn:
        lock(conn, "corpus")
        rows = conn.execute(
            select(CorpusPendingRow.id, CorpusPendingRow.kind, CorpusPendingRow.key)
        ).all()
        if only_pending:
            bodies: set[str] | None = {r.key for r in rows if r.kind == "body"}
            names: set[str] | None = {r.key for r in rows if r.kind == "beneficiary"}
        else:
            bodies = names = None
        written = 0
        if bodies is None or bodies:
            _forget_body_findings(conn, bodies)
            written += _quorum_from_peers(conn, bodies)
            written += _same_session(conn, bodies)
        if names is None or names:
            _forget_aid_findings(conn, names)
            written += _single_aid(conn, names)
        ids = [r.id for r in rows]
        for i in range(0, len(ids), BATCH):
            conn.execute(
                delete(CorpusPendingRow).where(CorpusPendingRow.id.in_(ids[i : i + BATCH]))
            )
    return written


BATCH = 500


def _body_filter(bodies: Iterable[str] | None) -> Any:
    """SQL condition: the deliberation belongs to one of these bodies (None: all)."""
    if bodies is None:
        return True
    conds = []
    for key in bodies:
        authority, _, body = key.partition("|")
        conds.append(
            and_(
                DeliberationRow.authority_name == authority
                if authority
                else DeliberationRow.authority_name.is_(None),
                DeliberationRow.body == body if body else DeliberationRow.body.is_(None),
            )
        )
    return or_(*conds) if conds else False


def _chunks(keys: set[str] | None) -> list[set[str] | None]:
    if keys is None:
        return [None]
    ordered = sorted(keys)
    return [set(ordered[i : i + 200]) for i in range(0, len(ordered), 200)]


def _forget_body_findings(conn: Connection, bodies: set[str] | None) -> None:
    """Delete the corpus findings of these bodies, except the single-aid ones, and give back
    to each deliberation the per-document quorum finding a corpus one had replaced."""
    for chunk in _chunks(bodies):
        in_bodies = select(DeliberationRow.id).where(_body_filter(chunk))
        conn.execute(
            delete(FindingRow).where(
                FindingRow.message.like(f"%{CORPUS_MARK}"),
                FindingRow.check_name != "scheme_ceiling",
                FindingRow.deliberation_id.in_(in_bodies),
            )
        )
        has_quorum = select(FindingRow.deliberation_id).where(FindingRow.check_name == "quorum")
        missing = select(DeliberationRow.id).where(
            _body_filter(chunk), DeliberationRow.id.not_in(has_quorum)
        )
        for row in _batches(conn, missing):
            for f in _record(conn, row.id).findings:
                if f.check == "quorum":
                    conn.execute(
                        insert(FindingRow),
                        {
                            "deliberation_id": row.id,
                            "check_name": "quorum",
                            "status": f.status,
                            "message": f.message,
                            "subject": f.subject,
                        },
                    )


def _forget_aid_findings(conn: Connection, names: set[str] | None) -> None:
    for chunk in _chunks(names):
        cond = [
            FindingRow.message.like(f"%{CORPUS_MARK}"),
            FindingRow.check_name == "scheme_ceiling",
        ]
        if chunk is not None:
            cond.append(func.lower(FindingRow.subject).in_(sorted(chunk)))
        conn.execute(delete(FindingRow).where(*cond))


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


def _quorum_from_peers(conn: Connection, bodies: set[str] | None) -> int:
    written = 0
    for chunk in _chunks(bodies):
        written += _quorum_in(conn, chunk)
    return written


def _quorum_in(conn: Connection, bodies: set[str] | None) -> int:
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
            _body_filter(bodies),
            DeliberationRow.members_in_office.is_not(None),
            DeliberationRow.authority_name.is_not(None),
            DeliberationRow.body.is_not(None),
            DeliberationRow.session_date.is_not(None),
        )
        .order_by(DocumentRow.path, DeliberationRow.id)
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
        _body_filter(bodies),
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


def _single_aid(conn: Connection, names: set[str] | None) -> int:
    """One aid per beneficiary under a scheme that says so, across the corpus."""
    granting = select(BeneficiaryRow.deliberation_id).where(
        BeneficiaryRow.kind.in_(("epci", "commune"))
    )
    if names is not None:
        granting = granting.where(func.lower(BeneficiaryRow.name).in_(sorted(names)))
    ids = conn.execute(
        select(DeliberationRow.id, DeliberationRow.session_date, DocumentRow.path)
        .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
        .where(DeliberationRow.id.in_(granting))
        .order_by(DeliberationRow.session_date, DocumentRow.path, DeliberationRow.id)
    ).all()
    granted: dict[tuple[str, str], tuple[dt.date | None, str]] = {}
    written = 0
    found: list[dict[str, Any]] = []  # inserted together, in order, at the end
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
            if names is not None and b.name.lower() not in names:
                continue
            key = (scheme.scheme_id, b.name.lower())
            if key in granted:
                first_date, first_path = granted[key]
                when = first_date.isoformat() if first_date else "?"
                message = (
                    f"{scheme.name}: a single aid per beneficiary, but {b.name} was already granted one "
                    f"by {first_path} (session of {when}){CORPUS_MARK}"
                )
                found.append(
                    {
                        "deliberation_id": r.id,
                        "check_name": "scheme_ceiling",
                        "status": "fail",
                        "message": message,
                        "subject": b.name,
                    }
                )
                written += 1
            else:
                granted[key] = (r.session_date, r.path)
    if found:
        conn.execute(insert(FindingRow), found)
    return written


_MOVES = ("arriv", "départ", "depart", "quitte la séance", "quitte la salle", " puis ")


def _same_session(conn: Connection, bodies: set[str] | None) -> int:
    written = 0
    for chunk in _chunks(bodies):
        written += _same_session_in(conn, chunk)
    return written


def _same_session_in(conn: Connection, bodies: set[str] | None) -> int:
    """Deliberations of one session published in different documents must agree on who was
    present and who held whose proxy, unless a document records arrivals or departures."""
    groups = conn.execute(
        select(DeliberationRow.authority_name, DeliberationRow.body, DeliberationRow.session_date)
        .where(
            _body_filter(bodies),
            DeliberationRow.session_date.is_not(None),
            DeliberationRow.authority_name.is_not(None),
        )
        .group_by(
            DeliberationRow.authority_name, DeliberationRow.body, DeliberationRow.session_date
        )
        .having(func.count(func.distinct(DeliberationRow.document_id)) > 1)
    ).all()
    written = 0
    found: list[dict[str, Any]] = []  # inserted together, in order, at the end
    moves: dict[int, bool] = {}  # document id -> whether it records arrivals or departures
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
        who = _who(conn, [r.id for r in members])
        for r in members:
            present, proxies = who[r.id]
            if r.document_id not in moves:
                text = conn.execute(
                    select(DocumentRow.text).where(DocumentRow.id == r.document_id)
                ).scalar_one()
                moves[r.document_id] = any(m in text.lower() for m in _MOVES)
            moved = moves[r.document_id]
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
                    found.append(
                        {
                            "deliberation_id": r.id,
                            "check_name": "present_count",
                            "status": status,
                            "message": message,
                            "subject": other.path,
                        }
                    )
                    written += 1
                if proxies and o_proxies and proxies != o_proxies:
                    message = f"same session as {other.path}, but the proxies differ ({len(proxies)} vs {len(o_proxies)}){why}{CORPUS_MARK}"
                    found.append(
                        {
                            "deliberation_id": r.id,
                            "check_name": "proxy_count",
                            "status": status,
                            "message": message,
                            "subject": other.path,
                        }
                    )
                    written += 1
                break
            # each deliberation is compared with the first one of another document: keep the
            # first of the session and the first of a second document, nothing more
            if not seen or (len(seen) == 1 and r.document_id != seen[0][0].document_id):
                seen.append((r, present, proxies, moved))
    if found:
        conn.execute(insert(FindingRow), found)
    return written


def _who(conn: Connection, ids: list[int]) -> dict[int, tuple[set[str], set[tuple[str, str]]]]:
    """Per deliberation: the keys of its present members and its proxies (giver, holder), as
    `extractors.names.person_key` gives them, read from the tables `pipeline.load` made of
    its record (`persons.person_key` is that key, then "|" and the civility)."""
    out: dict[int, tuple[set[str], set[tuple[str, str]]]] = {i: (set(), set()) for i in ids}
    for did, key in conn.execute(
        select(AttendanceRow.deliberation_id, PersonRow.person_key)
        .join(PersonRow, PersonRow.id == AttendanceRow.person_id)
        .where(AttendanceRow.deliberation_id.in_(ids), AttendanceRow.role == "present")
    ):
        out[did][0].add(key.rsplit("|", 1)[0])
    giver, holder = aliased(PersonRow), aliased(PersonRow)
    for did, g, h in conn.execute(
        select(ProxyRow.deliberation_id, giver.person_key, holder.person_key)
        .join(giver, giver.id == ProxyRow.giver_id)
        .join(holder, holder.id == ProxyRow.holder_id)
        .where(ProxyRow.deliberation_id.in_(ids))
    ):
        out[did][1].add((g.rsplit("|", 1)[0], h.rsplit("|", 1)[0]))
    return out
