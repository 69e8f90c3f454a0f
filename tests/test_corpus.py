"""Corpus-level checks: quorum from another document of the same body, one aid per EPCI."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pipeline.db import connect
from pipeline.ingest import ingest
from pipeline.settings import Settings
from schemas.tables import DeliberationRow, DocumentRow, FindingRow
from tests.conftest import SEEDS

WITH_COUNTS = """PROCES-VERBAL DU CONSEIL MUNICIPAL DU 16 JANVIER 2023
Le Conseil municipal de la commune de Saint-Exemple s'est réuni le 16 janvier 2023 à 20h00.
En exercice : 21 Présents : 18 Votants : 18
Présents : M. Jean DUPONT, Mme Anne MARTIN
Pour : 18 Contre : 0 Abstention : 0
"""
WITHOUT_COUNTS = """PROCES-VERBAL DU CONSEIL MUNICIPAL DU 6 FEVRIER 2023
Le Conseil municipal de la commune de Saint-Exemple s'est réuni le 6 février 2023 à 20h00.
Présents (9) : M. Jean DUPONT, Mme Anne MARTIN, M. Paul DURAND, Mme Léa PETIT, M. Marc ROUX,
Mme Eve BLANC, M. Luc NOIR, Mme Ida GRIS, M. Noé VERT
Pour : 9 Contre : 0 Abstention : 0
"""


def _quorum(engine, name: str) -> FindingRow:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(
            select(FindingRow.status, FindingRow.message)
            .join(DeliberationRow, DeliberationRow.id == FindingRow.deliberation_id)
            .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
            .where(DocumentRow.path.like(f"%{name}"), FindingRow.check_name == "quorum")
        ).one()


def test_quorum_uses_members_in_office_from_another_document_of_the_body(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_january.txt").write_text(WITH_COUNTS, encoding="utf-8")
    (folder / "b_february.txt").write_text(WITHOUT_COUNTS, encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([folder], engine, Settings())
    feb = _quorum(engine, "b_february.txt")
    # 9 present of 21 in office: 11 needed (L2121-17); the 21 comes from the January minutes
    assert feb.status == "fail"
    assert "9 present = 9 of 21 in office, but 11 required" in feb.message
    assert "members in office taken from" in feb.message and "a_january.txt" in feb.message
    jan = _quorum(engine, "a_january.txt")
    assert jan.status == "pass" and "taken from" not in jan.message
    # idempotent: a second pass writes the same findings
    before = _quorum(engine, "b_february.txt")
    from pipeline.corpus import corpus_checks

    corpus_checks(engine)
    assert _quorum(engine, "b_february.txt") == before


def test_single_aid_per_intercommunality_across_the_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "000_fe87c6e5f2330ba2.txt").read_text(encoding="utf-8")
    (folder / "a_2019.txt").write_text(seed, encoding="utf-8")
    later = seed.replace("réunie le 26 novembre 2019", "réunie le 14 mai 2020")
    (folder / "b_2020.txt").write_text(later, encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([folder], engine, Settings())
    with engine.connect() as conn:
        rows = conn.execute(
            select(DocumentRow.path, FindingRow.subject, FindingRow.message)
            .join(DeliberationRow, DeliberationRow.document_id == DocumentRow.id)
            .join(FindingRow, FindingRow.deliberation_id == DeliberationRow.id)
            .where(FindingRow.check_name == "scheme_ceiling", FindingRow.status == "fail")
        ).all()
    assert sorted(r.subject for r in rows) == sorted(
        [
            "Communauté de Communes du Pays Noyonnais",
            "Communauté de Communes du Pays Clermontois",
            "Communauté d'Agglomération du Grand Soissons",
        ]
    )
    assert all(r.path.endswith("b_2020.txt") and "a_2019.txt" in r.message for r in rows)


SESSION = """Extrait du registre des délibérations du conseil municipal de la commune de Saint-Exemple
Séance du 16 janvier 2023. Le Conseil municipal de la commune de Saint-Exemple s'est réuni le 16 janvier 2023.
Présents : M. Jean DUPONT, Mme Anne MARTIN, M. Paul DURAND
Pouvoirs : Mme Léa PETIT ........ à M. Jean DUPONT
Délibération n° {ref} - {subject}
Pour : 4 Contre : 0 Abstention : 0
"""


def test_deliberations_of_one_session_must_agree(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SESSION.format(ref="2023-01", subject="Budget"), encoding="utf-8")
    other = SESSION.format(ref="2023-02", subject="Tarifs").replace(
        "M. Paul DURAND", "M. Marc ROUX"
    )
    (folder / "b.txt").write_text(other, encoding="utf-8")
    (folder / "c.txt").write_text(SESSION.format(ref="2023-03", subject="Voirie"), encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([folder], engine, Settings())
    with engine.connect() as conn:
        rows = conn.execute(
            select(DocumentRow.path, FindingRow.status, FindingRow.message)
            .join(DeliberationRow, DeliberationRow.document_id == DocumentRow.id)
            .join(FindingRow, FindingRow.deliberation_id == DeliberationRow.id)
            .where(FindingRow.message.like("%same session%"))
        ).all()
    # b contradicts a (DURAND vs ROUX); c agrees with a
    assert [(Path(r.path).name, r.status) for r in rows] == [("b.txt", "fail")]
    assert "a.txt" in rows[0].message and "DURAND" in rows[0].message and "ROUX" in rows[0].message
