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


def siret_for(siren: str) -> str:
    """A SIRET of that SIREN whose checksum holds (the publisher's, in a real export)."""
    from extractors.stamp import luhn_ok

    return next(siren + f"{nic:05d}" for nic in range(1, 99999) if luhn_ok(siren + f"{nic:05d}"))


def _ingest(tmp_path: Path, files: dict[str, bytes]) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", url]).exit_code == 0
    return url


#: seed 000 as its authority would publish it, with its number (the seed prints none, and
#: SCDL requires DELIB_ID): the row's other values all come from the seed's own text
NUMBERED_SEED = "Délibération n° 20192345\n" + (SEEDS / "000_fe87c6e5f2330ba2.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture()
def exported(tmp_path: Path) -> tuple[Path, Path, str, str]:
    url = _ingest(
        tmp_path,
        {"seed.txt": NUMBERED_SEED.encode("utf-8"), "grants.txt": GRANTS.encode("utf-8")},
    )
    runner = CliRunner()
    d, s = tmp_path / "out" / "deliberations.csv", tmp_path / "out" / "subventions.csv"
    siret = siret_for("200053742")
    common = ["--db", url, "--coll-siret", siret, "--skip-incomplete"]
    dr = runner.invoke(main, ["export", "scdl-deliberations", *common, "-o", str(d)])
    sr = runner.invoke(main, ["export", "scdl-subventions", *common, "-o", str(s)])
    assert dr.exit_code == 0 and sr.exit_code == 0, dr.output + sr.output
    return d, s, dr.output, sr.output


def test_scdl_deliberations(
    exported: tuple[Path, Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d, _, out, _ = exported
    rows = list(csv.DictReader(d.open(encoding="utf-8")))
    (seed,) = rows  # the grants deliberation names no authority: listed, not written
    assert "not written: grants.txt CP-2023-17: missing COLL_NOM" in out
    assert (
        seed["DELIB_ID"],
        seed["COLL_NOM"],
        seed["COLL_SIRET"],
        seed["VOTE_POUR"],
        seed["VOTE_CONTRE"],
        seed["VOTE_ABSTENTION"],
        seed["VOTE_REEL"],
    ) == ("20192345", "Région Hauts-de-France", siret_for("200053742"), "52", "0", "0", "52")
    assert (
        seed["BUDGET_ANNEE"] == "2019"
        and seed["DELIB_OBJET"] == "Soutien à la mise en place de tiers-lieux numériques"
        and (seed["DELIB_MATIERE_CODE"], seed["DELIB_MATIERE_NOM"])
        == ("7.5", "finances locales/subventions")
    )
    for r in rows:  # the SCDL rule VOTE_REEL = VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION
        if r["VOTE_REEL"]:
            assert int(r["VOTE_REEL"]) == int(r["VOTE_POUR"]) + int(r["VOTE_CONTRE"]) + int(
                r["VOTE_ABSTENTION"]
            )
    # what is written passes the official schema with no error at all
    assert _validate(d, "deliberations-2.1.5.schema.json", monkeypatch) == Counter()
    assert "0 errors" in out


def test_scdl_subventions_lists_what_it_cannot_write(
    exported: tuple[Path, Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, s, _, out = exported
    # one row per beneficiary with an amount would be Lannion and Saint-Dizier; the schema
    # requires facts the deliberation does not state (conditions and dates of payment, EU
    # notification, share funded): no row is written with made-up values, each is listed
    assert list(csv.DictReader(s.open(encoding="utf-8"))) == []
    assert _validate(s, "subventions-2.1.1.schema.json", monkeypatch) == Counter()
    assert "grants.txt CP-2023-17: Commune de Lannion: missing " in out
    for absent in ("conditionsVersement", "datesPeriodeVersement", "notificationUE"):
        assert absent in out.split("Commune de Lannion: missing ")[1].splitlines()[0]
    assert "Commune de Saint-Dizier: missing" in out


def test_the_seeds_export_with_zero_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The five seeds as shipped: what is written is valid; each seed that cannot be written
    is listed with what it lacks (none prints its own number but 002 and 004)."""
    url = _ingest(tmp_path, {p.name: p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))})
    out = tmp_path / "d.csv"
    args = ["export", "scdl-deliberations", "--db", url, "-o", str(out)]
    args += ["--coll-siret", siret_for("200053742")]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1  # incomplete rows and no --skip-incomplete
    result = CliRunner().invoke(main, [*args, "--force", "--skip-incomplete"])
    assert result.exit_code == 0, result.output
    assert _validate(out, "deliberations-2.1.5.schema.json", monkeypatch) == Counter()
    listed = {
        line.split(":")[1].strip().split()[0]: line.rsplit("missing ", 1)[1]
        for line in result.output.splitlines()
        if line.startswith("not written: ")
    }
    assert "DELIB_ID" in listed["000_fe87c6e5f2330ba2.txt"]  # no number printed
    assert (
        "COLL_NOM" in listed["002_a0f63d7be3a3e5f0.txt"]
    )  # the body only: "Conseil de Communauté"
    assert "003_93f39d1625c230cc.txt" not in listed  # a call for projects: not a deliberation


def test_a_row_missing_a_required_field_is_refused(tmp_path: Path) -> None:
    url = _ingest(tmp_path, {"grants.txt": GRANTS.encode("utf-8")})
    out = tmp_path / "d.csv"
    result = CliRunner().invoke(main, ["export", "scdl-deliberations", "--db", url, "-o", str(out)])
    assert result.exit_code == 1
    # the deliberation is named, with the fields nobody gave: no authority name, no SIRET
    assert "not written: " in result.output and "grants.txt" in result.output
    assert "grants.txt CP-2023-17: missing COLL_NOM, COLL_SIRET" in result.output
    assert list(csv.DictReader(out.open(encoding="utf-8"))) == []
    skipped = CliRunner().invoke(
        main,
        [
            "export",
            "scdl-deliberations",
            "--db",
            url,
            "-o",
            str(out),
            "--force",
            "--skip-incomplete",
        ],
    )
    assert skipped.exit_code == 0 and "not written: " in skipped.output


def test_bad_siret_options_are_refused(tmp_path: Path) -> None:
    url = _ingest(tmp_path, {"grants.txt": GRANTS.encode("utf-8")})
    bad = CliRunner().invoke(
        main, ["export", "scdl-deliberations", "--db", url, "--coll-siret", "12345678901234"]
    )
    assert bad.exit_code == 2 and "not a SIRET" in bad.output
    table = tmp_path / "sirets.csv"
    table.write_text("nom,siret\nCommune X,123\n", encoding="utf-8")
    bad = CliRunner().invoke(
        main, ["export", "scdl-deliberations", "--db", url, "--sirets", str(table)]
    )
    assert bad.exit_code == 2 and "line 2" in bad.output


def test_sample_corpus_exports_with_zero_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole sample corpus, with a SIRET file for its authorities (as a publisher of
    many authorities' acts would give): 0 errors; what cannot be written is listed."""
    from sqlalchemy import text

    from pipeline.db import connect

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert (
        CliRunner().invoke(main, ["ingest", str(ROOT / "data" / "raw"), "--db", url]).exit_code == 0
    )
    engine = connect(url)
    with engine.connect() as conn:
        sirens = sorted(
            {s for (s,) in conn.execute(text("SELECT authority_siren FROM deliberations")) if s}
        )
    engine.dispose()
    table = tmp_path / "sirets.csv"
    table.write_text(
        "siren,siret\n" + "".join(f"{s},{siret_for(s)}\n" for s in sirens), encoding="utf-8"
    )
    out = tmp_path / "d.csv"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "scdl-deliberations",
            "--db",
            url,
            "--sirets",
            str(table),
            "-o",
            str(out),
            "--skip-incomplete",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) >= 4  # most items print no number, or no authority (listed)
    assert _validate(out, "deliberations-2.1.5.schema.json", monkeypatch) == Counter()
    assert all(r["COLL_SIRET"].startswith(r["PREF_ID"].split("-")[1]) for r in rows if r["PREF_ID"])


@pytest.mark.parametrize(
    ("text", "conditions", "period", "minimis"),
    [
        (
            "La subvention sera versée en une seule fois en 2024.",
            "unique",
            "2024-01-01/2024-12-31",
            None,
        ),
        (
            "L'aide est VERSÉE EN DEUX VERSEMENTS : un acompte de 50 %, puis le solde.",
            "échelonné",
            None,
            None,
        ),
        ("La subvention sera versée le 15 avril 2024.", None, "2024-04-15", None),
        ("Aide accordée au titre du règlement (UE) n° 1407/2013 dit de minimis.", None, None, True),
        ("Cette aide ne relève pas du régime de minimis.", None, None, False),
        # both said: not for certain; a budget year says nothing of the payment
        ("versée en une seule fois ... un acompte de 30 %", None, None, None),
        ("imputée au budget 2024", None, None, None),
    ],
)
def test_payment_terms_as_stated(
    text: str, conditions: str | None, period: str | None, minimis: bool | None
) -> None:
    from extractors.payment import payment_terms

    got = payment_terms(text)
    assert (got.conditions, got.period, got.minimis) == (conditions, period, minimis)


def test_sample_subventions_are_written_with_the_decision_total_and_shares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SCDL's montant is the decision's total before it is shared out, pourcentageSubvention
    each beneficiary's share (it was each beneficiary's own amount, and no share)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    r = CliRunner().invoke(main, ["ingest", str(ROOT / "data" / "raw" / "sample"), "--db", url])
    assert r.exit_code == 0, r.output
    table = tmp_path / "sirets.csv"
    table.write_text(f"siren,siret\n222200016,{siret_for('222200016')}\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    args = ["export", "scdl-subventions", "--db", url, "--sirets", str(table), "-o", str(out)]
    r = CliRunner().invoke(main, [*args, "--skip-incomplete"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(x["nomBeneficiaire"], x["montant"], x["pourcentageSubvention"]) for x in rows] == [
        ("Commune de Lannion", "36000.00", "0.3472"),
        ("Commune de Guingamp", "36000.00", "0.2778"),
        ("Commune de Paimpol", "36000.00", "0.2083"),
        ("Commune de Loudéac", "36000.00", "0.1667"),
    ]
    assert {
        (x["conditionsVersement"], x["datesPeriodeVersement"], x["notificationUE"]) for x in rows
    } == {("unique", "2024-01-01/2024-12-31", "non")}
    assert _validate(out, "subventions-2.1.1.schema.json", monkeypatch) == Counter()
