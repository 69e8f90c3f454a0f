"""The PDF stage: a PDF file to a `Document` (text + page offsets) for the same extractors.

- Text in reading order, page by page, by pdfium (pypdfium2: a bare text reading, at the
  speed of the library). A page whose drawn lines or rectangles may make a table (decided
  from pdfium's page objects, without parsing the page twice) is read by pdfplumber
  instead, its ruled tables as tables, their rows written as tab-separated lines where the
  table stands, so that a budget block ("Imputation / Autorisation d'engagement / ... /
  Phasage") or an annex of beneficiaries reads as it does in the text files.
- Pages without a text layer are OCR'd with Tesseract's French model (pytesseract) when it
  is installed; otherwise the page is reported as needing OCR (a warning), never silently
  empty. OCR text gets a few length-preserving repairs of common damage ("l5" -> "15").
- Bad files fail with a clear `InputError`: not a PDF, encrypted, corrupt, no page, too many
  pages, a stream or a page whose content (form XObjects included) decompresses beyond the
  limit, an image or a page too large to render (a bomb: `pipeline.pdf_limits`), too slow
  (checked between pages; the worker's watchdog stops anything longer). A page drawing more
  objects than `MAX_PAGE_OBJECTS` is skipped with a warning, the rest of the file is read.

Pages are closed as they are read: memory stays flat in the number of pages.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page

from pipeline import pdf_limits
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
from pipeline.ocr import image_text, ocr_unavailable
from pipeline.settings import Settings
from pipeline.sources import Document, clean_text, read_bytes

pdf_limits.install()

#: a page with fewer characters than this in its text layer is treated as scanned
MIN_TEXT_CHARS = 20
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(path: Path, settings: Settings, name: str | None = None) -> Document:
    """Read one PDF file; raise an `InputError` subclass when it cannot be used."""
    from pipeline.paths import shown

    name = name if name is not None else shown(path)
    return decode_pdf(name, read_bytes(path, settings.max_pdf_bytes, name), settings)


def decode_pdf(name: str, data: bytes, settings: Settings) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    head = data[:1024]
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").encode("unicode_escape").decode()
        raise NotPdf(name, f"not a PDF (no %PDF- header; starts with {shown!r})")
    deadline = time.monotonic() + settings.file_seconds if settings.file_seconds > 0 else None
    with pdf_limits.budget(
        name, settings.max_stream_bytes, settings.max_page_stream_bytes
    ) as budget:
        # within the smaller of the two limits, no stream and no page can pass either
        # a file vouched for draws at most as many characters as its streams decode to
        scanned = _scan(
            data, min(settings.max_stream_bytes, settings.max_page_stream_bytes, MAX_VOUCHED_BYTES)
        )
        budget.small, budget.draws = scanned is not None, scanned or 0
        pages, page_starts, ocr_pages, warnings = _read_pages(name, data, settings, deadline)
    text = clean_text("".join(pages), warnings)
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
    (including our own limits, raised from inside pdfminer's decoding): look through the
    chain."""
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
    name: str, data: bytes, settings: Settings, deadline: float | None
) -> tuple[list[str], list[int], list[int], list[tuple[str, str]]]:
    fast = _Pdfium(data)
    budget = pdf_limits.current()
    # a file the one-pass scan vouched for, opened by pdfium: pdfminer parses nothing until
    # a page needs pdfplumber (a ruled table, a scanned page); else it opens the file first
    # (it reports what is wrong with it) and walks each page before pdfium parses it
    lazy = _vouched(budget) and fast.count() is not None
    plumber = _Plumber(name, data, lazy)
    try:
        try:
            # pdfium counts the pages without walking the tree in Python; pdfminer when
            # pdfium cannot open the file
            counted = fast.count()
            n = counted if counted is not None else _page_count(plumber.pdf())
        except InputError:
            raise
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
        renderer = _Renderer(name, data, settings)
        try:
            for number in itertools.count(1):
                if lazy and number > n:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise TooSlow(
                        name,
                        f"took longer than {settings.file_seconds:g} s (DELIB_FILE_SECONDS), "
                        f"at page {min(number, n)} of {n}",
                    )
                try:
                    if not lazy and plumber.page(number) is None:
                        break
                    budget.new_page(number)
                    text = _page_or_warning(
                        name,
                        number,
                        functools.partial(plumber.page, number),
                        settings,
                        renderer,
                        warnings,
                        fast,
                    )
                    if text is None:
                        text = ""
                    elif text.startswith(_OCR_MARK):
                        text = text[len(_OCR_MARK) :]
                        ocr_pages.append(number)
                except InputError:
                    raise
                except MemoryError:
                    raise
                except Exception as exc:
                    raise _as_input_error(name, exc, f" at page {number}") from exc
                finally:
                    plumber.release()
                    fast.release()
                text = text.rstrip() + "\n"
                starts.append(offset)
                texts.append(text)
                offset += len(text)
        finally:
            renderer.close()
        return texts, starts, ocr_pages, warnings
    finally:
        fast.close()
        plumber.close()


class _OnePage:
    """Hands out one page at a time: the page asked for before is closed first."""

    _page: Any = None

    def release(self) -> None:
        if self._page is not None:
            self._page.close()
            self._page = None


class _Plumber(_OnePage):
    """The document as pdfplumber (pdfminer) reads it, its pages handed out one at a time
    and in order (`_iter_pages`). Opened at once, or (`lazy`) when a first page is asked
    for. pdfplumber's own `close` parses every page to close it: never called."""

    def __init__(self, name: str, data: bytes, lazy: bool) -> None:
        self._name, self._data = name, data
        self._pdf: Any = None
        self._pages: Iterator[Any] | None = None
        self._page: Any = None
        self._number = 0
        if not lazy:
            self.pdf()

    def pdf(self) -> Any:
        if self._pdf is None:
            self._pdf = _open(self._name, self._data)
        return self._pdf

    def page(self, number: int) -> Any:
        """Page `number` (1-based, never before the last one asked for), or None past the
        end of the page tree."""
        if self._number == number:
            return self._page
        if self._pages is None:
            self._pages = _iter_pages(self.pdf())
        while self._number < number:
            self.release()
            self._page = next(self._pages, None)
            self._number += 1
            if self._page is None:
                self._number = number
                break
        return self._page

    def close(self) -> None:
        self.release()
        if self._pdf is not None:
            self._pdf.flush_cache()
            self._pdf.stream.close()
            self._pdf = None


_OCR_MARK = "\x00ocr\x00"


def _page_or_warning(
    name: str,
    number: int,
    plumbed: Callable[[], Any],
    settings: Settings,
    renderer: _Renderer,
    warnings: list[tuple[str, str]],
    fast: _Pdfium | None = None,
) -> str | None:
    """A page's text (prefixed by `_OCR_MARK` when it came from OCR), or None with a
    warning when the page cannot be read within the limits. With `fast` (the document
    opened by pdfium), a page without rulings is read by pdfium, once its content has
    passed the limits (pdfium parses a page whole: a bomb must be refused before);
    otherwise by pdfplumber, whose page `plumbed` gives (parsed only when needed)."""

    def plumber_page() -> Any:
        page = plumbed()
        if page is None:
            raise CorruptPdf(name, f"page {number} is not in the page tree pdfminer reads")
        return page

    objects = _count_objects(plumber_page)
    if objects > MAX_PAGE_OBJECTS:
        warnings.append(
            (
                "W105",
                f"page {number} skipped: it draws {objects} objects, over the limit of "
                f"{MAX_PAGE_OBJECTS} per page",
            )
        )
        return None
    fast_page = fast.page(number) if fast is not None else None
    look = _look(fast_page) if fast_page is not None else None
    if look is not None and (not look.ruled or plumbed() is None):
        # no ruled table, or a page pdfminer's page tree does not give (pdfium's reading)
        text = look.text
        cover = look.image_cover
    else:
        text = page_text(plumber_page())
        cover = _image_cover(plumber_page())
    printed = len(text.strip())
    # scanned: no text layer under an image; or an image covering most of the page under
    # a text layer that is only page furniture (a running header, a stamp, a page number)
    furniture_only = cover >= SCAN_COVER and printed < MAX_FURNITURE_CHARS
    if (printed < MIN_TEXT_CHARS and cover > 0) or furniture_only:
        why = renderer.unavailable() if settings.ocr else "OCR is turned off (DELIB_OCR=0)"
        if why:
            warnings.append(("W102", f"page {number} has no text layer and needs OCR: {why}"))
            return text
        page = plumber_page()
        _check_images(name, number, page, settings.max_page_pixels)
        ocr = renderer.ocr(number, page, settings)
        if ocr is not None:
            return _OCR_MARK + _with_printed(text, ocr)
    return text


#: an image covering at least this share of a page makes it a scanned page when its text
#: layer is shorter than `MAX_FURNITURE_CHARS` (a header, a footer, a stamp)
SCAN_COVER, MAX_FURNITURE_CHARS = 0.5, 300


def _image_cover(page: Any) -> float:
    area = max(1.0, float(page.width) * float(page.height))
    return min(
        1.0, sum(abs(i["x1"] - i["x0"]) * abs(i["bottom"] - i["top"]) for i in page.images) / area
    )


def _with_printed(printed: str, ocr: str) -> str:
    """The OCR of a page, after the printed lines it does not repeat (a running header
    printed above a scan is kept once: as printed when OCR misses it, else as OCR'd)."""
    seen = re.sub(r"\W+", "", ocr).lower()
    kept = [
        line
        for line in printed.splitlines()
        if line.strip() and re.sub(r"\W+", "", line).lower() not in seen
    ]
    return "\n".join([*kept, ocr]) if kept else ocr


class _Pdfium(_OnePage):
    """The document opened by pdfium once, its pages handed out one at a time; None when
    pdfium cannot open it (pdfplumber then reads every page, and reports what is wrong)."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2

        self._page: Any = None
        try:
            self._doc: Any = pypdfium2.PdfDocument(data)
        except Exception:
            self._doc = None

    def count(self) -> int | None:
        return len(self._doc) if self._doc is not None else None

    def page(self, number: int) -> Any:
        self.release()
        if self._doc is None or number > len(self._doc):
            return None
        self._page = self._doc[number - 1]
        return self._page

    def close(self) -> None:
        self.release()
        if self._doc is not None:
            self._doc.close()
            self._doc = None


class _Look:
    """What pdfium sees of a page: its text, whether drawn lines or rectangles may make a
    table there, and how much of the page its images cover (0 to 1)."""

    def __init__(self, text: str, ruled: bool, image_cover: float) -> None:
        self.text, self.ruled, self.image_cover = text, ruled, image_cover


#: drawn paths that may be a table's rulings: a line at least this long (points), or a
#: rectangle at least this wide and high (its four sides); a table needs lines both ways
#: (pdfplumber's "lines" strategy builds cells from crossing edges): at least this many
#: horizontal and this many vertical ones. Underlined words are horizontal only.
RULE_MIN, RECT_MIN, RULES_EACH_WAY = 20.0, 8.0, 2


def _raw_objects(page: Any, max_depth: int = 3) -> Iterator[tuple[int, Any]]:
    """(type, handle) of the objects of a pdfium page, forms descended `max_depth` levels
    deep, as `PdfPage.get_objects` gives them, through pdfium's own calls: no Python object
    per page object (a page of text holds hundreds)."""
    import pypdfium2.raw as pdfium_c

    form_type = pdfium_c.FPDF_PAGEOBJ_FORM
    get_type = pdfium_c.FPDFPageObj_GetType
    stack: list[tuple[Any, int, int, Any, Any]] = []  # (parent, next index, count, level, getter)

    def push(parent: Any, level: int, count: Any, get: Any) -> None:
        n = count(parent)
        if n < 0:
            raise ValueError("pdfium could not count a page's objects")
        stack.append((parent, 0, n, level, get))

    push(page.raw, 0, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
    while stack:
        parent, i, n, level, get = stack.pop()
        if i >= n:
            continue
        stack.append((parent, i + 1, n, level, get))
        obj = get(parent, i)
        if not obj:
            raise ValueError("pdfium could not give a page object")
        kind = get_type(obj)
        yield kind, obj
        if kind == form_type and level < max_depth - 1:
            push(obj, level + 1, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)


def _look(page: Any) -> _Look | None:
    import ctypes

    import pypdfium2.raw as pdfium_c

    path_type, image_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    c_l, c_b, c_r, c_t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    try:
        width, height = page.get_size()
        across = down = 0
        cover = 0.0
        for kind, obj in _raw_objects(page):
            if kind != path_type and kind != image_type:
                continue
            if not get_bounds(obj, c_l, c_b, c_r, c_t):
                raise ValueError("pdfium could not locate a page object")
            left, bottom, right, top = c_l.value, c_b.value, c_r.value, c_t.value
            if kind == path_type:
                w, h = right - left, top - bottom
                if h <= 3 and w >= RULE_MIN:
                    across += 1
                elif w <= 3 and h >= RULE_MIN:
                    down += 1
                elif w >= RECT_MIN and h >= RECT_MIN:
                    across, down = across + 2, down + 2
            else:
                cover += max(0.0, right - left) * max(0.0, top - bottom)
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except Exception:
        return None  # pdfplumber reads it, and says what is wrong
    text = (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-").replace("\ufffe", "-")
    )
    area = max(1.0, width * height)
    ruled = across >= RULES_EACH_WAY and down >= RULES_EACH_WAY
    return _Look(text, ruled, min(1.0, cover / area))


def _page_count(pdf: Any) -> int:
    """Pages of the document, counted from its page tree without parsing any page."""
    return sum(1 for _ in PDFPage.create_pages(pdf.doc))


#: parsed objects the parser keeps from one page to the next (fonts and resources the
#: pages share are parsed once), streams whose content was decoded excepted
KEEP_PARSED = 10_000


def _iter_pages(pdf: Any) -> Iterator[Any]:
    """Pages one at a time (pdfplumber's `pdf.pages` keeps every page alive). Between pages
    the parser's object cache drops every stream holding its decoded content, and all of
    it past `KEEP_PARSED` objects: memory stays flat in the number of pages."""
    from pdfminer.pdftypes import PDFStream

    doctop: float = 0
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page
        cache = getattr(pdf.doc, "_cached_objs", None)
        if not isinstance(cache, dict):
            continue
        if len(cache) > KEEP_PARSED:
            cache.clear()
            continue
        for objid in [
            k
            for k, (obj, _) in cache.items()
            if isinstance(obj, PDFStream) and obj.data is not None
        ]:
            del cache[objid]


#: objects one page may draw (each becomes an object in memory): text strings, painted
#: paths, images and forms drawn (`Do`, inline images), shadings painted (`sh`), clips (`W`)
MAX_PAGE_OBJECTS = 200_000
#: what a file's streams may decode to in all for the one-pass scan to vouch for it (each
#: byte may be a character pdfium keeps: at most this many on any page)
MAX_VOUCHED_BYTES = 1 << 20
#: what draws an object: a literal string (balanced parentheses nest in it, a backslash
#: escapes any byte, a line end included; one left open runs to the end, as pdfium reads
#: it), a hex string (whatever bytes it holds; not a dictionary's `<<`), an operator
_DRAW_OPS = regex.compile(
    rb"(?P<s>\((?:[^()\\]++|\\[\s\S]|(?&s))*+(?:\)|\Z))|(?<!<)<(?!<)[^<>]*>"
    rb"|(?<![A-Za-z*/])(?:f\*?|F|B\*?|b\*?|S|s|Do|sh|EI|W\*?|q|Q)(?![A-Za-z*])"
)


def _draws(data: bytes) -> int:
    """Objects `data` draws: each operator, and each string as many as its characters
    (pdfium keeps an object per character: 6 million characters in 200 strings took 1.4 GB;
    a string's bytes bound its characters). A clip (`W`) counts as many as the paths of the
    clip it makes: pdfium copies the clip's paths when it narrows a clip that an object
    drawn before keeps (10,000 clips each followed by a string took 1.4 GB); `q` saves the
    clip, `Q` restores it."""
    return _tally(data)[0]


def _tally(data: bytes) -> tuple[int, int]:
    """`_draws`, and how many of them are clip paths beyond one per clip."""
    total, copies, clip, saved = 0, 0, 0, []
    for found in _DRAW_OPS.finditer(data):
        m = found.group()
        if m[:1] in b"(<":
            total += _string_size(m)
        elif m == b"q":
            saved.append(clip)
        elif m == b"Q":
            clip = saved.pop() if saved else 0
        elif m[:1] == b"W":
            copies += clip
            clip += 1
            total += clip
        else:
            total += 1
    return total, copies


def _draws_bound(data: bytes) -> int:
    """As many as `_draws` counts, a string's characters aside (each object ends with one
    of these bytes; a string counts one here, its characters are bounded by the content's
    length: the scan vouches only within `MAX_VOUCHED_BYTES`, the walk counts exactly past
    it), counted at the speed of memory. `w` clips copy at most w (w - 1) / 2 paths; where
    that could matter, they are counted exactly (q and Q included: a long page that saves
    and restores each clip, or an image's bytes)."""
    clips = data.count(b"W")
    copies = clips * (clips - 1) // 2
    if copies > CLIPS_AT_MEMORY_SPEED:
        copies = _tally(data)[1]
    return sum(data.count(c) for c in _DRAW_ENDS) + copies


#: clip copies the bound takes without counting them exactly
CLIPS_AT_MEMORY_SPEED = 10_000


def _scan(data: bytes, limit: int) -> int | None:
    """The one-pass scan (`pdf_limits.decodes_within`) with `_FileDraws`: at least as many
    objects as any page of the file draws (None: not measured). A form drawn within clips
    copies their paths for each clip of its own: at most every `Do` of the file times its
    clips squared, whatever the order of its objects."""
    counter = _FileDraws()
    scanned = pdf_limits.decodes_within(data, limit, counter, _string_characters)
    if scanned is None:
        return None
    return scanned + counter.dos * counter.clips * counter.clips


def _string_size(string: bytes) -> int:
    """The characters a string `_DRAW_OPS` found may draw: each byte between its
    delimiters (a string left open has no closing one), at least one."""
    return max(1, len(string) - (2 if string[-1:] in b")>" else 1))


def _string_characters(data: bytes) -> int:
    """Characters the strings of the content `data` can draw (`_DRAW_OPS`'s reading:
    nesting, escapes, a string left open runs to the end)."""
    return sum(_string_size(m.group()) for m in _DRAW_OPS.finditer(data) if m.group()[:1] in b"(<")


class _FileDraws:
    """The one-pass scan's count over a whole file, fed its decoded streams piece by piece:
    `_draws_bound`'s objects, and the clip paths the file's `w` clips could copy, w (w - 1)
    / 2 whatever pieces they come in (a page's content may be split into many streams, in
    any order: the scan cannot follow which clip a `Q` restores). A file with more than
    a few hundred clips, a large JPEG's bytes among them, is then not vouched for: its
    pages are counted one by one (`_drawn`), exactly."""

    def __init__(self) -> None:
        self.clips = 0
        self.dos = 0

    def __call__(self, data: bytes) -> int:
        before = self.clips
        self.clips += data.count(b"W")
        self.dos += data.count(b"Do")
        copies = (self.clips * (self.clips - 1) - before * max(0, before - 1)) // 2
        return sum(data.count(c) for c in _DRAW_ENDS) + copies


_DRAW_ENDS = (b"f", b"F", b"b", b"B", b"s", b"S", b")", b">", b"o", b"h", b"I", b"W")


def _vouched(budget: pdf_limits.Budget) -> bool:
    """The one-pass scan vouched for the whole file: no page can pass the stream limits nor
    draw more than half the object limit."""
    return budget.small and budget.draws <= MAX_PAGE_OBJECTS // 2


def _count_objects(plumbed: Callable[[], Any]) -> int:
    """The objects a page draws (`_drawn`: its content, each form as many times as it is
    drawn), counted on the decoded bytes (bounded by `pdf_limits`) before pdfium parses the
    page. Every other stream pdfium could decode for this page (Type 3 glyph procedures,
    annotation appearances, fonts, patterns, soft masks) is measured too, keeping nothing.
    A file the one-pass scan vouched for (`_vouched`) needs none of this."""
    budget = pdf_limits.current()
    if _vouched(budget):
        return budget.draws
    page = plumbed()
    contents = getattr(page.page_obj, "contents", None) or []
    streams = [c.resolve() if hasattr(c, "resolve") else c for c in contents]
    data = b"\n".join(s.get_data() for s in streams if hasattr(s, "get_data"))
    total = _page_objects(data, getattr(page.page_obj, "resources", None))
    if not budget.small:
        _measure_reached(getattr(page.page_obj, "attrs", None))
    return total


#: the keys pdfium follows from a page, a form or a font to streams it decodes while it reads
#: or renders the page (content, forms, fonts and their programs, CMaps, Type 3 glyph
#: procedures, annotation appearances, patterns, shadings, soft masks); nothing else (a
#: link to another page, an application's private data, metadata) is walked
_FOLLOWED = frozenset(
    {"Resources", "XObject", "Font", "DescendantFonts", "FontDescriptor", "CharProcs"}
    | {"FontFile", "FontFile2", "FontFile3", "Encoding", "ToUnicode", "Annots", "AP"}
    | {"N", "R", "D", "Pattern", "Shading", "ExtGState", "SMask", "G", "Function"}
    | {"Functions", "ColorSpace", "Properties"}
)
#: image codecs: an image's pixels are bounded by `max_page_pixels`, not by inflating it here
_IMAGE_CODECS = frozenset(pdf_limits.IMAGE_CODECS)
#: objects one page may reach (a page that reaches more is refused, not walked)
MAX_PAGE_REACH = 50_000


#: keys whose value is a dictionary of arbitrary names (every entry followed)
_NAME_KEYED = frozenset(
    {"XObject", "Font", "CharProcs", "Pattern", "Shading", "ExtGState", "Properties"}
    | {"ColorSpace", "N", "R", "D"}
)


def _measure_reached(page_attrs: Any) -> None:
    """Walk what a page reaches through `_FOLLOWED` keys (its forms, and what they reach, on
    the way) and measure each stream's decoded size against the page's budget: once per
    file, counted again on each later page that reaches it. An image drawn as an XObject (its /Subtype, where it is used as
    one) is left to the pixel limit; any other stream counts, whatever it calls itself."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    from pipeline.errors import InputError, PdfBomb

    budget = pdf_limits.current()
    # (object, how its entries are followed: "" by _FOLLOWED keys, "names" all of them,
    # "xobject" all of them, each an XObject)
    todo: list[tuple[Any, str]] = [(page_attrs, "")] if page_attrs is not None else []
    seen: set[int] = set()
    reached = 0

    def children(items: Any, mode: str) -> None:
        for k, v in items:
            if mode:
                todo.append((v, "xobject-entry" if mode == "xobject" else ""))
            elif k in _FOLLOWED:
                todo.append(
                    (v, "xobject" if k == "XObject" else "names" if k in _NAME_KEYED else "")
                )

    while todo:
        obj, mode = todo.pop()
        objid = None
        if isinstance(obj, PDFObjRef):
            if obj.objid in seen:
                continue
            seen.add(obj.objid)
            objid = obj.objid
            try:
                obj = obj.resolve()
            except InputError:
                raise
            except Exception:  # a dangling reference: pdfium meets it as we would
                continue
        reached += 1
        if reached > MAX_PAGE_REACH:
            raise PdfBomb(
                budget.name, f"page {budget.page} reaches more than {MAX_PAGE_REACH} objects"
            )
        if isinstance(obj, PDFStream):
            subtype = getattr(obj.attrs.get("Subtype"), "name", None)
            if not (mode == "xobject-entry" and subtype == "Image"):
                if objid is not None and objid in budget.measured:  # on an earlier page
                    budget.take(budget.measured[objid], "a stream the page reaches")
                elif obj.data is not None:  # decoded on this page (its content), counted then
                    if objid is not None:
                        budget.measured[objid] = len(obj.data)
                else:
                    size = _measure_stream(obj)
                    if objid is not None:
                        budget.measured[objid] = size
            children(obj.attrs.items(), "")
        elif isinstance(obj, dict):
            children(obj.items(), mode if mode in ("names", "xobject") else "")
        elif isinstance(obj, list):
            todo.extend((v, mode) for v in obj)


def _measure_stream(stream: Any) -> int:
    """A stream's decoded size, counted against the limits: Flate alone inflated a megabyte
    at a time, keeping nothing; any other chain through pdfminer's bounded decoders (an
    image codec in the chain passes its input through, counted as it stands)."""
    filters = [getattr(f, "name", f) for f, _ in stream.get_filters()]
    if filters in (["FlateDecode"], ["Fl"]) and stream.rawdata is not None:
        return pdf_limits.measure_flate(stream.rawdata, "a stream the page reaches")
    if filters:
        return len(stream.get_data())  # counted by the bounded decoders
    size = len(stream.rawdata or b"")  # stored as it is: held whole all the same
    pdf_limits.current().take(size, "a stream the page reaches")
    return size


#: a `Do` and the name it draws (white space or comments between them)
_DO_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]+)(?:\s|%[^\r\n]*)*Do(?![A-Za-z*])")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _page_objects(data: bytes, resources: Any) -> int:
    """The objects a page of content `data` draws (`_drawn`): bounded at the speed of
    memory, counted exactly where the bound is over the limit."""
    total = _drawn(data, resources, {}, 0)
    if total > MAX_PAGE_OBJECTS:
        total = _drawn(data, resources, {}, 0, exact=True)
    return total


def _drawn(
    data: bytes,
    resources: Any,
    memo: dict[tuple[int, int, int], int],
    depth: int,
    clip: int = 0,
    exact: bool = False,
    page_xobjects: Any = None,
) -> int:
    """The objects pdfium makes drawing the content `data` with `resources`: its own, and
    each form's as many times as it is drawn (pdfium parses a form anew for each `Do`;
    forms within forms multiply), counted until past `MAX_PAGE_OBJECTS`. A form drawing
    itself, or nested deeper than 20, counts as past the limit. `clip`: at most how many
    paths the clip `data` is drawn in has (each clip of `data` copies them).

    Not `exact`: a bound, each content's strings counted as many as its bytes (at the speed
    of memory; settles a page far below the limit, a form's strings multiplied by the
    times it is drawn included); `exact`: each string as many as its characters (for a
    page whose bound is over the limit). `page_xobjects`: the page's forms and images, where
    pdfium looks for a name a form's own resources lack."""
    from pdfminer.pdftypes import resolve1

    own = _draws(data) if exact else _draws_bound(data) + len(data)
    clips = data.count(b"W")
    own += clips * clip
    inherited = clip + clips  # the deepest clip a form drawn here can be drawn in
    times: dict[str, int] = {}
    for raw in _DO_NAME.findall(data):
        name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
        times[name] = times.get(name, 0) + 1
    res = resolve1(resources)
    xobjects = resolve1(res.get("XObject")) if isinstance(res, dict) else None
    if not times:
        return own
    # a name a form's resources lack is looked up in the page's, as pdfium does
    tables = [t for t in (xobjects, page_xobjects) if isinstance(t, dict)]
    for name, n in times.items():
        ref = next((t[name] for t in tables if name in t), None)
        form = resolve1(ref)
        attrs = getattr(form, "attrs", None)
        if not isinstance(attrs, dict):
            continue
        if getattr(resolve1(attrs.get("Subtype")), "name", None) != "Form":
            continue
        # a form without resources of its own draws with those it is drawn with: counted
        # once for each
        inner = resolve1(attrs.get("Resources")) or res
        objid = getattr(ref, "objid", None)
        key = (objid, inherited, id(inner)) if objid is not None else None
        if key is not None and key in memo:
            each = memo[key]
        elif depth >= 20:
            each = MAX_PAGE_OBJECTS + 1
        else:
            if key is not None:
                memo[key] = MAX_PAGE_OBJECTS + 1  # a form reached again inside itself
            each = _drawn(
                form.get_data(),
                inner,
                memo,
                depth + 1,
                inherited,
                exact,
                xobjects if page_xobjects is None else page_xobjects,
            )
            if key is not None:
                memo[key] = each
        own += n * each
        if own > MAX_PAGE_OBJECTS:
            break
    return own


def _check_images(name: str, number: int, page: Any, max_pixels: int) -> None:
    """Refuse a page whose embedded images declare more pixels than the limit (rendering
    them would decode them whole)."""
    for img in page.images:
        w, h = img.get("srcsize") or (0, 0)
        try:
            pixels = int(w) * int(h)
        except (TypeError, ValueError):
            continue
        if pixels > max_pixels:
            raise PdfBomb(
                name,
                f"page {number} holds an image of {int(w)} x {int(h)} pixels, over the limit "
                f"of {max_pixels} pixels (DELIB_MAX_PAGE_PIXELS)",
            )


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


class _Renderer:
    """Renders pages for OCR with pdfium (grayscale), within the pixel limit, and OCRs them
    with Tesseract. The document is opened once, when a first page needs it."""

    #: below this resolution OCR is not worth running: the page is refused instead
    MIN_DPI = 150
    #: OCR texts kept per document for pages that render the same (a repeated blank or
    #: cover page), at most
    MEMO = 32

    def __init__(self, name: str, data: bytes, settings: Settings) -> None:
        self.name, self.data, self.settings = name, data, settings
        self._doc: Any = None
        self._memo: dict[str, str] = {}
        self._why: str | None = None

    def unavailable(self) -> str:
        """Why OCR cannot run ('' when it can), found out once per document."""
        if self._why is None:
            self._why = ocr_unavailable(self.settings.ocr_language)
        return self._why

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def dpi_for(self, number: int, width_pt: float, height_pt: float) -> float:
        dpi = float(self.settings.ocr_dpi)
        pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
        limit = self.settings.max_page_pixels
        if pixels > limit:
            dpi *= (limit / pixels) ** 0.5
            if dpi < self.MIN_DPI:
                raise PdfBomb(
                    self.name,
                    f"page {number} measures {width_pt:.0f} x {height_pt:.0f} points: rendered "
                    f"for OCR it would pass the limit of {limit} pixels even at "
                    f"{self.MIN_DPI} dpi (DELIB_MAX_PAGE_PIXELS)",
                )
        return dpi

    def ocr(self, number: int, page: Any, settings: Settings) -> str | None:
        import pypdfium2

        dpi = self.dpi_for(number, float(page.width), float(page.height))
        if self._doc is None:
            self._doc = pypdfium2.PdfDocument(self.data)
        pdfium_page = self._doc[number - 1]
        try:
            bitmap = pdfium_page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            pdfium_page.close()
        key = hashlib.sha256(image.tobytes()).hexdigest()
        if key not in self._memo:
            text = image_text(image, settings.ocr_language, way=settings.ocr_engine)
            if len(self._memo) >= self.MEMO:
                self._memo.pop(next(iter(self._memo)))  # bounded: the oldest goes
            self._memo[key] = repair_ocr(text)
        return self._memo[key]


def ocr_page(page: Any, settings: Settings) -> str | None:
    """OCR of a scanned page, or None when OCR is off or unavailable."""
    if not settings.ocr or ocr_unavailable(settings.ocr_language):
        return None
    import io

    data = page.pdf.stream.getvalue() if isinstance(page.pdf.stream, io.BytesIO) else None
    if data is None:
        return None
    renderer = _Renderer("(pdf)", data, settings)
    try:
        return renderer.ocr(page.page_number, page, settings)
    finally:
        renderer.close()


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
