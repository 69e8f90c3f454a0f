"""Regenerate the golden files: `python -m tests.regen_golden`, then review the diff.

Each sample document under data/raw/seeds gets tests/golden/<name>.json: the list of its
records as `delib extract` prints them. A golden file is checked by hand against its
document before it is committed; the diff of a regeneration is reviewed like code.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.extract import extract_document
from pipeline.settings import Settings
from pipeline.sources import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "raw" / "seeds").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"


def records_for(path: Path) -> list[dict[str, object]]:
    doc = read_document(path.relative_to(ROOT), Settings())
    return [x.record.to_contract() for x in extract_document(doc)]


def render(records: list[dict[str, object]]) -> str:
    return json.dumps(records, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main() -> None:
    import os

    os.chdir(ROOT)
    for path in SAMPLES:
        (GOLDEN / f"{path.stem}.json").write_text(render(records_for(path)), encoding="utf-8")
        print("wrote", GOLDEN / f"{path.stem}.json")


if __name__ == "__main__":
    main()
