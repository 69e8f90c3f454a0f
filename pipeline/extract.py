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
        _link_territory(x)
        x.record.findings = run_checks(x)
        out.append(x)
    return out


def _link_territory(x: Extraction) -> None:
    """SIREN, département and région of the beneficiaries and the authority, when the
    territorial reference names them unambiguously; the match is kept with the record."""
    from pipeline.territory import link

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
    if r.authority.name and r.authority.level in ("epci", "commune") and r.authority.siren is None:
        name = r.authority.name.removeprefix("Commune de ")
        m = link(name, r.authority.level, r.session.date)
        if m.place is not None:
            r.authority.siren = m.place.siren


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
