"""ACTES subject (matière): a printed code wins; an inferred one is right or absent."""

from __future__ import annotations

import pytest

from benchmarks.matieres import scores
from extractors import extract_records
from extractors.matiere import infer, label_of, nomenclature, printed
from schemas.records import Deliberation, Source


def _one(text: str) -> Deliberation:
    (x,) = list(extract_records(text, Source(file="t.txt", sha256="0" * 64)))
    return x.record


def test_nomenclature_is_shipped_and_labelled_as_scdl_wants() -> None:
    assert len(nomenclature()) > 40
    assert label_of("7.5") == "finances locales/subventions"
    assert label_of("3.2") == "domaine et patrimoine/aliénations"


@pytest.mark.parametrize(
    "text",
    [
        "Nomenclature : 7.5",
        "Matière : 7.5 - Subventions",
        "MATIERE 7.5 Subventions",
        "Code matière 7.5",
        "Classification ACTES : 7.5",
    ],
)
def test_printed_code_forms(text: str) -> None:
    got = printed("Objet : Aide au club de football\n" + text + "\n")
    assert got is not None and (got.code, got.source) == ("7.5", "printed")


def test_printed_code_wins_over_the_words() -> None:
    # the words say "budget" (7.1), the document prints 7.5: the printed code is kept
    text = (
        "COMMUNE DE TESTVILLE\nDélibération n° 2024-12\nObjet : Budget - aide au club\n"
        "Nomenclature : 7.5\nLe conseil municipal DÉCIDE d'approuver. Adopté à l'unanimité.\n"
    )
    rec = _one(text)
    assert rec.matiere is not None and (rec.matiere.code, rec.matiere.source) == ("7.5", "printed")


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        ("Attribution d'une subvention à l'association Les Amis du Livre", "7.5"),
        ("ATTRIBUTION D'UNE SUBVENTION À L'ASSOCIATION LES AMIS DU LIVRE", "7.5"),
        ("Decision modificative n° 2 - budget assainissement", "7.1"),
        ("Fonds de concours à la commune de Saint-Jean", "7.8"),
        ("Désignation des représentants au syndicat des eaux", "5.3"),
        ("Création d'un poste d'adjoint technique", "4.1"),
        ("Recrutement d'agents contractuels pour accroissement saisonnier d'activité", "4.2"),
        ("Vente de la parcelle cadastrée AB 12", "3.2"),
        ("Emprunt de 200 000 € auprès de la Banque des Territoires", "7.3"),
        # a loan for a road: the nature of the act comes before the domain it concerns
        ("Contrat de prêt pour les travaux de voirie", "7.3"),
    ],
)
def test_inferred_codes(subject: str, code: str) -> None:
    got = infer(subject, "")
    assert got is not None and (got.code, got.source) == (code, "inferred")


@pytest.mark.parametrize(
    "subject",
    [
        "Questions d'actualité",  # nothing names a matter
        "Informations du maire",
    ],
)
def test_nothing_decides_gives_null(subject: str) -> None:
    assert infer(subject, "") is None


def test_inferred_record_keeps_the_words_that_decided() -> None:
    text = (
        "COMMUNE DE TESTVILLE\nDélibération n° 2024-13\n"
        "Objet : Attribution d'une subvention au comité des fêtes\n"
        "Le conseil municipal DÉCIDE d'attribuer 500 €. Adopté à l'unanimité.\n"
    )
    rec = _one(text)
    assert rec.matiere is not None and rec.matiere.code == "7.5"
    span = rec.spans["matiere"]
    assert "subvention" in text[span.start : span.end].lower()


def test_precision_on_hand_labelled_items() -> None:
    """At least 95% of the codes given are right on the labelled records (131, 101 real);
    README "ACTES subject" gives the figures (`python -m benchmarks.matieres`)."""
    s = scores()
    assert s["all records"].items >= 60 and s["real records"].items >= 60
    assert s["all records"].precision >= 0.95, s["all records"].wrong
    assert s["all records"].coverage >= 0.70
