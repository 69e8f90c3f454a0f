"""The vote: counts in their spellings, unanimity, majority, group votes.

>>> v = extract_vote("Par 52 « Pour », 0 « Contre », 0 « Abstention »", Evidence())
>>> (v.for_, v.against, v.abstention)
(52, 0, 0)
>>> v = extract_vote("VOTE : Pour : 28 Contre : Abstention :", Evidence())
>>> (v.for_, v.against, v.abstention)
(28, None, None)
"""

from __future__ import annotations

import re

from extractors.common import Evidence, find_near, key_spans, lower, lower_rx
from schemas.records import GroupVote, Vote

_POS = {
    "pour": "for",
    "contre": "against",
    "voix contre": "against",
    "abstention": "abstention",
    "abstentions": "abstention",
    "ne prend pas part": "not_voting",
    "ne prennent pas part": "not_voting",
    "ne participe pas": "not_voting",
    "nppv": "not_voting",
}
# "Pour : 28", "Contre : 0 voix", "Abstention :" (empty), "Voix contre : 0"
LABELLED = re.compile(
    r"(?<![\w])(?P<label>Pour|Contre|Voix\s+contre|Abstentions?|Ne\s+prend\s+pas\s+part(?:\s+au\s+vote)?|NPPV)"
    r"\s*:\s*(?P<n>\d+)?(?:\s*voix)?(?![\d/])",
    re.IGNORECASE,
)
# "Par 52 « Pour »", "52 « Pour »", "38 Pour:", "10 votes pour", "2 Abstentions"
COUNTED = re.compile(
    r"(?<![\w/,.])(?:Par\s+)?(?P<n>\d{1,3})\s*(?:«\s*)?"
    r"(?:(?:votes?|voix)\s+(?P<label>pour|contre|Pour|Contre|POUR|CONTRE)"
    r"|(?P<label2>Pour|POUR|Contre|CONTRE)\b\s*(?:»|:)"
    r"|(?P<label3>[Aa]bstentions?|ABSTENTIONS?)\b"
    # "0 contre, 0 abstention, 11 pour" (minutes): lower case, not "10 pour cent", "5 pour la ..."
    r"|(?P<label4>[Pp]our|[Cc]ontre)\b(?!\s*(?:cent|100|mille|les?\b|la\b|l'|un\b|une\b|des\b|ce\b|cette\b|qu)))",
)
# "POUR : groupes Socialistes ... (58)"
GROUP = re.compile(
    r"(?<![\w])(?P<label>POUR|CONTRE|ABSTENTIONS?|NE\s+PREND\s+PAS\s+PART)\s*:\s*"
    r"(?P<who>(?=[^()\n]*[a-z])[^()\n\d]{3,250}?)\s*\((?P<n>\d+)\)",
)
UNANIMOUS = re.compile(
    r"(?<![\w])(?:à|a)\s+l'\s*unanimit[ée]|\bUNANIMIT[ÉE]\b|\bunanimement\b", re.I
)
MAJORITY = re.compile(r"(?<![\w])(?:à|a)\s+la\s+majorit[ée]", re.I)
ADOPTED = re.compile(r"\b(?:adopt[ée]e?s?|approuv[ée]e?s?|accord|valid[ée]e?)\b", re.I)
REJECTED = re.compile(r"\b(?:rejet[ée]e?s?|REJETE|repouss[ée]e?)\b", re.I)
NOT_VOTING_COUNT = re.compile(
    r"N'ont\s+pas\s+(?:particip[ée]|pris\s+part)\s+au\s+vote\s*\((?P<n>\d+)\)", re.I
)
UNANIMOUS_VOTERS = re.compile(
    r"unanimit[ée]\s+des\s+(?:votants|membres|suffrages)[^.\n]{0,30}?\bpar\s+(?P<n>\d+)\s+voix",
    re.I,
)

LABELLED_LOW = lower_rx(LABELLED)
UNANIMOUS_LOW = lower_rx(UNANIMOUS)
MAJORITY_LOW = lower_rx(MAJORITY)
ADOPTED_LOW = re.compile(r"adopt[ée]|approuv[ée]|accord|valid[ée]")
REJECTED_LOW = re.compile(r"rejet[ée]|repouss[ée]")
VOTE_KEY = re.compile(r"pour|contre|abstention|ne\s+prend|nppv")
UNANIMOUS_LOW = re.compile(r"(?:(?<=à )|(?<=a ))l'\s*unanimit[ée]|unanimit[ée]|unanimement")
MAJORITY_LOW = re.compile(r"(?<=à |a )la\s+majorit[ée]")
NEITHER_LOW = re.compile(r"ni\s+(?:approuv|adopt)[ée]e?s?,?\s+ni\s+rejet")
CLUSTER_GAP = 160
NEAR = 400


def _label(raw: str) -> str:
    key = re.sub(r"\s+", " ", raw.lower())
    key = re.sub(r"\s+au\s+vote$", "", key)
    return _POS.get(key, _POS.get(key.rstrip("s"), "for"))


def extract_vote(text: str, ev: Evidence) -> Vote:
    """The first vote statement in `text` (one deliberation's text)."""
    vote = Vote()
    low = lower(text)
    keys = key_spans(VOTE_KEY, low)
    hits: list[tuple[int, int, str, int | None]] = []
    for m in find_near(GROUP, text, keys):
        pos = _label(m.group("label"))
        vote.groups.append(
            GroupVote(
                position=pos,
                label=re.sub(r"\s+", " ", m.group("who")).strip(),
                count=int(m.group("n")),
            )
        )
        hits.append((m.start(), m.end(), pos, int(m.group("n"))))
        ev.add_match(f"vote.groups[{len(vote.groups) - 1}]", m)
    if not hits:
        labelled = [
            (m.start(), m.end(), _label(m.group("label")), _int(m.group("n")))
            for m in find_near(LABELLED_LOW, low, keys, reach=40)
        ]
        counted = [
            (
                m.start(),
                m.end(),
                _label(
                    m.group("label") or m.group("label2") or m.group("label3") or m.group("label4")
                ),
                _int(m.group("n")),
            )
            for m in find_near(COUNTED, text, keys, reach=40)
            # "Voix contre : 0 Abstentions : 4": the 0 belongs to "contre"
            if not any(lab[0] <= m.start("n") < lab[1] for lab in labelled)
        ]
        hits = sorted(labelled + counted)
    # keep the first cluster of counts (statements close together)
    cluster: dict[str, tuple[int, int, int | None]] = {}
    last_end = None
    for start, end, pos, n in hits:
        if last_end is not None and start - last_end > CLUSTER_GAP:
            break
        if pos in cluster and cluster[pos][2] is not None:
            if n is not None:
                break  # a second statement begins
            continue
        cluster[pos] = (start, end, n) if n is not None or pos not in cluster else cluster[pos]
        last_end = max(end, last_end or 0)
    for pos, (start, end, n) in cluster.items():
        attr = "for_" if pos == "for" else pos
        setattr(vote, attr, n)
        ev.add(f"vote.{pos}", start, end)
    m_voters = UNANIMOUS_VOTERS.search(text)
    if m_voters and vote.for_ is None:
        vote.for_ = int(m_voters.group("n"))
        ev.add_match("vote.for", m_voters, "n")
    m_nv = NOT_VOTING_COUNT.search(text)
    if m_nv and vote.not_voting is None:
        vote.not_voting = int(m_nv.group("n"))
        ev.add_match("vote.not_voting", m_nv, "n")

    anchor = min((c[0] for c in cluster.values()), default=0)
    u = _near(UNANIMOUS_LOW, low, anchor)
    maj = _near(MAJORITY_LOW, low, anchor)
    if cluster:
        # with counts, only a mention next to them qualifies them
        u = u if u and abs(u.start() - anchor) <= NEAR else None
        maj = maj if maj and abs(maj.start() - anchor) <= NEAR else None
    if u and (not maj or abs(u.start() - anchor) <= abs(maj.start() - anchor)):
        vote.unanimous = True
        ev.add_match("vote.unanimous", u)
    elif maj:
        vote.unanimous = False
        ev.add_match("vote.unanimous", maj)
    elif vote.for_ is not None and vote.against is not None:
        vote.unanimous = vote.against == 0 and not vote.abstention

    neither = _near(NEITHER_LOW, low, anchor)
    if neither and (not cluster or abs(neither.start() - anchor) <= NEAR):
        # "n'est ni approuvé, ni rejeté" (a tie in a secret ballot)
        ev.add_match("vote.outcome", neither)
        return vote
    rej = _near(REJECTED_LOW, low, anchor)
    if cluster and rej and abs(rej.start() - anchor) > NEAR:
        rej = None
    if rej and not u:
        vote.outcome = "rejected"
        ev.add_match("vote.outcome", rej)
    elif u or maj:
        vote.outcome = "adopted"
        ev.add_match("vote.outcome", u or maj)  # type: ignore[arg-type]
    elif vote.for_ is not None and vote.for_ != (vote.against or 0):
        vote.outcome = "adopted" if vote.for_ > (vote.against or 0) else "rejected"
    else:
        a = ADOPTED_LOW.search(low)
        if a:
            vote.outcome = "adopted"
            ev.add_match("vote.outcome", a)
    return vote


def _int(raw: str | None) -> int | None:
    return int(raw) if raw else None


def _near(rx: re.Pattern[str], text: str, anchor: int) -> re.Match[str] | None:
    """The match of `rx` closest to the vote counts (the first one when there are none)."""
    best: re.Match[str] | None = None
    for m in rx.finditer(text):
        if best is None or abs(m.start() - anchor) < abs(best.start() - anchor):
            best = m
    return best
