"""Aid schemes whose rules are known (ceilings, rates, one aid per beneficiary), as data
(`schemas/data/schemes.json`): the `scheme_ceiling` check reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Scheme:
    scheme_id: str
    name: str
    source: str
    match_any: tuple[str, ...]
    beneficiary_kinds: tuple[str, ...]
    operating_total: float | None
    operating_note: str
    investment_cap: float | None
    investment_rate: float | None
    single_aid_per_beneficiary: bool


@lru_cache(maxsize=1)
def schemes() -> tuple[Scheme, ...]:
    raw: list[dict[str, Any]] = json.loads(
        files("schemas").joinpath("data/schemes.json").read_text(encoding="utf-8")
    )
    return tuple(
        Scheme(
            scheme_id=s["scheme_id"],
            name=s["name"],
            source=s["source"],
            match_any=tuple(m.lower() for m in s["match_any"]),
            beneficiary_kinds=tuple(s["beneficiary_kinds"]),
            operating_total=(s.get("operating") or {}).get("total"),
            operating_note=(s.get("operating") or {}).get("base_note", ""),
            investment_cap=(s.get("investment") or {}).get("cap"),
            investment_rate=(s.get("investment") or {}).get("rate"),
            single_aid_per_beneficiary=bool(s.get("single_aid_per_beneficiary")),
        )
        for s in raw
    )


def scheme_of(texts: list[str]) -> Scheme | None:
    """The known scheme a deliberation grants aid under, from its subject and references."""
    blob = " ".join(t.lower() for t in texts if t)
    return next((s for s in schemes() if any(m in blob for m in s.match_any)), None)
