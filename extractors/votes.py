"""The vote: counts in figures or words, blanks, unanimity, majority, outcome, who voted what.

Every wording is in `lexicon/votes.toml`. Forms read:

- a label and its count: "Pour : 12", "Contre : 0 voix", "Abstention(s) :" (printed empty:
  not given, never 0), "Ne prend pas part au vote : 1";
- a count and its label: "12 voix pour", "22 pour, 2 contre", "VINGT-DEUX voix POUR",
  "par douze voix pour et une voix contre", "3 abstentions";
- a table of labels then figures: "Votants | Pour | Contre | Abstention(s)" over
  "| 23 | 21 | 1 | 1 |" (Markdown, tab-separated, or flattened to one line);
- group votes: "POUR : groupes Socialistes … (58)";
- named voters: "Contre : 3 (M. CLÉMENT, Mme PERRIN)", "Abstention(s) de : Mme GUÉRIN",
  "ont voté contre : Mme BOUZID", a member voting through the one holding his proxy
  ("M. X, représenté par M. Y" or "Mme Y use du pouvoir de Mme X") -> `vote.ballots`.

The record's vote is the last statement of its text that gives counts or an outcome
(minutes put the vote at the end of each item).

>>> v = extract_vote("Par 52 « Pour », 0 « Contre », 0 « Abstention »", Evidence())
>>> (v.for_, v.against, v.abstention)
(52, 0, 0)
>>> v = extract_vote("VOTE : Pour : 28 Contre : Abstention :", Evidence())
>>> (v.for_, v.against, v.abstention)
(28, None, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.common import Evidence, folded
from extractors.dates import WORDS_RE, words_to_int
from extractors.lexicon import Lexicon, Match
from extractors.people import read_list
from extractors.rollcall import read_tables
from schemas.records import Ballot, GroupVote, Vote
from schemas.vocab import Outcome

POSITIONS = ("for", "against", "abstention", "not_voting")
#: a count: digits, or a number in words ("VINGT-DEUX", "une")
_COUNT = rf"(?:\d{{1,3}}|{WORDS_RE}|une?)"
_AFTER_LABEL = re.compile(
    rf"(?:\((?:e|s|es)\))*\s*(?:«\s*)?(?:»\s*)?[:=]?\s*(?:(?P<n>{_COUNT})|\(\s*(?P<p>\d{{1,3}})\s*\))?(?:\s*(?:voix|votes?|»))?(?![\w/])"
)
_BEFORE_LABEL = re.compile(
    rf"(?<![\d,.])(?P<n>{_COUNT})\s*(?:«\s*)?(?:voix|votes?|membres?)?\s*(?:«\s*)?$"
)
# "POUR : groupes Socialistes ... (58)"
GROUP = re.compile(
    r"(?<![\w])(?P<label>POUR|CONTRE|ABSTENTIONS?|NE\s+PREND\s+PAS\s+PART)\s*:\s*"
    r"(?P<who>(?=[^()\n]*[a-z])[^()\n\d]{3,250}?)\s*\((?P<n>\d+)\)",
)
CLUSTER_GAP = 160
_LABEL_COLON = re.compile(r"(?:pour|contre|abstentions?|votants|exprimes)\s*(?:\(s\))?\s*[:=]\s*$")
_CELL = re.compile(r"[\s|\t;]*(\d{1,3})(?!\d)")


@dataclass
class _Statement:
    """One piece of a vote: a position and its count, an outcome word, or a group vote."""

    kind: str  # a position, "unanimous", "majority", "adopted", "rejected", "tie", "voters"
    start: int
    end: int
    count: int | None = None
    blank: bool = False  # a label printed with no count
    ballots: list[Ballot] = field(default_factory=list)


def extract_vote(text: str, ev: Evidence, low: str | None = None) -> Vote:
    """The vote of one deliberation's text (its last statement of a vote)."""
    low = folded(text) if low is None else low
    vote = Vote()
    groups = _groups(text)
    statements = _statements(text, low)
    if groups:
        for g, m in groups:
            vote.groups.append(g)
            ev.add_match(f"vote.groups[{len(vote.groups) - 1}]", m)
        statements += [_Statement(g.position, m.start(), m.end(), g.count) for g, m in groups]
        statements.sort(key=lambda s: s.start)
    cluster = _last_cluster(statements)
    if not cluster:
        return vote
    counts: dict[str, _Statement] = {}
    for s in cluster:
        if s.kind in POSITIONS:
            known = counts.get(s.kind)
            if known is None or (known.count is None and s.count is not None):
                counts[s.kind] = s
    if groups:  # group counts add up per position
        for pos in POSITIONS:
            gs = [(g, m) for g, m in groups if g.position == pos and g.count is not None]
            if gs:
                total = sum(g.count or 0 for g, _ in gs)
                counts[pos] = _Statement(pos, gs[0][1].start(), gs[-1][1].end(), total)
    for pos, s in counts.items():
        setattr(vote, "for_" if pos == "for" else pos, s.count)
        if s.end:
            ev.add(f"vote.{pos}", s.start, s.end)
        for b in s.ballots:
            vote.ballots.append(b)
    kinds = {s.kind: s for s in cluster}
    for s in cluster:
        if s.kind in ("named_for", "named_against", "named_abstention"):
            vote.ballots.extend(b for b in s.ballots if not _has_ballot(vote, b))
    if "unanimous_count" in kinds and "unanimous" in kinds and vote.for_ is None:
        vote.for_ = kinds["unanimous_count"].count
        ev.add("vote.for", kinds["unanimous_count"].start, kinds["unanimous_count"].end)
    if "unanimous" in kinds:
        vote.unanimous = True
        ev.add("vote.unanimous", kinds["unanimous"].start, kinds["unanimous"].end)
    elif "majority" in kinds or (vote.against or 0) > 0:
        vote.unanimous = False
        if "majority" in kinds:
            ev.add("vote.unanimous", kinds["majority"].start, kinds["majority"].end)
    vote.outcome = _outcome(vote, kinds, ev)
    if not vote.ballots:
        _table_ballots(text, vote, ev)
    return vote


def _table_ballots(text: str, vote: Vote, ev: Evidence) -> None:
    """Ballots from a roll-call table's vote column (`extractors.rollcall`); a member
    represented votes by proxy."""
    for table in read_tables(text):
        if "vote" not in table.columns:
            continue
        for row in table.rows:
            if row.vote is None or row.status == "absent":
                continue
            vote.ballots.append(
                Ballot(
                    person=row.person,
                    position=row.vote,
                    by_proxy=row.status == "represented" or None,
                )
            )
            ev.add(f"vote.ballots[{len(vote.ballots) - 1}]", row.start, row.end)


def _has_ballot(vote: Vote, b: Ballot) -> bool:
    return any(
        x.person.last_name == b.person.last_name and x.position == b.position for x in vote.ballots
    )


def _outcome(vote: Vote, kinds: dict[str, _Statement], ev: Evidence) -> Outcome:
    if "tie" in kinds:
        ev.add("vote.outcome", kinds["tie"].start, kinds["tie"].end)
        return "unknown"
    if "rejected" in kinds:
        ev.add("vote.outcome", kinds["rejected"].start, kinds["rejected"].end)
        return "rejected"
    if vote.for_ is not None and vote.against is not None and vote.against > vote.for_:
        return "rejected"
    for word in ("adopted", "unanimous", "majority"):
        if word in kinds:
            ev.add("vote.outcome", kinds[word].start, kinds[word].end)
            return "adopted"
    if vote.for_ is not None and vote.for_ > (vote.against or 0):
        return "adopted"
    return "unknown"


# --- statements --------------------------------------------------------------------------


def _statements(text: str, low: str) -> list[_Statement]:
    lex = Lexicon.of("votes")
    found = lex.find(low)
    out: list[_Statement] = []
    tables = _tables(low, found)
    taken = [(s.start, s.end) for s in tables]
    out += tables
    for i, m in enumerate(found):
        if any(a <= m.start < b for a, b in taken):
            continue
        if m.role in POSITIONS:
            s = _position(text, low, m, found[i + 1] if i + 1 < len(found) else None)
            if s is not None:
                out.append(s)
        elif m.role in ("named_for", "named_against", "named_abstention"):
            pos = {
                "named_for": "for",
                "named_against": "against",
                "named_abstention": "abstention",
            }[m.role]
            ballots = _named(text, m.end, pos)
            if ballots:
                out.append(_Statement(m.role, m.start, m.end, None, False, ballots))
        elif m.role in ("unanimous", "majority", "adopted", "rejected", "tie"):
            if (
                m.role == "majority"
                and not low.startswith(("a la", "à la"), m.start)
                and m.wording == "majorite"
            ):
                continue  # "la majorité des membres en exercice": not a vote
            out.append(_Statement(m.role, m.start, m.end))
        elif m.role == "unanimous_count" and m.n is not None:
            if not re.match(r"\s*(?:pour|contre)", low[m.end : m.end + 8]):
                out.append(_Statement("unanimous_count", m.start, m.end, m.n))
        elif m.role == "voters":
            num = _AFTER_LABEL.match(low, m.end)
            if num and num.group("n"):
                out.append(_Statement("voters", m.start, num.end(), _int(num.group("n"))))
    out.sort(key=lambda s: s.start)
    return out


def _position(text: str, low: str, m: Match, nxt: Match | None) -> _Statement | None:
    """A position word with its count: after it ("Pour : 12"), else before it ("12 pour",
    "DOUZE voix POUR"); a label followed by a colon and nothing is printed empty."""
    before = _BEFORE_LABEL.search(low, max(0, m.start - 40), m.start)
    after = _AFTER_LABEL.match(low, m.end)
    colon = bool(re.match(r"(?:\((?:e|s|es)\))*\s*[:=]", low[m.end : m.end + 8]))
    after_n = None
    if after and _is_count(after.group("n")):
        after_n = after.group("n")
    elif after and after.group("p"):
        after_n = after.group("p")  # "N'ont pas participé au vote (0) :", "Pour (52)"
    before_n = before.group("n") if before and _is_count(before.group("n")) else None
    if before is not None and _LABEL_COLON.search(
        low[max(0, before.start() - 20) : before.start()]
    ):
        before_n = None  # "Pour : 25 Contre :": the 25 is the count of "Pour"
    if after_n and (colon or not before_n):
        s = _Statement(m.role, m.start, after.end(), _int(after_n))  # type: ignore[union-attr]
    elif before_n and before is not None:
        # "12 voix pour", "38 Pour: Contre :" (the figure printed before its label)
        s = _Statement(m.role, before.start(), m.end, _int(before_n))
    elif colon:
        s = _Statement(m.role, m.start, m.end, None, blank=True)
    elif m.role in ("abstention",) and re.search(r"s'abstien|abstenu", m.wording):
        return None  # "M. X s'abstient": a named voter, read elsewhere
    else:
        return None
    if m.role == "for" and not colon and before is None:
        return None
    # named voters right after: "Contre : 3 (M. CLÉMENT, Mme PERRIN)"
    paren = re.match(r"\s*\(([^()]{3,400})\)", text[s.end : s.end + 420])
    if paren and s.count:
        s.ballots = _ballots(text, s.end + paren.start(1), s.end + paren.end(1), m.role)
        s.end += paren.end()
    return s


def _is_count(raw: str | None) -> bool:
    return raw is not None and _int(raw) is not None


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = re.sub(r"^(?:et\s+)+", "", raw.strip())
    if raw.isdigit():
        return int(raw)
    if raw in ("un", "une"):
        return 1
    return words_to_int(raw)


def _named(text: str, pos: int, position: str) -> list[Ballot]:
    """ "ont voté contre : MM. X et Y", "Abstention(s) de : Mme A, Mme B"."""
    m = re.match(r"\s*:?\s*", text[pos : pos + 5])
    start = pos + (m.end() if m else 0)
    stop = re.search(r"\)|\.\s|\n\s*\n", text[start : start + 300])
    end = start + (stop.start() if stop else min(300, len(text) - start))
    return _ballots(text, start, end, position)


def _ballots(text: str, start: int, end: int, position: str) -> list[Ballot]:
    entries, _stop = read_list(text, start, end)
    out: list[Ballot] = []
    for e in entries:
        by_proxy = None
        note = folded(e.note)
        if "represent" in note or "pouvoir" in note:
            by_proxy = True
        out.append(Ballot(person=e.person, position=position, by_proxy=by_proxy))
    return out


def _groups(text: str) -> list[tuple[GroupVote, re.Match[str]]]:
    out: list[tuple[GroupVote, re.Match[str]]] = []
    if "(" not in text:
        return out
    for m in GROUP.finditer(text):
        label = folded(m.group("label"))
        pos = (
            "for"
            if label.startswith("pour")
            else "against"
            if label.startswith("contre")
            else "abstention"
            if label.startswith("abst")
            else "not_voting"
        )
        out.append(
            (
                GroupVote(
                    position=pos,
                    label=re.sub(r"\s+", " ", m.group("who")).strip(),
                    count=int(m.group("n")),
                ),
                m,
            )
        )
    return out


def _tables(low: str, found: list[Match]) -> list[_Statement]:
    """A row of labels, then a row of as many figures: "Votants | Pour | Contre |
    Abstention(s)" over "| 23 | 21 | 1 | 1 |"."""
    out: list[_Statement] = []
    labels = [m for m in found if m.role in (*POSITIONS, "voters")]
    i = 0
    while i < len(labels):
        run = [labels[i]]
        j = i + 1
        while j < len(labels) and re.fullmatch(
            r"[\s|\t:;/\-]*", low[run[-1].end : labels[j].start]
        ):
            run.append(labels[j])
            j += 1
        if len(run) >= 2:
            window = low[run[-1].end : run[-1].end + 60 + 40 * len(run)]
            # the header row may end with "(s)" and be followed by a Markdown rule row
            lead = re.match(r"(?:\((?:e|s|es)\))?[\s|\t:;\-]*", window)
            pos = lead.end() if lead else 0
            figures: list[int] = []
            while len(figures) < len(run):
                x = _CELL.match(window, pos)
                if not x:
                    break
                figures.append(int(x.group(1)))
                pos = x.end()
            if figures:
                end = run[-1].end + pos + 40 * len(figures)
                for m, n in zip(run, figures, strict=False):
                    out.append(_Statement(m.role, m.start, min(end, len(low)), n))
                i = j
                continue
        i += 1
    return out


def _agree(last: list[_Statement], counted: list[_Statement]) -> bool:
    """Counts that do not contradict a statement: no vote against or abstention when it
    says unanimity, none for when it says rejected."""
    kinds = {x.kind for x in last}
    values = {x.kind: x.count for x in counted}
    if "unanimous" in kinds and (values.get("against") or values.get("abstention")):
        return False
    return not ("rejected" in kinds and (values.get("for") or 0) > (values.get("against") or 0))


def _last_cluster(statements: list[_Statement]) -> list[_Statement]:
    """The last group of statements close to each other that gives a count or an outcome."""
    clusters: list[list[_Statement]] = []
    for s in statements:
        if clusters and s.start - clusters[-1][-1].end <= CLUSTER_GAP:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    decisive = [
        c
        for c in clusters
        if any(
            (s.kind in POSITIONS and (s.count is not None or s.blank))
            or s.kind in ("unanimous", "majority", "rejected", "tie")
            or s.kind.startswith("named_")
            for s in c
        )
    ]
    if decisive:
        last = list(decisive[-1])
        # the same vote told twice ("Par 52 « Pour », 0 « Contre »" in the decision and
        # "ADOPTÉ À L'UNANIMITÉ" in the box under it): the counts of the statement before
        # complete the last one when it gives none and they agree with it
        main = ("for", "against", "abstention")
        if not any(x.kind in main and x.count is not None for x in last):
            for c in reversed(decisive[:-1]):
                counted = [x for x in c if x.kind in main and x.count is not None]
                if counted and _agree(last, counted):
                    return sorted(last + counted, key=lambda x: x.start)
        return last
    adopted = [c for c in clusters if any(s.kind == "adopted" for s in c)]
    return adopted[-1] if adopted else []
