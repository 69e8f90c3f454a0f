"""Precision of the inferred ACTES subject (matière) on hand-labelled items.

    python -m benchmarks.matieres            # the figures
    python -m benchmarks.matieres --errors   # ... and every wrong code, to read

The labels (`tests/expectations/matieres.json`) were written by a reader who chose each code
from the item's subject and decision, as a prefecture clerk would, without running the
extractor. Each item's printed subject and decision are given to `extractors.matiere.infer`;
a code is right when it is the label or one of the label's `alternatives`; a code given
where the label is null is wrong. Precision = right / given; coverage = given / items.
`agenda_items` (a subject only, no decision text) are measured apart.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.matiere import infer

LABELS = Path(__file__).resolve().parent.parent / "tests" / "expectations" / "matieres.json"


@dataclass
class Score:
    items: int = 0
    given: int = 0
    right: int = 0
    wrong: list[tuple[str, str | None, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.given if self.given else 0.0

    @property
    def coverage(self) -> float:
        return self.given / self.items if self.items else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<22} items {self.items:>3}  given {self.given:>3}  right {self.right:>3}  "
            f"precision {self.precision:.3f}  coverage {self.coverage:.3f}"
        )


def score(items: list[dict[str, Any]]) -> Score:
    s = Score()
    for item in items:
        s.items += 1
        got = infer(item["subject"], item["decision"])
        if got is None:
            continue
        s.given += 1
        ok = {item["code"], *item.get("alternatives", [])} - {None}
        if got.code in ok:
            s.right += 1
        else:
            s.wrong.append((got.code, item["code"], item["subject"] or item["anchor"]))
    return s


def scores() -> dict[str, Score]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    items = data["items"]
    return {
        "all records": score(items),
        "real records": score([i for i in items if not i.get("synthetic")]),
        "synthetic": score([i for i in items if i.get("synthetic")]),
        "agenda subjects only": score(data["agenda_items"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="print every wrong code")
    args = ap.parse_args()
    for name, s in scores().items():
        print(s.line(name))
        if args.errors:
            for got, want, subject in s.wrong:
                print(f"    gave {got}, label {want}: {subject[:90]}")


if __name__ == "__main__":
    main()
