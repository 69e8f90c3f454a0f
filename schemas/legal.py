"""Quorum and proxy rules by body type and period, as data (`schemas/data/legal_rules.csv`).

Derived from ../shared/reference/legal (research notes with their sources) and the CGCT
articles they cite. A row with body type `*` is a derogation period (COVID-19) that applies
to every deliberative body and prevails over the common-law row of that body; periods are
inclusive, at day precision. Where the law leaves a point to the body's rules of procedure
(the proxy limit of a regional commission permanente), the row says so and the limit is a
setting; findings name the assumption.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib.resources import files

BODY_TYPES = (
    "conseil_regional",
    "commission_permanente_regionale",
    "conseil_departemental",
    "commission_permanente_departementale",
    "conseil_communautaire",
    "conseil_municipal",
)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    body_type: str
    start: dt.date | None
    end: dt.date | None
    quorum_fraction: Fraction
    quorum_counts: str  # "present" or "present_or_represented"
    max_proxies: int
    max_proxies_configurable: bool
    majority_rule: str
    casting_vote: str
    legal_basis: str

    def quorum_required(self, in_office: int) -> int:
        """Members needed: more than half for "majorité absolue", at least a third for "1/3"."""
        if self.quorum_fraction == Fraction(1, 2):
            return in_office // 2 + 1
        share = self.quorum_fraction * in_office
        return int(share) if share == int(share) else int(share) + 1

    def describe_quorum(self) -> str:
        share = "majorité absolue" if self.quorum_fraction == Fraction(1, 2) else "un tiers"
        who = "présents" if self.quorum_counts == "present" else "présents ou représentés"
        return f"{share} des membres en exercice {who}"


def _date(raw: str) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    text = files("schemas").joinpath("data/legal_rules.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        out.append(
            Rule(
                rule_id=row["rule_id"],
                body_type=row["body_type"],
                start=_date(row["start"]),
                end=_date(row["end"]),
                quorum_fraction=Fraction(row["quorum_fraction"]),
                quorum_counts=row["quorum_counts"],
                max_proxies=int(row["max_proxies"]),
                max_proxies_configurable=row["max_proxies_configurable"] == "yes",
                majority_rule=row["majority_rule"],
                casting_vote=row["casting_vote"],
                legal_basis=row["legal_basis"],
            )
        )
    return tuple(out)


def body_type(level: str | None, body: str | None) -> str | None:
    """The rules' body type of a deliberation, from the authority level and the body."""
    if body == "commission_permanente":
        return {
            "region": "commission_permanente_regionale",
            "departement": "commission_permanente_departementale",
        }.get(level or "")
    if body == "assemblee_pleniere":
        return {"region": "conseil_regional", "departement": "conseil_departemental"}.get(
            level or ""
        )
    return {
        "conseil_departemental": "conseil_departemental",
        "conseil_communautaire": "conseil_communautaire",
        "conseil_municipal": "conseil_municipal",
    }.get(body or "")


def rule_for(kind: str, day: dt.date) -> Rule | None:
    """The rule in force for a body type on a day: a derogation period if one covers it."""
    for rule in rules():
        if rule.body_type == "*" and rule.start and rule.end and rule.start <= day <= rule.end:
            common = next((r for r in rules() if r.body_type == kind), None)
            if common is None:
                return None
            # a derogation changes quorum and proxies; the majority rule stays the body's own
            return Rule(
                rule.rule_id,
                kind,
                rule.start,
                rule.end,
                rule.quorum_fraction,
                rule.quorum_counts,
                rule.max_proxies,
                False,
                common.majority_rule,
                common.casting_vote,
                f"{rule.legal_basis}; hors dérogation: {common.legal_basis}",
            )
    return next((r for r in rules() if r.body_type == kind), None)
