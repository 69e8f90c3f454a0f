"""SCDL exports validated with frictionless against the schema files (schemas/scdl)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from frictionless import Resource, Schema

from pipeline.cli import main
from tests.conftest import ROOT, SEEDS

SCHEMAS = ROOT / "schemas" / "scdl"
GRANTS = """DELIBERATION DE LA COMMISSION PERMANENTE du 3 mars 2023

Délibération n° CP-2023-17 - Aide aux communes pour la médiation numérique

| Commune de Lannion | 12 500 € |
| Commune de Saint-Dizier | 7 500 € |

Pour : 40 Contre : 2 Abstention : 3
Adopté à la majorité.
"""


def _validate(
    csv_path: Path, schema_file: str, monkeypatch: pytest.MonkeyPatch
) -> Counter[tuple[str, str | None]]:
    monkeypatch.chdir(csv_path.parent)  # frictionless reads only paths below the working folder
    schema = Schema.from_descriptor(json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8")))
    report = Resource(csv_path.name, schema=schema).validate()
    return Counter((e.type, getattr(e, "field_name", None)) for e in report.tasks[0].errors)


@pytest.fixture()
def exported(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    (folder / "grants.txt").write_text(GRANTS, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", url]).exit_code == 0
    d, s = tmp_path / "out" / "deliberations.csv", tmp_path / "out" / "subventions.csv"
    assert (
        runner.invoke(main, ["export", "scdl-deliberations", "--db", url, "-o", str(d)]).exit_code
        == 0
    )
    assert (
        runner.invoke(main, ["export", "scdl-subventions", "--db", url, "-o", str(s)]).exit_code
        == 0
    )
    return d, s


def test_scdl_deliberations(exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    d, _ = exported
    rows = list(csv.DictReader(d.open(encoding="utf-8")))
    seed = next(r for r in rows if r["DELIB_DATE"] == "2019-11-26")
    assert (
        seed["COLL_NOM"],
        seed["VOTE_POUR"],
        seed["VOTE_CONTRE"],
        seed["VOTE_ABSTENTION"],
        seed["VOTE_REEL"],
    ) == ("Région Hauts-de-France", "52", "0", "0", "52")
    assert (
        seed["BUDGET_ANNEE"] == "2019"
        and seed["DELIB_OBJET"] == "Soutien à la mise en place de tiers-lieux numériques"
    )
    for r in rows:  # the SCDL rule VOTE_REEL = VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION
        if r["VOTE_REEL"]:
            assert int(r["VOTE_REEL"]) == int(r["VOTE_POUR"]) + int(r["VOTE_CONTRE"]) + int(
                r["VOTE_ABSTENTION"]
            )
    # never invented: no SIRET is printed in the documents
    assert {r["COLL_SIRET"] for r in rows} == {""}
    errors = _validate(d, "deliberations-2.1.5.schema.json", monkeypatch)
    # the only departures from the schema: required fields the documents do not give
    assert {t for t, _ in errors} == {"constraint-error"}
    assert {f for _, f in errors} <= {
        "COLL_SIRET",
        "DELIB_MATIERE_CODE",
        "DELIB_MATIERE_NOM",
        "COLL_NOM",
        "DELIB_ID",
        "DELIB_OBJET",
    }


def test_scdl_subventions(exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, s = exported
    rows = list(csv.DictReader(s.open(encoding="utf-8")))
    # one row per beneficiary with an amount; the seed's three EPCIs share one total: no row
    assert [(r["nomBeneficiaire"], r["montant"], r["referenceDecision"]) for r in rows] == [
        ("Commune de Lannion", "12500.00", "CP-2023-17"),
        ("Commune de Saint-Dizier", "7500.00", "CP-2023-17"),
    ]
    errors = _validate(s, "subventions-2.1.1.schema.json", monkeypatch)
    assert {t for t, _ in errors} == {"constraint-error"}
    assert {f for _, f in errors} <= {
        "nomAttribuant",
        "objet",
        "idAttribuant",
        "dateConvention",
        "conditionsVersement",
        "datesPeriodeVersement",
        "notificationUE",
        "pourcentageSubvention",
    }
