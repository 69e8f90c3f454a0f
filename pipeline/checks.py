"""Cross-checks: pure functions from one extracted deliberation to findings.

Each check returns findings with a status from the contract's vocabulary (pass, fail,
warning, not_applicable) and a message naming the figures. Checks never raise and never
print; `run_checks` turns an unexpected exception into a warning finding so that one bad
record cannot stop a run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from extractors import Extraction
from extractors.names import PersonIndex, person_key
from schemas.legal import Rule, body_type, rule_for
from schemas.records import Deliberation, Finding, Person
from schemas.schemes import scheme_of

Check = Callable[[Extraction], list[Finding]]


def _f(check: str, status: str, message: str, subject: str | None = None) -> Finding:
    return Finding(check=check, status=status, message=message, subject=subject)


def _eur(x: float) -> str:
    return f"{x:,.2f} €".replace(",", " ")


def phasing_total(x: Extraction) -> list[Finding]:
    out = []
    for imp in x.record.imputations:
        if not imp.phasing or imp.amount is None:
            out.append(
                _f(
                    "phasing_total",
                    "not_applicable",
                    f"{imp.code}: no phasing or no amount given",
                    imp.code,
                )
            )
            continue
        total = round(sum(p.amount for p in imp.phasing), 2)
        years = ", ".join(f"{p.year}: {_eur(p.amount)}" for p in imp.phasing)
        if abs(total - imp.amount) < 0.005:
            out.append(
                _f(
                    "phasing_total",
                    "pass",
                    f"{imp.code}: phasing ({years}) sums to {_eur(total)} = {imp.kind} {_eur(imp.amount)}",
                    imp.code,
                )
            )
        else:
            out.append(
                _f(
                    "phasing_total",
                    "fail",
                    f"{imp.code}: phasing ({years}) sums to {_eur(total)}, {imp.kind} is {_eur(imp.amount)} (difference {_eur(total - imp.amount)})",
                    imp.code,
                )
            )
    if not out:
        out.append(_f("phasing_total", "not_applicable", "no imputation with a payment phasing"))
    return out


def decided_total(x: Extraction) -> list[Finding]:
    imps = [i for i in x.record.imputations if i.amount is not None]
    if not x.stated_totals or not imps:
        return [
            _f(
                "decided_total",
                "not_applicable",
                "no total stated in the decision, or no imputation table",
            )
        ]
    by_kind = {k: round(sum(i.amount or 0 for i in imps if i.kind == k), 2) for k in ("AE", "AP")}
    overall = round(sum(i.amount or 0 for i in imps), 2)
    out = []
    for t in x.stated_totals:
        if t.section:
            target = by_kind[t.section]
            label = "fonctionnement (AE)" if t.section == "AE" else "investissement (AP)"
            ok = abs(target - t.amount) < 0.005
            msg = f"stated {_eur(t.amount)} en {label}; imputation table gives {_eur(target)}"
        else:
            ok = any(abs(v - t.amount) < 0.005 for v in (overall, *by_kind.values()))
            msg = f"stated total {_eur(t.amount)}; imputation table gives {_eur(overall)} (AE {_eur(by_kind['AE'])}, AP {_eur(by_kind['AP'])})"
        out.append(_f("decided_total", "pass" if ok else "fail", msg))
    return out


def program_code(x: Extraction) -> list[Finding]:
    cited = set(x.record.budget.program_codes)
    programs = {i.program for i in x.record.imputations if i.program}
    if not cited or not programs:
        return [
            _f(
                "program_code",
                "not_applicable",
                "no programme code cited in the text, or no imputation",
            )
        ]
    missing = sorted(programs - cited)
    extra = sorted(cited - programs)
    if not missing and not extra:
        return [
            _f(
                "program_code",
                "pass",
                f"programme {', '.join(sorted(cited))} cited in the text matches the imputations",
            )
        ]
    return [
        _f(
            "program_code",
            "fail",
            f"programmes in imputations {sorted(programs)} vs cited in the text {sorted(cited)}",
            ", ".join(missing + extra),
        )
    ]


def _voters(r: Deliberation) -> tuple[int | None, str]:
    a = r.attendance
    if a.voters_count is not None:
        return a.voters_count, f"{a.voters_count} voters stated"
    if a.present_count is not None and a.proxy_count is not None:
        return (
            a.present_count + a.proxy_count,
            f"{a.present_count} present + {a.proxy_count} represented (stated)",
        )
    if a.present:
        n = len(a.present) + len(a.proxies)
        return n, f"{len(a.present)} present + {len(a.proxies)} proxies (listed)"
    return None, ""


def vote_total(x: Extraction) -> list[Finding]:
    v = x.record.vote
    if v.for_ is None:
        return [
            _f(
                "vote_total",
                "not_applicable",
                "no vote count given" + (" (unanimous, counts implied)" if v.unanimous else ""),
            )
        ]
    voters, how = _voters(x.record)
    if voters is None:
        return [
            _f(
                "vote_total",
                "not_applicable",
                f"{v.for_} for, but no attendance figures to compare with",
            )
        ]
    parts = {
        "for": v.for_,
        "against": v.against,
        "abstention": v.abstention,
        "not voting": v.not_voting,
    }
    total = sum(n for n in parts.values() if n is not None)
    missing = [k for k, n in parts.items() if n is None and k != "not voting"]
    text = " + ".join(f"{n} {k}" for k, n in parts.items() if n is not None)
    if total == voters:
        note = f" ({', '.join(missing)} not given)" if missing else ""
        return [_f("vote_total", "pass", f"{text} = {total} = {how}{note}")]
    if missing and total < voters:
        return [
            _f(
                "vote_total",
                "warning",
                f"{text} = {total} < {voters} ({how}); {', '.join(missing)} not given",
            )
        ]
    return [_f("vote_total", "fail", f"{text} = {total}, but {how} = {voters}")]


def present_count(x: Extraction) -> list[Finding]:
    a = x.record.attendance
    if a.present_count is None or not a.present:
        return [
            _f("present_count", "not_applicable", "no stated present count, or no names listed")
        ]
    n = len(a.present)
    if n == a.present_count:
        return [
            _f("present_count", "pass", f"{n} present members listed = {a.present_count} stated")
        ]
    return [_f("present_count", "fail", f"{n} present members listed, {a.present_count} stated")]


def proxy_count(x: Extraction) -> list[Finding]:
    a = x.record.attendance
    if a.proxy_count is None:
        return [_f("proxy_count", "not_applicable", "no stated proxy count")]
    n = len(a.proxies)
    if n == a.proxy_count:
        return [_f("proxy_count", "pass", f"{n} proxies listed = {a.proxy_count} stated")]
    return [_f("proxy_count", "fail", f"{n} proxies listed, {a.proxy_count} stated")]


def _in(p: Person, people: list[Person] | PersonIndex) -> bool:
    return p in (people if isinstance(people, PersonIndex) else PersonIndex(people))


def proxy_holder_present(x: Extraction) -> list[Finding]:
    a = x.record.attendance
    if not a.proxies or not a.present:
        return [
            _f(
                "proxy_holder_present",
                "not_applicable",
                "no proxies, or no list of present members",
            )
        ]
    chair = [x.record.session.chair] if x.record.session.chair else []
    present = PersonIndex(a.present)
    out = []
    for pr in a.proxies:
        if not _in(pr.holder, present) and not _in(pr.holder, chair):
            out.append(
                _f(
                    "proxy_holder_present",
                    "fail",
                    f"{pr.holder.raw} holds the proxy of {pr.giver.raw} but is not listed as present",
                    pr.holder.raw,
                )
            )
    if not out:
        via_chair = [pr.holder.raw for pr in a.proxies if not _in(pr.holder, present)]
        note = f" (the chair {via_chair[0]} counted as present)" if via_chair else ""
        out.append(
            _f(
                "proxy_holder_present",
                "pass",
                f"all {len(a.proxies)} proxy holders are present{note}",
            )
        )
    return out


def proxy_giver_absent(x: Extraction) -> list[Finding]:
    a = x.record.attendance
    if not a.proxies or not a.present:
        return [
            _f("proxy_giver_absent", "not_applicable", "no proxies, or no list of present members")
        ]
    present = PersonIndex(a.present)
    out = []
    for pr in a.proxies:
        how = present.match(pr.giver)
        if how == "exact":
            out.append(
                _f(
                    "proxy_giver_absent",
                    "fail",
                    f"{pr.giver.raw} gave a proxy to {pr.holder.raw} but is also listed as present",
                    pr.giver.raw,
                )
            )
        elif how == "ambiguous":
            out.append(
                _f(
                    "proxy_giver_absent",
                    "warning",
                    f"{pr.giver.raw} gave a proxy to {pr.holder.raw}; a member of the same surname is listed as present, without a first name to tell them apart",
                    pr.giver.raw,
                )
            )
    return out or [
        _f(
            "proxy_giver_absent",
            "pass",
            f"none of the {len(a.proxies)} proxy givers is listed as present",
        )
    ]


def unanimity(x: Extraction) -> list[Finding]:
    v = x.record.vote
    if v.unanimous is not True:
        return [_f("unanimity", "not_applicable", "the decision is not said to be unanimous")]
    if v.against:
        return [_f("unanimity", "fail", f"said unanimous, but {v.against} against")]
    if v.abstention:
        return [
            _f(
                "unanimity",
                "warning",
                f"said unanimous with {v.abstention} abstention(s): unanimity of the votes cast",
            )
        ]
    return [
        _f(
            "unanimity",
            "pass",
            "said unanimous; no vote against" + (" or abstention" if v.abstention == 0 else ""),
        )
    ]


def person_unique(x: Extraction) -> list[Finding]:
    a = x.record.attendance
    if not a.present and not a.absent:
        return [_f("person_unique", "not_applicable", "no names listed")]
    out = []
    seen: dict[str, Person] = {}
    for p in a.present:
        k = person_key(p)
        if k in seen:
            out.append(
                _f(
                    "person_unique",
                    "fail",
                    f"{p.raw} is listed twice among the present members",
                    p.raw,
                )
            )
        seen[k] = p
    present = PersonIndex(a.present)
    for p in a.absent:
        if _in(p, present):
            out.append(
                _f(
                    "person_unique",
                    "fail",
                    f"{p.raw} is listed both as present and as absent",
                    p.raw,
                )
            )
    return out or [
        _f(
            "person_unique",
            "pass",
            f"{len(a.present)} present and {len(a.absent)} absent members, nobody listed twice",
        )
    ]


@dataclass(frozen=True)
class Assumptions:
    """Points the law leaves to each body's rules of procedure; findings name them."""

    #: proxies one member of a regional commission permanente may hold (CGCT L4132-13-1 is
    #: silent; rules of procedure commonly say one, by analogy with L4132-15)
    cp_region_max_proxies: int = 1


DEFAULT_ASSUMPTIONS = Assumptions()


def _rule(r: Deliberation) -> tuple[Rule | None, str]:
    kind = body_type(r.authority.level, r.body)
    if kind is None:
        return None, "body type unknown"
    if not r.session.date:
        return None, "session date unknown"
    rule = rule_for(kind, dt.date.fromisoformat(r.session.date))
    return rule, "" if rule else f"no rule for {kind}"


def quorum(x: Extraction) -> list[Finding]:
    r = x.record
    rule, why = _rule(r)
    if rule is None:
        return [_f("quorum", "not_applicable", f"no quorum rule: {why}")]
    a = r.attendance
    if a.members_in_office is None:
        return [_f("quorum", "not_applicable", "the number of members in office is not given")]
    present = (
        a.present_count if a.present_count is not None else (len(a.present) if a.present else None)
    )
    if present is None:
        return [
            _f("quorum", "not_applicable", "neither a present count nor a list of present members")
        ]
    counted, who = present, f"{present} present"
    if rule.quorum_counts == "present_or_represented":
        proxies = a.proxy_count if a.proxy_count is not None else len(a.proxies)
        counted, who = present + proxies, f"{present} present + {proxies} represented"
    required = rule.quorum_required(a.members_in_office)
    basis = f"{rule.describe_quorum()} [{rule.rule_id}; {rule.legal_basis}]"
    if counted >= required:
        return [
            _f(
                "quorum",
                "pass",
                f"{who} = {counted} of {a.members_in_office} in office, at least {required} required: {basis}",
            )
        ]
    return [
        _f(
            "quorum",
            "fail",
            f"{who} = {counted} of {a.members_in_office} in office, but {required} required: {basis}",
        )
    ]


def proxy_limit(x: Extraction, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> list[Finding]:
    r = x.record
    if not r.attendance.proxies:
        return [_f("proxy_limit", "not_applicable", "no proxies")]
    rule, why = _rule(r)
    if rule is None:
        return [_f("proxy_limit", "not_applicable", f"no proxy rule: {why}")]
    limit, assumed = rule.max_proxies, ""
    if rule.max_proxies_configurable:
        limit = assumptions.cp_region_max_proxies
        assumed = ", assumed from the rules of procedure (the law does not fix it)"
    held = Counter(person_key(p.holder) for p in r.attendance.proxies)
    names = {person_key(p.holder): p.holder.raw for p in r.attendance.proxies}
    basis = f"[{rule.rule_id}; {rule.legal_basis}]"
    over = [(k, n) for k, n in held.items() if n > limit]
    if not over:
        return [
            _f(
                "proxy_limit",
                "pass",
                f"no member holds more than {max(held.values())} proxy(ies); limit {limit}{assumed} {basis}",
            )
        ]
    return [
        _f(
            "proxy_limit",
            "fail",
            f"{names[k]} holds {n} proxies; limit {limit}{assumed} {basis}",
            names[k],
        )
        for k, n in over
    ]


def scheme_ceiling(x: Extraction) -> list[Finding]:
    """Aid granted under a known scheme respects its ceilings: per beneficiary when the
    amounts are given, else on the total against the number of beneficiaries."""
    r = x.record
    scheme = scheme_of([r.subject or "", r.theme or "", *(ref.text for ref in r.legal_references)])
    if scheme is None:
        return [_f("scheme_ceiling", "not_applicable", "no known aid scheme cited")]
    eligible = [b for b in r.beneficiaries if b.kind in scheme.beneficiary_kinds]
    if not eligible:
        return [
            _f("scheme_ceiling", "not_applicable", f"{scheme.name}: no eligible beneficiary named")
        ]
    out: list[Finding] = []
    n = len(eligible)
    sections = (
        ("AE", "operating aid", scheme.operating_total, scheme.operating_note),
        (
            "AP",
            "investment aid",
            scheme.investment_cap,
            f"at most {int((scheme.investment_rate or 0) * 100)} % capped at {_eur(scheme.investment_cap or 0)}",
        ),
    )
    for kind, label, ceiling, note in sections:
        if ceiling is None:
            continue
        total = sum(i.amount or 0 for i in r.imputations if i.kind == kind)
        if not total:
            continue
        amounts = [b.amount for b in eligible]
        if all(a is not None for a in amounts):
            for b in eligible:
                ok = (b.amount or 0) <= ceiling
                out.append(
                    _f(
                        "scheme_ceiling",
                        "pass" if ok else "fail",
                        f"{scheme.name}: {label} to {b.name} {_eur(b.amount or 0)}, ceiling {_eur(ceiling)} ({note})",
                        b.name,
                    )
                )
        else:
            cap = ceiling * n
            ok = total <= cap
            out.append(
                _f(
                    "scheme_ceiling",
                    "pass" if ok else "fail",
                    f"{scheme.name}: {label} {_eur(total)} for {n} beneficiaries (amounts not split), at most {n} x {_eur(ceiling)} = {_eur(cap)} ({note})",
                )
            )
    if scheme.single_aid_per_beneficiary:
        names = [b.name.lower() for b in eligible]
        dup = sorted({b.name for b in eligible if names.count(b.name.lower()) > 1})
        if dup:
            out.append(
                _f(
                    "scheme_ceiling",
                    "fail",
                    f"{scheme.name}: a single aid per beneficiary, but {', '.join(dup)} named twice",
                )
            )
    return out or [_f("scheme_ceiling", "not_applicable", f"{scheme.name}: no amount to compare")]


#: the checks run on every record, in this order
def majority(x: Extraction) -> list[Finding]:
    """The outcome follows from the counts: adopted with more votes for than against (the
    absolute majority of the votes cast, abstentions not counted); on a tie, the chair's
    casting vote decides where the law gives one."""
    v = x.record.vote
    if v.outcome not in ("adopted", "rejected"):
        return [_f("majority", "not_applicable", "no outcome stated")]
    if v.for_ is None or v.against is None:
        return [_f("majority", "not_applicable", "the votes for and against are not both given")]
    cast = f"{v.for_} for, {v.against} against (majority of the {v.for_ + v.against} votes cast)"
    if v.for_ == v.against:
        rule, why = _rule(x.record)
        tie = rule.casting_vote if rule else why
        return [
            _f(
                "majority",
                "warning",
                f"tie: {cast}; {v.outcome} rests on the casting vote ({tie})",
            )
        ]
    follows = "adopted" if v.for_ > v.against else "rejected"
    if follows != v.outcome:
        return [_f("majority", "fail", f"said {v.outcome}, but {cast}")]
    return [_f("majority", "pass", f"{v.outcome}: {cast}")]


def _said(c: Any) -> str:
    return f"{c.date.text.strip()!r} ({c.cue or 'title'})"


_MEETING_CUES = ("l'an", "s'est reuni", "se sont reuni", "reuni", "assemble", "(title)")


def _claims_the_session(c: Any) -> bool:
    """A statement that names this document's own session: in its title lines, in words
    ("L'an deux mille ..."), or saying the council met ("s'est réuni le ...")."""
    return bool(c.in_title or c.date.words or c.cue.startswith(_MEETING_CUES))


def date_consistency(x: Extraction) -> list[Finding]:
    """The document's statements of the session date agree (heading, "L'an ...", the
    weekday named), and the convocation precedes the session, which precedes the
    transmission and publication dates."""
    r = x.record
    day = r.session.date
    # what the stamp could not give for certain, or gave after a repair, quoting the text
    notes = [_f("date_consistency", "warning", f"stamp: {n}") for n in x.stamp_notes]
    if day is None:
        return notes or [_f("date_consistency", "not_applicable", "no session date")]
    out: list[Finding] = list(notes)
    for c in x.session_disagreeing:
        if not _claims_the_session(c):
            continue  # "le procès-verbal du conseil municipal du 28 avril": another session
        out.append(
            _f(
                "date_consistency",
                "fail",
                f"session date {day}, but the document also says {c.iso} in {_said(c)}",
                c.iso,
            )
        )
    for c in x.session_statements:
        if c.iso == day and c.date.weekday_ok is False and c.date.weekday:
            out.append(
                _f(
                    "date_consistency",
                    "fail",
                    f"{c.date.weekday} {day}: that day is not a {c.date.weekday}",
                    day,
                )
            )
            break
    if r.session.convened_on and r.session.convened_on > day:
        out.append(
            _f(
                "date_consistency",
                "fail",
                f"convened on {r.session.convened_on}, after the session of {day}",
            )
        )
    t = r.transmission
    if t is not None:
        for name in ("sent", "received", "published", "posted", "executory"):
            when = getattr(t, name)
            if when and when < day:
                out.append(
                    _f("date_consistency", "fail", f"{name} on {when}, before the session of {day}")
                )
        if t.act_date and t.act_date != day:
            out.append(
                _f(
                    "date_consistency",
                    "warning",
                    f"the ACTES act date {t.act_date} is not the session date {day}",
                )
            )
    if out:
        return out
    stated = len({(c.date.start, c.iso) for c in x.session_statements if c.iso == day})
    parts = [f"{stated} statement(s) of the session date agree"] if stated else []
    if r.session.convened_on:
        parts.append(f"convened on {r.session.convened_on}, before")
    if t is not None and any(getattr(t, n) for n in ("sent", "received", "published", "posted")):
        parts.append("transmitted and published after")
    return [
        _f("date_consistency", "pass", f"session {day}: " + "; ".join(parts or ["one statement"]))
    ]


CHECKS: dict[str, Check] = {
    "phasing_total": phasing_total,
    "decided_total": decided_total,
    "program_code": program_code,
    "vote_total": vote_total,
    "present_count": present_count,
    "proxy_count": proxy_count,
    "proxy_holder_present": proxy_holder_present,
    "proxy_giver_absent": proxy_giver_absent,
    "unanimity": unanimity,
    "person_unique": person_unique,
    "quorum": quorum,
    "proxy_limit": proxy_limit,
    "scheme_ceiling": scheme_ceiling,
    "date_consistency": date_consistency,
    "majority": majority,
}


def run_checks(x: Extraction) -> list[Finding]:
    findings: list[Finding] = []
    for name, check in CHECKS.items():
        try:
            findings.extend(check(x))
        except Exception as exc:  # a check must never stop a run
            findings.append(
                _f(name, "warning", f"check could not run: {type(exc).__name__}: {exc}")
            )
    return findings
