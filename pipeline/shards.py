"""Extraction and loading joined by files: shards of extracted documents.

`delib extract PATH... --out DIR` writes what extraction gives, file by file, into shards
`DIR/shard-NNNNNN.jsonl.gz` (gzip JSON lines, about `per_shard` records each); `delib load
DIR` loads them (`pipeline.ingest.load_shards`). One line per input file:

- `{"kind": "document", "ref": ..., "doc": ..., "extractions": [...], "extractor_version"}`:
  the document (path, sha256, text, pages...) and, per deliberation, the contract record
  plus what the loader needs beyond it (the item's offsets, the totals stated, the links of
  beneficiaries to the territorial reference);
- `{"kind": "failed", "ref": ..., "code", "reason", "sha256"}`: a file that could not be read;
- `{"kind": "problem", "ref": ...}`: a path that is not a document (a dangling link...).

A shard is complete or absent: it is written under a temporary name (`.tmp`) and renamed
when closed, so a run killed midway leaves whole shards and no half of one. Shards are
named in sequence after those already in the folder, so a second run adds to it.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.paths import FileRef, Problem
from pipeline.worker import Extracted, Failed, Outcome

SUFFIX = ".jsonl.gz"


def _ref(ref: FileRef | Problem) -> dict[str, Any]:
    return asdict(ref)


def encode(item: FileRef | Problem, outcome: Outcome | None) -> dict[str, Any]:
    from extractors import EXTRACTOR_VERSION

    if isinstance(item, Problem):
        return {"kind": "problem", "ref": _ref(item)}
    if isinstance(outcome, Failed):
        return {
            "kind": "failed",
            "ref": _ref(item),
            "code": outcome.code,
            "reason": outcome.reason,
            "sha256": outcome.sha256,
        }
    assert isinstance(outcome, Extracted)
    doc = asdict(outcome.doc)
    return {
        "kind": "document",
        "extractor_version": EXTRACTOR_VERSION,
        "ref": _ref(item),
        "doc": doc,
        "extractions": [
            {
                "record": x.record.to_contract(),
                "segment_start": x.segment_start,
                "segment_end": x.segment_end,
                "stated_totals": [asdict(t) for t in x.stated_totals],
                "territory": [[i, *v] for i, v in sorted(x.territory.items())],
            }
            for x in outcome.extractions
        ],
    }


def decode(
    line: dict[str, Any], version: str | None = None
) -> tuple[FileRef | Problem, Outcome | None]:
    """The file and its outcome; a document extracted by another extractor version than
    `version` (when given) becomes a failure (E130): its rows would not be this version's."""
    from extractors import Extraction
    from extractors.budget import StatedTotal
    from pipeline.sources import Document
    from schemas.records import Deliberation

    kind = line["kind"]
    if kind == "problem":
        return Problem(**line["ref"]), None
    ref = FileRef(**line["ref"])
    if kind == "failed":
        return ref, Failed(ref, line["code"], line["reason"], line.get("sha256", ""))
    if version is not None and line.get("extractor_version") != version:
        return ref, Failed(
            ref,
            "E130",
            f"extracted by extractor {line.get('extractor_version')}, this loader is {version}: "
            "extract it again",
            line["doc"]["sha256"],
        )
    d = dict(line["doc"])
    d["warnings"] = tuple(tuple(w) for w in d.get("warnings", ()))
    d["page_starts"] = tuple(d.get("page_starts", ()))
    d["ocr_pages"] = tuple(d.get("ocr_pages", ()))
    doc = Document(**d)
    extractions = [
        Extraction(
            record=Deliberation.model_validate(x["record"]),
            stated_totals=[StatedTotal(**t) for t in x["stated_totals"]],
            segment_start=x["segment_start"],
            segment_end=x["segment_end"],
            territory={int(i): (score, status, note) for i, score, status, note in x["territory"]},
        )
        for x in line["extractions"]
    ]
    return ref, Extracted(ref, doc, extractions)


class ShardWriter:
    """Writes encoded lines into shards of about `per_shard` records, each renamed into
    place when full or when the writer closes."""

    def __init__(self, folder: Path, per_shard: int = 2000) -> None:
        self.folder = folder
        self.per_shard = per_shard
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp"):
            stale.unlink()  # a shard a killed run left unfinished: never loaded
        self.number = 1 + max((_number(p) for p in folder.glob(f"shard-*{SUFFIX}")), default=0)
        self.written: list[Path] = []
        self._fh: _Text | None = None
        self._records = 0

    def write(self, item: FileRef | Problem, outcome: Outcome | None) -> None:
        line = encode(item, outcome)
        if self._fh is None:
            self._open()
        assert self._fh is not None
        self._fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        self._records += max(1, len(line.get("extractions", ())))
        if self._records >= self.per_shard:
            self._close()

    def _path(self) -> Path:
        return self.folder / f"shard-{self.number:06d}{SUFFIX}"

    def _open(self) -> None:
        raw = open(str(self._path()) + ".tmp", "wb")  # noqa: SIM115 (closed in _close)
        # mtime=0: the same lines give the same bytes
        self._gz = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)
        self._raw = raw
        self._fh = _Text(self._gz)
        self._records = 0

    def _close(self) -> None:
        if self._fh is None:
            return
        self._gz.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        final = self._path()
        os.replace(str(final) + ".tmp", final)
        self.written.append(final)
        self.number += 1
        self._fh = None

    def close(self) -> None:
        self._close()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Text:
    """A text writer over a gzip stream (UTF-8)."""

    def __init__(self, gz: gzip.GzipFile) -> None:
        self.gz = gz

    def write(self, text: str) -> int:
        return self.gz.write(text.encode("utf-8"))


def _number(path: Path) -> int:
    try:
        return int(path.name.removeprefix("shard-").removesuffix(SUFFIX))
    except ValueError:
        return 0


def shards(folder: Path) -> list[Path]:
    """The complete shards of a folder, in order (unfinished `.tmp` ones are not)."""
    return sorted(folder.glob(f"shard-*{SUFFIX}"), key=_number)


def write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    """One shard file of encoded lines (the same lines give the same bytes)."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for line in lines:
            gz.write((json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def read_file(
    path: Path, version: str | None = None
) -> Iterator[tuple[FileRef | Problem, Outcome | None]]:
    """Every file of one shard, in order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for text in fh:
            if text.strip():
                yield decode(json.loads(text), version)


def read(
    folder: Path, version: str | None = None
) -> Iterator[tuple[FileRef | Problem, Outcome | None]]:
    """Every file of every shard, in order (see `decode` for `version`)."""
    for path in shards(folder):
        yield from read_file(path, version)
