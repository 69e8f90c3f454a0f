"""Staged extractors: pure functions from a deliberation's text to its fields.

`REGISTRY` lists them; each declares the zone it reads and the record fields it writes:

- "heading": the document's first lines (authority, body);
- "preamble": the session's preamble, the text before the first item (the session's date,
  time, convocation and chair; attendance);
- "item": one record's own text (its reference, subject, vote, budget, beneficiaries...).

`extract_records` cuts a document into its parts (documents put end to end), each part into
its items (`extractors.segment`), blanks the page furniture out (`extractors.zones`), runs
each extractor on its zone, and builds one `Deliberation` per item. Every extractor is a
pure function `(text, Evidence) -> value`; wordings live in `extractors/lexicon/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors import matiere, topics
from extractors.attendance import (
    extract_attendance,
    extract_not_voting,
    extract_rapporteur,
    extract_secretary,
)
from extractors.beneficiaries import extract_beneficiaries
from extractors.budget import StatedTotal, extract_budget, extract_imputations, stated_totals
from extractors.common import Evidence, folded, mask
from extractors.dates import DateCandidate
from extractors.header import (
    SessionFacts,
    doc_type_of,
    extract_authority,
    extract_body,
    extract_legal_references,
    extract_reference,
    extract_subject,
    extract_theme,
    level_of_body,
    session_facts,
)
from extractors.movements import attendance_at, extract_movements
from extractors.segment import Segment, is_minutes, parts, split
from extractors.stamp import ACTES_ID, read_stamp
from extractors.votes import extract_vote
from extractors.zones import blank, furniture
from schemas.records import Attendance, Authority, Deliberation, Matiere, Person, Source, Span

EXTRACTOR_VERSION = "0.3.1"

Extractor = Callable[[str, Evidence], Any]


@dataclass(frozen=True)
class Step:
    """An extractor, the zone it reads, and the record fields it writes."""

    fn: Extractor
    reads: str  # "heading" | "preamble" | "item"
    writes: tuple[str, ...]


#: field family -> extractor, zone read and fields written, in the order they run
REGISTRY: dict[str, Step] = {
    "authority": Step(extract_authority, "heading", ("authority",)),
    "body": Step(extract_body, "heading", ("body",)),
    "session": Step(session_facts, "preamble", ("session",)),
    "attendance": Step(extract_attendance, "preamble", ("attendance",)),
    "reference": Step(extract_reference, "item", ("reference",)),
    "subject": Step(extract_subject, "item", ("subject",)),
    "theme": Step(extract_theme, "item", ("theme",)),
    "budget": Step(extract_budget, "item", ("budget",)),
    "imputations": Step(extract_imputations, "item", ("imputations",)),
    "vote": Step(extract_vote, "item", ("vote",)),
    "beneficiaries": Step(extract_beneficiaries, "item", ("beneficiaries",)),
    "legal_references": Step(extract_legal_references, "item", ("legal_references",)),
    "not_voting": Step(extract_not_voting, "item", ("attendance.not_voting",)),
    "rapporteur": Step(extract_rapporteur, "item", ("attendance.rapporteur",)),
}


@dataclass
class Extraction:
    """One deliberation's record plus what the checks need beyond the contract."""

    record: Deliberation
    stated_totals: list[StatedTotal] = field(default_factory=list)
    segment_start: int = 0
    segment_end: int = 0
    #: per beneficiary (by index): how its name was linked to the territorial reference
    #: (score, status "matched" / "unmatched" / "ambiguous", note)
    territory: dict[int, tuple[float, str, str]] = field(default_factory=dict)
    #: the session date's statements in the document (heading, "L'an ...", weekday) and
    #: those that disagree with the one chosen: the `date_consistency` check reads them
    session_statements: list[DateCandidate] = field(default_factory=list)
    session_disagreeing: list[DateCandidate] = field(default_factory=list)
    #: what the prefecture stamp could not give for certain (quoting the text), and
    #: identities that disagree: `date_consistency` reports them as warnings
    stamp_notes: list[str] = field(default_factory=list)


def _with_item(
    attendance: Attendance, named: list[Person], rapporteur: Person | None
) -> Attendance:
    """The session's attendance, plus the members this deliberation names as not voting
    and its rapporteur."""
    update: dict[str, Any] = {}
    if named:
        update["not_voting"] = [*attendance.not_voting, *named]
    if rapporteur is not None:
        update["rapporteur"] = rapporteur
    return attendance.model_copy(update=update) if update else attendance


def _item_number(text: str, start: int, index: int) -> int:
    """The item number a deliberation starts with ("3/ ...", "Dossier n°3"), else its rank."""
    m = re.match(
        r"\s*(?:Dossier\s+n°\s*|Question\s+|Point\s+)?(\d{1,3})\b", text[start : start + 40], re.I
    )
    return int(m.group(1)) if m else index + 1


def _with_proxies(att: Attendance, proxies: list[Any]) -> Attendance:
    """The attendance with these proxies added (their givers are then neither present nor
    absent)."""
    from extractors.names import person_key

    known = {person_key(p.giver) for p in att.proxies}
    new = [p for p in proxies if person_key(p.giver) not in known]
    if not new:
        return att
    givers = {person_key(p.giver) for p in new}
    return att.model_copy(
        update={
            "proxies": [*att.proxies, *new],
            "absent": [p for p in att.absent if person_key(p) not in givers],
            "present": [p for p in att.present if person_key(p) not in givers],
        }
    )


@dataclass
class _Part:
    """What one document of a file states once for all its items."""

    segments: list[Segment]
    authority: Authority
    body: str | None
    facts: SessionFacts
    attendance: Attendance
    spans: dict[str, Any]
    minutes: bool


def _read_part(text: str, low: str, start: int, end: int) -> _Part:
    """The session's fields of the document in text[start:end]."""
    part_text, part_low = text[start:end], low[start:end]
    segments = [
        Segment(
            s.index,
            s.start + start,
            s.end + start,
            s.attendance_end + start,
            s.family,
            s.ref,
            None if s.title_at is None else s.title_at + start,
        )
        for s in split(part_text, part_low)
    ]
    ev = Evidence(offset=start)
    authority = REGISTRY["authority"].fn(part_text, ev)
    body = REGISTRY["body"].fn(part_text, ev)
    if authority.level is None and level_of_body(body):
        # "le Conseil de Communauté s'est réuni": the body says the level, not the name
        authority = Authority(name=None, level=level_of_body(body))
    multi = len(segments) > 1
    head_end = (segments[0].start + 4000) if multi else end
    head_end = min(end, max(head_end, start + 600))
    facts: SessionFacts = REGISTRY["session"].fn(text[start:head_end], ev)
    pre_end = segments[0].attendance_end if multi else end
    preamble = text[start:pre_end]
    att_ev = Evidence(offset=start)
    attendance: Attendance = REGISTRY["attendance"].fn(preamble, att_ev)
    if multi:
        # proxies announced in the first item ("M. le Maire informe l'assemblée des pouvoirs
        # ... 1 POUVOIR : Mme X donne pouvoir à M. Y") belong to the session
        first = segments[0]
        more = REGISTRY["attendance"].fn(text[first.start : first.end], Evidence())
        attendance = _with_proxies(attendance, more.proxies)
        if attendance.secretary is None:
            # a secretary appointed in the course of the first items
            zone_end = segments[min(2, len(segments) - 1)].end
            sec_ev = Evidence(offset=start)
            secretary = extract_secretary(text[start:zone_end], sec_ev)
            if secretary is not None:
                attendance = attendance.model_copy(update={"secretary": secretary})
                att_ev.spans.update(sec_ev.spans)
    ev.spans.update(att_ev.spans)
    return _Part(segments, authority, body, facts, attendance, ev.spans, is_minutes(part_low))


def extract_records(text: str, source: Source) -> Iterator[Extraction]:
    """All deliberations in one document's text, in order."""
    printed = mask(text)
    masked = blank(printed, furniture(printed))
    low = folded(masked)
    index = 0
    pieces = parts(masked, low)
    for p_start, p_end in pieces:
        part = _read_part(masked, low, p_start, p_end)
        multi = len(part.segments) > 1 or len(pieces) > 1
        moves = extract_movements(masked[:p_end], part.segments[0].start) if multi else None
        stamps = _Stamps(printed, p_start, p_end)
        for seg in part.segments:
            x = _record(masked, low, seg, part, moves, source, index, multi)
            stamps.apply(x, seg)
            item = masked[seg.start : seg.end]
            decision_at = matiere.decision_start(item)  # read once, for both
            _matiere(x, printed, masked, item, seg, decision_at)
            _topics(x, masked, item, seg, decision_at)
            yield x
            index += 1


def _matiere(
    x: Extraction, printed: str, masked: str, item: str, seg: Segment, decision_at: int | None
) -> None:
    """The ACTES subject: printed on the item (its stamp block included), else inferred
    from its subject, then its decision, with the words that decided it as evidence."""
    r = x.record
    found = matiere.printed(printed[seg.start : seg.end], r.subject)
    if found is not None:
        r.matiere = Matiere(code=found.code, label=matiere.label_of(found.code), source="printed")
        if found.start >= 0:
            r.spans["matiere"] = Span(start=seg.start + found.start, end=seg.start + found.end)
        return
    decision = item[decision_at:] if decision_at is not None else item
    got = matiere.infer_where(r.subject or "", decision)
    if got is None:
        return
    code, where, a, b = got
    r.matiere = Matiere(code=code, label=matiere.label_of(code), source="inferred")
    if where == "subject" and r.subject:
        span = _in_subject(r, masked, r.subject[a:b])
        if span is not None:
            r.spans["matiere"] = span
    elif where == "decision":
        at = seg.start + len(item) - len(decision)
        r.spans["matiere"] = Span(start=at + a, end=at + b)


def _in_subject(r: Deliberation, masked: str, words: str) -> Span | None:
    """Where `words` of the (squashed) subject stand in the document: in the subject's
    own span, line breaks and case apart."""
    sub = r.spans.get("subject")
    if sub is None:
        return None
    found = re.search(re.escape(words).replace(r"\ ", r"\s+"), masked[sub.start : sub.end], re.I)
    return Span(start=sub.start + found.start(), end=sub.start + found.end()) if found else None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip(" #*-"):
            return line.strip(" #*")[:200]
    return ""


def _topics(x: Extraction, masked: str, item: str, seg: Segment, decision_at: int | None) -> None:
    """The item's topics, read in zones: its subject, its decision, its beneficiaries, its
    body (visas blanked) and its visas; each tag's best words as its span."""
    r = x.record
    if decision_at is None:
        decision_at = len(item)
    visas = topics.visa_spans(item)
    body = list(item)
    for a, b in visas:
        body[a:b] = " " * (b - a)
    zones = {
        # an item without a subject is known by its first line (a title: "APPEL À PROJETS
        # Tiers-lieux du numérique")
        "subject": r.subject or _first_line(item),
        "decision": item[decision_at:],
        "beneficiaries": "; ".join(b.name for b in r.beneficiaries),
        "body": "".join(body[:decision_at]),
        "visas": "\n".join(item[a:b] for a, b in visas),
    }
    for t in topics.tag(zones):
        r.topics.append(t.topic)
        h = t.best
        at = {"decision": decision_at, "body": 0}.get(h.zone)
        if at is not None:
            r.spans[f"topics.{t.topic.tag}"] = Span(
                start=seg.start + at + h.start, end=seg.start + at + h.end
            )
        elif h.zone == "subject":
            span = _in_subject(r, masked, h.text)
            if span is not None:
                r.spans[f"topics.{t.topic.tag}"] = span


class _Stamps:
    """The stamps of one part (read on the text before the furniture is blanked): a
    record gets the stamp printed inside its own item when the part holds several ACTES
    identifiers, else the part's."""

    def __init__(self, printed: str, start: int, end: int) -> None:
        self.printed = printed
        self.part = read_stamp(printed[start:end])
        self.part_start = start
        self.several = (
            len(
                {
                    m.group("siren") + m.group("date") + m.group("num")
                    for m in ACTES_ID.finditer(printed, start, end)
                }
            )
            > 1
        )

    def apply(self, x: Extraction, seg: Segment) -> None:
        stamp, offset = self.part, self.part_start
        if self.several:
            own = read_stamp(self.printed[seg.start : seg.end])
            if own.transmission.actes_id is None:
                return
            stamp, offset = own, seg.start
        t = stamp.transmission
        if not any(t.model_dump().values()):
            return
        r = x.record
        r.transmission = t.model_copy()
        for path, (a, b) in stamp.spans.items():
            r.spans[path] = Span(start=offset + a, end=offset + b)
        x.stamp_notes = list(stamp.notes)
        if r.authority.siren is None and t.siren is not None:
            r.authority = r.authority.model_copy(update={"siren": t.siren})


def _record(
    masked: str,
    low: str,
    seg: Segment,
    part: _Part,
    moves: Any,
    source: Source,
    index: int,
    multi: bool,
) -> Extraction:
    in_force = (
        attendance_at(part.attendance, moves, seg.start, _item_number(masked, seg.start, seg.index))
        if moves
        else part.attendance
    )
    seg_text = masked[seg.start : seg.end]
    ev = Evidence(offset=seg.start)
    fields = {
        name: step.fn(seg_text, ev) for name, step in REGISTRY.items() if step.reads == "item"
    }
    if seg.title_at is not None:
        # the title starts after the marker that opened the item
        sub_ev = Evidence(offset=seg.start)
        fields["subject"] = extract_subject(seg_text, sub_ev, start=seg.title_at - seg.start)
        ev.spans.pop("subject", None)
        ev.spans.update(sub_ev.spans)
    session = part.facts.session
    has_decision = bool(
        fields["reference"] or fields["vote"].outcome != "unknown" or "DECIDE" in seg_text
    )
    doc_type = doc_type_of(masked[seg.start - (seg.start - part.segments[0].start) :], has_decision)
    if len(part.segments) > 1 and doc_type in ("other", "deliberation") and part.minutes:
        doc_type = "minutes"
    if session.date is None and not has_decision and doc_type == "other":
        doc_type = "annex"
    # the deliberation's own not-voting members come after the session's
    n0 = len(part.attendance.not_voting)
    for i in reversed(range(len(fields["not_voting"]))):
        key = f"attendance.not_voting[{i}]"
        if key in ev.spans:
            ev.spans[f"attendance.not_voting[{n0 + i}]"] = ev.spans.pop(key)
    for path, span in part.spans.items():
        ev.spans.setdefault(path, span)
    record = Deliberation(
        source=source.model_copy(
            update={"segment": index if multi else None, "extractor_version": EXTRACTOR_VERSION}
        ),
        doc_type=doc_type,
        authority=part.authority,
        body=part.body,
        reference=fields["reference"],
        session=session,
        budget=fields["budget"],
        theme=fields["theme"],
        subject=fields["subject"],
        imputations=fields["imputations"],
        vote=fields["vote"],
        attendance=_with_item(in_force, fields["not_voting"], fields["rapporteur"]),
        beneficiaries=fields["beneficiaries"],
        legal_references=fields["legal_references"],
        spans=ev.spans,
    )
    choice = part.facts.choice
    return Extraction(
        record,
        stated_totals(seg_text),
        seg.start,
        seg.end,
        session_statements=list(choice.statements),
        session_disagreeing=list(choice.disagreeing),
    )


__all__ = ["EXTRACTOR_VERSION", "REGISTRY", "Extraction", "Step", "extract_records"]
