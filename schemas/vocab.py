"""Controlled vocabularies, defined once.

The record models (`schemas.records`), the SQL tables (`schemas.tables`) and the README
all read these tuples; the contract file `deliberation.schema.json` must agree with them
(a test checks it).
"""

from __future__ import annotations

from typing import Literal, get_args

SCHEMA_VERSION = "2"

DocType = Literal["deliberation", "call_for_projects", "minutes", "annex", "other"]

Level = Literal["region", "departement", "epci", "commune", "other"]

Body = Literal[
    "assemblee_pleniere",
    "commission_permanente",
    "conseil_departemental",
    "conseil_communautaire",
    "conseil_municipal",
    "bureau",
    "other",
]

ImputationKind = Literal["AE", "AP", "CP", "other"]

Outcome = Literal["adopted", "rejected", "unknown"]

VotePosition = Literal["for", "against", "abstention", "not_voting"]

Civility = Literal["M.", "Mme"]

BeneficiaryKind = Literal[
    "region", "departement", "epci", "commune", "association", "company", "public_body", "other"
]

CheckName = Literal[
    "phasing_total",
    "decided_total",
    "program_code",
    "vote_total",
    "present_count",
    "proxy_count",
    "proxy_holder_present",
    "proxy_giver_absent",
    "proxy_limit",
    "quorum",
    "unanimity",
    "person_unique",
    "scheme_ceiling",
    "date_consistency",
    "majority",
]

Status = Literal["pass", "fail", "warning", "not_applicable"]

ActesNature = Literal["DE", "AR", "AI", "CC", "BF", "AU"]

MatiereSource = Literal["printed", "inferred"]

# Attendance roles as stored in the `attendance` table.
AttendanceRole = Literal["present", "absent", "not_voting", "secretary", "rapporteur", "chair"]

# the same vocabularies as tuples, for SQL constraints, CLI choices and tests
DOC_TYPES: tuple[str, ...] = get_args(DocType)
LEVELS: tuple[str, ...] = get_args(Level)
BODIES: tuple[str, ...] = get_args(Body)
IMPUTATION_KINDS: tuple[str, ...] = get_args(ImputationKind)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
VOTE_POSITIONS: tuple[str, ...] = get_args(VotePosition)
CIVILITIES: tuple[str, ...] = get_args(Civility)
BENEFICIARY_KINDS: tuple[str, ...] = get_args(BeneficiaryKind)
CHECKS: tuple[str, ...] = get_args(CheckName)
STATUSES: tuple[str, ...] = get_args(Status)
ATTENDANCE_ROLES: tuple[str, ...] = get_args(AttendanceRole)


#: the SQL tables (`schemas.tables`), named here so that the command line lists them
#: without importing SQLAlchemy; a test checks they are the same
TABLE_NAMES = (
    "attendance", "beneficiaries", "corpus_pending", "deliberations", "document_paths",
    "documents", "findings", "imputations", "ingest_errors", "legal_references", "persons",
    "phasing_lines", "program_codes", "provenance_spans", "proxies", "stated_totals",
    "topics", "vote_groups",
)  # fmt: skip
