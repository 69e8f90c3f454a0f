"""Each cross-check with pass, fail and not_applicable cases, on records built for the test."""

from __future__ import annotations

from typing import Any

import pytest

from extractors import Extraction
from extractors.budget import StatedTotal
from pipeline import checks
from schemas.records import (
    Attendance,
    Budget,
    Deliberation,
    Imputation,
    Person,
    Phasing,
    Proxy,
    Session,
    Source,
    Transmission,
    Vote,
)


def person(last: str, first: str | None = None) -> Person:
    return Person(raw=f"{first or ''} {last}".strip(), first_name=first, last_name=last)


def make(**fields: Any) -> Extraction:
    totals = fields.pop("stated_totals", [])
    rec = Deliberation(source=Source(file="t.txt", sha256="0" * 64), **fields)
    return Extraction(rec, totals)


def statuses(findings: list[Any]) -> list[str]:
    return [f.status for f in findings]


IMP = Imputation(
    code="935/56/65734/56000010",
    program="56000010",
    kind="AE",
    amount=270000.0,
    phasing=[
        Phasing(year=2020, amount=5000),
        Phasing(year=2021, amount=130000),
        Phasing(year=2022, amount=90000),
        Phasing(year=2023, amount=45000),
    ],
)


def test_phasing_total() -> None:
    assert statuses(checks.phasing_total(make(imputations=[IMP]))) == ["pass"]
    bad = IMP.model_copy(update={"amount": 280000.0})
    (f,) = checks.phasing_total(make(imputations=[bad]))
    assert f.status == "fail" and "270 000.00" in f.message and "280 000.00" in f.message
    assert statuses(checks.phasing_total(make())) == ["not_applicable"]


def test_decided_total() -> None:
    ok = StatedTotal(270000.0, "AE", 0, 1)
    assert statuses(checks.decided_total(make(imputations=[IMP], stated_totals=[ok]))) == ["pass"]
    wrong = StatedTotal(300000.0, "AE", 0, 1)
    (f,) = checks.decided_total(make(imputations=[IMP], stated_totals=[wrong]))
    assert f.status == "fail" and "300 000.00" in f.message
    assert statuses(checks.decided_total(make(imputations=[IMP]))) == ["not_applicable"]


def test_program_code() -> None:
    assert statuses(
        checks.program_code(make(imputations=[IMP], budget=Budget(program_codes=["56000010"])))
    ) == ["pass"]
    (f,) = checks.program_code(make(imputations=[IMP], budget=Budget(program_codes=["56000017"])))
    assert f.status == "fail" and "56000017" in f.message
    assert statuses(checks.program_code(make(imputations=[IMP]))) == ["not_applicable"]


def test_vote_total() -> None:
    att = Attendance(present_count=37, proxy_count=15)
    good = make(vote=Vote(**{"for": 52, "against": 0, "abstention": 0}), attendance=att)
    assert statuses(checks.vote_total(good)) == ["pass"]
    bad = make(vote=Vote(**{"for": 50, "against": 0, "abstention": 0}), attendance=att)
    (f,) = checks.vote_total(bad)
    assert f.status == "fail" and "50" in f.message and "52" in f.message
    partial = make(vote=Vote(**{"for": 20}), attendance=Attendance(voters_count=28))
    assert statuses(checks.vote_total(partial)) == ["warning"]
    partial_ok = make(vote=Vote(**{"for": 28}), attendance=Attendance(voters_count=28))
    (f,) = checks.vote_total(partial_ok)
    assert f.status == "pass" and "not given" in f.message
    assert statuses(checks.vote_total(make(vote=Vote(unanimous=True)))) == ["not_applicable"]


def test_present_and_proxy_counts() -> None:
    two = [person("A", "Anne"), person("B", "Bob")]
    assert statuses(
        checks.present_count(make(attendance=Attendance(present_count=2, present=two)))
    ) == ["pass"]
    (f,) = checks.present_count(make(attendance=Attendance(present_count=3, present=two)))
    assert f.status == "fail" and f.message == "2 present members listed, 3 stated"
    assert statuses(checks.present_count(make(attendance=Attendance(present=two)))) == [
        "not_applicable"
    ]
    prox = [Proxy(giver=person("C"), holder=person("A"))]
    assert statuses(
        checks.proxy_count(make(attendance=Attendance(proxy_count=1, proxies=prox)))
    ) == ["pass"]
    assert statuses(
        checks.proxy_count(make(attendance=Attendance(proxy_count=2, proxies=prox)))
    ) == ["fail"]
    assert statuses(checks.proxy_count(make())) == ["not_applicable"]


def test_proxy_holder_present() -> None:
    present = [person("DHERSIN", "Franck")]
    ok = Attendance(
        present=present,
        proxies=[Proxy(giver=person("BARISEAU", "Florence"), holder=person("DHERSIN", "Franck"))],
    )
    assert statuses(checks.proxy_holder_present(make(attendance=ok))) == ["pass"]
    bad = Attendance(
        present=present, proxies=[Proxy(giver=person("BARISEAU"), holder=person("FINEZ", "Sabine"))]
    )
    (f,) = checks.proxy_holder_present(make(attendance=bad))
    assert f.status == "fail" and f.subject == "Sabine FINEZ"
    assert statuses(checks.proxy_holder_present(make())) == ["not_applicable"]


def test_chair_counts_as_present_for_proxies() -> None:
    """realdoc 24: the mayor chairs, is not in the list of councillors, and holds a proxy."""
    att = Attendance(
        present=[person("PARIS", "Patrick")],
        proxies=[Proxy(giver=person("FOURMAS"), holder=person("GUERRINI", "Marc"))],
    )
    from schemas.records import Session

    (f,) = checks.proxy_holder_present(
        make(attendance=att, session=Session(chair=person("GUERRINI", "Marc")))
    )
    assert f.status == "pass" and "chair" in f.message


def test_proxy_giver_absent() -> None:
    present = [person("DHERSIN", "Franck")]
    ok = Attendance(
        present=present,
        proxies=[Proxy(giver=person("BARISEAU", "Florence"), holder=person("DHERSIN", "Franck"))],
    )
    assert statuses(checks.proxy_giver_absent(make(attendance=ok))) == ["pass"]
    bad = Attendance(present=[*present, person("BARISEAU", "Florence")], proxies=ok.proxies)
    assert statuses(checks.proxy_giver_absent(make(attendance=bad))) == ["fail"]
    same_surname = Attendance(present=[*present, person("BARISEAU")], proxies=ok.proxies)
    assert statuses(checks.proxy_giver_absent(make(attendance=same_surname))) == ["warning"]
    assert statuses(checks.proxy_giver_absent(make())) == ["not_applicable"]


@pytest.mark.parametrize(
    "vote,expected",
    [
        (Vote(unanimous=True, **{"for": 52, "against": 0, "abstention": 0}), "pass"),
        (Vote(unanimous=True, **{"for": 50, "against": 2}), "fail"),
        (Vote(unanimous=True, **{"for": 48, "against": 0, "abstention": 4}), "warning"),
        (Vote(unanimous=False, **{"for": 40, "against": 12}), "not_applicable"),
    ],
    ids=["unanimous", "unanimous_with_against", "unanimous_with_abstention", "majority"],
)
def test_unanimity(vote: Vote, expected: str) -> None:
    assert statuses(checks.unanimity(make(vote=vote))) == [expected]


def test_person_unique() -> None:
    assert statuses(
        checks.person_unique(make(attendance=Attendance(present=[person("A", "Anne")])))
    ) == ["pass"]
    twice = Attendance(present=[person("A", "Anne"), person("A", "Anne")])
    assert statuses(checks.person_unique(make(attendance=twice))) == ["fail"]
    both = Attendance(present=[person("A", "Anne")], absent=[person("A", "Anne")])
    (f,) = checks.person_unique(make(attendance=both))
    assert f.status == "fail" and "present and as absent" in f.message
    assert statuses(checks.person_unique(make())) == ["not_applicable"]


def test_run_checks_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_x: Extraction) -> list[Any]:
        raise RuntimeError("bad record")

    monkeypatch.setitem(checks.CHECKS, "vote_total", boom)
    found = checks.run_checks(make())
    (f,) = [f for f in found if f.check == "vote_total"]
    assert f.status == "warning" and "bad record" in f.message
    assert len({f.check for f in found}) == len(checks.CHECKS)


# --- quorum and proxy limits, by the rules in force on the session's date --------------------

from schemas.legal import rule_for  # noqa: E402
from schemas.records import Authority  # noqa: E402


def municipal(
    date: str, in_office: int | None, present: int | None, proxies: list[Proxy] | None = None
) -> Extraction:
    return make(
        authority=Authority(level="commune"),
        body="conseil_municipal",
        session=Session(date=date),
        attendance=Attendance(
            members_in_office=in_office, present_count=present, proxies=proxies or []
        ),
    )


@pytest.mark.parametrize(
    "day,rule_id",
    [
        ("2020-03-23", "CM-common"),
        ("2020-03-24", "COVID-1"),
        ("2020-04-02", "COVID-1"),
        ("2020-04-03", "COVID-2"),
        ("2020-07-10", "COVID-2"),
        ("2020-07-11", "COVID-3"),
        ("2020-08-30", "COVID-3"),
        ("2020-08-31", "CM-common"),
        ("2020-11-14", "CM-common"),
        ("2020-11-15", "COVID-4"),
        ("2021-09-30", "COVID-4"),
        ("2021-10-01", "CM-common"),
        ("2021-11-09", "CM-common"),
        ("2021-11-10", "COVID-5"),
        ("2022-07-31", "COVID-5"),
        ("2022-08-01", "CM-common"),
    ],
)
def test_period_boundaries(day: str, rule_id: str) -> None:
    import datetime as dt

    rule = rule_for("conseil_municipal", dt.date.fromisoformat(day))
    assert rule is not None and rule.rule_id == rule_id


def test_quorum_common_law_and_derogation() -> None:
    # 29 in office: more than half = 15 present (L2121-17)
    (ok,) = checks.quorum(municipal("2020-01-30", 29, 15))
    assert ok.status == "pass" and "at least 15 required" in ok.message and "L2121-17" in ok.message
    (missed,) = checks.quorum(municipal("2020-01-30", 29, 14))
    assert (
        missed.status == "fail"
        and "14 present = 14 of 29 in office, but 15 required" in missed.message
    )
    # the same 14 present on 2020-11-15: a third (10) suffices during the derogation
    (covid,) = checks.quorum(municipal("2020-11-15", 29, 14))
    assert covid.status == "pass" and "COVID-4" in covid.message and "un tiers" in covid.message
    (na,) = checks.quorum(municipal("2020-01-30", None, 14))
    assert na.status == "not_applicable" and "members in office" in na.message


def test_quorum_counts_represented_members_where_the_law_says_so() -> None:
    # a regional commission permanente: present OR represented (L4132-13-1)
    x = make(
        authority=Authority(level="region"),
        body="commission_permanente",
        session=Session(date="2019-11-26"),
        attendance=Attendance(members_in_office=60, present_count=25, proxy_count=8),
    )
    (f,) = checks.quorum(x)
    assert f.status == "pass" and "25 present + 8 represented = 33 of 60" in f.message


def test_proxy_limit_before_and_during_the_derogation() -> None:
    double = [
        Proxy(giver=person("A", "Ann"), holder=person("H", "Hugo")),
        Proxy(giver=person("B", "Bob"), holder=person("H", "Hugo")),
    ]
    (before,) = checks.proxy_limit(municipal("2020-11-14", 29, 20, double))
    assert (
        before.status == "fail"
        and before.subject == "Hugo H"
        and "holds 2 proxies; limit 1" in before.message
    )
    (during,) = checks.proxy_limit(municipal("2020-11-15", 29, 20, double))
    assert during.status == "pass" and "limit 2" in during.message
    (none,) = checks.proxy_limit(municipal("2020-11-15", 29, 20))
    assert none.status == "not_applicable"


def test_proxy_limit_of_a_regional_commission_permanente_is_an_assumption() -> None:
    x = make(
        authority=Authority(level="region"),
        body="commission_permanente",
        session=Session(date="2019-11-26"),
        attendance=Attendance(
            proxies=[
                Proxy(giver=person("A"), holder=person("H", "Hugo")),
                Proxy(giver=person("B"), holder=person("H", "Hugo")),
            ]
        ),
    )
    (f,) = checks.proxy_limit(x)
    assert f.status == "fail" and "assumed from the rules of procedure" in f.message
    (g,) = checks.proxy_limit(x, checks.Assumptions(cp_region_max_proxies=2))
    assert g.status == "pass"


# --- scheme ceilings (the call for projects of seed 003) -------------------------------------

from schemas.records import Beneficiary  # noqa: E402

EPCI = [
    "Communauté de Communes du Pays Noyonnais",
    "Communauté de Communes du Pays Clermontois",
    "Communauté d'Agglomération du Grand Soissons",
]


def tiers_lieux(
    ae: float, ap: float, amounts: list[float | None] | None = None, names: list[str] | None = None
) -> Extraction:
    names = names or EPCI
    amounts = amounts or [None] * len(names)
    return make(
        subject="Soutien à la mise en place de tiers-lieux numériques",
        imputations=[
            Imputation(code="935/56/65734/56000010", kind="AE", amount=ae),
            Imputation(code="905/56/204141/56000010", kind="AP", amount=ap),
        ],
        beneficiaries=[
            Beneficiary(name=n, kind="epci", amount=a) for n, a in zip(names, amounts, strict=True)
        ],
    )


def test_scheme_ceiling_on_totals_when_amounts_are_not_split() -> None:
    # seed 000: 270 000 € operating aid and 84 340 € investment for three intercommunalities
    found = checks.scheme_ceiling(tiers_lieux(270000, 84340))
    assert [f.status for f in found] == ["pass", "pass"]
    assert (
        "270 000.00 € for 3 beneficiaries (amounts not split), at most 3 x 90 000.00 € = 270 000.00 €"
        in found[0].message
    )
    over = checks.scheme_ceiling(tiers_lieux(300000, 84340))
    assert [f.status for f in over] == ["fail", "pass"]


def test_scheme_ceiling_per_beneficiary() -> None:
    found = checks.scheme_ceiling(tiers_lieux(185000, 0, amounts=[90000, 95000], names=EPCI[:2]))
    assert [(f.status, f.subject) for f in found] == [("pass", EPCI[0]), ("fail", EPCI[1])]


def test_scheme_single_aid_per_intercommunality() -> None:
    found = checks.scheme_ceiling(tiers_lieux(180000, 0, names=[EPCI[0], EPCI[0]]))
    assert found[-1].status == "fail" and "named twice" in found[-1].message


def test_scheme_not_applicable_without_a_known_scheme() -> None:
    (f,) = checks.scheme_ceiling(make(subject="Acquisition de pass numériques"))
    assert f.status == "not_applicable"


# --- majority ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "vote,expected",
    [
        (Vote(outcome="adopted", for_=12, against=3, abstention=4), "pass"),
        # abstentions are not votes cast: 5 for, 4 against, 9 abstentions is adopted
        (Vote(outcome="adopted", for_=5, against=4, abstention=9), "pass"),
        (Vote(outcome="rejected", for_=4, against=5), "pass"),
        (Vote(outcome="adopted", for_=4, against=5), "fail"),
        (Vote(outcome="rejected", for_=9, against=2), "fail"),
        (Vote(outcome="adopted", for_=6, against=6), "warning"),
        (Vote(outcome="adopted", unanimous=True), "not_applicable"),
        (Vote(for_=6, against=2), "not_applicable"),
    ],
)
def test_majority(vote: Vote, expected: str) -> None:
    (f,) = checks.majority(make(vote=vote))
    assert f.status == expected, f.message


def test_majority_tie_names_the_casting_vote_rule_in_force() -> None:
    x = make(
        vote=Vote(outcome="adopted", for_=6, against=6),
        body="conseil_municipal",
        session=Session(date="2023-03-03"),
    )
    (f,) = checks.majority(x)
    assert f.status == "warning" and "président" in f.message


# --- date consistency -------------------------------------------------------------------


def _stated(
    iso: str, text: str, cue: str, weekday: str | None = None, ok: bool | None = None, at: int = 0
) -> Any:
    from extractors.dates import DateCandidate, FoundDate

    return DateCandidate(
        FoundDate(iso, at, at + len(text), text, False, weekday, ok), "session", cue
    )


def test_date_consistency_passes_when_statements_agree() -> None:
    a = _stated("2023-01-16", "16 janvier 2023", "seance du")
    b = _stated("2023-01-16", "seize janvier deux mille vingt-trois", "l'an", at=200)
    x = make(session=Session(date="2023-01-16", convened_on="2023-01-10"))
    x.session_statements = [a, b]
    (f,) = checks.date_consistency(x)
    assert (
        f.status == "pass"
        and "2 statement(s)" in f.message
        and "convened on 2023-01-10" in f.message
    )


def test_date_consistency_fails_on_a_disagreeing_statement_a_weekday_or_an_order() -> None:
    chosen = _stated("2020-01-30", "jeudi 30 janvier 2020", "proces-verbal du", "mercredi", False)
    other = _stated("2019-12-17", "dix-sept decembre deux mille dix-neuf", "l'an")
    x = make(
        session=Session(date="2020-01-30", convened_on="2020-02-03"),
        transmission=Transmission(sent="2020-01-20"),
    )
    x.session_statements, x.session_disagreeing = [chosen, other], [other]
    found = checks.date_consistency(x)
    messages = " | ".join(f.message for f in found)
    assert statuses(found) == ["fail"] * 4, messages
    assert "2019-12-17" in messages and "mercredi" in messages
    assert "convened on 2020-02-03" in messages and "sent on 2020-01-20" in messages


def test_date_consistency_warns_when_the_actes_act_date_differs() -> None:
    x = make(session=Session(date="2023-01-16"), transmission=Transmission(act_date="2023-01-17"))
    (f,) = checks.date_consistency(x)
    assert f.status == "warning" and "2023-01-17" in f.message


def test_date_consistency_without_a_session_date() -> None:
    assert statuses(checks.date_consistency(make())) == ["not_applicable"]
