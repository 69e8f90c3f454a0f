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
    Source,
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
