"""Open-data exports in the SCDL formats (schemas copied in `schemas/scdl/`).

- Délibérations 2.1.5: one row per deliberation.
- Subventions 2.1.1: one row per beneficiary whose amount the document gives.

A field the documents do not give stays empty, never invented: no SIRET is printed in the
deliberations (a SIREN from the territorial reference is 9 digits, not the 14 of a SIRET),
so COLL_SIRET, idAttribuant and idBeneficiaire stay empty, and the required fields left empty
are the only departures from the schemas (the tests check exactly that). VOTE_REEL is given
only with the three counts, as their sum (the SCDL rule).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import Engine, select

from schemas.records import Deliberation
from schemas.schemes import scheme_of
from schemas.tables import DeliberationRow, DocumentRow

DELIBERATION_FIELDS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
SUBVENTION_FIELDS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]


def _records(engine: Engine) -> list[Deliberation]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(DeliberationRow.record_json)
            .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
            .order_by(DocumentRow.path, DeliberationRow.segment_index)
        ).scalars()
        return [Deliberation.model_validate(json.loads(r)) for r in rows]


def _n(value: int | None) -> str:
    return "" if value is None else str(value)


def _reel(pour: int | None, contre: int | None, abstention: int | None) -> str:
    """VOTE_REEL = VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION, only when all three are given."""
    if pour is None or contre is None or abstention is None:
        return ""
    return str(pour + contre + abstention)


def deliberation_rows(engine: Engine) -> list[dict[str, str]]:
    out = []
    for r in _records(engine):
        if r.doc_type not in ("deliberation", "minutes"):
            continue
        v, a = r.vote, r.attendance
        out.append(
            {
                "COLL_NOM": r.authority.name or "",
                "COLL_SIRET": "",
                "DELIB_ID": r.reference or "",
                "DELIB_DATE": r.session.date or "",
                "DELIB_MATIERE_CODE": "",
                "DELIB_MATIERE_NOM": "",
                "DELIB_OBJET": r.subject or "",
                "BUDGET_ANNEE": _n(r.budget.year),
                "BUDGET_NOM": "",
                "PREF_ID": "",
                "PREF_DATE": "",
                "VOTE_EFFECTIF": _n(a.members_in_office),
                "VOTE_REEL": _reel(v.for_, v.against, v.abstention),
                "VOTE_POUR": _n(v.for_),
                "VOTE_CONTRE": _n(v.against),
                "VOTE_ABSTENTION": _n(v.abstention),
                "DELIB_URL": "",
            }
        )
    return out


def subvention_rows(engine: Engine) -> list[dict[str, str]]:
    out = []
    for r in _records(engine):
        scheme = scheme_of(
            [r.subject or "", r.theme or "", *(ref.text for ref in r.legal_references)]
        )
        for b in r.beneficiaries:
            if b.amount is None:
                continue  # the document gives no amount for it: no row, nothing shared out
            out.append(
                {
                    "nomAttribuant": r.authority.name or "",
                    "idAttribuant": "",
                    "dateConvention": "",
                    "referenceDecision": r.reference or "",
                    "nomBeneficiaire": b.name,
                    "idBeneficiaire": "",
                    "rnaBeneficiaire": "",
                    "objet": r.subject or "",
                    "montant": f"{b.amount:.2f}",
                    "nature": "aide en numéraire",
                    "conditionsVersement": "",
                    "datesPeriodeVersement": "",
                    "idRAE": "",
                    "notificationUE": "",
                    "pourcentageSubvention": "",
                    "dispositifAide": scheme.name if scheme else "",
                }
            )
    return out


def write_csv(rows: list[dict[str, str]], fields: list[str], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows)
