"""Bounded decoding of PDF streams: no PDF can make the reader inflate gigabytes.

pdfminer decodes every stream it needs (page contents, form XObjects reached from them,
object streams, cross-reference streams) in one call with no size limit: a 2 MB file can
hold a 2 GiB stream. `install()` puts bounded twins in place of pdfminer's decoders
(Flate, LZW, RunLength, CCITT fax): each stream may decode to at most `per_stream` bytes,
and the streams decoded while one page is read to at most `per_page` bytes; past either, a
`PdfBomb` (E125) names the limit. The budget is a context variable set by `budget()` around
the reading of one file, so that concurrent readers (threads) do not share it.
"""

from __future__ import annotations

import contextvars
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import PdfBomb


@dataclass
class Budget:
    name: str
    per_stream: int
    per_page: int
    page: int = 0  # page being read (0: opening the file)
    used: int = 0  # bytes decoded for this page
    #: decoded size of each stream measured so far in this file, by object number: a stream
    #: that several pages reach (a font) is measured once, and counted on each page
    measured: dict[int, int] = field(default_factory=dict)
    #: the whole file decodes within one page's limit (`decodes_within`): no page can pass
    #: it, so the streams a page reaches need not be walked one by one
    small: bool = False
    #: with `small`: the objects the whole file draws (an upper bound for any page)
    draws: int = 0

    def take(self, n: int, what: str, stream_total: int | None = None) -> None:
        """Count `n` decoded bytes of one stream (whose total so far is `stream_total`)."""
        total = n if stream_total is None else stream_total
        if total > self.per_stream:
            raise PdfBomb(
                self.name,
                f"{what} decompresses to more than {self.per_stream} bytes "
                "(DELIB_MAX_STREAM_BYTES)" + (f" on page {self.page}" if self.page else ""),
            )
        self.used += n
        if self.used > self.per_page:
            where = f"page {self.page}" if self.page else "the document's structure"
            raise PdfBomb(
                self.name,
                f"{where} decompresses to more than {self.per_page} bytes, form XObjects, "
                "fonts and annotations included (DELIB_MAX_PAGE_STREAM_BYTES)",
            )

    def new_page(self, number: int) -> None:
        self.page, self.used = number, 0


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("pdf_budget", default=None)
#: used when no budget is set (a library user calling pdfminer directly): still bounded
_DEFAULT = Budget("(pdf)", 256 * 1024 * 1024, 1024 * 1024 * 1024)


def current() -> Budget:
    return _BUDGET.get() or _DEFAULT


@contextmanager
def budget(name: str, per_stream: int, per_page: int) -> Iterator[Budget]:
    b = Budget(name, per_stream, per_page)
    token = _BUDGET.set(b)
    try:
        yield b
    finally:
        _BUDGET.reset(token)


class _BoundedDecompressor:
    """`zlib.decompressobj()` whose output is bounded by the current budget."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj()
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        b = current()
        room = b.per_stream - self._out + 1
        if max_length:
            room = min(room, max_length)
        out = self._d.decompress(data, room)
        self._out += len(out)
        b.take(len(out), "a Flate stream", self._out)
        return out

    def flush(self, *args: Any) -> bytes:
        return self._d.flush(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._d, name)


class _BoundedZlib:
    """What pdfminer uses of the zlib module, bounded."""

    error = zlib.error

    @staticmethod
    def decompressobj(*args: Any) -> _BoundedDecompressor:
        return _BoundedDecompressor()

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        b = current()
        if len(data) * 1032 > b.per_stream:  # Flate inflates at most ~1032 times
            _measure(data, b)  # a bomb is refused without holding its output
        d = zlib.decompressobj()
        out = d.decompress(data, b.per_stream + 1)
        if len(out) > b.per_stream or d.unconsumed_tail:
            b.take(b.per_stream + 1, "a Flate stream")
        if not d.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        b.take(len(out), "a Flate stream")
        return out


#: filters whose output this scan cannot measure (anything but Flate and image codecs)
_OTHER_FILTERS = re.compile(
    rb"/(?:LZWDecode|LZW|RunLengthDecode|RL|ASCII85Decode|A85|ASCIIHexDecode|AHx|"
    rb"CCITTFaxDecode|CCF|Crypt)\b"
)
#: where a stream's data may start: after the keyword and whatever line end a lenient
#: reader accepts (CR LF, LF, a lone CR, or none); "endstream" is not a start
_STREAM = re.compile(rb"stream")
_LINE_END = re.compile(rb"[ \t\f]*(?:\r\n|\r|\n)?")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
#: image codecs: pdfium and pdfminer hand such a stream's bytes on as they stand (pdfium
#: decodes them only to draw the image, within the pixel limit), whatever it is used as
IMAGE_CODECS = ("DCTDecode", "DCT", "JPXDecode", "JBIG2Decode")
_IMAGE_CODEC = re.compile(rb"/Filter\s*\[?\s*/(?:%s)\b" % "|".join(IMAGE_CODECS).encode())


#: what makes the scan unsure of a file: encryption (streams that look like noise to
#: zlib), a filter given indirectly, a chain of filters, a name written with # escapes, a
#: comment where a filter is named, a letter or digit written as a # escape in any name
#: (`/Encr#79pt` is `/Encrypt` to pdfium and pdfminer, not to a regular expression)
_UNSURE = re.compile(
    rb"/Encrypt\b|/Filter\s*(?:\d|%|\[[^\]]*/[^\]]*/)|/Filter\s*\[?\s*/[^\s/\[\]<>()]*#"
    rb"|/[A-Za-z0-9_.+-]*#(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa])"
    # a subtype not written as a name where it stands (a reference, a comment between)
    rb"|/Subtype\s*[^\s/]"
)
#: a stream whose dictionary makes it a form (pdfium parses it again for each `Do`)
_FORM = re.compile(rb"/Subtype\s*/Form\b")
#: where an object begins: `12 0 obj`
_OBJ_HEADER = re.compile(rb"\d+\s+\d+\s+obj(?![A-Za-z])")


def _dictionary(head: bytes) -> bytes | None:
    """A stream's dictionary, from the bytes before its `stream` keyword: what follows the
    last object header, when it is a dictionary whose `<<` and `>>` pair off and that holds
    no string and no comment (what could hide a `/Subtype /Form` before a header-like
    text, or make it unreadable here); None: unsure (the walk counts the file)."""
    headers = list(_OBJ_HEADER.finditer(head))
    if not headers:
        return None
    own = head[headers[-1].end() :]
    if (
        b"(" in own
        or b"%" in own
        or not own.lstrip().startswith(b"<<")
        or own.count(b"<<") != own.count(b">>")
    ):
        return None
    return own


def decodes_within(
    data: bytes,
    limit: int,
    count: Callable[[bytes], int] | None = None,
    characters: Callable[[bytes], int] | None = None,
) -> int | None:
    """When every stream of the PDF `data` is Flate, under an image codec or stored, and all
    of them together decode to at most `limit` bytes: what `count` gives summed over their
    decoded bytes (a stored or image-codec stream counted as its bytes stand, up to the next
    stream), forms counted once for every `Do` of the file (0 without `count`); else None.
    One pass of zlib over the file's bytes, keeping nothing, object streams searched for
    other filters too. Unsure, and so None: an encrypted file, a filter given indirectly or
    behind a comment, a chain of filters, a name written with # escapes, a large image
    under Flate, a form that draws forms. A file for which this holds cannot make any page
    pass a per-page limit of `limit`, nor draw more than the count on any page."""
    if _OTHER_FILTERS.search(data) or _UNSURE.search(data):
        return None
    # each stream: (its dictionary, where its data starts, where the next stream starts)
    found = [m for m in _STREAM.finditer(data) if data[max(0, m.start() - 3) : m.start()] != b"end"]
    streams = []
    for i, m in enumerate(found):
        head = data[max(0, m.start() - 4096) : m.start()]
        line_end = _LINE_END.match(data, m.end())
        start = line_end.end() if line_end else m.end()
        following = found[i + 1].start() if i + 1 < len(found) else len(data)
        own = _dictionary(head)
        if own is None:
            return None
        streams.append((own, start, following))
    # a large image not under an image codec: the walk (which knows what each stream is
    # used as) rather than inflating its pixels here; found before anything is inflated
    for head, start, _ in streams:
        if (
            _IMAGE.search(head)
            and not _IMAGE_CODEC.search(head)
            and data.find(b"endstream", start, start + (1 << 16)) < 0
        ):
            return None
    total = counted = forms = drawn = 0
    view = memoryview(data)
    for head, start, following in streams:
        before, decoded_before = counted, total
        form = bool(_FORM.search(head))
        pieces: list[bytes] = []  # a form's decoded bytes (all within `limit`)
        if b"/Filter" not in head or _IMAGE_CODEC.search(head):
            # stored, or under an image codec: pdfium takes its bytes as they stand, up to
            # its /Length (not to an `endstream` inside a comment): counted up to the next
            # stream of the file
            raw = bytes(view[start:following])
            total += len(raw)
            if total > limit or _OTHER_FILTERS.search(raw) or _UNSURE.search(raw):
                return None
            if count is not None:
                counted += count(raw)
            if form:
                pieces.append(raw)
            dos = raw.count(b"Do")
        else:
            dos = 0
            decoded = b""
            tail = b""
            for out in _inflated(view, start):
                total += len(out)
                if total > limit:
                    return None
                if count is not None:
                    counted += count(out)
                if form:
                    pieces.append(out)
                dos += (tail + out[:1]).count(b"Do") + out.count(b"Do")
                tail = out[-1:] or tail
                if len(decoded) < (1 << 20):
                    decoded += out[: (1 << 20) - len(decoded)]
                elif _OTHER_FILTERS.search(out) or _UNSURE.search(out):
                    return None  # past the first megabyte, searched as it comes
            if _OTHER_FILTERS.search(decoded) or _UNSURE.search(decoded):
                return None  # an object stream naming another filter, a chain, encryption
        if form:
            if dos:
                return None  # forms drawing forms multiply: the walk counts them
            # and the characters of its strings (`characters`; else each of its bytes may
            # be one), drawn each time too
            chars = (
                characters(b"".join(pieces)) if characters is not None else total - decoded_before
            )
            forms += counted - before + chars
        drawn += dos
    # pdfium parses a form anew each time it is drawn: at most every `Do` of the file draws
    # all the forms
    return counted + drawn * forms if count is not None else counted


def _inflated(view: memoryview, start: int) -> Iterator[bytes]:
    """What the Flate stream at `start` of `view` inflates to, a megabyte at most at a time,
    fed 64 KiB at a time (the rest of the file is never copied for each stream). A damaged
    stream (a wrong checksum, bytes cut) gives what inflated before the damage, as pdfium
    draws it: zlib drops the output of the call that meets the damage, so that call's input
    is fed again a byte at a time to a copy of the decompressor taken before it."""
    d = zlib.decompressobj()
    pos = start
    while pos < len(view) and not d.eof:
        pending: memoryview | bytes = view[pos : pos + (1 << 16)]
        pos += len(pending)
        while pending:
            before = d.copy()
            try:
                out = d.decompress(pending, 1 << 20)
            except zlib.error:
                yield from _before_damage(before, bytes(pending))
                return
            yield out
            if d.eof:
                return
            pending = d.unconsumed_tail


def _before_damage(d: Any, data: bytes) -> Iterator[bytes]:
    """`data` fed a byte at a time to the decompressor `d`: its output up to the damage."""
    for i in range(len(data)):
        try:
            out = d.decompress(data[i : i + 1])
        except zlib.error:
            return
        if out:
            yield out
        if d.eof:
            return


def _inflate(data: bytes, step: Callable[[int, int], None]) -> int:
    """Inflate a Flate stream a megabyte at a time, keeping nothing; `step(n, total)` sees
    each chunk's size and the total so far (and may refuse it). Damaged data counts what it
    gives, up to the damage (`_inflated`; the caller's own decoding reports the damage the
    usual way). Returns the total."""
    total = 0
    for out in _inflated(memoryview(data), 0):
        total += len(out)
        step(len(out), total)
    return total


def measure_flate(data: bytes, what: str) -> int:
    """Count a Flate stream's decoded size against the current budget (its stream limit and
    its page's); returns the size."""
    b = current()
    return _inflate(data, lambda n, total: b.take(n, what, total))


def _measure(data: bytes, b: Budget) -> None:
    """Refuse `data` past the stream limit before it is decompressed whole (the page's
    budget is counted by that decompression)."""

    def step(_n: int, total: int) -> None:
        if total > b.per_stream:
            b.take(total, "a Flate stream", total)

    _inflate(data, step)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a stream with a damaged checksum, linear and bounded."""
    b = current()
    d = zlib.decompressobj()
    out = bytearray()
    step = 4096
    for i in range(0, len(data), step):
        before = d.copy()
        try:
            out += d.decompress(data[i : i + step], b.per_stream + 1 - len(out))
        except zlib.error:
            if i + step < len(data) - 3:
                raise
            # the damage in the last bytes (the checksum): what inflated before it, as
            # pdfium draws it (zlib drops the output of the call that meets the damage)
            for piece in _before_damage(before, data[i : i + step]):
                out += piece
                b.take(0, "a damaged Flate stream", len(out))
            break
        b.take(0, "a damaged Flate stream", len(out))
    b.take(len(out), "a damaged Flate stream")
    return bytes(out)


def _lzwdecode(data: bytes) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    b = current()
    out = bytearray()
    try:
        for chunk in LZWDecoder(BytesIO(data)).run():
            out += chunk
            b.take(0, "an LZW stream", len(out))
    except Exception:  # pdfminer stops on a damaged stream the same way
        pass
    b.take(len(out), "an LZW stream")
    return bytes(out)


def _rldecode(data: bytes) -> bytes:
    """RunLength decoding (PDF 32000 7.4.5), bounded."""
    b = current()
    b.take(0, "a RunLength stream", _rl_length(data))  # refused before any output is built
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            if i + 1 >= n:
                break
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        b.take(0, "a RunLength stream", len(out))
    b.take(len(out), "a RunLength stream")
    return bytes(out)


def _rl_length(data: bytes) -> int:
    """The decoded length of a RunLength stream, without decoding it."""
    total, i, n = 0, 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            total += min(length + 1, max(0, n - i - 1))
            i += 2 + length
        else:
            total += 257 - length
            i += 2
    return total


_original_ccitt: Any = None


def _ccittfaxdecode(data: bytes, params: dict[str, Any]) -> bytes:
    from pdfminer.pdftypes import resolve1

    b = current()
    width = int(resolve1(params.get("Columns", 1728)) or 1728)
    rows = int(resolve1(params.get("Rows", 0)) or 0)
    declared = (width + 7) // 8 * max(rows, 1)
    if width <= 0 or declared > b.per_stream:
        b.take(b.per_stream + 1, f"a CCITT fax image of {width} x {rows}")
    out: bytes = _original_ccitt(data, params)
    b.take(len(out), "a CCITT fax image")
    return out


_INSTALLED = False


def install() -> None:
    """Put the bounded decoders in place of pdfminer's (once per process)."""
    global _INSTALLED, _original_ccitt
    if _INSTALLED:
        return
    import pdfminer.pdftypes as pdftypes

    _original_ccitt = pdftypes.ccittfaxdecode
    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    pdftypes.rldecode = _rldecode
    pdftypes.ccittfaxdecode = _ccittfaxdecode
    _INSTALLED = True
