"""Where does spaCy's French model earn its place? Measured against hand-checked lists.

    python -m benchmarks.spacy_vs_rules

Two tasks, each scored against names checked by hand (the seeds' golden files and the
real documents' expectations), with the time each approach takes:

1. present members: the rules' names vs the PER entities spaCy finds in the same
   section of text (a person counts as found when its surname is matched);
2. beneficiaries: the rules' organisations vs the ORG/LOC entities spaCy finds in the
   "Vu la demande de ..." sentences.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.realdocs_expected import EXPECTED

from extractors.common import fold
from pipeline.extract import extract_document
from pipeline.settings import Settings
from pipeline.sources import read_document

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def _gold_present() -> dict[Path, list[str]]:
    """Surnames of present members, from the hand-checked golden files."""
    out = {}
    for g in sorted(GOLDEN.glob("*.json")):
        rec = json.loads(g.read_text(encoding="utf-8"))[0]
        names = [p["last_name"] for p in rec["attendance"]["present"]]
        if names:
            out[ROOT / "data" / "raw" / "seeds" / f"{g.stem}.txt"] = names
    return out


def _score(found: list[str], gold: list[str]) -> tuple[int, int, int]:
    g = [fold(x) for x in gold]
    f = [fold(x) for x in found]
    tp = sum(1 for x in f if any(x == y or x.endswith(" " + y) or y in x.split() for y in g))
    return tp, len(f), len(g)


def main() -> None:
    import spacy

    nlp = spacy.load("fr_core_news_sm")
    settings = Settings()
    rows = []
    totals = {"rules": [0, 0, 0, 0.0], "spacy": [0, 0, 0, 0.0]}
    for path, gold in _gold_present().items():
        doc = read_document(path.relative_to(ROOT), settings)
        t = time.perf_counter()
        (x, *_) = extract_document(doc)
        rules_time = time.perf_counter() - t
        rules = [p.last_name for p in x.record.attendance.present]
        span = x.record.spans["attendance.present"]
        section = doc.text[span.start : span.end]
        t = time.perf_counter()
        ents = [e.text for e in nlp(section).ents if e.label_ == "PER"]
        spacy_time = time.perf_counter() - t
        for name, found, secs in (("rules", rules, rules_time), ("spacy", ents, spacy_time)):
            tp, nf, ng = _score(found, gold)
            acc = totals[name]
            acc[0] += tp
            acc[1] += nf
            acc[2] += ng
            acc[3] += secs
            rows.append(
                {"file": path.name, "approach": name, "found": nf, "correct": tp, "gold": ng}
            )
    # beneficiaries: seed 000 names three intercommunalities in "Vu la demande de ..." sentences
    seed = ROOT / "data" / "raw" / "seeds" / "000_fe87c6e5f2330ba2.txt"
    text = seed.read_text(encoding="utf-8")
    gold_b = [
        "Communauté de Communes du Pays Noyonnais",
        "Communauté de Communes du Pays Clermontois",
        "Communauté d'Agglomération du Grand Soissons",
    ]
    sentences = re.findall(r"Vu la demande de[^\n]+", text)
    spacy_b = [e.text for s in sentences for e in nlp(s).ents if e.label_ in ("ORG", "LOC")]
    (x, *_) = extract_document(read_document(seed.relative_to(ROOT), settings))
    rules_b = [b.name for b in x.record.beneficiaries]
    result = {
        "present_members": {
            k: {
                "precision": round(v[0] / v[1], 3) if v[1] else None,
                "recall": round(v[0] / v[2], 3) if v[2] else None,
                "seconds": round(v[3], 3),
            }
            for k, v in totals.items()
        },
        "beneficiaries_seed_000": {
            "gold": gold_b,
            "rules": rules_b,
            "rules_exact": sum(b in gold_b for b in rules_b),
            "spacy": spacy_b,
            "spacy_exact": sum(b in gold_b for b in spacy_b),
        },
        "per_file": rows,
        "real_documents_with_expectations": len(EXPECTED),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
