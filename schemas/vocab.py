"""Controlled vocabularies, defined once.

The record models (`schemas.records`), the SQL tables (`schemas.tables`) and the README
all read these tuples; the contract file `deliberation.schema.json` must agree with them
(a test checks it).
"""

from __future__ import annotations

from typing import Literal

SCHEMA_VERSION = "1"

DOC_TYPES = ("deliberation", "call_for_projects", "minutes", "other")
DocType = Literal["deliberation", "call_for_projects", "minutes", "other"]

LEVELS = ("region", "departement", "epci", "commune", "other")
Level = Literal["region", "departement", "epci", "commune", "other"]

BODIES = (
    "assemblee_pleniere",
    "commission_permanente",
    "conseil_departemental",
    "conseil_communautaire",
    "conseil_municipal",
    "bureau",
    "other",
)
Body = Literal[
    "assemblee_pleniere",
    "commission_permanente",
    "conseil_departemental",
    "conseil_communautaire",
    "conseil_municipal",
    "bureau",
    "other",
]

IMPUTATION_KINDS = ("AE", "AP", "CP", "other")
ImputationKind = Literal["AE", "AP", "CP", "other"]

OUTCOMES = ("adopted", "rejected", "unknown")
Outcome = Literal["adopted", "rejected", "unknown"]

VOTE_POSITIONS = ("for", "against", "abstention", "not_voting")
VotePosition = Literal["for", "against", "abstention", "not_voting"]

CIVILITIES = ("M.", "Mme")
Civility = Literal["M.", "Mme"]

BENEFICIARY_KINDS = (
    "region",
    "departement",
    "epci",
    "commune",
    "association",
    "company",
    "public_body",
    "other",
)
BeneficiaryKind = Literal[
    "region", "departement", "epci", "commune", "association", "company", "public_body", "other"
]

CHECKS = (
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
)
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
]

STATUSES = ("pass", "fail", "warning", "not_applicable")
Status = Literal["pass", "fail", "warning", "not_applicable"]

# Attendance roles as stored in the `attendance` table.
ATTENDANCE_ROLES = ("present", "absent", "not_voting", "secretary", "rapporteur", "chair")
AttendanceRole = Literal["present", "absent", "not_voting", "secretary", "rapporteur", "chair"]
