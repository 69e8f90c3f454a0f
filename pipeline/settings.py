"""Settings in one typed object: defaults here, overridable by environment and flags.

Every limit that protects the machine from a bad input is a setting, named in the README's
reliability section with its environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace

DEFAULT_DB_URL = "sqlite:///data/processed/delib.sqlite"
MIB = 1024 * 1024


def default_workers() -> int:
    """The machine's cores (as many as this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    #: text files larger than this are refused (bytes)
    max_text_bytes: int = 20 * MIB
    #: read text that is not UTF-8 as cp1252/latin-1 (recorded as a warning) instead of
    #: refusing it (E105); off by default: a wrongly encoded file is reported, not guessed
    legacy_encodings: bool = False
    #: file name suffixes read as documents when walking folders
    suffixes: tuple[str, ...] = field(default=(".txt", ".md", ".html", ".htm", ".pdf"))
    #: PDF limits: file size, pages per file
    max_pdf_bytes: int = 200 * MIB
    max_pdf_pages: int = 1000
    #: seconds one file (text or PDF) may take to read and extract; past it, the worker
    #: process doing it is stopped and the file reported (E126)
    file_seconds: float = 300.0
    #: decompressed bytes of one page's content, its form XObjects included (E125)
    max_page_stream_bytes: int = 64 * MIB
    #: decompressed bytes of any single stream of a PDF (content, XObject, image) (E125)
    max_stream_bytes: int = 64 * MIB
    #: pixels of a page image rendered for OCR, and of an embedded image (E125)
    max_page_pixels: int = 40_000_000
    #: memory of one extraction process (MiB): past it, the file is reported (E128)
    worker_memory_mb: int = 1536
    #: deliberations found in one file; more is refused (E129), not silently cut
    max_records_per_file: int = 5000
    #: extraction processes; 0 extracts in this process (no time or memory limit)
    workers: int = field(default_factory=default_workers)
    #: OCR of pages without a text layer (Tesseract, French model)
    ocr: bool = True
    ocr_language: str = "fra"
    #: resolution of a page rendered for OCR: 200 dpi reads print of 7 to 12 points, clean or
    #: noisy, and the real scanned page as well as 300 dpi, in 15% less time (README,
    #: `python -m benchmarks.ocr_tradeoff --sizes`); 150 dpi loses characters
    ocr_dpi: int = 200
    #: how Tesseract runs: "auto" in process (tesserocr) where it can, else the command;
    #: "command" always the `tesseract` command (pytesseract)
    ocr_engine: str = "auto"

    @property
    def pdf_seconds(self) -> float:  # the name of earlier versions
        return self.file_seconds

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then DELIB_* environment variables, then the given overrides (flags)."""
        base = cls()
        env = os.environ
        changes: dict[str, object] = {}
        if env.get("DELIB_DB_URL"):
            changes["db_url"] = env["DELIB_DB_URL"]
        if _flag(env.get("DELIB_LEGACY_ENCODINGS")):
            changes["legacy_encodings"] = True
        if env.get("DELIB_OCR", "").lower() in ("0", "false", "no", "off"):
            changes["ocr"] = False
        for name, var in ENV_NUMBERS.items():
            raw = env.get(var)
            if raw:
                kind = type(getattr(base, name))
                try:
                    changes[name] = kind(raw)
                except ValueError as exc:
                    raise ValueError(f"{var}={raw!r} is not a number") from exc
        engine = env.get("DELIB_OCR_ENGINE", "").strip().lower()
        if engine:
            if engine not in OCR_ENGINES:
                raise ValueError(
                    f"DELIB_OCR_ENGINE={env['DELIB_OCR_ENGINE']!r} is not one of "
                    + ", ".join(OCR_ENGINES)
                )
            changes["ocr_engine"] = engine
        if env.get("DELIB_PDF_SECONDS") and not env.get("DELIB_FILE_SECONDS"):
            changes["file_seconds"] = float(env["DELIB_PDF_SECONDS"])
        known = {f.name for f in fields(cls)}
        clean = {k: v for k, v in overrides.items() if v is not None and k in known}
        return replace(base, **{**changes, **clean})  # type: ignore[arg-type]


#: the ways Tesseract can run (`pipeline.ocr`)
OCR_ENGINES = ("auto", "command")

#: numeric settings and the environment variable that overrides each
ENV_NUMBERS = {
    "max_text_bytes": "DELIB_MAX_TEXT_BYTES",
    "max_pdf_bytes": "DELIB_MAX_PDF_BYTES",
    "max_pdf_pages": "DELIB_MAX_PDF_PAGES",
    "file_seconds": "DELIB_FILE_SECONDS",
    "max_page_stream_bytes": "DELIB_MAX_PAGE_STREAM_BYTES",
    "max_stream_bytes": "DELIB_MAX_STREAM_BYTES",
    "max_page_pixels": "DELIB_MAX_PAGE_PIXELS",
    "worker_memory_mb": "DELIB_WORKER_MEMORY_MB",
    "max_records_per_file": "DELIB_MAX_RECORDS_PER_FILE",
    "workers": "DELIB_WORKERS",
    "ocr_dpi": "DELIB_OCR_DPI",
}


def _flag(raw: str | None) -> bool:
    return (raw or "").lower() in ("1", "true", "yes", "on")
