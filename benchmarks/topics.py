"""Precision and recall of the topic tags on hand-labelled decisions.

    python -m benchmarks.topics            # the figures
    python -m benchmarks.topics --errors   # ... and every disagreement, to read

The labels (`tests/expectations/topics.json`) were written by a reader who read each
decision (seeds, real documents, and near-misses written for the purpose) without running
the extractor. Real items are found in their document by their anchor (the record whose
item holds it, as `benchmarks.accuracy` does); synthetic items are extracted from their own
text. The family tag (`digital_inclusion`) is judged on every item; sub-tags on the
positives, element by element.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.accuracy import document_path, extract, locate

LABELS = Path(__file__).resolve().parent.parent / "tests" / "expectations" / "topics.json"
#: written afterwards by another reader who saw neither the rules nor the labels above, and
#: measured once the vocabulary was adjusted on those: never used to adjust it
HELDOUT = LABELS.with_name("topics_heldout.json")
#: a second held-out set, written by a third reader after the vocabulary was adjusted on
#: the errors of the first held-out set (which is therefore no longer held out)
HELDOUT2 = LABELS.with_name("topics_heldout2.json")
FAMILY = "digital_inclusion"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<26} TP {self.tp:>4}  FP {self.fp:>3}  FN {self.fn:>3}  TN {self.tn:>4}  "
            f"precision {self.precision:.3f}  recall {self.recall:.3f}"
        )


@cache
def _document(name: str) -> tuple[str, list[Any]]:
    path = document_path(name) or document_path(name.split("/")[-1])
    if path is None:
        seed = Path(__file__).resolve().parent.parent / "data" / "raw" / name
        if not seed.exists():
            raise FileNotFoundError(name)
        path = seed
    return extract(path)


def _synthetic(text: str) -> list[str]:
    from extractors import extract_records
    from schemas.records import Source

    xs = list(extract_records(text, Source(file="synthetic.txt", sha256="0" * 64)))
    tags: set[str] = set()
    for x in xs:  # a synthetic item is one decision: the tags of what it was read as
        tags |= {t.tag for t in x.record.topics}
    return sorted(tags)


def tags_of(item: dict[str, Any]) -> list[str] | None:
    """The tags the pipeline gives the labelled item (None: the anchor is not found)."""
    if item.get("synthetic"):
        return _synthetic(item["text"])
    text, extractions = _document(item["document"])
    off = locate(text, item["anchor"])
    if off is None:
        return None
    owner = next((x for x in extractions if x.segment_start <= off < x.segment_end), None)
    return sorted(t.tag for t in owner.record.topics) if owner else []


def score(items: Iterable[dict[str, Any]]) -> dict[str, Counts]:
    out = {"family": Counts(), "sub-tags": Counts()}
    fam, sub = out["family"], out["sub-tags"]
    for item in items:
        got = tags_of(item)
        where = f"{item['document']}: {item.get('subject') or item['anchor']}"[:110]
        if got is None:
            fam.errors.append(f"{where}: anchor not found")
            if item["digital_inclusion"]:
                fam.fn += 1
            continue
        has = FAMILY in got
        want = bool(item["digital_inclusion"])
        if has and want:
            fam.tp += 1
        elif has:
            fam.fp += 1
            fam.errors.append(f"FP {where}: got {got}")
        elif want:
            fam.fn += 1
            fam.errors.append(f"FN {where}: expected {item['tags']}")
        else:
            fam.tn += 1
        if want:
            expected = set(item["tags"]) - {FAMILY}
            found = {t for t in got if t.startswith(FAMILY + ".")}
            sub.tp += len(expected & found)
            sub.fp += len(found - expected)
            sub.fn += len(expected - found)
            if expected != found:
                sub.errors.append(
                    f"{where}: missed {sorted(expected - found)} extra {sorted(found - expected)}"
                )
    return out


def scores() -> dict[str, dict[str, Counts]]:
    items = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
    heldout = json.loads(HELDOUT.read_text(encoding="utf-8"))["items"]
    heldout2 = json.loads(HELDOUT2.read_text(encoding="utf-8"))["items"]
    return {
        "all": score(items),
        "real": score(i for i in items if not i.get("synthetic")),
        "synthetic": score(i for i in items if i.get("synthetic")),
        "held-out": score(heldout),
        "held-out 2": score(heldout2),
        "union": score([*items, *heldout, *heldout2]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    for name, by in scores().items():
        for what, c in by.items():
            print(c.line(f"{name} {what}"))
            if args.errors and name in ("all", "held-out", "held-out 2"):
                for e in c.errors:
                    print("    " + e)


if __name__ == "__main__":
    main()
