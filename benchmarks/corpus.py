"""Generate a corpus of seed-sized documents, varied from the seeds and the real texts.

Deterministic (fixed seed): the same N gives the same files. Each document is one of the
sample texts with its dates, amounts, counts, names and order of listed members changed,
so that no two documents are identical and the extractors see realistic variety.

    python -m benchmarks.corpus 2000 benchmarks/out/corpus_2000
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "data" / "raw").rglob("*.txt"))
SURNAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFEVRE",
    "FAURE",
    "ANDRE",
    "MERCIER",
    "BLANC",
    "GUERIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANCOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _vary(text: str, rng: random.Random, i: int) -> str:
    # dates: another day, month and year
    text = re.sub(
        r"\b([0-3]?\d)(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) (20[12]\d)\b",
        lambda m: f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2025)}",
        text,
    )

    # amounts: scale, keeping the format "270 000,00 €"
    def amount(m: re.Match[str]) -> str:
        value = rng.randint(1, 999) * 1000 + rng.choice([0, 340, 500])
        return f"{value:,}".replace(",", " ") + (",00 €" if m.group(2) else " €")

    text = re.sub(r"\b(\d{1,3}(?: \d{3})+)(,00)? €", amount, text)

    # surnames in capitals: some replaced by others from the pool
    def surname(m: re.Match[str]) -> str:
        return m.group(1) + (rng.choice(SURNAMES) if rng.random() < 0.3 else m.group(2))

    text = re.sub(r"(\b[A-Z][a-zé]{2,} )([A-Z]{4,})\b", surname, text)

    # order of the listed members
    def shuffle(m: re.Match[str]) -> str:
        items = m.group(2).split(", ")
        rng.shuffle(items)
        return m.group(1) + ", ".join(items)

    text = re.sub(r"(Présents \(\d+\) : )([^.\n]+)", shuffle, text)
    return f"Document de test n° {i}\n\n{text}"


def generate(n: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(20261123)
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in SOURCES]
    for i in range(n):
        stem, text = texts[i % len(texts)]
        yield f"doc_{i:06d}_{stem[:20]}.txt", _vary(text, rng, i)


def write(n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate(n):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
