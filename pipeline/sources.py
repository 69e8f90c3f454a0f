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

    def page_of(self, offset: int) -> int | None:
        """1-based page holding character `offset`, None for text files."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, offset)


def walk(paths: Iterable[str | Path], settings: Settings) -> Iterator[Path]:
    """Files named, and files below folders named, in a stable (sorted) order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in settings.suffixes:
                    yield child
        else:
            yield p


def read_document(path: Path, settings: Settings) -> Document:
    """Read and decode one file; raise an `InputError` subclass when it cannot be used."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pipeline.pdf import read_pdf

        return read_pdf(path, settings)
    if suffix not in settings.suffixes:
        raise UnsupportedFormat(name, f"unsupported file type {suffix or '(none)'!r}")
    return decode_document(name, read_bytes(path, settings.max_text_bytes), suffix, settings)


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes; `TooLarge` past `limit`, `Unreadable` when the system refuses."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLarge(name, f"{size} bytes, over the limit of {limit} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise Unreadable(name, exc.strerror or str(exc)) from exc


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
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


__all__ = ["Document", "InputError", "decode_document", "html_to_text", "read_document", "walk"]
