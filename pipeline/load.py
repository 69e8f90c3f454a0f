"""Stage 3: load checked records into SQL, idempotently, one transaction per document.

A document is known by its sha256. Loading it again with the same extractor version and
the same records changes nothing ("unchanged"); a new extractor version, or records that
differ, replace that document's rows ("updated"); a new file is "inserted".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Engine, delete, insert, select

from extractors import EXTRACTOR_VERSION, Extraction
from extractors.names import person_key
from pipeline.sources import Document
from schemas.records import Person
from schemas.tables import (
    AttendanceRow,
    BeneficiaryRow,
    DeliberationRow,
    DocumentRow,
    FindingRow,
    ImputationRow,
    IngestErrorRow,
    LegalReferenceRow,
    PersonRow,
    PhasingLineRow,
    ProgramCodeRow,
    ProvenanceSpanRow,
    ProxyRow,
    StatedTotalRow,
    VoteGroupRow,
)

Outcome = Literal["inserted", "updated", "unchanged"]


@dataclass
class LoadReport:
    files: int = 0
    deliberations: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, reason
    warnings: list[tuple[str, str]] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _record_json(x: Extraction) -> str:
    return json.dumps(x.record.to_contract(), sort_keys=True, ensure_ascii=False)


def records_hash(record_jsons: list[str]) -> str:
    return hashlib.sha256("\n".join(record_jsons).encode()).hexdigest()


def load_document(engine: Engine, doc: Document, extractions: list[Extraction]) -> Outcome:
    """Load one document's deliberations in one transaction."""
    jsons = [_record_json(x) for x in extractions]
    digest = records_hash(jsons)
    with engine.begin() as conn:
        existing = conn.execute(
            select(DocumentRow.id, DocumentRow.extractor_version, DocumentRow.records_hash).where(
                DocumentRow.sha256 == doc.sha256
            )
        ).first()
        if (
            existing
            and existing.extractor_version == EXTRACTOR_VERSION
            and existing.records_hash == digest
        ):
            return "unchanged"
        if existing:
            conn.execute(delete(DocumentRow).where(DocumentRow.id == existing.id))
        doc_id = conn.execute(
            insert(DocumentRow).returning(DocumentRow.id),
            {
                "sha256": doc.sha256,
                "path": doc.path,
                "media_type": doc.media_type,
                "encoding": doc.encoding,
                "size": doc.size,
                "text": doc.text,
                "extractor_version": EXTRACTOR_VERSION,
                "records_hash": digest,
                "n_deliberations": len(extractions),
            },
        ).scalar_one()
        persons = _insert_persons(conn, doc_id, extractions)
        for i, (x, rec_json) in enumerate(zip(extractions, jsons, strict=True)):
            _insert_deliberation(conn, doc_id, i, x, persons, rec_json)
        # a document whose earlier ingest failed is now loaded: clear its errors
        conn.execute(
            delete(IngestErrorRow).where(
                IngestErrorRow.path == doc.path, IngestErrorRow.severity == "error"
            )
        )
        return "updated" if existing else "inserted"


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _key(p: Person) -> str:
    return person_key(p) + "|" + (p.civility or "")


def _persons_of(x: Extraction) -> Iterator[Person]:
    a = x.record.attendance
    yield from a.present
    yield from a.absent
    yield from a.not_voting
    for p in (a.secretary, a.rapporteur, x.record.session.chair):
        if p:
            yield p
    for pr in a.proxies:
        yield pr.giver
        yield pr.holder


def _insert_persons(conn: Connection, doc_id: int, extractions: list[Extraction]) -> dict[str, int]:
    """Every person named in the document, once, in one statement; key -> id."""
    unique: dict[str, Person] = {}
    for x in extractions:
        for p in _persons_of(x):
            unique.setdefault(_key(p), p)
    if not unique:
        return {}
    rows = [
        {
            "document_id": doc_id,
            "person_key": key,
            "raw": p.raw,
            "civility": p.civility,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "initials": p.initials,
        }
        for key, p in unique.items()
    ]
    ids = conn.execute(
        insert(PersonRow).returning(
            PersonRow.id, PersonRow.person_key, sort_by_parameter_order=True
        ),
        rows,
    ).all()
    return {r.person_key: r.id for r in ids}


def _many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_deliberation(
    conn: Connection,
    doc_id: int,
    index: int,
    x: Extraction,
    persons: dict[str, int],
    record_json: str,
) -> None:
    r = x.record
    a, v = r.attendance, r.vote
    did = conn.execute(
        insert(DeliberationRow).returning(DeliberationRow.id),
        {
            "document_id": doc_id,
            "segment_index": index,
            "segment_start": x.segment_start,
            "segment_end": x.segment_end,
            "extractor_version": EXTRACTOR_VERSION,
            "doc_type": r.doc_type,
            "authority_name": r.authority.name,
            "authority_level": r.authority.level,
            "authority_siren": r.authority.siren,
            "body": r.body,
            "reference": r.reference,
            "session_date": _date(r.session.date),
            "session_time": r.session.time,
            "convened_on": _date(r.session.convened_on),
            "place": r.session.place,
            "chair": r.session.chair.raw if r.session.chair else None,
            "budget_year": r.budget.year,
            "function_code": r.budget.function_code,
            "function_label": r.budget.function_label,
            "theme": r.theme,
            "subject": r.subject,
            "vote_outcome": v.outcome,
            "vote_unanimous": v.unanimous,
            "vote_for": v.for_,
            "vote_against": v.against,
            "vote_abstention": v.abstention,
            "vote_not_voting": v.not_voting,
            "members_in_office": a.members_in_office,
            "present_count": a.present_count,
            "proxy_count": a.proxy_count,
            "absent_count": a.absent_count,
            "voters_count": a.voters_count,
            "record_json": record_json,
        },
    ).scalar_one()
    _many(
        conn, ProgramCodeRow, [{"deliberation_id": did, "code": c} for c in r.budget.program_codes]
    )
    for pos, imp in enumerate(r.imputations):
        iid = conn.execute(
            insert(ImputationRow).returning(ImputationRow.id),
            {
                "deliberation_id": did,
                "position": pos,
                "code": imp.code,
                "chapter": imp.chapter,
                "function": imp.function,
                "nature": imp.nature,
                "program": imp.program,
                "kind": imp.kind,
                "amount": imp.amount,
            },
        ).scalar_one()
        _many(
            conn,
            PhasingLineRow,
            [{"imputation_id": iid, "year": p.year, "amount": p.amount} for p in imp.phasing],
        )
    _many(
        conn,
        StatedTotalRow,
        [
            {
                "deliberation_id": did,
                "amount": t.amount,
                "section": t.section,
                "start": t.start + x.segment_start,
                "end": t.end + x.segment_start,
            }
            for t in x.stated_totals
        ],
    )
    _many(
        conn,
        VoteGroupRow,
        [
            {"deliberation_id": did, "position": g.position, "label": g.label, "count": g.count}
            for g in v.groups
        ],
    )
    roles: list[tuple[str, Person]] = [("present", p) for p in a.present]
    roles += [("absent", p) for p in a.absent] + [("not_voting", p) for p in a.not_voting]
    roles += [
        (role, p)
        for role, p in (
            ("secretary", a.secretary),
            ("rapporteur", a.rapporteur),
            ("chair", r.session.chair),
        )
        if p
    ]
    _many(
        conn,
        AttendanceRow,
        [
            {
                "deliberation_id": did,
                "person_id": persons[_key(p)],
                "role": role,
                "raw": p.raw,
            }
            for role, p in roles
        ],
    )
    _many(
        conn,
        ProxyRow,
        [
            {
                "deliberation_id": did,
                "giver_id": persons[_key(pr.giver)],
                "holder_id": persons[_key(pr.holder)],
                "giver_raw": pr.giver.raw,
                "holder_raw": pr.holder.raw,
            }
            for pr in a.proxies
        ],
    )
    _many(
        conn,
        BeneficiaryRow,
        [
            {
                "deliberation_id": did,
                "name": b.name,
                "kind": b.kind,
                "amount": b.amount,
                "siren": b.siren,
                "departement": b.departement,
                "region": b.region,
                "match_score": x.territory.get(i, (None, None, None))[0],
                "match_status": x.territory.get(i, (None, None, None))[1],
                "match_note": x.territory.get(i, (None, None, None))[2],
            }
            for i, b in enumerate(r.beneficiaries)
        ],
    )
    _many(
        conn,
        LegalReferenceRow,
        [
            {"deliberation_id": did, "text": lr.text, "number": lr.number, "date": _date(lr.date)}
            for lr in r.legal_references
        ],
    )
    _many(
        conn,
        FindingRow,
        [
            {
                "deliberation_id": did,
                "check_name": f.check,
                "status": f.status,
                "message": f.message,
                "subject": f.subject,
            }
            for f in r.findings
        ],
    )
    _many(
        conn,
        ProvenanceSpanRow,
        [
            {
                "deliberation_id": did,
                "field_path": path,
                "start": s.start,
                "end": s.end,
                "page": s.page,
                "extractor_version": EXTRACTOR_VERSION,
            }
            for path, s in sorted(r.spans.items())
        ],
    )


def record_error(
    engine: Engine, path: str, sha256: str, code: str, reason: str, severity: str = "error"
) -> None:
    """Record a file that failed (or loaded with a warning); idempotent on (path, sha, code)."""
    with engine.begin() as conn:
        conn.execute(
            delete(IngestErrorRow).where(
                IngestErrorRow.path == path,
                IngestErrorRow.sha256 == sha256,
                IngestErrorRow.code == code,
            )
        )
        conn.execute(
            insert(IngestErrorRow),
            {"path": path, "sha256": sha256, "code": code, "severity": severity, "reason": reason},
        )
