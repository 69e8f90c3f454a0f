"""Golden files: each seed's records as checked by hand against its text.

Regenerate with `python -m tests.regen_golden` and review the diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, records_of

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(SEEDS.glob("*.txt"))


def test_every_seed_has_a_golden_file() -> None:
    assert {p.stem for p in CASES} == {p.stem for p in GOLDEN.glob("*.json")}
    assert len(CASES) == 5


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_seed_matches_golden(path: Path) -> None:
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    got = [r.to_contract() for r in records_of(path)]
    assert got == expected


def test_seed_000_key_values() -> None:
    """The values a reader checks first, stated here so the golden file cannot drift unseen."""
    (r,) = records_of(SEEDS / "000_fe87c6e5f2330ba2.txt")
    assert r.session.date == "2019-11-26" and r.session.time == "09:00"
    assert r.session.convened_on == "2019-11-07"
    assert [(i.code, i.kind, i.amount) for i in r.imputations] == [
        ("935/56/65734/56000010", "AE", 270000.0),
        ("905/56/204141/56000010", "AP", 84340.0),
    ]
    assert [(p.year, p.amount) for p in r.imputations[0].phasing] == [
        (2020, 5000.0),
        (2021, 130000.0),
        (2022, 90000.0),
        (2023, 45000.0),
    ]
    assert (r.vote.for_, r.vote.against, r.vote.abstention, r.vote.unanimous) == (52, 0, 0, True)
    assert (r.attendance.present_count, len(r.attendance.present)) == (37, 37)
    assert (r.attendance.proxy_count, len(r.attendance.proxies)) == (15, 15)
    last = r.attendance.proxies[-1]
    assert (last.giver.last_name, last.holder.last_name) == ("CAUDRON", "HANSEN-CATTA")
    assert [b.name for b in r.beneficiaries] == [
        "Communauté de Communes du Pays Noyonnais",
        "Communauté de Communes du Pays Clermontois",
        "Communauté d'Agglomération du Grand Soissons",
    ]
    assert {b.kind for b in r.beneficiaries} == {"epci"}
    assert r.budget.program_codes == ["56000010"]


@pytest.mark.parametrize("seed", ["000_fe87c6e5f2330ba2", "001_cb489b3979ba8787"])
def test_consistent_seeds_raise_no_false_alarm(seed: str) -> None:
    (r,) = records_of(SEEDS / f"{seed}.txt")
    bad = [(f.check, f.message) for f in r.findings if f.status in ("fail", "warning")]
    assert bad == []
    passed = {f.check for f in r.findings if f.status == "pass"}
    assert {
        "phasing_total",
        "decided_total",
        "program_code",
        "vote_total",
        "present_count",
        "proxy_count",
        "proxy_holder_present",
        "proxy_giver_absent",
        "unanimity",
        "person_unique",
        "proxy_limit",
    } <= passed
    if seed == "000_fe87c6e5f2330ba2":  # tiers-lieux aid: totals within the scheme's ceilings
        assert "scheme_ceiling" in passed


def test_seed_002_words_date_initials_and_ocr_damage() -> None:
    (r,) = records_of(SEEDS / "002_a0f63d7be3a3e5f0.txt")
    assert r.reference == "15-06-52"
    assert (r.session.date, r.session.time, r.session.convened_on) == (
        "2015-09-10",
        "18:30",
        "2015-09-02",
    )
    assert r.body == "conseil_communautaire" and r.authority.level == "epci"
    assert r.authority.name is None  # only the acronym CCPL is printed
    assert len(r.attendance.present) == 56
    first = r.attendance.present[0]
    assert (first.civility, first.last_name, first.initials) == ("Mme", "POURCHEL", "I.")
    assert r.attendance.present[14].civility == "M."
    assert r.attendance.secretary is None  # "Monsieur ????????????? est élu secrétaire"
    assert r.attendance.rapporteur is not None and r.attendance.rapporteur.last_name == "WYCKAERT"
    assert r.vote.unanimous is True and r.vote.for_ is None


def test_seed_004_group_votes() -> None:
    (r,) = records_of(SEEDS / "004_6078cf4dec92d1e3.txt")
    assert r.reference == "19.02.01" and r.body == "assemblee_pleniere"
    assert (r.vote.for_, r.vote.against, r.vote.abstention, r.vote.unanimous) == (
        58,
        None,
        17,
        False,
    )
    assert [(g.position, g.count) for g in r.vote.groups] == [("for", 58), ("abstention", 17)]
    assert r.vote.groups[1].label.startswith("Groupe Rassemblement National")


def test_seed_003_is_a_call_for_projects() -> None:
    (r,) = records_of(SEEDS / "003_93f39d1625c230cc.txt")
    assert r.doc_type == "call_for_projects"
    assert r.vote.outcome == "unknown" and r.attendance.present == []
