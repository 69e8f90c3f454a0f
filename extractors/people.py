"""One reader for every list of people a council prints.

Layouts met: "M. Jean DUPONT, Mme Anne MARTIN", "DUPONT Jean ; MARTIN Anne", "Mme GUIRAUD I. –
M. MERLIN D.", surnames only ("Mesdames et Messieurs MAROTTE, THOMAS et FLEURY"), first names
only ("Agnès, Jean-Pierre"), title-case surnames ("Mme Youssouf"), civilities glued ("M.NOM"),
names cut at a line end, roles and notes between names ("Mme X, Maire", "(pouvoir à Y)"),
a trailing "et M. NOM Prénom", names with no separator at all ("Jean DUPONT Anne MARTIN"), and
roll calls ("Robert AIGOIN : présent Françoise AMARGER : présente").

A text is cut into tokens that each have a class (civility, SURNAME, Capitalised, initials,
particle, other); a name is a run of name tokens; a list stops where its entries stop looking
like names (a word of `lexicon/people.toml: not_names`, a sentence of the body text). Each
entry keeps the words after its name up to the next separator: its note (a status, a role, a
proxy given, an arrival time), which the attendance extractor reads.

>>> [e.person.last_name for e in read_list("M. Jean DUPONT, Mme Anne LE GALL et M. Paul DURAND. Le quorum")[0]]
['DUPONT', 'LE GALL', 'DURAND']
>>> [e.person.first_name for e in read_list("DUPONT Jean ; MARTIN Anne-Marie")[0]]
['Jean', 'Anne-Marie']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.common import fold, folded, squash
from extractors.lexicon import LEXICONS, Lexicon
from schemas.records import Person

UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
LOW = "a-zàâäçéèêëîïôöùûüÿæœß"

# a token: a parenthesised note, a separator, or a word (with inner - ' .)
TOKEN = re.compile(
    rf"""
    (?P<paren>\([^()]{{0,300}}\))
  | (?P<sep>[,;•·/|]|\s[-–—]+(?=\s)|\s[-–—](?=[{UP}])|\n\s*\n|\.(?=\s+[{UP}(]|\s*$))
  | (?P<word>[{UP}{LOW}0-9][{UP}{LOW}0-9'’.\-]*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)

_GLUED = re.compile(
    rf"^(?:(Monsieur|Madame|Mademoiselle)(?=[{UP}]))?"
    rf"(?:([{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)*)(?=[{UP}]{{2}})([{UP}]{{2,}}(?:[-'][{UP}]{{2,}})*)"
    rf"|([{UP}]{{2,}}(?:[-'][{UP}]{{2,}})*)(?=[{UP}][{LOW}])([{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)*)"
    rf"|([{UP}](?:[{UP}'\-]*[{UP}])?|[{UP}][{LOW}]+))$"
)

CIV = "civ"
SURNAME = "up"
CAPITAL = "cap"
INITIALS = "ini"
PARTICLE = "part"
OTHER = "other"

_UP_WORD = re.compile(rf"^[{UP}](?:[{UP}'’\-]*[{UP}])?\.?$")
_CAP_WORD = re.compile(rf"^(?:[{LOW}]+['’])?[{UP}][{LOW}]+(?:[-'’][{UP}]?[{LOW}]+)*\.?$")
_INITIALS = re.compile(rf"^[{UP}]{{1,2}}(?:[.\-]+[{UP}]{{1,2}})*\.?$")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], dict[str, str]]:
    lex = Lexicon.of("people")
    civ: dict[str, str] = {}
    for w in lex.words("male"):
        civ[fold(w).rstrip(".")] = "M."
    for w in lex.words("female"):
        civ[fold(w).rstrip(".")] = "Mme"
    particles = frozenset(folded(w) for w in lex.words("particles"))
    not_names = frozenset(folded(w) for w in lex.words("not_names"))
    title_only = frozenset(folded(w) for w in lex.words("not_names_title"))
    roles = frozenset(folded(w) for w in lex.words("roles"))
    return particles, not_names | title_only, roles, civ


@cache
def title_only_words() -> frozenset[str]:
    return frozenset(folded(w) for w in Lexicon.of("people").words("not_names_title"))


def civility_of(word: str) -> str | None:
    return _words()[3].get(fold(word).rstrip("."))


def classify(word: str) -> str:
    particles, not_names, _roles, civs = _words()
    low = folded(word)
    if fold(word).rstrip(".") in civs and (word[0].isupper() or len(word) > 5):
        return CIV  # "Monsieur", "M.", and "monsieur" written in full
    if low in particles and word[0].islower():
        return PARTICLE
    if _INITIALS.match(word) and (("." in word) or len(word.replace("-", "")) <= 2):
        if "." not in word and low in particles:
            return SURNAME  # "DE MISCAULT", "LE FUR": a particle in capitals
        return INITIALS
    if _UP_WORD.match(word) and len(word.rstrip(".")) >= 2:
        return SURNAME
    if _CAP_WORD.match(word):
        return OTHER if low.rstrip(".") in not_names else CAPITAL
    if _CAMEL.match(word) and is_first_name(re.split(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])", word)[0]):
        return CAPITAL  # "JeanPhilippe": a compound first name whose hyphen was lost
    return OTHER


_CAMEL = re.compile(rf"^[{UP}][{LOW}]+[{UP}][{LOW}]+$")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    out: list[Token] = []
    for m in TOKEN.finditer(text, start, end):
        if m.group("paren"):
            out.append(Token("paren", m.group(0), m.start(), m.end()))
        elif m.group("sep"):
            out.append(Token("sep", m.group(0), m.start(), m.end()))
        elif m.group("word"):
            word = m.group(0)
            stop: Token | None = None
            if word.endswith(".") and len(word) > 2 and classify(word) not in (CIV, INITIALS):
                # "DURAND." at the end of a sentence: the word, then the full stop
                bare = word.rstrip(".")
                stop = Token("sep", ".", m.start() + len(bare), m.end())
                word = bare
            end_word = m.start() + len(word)
            # "M.DUPONT", "Mme.MARTIN": a civility glued to the name
            glued = re.match(r"^(M\.|Mme\.?|MM\.)(?=[A-ZÀ-Ý][A-Za-zÀ-ÿ])", word)
            if glued:
                g = glued.end()
                out.append(Token(CIV, word[:g], m.start(), m.start() + g))
                word2 = word[g:]
                out.append(Token(classify(word2), word2, m.start() + g, m.end()))
                continue
            glued2 = _GLUED.match(word)
            if glued2:
                # "RoberteHABERT", "PARÉSylvain", "MonsieurPUJADE": a lost space
                pos = m.start()
                for piece in (p for p in glued2.groups() if p):
                    out.append(Token(classify(piece), piece, pos, pos + len(piece)))
                    pos += len(piece)
            else:
                out.append(Token(classify(word), word, m.start(), end_word))
            if stop is not None:
                out.append(stop)
        else:
            out.append(Token(OTHER, m.group(0), m.start(), m.end()))
    return _with_breaks(text, _initials_after_names(_join_cut_words(out)))


def _initials_after_names(toks: list[Token]) -> list[Token]:
    """ "PRUVOST M. ;": an "M." after a surname and before a separator is an initial."""
    for i, t in enumerate(toks):
        if (
            t.kind == CIV
            and t.text == "M."
            and i > 0
            and toks[i - 1].kind in (SURNAME, CAPITAL)
            and (i + 1 == len(toks) or toks[i + 1].kind == "sep")
        ):
            toks[i] = Token(INITIALS, t.text, t.start, t.end)
    return toks


def _join_cut_words(toks: list[Token]) -> list[Token]:
    """ "Jean- François", "MARTIN-\nLAVAL": a word cut after its hyphen is one word."""
    out: list[Token] = []
    for t in toks:
        if (
            out
            and t.kind in (CAPITAL, SURNAME, OTHER)
            and out[-1].text.endswith("-")
            and len(out[-1].text) > 1
            and t.text[:1].isupper()
        ):
            prev = out.pop()
            word = prev.text + t.text
            out.append(Token(classify(word), word, prev.start, t.end))
            continue
        out.append(t)
    return out


def _with_breaks(text: str, toks: list[Token]) -> list[Token]:
    """A single line break inside a list is a separator only where a new name starts on the
    next line after a complete one; a name cut at a line end ("Jean-\\nPierre", "LE\\nGALL")
    stays one."""
    out: list[Token] = []
    for i, t in enumerate(toks):
        if out and t.kind != "sep" and out[-1].kind != "sep":
            gap = text[out[-1].end : t.start]
            if "\n" in gap and _line_break_separates(out, t, toks[i + 1 : i + 3]):
                out.append(Token("sep", "\n", out[-1].end, t.start))
        out.append(t)
    return out


def _line_break_separates(before: list[Token], t: Token, after: list[Token]) -> bool:
    """A line break between names separates them when a name ends before it: a surname
    in capitals before, then a civility or a first name starting a new name."""
    prev = before[-1]
    if t.kind == CIV:
        return True
    if prev.kind in (SURNAME, INITIALS) and t.kind in (CAPITAL, SURNAME):
        # "DUPONT\nJean MARTIN" (first_last): a new name; "LE\nGALL": one name
        if prev.kind == SURNAME and t.kind == SURNAME:
            return fold(prev.text) not in {"LE", "LA", "DE", "DU", "DES", "DI", "DA", "VAN", "VON"}
        return True
    return prev.kind == CAPITAL and t.kind == CAPITAL and not prev.text.endswith("-")


# --- names --------------------------------------------------------------------------------

NAME_KINDS = (SURNAME, CAPITAL, INITIALS, PARTICLE)


@dataclass
class Entry:
    """One person of a list, with the words that follow the name (its note)."""

    person: Person
    start: int
    end: int
    note: str = ""
    note_start: int = 0
    note_end: int = 0


def person_of(toks: list[Token], civility: str | None, text: str) -> Person | None:
    """A person from its name tokens (civility first, if any), or None when they are not a
    name."""
    civ = civility
    # raw: as printed, with the entry's own civility ("Monsieur Gérald DARMANIN")
    own_start = toks[0].start if toks else 0
    if toks and toks[0].kind == CIV:
        civ = civility_of(toks[0].text) or civ
        toks = toks[1:]
    while toks and toks[-1].kind == PARTICLE:
        toks = toks[:-1]
    while toks and toks[0].kind == PARTICLE and len(toks) > 1 and toks[1].kind != SURNAME:
        toks = toks[1:]
    if not toks or not any(t.kind in (SURNAME, CAPITAL) for t in toks):
        return None
    ups = [t for t in toks if t.kind == SURNAME]
    caps = [t for t in toks if t.kind == CAPITAL]
    inis = [t for t in toks if t.kind == INITIALS]
    raw = squash(text[min(own_start, toks[0].start) : toks[-1].end])
    if len(ups) >= 2 and not caps and len(toks) == len(ups):
        # all in capitals ("ISABELLE GUIRAUD", "GUIRAUD ISABELLE"): a known first name
        # at either end is the first name
        if is_first_name(ups[0].text) and not is_first_name(ups[-1].text):
            ups, caps = ups[1:], [ups[0]]
            toks = [t for t in toks if t is not caps[0]]
            return _person(text, toks, ups, caps, inis, civ, civility, raw, first_first=True)
        if is_first_name(ups[-1].text) and not is_first_name(ups[0].text):
            caps = [ups[-1]]
            ups = ups[:-1]
            toks = toks[:-1]
            return _person(text, toks, ups, caps, inis, civ, civility, raw, first_first=False)
    if ups:
        # the SURNAME: the capitals, with the particles between them ("LE GALL", "DE LA TOUR")
        first_up = next(i for i, t in enumerate(toks) if t.kind == SURNAME)
        last_up = max(i for i, t in enumerate(toks) if t.kind == SURNAME)
        lo = first_up
        while lo > 0 and toks[lo - 1].kind == PARTICLE:
            lo -= 1
        surname = text[toks[lo].start : toks[last_up].end].rstrip(".")
        firsts = [t.text for t in toks[:lo] if t.kind == CAPITAL] + [
            t.text for t in toks[last_up + 1 :] if t.kind == CAPITAL
        ]
        first = " ".join(firsts).rstrip(".") or None
    elif len(caps) >= 2:
        # "Jean Dupont", "Marie Thérèse Marotte": the last capitalised word is the surname
        lo = len(toks) - 1
        while lo > 0 and toks[lo - 1].kind == PARTICLE:
            lo -= 1
        surname = text[toks[lo].start : toks[-1].end].rstrip(".")
        first = " ".join(t.text for t in toks[:lo] if t.kind == CAPITAL) or None
    else:
        surname = caps[0].text.rstrip(".")
        first = None
    initials = " ".join(t.text for t in inis) or None
    return Person(
        raw=raw,
        civility=civ if civ in ("M.", "Mme") else None,
        first_name=first,
        last_name=surname,
        initials=initials,
    )


def _person(
    text: str,
    toks: list[Token],
    ups: list[Token],
    caps: list[Token],
    inis: list[Token],
    civ: str | None,
    civility: str | None,
    raw: str,
    first_first: bool,
) -> Person:
    surname = text[ups[0].start : ups[-1].end].rstrip(".")
    first = caps[0].text.rstrip(".").title() if caps else None
    return Person(
        raw=raw.strip(),
        civility=civ if civ in ("M.", "Mme") else None,
        first_name=first,
        last_name=surname,
        initials=" ".join(t.text for t in inis) or None,
    )


@cache
def _first_names() -> frozenset[str]:
    path = LEXICONS / "first_names.txt"
    return frozenset(
        fold(line.strip())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_first_name(word: str) -> bool:
    """Whether `word` is a common first name (`lexicon/first_names.txt`)."""
    return fold(word.rstrip(".")) in _first_names()


def split_names(run: list[Token], order: str) -> list[list[Token]]:
    """A run of name tokens holding several names with no separator between them."""
    names: list[list[Token]] = []
    cur: list[Token] = []
    for t in run:
        if cur:
            kinds = [c.kind for c in cur if c.kind != CIV]
            has_up = SURNAME in kinds
            has_cap = CAPITAL in kinds
            starts_new = (
                t.kind == CIV
                or (order == "first_last" and t.kind == CAPITAL and has_up)
                or (order == "last_first" and t.kind == SURNAME and has_cap)
                or (
                    order == "last_first" and t.kind == SURNAME and has_up and _last_is_initial(cur)
                )
                or (order == "first_last" and t.kind == CAPITAL and _last_is_initial(cur))
            )
            if starts_new:
                names.append(cur)
                cur = []
        cur.append(t)
    if cur:
        names.append(cur)
    return names


def _last_is_initial(cur: list[Token]) -> bool:
    return bool(cur) and cur[-1].kind == INITIALS


def guess_order(toks: list[Token]) -> str:
    """'last_first' when names read SURNAME Prénom, else 'first_last' (by the first names
    with both parts)."""
    lf = fl = 0
    run: list[Token] = []
    for t in [*toks, Token("sep", "", 0, 0)]:
        if t.kind in (SURNAME, CAPITAL, INITIALS):
            run.append(t)
            continue
        kinds = [x.kind for x in run]
        if SURNAME in kinds and CAPITAL in kinds:
            if kinds.index(SURNAME) < kinds.index(CAPITAL):
                lf += 1
            else:
                fl += 1
        run = []
    return "last_first" if lf > fl else "first_last"


# --- lists --------------------------------------------------------------------------------


@dataclass
class ListResult:
    entries: list[Entry]
    end: int  # where the list stopped


_GROUP = re.compile(
    r"^(?:mesdames|messieurs|mmes|mm|mesdames et messieurs|mmes et mm|mesdames, messieurs)$"
)


_SUBHEAD = re.compile(r"(?:les\s+|des\s+)?(?P<role>[\w\-]+(?:\s+[\w\-]+){0,2}?)\s*:", re.I)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _sentence_at(toks: list[Token], k: int) -> bool:
    """A capitalised word followed by a word in lower case: a sentence, not a name."""
    return (
        k + 1 < len(toks)
        and toks[k].kind in (CAPITAL, OTHER)
        and toks[k].text[:1].isupper()
        and toks[k + 1].kind in (OTHER, PARTICLE)
        and toks[k + 1].text[:1].islower()
        and folded(toks[k + 1].text) not in ("de", "du", "des", "le", "la", "d'")
    )


def _list_limit(text: str, start: int, end: int) -> int:
    """No list runs past an item's subject label or the start of an act's body ("OBJET :",
    "Vu ...": `headings.toml: subject_label, body_start`)."""
    from extractors.lexicon import Lexicon

    low = folded(text[start:end])
    lex = Lexicon.of("headings")
    cut = end
    for role in ("subject_label", "body_start"):
        m = lex.search(role, low)
        if (
            m is not None
            and m.start > 0
            and (role == "subject_label" or low[m.start - 1] in "\n.;")
        ):
            cut = min(cut, start + m.start)
    return cut


def read_list(
    text: str, start: int = 0, end: int | None = None, order: str | None = None
) -> tuple[list[Entry], int]:
    """The people listed in `text[start:end]`, and where the list stops."""
    end = len(text) if end is None else end
    end = _list_limit(text, start, end)
    toks = tokens(text, start, end)
    order = order or guess_order(toks[:80])
    _, not_names, roles, _civ = _words()
    entries: list[Entry] = []
    group_civ: str | None = None
    i = 0
    stop = end
    misses = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "sep":
            if t.text.startswith(".") and entries and _body_follows(toks, i + 1, not_names):
                stop = t.start
                break
            if entries and _PARAGRAPH.search(t.text) and _sentence_at(toks, i + 1):
                stop = t.start  # "…\n\nConformément à l'article …": a paragraph of prose
                break
            if t.text.startswith(".") and entries:
                nxt = i + 1
                while nxt < len(toks) and toks[nxt].kind == "sep":
                    nxt += 1
                if nxt < len(toks) and _PARAGRAPH.search(text, t.end, toks[nxt].start):
                    stop = t.start  # a full stop that ends a paragraph ends the list
                    break
            i += 1
            continue
        # a grouped civility: "Mesdames et Messieurs", "Mmes", "MM."
        j, civ_words = i, []
        while j < len(toks) and toks[j].kind == CIV:
            civ_words.append(toks[j])
            j += 1
            if j < len(toks) and toks[j].kind == OTHER and folded(toks[j].text) == "et":
                j += 1
        if civ_words and (
            len(civ_words) > 1 or _GROUP.match(folded(civ_words[0].text).rstrip("."))
        ):
            group_civ = civility_of(civ_words[0].text) if len(civ_words) == 1 else None
            i = j
            # "Mmes et MM. les Conseillers-es :": the group's role, a sub-heading
            sub = _SUBHEAD.match(text, toks[i].start) if i < len(toks) else None
            if sub and _role_rx().fullmatch(folded(sub.group("role"))):
                while i < len(toks) and toks[i].start < sub.end():
                    i += 1
            continue
        # the entry: tokens up to the next separator
        k = i
        while k < len(toks) and toks[k].kind != "sep":
            k += 1
        chunk = toks[i:k]
        if entries and chunk and all(x.kind == "paren" for x in chunk):
            e = entries[-1]  # "Eric MAUNY, (suppléant de Pierre GOUDIN),": its note
            e.note = (e.note + " " if e.note else "") + text[chunk[0].start : chunk[-1].end]
            e.note_start = e.note_start or chunk[0].start
            e.note_end = chunk[-1].end
            i = k
            continue
        if entries and chunk and chunk[0].kind == OTHER and _is_note(text, chunk):
            # "Madame X, procuration à Monsieur Y": after the comma, X's note; the names
            # that follow the note's own object start new entries
            cut = _note_end(chunk, order, not_names)
            e = entries[-1]
            note = chunk[:cut]
            e.note = (e.note + ", " if e.note else "") + text[note[0].start : note[-1].end]
            e.note_start = e.note_start or note[0].start
            e.note_end = note[-1].end
            rest = chunk[cut:]
            if rest:
                entries.extend(_entries_of(text, rest, order, group_civ, not_names, roles))
            i = k
            continue
        found = _entries_of(text, chunk, order, group_civ, not_names, roles)
        sentence = next((x for x, e in enumerate(found) if _subject_of_sentence(e)), None)
        if sentence is not None:
            # "Madame X a été élue secrétaire ...": the list ended before X
            entries.extend(found[:sentence])
            stop = found[sentence].start
            break
        ending = next((x for x, e in enumerate(found) if _note_ends_list(e)), None)
        if ending is not None:
            e = found[ending]
            entries.extend(found[: ending + 1])
            stop = e.end
            e.note, e.note_end = "", e.end
            break
        if not found:
            misses += 1
            if entries and (misses >= 1 or k - i > 6):
                stop = t.start  # body text: the list ended (or an empty one never began)
                break
            i = k
            continue
        misses = 0
        entries.extend(found)
        i = k
    return entries, stop


_BODY_IN_NOTE = re.compile(
    r"\bn°|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\b\d{4}\b|\b(?:vu|considerant|objet)\b"
)
_RELATION_IN_NOTE = re.compile(r"pouvoir|procuration|represent|supplean|delegation|mandat")


_NOTE_START = re.compile(
    r"^(?:absente?s?|excusee?s?|presente?s?|representee?s?|procuration|pouvoir|"
    r"donn|a donne|ayant|avec|sans|arrivee?|partie?|suppleant|maire|adjointe?|conseill|"
    r"vice|president|delegue|membre|titulaire)"
)


def _note_end(chunk: list[Token], order: str, not_names: frozenset[str]) -> int:
    """Where a note ends in a chunk: after the one name its words introduce ("représenté
    par sa suppléante Madame Y"), before any name that follows."""
    expect = False
    n = 0
    while n < len(chunk):
        t = chunk[n]
        if t.kind == OTHER:
            expect = folded(t.text) in _INTRODUCE or (expect and folded(t.text) in ("sa", "son"))
            if folded(t.text) in _SUBSTITUTE_WORDS:
                expect = True
            n += 1
            continue
        if t.kind in NAME_KINDS or t.kind == CIV:
            if not expect:
                return n
            run_end = _name_run_end(chunk, n, not_names)
            names = split_names(chunk[n:run_end], order)
            return n + len(names[0]) if names else run_end
        n += 1
    return n


_SUBSTITUTE_WORDS = {"suppleante", "suppleant", "suppleant(e)"}


def _is_note(text: str, chunk: list[Token]) -> bool:
    """A chunk after a comma that says something of the name before it (a status, a
    proxy, a role), in a few words."""
    if len(chunk) > 14:
        return False
    return bool(_NOTE_START.match(folded(text[chunk[0].start : chunk[-1].end])))


_SENTENCE_VERB = re.compile(
    r"^(?:a\s+ete|est |sont |ont |a\s+(?:fait|dit|propose|demande|presente|pris|rappele|indique|"
    r"souligne|precise|explique|informe|expose|souhaite|signale|evoque|quitte|rejoint)\b|donne lecture|propose|demande|presente|informe|"
    r"rappelle|expose|indique|precise|souligne|remercie|ouvre|declare|prend|se |s')"
)


def _subject_of_sentence(e: Entry) -> bool:
    """A name followed by a verb ("X a été élue secrétaire", "X donne lecture"): the
    subject of a sentence of the body, not a member of the list."""
    if not e.note or e.note.lstrip().startswith("("):
        return False
    low = folded(e.note).strip()
    return bool(_SENTENCE_VERB.match(low)) and not _RELATION_IN_NOTE.search(low[:40])


def _note_ends_list(e: Entry) -> bool:
    """An entry whose note runs into the body text (a date, a number, a visa, or many words
    and no proxy): the list ends with its name."""
    if not e.note or e.note.lstrip().startswith("("):
        return False
    low = folded(e.note)
    if _RELATION_IN_NOTE.search(low):
        return False
    return bool(_BODY_IN_NOTE.search(low)) or len(low.split()) > 12


def _body_follows(toks: list[Token], i: int, not_names: frozenset[str]) -> bool:
    """After a full stop: does the body text resume (a sentence, not a name)?"""
    words = [t for t in toks[i : i + 3] if t.kind != "sep"]
    if not words:
        return True
    first = words[0]
    if first.kind == CIV:
        return False
    return first.kind == OTHER or folded(first.text) in not_names


def _entries_of(
    text: str,
    chunk: list[Token],
    order: str,
    group_civ: str | None,
    not_names: frozenset[str],
    roles: frozenset[str],
) -> list[Entry]:
    """The names of one entry (usually one; several when printed without separators, as
    in "X a donné pouvoir à Y Z a donné pouvoir à W"), each with its note: the words after
    the name, up to the next name that is not the object of those words."""
    # leading "et" ("..., et M. NOM Prénom"): not part of the name
    while chunk and chunk[0].kind == OTHER and folded(chunk[0].text) in ("et", "-"):
        chunk = chunk[1:]
    if not chunk:
        return []
    first = chunk[0]
    if first.kind == OTHER:
        return []  # body text, not a list entry
    out: list[Entry] = []
    i = 0
    while i < len(chunk):
        j = _name_run_end(chunk, i, not_names)
        run = chunk[i:j]
        if not any(t.kind in (SURNAME, CAPITAL) for t in run):
            break
        names = split_names(run, order)
        for part in names:
            person = person_of(part, group_civ, text)
            if person is not None and _plausible(person, roles):
                out.append(Entry(person, part[0].start, part[-1].end))
        if not out:
            break
        # the note: up to a new name that nothing in the note introduces
        n = j
        expect = False
        while n < len(chunk):
            t = chunk[n]
            if t.kind == CIV and not expect:
                break
            if (
                t.kind in (SURNAME, CAPITAL)
                and not expect
                and n > j
                and _new_name(chunk, n, j, not_names)
            ):
                break
            if t.kind == OTHER:
                expect = folded(t.text) in _INTRODUCE
            elif (t.kind in NAME_KINDS or t.kind == CIV) and expect:
                # the object of the note: one name ("pouvoir à Y"), then a new entry
                run_end = _name_run_end(chunk, n, not_names)
                object_names = split_names(chunk[n:run_end], order)
                n = n + len(object_names[0]) if object_names else run_end
                expect = False
                if n < run_end:
                    break
                continue
            n += 1
        if n > j:
            note = chunk[j:n]
            out[-1].note = text[note[0].start : note[-1].end]
            out[-1].note_start, out[-1].note_end = note[0].start, note[-1].end
        if n == i:
            break
        i = n
    return out


#: words after which a name is the object of the note ("pouvoir à Y", "représenté par Y")
_INTRODUCE = {"a", "par", "de", "au", "pour", ":", "->", "=>"}


def _new_name(chunk: list[Token], n: int, j: int, not_names: frozenset[str]) -> bool:
    """Whether a name starting at n, after a note begun at j, is a new entry's."""
    nxt = _name_run_end(chunk, n, not_names)
    kinds = {x.kind for x in chunk[n:nxt]}
    return SURNAME in kinds and (CAPITAL in kinds or nxt - n >= 1) and n - j >= 1


def _name_run_end(chunk: list[Token], i: int, not_names: frozenset[str]) -> int:
    """The end of the run of name tokens (a civility first) starting at i."""
    j = i
    if j < len(chunk) and chunk[j].kind == CIV:
        j += 1
    while j < len(chunk) and chunk[j].kind in NAME_KINDS:
        if _not_a_name(chunk, j, not_names):
            break
        j += 1
    return j


_SURNAME_PARTICLES = {"le", "la", "de", "du", "des", "di", "da", "van", "von", "el", "ben"}


def _not_a_name(chunk: list[Token], j: int, not_names: frozenset[str]) -> bool:
    """A word of `not_names` ("ÉTAIENT", "Objet"), unless it is the particle of a surname in
    capitals ("LE FUR", "DE MISCAULT")."""
    word = folded(chunk[j].text).rstrip(".")
    if word[:2] in ("l'", "d'") and word[2:] in not_names:
        return True  # "L'UNANIMITE", "D'ADOPTION"
    if word not in not_names:
        return False
    if chunk[j].kind == INITIALS and chunk[j].text.endswith("."):
        return False  # "DEVIGNE A.": an initial, not the word "à"
    if chunk[j].kind == SURNAME and word in title_only_words():
        return False  # "Daniel SAMEDI": a weekday in capitals is a surname
    if chunk[j].kind == SURNAME and word in _SURNAME_PARTICLES:
        return not (j + 1 < len(chunk) and chunk[j + 1].kind == SURNAME)
    return True


@cache
def _role_rx() -> re.Pattern[str]:
    """A whole role wording (`people.toml: roles`), its endings expanded: "Conseiller"."""
    from extractors.lexicon import wording_pattern

    words = Lexicon.of("people").words("roles")
    return re.compile("|".join(f"(?:{wording_pattern(w)})" for w in words))


def _plausible(p: Person, roles: frozenset[str]) -> bool:
    last = folded(p.last_name).strip(" .-")
    if not last or len(last) > 40 or last in roles:
        return False
    if p.first_name is None and _role_rx().fullmatch(last):
        return False  # "Alexandre FELTZ, Conseiller.": a role, not a second name
    return not (p.first_name is None and p.civility is None and len(last) <= 1)
