"""Stage 2: documents to checked records."""

from __future__ import annotations

from collections.abc import Iterator

from extractors import Extraction, extract_records
from pipeline.checks import run_checks
from pipeline.sources import Document
from schemas.records import Source


def extract_document(doc: Document) -> list[Extraction]:
    """Every deliberation in `doc`, with its findings filled in (and pages, for PDFs)."""
    source = Source(file=doc.path, sha256=doc.sha256)
    out = []
    for x in extract_records(doc.text, source):
        if doc.page_starts:
            _paginate(x, doc)
        _link_territory(x, doc.text)
        x.record.findings = run_checks(x)
        out.append(x)
    return out


def _link_territory(x: Extraction, text: str = "") -> None:
    """SIREN, département and région of the beneficiaries and the authority, when the
    territorial reference names them unambiguously; the match is kept with the record."""
    from pipeline.territory import by_siren, departement_by_siren, link

    r = x.record
    for i, b in enumerate(r.beneficiaries):
        if b.kind not in ("epci", "commune"):
            continue
        m = link(b.name, b.kind, r.session.date)
        x.territory[i] = (m.score, m.status, m.note)
        if m.place is not None:
            b.siren, b.departement, b.region = (
                m.place.siren,
                m.place.departement or None,
                m.place.region or None,
            )
    a = r.authority
    named = None
    if a.name and a.level in ("epci", "commune"):
        m = link(a.name.removeprefix("Commune de "), a.level, r.session.date)
        named = m.place.siren if m.place is not None else None
    if a.siren is None:
        a.siren = named
    elif named is not None and named != a.siren:
        # two statements of who deliberates that disagree: kept as printed, said
        x.stamp_notes.append(
            f"the ACTES SIREN {a.siren} is not that of {a.name} in the reference ({named})"
        )
    if a.siren is not None and a.name is None:
        # the document names its authority only by the SIREN of its stamp
        who = by_siren(a.siren, r.session.date) or departement_by_siren(a.siren, text)
        if who is not None:
            r.authority = a.model_copy(update={"name": who.name, "level": who.level})


def _paginate(x: Extraction, doc: Document) -> None:
    """Page numbers of a PDF deliberation: its pages, each span's page, whether OCR'd."""
    first = doc.page_of(x.segment_start) or 1
    last = doc.page_of(max(x.segment_start, x.segment_end - 1)) or first
    pages = list(range(first, last + 1))
    x.record.source.pages = pages
    x.record.source.ocr = any(p in doc.ocr_pages for p in pages)
    for span in x.record.spans.values():
        span.page = doc.page_of(span.start)


def iter_records(docs: Iterator[Document]) -> Iterator[Extraction]:
    for doc in docs:
        yield from extract_document(doc)
