"""Open-data exports in the SCDL formats (schemas copied in `schemas/scdl/`), valid as written.

- Délibérations 2.1.5: one row per deliberation (not a call for projects, an annex, nor an
  item of minutes that records no decision).
- Subventions 2.1.1: one row per beneficiary whose amount the document gives.

Every field comes from the record or from the publisher, never invented: COLL_SIRET from a
SIRET printed on the document, else from `--coll-siret` (one authority publishing its own)
or a `--sirets` file (siren or authority name, siret); DELIB_ID from the deliberation's
number, else the ACTES act number; PREF_ID and PREF_DATE from the prefecture stamp;
DELIB_MATIERE_CODE/NOM from `matiere`. A row whose required fields are still unknown is not
written: it is listed with the fields it lacks (`Export.incomplete`). The written file is
validated against the official schema with frictionless before the export finishes; every
error is reported (`Export.errors`), structure apart from content, as Validata does.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, select

from extractors.common import fold
from extractors.stamp import luhn_ok
from schemas.records import Deliberation
from schemas.schemes import scheme_of
from schemas.tables import DeliberationRow, DocumentRow

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "scdl"
DELIBERATIONS_SCHEMA = "deliberations-2.1.5.schema.json"
SUBVENTIONS_SCHEMA = "subventions-2.1.1.schema.json"


@cache
def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def fields_of(schema: str) -> list[str]:
    return [f["name"] for f in _schema(schema)["fields"]]


def required_of(schema: str) -> list[str]:
    return [
        f["name"] for f in _schema(schema)["fields"] if f.get("constraints", {}).get("required")
    ]


DELIBERATION_FIELDS = fields_of(DELIBERATIONS_SCHEMA)
SUBVENTION_FIELDS = fields_of(SUBVENTIONS_SCHEMA)


@dataclass
class Sirets:
    """Where COLL_SIRET comes from when the document prints none."""

    #: the SIRET of the one authority publishing (`--coll-siret`)
    one: str | None = None
    #: SIREN -> SIRET, and folded authority name -> SIRET (`--sirets FILE`)
    by_siren: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, one: str | None = None, path: Path | None = None) -> Sirets:
        """`path`: CSV with a `siret` column and a `siren` or `name` column."""
        out = cls(one=one)
        if one is not None and not valid_siret(one):
            raise ValueError(f"--coll-siret {one}: not a SIRET (14 digits, checksum)")
        if path is not None:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                cols = {c.strip().lower(): c for c in reader.fieldnames or []}
                if "siret" not in cols or not ({"siren", "name", "nom"} & set(cols)):
                    raise ValueError(
                        f"{path}: needs a 'siret' column and a 'siren' or 'name' column"
                    )
                for n, row in enumerate(reader, start=2):
                    siret = re.sub(r"\s", "", row[cols["siret"]] or "")
                    if not valid_siret(siret):
                        raise ValueError(f"{path}, line {n}: {siret!r} is not a SIRET")
                    siren = re.sub(r"\s", "", row.get(cols.get("siren", ""), "") or "")
                    name = row.get(cols.get("name", cols.get("nom", "")), "") or ""
                    if siren:
                        out.by_siren[siren] = siret
                    if name:
                        out.by_name[_key(name)] = siret
        return out

    def of(self, r: Deliberation, printed: str | None) -> str:
        if printed:
            return printed
        if r.authority.siren and r.authority.siren in self.by_siren:
            return self.by_siren[r.authority.siren]
        if r.authority.name and _key(r.authority.name) in self.by_name:
            return self.by_name[_key(r.authority.name)]
        if self.one is not None and (
            r.authority.siren is None or self.one.startswith(r.authority.siren)
        ):
            return self.one
        return ""


def _key(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(name))


def valid_siret(siret: str) -> bool:
    return bool(re.fullmatch(r"\d{14}", siret)) and luhn_ok(siret) and luhn_ok(siret[:9])


_PRINTED_SIRET = re.compile(
    r"\bSIRET\s*(?:n°)?\s*:?\s*(?P<id>\d{3}\s?\d{3}\s?\d{3}\s?\d{5})\b", re.I
)


def printed_siret(text: str, siren: str | None) -> str | None:
    """A SIRET printed on the document, of the authority's SIREN when it is known."""
    for m in _PRINTED_SIRET.finditer(text):
        siret = re.sub(r"\s", "", m.group("id"))
        if valid_siret(siret) and (siren is None or siret.startswith(siren)):
            return siret
    return None


@dataclass
class Export:
    rows: list[dict[str, str]]
    fields: list[str]
    schema: str
    #: rows not written: (which deliberation, the required fields it lacks)
    incomplete: list[tuple[str, list[str]]] = field(default_factory=list)
    #: validation errors of the written file: (kind "structure" or "content", message)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _records(engine: Engine, ids: set[int] | None = None) -> list[tuple[Deliberation, str]]:
    """The records (with their document's text), all or those of the deliberation ids."""
    return [(r, text) for r, text, _ in _items(engine, ids)]


def _items(engine: Engine, ids: set[int] | None = None) -> list[tuple[Deliberation, str, str]]:
    """Records with their document's text and their own item's text."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                DeliberationRow.id,
                DeliberationRow.record_json,
                DocumentRow.text,
                DeliberationRow.segment_start,
                DeliberationRow.segment_end,
            )
            .join(DocumentRow, DocumentRow.id == DeliberationRow.document_id)
            .order_by(DocumentRow.path, DeliberationRow.segment_index)
        ).all()
        return [
            (Deliberation.model_validate(json.loads(j)), t, t[a:b])
            for i, j, t, a, b in rows
            if ids is None or i in ids
        ]


def _n(value: int | None) -> str:
    return "" if value is None else str(value)


def _reel(pour: int | None, contre: int | None, abstention: int | None) -> str:
    """VOTE_REEL = VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION, only when all three are given."""
    if pour is None or contre is None or abstention is None:
        return ""
    return str(pour + contre + abstention)


def _which(r: Deliberation) -> str:
    seg = "" if r.source.segment is None else f" #{r.source.segment + 1}"
    return f"{r.source.file}{seg} {r.reference or ''}".strip()


def is_deliberation(r: Deliberation) -> bool:
    """A deliberation to publish: not a call for projects, an annex or another act, nor an
    item of minutes that records no decision."""
    if r.doc_type == "deliberation":
        return True
    return r.doc_type == "minutes" and r.vote.outcome != "unknown"


def deliberation_export(
    engine: Engine, sirets: Sirets | None = None, ids: set[int] | None = None
) -> Export:
    sirets = sirets or Sirets()
    out = Export([], DELIBERATION_FIELDS, DELIBERATIONS_SCHEMA)
    required = required_of(DELIBERATIONS_SCHEMA)
    for r, text in _records(engine, ids):
        if not is_deliberation(r):
            continue
        v, a, t = r.vote, r.attendance, r.transmission
        row = {
            "COLL_NOM": r.authority.name or "",
            "COLL_SIRET": sirets.of(r, printed_siret(text, r.authority.siren)),
            "DELIB_ID": r.reference or (t.act_number if t and t.act_number else ""),
            "DELIB_DATE": r.session.date or "",
            "DELIB_MATIERE_CODE": r.matiere.code if r.matiere else "",
            "DELIB_MATIERE_NOM": r.matiere.label if r.matiere else "",
            "DELIB_OBJET": r.subject or "",
            "BUDGET_ANNEE": _n(r.budget.year),
            "BUDGET_NOM": "",
            "PREF_ID": (t.actes_id or "") if t else "",
            "PREF_DATE": ((t.received or t.sent or "") if t else ""),
            "VOTE_EFFECTIF": _n(a.members_in_office),
            "VOTE_REEL": _reel(v.for_, v.against, v.abstention),
            "VOTE_POUR": _n(v.for_),
            "VOTE_CONTRE": _n(v.against),
            "VOTE_ABSTENTION": _n(v.abstention),
            "DELIB_URL": "",
        }
        _keep(out, row, required, _which(r))
    return out


def subvention_export(
    engine: Engine, sirets: Sirets | None = None, ids: set[int] | None = None
) -> Export:
    """One row per beneficiary with an amount. `montant` is the decision's total before
    it is shared out (SCDL), `pourcentageSubvention` the beneficiary's share of it, both
    only when every beneficiary's amount is given. The schema also requires facts
    deliberations state only sometimes (how and when the grant is paid, whether it is a de
    minimis aid: `extractors.payment`): a row lacking one is listed, not written with a
    made-up value."""
    from extractors.payment import payment_terms

    sirets = sirets or Sirets()
    out = Export([], SUBVENTION_FIELDS, SUBVENTIONS_SCHEMA)
    required = required_of(SUBVENTIONS_SCHEMA)
    for r, text, item in _items(engine, ids):
        if not is_deliberation(r):
            continue
        scheme = scheme_of(
            [r.subject or "", r.theme or "", *(ref.text for ref in r.legal_references)]
        )
        amounts = [b.amount for b in r.beneficiaries]
        total = sum(a for a in amounts if a is not None) if None not in amounts else None
        terms = payment_terms(item)
        for b in r.beneficiaries:
            if b.amount is None:
                continue  # the document gives no amount for it: no row, nothing shared out
            share = b.amount / total if total else None
            row = {
                "nomAttribuant": r.authority.name or "",
                "idAttribuant": sirets.of(r, printed_siret(text, r.authority.siren)),
                "dateConvention": r.session.date or "",
                "referenceDecision": r.reference or "",
                "nomBeneficiaire": b.name,
                "idBeneficiaire": "",
                "rnaBeneficiaire": "",
                "objet": (r.subject or "")[:256],
                "montant": f"{total:.2f}" if total else "",
                "nature": "aide en numéraire",
                "conditionsVersement": terms.conditions or "",
                "datesPeriodeVersement": terms.period or "",
                "idRAE": "",
                "notificationUE": ""
                if terms.minimis is None
                else ("oui" if terms.minimis else "non"),
                "pourcentageSubvention": f"{share:.4f}" if share and share >= 0.01 else "",
                "dispositifAide": scheme.name if scheme else "",
            }
            _keep(out, row, required, f"{_which(r)}: {b.name}")
    return out


def _keep(out: Export, row: dict[str, str], required: list[str], which: str) -> None:
    missing = [f for f in required if not row.get(f)]
    if missing:
        out.incomplete.append((which, missing))
    else:
        out.rows.append(row)


def write_csv(rows: list[dict[str, str]], fields: list[str], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        return write_csv_to(rows, fields, fh)


def write_csv_to(rows: list[dict[str, str]], fields: list[str], fh: TextIO) -> int:
    w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return len(rows)


#: frictionless error types about the file's shape, apart from those about values
STRUCTURE = {
    "blank-label", "duplicate-label", "extra-label", "missing-label", "incorrect-label",
    "blank-row", "extra-cell", "missing-cell", "primary-key", "foreign-key", "source-error",
    "scheme-error", "format-error", "encoding-error",
}  # fmt: skip


def validate(export: Export) -> list[tuple[str, str]]:
    """Every error of the rows against the official schema: (kind, message)."""
    from frictionless import Resource, Schema

    buf = io.StringIO()
    write_csv_to(export.rows, export.fields, buf)
    schema = Schema.from_descriptor(_schema(export.schema))
    resource = Resource(data=buf.getvalue().encode("utf-8"), format="csv", schema=schema)
    report = resource.validate(limit_errors=100_000)
    errors: list[tuple[str, str]] = []
    for task in report.tasks:
        for e in task.errors:
            kind = "structure" if e.type in STRUCTURE else "content"
            where = f"row {getattr(e, 'row_number', '?')}, {getattr(e, 'field_name', '')}".rstrip(
                ", "
            )
            errors.append((kind, f"{where}: {e.type}: {e.note}"))
    errors.extend(("structure", f"{e.type}: {e.note}") for e in report.errors)
    export.errors = errors
    return errors
