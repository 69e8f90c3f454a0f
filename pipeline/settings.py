"""Settings in one typed object: defaults here, overridable by environment and flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_DB_URL = "sqlite:///data/processed/delib.sqlite"


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    #: files larger than this are refused (bytes)
    max_text_bytes: int = 20 * 1024 * 1024
    #: read text that is not UTF-8 as cp1252/latin-1 (recorded as a warning) instead of
    #: refusing it (E105); off by default: a wrongly encoded file is reported, not guessed
    legacy_encodings: bool = False
    #: file name suffixes read as documents when walking folders
    suffixes: tuple[str, ...] = field(default=(".txt", ".md", ".html", ".htm", ".pdf"))
    #: PDF limits: file size, pages per file, seconds per file, decompressed bytes per page
    max_pdf_bytes: int = 200 * 1024 * 1024
    max_pdf_pages: int = 1000
    pdf_seconds: float = 300.0
    max_page_stream_bytes: int = 64 * 1024 * 1024
    #: OCR of pages without a text layer (Tesseract, French model)
    ocr: bool = True
    ocr_language: str = "fra"
    ocr_dpi: int = 300

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        base = cls()
        env_url = os.environ.get("DELIB_DB_URL")
        if env_url:
            base = replace(base, db_url=env_url)
        if os.environ.get("DELIB_LEGACY_ENCODINGS", "").lower() in ("1", "true", "yes"):
            base = replace(base, legacy_encodings=True)
        max_bytes = os.environ.get("DELIB_MAX_TEXT_BYTES")
        if max_bytes:
            base = replace(base, max_text_bytes=int(max_bytes))
        pages = os.environ.get("DELIB_MAX_PDF_PAGES")
        if pages:
            base = replace(base, max_pdf_pages=int(pages))
        seconds = os.environ.get("DELIB_PDF_SECONDS")
        if seconds:
            base = replace(base, pdf_seconds=float(seconds))
        if os.environ.get("DELIB_OCR", "").lower() in ("0", "false", "no"):
            base = replace(base, ocr=False)
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **clean)  # type: ignore[arg-type]
