"""Topics of a deliberation, with the words that justify each (contract v2 `topics`).

The vocabulary is data (`schemas/data/topics.toml`): each tag's signals, weak signals, the
family's excluded matters and the wordings that state its aim. An item is read in zones
(its subject, its decision, its beneficiaries, its body, its visas), each with a weight;
each distinct wording found counts once, at the weight of the best zone it is found in
(a weak signal counts half); a tag is given when its score reaches the threshold, so a
passing mention in the visas never tags a deliberation. The family tag (`digital_inclusion`)
is given with any of its sub-tags, scored by the best of them.

An item whose subject names an excluded matter (fibre, the administration's software, a
school's digital equipment...) and none of the family's signals gets no tag, unless its
subject or decision states the aim of people's inclusion ("fracture numérique",
"illectronisme"...).

>>> [t.tag for t in tag_text("Attribution d'une subvention pour la médiation numérique", "")]
['digital_inclusion', 'digital_inclusion.mediation']
>>> tag_text("Déploiement de la fibre optique : convention avec le département", "")
[]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from extractors.common import folded
from extractors.lexicon import Lexicon
from schemas.records import Topic

#: zone names, in the order a tie is broken (the first wins)
ZONES = ("subject", "decision", "beneficiaries", "body", "visas")


@dataclass(frozen=True)
class Vocabulary:
    version: str
    threshold: float
    zones: dict[str, float]
    #: family -> its sub-tags' full names
    families: dict[str, list[str]]
    definitions: dict[str, str]
    #: the wordings that name: roles are "signal:TAG", "weak:TAG", "exclude:FAMILY",
    #: "not_for:FAMILY" (whom a decision serves when it is not people), "not_about:FAMILY"
    #: (a building's upkeep)
    lexicon: Lexicon
    #: the wordings that state a family's aim: roles "aim:FAMILY" (apart: an aim may also
    #: be a signal, and one wording found has one role in a lexicon)
    aims: Lexicon


@cache
def vocabulary() -> Vocabulary:
    text = files("schemas").joinpath("data/topics.toml").read_text(encoding="utf-8")
    return _vocabulary(tomllib.loads(text))


def _vocabulary(data: dict[str, Any]) -> Vocabulary:
    roles: dict[str, list[str]] = {}
    aims: dict[str, list[str]] = {}
    families: dict[str, list[str]] = {}
    definitions: dict[str, str] = {}
    for family, spec in data.items():
        if not isinstance(spec, dict) or family == "zones":
            continue
        definitions[family] = spec.get("definition", "")
        roles[f"exclude:{family}"] = spec.get("excludes", [])
        roles[f"not_for:{family}"] = spec.get("not_for", [])
        roles[f"not_about:{family}"] = spec.get("not_about", [])
        aims[f"aim:{family}"] = spec.get("aims", [])
        families[family] = []
        for sub, sub_spec in spec.items():
            if not isinstance(sub_spec, dict):
                continue
            tag = f"{family}.{sub}"
            families[family].append(tag)
            definitions[tag] = sub_spec.get("definition", "")
            roles[f"signal:{tag}"] = sub_spec.get("signals", [])
            roles[f"weak:{tag}"] = sub_spec.get("weak", [])
    return Vocabulary(
        version=str(data.get("version", "")),
        threshold=float(data["threshold"]),
        zones={z: float(w) for z, w in data["zones"].items()},
        families=families,
        definitions=definitions,
        lexicon=Lexicon("topics", roles),
        aims=Lexicon("topics:aims", aims),
    )


@dataclass(frozen=True)
class Hit:
    """A wording found in a zone: `start`/`end` are offsets in that zone's text."""

    role: str
    zone: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Tagged:
    topic: Topic
    #: the hit that weighed most, to point the evidence span at
    best: Hit


def hits(zones: dict[str, str]) -> list[Hit]:
    """Every wording of the vocabulary found in each zone's text."""
    voc = vocabulary()
    out: list[Hit] = []
    for zone in ZONES:
        text = zones.get(zone) or ""
        if not text:
            continue
        low = folded(text)
        for lex in (voc.lexicon, voc.aims):
            for m in lex.find(low):
                out.append(Hit(m.role, zone, m.start, m.end, _squash(text[m.start : m.end])))
    return out


def tag(zones: dict[str, str]) -> list[Tagged]:
    """The tags of an item read in zones ("subject", "decision", "beneficiaries", "body",
    "visas"), families first, each with its score and evidence.

    A sub-tag is given when its own score reaches the threshold. The family is given when
    the scores of its sub-tags together reach it: independent statements of the same aim
    ("un espace France Services" and "des permanences d'accompagnement au numérique" in the
    reasons of a decision) agree; with the family, each sub-tag scoring half the threshold
    is given too, so that the family always comes with what it is about."""
    voc = vocabulary()
    found = hits(zones)
    out: list[Tagged] = []
    for family, subs in voc.families.items():
        if _excluded(family, found, subs):
            continue
        scored = [t for t in (_score(voc, sub, found) for sub in subs) if t is not None]
        raw = {t.topic.tag: t.topic.score or 0.0 for t in scored}
        total = round(sum(raw.values()), 2)
        if total < voc.threshold:
            continue
        tagged = [t for t in scored if raw[t.topic.tag] >= voc.threshold / 2]
        best = max(tagged or scored, key=lambda t: raw[t.topic.tag])
        evidence = "; ".join(dict.fromkeys(t.topic.evidence for t in tagged or scored))
        out.append(Tagged(Topic(tag=family, score=confidence(total), evidence=evidence), best.best))
        for t in sorted(tagged, key=lambda t: t.topic.tag):
            topic = Topic(
                tag=t.topic.tag, score=confidence(raw[t.topic.tag]), evidence=t.topic.evidence
            )
            out.append(Tagged(topic, t.best))
    return out


def confidence(raw: float) -> float:
    """The contract's score in [0, 1] from the weighted sum: raw / (raw + threshold), so
    that a tag at the threshold scores 0.5, and twice the threshold 0.67."""
    return round(raw / (raw + vocabulary().threshold), 3)


def tag_text(subject: str, text: str) -> list[Topic]:
    """Tags of a subject and an item's text (the decision found in it), for quick use."""
    from extractors.matiere import decision_text

    return [t.topic for t in tag({"subject": subject, "decision": decision_text(text)})]


def _score(voc: Vocabulary, sub: str, found: list[Hit]) -> Tagged | None:
    """A sub-tag's score: each distinct wording once, at its best zone's weight (None when
    nothing of it is found)."""
    best: dict[str, tuple[float, Hit]] = {}
    for h in found:
        kind, _, tag_ = h.role.partition(":")
        if tag_ != sub or kind not in ("signal", "weak"):
            continue
        weight = voc.zones[h.zone] * (1.0 if kind == "signal" else 0.5)
        key = re.sub(
            r"[sx](?=\b)", "", folded(h.text).lower()
        )  # "pass numériques" = "Pass numérique"
        if key not in best or weight > best[key][0]:
            best[key] = (weight, h)
    score = round(sum(w for w, _ in best.values()), 2)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda wh: (-wh[0], ZONES.index(wh[1].zone)))
    evidence = ", ".join(dict.fromkeys(h.text for _, h in ranked[:4]))
    return Tagged(Topic(tag=sub, score=score, evidence=evidence), ranked[0][1])


def _excluded(family: str, found: list[Hit], subs: list[str]) -> bool:
    """The subject names an excluded matter and none of the family's signals, and neither
    an aim of the family nor one of its signals is stated in the decision (nor an aim in
    the subject); or the subject or decision names whom it serves and it is not people
    (`not_for`: businesses), or the subject names the upkeep of a building (`not_about`),
    with no aim of the family stated."""
    aim_stated = any(h.role == f"aim:{family}" and h.zone in ("subject", "decision") for h in found)
    if not aim_stated and any(
        (h.role == f"not_for:{family}" and h.zone in ("subject", "decision"))
        or (h.role == f"not_about:{family}" and h.zone == "subject")
        for h in found
    ):
        return True
    in_subject = {h.role for h in found if h.zone == "subject"}
    if f"exclude:{family}" not in in_subject:
        return False
    if any(f"signal:{s}" in in_subject for s in subs):
        return False
    lifting = {f"aim:{family}"} | {f"signal:{s}" for s in subs}
    return not any(
        (h.role in lifting and h.zone == "decision")
        or (h.role == f"aim:{family}" and h.zone == "subject")
        for h in found
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_VISA = re.compile(r"(?im)^[ \t]*(?:vu|vus)\b[^\n]*")
_VISA_FLAT = re.compile(
    r"(?i)(?<![a-z])vu\s+(?:le|la|les|l'|l’)\s[^;]{0,300}?(?=;|\bvu\b|\bconsid|\bdecide|$)"
)


def visa_spans(text: str) -> list[tuple[int, int]]:
    """Where the visas ("Vu le code ...") of an item are: lines that begin with "Vu", or,
    in text whose lines were lost, each "Vu le/la/les ..." up to its semicolon."""
    spans = [(m.start(), m.end()) for m in _VISA.finditer(text)]
    if spans:
        return spans
    return [(m.start(), m.end()) for m in _VISA_FLAT.finditer(folded(text))]
