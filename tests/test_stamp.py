"""The prefecture stamp (ACTES) and publication notes: every form met, the identifier parsed
and checked, OCR damage repaired only when certain, a stamp never the session date."""

from __future__ import annotations

import pytest

from extractors import extract_records
from extractors.stamp import luhn_ok, printed_siren, read_stamp
from schemas.records import Source

FIELDS = (
    "actes_id",
    "siren",
    "act_date",
    "act_number",
    "nature",
    "sent",
    "received",
    "published",
    "posted",
    "executory",
)

# each form of the issue, with what a reader finds in it
FORMS = {
    "envoye_recu_publie_id": (
        "Envoyé en préfecture le 16/02/2023\nReçu en préfecture le 16/02/2023\nPublié le\n"
        "ID : 093-229300082-20230126-2023_01_26_006-DE",
        {"actes_id": "093-229300082-20230126-2023_01_26_006-DE", "siren": "229300082",
         "act_date": "2023-01-26", "act_number": "2023_01_26_006", "nature": "DE",
         "sent": "2023-02-16", "received": "2023-02-16"},
    ),
    "id_label": (
        "ID : 022-200067981-20230207-DELBU2023_02_12-DE",
        {"actes_id": "022-200067981-20230207-DELBU2023_02_12-DE", "siren": "200067981",
         "act_date": "2023-02-07", "act_number": "DELBU2023_02_12", "nature": "DE"},
    ),
    "accuse_teletransmission": (
        "Accusé de réception en préfecture 068-200073963-20230110-2023-10-01-3-DE "
        "Date de télétransmission : 12/01/2023 Date de réception préfecture : 12/01/2023",
        {"actes_id": "068-200073963-20230110-2023-10-01-3-DE", "siren": "200073963",
         "act_date": "2023-01-10", "act_number": "2023-10-01-3", "nature": "DE",
         "sent": "2023-01-12", "received": "2023-01-12"},
    ),
    "ar_prefecture_spaces_in_number": (
        "AR Prefecture\n082-218200798-20230206-D13 2023 02 06-DE\nReçu le 08/02/2023\nPublié le 08/02/2023",
        {"actes_id": "082-218200798-20230206-D13 2023 02 06-DE", "siren": "218200798",
         "act_date": "2023-02-06", "act_number": "D13 2023 02 06", "nature": "DE",
         "received": "2023-02-08", "published": "2023-02-08"},
    ),
    "rendu_executoire_affiche": (
        "Rendu exécutoire le 3 mars 2022\nAffiché le 4 mars 2022",
        {"executory": "2022-03-03", "posted": "2022-03-04"},
    ),
    "mis_en_ligne": ("Mis en ligne le 05/07/2021", {"published": "2021-07-05"}),
    "affichee_et_mise_en_ligne": (
        "La présente délibération a été affichée et mise en ligne le 28 juillet 2026",
        {"posted": "2026-07-28", "published": "2026-07-28"},
    ),
    "certifie_executoire_transmission_publication": (
        "Certifié exécutoire compte tenu de la transmission en préfecture le 12/03/2024 "
        "et de la publication le 13/03/2024",
        {"sent": "2024-03-12", "published": "2024-03-13"},
    ),
    "visa_prefecture": ("Visa de la préfecture le 21 avril 2021", {"received": "2021-04-21"}),
    "nature_arrete": (
        "ID : 038-213800857-20260108-008PM_2026-AI",
        {"actes_id": "038-213800857-20260108-008PM_2026-AI", "siren": "213800857",
         "act_date": "2026-01-08", "act_number": "008PM_2026", "nature": "AI"},
    ),
    "upper_no_accent": (
        "ENVOYE EN PREFECTURE LE 02/05/2022 RECU EN PREFECTURE LE 03/05/2022",
        {"sent": "2022-05-02", "received": "2022-05-03"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("text,expected", FORMS.values(), ids=FORMS.keys())
def test_stamp_forms(text: str, expected: dict[str, str]) -> None:
    t = read_stamp(text).transmission
    got = {f: getattr(t, f) for f in FIELDS if getattr(t, f) is not None}
    assert got == expected


def test_siren_checksum() -> None:
    assert luhn_ok("200067981") and luhn_ok("229300082") and not luhn_ok("200067982")
    st = read_stamp("ID : 022-200067982-20230207-DELBU2023_02_12-DE")
    assert st.transmission.siren is None and "checksum" in st.notes[0]


def test_printed_siret() -> None:
    assert printed_siren("Mairie de X - Siret : 21850014800075") is not None
    got = printed_siren("SIRET : 218 500 148 00075")
    assert got is not None and got[0] == "218500148"
    assert printed_siren("Siret : 21850014800076") is None  # checksum


@pytest.mark.parametrize(
    "text,field,expected,note",
    [
        # a day split by OCR and a year misread: the act date bounds the repair
        (
            "ID : 030-213001456-20230220-2023_12-DE Affiché le 2 7 FEV. 2073",
            "posted",
            "2023-02-27",
            "read as",
        ),
        # "/" read as "1": 21/12/2022 printed 21/1212022
        (
            "ID : 030-213001456-20221213-2022_86-DE Reçu le 21/1212022",
            "received",
            "2022-12-21",
            "read as",
        ),
        # a month that no reading can give: null, and a note that quotes the text
        (
            "ID : 030-213001456-20230206-2023_12-DE Publié le 13 Fi. 2079",
            "published",
            None,
            "13 Fi. 2079",
        ),
        # no act date to bound it: a damaged year is not guessed
        ("Reçu en préfecture le 14/03/2073", "received", None, "14/03/2073"),
    ],
)
def test_ocr_damage_is_repaired_only_when_certain(
    text: str, field: str, expected: str | None, note: str
) -> None:
    st = read_stamp(text)
    assert getattr(st.transmission, field) == expected
    assert any(note in n for n in st.notes), st.notes


def test_a_stamp_is_never_the_session_date_and_is_read_once() -> None:
    stamp = "Envoyé en préfecture le 16/02/2023\nReçu en préfecture le 16/02/2023\nID : 093-229300082-20230126-2023_01_26_006-DE\n"
    text = (
        stamp
        + "COMMISSION PERMANENTE DU CONSEIL DÉPARTEMENTAL\nSéance du 26 janvier 2023\n"
        + "Délibération n° 01-02\nObjet : Convention de mise à disposition\n"
        + "La commission permanente, après en avoir délibéré, approuve la convention.\n"
        + "Adopté à l'unanimité.\n"
        + stamp  # printed again on the second page
    )
    (x,) = list(extract_records(text, Source(file="x.txt", sha256="0" * 64)))
    r = x.record
    assert r.session.date == "2023-01-26"
    assert r.transmission is not None and r.transmission.sent == "2023-02-16"
    assert r.authority.siren == "229300082"
    assert x.stamp_notes == []
    span = r.spans["transmission.sent"]
    assert text[span.start : span.end] == "16/02/2023"
