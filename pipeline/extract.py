"""Stage 2: documents to checked records."""

from __future__ import annotations

from collections.abc import Iterator

from extractors import Extraction, extract_records
from pipeline.checks import run_checks
from pipeline.sources import Document
from schemas.records import Source


def extract_document(doc: Document) -> list[Extraction]:
    """Every deliberation in `doc`, with its findings filled in."""
    source = Source(file=doc.path, sha256=doc.sha256)
    out = []
    for x in extract_records(doc.text, source):
        x.record.findings = run_checks(x)
        out.append(x)
    return out


def iter_records(docs: Iterator[Document]) -> Iterator[Extraction]:
    for doc in docs:
        yield from extract_document(doc)
