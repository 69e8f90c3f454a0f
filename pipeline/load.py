"""Stage 3: load checked records into SQL, idempotently, one transaction per document.

A document is the content at a path. Its content is known by its sha256; its paths are in
`document_paths` (the same content at two paths is one document with both paths).

- The same content with the same extractor version and the same records: "unchanged"
  (the path is recorded if it is new).
- A new extractor version, or records that differ: the document's rows are replaced
  ("updated").
- New content at a known path replaces the old content's rows when no other path holds it
  ("updated"); new content at a new path is "inserted".

Loading writes, in the same transaction, what the corpus pass must look at again
(`corpus_pending`): a run killed before that pass leaves the work to the next run.
Concurrent runs: a document another run loaded first counts as unchanged, never failed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from extractors import EXTRACTOR_VERSION, Extraction
from extractors.names import person_key
from pipeline.paths import FileRef
from pipeline.search import search_text
from pipeline.sources import Document
from schemas.records import Person
from schemas.tables import (
    AttendanceRow,
    BeneficiaryRow,
    CorpusPendingRow,
    DeliberationRow,
    DocumentPathRow,
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
    TopicRow,
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
    #: files not loaded on purpose (path, reason): a run that sees less than the stored one
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: documents removed because their files are gone (`--prune`)
    pruned: list[str] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)
    corpus_findings: int | None = None
    #: the largest peak memory of an extraction process on one file (MiB), and that file
    peak_file_mb: float = 0.0
    peak_file: str = ""

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class Known:
    """What the database knows of a file's content and path before extracting it."""

    document_id: int | None = None
    extractor_version: str | None = None
    ocr_pages: int = 0
    ocr_missing: int = 0
    #: the document the file's path held, if any
    path_document_id: int | None = None


def lookup(engine: Engine, files: list[tuple[str, str]]) -> dict[str, Known]:
    """For (key, sha256) pairs: what the database knows, by key, in two queries."""
    if not files:
        return {}
    shas = sorted({sha for _, sha in files if sha})
    keys = sorted({key for key, _ in files})
    with engine.connect() as conn:
        docs = {
            r.sha256: r
            for r in conn.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.sha256,
                    DocumentRow.extractor_version,
                    DocumentRow.ocr_pages,
                    DocumentRow.ocr_missing,
                ).where(DocumentRow.sha256.in_(shas))
            )
        }
        paths = dict(
            conn.execute(
                select(DocumentPathRow.key, DocumentPathRow.document_id).where(
                    DocumentPathRow.key.in_(keys)
                )
            ).all()
        )
    out = {}
    for key, sha in files:
        d = docs.get(sha)
        out[key] = Known(
            d.id if d else None,
            d.extractor_version if d else None,
            d.ocr_pages if d else 0,
            d.ocr_missing if d else 0,
            paths.get(key),
        )
    return out


def _retrying(fn: Any, *args: Any) -> Any:
    """Run a loading transaction; once more when a concurrent run inserted the same
    document or path first (the second attempt sees it and finds it unchanged)."""
    for attempt in range(3):
        try:
            return fn(*args)
        except IntegrityError:
            if attempt == 2:
                raise
        except OperationalError as exc:  # SQLite "database is locked" past the busy timeout
            if "locked" not in str(exc) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def load_document(
    engine: Engine,
    doc: Document,
    extractions: list[Extraction],
    ref: FileRef | None = None,
    prepared: tuple[list[str], str] | None = None,
) -> Outcome:
    """Load one document's deliberations in one transaction; record its path. `prepared`:
    what `serialised(extractions)` gives, when the extraction process made it."""
    from pipeline.worker import serialised

    jsons, digest = prepared or serialised(extractions)
    return _retrying(_load, engine, doc, extractions, ref, jsons, digest)


def _load(
    engine: Engine,
    doc: Document,
    extractions: list[Extraction],
    ref: FileRef | None,
    jsons: list[str],
    digest: str,
) -> Outcome:
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
            moved = _attach_path(conn, existing.id, ref, doc)
            return "updated" if moved else "unchanged"
        values = _document_values(doc, len(extractions), digest)
        if existing:
            doc_id = existing.id
            _mark_document_pending(conn, doc_id)
            conn.execute(delete(DeliberationRow).where(DeliberationRow.document_id == doc_id))
            conn.execute(delete(PersonRow).where(PersonRow.document_id == doc_id))
            conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(**values))
        else:
            doc_id = conn.execute(
                insert(DocumentRow).returning(DocumentRow.id), {"sha256": doc.sha256, **values}
            ).scalar_one()
        _insert_rows(conn, [(doc_id, extractions, jsons)])
        _mark_document_pending(conn, doc_id)
        moved = _attach_path(conn, doc_id, ref, doc)
        return "updated" if existing or moved else "inserted"


#: one document to load: the document, its extractions, its file (None: no path recorded)
#: and what `serialised(extractions)` gives (None: made here)
Item = tuple[Document, list[Extraction], FileRef | None, tuple[list[str], str] | None]
#: an item whose records are serialised
_Ready = tuple[Document, list[Extraction], FileRef | None, tuple[list[str], str]]


def load_documents(engine: Engine, items: list[Item]) -> list[Outcome | Exception]:
    """Load several documents in one transaction, each table's rows for all of them in one
    statement: what `load_document` does for each, in a few statements for the lot instead
    of about twenty per document. A document already known by its content, or a batch the
    database refuses (a concurrent run inserted one of them first), is loaded document by
    document instead, each in its own transaction: one document's failure loses nothing of
    the others. The outcome of each item, in order, or the exception it failed with."""
    from pipeline.worker import serialised

    ready: list[_Ready] = []
    for doc, xs, ref, prepared in items:
        try:
            ready.append((doc, xs, ref, prepared or serialised(xs)))
        except Exception:  # reported by its own load below (E300), the others batched
            break
    if len(ready) == len(items) > 1:
        try:
            batched = _retrying(_load_new, engine, ready)
        except Exception:
            batched = None
        if batched is not None:
            return batched
    out: list[Outcome | Exception] = []
    for doc, xs, ref, prepared in items:
        try:
            out.append(load_document(engine, doc, xs, ref, prepared))
        except Exception as exc:
            out.append(exc)
    return out


def _load_new(
    engine: Engine,
    items: list[_Ready],
) -> list[Outcome | Exception] | None:
    """Documents none of which is in the database yet (else None, nothing written), in one
    transaction; a content met twice in the batch is one document with both paths."""
    with engine.begin() as conn:
        shas = sorted({doc.sha256 for doc, _, _, _ in items})
        if conn.execute(select(DocumentRow.id).where(DocumentRow.sha256.in_(shas))).first():
            return None
        first: dict[str, int] = {}  # sha256 -> index of the item that inserts it
        for i, (doc, _, _, _) in enumerate(items):
            first.setdefault(doc.sha256, i)
        new = [items[i] for i in sorted(first.values())]
        _many(
            conn,
            DocumentRow,
            [
                {"sha256": doc.sha256, **_document_values(doc, len(xs), digest)}
                for doc, xs, _, (_, digest) in new
            ],
        )
        ids = dict(
            conn.execute(
                select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(shas))
            ).all()
        )
        _insert_rows(conn, [(ids[doc.sha256], xs, jsons) for doc, xs, _, (jsons, _) in new])
        _mark_documents_pending(conn, sorted(ids.values()))
        moves = _attach_paths(conn, [(ids[doc.sha256], ref, doc) for doc, _, ref, _ in items])
        out: list[Outcome | Exception] = []
        for i, ((doc, _, _, _), moved) in enumerate(zip(items, moves, strict=True)):
            if first[doc.sha256] != i:  # loaded by an earlier item of the batch
                out.append("updated" if moved else "unchanged")
            else:
                out.append("updated" if moved else "inserted")
        return out


def _attach_paths(
    conn: Connection, items: list[tuple[int, FileRef | None, Document | None]]
) -> list[bool]:
    """`_attach_path` for each (document id, file, document): the paths no row holds yet in
    one statement, their earlier failures cleared in one; the others one by one."""
    keys = [ref.key for _, ref, _ in items if ref is not None and ref.walked == ref.key]
    known = set(
        conn.execute(select(DocumentPathRow.key).where(DocumentPathRow.key.in_(keys))).scalars()
    )
    fresh = [
        (doc_id, ref)
        for doc_id, ref, _ in items
        if ref is not None and ref.walked == ref.key and ref.key not in known
    ]
    if len({ref.key for _, ref in fresh}) < len(fresh):  # a path twice: one by one
        fresh = []
    _many(
        conn,
        DocumentPathRow,
        [
            {"document_id": d, "key": ref.key, "root": ref.root_shown, "rel_path": ref.name}
            for d, ref in fresh
        ],
    )
    if fresh:
        _clear_errors(conn, *(ref for _, ref in fresh))
    done = {id(ref) for _, ref in fresh}
    return [
        False if id(ref) in done else _attach_path(conn, doc_id, ref, doc)
        for doc_id, ref, doc in items
    ]


def _document_values(doc: Document, n_deliberations: int, digest: str) -> dict[str, Any]:
    """A document's row, its sha256 and id aside."""
    return {
        "path": doc.path,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "size": doc.size,
        "text": doc.text,
        "extractor_version": EXTRACTOR_VERSION,
        "records_hash": digest,
        "n_deliberations": n_deliberations,
        "ocr_pages": len(doc.ocr_pages),
        "ocr_missing": doc.ocr_missing,
    }


def attach_unchanged(engine: Engine, document_id: int, ref: FileRef, doc_name: str) -> Outcome:
    """A file whose content is loaded already: record its path; "updated" when the path
    held another content before (that content's rows go when no other path holds them)."""

    def run() -> Outcome:
        with engine.begin() as conn:
            if not _lock_document(conn, document_id, exclusive=False):
                raise DocumentGone(document_id)
            moved = _attach_path(conn, document_id, ref, None)
            return "updated" if moved else "unchanged"

    return _retrying(run)


def _attach_path(conn: Connection, doc_id: int, ref: FileRef | None, doc: Document | None) -> bool:
    """Point the file's path at `doc_id`; True when it pointed at another document before
    (replaced). That document is deleted by `drop_orphans` at the end of the run when no
    path is left to it, not here: two files that swapped their contents would otherwise
    lose the second one's document before its path moves to it."""
    if ref is None:
        return False
    if ref.walked != ref.key:  # the row an earlier version keyed by the unresolved path
        conn.execute(delete(DocumentPathRow).where(DocumentPathRow.key == ref.walked))
        conn.execute(delete(IngestErrorRow).where(IngestErrorRow.path == ref.walked))
    row = conn.execute(
        select(
            DocumentPathRow.id,
            DocumentPathRow.document_id,
            DocumentPathRow.root,
            DocumentPathRow.rel_path,
        ).where(DocumentPathRow.key == ref.key)
    ).first()
    if row is None:
        conn.execute(
            insert(DocumentPathRow),
            {"document_id": doc_id, "key": ref.key, "root": ref.root_shown, "rel_path": ref.name},
        )
        _clear_errors(conn, ref)
        return False
    if row.document_id == doc_id:
        if (row.root, row.rel_path) != (ref.root_shown, ref.name):
            conn.execute(
                update(DocumentPathRow)
                .where(DocumentPathRow.id == row.id)
                .values(root=ref.root_shown, rel_path=ref.name)
            )
        _clear_errors(conn, ref)
        return False
    conn.execute(
        update(DocumentPathRow)
        .where(DocumentPathRow.id == row.id)
        .values(document_id=doc_id, root=ref.root_shown, rel_path=ref.name)
    )
    _clear_errors(conn, ref)
    return True


def _name_after_a_path(conn: Connection, doc_id: int) -> None:
    """A document whose name (`documents.path`, each record's `source.file`) is no longer
    one of its paths (the file was renamed, then the old name pruned) takes the name of a
    path it has; its sessions go to the corpus pass, whose findings quote names."""
    name = conn.execute(select(DocumentRow.path).where(DocumentRow.id == doc_id)).scalar()
    paths = (
        conn.execute(
            select(DocumentPathRow.rel_path)
            .where(DocumentPathRow.document_id == doc_id)
            .order_by(DocumentPathRow.key)
        )
        .scalars()
        .all()
    )
    if not paths or name in paths:
        return
    new = paths[0]
    conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(path=new))
    for did, record in conn.execute(
        select(DeliberationRow.id, DeliberationRow.record_json).where(
            DeliberationRow.document_id == doc_id
        )
    ).all():
        data = json.loads(record)
        if isinstance(data.get("source"), dict):
            data["source"]["file"] = new
        conn.execute(
            update(DeliberationRow)
            .where(DeliberationRow.id == did)
            .values(record_json=json.dumps(data, sort_keys=True, ensure_ascii=False))
        )
    _mark_document_pending(conn, doc_id)


def drop_orphans(engine: Engine) -> int:
    """Delete the documents no path holds any more (a path moved to another content, a run
    killed after that), their sessions to the corpus pass; returns how many."""

    def run() -> int:
        with engine.begin() as conn:
            ids = (
                conn.execute(
                    select(DocumentRow.id).where(
                        ~select(DocumentPathRow.id)
                        .where(DocumentPathRow.document_id == DocumentRow.id)
                        .exists()
                    )
                )
                .scalars()
                .all()
            )
            return sum(drop_if_orphan(conn, i) for i in ids)

    return int(_retrying(run))


class DocumentGone(Exception):
    """The document a file was to join was deleted meanwhile (by another run's end)."""


def _lock_document(conn: Connection, doc_id: int, exclusive: bool) -> bool:
    """Lock a document's row (PostgreSQL: FOR UPDATE, or FOR SHARE to attach a path to it;
    SQLite serialises writers anyway); False when it no longer exists."""
    row = conn.execute(
        select(DocumentRow.id).where(DocumentRow.id == doc_id).with_for_update(read=not exclusive)
    ).first()
    return row is not None


def drop_if_orphan(conn: Connection, doc_id: int) -> bool:
    """Delete a document no path holds any more (its sessions go to the corpus pass). Its
    row is locked first: a run attaching a path to it meanwhile either finishes first (the
    path is then counted) or finds it gone (`DocumentGone`) and loads the file again."""
    if not _lock_document(conn, doc_id, exclusive=True):
        return False
    left = conn.execute(
        select(func.count())
        .select_from(DocumentPathRow)
        .where(DocumentPathRow.document_id == doc_id)
    ).scalar_one()
    if left:
        return False
    _mark_document_pending(conn, doc_id)
    conn.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
    return True


def _clear_errors(conn: Connection, *refs: FileRef) -> None:
    """Files now loaded: their earlier failures are history."""
    conn.execute(
        delete(IngestErrorRow).where(
            IngestErrorRow.path.in_([ref.key for ref in refs]), IngestErrorRow.severity == "error"
        )
    )


def body_key(authority: str | None, body: str | None) -> str:
    return f"{authority or ''}|{body or ''}"


def _mark_document_pending(conn: Connection, doc_id: int) -> None:
    """The bodies and beneficiaries of a document go to the corpus pass's list."""
    _mark_documents_pending(conn, [doc_id])


def _mark_documents_pending(conn: Connection, doc_ids: list[int]) -> None:
    """The bodies and beneficiaries of these documents go to the corpus pass's list."""
    bodies = conn.execute(
        select(DeliberationRow.authority_name, DeliberationRow.body)
        .where(DeliberationRow.document_id.in_(doc_ids))
        .distinct()
    ).all()
    names = conn.execute(
        select(func.lower(BeneficiaryRow.name))
        .join(DeliberationRow, DeliberationRow.id == BeneficiaryRow.deliberation_id)
        .where(DeliberationRow.document_id.in_(doc_ids))
        .distinct()
    ).scalars()
    mark_pending(
        conn,
        [("body", body_key(a, b)) for a, b in bodies] + [("beneficiary", n) for n in names],
    )


def mark_pending(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Add (kind, key) pairs to the corpus pass's list (each once)."""
    wanted = sorted(set(keys))
    if not wanted:
        return
    present = set(
        conn.execute(
            select(CorpusPendingRow.kind, CorpusPendingRow.key).where(
                CorpusPendingRow.key.in_([k for _, k in wanted])
            )
        ).all()
    )
    rows = [{"kind": kind, "key": key} for kind, key in wanted if (kind, key) not in present]
    if rows:
        _many(conn, CorpusPendingRow, rows)


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


def _insert_rows(conn: Connection, docs: list[tuple[int, list[Extraction], list[str]]]) -> None:
    """The rows of documents (id, extractions, the records as stored): the persons of all of
    them in one statement, their deliberations in one, then each child table in one."""
    persons = _insert_persons(conn, [(doc_id, xs) for doc_id, xs, _ in docs])
    _insert_deliberations(conn, docs, persons)


def _insert_persons(
    conn: Connection, docs: list[tuple[int, list[Extraction]]]
) -> dict[int, dict[str, int]]:
    """Every person named in each document, once per document, in one statement;
    document id -> key -> id."""
    rows = []
    for doc_id, extractions in docs:
        unique: dict[str, Person] = {}
        for x in extractions:
            for p in _persons_of(x):
                unique.setdefault(_key(p), p)
        rows += [
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
    found: dict[int, dict[str, int]] = {doc_id: {} for doc_id, _ in docs}
    if not rows:
        return found
    # one executemany, then the ids read back by key: RETURNING with the parameters' order
    # runs one INSERT per row on SQLite (no sentinel column), about 14,000 for 300 files
    _many(conn, PersonRow, rows)
    for r in conn.execute(
        select(PersonRow.id, PersonRow.document_id, PersonRow.person_key).where(
            PersonRow.document_id.in_(list(found))
        )
    ):
        found[r.document_id][r.person_key] = r.id
    return found


def _many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_deliberations(
    conn: Connection,
    docs: list[tuple[int, list[Extraction], list[str]]],
    persons: dict[int, dict[str, int]],
) -> None:
    """Documents' deliberations in one statement, then each child table in one statement
    (rows in document and deliberation order): a few statements, whatever they hold."""
    docs = [d for d in docs if d[1]]
    if not docs:
        return
    _many(
        conn,
        DeliberationRow,
        [
            _deliberation_row(doc_id, i, x, j)
            for doc_id, extractions, jsons in docs
            for i, (x, j) in enumerate(zip(extractions, jsons, strict=True))
        ],
    )
    by_index = {
        (r.document_id, r.segment_index): r.id
        for r in conn.execute(
            select(
                DeliberationRow.document_id, DeliberationRow.segment_index, DeliberationRow.id
            ).where(DeliberationRow.document_id.in_([d[0] for d in docs]))
        )
    }
    ids: list[int] = []
    rows: dict[Any, list[dict[str, Any]]] = {}
    imputations: list[tuple[dict[str, Any], list[Any]]] = []
    for doc_id, extractions, _ in docs:
        for i, x in enumerate(extractions):
            did = by_index[(doc_id, i)]
            ids.append(did)
            _child_rows(did, x, persons[doc_id], rows, imputations)
    if imputations:
        _many(conn, ImputationRow, [values for values, _ in imputations])
        found = {
            (r.deliberation_id, r.position): r.id
            for r in conn.execute(
                select(
                    ImputationRow.id, ImputationRow.deliberation_id, ImputationRow.position
                ).where(ImputationRow.deliberation_id.in_(ids))
            )
        }
        imp_ids = [found[(v["deliberation_id"], v["position"])] for v, _ in imputations]
        rows[PhasingLineRow] = [
            {"imputation_id": iid, "year": ph.year, "amount": ph.amount}
            for iid, (_, phasing) in zip(imp_ids, imputations, strict=True)
            for ph in phasing
        ]
    for table, table_rows in rows.items():
        _many(conn, table, table_rows)


def _deliberation_row(doc_id: int, index: int, x: Extraction, record_json: str) -> dict[str, Any]:
    r = x.record
    a, v, t = r.attendance, r.vote, r.transmission
    return {
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
        "actes_id": t.actes_id if t else None,
        "transmission_sent": _date(t.sent) if t else None,
        "transmission_received": _date(t.received) if t else None,
        "published_on": _date(t.published or t.posted) if t else None,
        "executory_on": _date(t.executory) if t else None,
        "matiere_code": r.matiere.code if r.matiere else None,
        "matiere_source": r.matiere.source if r.matiere else None,
        "topic_tags": json.dumps([t.tag for t in r.topics]) if r.topics else None,
        "record_json": record_json,
        "search_text": search_text(r.subject, r.theme),
    }


def _child_rows(
    did: int,
    x: Extraction,
    persons: dict[str, int],
    rows: dict[Any, list[dict[str, Any]]],
    imputations: list[tuple[dict[str, Any], list[Any]]],
) -> None:
    """The rows of one deliberation's child tables, appended per table to `rows`; its
    imputations (with their phasing) to `imputations`."""
    r = x.record
    a, v = r.attendance, r.vote
    _add(
        rows, ProgramCodeRow, [{"deliberation_id": did, "code": c} for c in r.budget.program_codes]
    )
    _add(
        rows,
        TopicRow,
        [
            {"deliberation_id": did, "tag": t.tag, "score": t.score, "evidence": t.evidence}
            for t in r.topics
        ],
    )
    for pos, imp in enumerate(r.imputations):
        imputations.append(
            (
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
                list(imp.phasing),
            )
        )
    _add(
        rows,
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
    _add(
        rows,
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
    _add(
        rows,
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
    _add(
        rows,
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
    _add(
        rows,
        BeneficiaryRow,
        [
            {
                "deliberation_id": did,
                "name": b.name,
                "kind": b.kind,
                "amount": b.amount,
                "search_text": search_text(b.name),
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
    _add(
        rows,
        LegalReferenceRow,
        [
            {"deliberation_id": did, "text": lr.text, "number": lr.number, "date": _date(lr.date)}
            for lr in r.legal_references
        ],
    )
    _add(
        rows,
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
    _add(
        rows,
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


def _add(rows: dict[Any, list[dict[str, Any]]], table: Any, new: list[dict[str, Any]]) -> None:
    if new:
        rows.setdefault(table, []).extend(new)


def record_error(
    engine: Engine,
    path: str,
    sha256: str,
    code: str,
    reason: str,
    severity: str = "error",
    rel_path: str | None = None,
) -> str | None:
    """Record a file that failed (or loaded with a warning), once per (path, sha, code).

    Never raises: a failure to record is returned as text (the caller reports it), so that
    recording an error can never stop a run."""
    try:
        _retrying(_record_error, engine, path, sha256, code, reason, severity, rel_path)
    except Exception as exc:
        return f"could not record {code} for {path}: {type(exc).__name__}: {exc}"
    return None


def _record_error(
    engine: Engine,
    path: str,
    sha256: str,
    code: str,
    reason: str,
    severity: str,
    rel_path: str | None,
) -> None:
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
            {
                "path": path,
                "rel_path": rel_path,
                "sha256": sha256,
                "code": code,
                "severity": severity,
                "reason": reason,
            },
        )


def prune(engine: Engine, roots: list[str], exists: Any) -> list[str]:
    """Remove the paths under `roots` whose files are gone, and the documents no path holds
    any more; return the paths removed. `exists(key)` tells whether a file is there."""
    from pipeline.paths import under

    gone: list[tuple[int, str]] = []
    with engine.connect() as conn:
        for row in conn.execute(
            select(
                DocumentPathRow.id,
                DocumentPathRow.key,
                DocumentPathRow.root,
                DocumentPathRow.rel_path,
            ).order_by(DocumentPathRow.key)
        ):
            # the path as it was walked: a file reached through a folder link is gone when
            # the link is, wherever its key points
            walked = row.root.rstrip("/") + "/" + row.rel_path if row.rel_path else row.key
            if any(under(row.key, r) or under(walked, r) for r in roots) and not (
                exists(walked) and exists(row.key)
            ):
                gone.append((row.id, row.key))
    removed = []
    for path_id, key in gone:

        def run(path_id: int = path_id) -> None:
            with engine.begin() as conn:
                doc_id = conn.execute(
                    select(DocumentPathRow.document_id).where(DocumentPathRow.id == path_id)
                ).scalar()
                if doc_id is None:
                    return  # another run pruned it
                conn.execute(delete(DocumentPathRow).where(DocumentPathRow.id == path_id))
                if not drop_if_orphan(conn, doc_id):
                    _name_after_a_path(conn, doc_id)

        _retrying(run)
        removed.append(key)
    return removed
