"""Staged extractors: pure functions from a deliberation's text to its fields.

The registry below lists them in the order they run; each takes the text (masked, see
`extractors.common.mask`) and an `Evidence` collector, and returns its fields.
`extract_records` composes them into one `Deliberation` per segment of a document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors.attendance import extract_attendance, extract_not_voting
from extractors.beneficiaries import extract_beneficiaries
from extractors.budget import StatedTotal, extract_budget, extract_imputations, stated_totals
from extractors.common import Evidence, mask
from extractors.header import doc_type_of, extract_header, extract_legal_references
from extractors.movements import attendance_at, extract_movements
from extractors.segment import split
from extractors.votes import extract_vote
from schemas.records import Attendance, Deliberation, Person, Source

EXTRACTOR_VERSION = "0.2.0"

Extractor = Callable[[str, Evidence], Any]

#: field family -> extractor, in the order they run on one deliberation's text
REGISTRY: dict[str, Extractor] = {
    "header": extract_header,
    "budget": extract_budget,
    "imputations": extract_imputations,
    "vote": extract_vote,
    "beneficiaries": extract_beneficiaries,
    "legal_references": extract_legal_references,
    "not_voting": extract_not_voting,
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


def _with_not_voting(attendance: Attendance, named: list[Person]) -> Attendance:
    """The session's attendance, plus the members this deliberation names as not voting."""
    if not named:
        return attendance
    return attendance.model_copy(update={"not_voting": [*attendance.not_voting, *named]})


def _item_number(text: str, start: int, index: int) -> int:
    """The item number a deliberation starts with ("3/ ...", "Dossier n°3"), else its rank."""
    m = re.match(
        r"\s*(?:Dossier\s+n°\s*|Question\s+|Point\s+)?(\d{1,3})\b", text[start : start + 40], re.I
    )
    return int(m.group(1)) if m else index + 1


def extract_records(text: str, source: Source) -> Iterator[Extraction]:
    """All deliberations in one document's text, in order."""
    masked = mask(text)
    segments = split(masked)
    multi = len(segments) > 1
    session_ev = Evidence()
    session_head = extract_header(masked[: segments[0].start + 4000], session_ev) if multi else {}
    attendance_ev = Evidence()
    attendance: Attendance = extract_attendance(masked[: segments[0].attendance_end], attendance_ev)
    moves = extract_movements(masked, segments[0].start) if multi else None
    for seg in segments:
        in_force = (
            attendance_at(attendance, moves, seg.start, _item_number(masked, seg.start, seg.index))
            if moves
            else attendance
        )
        seg_text = masked[seg.start : seg.end]
        ev = Evidence(offset=seg.start)
        fields = {name: fn(seg_text, ev) for name, fn in REGISTRY.items()}
        header = fields["header"]
        if multi:
            # the session's own fields come from the preamble
            for key in ("body", "authority", "session"):
                header[key] = session_head[key]
            for path, span in session_ev.spans.items():
                if path.startswith(("body", "authority", "session")):
                    ev.spans[path] = span
        has_decision = bool(
            header["reference"] or fields["vote"].outcome != "unknown" or "DECIDE" in seg_text
        )
        doc_type = doc_type_of(masked, has_decision)
        if multi and doc_type == "other":
            doc_type = "minutes"
        # the deliberation's own not-voting members come after the session's
        n0 = len(attendance.not_voting)
        for i in reversed(range(len(fields["not_voting"]))):
            key = f"attendance.not_voting[{i}]"
            if key in ev.spans:
                ev.spans[f"attendance.not_voting[{n0 + i}]"] = ev.spans.pop(key)
        ev.spans.update(attendance_ev.spans)
        record = Deliberation(
            source=source.model_copy(
                update={
                    "segment": seg.index if multi else None,
                    "extractor_version": EXTRACTOR_VERSION,
                }
            ),
            doc_type=doc_type,
            authority=header["authority"],
            body=header["body"],
            reference=header["reference"],
            session=header["session"],
            budget=fields["budget"],
            theme=header["theme"],
            subject=header["subject"],
            imputations=fields["imputations"],
            vote=fields["vote"],
            attendance=_with_not_voting(in_force, fields["not_voting"]),
            beneficiaries=fields["beneficiaries"],
            legal_references=fields["legal_references"],
            spans=ev.spans,
        )
        yield Extraction(record, stated_totals(seg_text), seg.start, seg.end)


__all__ = ["EXTRACTOR_VERSION", "REGISTRY", "Extraction", "extract_records"]
