"""Topics: the same facts whatever the surface form; a passing mention never tags; near
misses (fibre, the town hall's IT, a school's tablets) are not digital inclusion."""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from benchmarks.topics import scores
from extractors import extract_records
from extractors.topics import tag_text, vocabulary
from schemas.records import Deliberation, Source

# what a council could print for each sub-tag (not the vocabulary's own lines)
POSITIVES = {
    "mediation": "le recrutement d'un médiateur numérique pour les permanences en mairie",
    "advisors": "l'accueil de deux conseillers numériques France Services",
    "vouchers": "l'achat de 500 pass numériques distribués par le CCAS",
    "third_places": "la création d'une fabrique numérique de territoire",
    "fablabs": "le fonctionnement du fablab intercommunal",
    "public_access": "l'ouverture d'une Maison France Services",
    "equipment": "la distribution d'ordinateurs reconditionnés aux familles",
    "skills": "des ateliers d'initiation à l'informatique pour les seniors",
    "accessibility": "la mise en conformité RGAA du portail des démarches",
    "strategy": "la stratégie d'inclusion numérique du territoire",
}

NEAR_MISSES = [
    "Convention avec le Département pour le déploiement de la fibre optique",
    "Acquisition de licences logicielles pour les services de la mairie",
    "Achat de tablettes numériques pour l'école élémentaire",
    "Refonte du site internet de la commune",
    "Extension du système de vidéoprotection",
    "Dématérialisation des actes : convention avec la préfecture",
    "Modification des horaires d'ouverture de la bibliothèque",
    "Convention de servitude avec Orange pour le passage d'un câble",
    "Inclusion des enfants en situation de handicap à l'accueil de loisirs",
]


def _fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


SURFACES = {
    "as printed": lambda s: s,
    "capitals": str.upper,
    "no accents": _fold_accents,
    "line break inside": lambda s: s.replace(" ", "\n", 3).replace("\n", " ", 2),
}


def _deliberation(subject: str, decision: str, visas: str = "") -> str:
    return (
        "COMMUNE DE TESTVILLE\nDélibération n° 2024-031\n"
        f"Objet : {subject}\n\n"
        "Vu le code général des collectivités territoriales ;\n"
        f"{visas}"
        "Le conseil municipal, après en avoir délibéré,\n"
        f"DÉCIDE {decision}.\n\nAdopté à l'unanimité.\n"
    )


def _record(text: str) -> Deliberation:
    (x,) = list(extract_records(text, Source(file="t.txt", sha256="0" * 64)))
    return x.record


def _tags(text: str) -> set[str]:
    return {t.tag for t in _record(text).topics}


@pytest.mark.parametrize(
    ("sub", "where", "surface"),
    list(itertools.product(sorted(POSITIVES), ("subject", "decision"), sorted(SURFACES))),
)
def test_each_sub_tag_in_subject_or_decision_whatever_the_surface(
    sub: str, where: str, surface: str
) -> None:
    phrase = SURFACES[surface](POSITIVES[sub])
    if where == "subject":
        text = _deliberation(f"Soutien à {phrase}", "d'approuver le projet")
    else:
        text = _deliberation("Convention de partenariat 2024", f"d'approuver {phrase}")
    assert {"digital_inclusion", f"digital_inclusion.{sub}"} <= _tags(text)


@pytest.mark.parametrize("sub", sorted(POSITIVES))
def test_a_mention_in_the_visas_does_not_tag(sub: str) -> None:
    visa = f"Vu la délibération du 3 mars 2021 relative à {POSITIVES[sub]} ;\n"
    text = _deliberation("Travaux de réfection de la toiture de l'église", "d'approuver", visa)
    assert _tags(text) == set()


@pytest.mark.parametrize("subject", NEAR_MISSES)
def test_near_misses_are_not_digital_inclusion(subject: str) -> None:
    assert (
        _tags(_deliberation(subject, "d'approuver la convention et d'autoriser le maire")) == set()
    )


def test_an_excluded_matter_with_an_inclusion_aim_is_tagged() -> None:
    # the subject is tablets for a school, the decision states the aim: illectronisme
    text = _deliberation(
        "Achat de tablettes numériques",
        "d'acquérir 20 tablettes prêtées aux familles pour lutter contre l'illectronisme",
    )
    assert "digital_inclusion" in _tags(text)


def test_evidence_and_span_point_at_the_words() -> None:
    text = _deliberation("Soutien aux conseillers numériques France Services", "d'approuver")
    r = _record(text)
    (family,) = [t for t in r.topics if t.tag == "digital_inclusion"]
    assert (
        family.evidence == "conseillers numériques France Services" and family.score == 0.6
    )  # 3 / (3 + 2)
    span = r.spans["topics.digital_inclusion.advisors"]
    assert text[span.start : span.end] == "conseillers numériques France Services"


def test_vocabulary_is_data_with_definitions() -> None:
    voc = vocabulary()
    subs = voc.families["digital_inclusion"]
    assert {f"digital_inclusion.{s}" for s in POSITIVES} == set(subs)
    assert all(voc.definitions[t] for t in [*subs, "digital_inclusion"])


def test_tag_text_doctest_forms() -> None:
    assert tag_text("Déploiement de la fibre optique", "") == []


def test_precision_and_recall_on_labelled_decisions() -> None:
    """The three labelled sets together (388 decisions, three readers who did not see the
    rules): README "Topics" gives the figures, and each set's first measurement
    (`python -m benchmarks.topics`)."""
    s = scores()["union"]["family"]
    assert s.tp + s.fp + s.fn + s.tn >= 380
    assert s.precision >= 0.95, s.errors
    assert s.recall >= 0.90, s.errors


def test_a_building_s_upkeep_or_a_business_aid_is_not_digital_inclusion() -> None:
    roof = _deliberation("Maison France Services – réfection de la toiture", "d'approuver")
    shops = _deliberation(
        "Chèque numérique pour les commerçants", "d'aider la digitalisation des commerces"
    )
    assert _tags(roof) == set() and _tags(shops) == set()
    # the same building when the decision states the aim: tagged
    aim = _deliberation(
        "Maison France Services – réfection de la toiture",
        "d'approuver les travaux de la Maison France Services qui accompagne les publics "
        "éloignés du numérique",
    )
    assert "digital_inclusion" in _tags(aim)


def test_extract_prints_only_the_records_of_a_topic() -> None:
    import json

    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import ROOT

    r = CliRunner().invoke(
        main, ["extract", str(ROOT / "data" / "raw"), "--topic", "digital_inclusion.advisors"]
    )
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in r.output.splitlines() if line.startswith("{")]
    assert records and all(
        "digital_inclusion.advisors" in {t["tag"] for t in x["topics"]} for x in records
    )
    # the sample's Côtes-d'Armor grants for conseillers numériques are among them
    assert any(x["reference"] == "CP-2024-03-041" for x in records)
