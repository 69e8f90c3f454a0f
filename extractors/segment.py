"""Split a file's text into the records it holds: the items of minutes that record a
decision, the deliberations of a collection of acts, or one deliberation.

Two kinds of evidence, both data (`lexicon/decisions.toml`, `lexicon/items.toml`):

- decision statements ("adopté à l'unanimité", "Pour : 12 Contre : 0", "le Conseil
  approuve", "n'est ni approuvé, ni rejeté"): each closes an item of minutes;
- item markers (references "DEL2020_01_01", numbers "N° 2023-001", "Dossier n°2-1 :",
  "OBJET :", "1/", "IV."): they open items.

When a family of markers opens two or more items holding decisions (the agenda's own list,
which holds none, is left aside), the items are cut at those markers and the decisions before
the first one (the previous minutes approved, the secretary appointed) are items of their
own. Minutes without such markers are cut at their decisions: an item runs from the end of
one decision statement to the end of the next. A single deliberation (an extract of the
register) is one record, whatever it restates.

The text before the first item is the session's preamble (attendance, chair, date), which
every item shares.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors.common import folded
from extractors.lexicon import LEXICONS, Lexicon


@dataclass(frozen=True)
class Segment:
    index: int
    start: int
    end: int
    #: end of the zone where the session's attendance is stated
    attendance_end: int
    #: the marker that opened it ("reference", "numero", ... or "decision")
    family: str = ""
    ref: str | None = None
    #: where the item's title starts (after its marker), when a marker opened it
    title_at: int | None = None


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    family: str
    ref: str | None = None
    num: str | None = None
    #: where the reference is printed
    ref_at: tuple[int, int] | None = None


@dataclass(frozen=True)
class Decision:
    start: int
    end: int
    strong: bool


@cache
def _families(table: str = "families") -> dict[str, re.Pattern[str]]:
    data = tomllib.loads((LEXICONS / "items.toml").read_text(encoding="utf-8"))
    return {name: re.compile(rx) for name, rx in data[table].items()}


def markers(low: str, start: int = 0, text: str | None = None) -> list[Marker]:
    """Item markers: the families of `items.toml` on the folded text, and those that need
    the printed case (`items.toml: printed`) on `text` when it is given."""
    return list(_markers(low, start, text))


@lru_cache(maxsize=32)
def _markers(low: str, start: int, text: str | None) -> tuple[Marker, ...]:
    out = []
    found = [(low, f, rx) for f, rx in _families().items()]
    if text is not None:
        found += [(text, f, rx) for f, rx in _families("printed").items()]
    for where, family, rx in found:
        for m in rx.finditer(where, start):
            gd = m.groupdict()
            num = gd.get("num")
            ref = gd.get("ref")
            out.append(
                Marker(
                    m.start(),
                    m.end(),
                    family,
                    ref,
                    num.lower() if num else None,
                    (m.start("ref"), m.end("ref")) if ref else None,
                )
            )
    out.sort(key=lambda m: (m.start, -m.end))
    return tuple(out)


_STRONG = re.compile(
    r"unanimit|majorit|ni approuve|pour\s*:|voix|votes?\s*:?\s*pour|\d\s+pour|accord|^le conseil"
)
_COUNTS_NEAR = re.compile(r"contre|abstention|voix|votes?\b|unanimit")
_SENTENCE_END = re.compile(r"[^.\n]{0,40}?(?:\.(?:\s|$)|\n)")


def decisions(low: str, start: int = 0, marks: list[Marker] | None = None) -> list[Decision]:
    """Decision statements (outcomes) after `start`, merged when they follow each other
    closely with no item marker between them."""
    return list(_decisions(low, start, tuple(markers(low) if marks is None else marks)))


@lru_cache(maxsize=32)
def _decisions(low: str, start: int, marks: tuple[Marker, ...]) -> tuple[Decision, ...]:
    mark_starts = [m.start for m in marks]
    lex = Lexicon.of("decisions")
    found = []
    for m in lex.find(low, start):
        if m.role != "outcome":
            continue
        strong = bool(_STRONG.search(m.wording))
        if not strong and not (
            _SENTENCE_END.match(low, m.end) or _title_before(low, m.end, m.end + 80) is not None
        ):
            continue  # "le budget adopté le 12 avril ...": not a decision
        if re.fullmatch(r"\d+\s+pour", m.wording) and not _COUNTS_NEAR.search(
            low, max(0, m.start - 60), m.end + 60
        ):
            continue  # "10 pour erreur": not a vote
        end = _statement_end(low, m.end)
        i = bisect_left(mark_starts, m.end)
        if i < len(mark_starts) and mark_starts[i] < end:
            end = mark_starts[i]  # the next item's marker ends the statement
        found.append(Decision(m.start, end, strong))
    merged: list[Decision] = []
    for d in found:
        if (
            merged
            and d.start - merged[-1].end < 120
            and not _any_between(mark_starts, merged[-1].end, d.start)
        ):
            last = merged[-1]
            merged[-1] = Decision(last.start, max(last.end, d.end), last.strong or d.strong)
        else:
            merged.append(d)
    return tuple(merged)


def _any_between(sorted_starts: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(sorted_starts, lo)
    return i < len(sorted_starts) and sorted_starts[i] < hi


_STOP = re.compile(r"[.\n]")


def _statement_end(low: str, pos: int) -> int:
    """The end of the sentence (or vote box) holding a decision."""
    m = _STOP.search(low, pos, pos + 40)
    end = m.end() if m else pos
    # a vote box continues: "Pour : 12 Contre : 0 Abstention : 0"
    box = re.compile(
        r"\s*(?:contre|abstentions?|pour|ne prend(?:nent)? pas part)\s*:?\s*\d*"
    ).match(low, end)
    while box and box.end() > end:
        end = box.end()
        box = re.compile(r"\s*(?:contre|abstentions?|pour)\s*:?\s*\d*").match(low, end)
    return min(end, len(low))


_RULE = re.compile(r"(?m)^[ \t]*[=\-_*#~]{10,}[ \t]*$")


def parts(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """The documents a file holds, end to end: cut at separator rules ("=========") and
    where a document's heading ("Extrait du registre des délibérations") comes again after
    a decision. Most files are one part."""
    low = folded(text) if low is None else low
    n = len(text)
    cuts = [m.start() for m in _RULE.finditer(text)]
    decs = decisions(low, 0, markers(low, 0, text))
    starts = Lexicon.of("decisions").finditer("document_start", low)
    last = 0
    for m in starts:
        if m.start - last < 400:
            continue
        if any(last <= d.start < m.start for d in decs):
            cuts.append(m.start)
            last = m.start
    bounds = sorted({0, *cuts, n})
    out = [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]
    # a part that is only a separator and a dataset's note is kept with the next one
    return [p for p in out if len(text[p[0] : p[1]].strip()) > 80] or [(0, n)]


def is_minutes(low: str) -> bool:
    """Whether the document says it is minutes ("procès-verbal", "compte rendu"...) in its
    first lines; "Extrait du procès-verbal" is the extract of one deliberation, not minutes."""
    lex = Lexicon.of("decisions")
    head = low[:1500]
    return any(
        not re.search(r"extraits?\s+(?:du|des|de\s+la)\s+$", head[max(0, m.start - 16) : m.start])
        for m in lex.finditer("minutes", head)
    )


def split(text: str, low: str | None = None) -> list[Segment]:
    low = folded(text) if low is None else low
    n = len(text)
    marks = markers(low, 0, text)
    decs = decisions(low, 0, marks)
    chosen = _item_markers(low, marks, decs)
    minutes = is_minutes(low)
    if chosen:
        starts = [m.start for m in chosen]
        first = starts[0]
        # decisions before the first marked item (previous minutes, secretary): items too
        pre = [d for d in decs if d.end <= first and d.strong]
        pre_starts = (
            _decision_items(text, low, pre, _preamble_end(low, pre, first)) if minutes else []
        )
        # minutes whose marked item records several decisions (one per association it
        # subsidises): each decision is a deliberation, cut after the one before it
        inner = _inner_items(text, low, starts, [d for d in decs if d.strong], n) if minutes else []
        all_starts = sorted(set(pre_starts + starts + inner))
        refs = {m.start: m for m in chosen}
        bounds = [*all_starts, n]
        segs = [
            Segment(
                i,
                bounds[i],
                bounds[i + 1],
                all_starts[0],
                refs[bounds[i]].family if bounds[i] in refs else "decision",
                refs[bounds[i]].ref if bounds[i] in refs else None,
                refs[bounds[i]].end if bounds[i] in refs else None,
            )
            for i in range(len(all_starts))
        ]
        return segs
    strong = [d for d in decs if d.strong]
    if minutes and len(strong) >= 2:
        starts = _decision_items(text, low, strong, _preamble_end(low, strong, n))
        if len(starts) >= 2:
            bounds = [*starts, n]
            return [
                Segment(i, bounds[i], bounds[i + 1], starts[0], "decision")
                for i in range(len(starts))
            ]
    return [Segment(0, 0, n, n)]


def _item_markers(low: str, marks: list[Marker], decs: list[Decision]) -> list[Marker]:
    """The markers that open the items holding decisions: within each family and shape of
    number, the run of markers numbered in sequence ("DEL2020_01_01", "_02", "_03"; not the
    list of an earlier session's references cited in between) that opens the most items
    holding a decision (at least two)."""
    groups: dict[str, list[Marker]] = {}
    for m in marks:
        groups.setdefault(f"{m.family}:{_shape(m)}", []).append(m)
    best: list[Marker] = []
    starts = sorted(d.start for d in decs)
    for ms in groups.values():
        for run in _runs(ms):
            kept = _holding(low, run, decs, starts)
            if len(kept) >= 2 and len(kept) > len(best):
                best = kept
    return best


def _numbers(m: Marker) -> tuple[int, ...]:
    raw = m.ref or m.num or ""
    if re.fullmatch(r"[ivx]+", raw):
        return (_roman(raw),)
    return tuple(int(x) for x in re.findall(r"\d+", raw))


def _roman(raw: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for a, b in zip(raw, raw[1:] + " ", strict=True):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total


def _shape(m: Marker) -> str:
    """References of one series share a shape ("del9-9-9"); numbered items are one group."""
    if m.ref is None:
        return ""
    raw = m.ref
    if re.fullmatch(r"[ivx]+", raw):
        return "roman"
    return re.sub(r"[\s_.\-/]+", "-", re.sub(r"\d+", "9", re.sub(r"[a-z]+", "a", raw)))


def _follows(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether number b can be the item after a: greater at the first place they differ,
    by at most 5 ("2-1", "2-2", "3"; "DEL2020_01_01", "DEL2020_01_02")."""
    if not a or not b:
        return True
    for x, y in zip(a, b, strict=False):
        if x != y:
            return 0 < y - x <= 5
    return len(b) > len(a)


#: a run not extended for this many markers is closed (keeps `_runs` linear)
RUN_HORIZON = 300


def _runs(ms: list[Marker]) -> list[list[Marker]]:
    """Markers grouped into runs numbered in sequence; a marker extends the oldest open run
    it can follow, else starts one."""
    runs: list[list[Marker]] = []
    last_of: list[tuple[int, ...]] = []
    touched: list[int] = []
    live: list[int] = []  # indices of open runs, oldest first
    for k, m in enumerate(ms):
        nums = _numbers(m)
        if len(live) > 64:
            live = [i for i in live if k - touched[i] <= RUN_HORIZON]
        for i in live:
            if _follows(last_of[i], nums):
                runs[i].append(m)
                last_of[i], touched[i] = nums, k
                break
        else:
            runs.append([m])
            last_of.append(nums)
            touched.append(k)
            live.append(len(runs) - 1)
    return runs


def _holding(low: str, run: list[Marker], decs: list[Decision], starts: list[int]) -> list[Marker]:
    """The markers of a run whose item holds a decision; the last one too when the text
    ends inside it (a truncated item). `starts`: the decisions' starts, sorted."""
    kept = []  # the markers with a decision in [m.end, end): by bisection on the sorted starts
    for i, m in enumerate(run):
        end = run[i + 1].start if i + 1 < len(run) else len(low)
        k = bisect_left(starts, m.end)
        if k < len(starts) and starts[k] < end:
            kept.append(m)
    if kept and run[-1].start > kept[-1].start and (not decs or run[-1].start > decs[-1].end):
        kept.append(run[-1])
    return kept


def _preamble_end(low: str, decs: list[Decision], limit: int) -> int:
    """Where the session's preamble ends: at the title of the first item ("Approbation du
    procès-verbal ..."), else at the sentence holding the first decision."""
    first = decs[0].start if decs else limit
    title = _title_before(low, max(0, first - 700), first)
    if title is not None:
        return title
    # "Madame VACQUIE S. a été élue secrétaire ...": the sentence starts at its subject
    subject = None
    for m in _SUBJECT.finditer(low, max(0, first - 200), first):
        subject = m.start()
    if subject is not None:
        return subject
    cut = max(_sentence_start(low, first), low.rfind("\n", 0, first) + 1)
    return cut if cut > 0 else first


_SUBJECT = re.compile(
    r"(?<![a-z])(?:m\.|mme|madame|monsieur|mademoiselle)\s+[a-z][\w'\-]*(?:\s+[a-z][\w'\-.]*){0,3}?"
    r"\s+(?:a\s+ete|est|sont|ont\s+ete)\s+(?:elue?s?|designee?s?|nommee?s?)"
)


def _sentence_start(low: str, pos: int) -> int:
    """The start of the sentence holding `pos`: after a full stop that follows a word of
    two letters or more (not an initial "S." nor "M.")."""
    i = pos
    while True:
        i = low.rfind(". ", 0, i)
        if i <= 0:
            return 0
        word = re.search(r"(\w+)$", low[max(0, i - 20) : i])
        if (
            word
            and len(word.group(1)) >= 2
            and word.group(1) not in ("mm", "mme", "me", "dr", "st")
        ):
            return i + 2


def _title_before(low: str, lo: int, hi: int) -> int | None:
    """The start of the first item title (`decisions.toml: item_titles`) in low[lo:hi]."""
    found = Lexicon.of("decisions").finditer("item_titles", low, lo, hi)
    return found[0].start if found else None


def _inner_items(
    text: str, low: str, starts: list[int], strong: list[Decision], n: int
) -> list[int]:
    """Starts of the items inside marked items that record more than one decision."""
    out = []
    bounds = [*starts, n]
    for lo, hi in itertools.pairwise(bounds):
        inside = [d for d in strong if lo <= d.start < hi]
        for d, nxt in itertools.pairwise(inside):
            # the next one starts on its own line after the statement, with a capital
            at = _skip_space(text, d.end)
            line = text.rfind("\n", d.end - 1, at) >= 0
            if (
                line
                and at < nxt.start
                and text[at].isupper()
                and Lexicon.of("decisions").search("decides", low, at, at + 12) is None
                and re.search(r"[a-z]{3}", low[at : nxt.start])
            ):
                out.append(at)
    return out


def _decision_items(text: str, low: str, decs: list[Decision], preamble_end: int) -> list[int]:
    """Item starts when items are cut at decisions: the first at the preamble's end, each
    next one right after the previous decision statement (or at an item title after it)."""
    if not decs:
        return []
    starts = [_skip_space(text, preamble_end)]
    for d, nxt in itertools.pairwise(decs):
        title = _title_before(low, d.end, nxt.start)
        if title is None:
            title = _last_bullet(text, d.end, nxt.start)
        starts.append(title if title is not None else _skip_space(text, d.end))
    # an item after the last decision, printed with its bullet: the text ends inside it
    tail = _last_bullet(text, decs[-1].end, len(text))
    if tail is not None:
        starts.append(tail)
    return sorted(set(s for s in starts if s < len(text)))


@cache
def _bullet_re() -> re.Pattern[str]:
    """A bullet heading an item title (`items.toml: bullets`): a glyph standing alone
    before a word in capitals or capitalised ("• Subvention", "e Bulletin municipal")."""
    glyphs = tomllib.loads((LEXICONS / "items.toml").read_text(encoding="utf-8"))["bullets"]
    alt = "|".join(re.escape(g) for g in sorted(glyphs, key=len, reverse=True))
    return re.compile(rf"(?:(?<=\s)|(?<=^))(?:{alt})\s+(?=[A-ZÀ-ÖØ-Ý](?:[a-zà-ÿ]|[A-ZÀ-ÖØ-Ý]))")


def _last_bullet(text: str, lo: int, hi: int) -> int | None:
    """The start of the last bulleted title between two decisions."""
    found = None
    for m in _bullet_re().finditer(text, lo, hi):
        found = m.start()
    return found


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r*-•":
        pos += 1
    return pos
