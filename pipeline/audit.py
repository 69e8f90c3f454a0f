"""The auditors' report: findings by check and status, worst first, with the evidence.

`audit(engine, since=..., body=...)` gathers the findings of the selected deliberations
with, for each, the sentences of the document the checked values came from (provenance
spans, page numbers for PDFs). `render_html` writes a standalone page (no script, every piece
of document text escaped); `to_json` the same data for tools.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pipeline.messages_fr import french
from schemas.tables import DeliberationRow, DocumentRow, FindingRow, ProvenanceSpanRow

SEVERITY = {"fail": 0, "warning": 1, "pass": 2, "not_applicable": 3}
#: the fields each check reads, as prefixes of provenance field paths
EVIDENCE = {
    "phasing_total": ("imputations",),
    "decided_total": ("imputations",),
    "program_code": ("budget.program_codes", "imputations"),
    "vote_total": (
        "vote.",
        "attendance.present_count",
        "attendance.proxy_count",
        "attendance.voters_count",
    ),
    "present_count": ("attendance.present_count",),
    "proxy_count": ("attendance.proxy_count",),
    "proxy_holder_present": ("attendance.proxies",),
    "proxy_giver_absent": ("attendance.proxies",),
    "proxy_limit": ("attendance.proxies",),
    "quorum": (
        "attendance.members_in_office",
        "attendance.present_count",
        "attendance.proxy_count",
    ),
    "unanimity": ("vote.",),
    "person_unique": ("attendance.present_count", "attendance.absent"),
    "scheme_ceiling": ("imputations", "beneficiaries"),
}
MAX_EVIDENCE = 4
#: what each check verifies, shown beside its failures (quorum and proxy limits also cite
#: the legal basis of the rule in force in their message)
RULES = {
    "phasing_total": "le phasage des paiements d'une imputation égale son AE/AP",
    "decided_total": "les montants arrêtés dans le dispositif égalent le tableau des imputations",
    "program_code": "le code programme cité égale la partie programme des imputations",
    "vote_total": "pour + contre + abstentions (+ ne prenant pas part) = votants (présents + représentés)",
    "present_count": "le nombre de présents annoncé égale les noms listés",
    "proxy_count": "le nombre de pouvoirs annoncé égale les pouvoirs listés",
    "proxy_holder_present": "tout porteur de pouvoir est présent",
    "proxy_giver_absent": "aucun mandant n'est listé présent",
    "proxy_limit": "nul ne porte plus de pouvoirs que la loi en vigueur le permet (CGCT, dérogations COVID-19)",
    "quorum": "quorum de l'organe à la date de la séance (CGCT, dérogations COVID-19)",
    "unanimity": "une décision dite unanime n'a pas de voix contre",
    "person_unique": "nul n'est listé deux fois, ni à la fois présent et absent",
    "scheme_ceiling": "l'aide respecte les plafonds du dispositif (règlement de l'appel à projets)",
}


@dataclass
class Evidence:
    field: str
    page: int | None
    before: str
    quoted: str
    after: str


@dataclass
class AuditFinding:
    check: str
    status: str
    message: str
    subject: str | None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class AuditedDeliberation:
    id: int
    file: str
    segment: int
    reference: str | None
    session_date: str | None
    body: str | None
    authority: str | None
    subject: str | None
    findings: list[AuditFinding] = field(default_factory=list)

    @property
    def worst(self) -> int:
        return min((SEVERITY[f.status] for f in self.findings), default=3)


@dataclass
class Audit:
    deliberations: list[AuditedDeliberation]
    counts: dict[str, dict[str, int]]  # check -> status -> n
    #: per field, in how many deliberations it was found: (field, found, total)
    coverage: list[tuple[str, int, int]] = field(default_factory=list)

    def total(self, status: str) -> int:
        return sum(c.get(status, 0) for c in self.counts.values())


def _sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around a span, split into before / quoted / after."""
    lo = max(0, start - 200)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start))
    lo = cut + 1 if cut >= lo else lo
    hi_candidates = [
        i for i in (text.find(". ", end, end + 200), text.find("\n", end, end + 200)) if i >= 0
    ]
    hi = min(hi_candidates) + 1 if hi_candidates else min(len(text), end + 200)
    return text[lo:start].lstrip(), text[start:end], text[end:hi].rstrip()


def audit(engine: Engine, since: dt.date | None = None, body: str | None = None) -> Audit:
    with Session(engine) as conn:
        q = select(DeliberationRow, DocumentRow.path, DocumentRow.text).join(
            DocumentRow, DocumentRow.id == DeliberationRow.document_id
        )
        if since:
            q = q.where(DeliberationRow.session_date >= since)
        if body:
            q = q.where(DeliberationRow.body == body)
        rows = conn.execute(q.order_by(DocumentRow.path, DeliberationRow.segment_index)).all()
        out: list[AuditedDeliberation] = []
        counts: dict[str, Counter[str]] = {}
        for row in rows:
            d = row.DeliberationRow
            spans = conn.execute(
                select(
                    ProvenanceSpanRow.field_path,
                    ProvenanceSpanRow.start,
                    ProvenanceSpanRow.end,
                    ProvenanceSpanRow.page,
                )
                .where(ProvenanceSpanRow.deliberation_id == d.id)
                .order_by(ProvenanceSpanRow.start)
            ).all()
            item = AuditedDeliberation(
                id=d.id,
                file=row.path,
                segment=d.segment_index,
                reference=d.reference,
                session_date=d.session_date.isoformat() if d.session_date else None,
                body=d.body,
                authority=d.authority_name,
                subject=d.subject,
            )
            for f in conn.execute(
                select(FindingRow).where(FindingRow.deliberation_id == d.id).order_by(FindingRow.id)
            ).scalars():
                counts.setdefault(f.check_name, Counter())[f.status] += 1
                found = AuditFinding(f.check_name, f.status, f.message, f.subject)
                if f.status in ("fail", "warning"):
                    prefixes = EVIDENCE.get(f.check_name, ())
                    for s in spans:
                        if s.field_path.startswith(prefixes) and len(found.evidence) < MAX_EVIDENCE:
                            before, quoted, after = _sentence(row.text, s.start, s.end)
                            found.evidence.append(
                                Evidence(s.field_path, s.page, before, quoted, after)
                            )
                item.findings.append(found)
            item.findings.sort(key=lambda f: SEVERITY[f.status])
            out.append(item)
    out.sort(key=lambda d: (d.worst, d.file, d.segment))
    from pipeline.coverage import coverage

    return Audit(
        out,
        {k: dict(sorted(v.items())) for k, v in sorted(counts.items())},
        coverage(engine, since, body),
    )


def to_json(report: Audit) -> str:
    return json.dumps(
        {
            "counts": report.counts,
            "coverage": {name: {"found": n, "of": total} for name, n, total in report.coverage},
            "deliberations": [asdict(d) for d in report.deliberations],
        },
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    )


_CSS = """
body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}
.fail{color:#fff;background:#b00020}.warning{background:#ffd54f}.pass{background:#c8e6c9}
.not_applicable{background:#eee}.status{padding:0 .4em;border-radius:3px;font-size:.85em}
article{border-top:2px solid #444;margin-top:1.5em}blockquote{margin:.3em 0 .3em 1.5em;color:#444}
mark{background:#fff176}.meta{color:#666;font-size:.9em}
"""


#: statuses as the report shows them (the codes stay in the classes, the JSON and the CLI)
STATUS_FR = {
    "fail": "échec",
    "warning": "alerte",
    "pass": "conforme",
    "not_applicable": "sans objet",
}


def render_html(report: Audit, title: str = "delib — audit des délibérations") -> str:
    """A standalone page: every piece of document text goes through html.escape."""
    e = html.escape
    statuses = ("fail", "warning", "pass", "not_applicable")
    parts = [
        "<!doctype html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{len(report.deliberations)} délibérations; '
        + ", ".join(
            f'<span class="status {s}">{STATUS_FR[s]}</span> {report.total(s)}' for s in statuses
        )
        + "</p>",
        '<h2 id="summary">Résumé par contrôle</h2><table><tr><th>contrôle</th>'
        + "".join(f"<th>{STATUS_FR[s]}</th>" for s in statuses)
        + "</tr>",
    ]
    for check, counts in report.counts.items():
        parts.append(
            f"<tr><td>{e(check)}</td>"
            + "".join(f"<td>{counts.get(s, 0)}</td>" for s in statuses)
            + "</tr>"
        )
    parts.append("</table>")
    if report.coverage:
        parts.append(
            '<h2 id="coverage">Champs trouvés</h2><table><tr><th>champ</th><th>trouvé</th><th>sur</th></tr>'
            + "".join(
                f"<tr><td>{e(name)}</td><td>{n}</td><td>{total}</td></tr>"
                for name, n, total in report.coverage
            )
            + "</table>"
        )
    flagged = [d for d in report.deliberations if d.worst <= 1]
    parts.append(f"<h2>Délibérations à examiner ({len(flagged)})</h2><ol>")
    for d in flagged:
        parts.append(
            f'<li><a href="#d{d.id}">{e(d.file)} — {e(d.reference or "(sans numéro)")} — {e(d.subject or "")[:120]}</a></li>'
        )
    parts.append("</ol>")
    for d in report.deliberations:
        parts.append(
            f'<article id="d{d.id}"><h3>{e(d.reference or "(sans numéro)")} — {e(d.subject or "(objet non trouvé)")}</h3>'
        )
        parts.append(
            f'<p class="meta">{e(d.file)}, délibération {d.segment + 1}; séance du {e(d.session_date or "?")}; '
            f'{e(d.authority or "")} {e(d.body or "")} — <a href="#summary">résumé</a></p><ul>'
        )
        examined = [f for f in d.findings if f.status in ("fail", "warning")]
        quiet = [f for f in d.findings if f.status not in ("fail", "warning")]
        for f in examined + quiet:
            if f is (quiet[0] if quiet else None):
                # passes and checks without object, folded: what needs a look comes first
                parts.append(
                    f"</ul><details><summary>{len(quiet)} contrôle(s) conforme(s) ou sans "
                    "objet</summary><ul>"
                )
            parts.append(
                f'<li><span class="status {e(f.status)}">{e(STATUS_FR[f.status])}</span> <b>{e(f.check)}</b> : {e(french(f.check, f.message))}'
            )
            if f.status in ("fail", "warning") and f.check in RULES:
                parts.append(f'<br><span class="meta">règle : {e(RULES[f.check])}</span>')
            for ev in f.evidence:
                page = f"p. {ev.page}, " if ev.page else ""
                parts.append(
                    f'<blockquote><span class="meta">{page}{e(ev.field)}</span><br>'
                    f"{e(ev.before)}<mark>{e(ev.quoted)}</mark>{e(ev.after)}</blockquote>"
                )
            parts.append("</li>")
        parts.append("</ul></details></article>" if quiet else "</ul></article>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
