"""Arrivals and departures: each deliberation gets the attendance in force for it."""

from __future__ import annotations

from pathlib import Path

from extractors import extract_records
from pipeline.extract import extract_document
from pipeline.pdf import read_pdf
from pipeline.settings import Settings
from schemas.records import Deliberation, Source
from tests import pdf_fixtures as fx

MINUTES = [
    "COMPTE RENDU DU CONSEIL MUNICIPAL DU 24 JUIN 2022",
    "Présents : M. Alain ALPHA, M. Bruno BRAVO, Mme Claire CHARLIE.",
    "Excusés : Mme Diane DELTA (pouvoir donné à M. Alain ALPHA).",
    "Questions 1 à 1 : 3 présents. Questions 2 à 2 : 2 présents. Questions 3 à 3 : 3 présents.",
    "1/ Convention RASED : 4 votes pour",
    "M. Bruno BRAVO quitte la séance et donne pouvoir à M. Alain ALPHA.",
    "2/ Document unique : 4 votes pour",
    "Arrivée en séance de Mme Diane DELTA.",
    "3/ Tarifs de la salle : 4 votes pour",
]


def _check(records: list[Deliberation]) -> None:
    assert len(records) == 3
    seen = [
        (
            [p.last_name for p in r.attendance.present],
            [(p.giver.last_name, p.holder.last_name) for p in r.attendance.proxies],
            r.attendance.present_count,
        )
        for r in records
    ]
    assert seen == [
        (["ALPHA", "BRAVO", "CHARLIE"], [("DELTA", "ALPHA")], 3),
        (["ALPHA", "CHARLIE"], [("DELTA", "ALPHA"), ("BRAVO", "ALPHA")], 2),
        (["ALPHA", "CHARLIE", "DELTA"], [("BRAVO", "ALPHA")], 3),
    ]
    # 4 votes = present + represented, item by item
    assert [{f.check: f.status for f in r.findings}["vote_total"] for r in records] == ["pass"] * 3
    for check in ("proxy_giver_absent", "proxy_holder_present", "present_count"):
        assert [{f.check: f.status for f in r.findings}[check] for r in records] == ["pass"] * 3, (
            check
        )


def test_arrivals_and_departures_in_text() -> None:
    text = "\n".join(MINUTES) + "\n"
    from pipeline.checks import run_checks

    records = []
    for x in extract_records(text, Source(file="t.txt", sha256="0" * 64)):
        x.record.findings = run_checks(x)
        records.append(x.record)
    _check(records)


def test_arrivals_and_departures_in_pdf(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "cr.pdf", MINUTES)
    _check([x.record for x in extract_document(read_pdf(path, Settings()))])


def test_counts_per_range_of_items() -> None:
    text = "\n".join(
        [
            "PROCES-VERBAL DU CONSEIL MUNICIPAL DU 3 MARS 2023",
            "Présents : M. Alain ALPHA, M. Bruno BRAVO, Mme Claire CHARLIE, M. Denis DELTA.",
            "Questions 1 à 2 : 4 présents ; Questions 3 à 4 : 3 présents.",
            "1/ Budget : 4 votes pour",
            "2/ Tarifs : 4 votes pour",
            "3/ Voirie : 3 votes pour",
            "4/ Personnel : 3 votes pour",
        ]
    )
    records = [x.record for x in extract_records(text, Source(file="t.txt", sha256="0" * 64))]
    assert [r.attendance.present_count for r in records] == [4, 4, 3, 3]
