"""Wordings as data: the lexicons of `extractors/lexicon/*.toml`, compiled once into patterns.

A lexicon lists the ways councils print one thing ("Étaient présents", "Membres présents",
"Assistaient à la séance"...), one wording per line, written as printed. Adding a wording is
one line there and one example in the tests; the patterns and their prefilters are built
from the lists here, never written twice.

Wordings are matched on `extractors.common.folded` text (case and accents folded, same
length as the original), so that "ÉTAIENT PRÉSENTS", "Etaient présents" and "étaient
présents" are one wording. A wording may use:

- spaces: any run of white space (line breaks included), and a hyphen is a hyphen or a space;
- `(s)`, `(e)`, `(es)`, `(x)`: an optional ending ("présent(e)(s)");
- `[n]`: a number, captured ("[n] élus présents"), `[n2]` a second one;
- `~`: up to four words of anything ("[n] conseillers ~ présents");
- `|` inside a word group `{a|b}`: alternatives ("{a|avait} donné pouvoir").

>>> rx = wording_regex("étaient présent(e)(s)")
>>> bool(rx.fullmatch("etaient presentes"))
True
>>> Lexicon.of("attendance").role_of("absents ayant donne pouvoir")
'proxies'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extractors.common import folded

LEXICONS = Path(__file__).parent / "lexicon"

_TOKEN = re.compile(r"\[n2?\]|~|\{[^}]*\}|\((?:s|e|es|x)\)|\s+|[^\s\[~{(]+|.", re.S)


def _piece(token: str, tag: str) -> str:
    if token == "[n]":
        return rf"(?P<n{tag}>\d{{1,4}})"
    if token == "[n2]":
        return rf"(?P<m{tag}>\d{{1,4}})"
    if token == "~":
        return r"(?:[^\s:;]+\s+){0,4}?"
    if token.startswith("{"):
        return "(?:" + "|".join(_literal(a) for a in token[1:-1].split("|")) + ")"
    if token in ("(s)", "(e)", "(es)", "(x)"):
        # "présent(e)(s)": an optional ending, also printed as such ("Abstention(s)")
        return rf"(?:{token[1:-1]}|\({token[1:-1]}\))?"
    if token.isspace():
        return r"\s+"
    return _literal(token)


def _literal(text: str) -> str:
    out = []
    for ch in folded(text):
        if ch == "-":
            out.append(r"[-\s]?")
        elif ch == "'":
            out.append(r"'\s?")
        elif ch == ".":
            out.append(r"\.?")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_TAGS = iter(range(1 << 30))


def _right(wording: str) -> str:
    """What must follow a wording: the end of a word, but a wording ending with an elided
    article ("commune d'") is followed by the word it is glued to ("COMMUNE D'ANGERS")."""
    return "" if wording.endswith(("'", "’")) else "(?![a-z0-9])"


def wording_pattern(wording: str) -> str:
    """The regular expression (on folded text) of one wording, without boundaries; its
    number groups are named `n…` and `m…` with a tag unique to this call."""
    tag = f"_{next(_TAGS)}"
    parts = []
    previous = ""
    for token in _TOKEN.findall(wording.strip()):
        if token.isspace() and previous == "~":
            continue  # the gap already ends with its own white space
        parts.append(_piece(token, tag))
        previous = token
    return "".join(parts)


def wording_regex(wording: str) -> re.Pattern[str]:
    return re.compile(_bounded(wording_pattern(wording)))


def _long(wording: str) -> bool:
    """A wording of three words or more whose first word has four letters or more: long
    enough to be itself wherever it starts ("réunisous la présidence de"); not "a donné
    pouvoir à", which the end of "LECA" would match."""
    first = wording.split(" ", 1)[0]
    return (
        len(wording) >= 14
        and wording.count(" ") >= 2
        and not wording.startswith(("[", "~"))
        and len(first) >= 4
    )


def _bounded(pattern: str) -> str:
    return rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"


def key_word(wording: str) -> str:
    """The longest literal word of a wording, folded: its prefilter key (found with
    `str.find`, much faster than any pattern; the pattern then runs around each hit)."""
    words = []
    for token in _TOKEN.findall(wording.strip()):
        if token.isspace() or token in ("~", "[n]", "[n2]") or token[0] in "({":
            continue
        words += [w for w in re.split(r"['.\-:]", folded(token)) if w]
    if not words:
        raise ValueError(f"wording {wording!r} has no literal word to key it")
    return max(words, key=len)


def alternation(wordings: list[str], name: str | None = None) -> str:
    """One pattern matching any of the wordings, longest first, named `name` if given."""
    ordered = sorted(set(wordings), key=lambda w: (-len(w), w))
    body = "|".join(f"(?:{wording_pattern(w)})" for w in ordered)
    return f"(?P<{name}>{body})" if name else f"(?:{body})"


@dataclass(frozen=True)
class Match:
    """A wording found in a text: its role, where, and the number it carries, if any."""

    role: str
    start: int
    end: int
    wording: str
    n: int | None = None
    n2: int | None = None


class Lexicon:
    """One lexicon file: roles, each with its wordings; compiled patterns and prefilter."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data
        self.roles: dict[str, list[str]] = {
            role: list(value) for role, value in data.items() if isinstance(value, list)
        }
        # per key word, one pattern over the wordings it keys, each in a group that names
        # its role
        flat = sorted(
            {(w, role) for role, ws in self.roles.items() for w in ws},
            key=lambda wr: (-len(wr[0]), wr),
        )
        self._role_of_group = {f"w{i}": role for i, (_, role) in enumerate(flat)}
        by_key: dict[str, list[str]] = {}
        for i, (w, _) in enumerate(flat):
            pattern = wording_pattern(w)
            # a long wording glued to the word before it (a line break lost: "réunisous la
            # présidence de") is still itself: only short ones need a word boundary before
            left = "" if _long(w) else r"(?<![a-z0-9])"
            by_key.setdefault(key_word(w), []).append(f"{left}(?P<w{i}>{pattern}){_right(w)}")
        self._whole_rx: re.Pattern[str] | None = None
        self._role_keys: dict[str, frozenset[str]] = {}
        self._subs: dict[str, Lexicon] = {}
        self.keyed = {k: re.compile("(?:" + "|".join(ps) + ")") for k, ps in sorted(by_key.items())}

    @classmethod
    @cache
    def of(cls, name: str) -> Lexicon:
        """The lexicon of `lexicon/NAME.toml` ("file:table" for a table inside a file)."""
        file, _, table = name.partition(":")
        data = tomllib.loads((LEXICONS / f"{file}.toml").read_text(encoding="utf-8"))
        return cls(name, data[table] if table else data)

    def words(self, role: str) -> list[str]:
        return self.roles.get(role, [])

    def role_of(self, text: str) -> str | None:
        """The role of the longest wording matching the whole of `text` (folded)."""
        m = self._whole().fullmatch(folded(text).strip())
        return self._role_of_group[m.lastgroup] if m and m.lastgroup else None

    def _whole(self) -> re.Pattern[str]:
        """Every wording, longest first, one group each (built on first use)."""
        if self._whole_rx is None:
            flat = sorted(
                {(w, role) for role, ws in self.roles.items() for w in ws},
                key=lambda wr: (-len(wr[0]), wr),
            )
            self._whole_rx = re.compile(
                "|".join(f"(?P<w{i}>{wording_pattern(w)})" for i, (w, _) in enumerate(flat))
                or r"(?!x)x"
            )
        return self._whole_rx

    #: how far before its key word a wording's match may start, and after it end
    BEFORE, AFTER = 64, 160

    def find(self, low: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Every wording in `low` (folded text), leftmost then longest, left to right."""
        end = len(low) if end is None else end
        found: list[Match] = []
        for key, rx in self.keyed.items():
            i = low.find(key, start, end)
            if i < 0:
                continue
            if low.count(key, i, end) * (self.BEFORE + self.AFTER) > end - i:
                # the key word is dense: one pass over the text costs less than windows
                found.extend(
                    _match(self._role_of_group[hit.lastgroup or ""], hit)
                    for hit in rx.finditer(low, max(start, i - self.BEFORE), end)
                )
                continue
            while i >= 0:
                lo, hi = max(start, i - self.BEFORE), min(end, i + len(key) + self.AFTER)
                for hit in rx.finditer(low, lo, hi):
                    if hit.start() <= i < hit.end():
                        found.append(_match(self._role_of_group[hit.lastgroup or ""], hit))
                        break
                i = low.find(key, i + len(key), end)
        found.sort(key=lambda m: (m.start, m.start - m.end))
        out: list[Match] = []
        for m in found:
            if not out or m.start >= out[-1].end:
                out.append(m)
        return out

    def search(self, role: str, low: str, start: int = 0, end: int | None = None) -> Match | None:
        """The first wording of `role` in low[start:end]."""
        found = self.finditer(role, low, start, end)
        return found[0] if found else None

    def finditer(self, role: str, low: str, start: int = 0, end: int | None = None) -> list[Match]:
        """The wordings of `role`, leftmost then longest, left to right: found through
        their key words like `find` (a pattern scanning the whole text costs far more)."""
        if role not in self.roles:
            return []
        if self.name.endswith(f"#{role}"):
            return self.find(low, start, end)
        sub = self._subs.get(role)
        if sub is None:
            sub = self._subs[role] = Lexicon(f"{self.name}#{role}", {role: self.roles[role]})
        return sub.find(low, start, end)

    def _keys_of(self, role: str) -> frozenset[str]:
        keys = self._role_keys.get(role)
        if keys is None:
            keys = self._role_keys[role] = frozenset(key_word(w) for w in self.roles.get(role, []))
        return keys


def _match(role: str, m: re.Match[str]) -> Match:
    n = n2 = None
    for k, v in m.groupdict().items():
        if v is None:
            continue
        if k.startswith("n_") and n is None:
            n = int(v)
        elif k.startswith("m_") and n2 is None:
            n2 = int(v)
    return Match(role, m.start(), m.end(), m.group(0), n, n2)


def lexicon(name: str) -> Lexicon:
    return Lexicon.of(name)
