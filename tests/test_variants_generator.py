"""Self-test of the surface-form generator (tests/variants): deterministic, big enough, and
every expected fact is really printed in its text. It does not run the extractors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.variants import FAMILIES, MINIMUM_COUNTS, Variant, generate, render_pdf

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = {
    "lines",
    "wrapped",
    "hyphenated",
    "flat",
    "margin",
    "markdown",
    "tsv",
    "table",
    "rollcall",
}


def _fingerprint(variants: list[Variant]) -> str:
    payload = [[v.family, v.id, v.text, v.expected, v.layout, v.pdf_blocks] for v in variants]
    return hashlib.sha256(
        json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def _readings(text: str) -> list[str]:
    """The text with line-wrap hyphenation undone both ways (a compound name keeps its
    hyphen, a cut word loses it), white space collapsed, NBSP as spaces."""
    out = []
    for joined in (re.sub(r"-\n", "-", text), re.sub(r"-\n", "", text)):
        flat = re.sub(r"\s+", " ", joined.replace("\u00a0", " ").replace("\u202f", " "))
        out.append(flat)
    return out


def _printed(name: str, text: str, *, fold: bool = False) -> bool:
    readings = _readings(text)
    if fold:
        return any(name.casefold() in r.casefold() for r in readings)
    return any(name in r for r in readings)


@pytest.fixture(scope="module")
def variants() -> dict[str, list[Variant]]:
    return {family: generate(family) for family in FAMILIES}


def test_minimum_counts(variants):
    for family, minimum in MINIMUM_COUNTS.items():
        assert len(variants[family]) >= minimum, family


def test_deterministic_in_process(variants):
    for family in FAMILIES:
        assert _fingerprint(generate(family, 0)) == _fingerprint(variants[family])
        assert _fingerprint(generate(family, 1)) != _fingerprint(variants[family])


def test_deterministic_across_processes():
    code = (
        "import hashlib, json\n"
        "from tests.variants import generate_all\n"
        "vs = generate_all(3)\n"
        "data = [[v.id, v.text, v.expected] for v in vs]\n"
        "print(hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_ids_and_shape(variants):
    ids = [v.id for vs in variants.values() for v in vs]
    assert len(ids) == len(set(ids))
    for family, vs in variants.items():
        for v in vs:
            assert v.family == family and v.id.startswith(family + "-")
            assert v.layout in LAYOUTS, v.id
            assert set(v.expected) <= {
                "attendance",
                "vote",
                "session",
                "transmission",
                "beneficiaries",
            }
            json.dumps(v.expected)  # plain JSON values only
            assert v.pdf_blocks, v.id


def test_texts_are_whole_deliberations(variants):
    for vs in variants.values():
        for v in vs:
            text = v.text
            assert "Objet" in text, v.id
            assert "Vu le Code général des collectivités territoriales" in text, v.id
            assert re.search(r"DÉCIDE|REJETTE|appelé à se prononcer", text), v.id
            assert re.search(
                r"COMMUNE|Commune|Mairie|VILLE|COMMUNAUTÉ|Communauté|DÉPARTEMENT|RÉGION|CONSEIL",
                text,
            ), v.id
            assert re.search(
                r"Présents|PRÉSENTS|PRESENTS|présents|Assistaient|appel nominal|Liste des membres",
                text,
            ), v.id
            if v.layout == "flat":
                assert "\n" not in text.rstrip("\n"), v.id


def test_flat_copies_match_their_source(variants):
    """A flattened copy has its source form's facts; a copy of a "lines" document is that
    document with the white space collapsed (a table is printed aligned, then collapsed)."""
    copies = 0
    for vs in variants.values():
        sources = {v.id.split("-", 3)[3]: v for v in vs if v.layout != "flat"}
        for v in vs:
            source = sources.get(v.id.split("-", 3)[3])
            if v.layout != "flat" or source is None:
                continue
            copies += 1
            assert v.expected == source.expected, v.id
            if source.layout == "lines":
                assert v.text.strip() == re.sub(r"[ \t\n]+", " ", source.text).strip(), v.id
    assert copies >= 10


def test_attendance_names_are_printed(variants):
    for v in variants["attendance"]:
        att = v.expected["attendance"]
        names = [
            *att["present"],
            *att["absent"],
            *(n for pair in att["proxies"] for n in pair if n),
        ]
        if att["secretary"]:
            names.append(att["secretary"])
        for name in names:
            assert _printed(name, v.text), (v.id, name)
        for key in (
            "members_in_office",
            "present_count",
            "proxy_count",
            "voters_count",
            "absent_count",
        ):
            assert key in att, (v.id, key)
        if att["present_count"] is not None:
            assert att["present_count"] == len(att["present"]), v.id
        if att["proxy_count"] is not None:
            assert att["proxy_count"] == len(att["proxies"]), v.id
        if att["voters_count"] is not None:
            assert att["voters_count"] == len(att["present"]) + len(att["proxies"]), v.id
        if att["members_in_office"] is not None:
            total = len(att["present"]) + len(att["proxies"]) + len(att["absent"])
            assert att["members_in_office"] == total, v.id


def test_vote_facts_fit(variants):
    for v in variants["vote"]:
        vote = v.expected["vote"]
        assert vote["outcome"] in ("adopted", "rejected"), v.id
        for name, *_ in vote.get("ballots", []):
            assert _printed(name, v.text), (v.id, name)
        counts = [vote[k] for k in ("for", "against", "abstention")]
        if all(c is not None for c in counts):
            adopted = vote["for"] > vote["against"]
            assert adopted == (vote["outcome"] == "adopted"), v.id
        if vote.get("unanimous") is True and vote["against"] is not None:
            assert vote["against"] == 0 or vote["outcome"] == "rejected", v.id


def test_preamble_dates_are_ordered(variants):
    for v in variants["preamble"]:
        session = v.expected["session"]
        date = dt.date.fromisoformat(session["date"])
        if session["convened_on"]:
            assert dt.date.fromisoformat(session["convened_on"]) < date, v.id
        if session["time"]:
            assert re.fullmatch(r"\d{2}:\d{2}", session["time"]), v.id
        transmission = v.expected["transmission"]
        if transmission:
            for key in ("sent", "received", "published", "posted", "executory"):
                if transmission[key]:
                    assert dt.date.fromisoformat(transmission[key]) >= date, (v.id, key)
            if transmission["actes_id"]:
                assert transmission["actes_id"] in v.text, v.id


def test_beneficiaries_are_printed(variants):
    for v in variants["beneficiaries"]:
        bens = v.expected["beneficiaries"]
        assert bens, v.id
        for ben in bens:
            # "Les Restos du Cœur" is printed "aux Restos du Cœur" after a preposition
            bare = re.sub(r"^(Les|Le|La) ", "", ben["name"])
            assert _printed(bare, v.text, fold=True), (v.id, ben["name"])
            assert ben["amount"] is None or ben["amount"] > 0, v.id


def test_render_pdf(variants, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    chosen: dict[tuple[str, str], Variant] = {}
    for vs in variants.values():
        for v in vs:
            chosen.setdefault((v.family, v.layout), v)
    for v in chosen.values():
        path = tmp_path / f"{v.id}.pdf"
        render_pdf(v, path)
        first = path.read_bytes()
        assert first.startswith(b"%PDF")
        render_pdf(v, path)
        assert path.read_bytes() == first, v.id
        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert _printed("Objet", text), v.id
        if v.family == "attendance":
            assert _printed(v.expected["attendance"]["present"][0], text), v.id
