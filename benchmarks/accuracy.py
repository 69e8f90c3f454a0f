"""Accuracy of the extraction against what careful readers found: P / R / F1 per field.

    python -m benchmarks.accuracy                 # real documents (tests/expectations/realdocs)
    python -m benchmarks.accuracy --variants      # the generated surface forms (tests/variants)
    python -m benchmarks.accuracy --errors        # ... and every disagreement, to read
    python -m benchmarks.accuracy --json FILE     # the figures as JSON

Expectations are written by reading the documents (`tests/expectations/README.md`): a key
present is judged, a key absent is not; `null` means the document does not give it, so a
value extracted there is a false positive. Records are aligned by their anchor (a verbatim
phrase of the item); a record the pipeline did not split out counts against `records`, and
its fields are judged on the record that holds its anchor.

Counting: for a single value, the right value is a true positive, a wrong one a false
positive and a false negative, a missing one a false negative; for lists (present members,
proxies, beneficiaries...), each element found is a true positive, each extra one a false
positive, each missed one a false negative.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS = ROOT / "tests" / "expectations" / "realdocs"
DOCUMENTS = (ROOT / "data" / "raw" / "realdocs", ROOT.parent / "shared" / "realdocs")

SCALARS = [
    "doc_type",
    "reference",
    "subject",
    "authority.name",
    "authority.level",
    "body",
    "session.date",
    "session.time",
    "session.convened_on",
    "session.chair",
    "attendance.secretary",
    "attendance.members_in_office",
    "attendance.present_count",
    "attendance.proxy_count",
    "attendance.voters_count",
    "attendance.absent_count",
    "vote.for",
    "vote.against",
    "vote.abstention",
    "vote.not_voting",
    "vote.unanimous",
    "vote.outcome",
    "transmission.actes_id",
    "transmission.sent",
    "transmission.received",
    "transmission.published",
    "transmission.posted",
    "transmission.executory",
]
LISTS = [
    "attendance.present",
    "attendance.absent",
    "attendance.proxies",
    "attendance.not_voting",
    "vote.ballots",
    "beneficiaries",
    "beneficiaries.amount",
]


# --- normalisation ---------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def name_key(name: str | None) -> str:
    """A surname as compared: accents, case, spaces, hyphens and apostrophes folded."""
    return re.sub(r"[^A-Z]", "", fold(name or ""))


def loose(text: str | None) -> str:
    t = fold(text or "")
    t = re.sub(r"^(?:L'|LA |LE |LES |AUX |AU |A LA |A L'|A )", "", t.strip())
    return re.sub(r"[^A-Z0-9]+", " ", t).strip()


def similar(a: str | None, b: str | None, ratio: float = 0.85) -> bool:
    x, y = loose(a), loose(b)
    return bool(x and y) and (x == y or SequenceMatcher(None, x, y).ratio() >= ratio)


def ref_key(ref: str | None) -> str:
    t = fold(ref or "")
    t = re.sub(r"^(?:N°|NO|CP|DELIBERATION)\s*", "", t.strip())
    return re.sub(r"[^A-Z0-9]", "", t)


# --- extracted values --------------------------------------------------------------------


def _get(record: dict[str, Any], path: str) -> Any:
    cur: Any = record
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def scalar_of(record: dict[str, Any], path: str) -> Any:
    """The extracted value of a scalar field, in the expectations' terms."""
    if path in ("session.chair", "attendance.secretary"):
        person = _get(record, path)
        return person.get("last_name") if isinstance(person, dict) else None
    if path.startswith("transmission."):
        t = record.get("transmission")
        return t.get(path.split(".", 1)[1]) if isinstance(t, dict) else None
    return _get(record, path)


def same_scalar(path: str, expected: Any, got: Any) -> bool:
    if path == "vote.outcome" and got == "unknown" and expected in (None, "unknown"):
        return True  # the contract's "unknown" is the expectations' null
    if got is None:
        return expected is None
    if path in ("subject",):
        return similar(expected, got)
    if path == "authority.name":
        return similar(expected, got, 0.8)
    if path == "reference":
        return ref_key(expected) == ref_key(got)
    if path in ("session.chair", "attendance.secretary"):
        return name_key(expected) == name_key(got)
    if path == "transmission.actes_id":
        return re.sub(r"\s", "", str(expected)) == re.sub(r"\s", "", str(got))
    return bool(expected == got)


def list_of(record: dict[str, Any], path: str) -> list[Any]:
    """The extracted elements of a list field, as comparable keys."""
    att = record.get("attendance") or {}
    if path in ("attendance.present", "attendance.absent", "attendance.not_voting"):
        return [name_key(p.get("last_name")) for p in att.get(path.split(".")[1]) or []]
    if path == "attendance.proxies":
        return [
            (name_key(p["giver"]["last_name"]), name_key(p["holder"]["last_name"]))
            for p in att.get("proxies") or []
        ]
    if path == "vote.ballots":
        return [
            (name_key(b["person"]["last_name"]), b["position"])
            for b in (record.get("vote") or {}).get("ballots") or []
        ]
    if path == "beneficiaries":
        return [loose(b.get("name")) for b in record.get("beneficiaries") or []]
    if path == "beneficiaries.amount":
        return [(loose(b.get("name")), b.get("amount")) for b in record.get("beneficiaries") or []]
    raise KeyError(path)


def expected_list(exp: dict[str, Any], path: str) -> list[Any] | None:
    """The expected elements of a list field (None when not judged)."""
    att = exp.get("attendance")
    if path.startswith("attendance."):
        if not isinstance(att, dict) or path.split(".")[1] not in att:
            return None
        values = att[path.split(".")[1]] or []
        if path == "attendance.proxies":
            return [(name_key(g), name_key(h) if h else None) for g, h in values]
        return [name_key(n) for n in values]
    if path == "vote.ballots":
        vote = exp.get("vote")
        if not isinstance(vote, dict) or "ballots" not in vote:
            return None
        return [(name_key(b[0]), b[1]) for b in vote["ballots"] or []]
    if path in ("beneficiaries", "beneficiaries.amount"):
        if "beneficiaries" not in exp:
            return None
        bens = exp["beneficiaries"] or []
        if path == "beneficiaries":
            return [loose(b["name"]) for b in bens]
        return [(loose(b["name"]), b.get("amount")) for b in bens]
    raise KeyError(path)


def match_lists(path: str, expected: list[Any], got: list[Any]) -> tuple[int, list[Any], list[Any]]:
    """(true positives, missed, extra) of two multisets, with the field's loose equality."""
    left = list(got)
    missed = []
    tp = 0
    for e in expected:
        i = next((k for k, g in enumerate(left) if _same_element(path, e, g)), None)
        if i is None:
            missed.append(e)
        else:
            tp += 1
            left.pop(i)
    return tp, missed, left


def _same_element(path: str, e: Any, g: Any) -> bool:
    if path == "attendance.proxies":
        return bool(e[0] == g[0] and (e[1] is None or e[1] == g[1]))
    if path == "beneficiaries":
        return similar(e, g)
    if path == "beneficiaries.amount":
        return similar(e[0], g[0]) and e[1] == g[1]
    return bool(e == g)


def expected_scalar(exp: dict[str, Any], path: str) -> tuple[bool, Any]:
    """(judged, value) of a scalar field in an expected record."""
    if path.startswith("transmission."):
        if "transmission" not in exp:
            return False, None
        t = exp["transmission"]
        if t is None:
            return True, None
        key = path.split(".", 1)[1]
        return (key in t), t.get(key)
    parts = path.split(".")
    cur: Any = exp
    for part in parts[:-1]:
        if not isinstance(cur, dict) or part not in cur:
            return False, None
        cur = cur[part]
        if cur is None:
            return True, None
    if not isinstance(cur, dict) or parts[-1] not in cur:
        return False, None
    return True, cur[parts[-1]]


# --- scoring -------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    errors: list[str] = field(default_factory=list)
    documents: int = 0

    def total(self) -> Score:
        s = Score()
        for v in self.scores.values():
            s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        return s


def merged(common: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    out = dict(common)
    out.update({k: v for k, v in own.items() if k != "anchor"})
    return out


def judge_record(
    report: Report, where: str, exp: dict[str, Any], got: dict[str, Any] | None
) -> None:
    """Score one expected record against the extracted one (None: not found)."""
    got = got or {}
    for path in SCALARS:
        judged, value = expected_scalar(exp, path)
        if not judged:
            continue
        x = scalar_of(got, path) if got else None
        if path == "vote.outcome" and x == "unknown" and value is None:
            continue  # nothing said, nothing found
        s = report.scores[path]
        if value is None:
            if x is not None:
                s.fp += 1
                report.errors.append(f"{where} {path}: expected none, got {x!r}")
        elif same_scalar(path, value, x):
            s.tp += 1
        else:
            s.fn += 1
            if x is not None:
                s.fp += 1
            report.errors.append(f"{where} {path}: expected {value!r}, got {x!r}")
    for path in LISTS:
        values = expected_list(exp, path)
        if values is None:
            continue
        x = list_of(got, path) if got else []
        tp, missed, extra = match_lists(path, values, x)
        s = report.scores[path]
        s.tp, s.fn, s.fp = s.tp + tp, s.fn + len(missed), s.fp + len(extra)
        if missed or extra:
            report.errors.append(f"{where} {path}: missed {missed} extra {extra}")


# --- real documents ----------------------------------------------------------------------


def _collapse(text: str) -> tuple[str, list[int]]:
    """Text with white space runs collapsed to one space (and quotes, dashes unified), and
    the offset in the original of each character kept."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    table = {
        "\u2019": "'",
        "\u2018": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2013": "-",
        "\u2014": "-",
    }
    for i, ch in enumerate(text):
        ch = table.get(ch, ch)
        if ch.isspace():
            if not space and out:
                out.append(" ")
                offsets.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


def locate(text: str, anchor: str) -> int | None:
    """Offset in `text` of the anchor phrase (white space and quotes loosely compared)."""
    collapsed, offsets = _collapse(text)
    needle, _ = _collapse(anchor)
    i = collapsed.find(needle.strip())
    if i < 0:
        i = fold(collapsed).find(fold(needle.strip()))
    return offsets[i] if i >= 0 else None


def document_path(name: str) -> Path | None:
    for folder in DOCUMENTS:
        if (folder / name).exists():
            return folder / name
    return None


def extract(path: Path) -> tuple[str, list[Any]]:
    """The document's text and its extractions (this process: no time limit needed)."""
    from pipeline.extract import extract_document
    from pipeline.settings import Settings
    from pipeline.sources import read_document

    doc = read_document(path, Settings(workers=0), name=path.name)
    return doc.text, extract_document(doc)


def judge_document(report: Report, exp_doc: dict[str, Any]) -> None:
    name = exp_doc["document"]
    path = document_path(name)
    if path is None:
        report.errors.append(f"{name}: document not found")
        return
    text, extractions = extract(path)
    report.documents += 1
    records = [x.record.to_contract() for x in extractions]
    common = exp_doc.get("common") or {}
    expected = exp_doc.get("records") or []
    rec_score = report.scores["records"]
    if not expected:
        # no decision visible (a text cut before one): the session's facts are judged on
        # the one record the pipeline gives; more records would be invented decisions
        judge_record(report, f"{name} (session)", common, records[0] if records else None)
        rec_score.fp += max(0, len(records) - 1)
        return
    owners: list[int | None] = []
    for exp in expected:
        off = locate(text, exp["anchor"])
        owner = None
        if off is None:
            report.errors.append(f"{name}: anchor not found: {exp['anchor']!r}")
        else:
            owner = next(
                (k for k, x in enumerate(extractions) if x.segment_start <= off < x.segment_end),
                None,
            )
        owners.append(owner)
    counts = Counter(o for o in owners if o is not None)
    for i, (exp, owner) in enumerate(zip(expected, owners, strict=True)):
        where = f"{name} #{i + 1} ({exp['anchor'][:30]})"
        first_owner = owner is not None and owners.index(owner) == i
        if owner is not None and first_owner:
            rec_score.tp += 1
        else:
            rec_score.fn += 1
            report.errors.append(
                f"{where}: not split out" if owner is not None else f"{where}: not found"
            )
        judge_record(
            report, where, merged(common, exp), records[owner] if owner is not None else None
        )
    rec_score.fp += len(records) - len(counts)
    if len(records) > len(counts):
        report.errors.append(f"{name}: {len(records) - len(counts)} extra record(s)")


def realdocs(folder: Path = EXPECTATIONS, only: str | None = None) -> Report:
    report = Report()
    for path in sorted(folder.glob("*.json")):
        exp_doc = json.loads(path.read_text(encoding="utf-8"))
        if only and only not in exp_doc["document"]:
            continue
        judge_document(report, exp_doc)
    return report


# --- generated variants -------------------------------------------------------------------


def variants(seed: int = 0, pdf: bool = True) -> Report:
    """Facts recovered over every rendering of the variants generator (text and PDF)."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from pipeline.extract import extract_document
    from pipeline.pdf import read_pdf
    from pipeline.settings import Settings
    from pipeline.sources import decode_document
    from tests.variants import generate_all, render_pdf

    report = Report()
    settings = Settings(workers=0)
    with tempfile.TemporaryDirectory() as tmp:
        for v in generate_all(seed):
            renderings = [
                ("text", decode_document(f"{v.id}.txt", v.text.encode(), ".txt", settings))
            ]
            if pdf and v.pdf_blocks:
                out = Path(tmp) / f"{v.id}.pdf"
                render_pdf(v, out)
                renderings.append(("pdf", read_pdf(out, settings, name=out.name)))
            for kind, doc in renderings:
                report.documents += 1
                got = [x.record.to_contract() for x in extract_document(doc)]
                judge_record(report, f"{v.id} [{kind}]", v.expected, got[0] if got else None)
                if len(got) != 1:
                    report.scores["records"].fp += len(got) - 1
                    report.errors.append(f"{v.id} [{kind}]: {len(got)} records, expected 1")
                else:
                    report.scores["records"].tp += 1
    return report


# --- output ------------------------------------------------------------------------------


def table(report: Report) -> str:
    def fmt(x: float | None) -> str:
        return "  -  " if x is None else f"{x:.3f}"

    lines = [f"{'field':34} {'TP':>5} {'FP':>5} {'FN':>5}  {'P':>5}  {'R':>5}  {'F1':>5}"]
    order = ["records", *SCALARS, *LISTS]
    for path in order:
        s = report.scores.get(path)
        if not s or not (s.tp or s.fp or s.fn):
            continue
        lines.append(
            f"{path:34} {s.tp:5d} {s.fp:5d} {s.fn:5d}  {fmt(s.precision)}  {fmt(s.recall)}  {fmt(s.f1)}"
        )
    t = report.total()
    lines.append(
        f"{'all fields (micro)':34} {t.tp:5d} {t.fp:5d} {t.fn:5d}  {fmt(t.precision)}  {fmt(t.recall)}  {fmt(t.f1)}"
    )
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    return {
        "documents": report.documents,
        "fields": {
            k: {
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
            }
            for k, s in sorted(report.scores.items())
        },
        "all": {
            "precision": report.total().precision,
            "recall": report.total().recall,
            "f1": report.total().f1,
        },
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", action="store_true", help="the generated surface forms")
    parser.add_argument("--no-pdf", action="store_true", help="variants: text renderings only")
    parser.add_argument("--doc", help="only the real documents whose name contains this")
    parser.add_argument("--errors", action="store_true", help="print every disagreement")
    parser.add_argument("--json", help="write the figures as JSON to this file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    report = variants(pdf=not args.no_pdf) if args.variants else realdocs(only=args.doc)
    print(f"{report.documents} documents")
    print(table(report))
    if args.errors:
        print("\n".join(_sorted_errors(report.errors)))
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(report), indent=1) + "\n", encoding="utf-8")
    return 0


def _sorted_errors(errors: list[str]) -> Iterator[str]:
    yield from errors


if __name__ == "__main__":
    sys.exit(main())
