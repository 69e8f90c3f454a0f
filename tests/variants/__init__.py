"""Surface-form variants of French deliberations, to test that extraction generalises.

``generate(family, seed)`` renders the same kind of facts in the many ways councils print
them (see README.md); each ``Variant`` carries a whole mini-deliberation, the facts of its
family in the format of tests/expectations/README.md, and blocks ``render_pdf`` lays out.
"""

from __future__ import annotations

from . import attendance, beneficiaries, preamble, vote
from .model import Variant
from .pdf import render_pdf

FAMILIES = {
    "attendance": attendance.generate,
    "vote": vote.generate,
    "preamble": preamble.generate,
    "beneficiaries": beneficiaries.generate,
}
MINIMUM_COUNTS = {"attendance": 40, "vote": 25, "preamble": 25, "beneficiaries": 20}


def generate(family: str, seed: int = 0) -> list[Variant]:
    """All renderings of one family ("attendance", "vote", "preamble", "beneficiaries")."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; one of {sorted(FAMILIES)}")
    return FAMILIES[family](seed)


def generate_all(seed: int = 0) -> list[Variant]:
    """The renderings of every family."""
    return [v for family in FAMILIES for v in generate(family, seed)]


__all__ = ["FAMILIES", "MINIMUM_COUNTS", "Variant", "generate", "generate_all", "render_pdf"]
