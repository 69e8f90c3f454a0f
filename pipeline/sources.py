"""Stage 1: find input files and turn each into a `Document` (text + provenance).

Text formats are decoded here (UTF-8, else cp1252 with a warning), HTML is turned
into text; bad input raises an `InputError` naming the file and the reason. A PDF stage
will produce the same `Document` so that the extractors do not care where text came from.
"""

from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from pipeline.errors import (
    BinaryFile,
    EmptyFile,
    InputError,
    TooLarge,
    Truncated,
    Undecodable,
    Unreadable,
    UnsupportedFormat,
)
from pipeline.settings import Settings


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    text: str
    media_type: str
    encoding: str
    size: int
    #: (code, message): W101 legacy encoding, W102 page needing OCR
    warnings: tuple[tuple[str, str], ...] = field(default=())
    #: for PDFs: offset in `text` where each page begins (page 1 first); empty for text files
    page_starts: tuple[int, ...] = field(default=())
    #: for PDFs: 1-based pages whose text came from OCR
    ocr_pages: tuple[int, ...] = field(default=())

    @property
    def ocr_missing(self) -> int:
        """Pages that needed OCR and did not get it (OCR off or unavailable)."""
        return sum(1 for code, _ in self.warnings if code == "W102")

    def page_of(self, offset: int) -> int | None:
        """1-based page holding character `offset`, None for text files."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, offset)


def walk(paths: Iterable[str | Path], settings: Settings) -> Iterator[Path]:
    """Files named, and files below folders named, in a stable order (problems skipped:
    `pipeline.paths.walk` reports them)."""
    from pipeline.paths import FileRef
    from pipeline.paths import walk as walk_refs

    for item in walk_refs(paths, settings.suffixes):
        if isinstance(item, FileRef):
            yield Path(item.path)


def read_document(path: Path, settings: Settings, name: str | None = None) -> Document:
    """Read and decode one file; raise an `InputError` subclass when it cannot be used.
    `name` is what the document is called in records and reports (default: the path)."""
    from pipeline.paths import shown

    name = name if name is not None else shown(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pipeline.pdf import read_pdf

        return read_pdf(path, settings, name=name)
    if suffix not in settings.suffixes:
        raise UnsupportedFormat(name, f"unsupported file type {suffix or '(none)'!r}")
    return decode_document(name, read_bytes(path, settings.max_text_bytes, name), suffix, settings)


def read_bytes(path: Path, limit: int, name: str | None = None) -> bytes:
    """A file's bytes; `TooLarge` past `limit`, `Unreadable` when the system refuses."""
    from pipeline.paths import shown

    name = name if name is not None else shown(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLarge(name, f"{size} bytes, over the limit of {limit} bytes")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # a file growing while read is still bounded
        if len(data) > limit:
            raise TooLarge(name, f"more than the limit of {limit} bytes")
        return data
    except OSError as exc:
        raise Unreadable(name, exc.strerror or str(exc)) from exc


def clean_text(text: str, warnings: list[tuple[str, str]]) -> str:
    """Text any database stores alike: NUL characters removed (PostgreSQL refuses them,
    SQLite keeps them) and lone surrogates replaced, each with a recorded warning."""
    if "\x00" in text:
        first, n = text.index("\x00"), text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(("W103", f"{n} NUL character(s) removed (the first at offset {first})"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        text = text.encode("utf-8", "replace").decode("utf-8")
        warnings.append(
            ("W103", f"invalid characters (lone surrogates) replaced, the first at {exc.start}")
        )
    return text


def decode_document(name: str, data: bytes, suffix: str, settings: Settings) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise EmptyFile(
            name, "the file is empty" if not data else "the file holds only white space"
        )
    if b"\x00" in data[:8192] or _binary_ratio(data[:8192]) > 0.10:
        raise BinaryFile(name, "binary content (NUL or control bytes), not text")
    warnings: list[tuple[str, str]] = []
    text, encoding = _decode(name, data, settings, warnings)
    media = (
        "text/html"
        if suffix in (".html", ".htm")
        else "text/markdown"
        if suffix == ".md"
        else "text/plain"
    )
    if media == "text/html":
        text = html_to_text(text)
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"), warnings)
    if not text.strip():
        raise EmptyFile(name, "no text once the markup is removed")
    return Document(name, sha, text, media, encoding, len(data), tuple(warnings))


def _binary_ratio(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return control / len(chunk)


def _legacy_guess(data: bytes) -> str | None:
    """'cp1252' or 'latin-1' when the bytes read as French text in that encoding."""
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x80-\x9f]", text):
            return enc
    return None


def _decode(
    name: str, data: bytes, settings: Settings, warnings: list[tuple[str, str]]
) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            raise Truncated(
                name, f"the file ends inside a UTF-8 character (byte {exc.start} of {len(data)})"
            ) from exc
        first_bad = exc.start
    if not settings.legacy_encodings:
        guess = _legacy_guess(data)
        hint = (
            f"; it reads as {guess}: rerun with --legacy-encodings to load it so" if guess else ""
        )
        raise Undecodable(name, f"not valid UTF-8 (first invalid byte at {first_bad}){hint}")
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    if re.search(r"[\x80-\x9f]", text):
        raise Undecodable(name, "neither UTF-8 nor cp1252/latin-1 text (C1 control characters)")
    warnings.append(
        ("W101", f"not UTF-8 (first invalid byte at {first_bad}): decoded as {encoding}")
    )
    return text, encoding


class _TextExtractor(HTMLParser):
    BLOCK: ClassVar[set[str]] = {
        "p",
        "br",
        "div",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "center",
        "ul",
        "ol",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.parts.append("\n")  # the page's title is read: it often names the authority
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.parts.append("\n")
        elif tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line (entities decoded)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


__all__ = [
    "Document",
    "InputError",
    "clean_text",
    "decode_document",
    "html_to_text",
    "read_document",
    "walk",
]
