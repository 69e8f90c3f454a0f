"""The PDF stage: a PDF file to a `Document` (text + page offsets) for the same extractors.

- Text in reading order, page by page (pdfplumber). Ruled tables are read as tables, their
  rows written as tab-separated lines where the table stands, so that a budget block
  ("Imputation / Autorisation d'engagement / ... / Phasage") or an annex of beneficiaries
  reads as it does in the text files.
- Pages without a text layer are OCR'd with Tesseract's French model (pytesseract) when it
  is installed; otherwise the page is reported as needing OCR (a warning), never silently
  empty. OCR text gets a few length-preserving repairs of common damage ("l5" -> "15").
- Bad files fail with a clear `InputError`: not a PDF, encrypted, corrupt, no page, too many
  pages, a page whose content decompresses beyond the limit (a bomb), too slow.

Pages are closed as they are read: memory stays flat in the number of pages.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
import time
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page

from pipeline.errors import (
    CorruptPdf,
    EncryptedPdf,
    InputError,
    NoPages,
    NotPdf,
    PdfBomb,
    TooManyPages,
    TooSlow,
)
from pipeline.settings import Settings
from pipeline.sources import Document, read_bytes

#: a page with fewer characters than this in its text layer is treated as scanned
MIN_TEXT_CHARS = 20
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(path: Path, settings: Settings) -> Document:
    """Read one PDF file; raise an `InputError` subclass when it cannot be used."""
    return decode_pdf(str(path), read_bytes(path, settings.max_pdf_bytes), settings)


def decode_pdf(name: str, data: bytes, settings: Settings) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    head = data[:1024]
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").encode("unicode_escape").decode()
        raise NotPdf(name, f"not a PDF (no %PDF- header; starts with {shown!r})")
    with _deadline(name, settings.pdf_seconds):
        pages, page_starts, ocr_pages, warnings = _read_pages(name, data, settings)
    text = "".join(pages)
    if not text.strip():
        raise NoPages(name, "no text on any page" + (f" ({warnings[0][1]})" if warnings else ""))
    return Document(
        path=name,
        sha256=sha,
        text=text,
        media_type="application/pdf",
        encoding="pdf",
        size=len(data),
        warnings=tuple(warnings),
        page_starts=tuple(page_starts),
        ocr_pages=tuple(ocr_pages),
    )


def _open(name: str, data: bytes) -> Any:
    import io

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _as_input_error(name, exc) from exc


def _as_input_error(name: str, exc: BaseException, where: str = "") -> InputError:
    """The `InputError` a parsing failure means. pdfplumber wraps what pdfminer raises
    (including our own time limit, raised from a signal handler): look through the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, InputError):
            return seen
        if (
            isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError))
            or "password" in str(seen).lower()
        ):
            return EncryptedPdf(name, "encrypted: a password is needed to read it")
        nested = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or seen.__context__ or nested
    return CorruptPdf(name, f"corrupt PDF{where}: {type(exc).__name__}: {exc}")


def _read_pages(
    name: str, data: bytes, settings: Settings
) -> tuple[list[str], list[int], list[int], list[tuple[str, str]]]:
    pdf = _open(name, data)
    try:
        try:
            n = _page_count(pdf)
        except Exception as exc:
            raise _as_input_error(name, exc) from exc
        if n == 0:
            raise NoPages(name, "the PDF has no page")
        if n > settings.max_pdf_pages:
            raise TooManyPages(name, f"{n} pages, over the limit of {settings.max_pdf_pages}")
        texts: list[str] = []
        starts: list[int] = []
        ocr_pages: list[int] = []
        warnings: list[tuple[str, str]] = []
        offset = 0
        for number, page in enumerate(_iter_pages(pdf), start=1):
            try:
                _check_streams(name, number, page, settings.max_page_stream_bytes)
                text = page_text(page)
                if len(text.strip()) < MIN_TEXT_CHARS and page.images:
                    ocr = ocr_page(page, settings)
                    if ocr is None:
                        warnings.append(
                            (
                                "W102",
                                f"page {number} has no text layer and needs OCR: {ocr_unavailable()}",
                            )
                        )
                    else:
                        text = ocr
                        ocr_pages.append(number)
            except InputError:
                raise
            except Exception as exc:
                raise _as_input_error(name, exc, f" at page {number}") from exc
            finally:
                page.close()
            text = text.rstrip() + "\n"
            starts.append(offset)
            texts.append(text)
            offset += len(text)
        return texts, starts, ocr_pages, warnings
    finally:
        pdf.close()


def _page_count(pdf: Any) -> int:
    """Pages of the document, counted from its page tree without parsing any page."""
    return sum(1 for _ in PDFPage.create_pages(pdf.doc))


def _iter_pages(pdf: Any) -> Iterator[Any]:
    """Pages one at a time (pdfplumber's `pdf.pages` keeps every page alive), with the
    parser's object cache emptied between pages: memory stays flat in the number of pages."""
    doctop: float = 0
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page
        cache = getattr(pdf.doc, "_cached_objs", None)
        if isinstance(cache, dict):
            cache.clear()


def _check_streams(name: str, number: int, page: Any, limit: int) -> None:
    """Refuse a page whose content streams inflate beyond `limit` bytes (a PDF bomb)."""
    contents = getattr(page.page_obj, "contents", None) or []
    total = 0
    for stream in contents:
        stream = stream.resolve() if hasattr(stream, "resolve") else stream
        filters = stream.get_filters() if hasattr(stream, "get_filters") else []
        raw = getattr(stream, "rawdata", None)
        if raw is None:
            continue
        if any(getattr(f, "name", f) in ("FlateDecode", "Fl") for f, _ in filters):
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(raw, limit - total + 1)
            except zlib.error:
                continue  # let the parser report a damaged stream
            total += len(out)
        else:
            total += len(raw)
        if total > limit:
            raise PdfBomb(name, f"page {number} decompresses to more than {limit} bytes")


def page_text(page: Any) -> str:
    """A page's text in reading order, ruled tables as tab-separated rows where they stand.

    The page's text lines outside the tables (also the text beside a table) and the tables'
    rows are merged by their vertical position: one pass over the page's characters."""
    tables = _tables(page)
    if not tables:
        return page.extract_text(x_tolerance=1.5, y_tolerance=3) or ""
    boxes = [t.bbox for t in tables]
    outside = page.filter(
        lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes)
    )
    items: list[tuple[float, int, str]] = [
        (line["top"], 1, line["text"])
        for line in outside.extract_text_lines(x_tolerance=1.5, y_tolerance=3, return_chars=False)
    ]
    for table in tables:
        rows = table.extract(x_tolerance=1.5, y_tolerance=3)
        items.append(
            (table.bbox[1], 0, "\n".join("\t".join(_cell(c) for c in row) for row in rows))
        )
    items.sort(key=lambda item: (item[0], item[1]))
    return "\n".join(text for _, _, text in items if text.strip())


def _tables(page: Any) -> list[Any]:
    if not page.edges:
        return []
    found = page.find_tables(TABLE_SETTINGS)
    return sorted(
        (t for t in found if len(t.rows) >= 1 and t.bbox[2] - t.bbox[0] > 50 and _n_cols(t) >= 2),
        key=lambda t: t.bbox[1],
    )


def _n_cols(table: Any) -> int:
    return max((len(r.cells) for r in table.rows), default=0)


def _cell(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return bool(
        obj.get("x0", 0) >= x0 - 1
        and obj.get("x1", 0) <= x1 + 1
        and obj.get("top", 0) >= top - 1
        and obj.get("bottom", 0) <= bottom + 1
    )


# --- OCR --------------------------------------------------------------------------------


def ocr_unavailable() -> str:
    """Why OCR cannot run here ('' when it can)."""
    if shutil.which("tesseract") is None:
        return (
            "Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    try:
        import pytesseract

        if "fra" not in pytesseract.get_languages(config=""):
            return "Tesseract's French model is missing (Debian: apt-get install tesseract-ocr-fra)"
    except Exception as exc:  # pytesseract missing or tesseract not runnable
        return f"Tesseract cannot run: {exc}"
    return ""


def ocr_page(page: Any, settings: Settings) -> str | None:
    """OCR of a scanned page, or None when OCR is off or unavailable."""
    if not settings.ocr or ocr_unavailable():
        return None
    import os

    import pytesseract

    # without a thread limit, Tesseract's OpenMP threads make a page ~6x slower here
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    image = page.to_image(resolution=settings.ocr_dpi).original
    key = (hashlib.sha256(image.tobytes()).hexdigest(), settings.ocr_language)
    if key not in _OCR_MEMO:
        text = pytesseract.image_to_string(image, lang=settings.ocr_language)
        if len(_OCR_MEMO) >= 256:
            _OCR_MEMO.pop(next(iter(_OCR_MEMO)))
        _OCR_MEMO[key] = repair_ocr(text)
    return _OCR_MEMO[key]


#: OCR results by page image: re-reading the same scan (a re-ingest) does not OCR it again
_OCR_MEMO: dict[tuple[str, str], str] = {}


_OCR_FIXES = [
    (re.compile(r"(?<=\d)[lI](?=\d)"), "1"),  # "2l5" -> "215"
    (re.compile(r"(?<![\w])[lI](?=\d{1,3}(?:[ .]\d{3})*(?:,\d\d)?\s*€)"), "1"),  # "l5 000 €"
    (re.compile(r"(?<=\d)O(?=\d)"), "0"),  # "2O19" -> "2019"
]


def repair_ocr(text: str) -> str:
    """Common Tesseract damage, repaired without changing lengths; accents recomposed."""
    text = unicodedata.normalize("NFC", text)
    for rx, repl in _OCR_FIXES:
        text = rx.sub(repl, text)
    return text


# --- time limit -------------------------------------------------------------------------


@contextmanager
def _deadline(name: str, seconds: float) -> Iterator[None]:
    """Stop reading a file after `seconds` (SIGALRM; main thread on Unix only)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return
    started = time.monotonic()

    def _expire(_signum: int, _frame: object) -> None:
        raise TooSlow(
            name, f"took longer than {seconds:g} s (after {time.monotonic() - started:.1f} s)"
        )

    try:
        previous = signal.signal(signal.SIGALRM, _expire)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
