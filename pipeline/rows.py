"""A document's rows for every table, ids aside: built by the extraction process, so that
the one writer (`pipeline.load`) only puts the ids in and executes.

`prepare(extractions)` gives a `Prepared`: the records as stored and their digest, the
findings by status (for the run's summary), and per table its rows as tuples in the
order of `COLUMNS[table]`. Where a row points to another row of the same document, it
holds what the writer turns into that row's id:

- `deliberation_id`: the deliberation's index in the document (its `segment_index`);
- a person (`person_id`, `giver_id`, `holder_id`): the person's key (`persons.person_key`);
- a phasing line: the index of its imputation in the document's `imputations` rows.

`documents.id` is the writer's: `persons` and `deliberations` rows are without their
`document_id`. Plain tuples of plain values: quick to hand from process to process (a
record's models took the writer 1.6 ms per document to unpickle) and to execute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from extractors import EXTRACTOR_VERSION, Extraction
from extractors.names import person_key
from pipeline.search import search_text
from schemas.records import Person

Row = tuple[Any, ...]

#: each table's columns, in the order of its rows here
COLUMNS: dict[str, tuple[str, ...]] = {
    "persons": ("person_key", "raw", "civility", "first_name", "last_name", "initials"),
    "deliberations": (
        "segment_index",
        "segment_start",
        "segment_end",
        "extractor_version",
        "doc_type",
        "authority_name",
        "authority_level",
        "authority_siren",
        "body",
        "reference",
        "session_date",
        "session_time",
        "convened_on",
        "place",
        "chair",
        "budget_year",
        "function_code",
        "function_label",
        "theme",
        "subject",
        "vote_outcome",
        "vote_unanimous",
        "vote_for",
        "vote_against",
        "vote_abstention",
        "vote_not_voting",
        "members_in_office",
        "present_count",
        "proxy_count",
        "absent_count",
        "voters_count",
        "actes_id",
        "transmission_sent",
        "transmission_received",
        "published_on",
        "executory_on",
        "matiere_code",
        "matiere_source",
        "topic_tags",
        "record_json",
        "search_text",
    ),
    "program_codes": ("deliberation_id", "code"),
    "topics": ("deliberation_id", "tag", "score", "evidence"),
    "imputations": (
        "deliberation_id",
        "position",
        "code",
        "chapter",
        "function",
        "nature",
        "program",
        "kind",
        "amount",
    ),
    "phasing_lines": ("imputation_id", "year", "amount"),
    "stated_totals": ("deliberation_id", "amount", "section", "start", "end"),
    "vote_groups": ("deliberation_id", "position", "label", "count"),
    "attendance": ("deliberation_id", "person_id", "role", "raw"),
    "proxies": ("deliberation_id", "giver_id", "holder_id", "giver_raw", "holder_raw"),
    "beneficiaries": (
        "deliberation_id",
        "name",
        "kind",
        "amount",
        "search_text",
        "siren",
        "departement",
        "region",
        "match_score",
        "match_status",
        "match_note",
    ),
    "legal_references": ("deliberation_id", "text", "number", "date"),
    "findings": ("deliberation_id", "check_name", "status", "message", "subject"),
    "provenance_spans": (
        "deliberation_id",
        "field_path",
        "start",
        "end",
        "page",
        "extractor_version",
    ),
}
#: the tables whose rows point to a deliberation (first column), in the order they load
CHILDREN = (
    "program_codes",
    "topics",
    "imputations",
    "stated_totals",
    "vote_groups",
    "attendance",
    "proxies",
    "beneficiaries",
    "legal_references",
    "findings",
    "provenance_spans",
)
#: the columns that hold a person's key until the writer puts the person's id
PERSON_COLUMNS: dict[str, tuple[int, ...]] = {"attendance": (1,), "proxies": (1, 2)}


@dataclass
class Prepared:
    """One document's records as stored, their digest, and its rows (see the module)."""

    #: each record as stored (contract JSON)
    jsons: list[str]
    #: the digest of the records without the path they were read from
    digest: str
    #: the findings of the records, by status
    findings: dict[str, int] = field(default_factory=dict)
    #: table -> rows, in the order of `COLUMNS[table]`
    rows: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def deliberations(self) -> int:
        return len(self.jsons)


def serialised(extractions: list[Extraction]) -> tuple[list[str], str]:
    """Each record as stored (contract JSON), and the digest of the records without the path
    they were read from (so that the same content by another path is unchanged)."""
    h = hashlib.sha256()
    jsons = []
    for x in extractions:
        data = x.record.to_contract()
        source = data.get("source")
        file = source.pop("file", _ABSENT) if isinstance(source, dict) else _ABSENT
        h.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
        if isinstance(source, dict) and file is not _ABSENT:
            source["file"] = file
        jsons.append(json.dumps(data, sort_keys=True, ensure_ascii=False))
    return jsons, h.hexdigest()


_ABSENT = object()


def prepare(extractions: list[Extraction]) -> Prepared:
    """The rows of one document's extractions (see the module)."""
    jsons, digest = serialised(extractions)
    findings: dict[str, int] = {}
    rows: dict[str, list[Row]] = {t: [] for t in COLUMNS}
    persons: dict[str, Person] = {}
    for i, (x, j) in enumerate(zip(extractions, jsons, strict=True)):
        for p in persons_of(x):
            persons.setdefault(key(p), p)
        for f in x.record.findings:
            findings[f.status] = findings.get(f.status, 0) + 1
        rows["deliberations"].append(_deliberation(i, x, j))
        _children(i, x, rows)
    rows["persons"] = [
        (k, p.raw, p.civility, p.first_name, p.last_name, p.initials) for k, p in persons.items()
    ]
    return Prepared(jsons, digest, findings, {t: r for t, r in rows.items() if r})


def key(p: Person) -> str:
    """A person's key within a document: the same key is the same `persons` row."""
    return person_key(p) + "|" + (p.civility or "")


def persons_of(x: Extraction) -> list[Person]:
    """Every person a record names, in the order their rows are made."""
    a = x.record.attendance
    out = [*a.present, *a.absent, *a.not_voting]
    out += [p for p in (a.secretary, a.rapporteur, x.record.session.chair) if p]
    for pr in a.proxies:
        out += [pr.giver, pr.holder]
    return out


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _deliberation(index: int, x: Extraction, record_json: str) -> Row:
    r = x.record
    a, v, t = r.attendance, r.vote, r.transmission
    return (
        index,
        x.segment_start,
        x.segment_end,
        EXTRACTOR_VERSION,
        r.doc_type,
        r.authority.name,
        r.authority.level,
        r.authority.siren,
        r.body,
        r.reference,
        _date(r.session.date),
        r.session.time,
        _date(r.session.convened_on),
        r.session.place,
        r.session.chair.raw if r.session.chair else None,
        r.budget.year,
        r.budget.function_code,
        r.budget.function_label,
        r.theme,
        r.subject,
        v.outcome,
        v.unanimous,
        v.for_,
        v.against,
        v.abstention,
        v.not_voting,
        a.members_in_office,
        a.present_count,
        a.proxy_count,
        a.absent_count,
        a.voters_count,
        t.actes_id if t else None,
        _date(t.sent) if t else None,
        _date(t.received) if t else None,
        _date(t.published or t.posted) if t else None,
        _date(t.executory) if t else None,
        r.matiere.code if r.matiere else None,
        r.matiere.source if r.matiere else None,
        json.dumps([t.tag for t in r.topics]) if r.topics else None,
        record_json,
        search_text(r.subject, r.theme),
    )


def _children(d: int, x: Extraction, rows: dict[str, list[Row]]) -> None:
    """The rows of one deliberation (index `d`) in its child tables, appended to `rows`."""
    r = x.record
    a, v = r.attendance, r.vote
    rows["program_codes"] += [(d, c) for c in r.budget.program_codes]
    rows["topics"] += [(d, t.tag, t.score, t.evidence) for t in r.topics]
    for pos, imp in enumerate(r.imputations):
        number = len(rows["imputations"])
        rows["imputations"].append(
            (
                d,
                pos,
                imp.code,
                imp.chapter,
                imp.function,
                imp.nature,
                imp.program,
                imp.kind,
                imp.amount,
            )
        )
        rows["phasing_lines"] += [(number, ph.year, ph.amount) for ph in imp.phasing]
    rows["stated_totals"] += [
        (d, t.amount, t.section, t.start + x.segment_start, t.end + x.segment_start)
        for t in x.stated_totals
    ]
    rows["vote_groups"] += [(d, g.position, g.label, g.count) for g in v.groups]
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
    rows["attendance"] += [(d, key(p), role, p.raw) for role, p in roles]
    rows["proxies"] += [
        (d, key(pr.giver), key(pr.holder), pr.giver.raw, pr.holder.raw) for pr in a.proxies
    ]
    unlinked = (None, None, None)
    rows["beneficiaries"] += [
        (
            *(d, b.name, b.kind, b.amount, search_text(b.name), b.siren, b.departement, b.region),
            *x.territory.get(i, unlinked),
        )
        for i, b in enumerate(r.beneficiaries)
    ]
    rows["legal_references"] += [
        (d, lr.text, lr.number, _date(lr.date)) for lr in r.legal_references
    ]
    rows["findings"] += [(d, f.check, f.status, f.message, f.subject) for f in r.findings]
    rows["provenance_spans"] += [
        (d, path, s.start, s.end, s.page, EXTRACTOR_VERSION) for path, s in sorted(r.spans.items())
    ]
