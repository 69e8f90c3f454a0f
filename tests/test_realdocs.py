"""Real documents: the values a reader finds in them (tests/realdocs_expected.py)."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.records import Deliberation
from tests.conftest import REALDOCS, records_of
from tests.realdocs_expected import EXPECTED


def _check(records: list[Deliberation], exp: dict[str, Any]) -> None:
    r = records[0]
    a = r.attendance
    assert len(records) == exp["segments"]
    if "reference" in exp:
        assert r.reference == exp["reference"]
    if "references" in exp:
        assert [x.reference for x in records] == exp["references"]
    if "body" in exp:
        assert r.body == exp["body"]
    if "authority" in exp:
        assert (r.authority.name, r.authority.level) == exp["authority"]
    for key in ("date", "time", "convened_on"):
        if key in exp:
            assert getattr(r.session, key) == exp[key], key
    if "chair" in exp:
        assert r.session.chair is not None and r.session.chair.last_name == exp["chair"]
    for key, value in exp.get("counts", {}).items():
        assert getattr(a, key) == value, key
    if "present" in exp:
        assert len(a.present) == exp["present"]
    if "present_first_last" in exp:
        assert (a.present[0].last_name, a.present[-1].last_name) == exp["present_first_last"]
    names = {p.last_name for p in a.present}
    assert set(exp.get("present_includes", [])) <= names
    assert not set(exp.get("present_excludes", [])) & names
    pairs = [(p.giver.last_name, p.holder.last_name) for p in a.proxies]
    if "proxies" in exp:
        assert pairs == exp["proxies"]
    if "n_proxies" in exp:
        assert len(pairs) == exp["n_proxies"]
    if "proxies_first_last" in exp:
        assert [pairs[0], pairs[-1]] == exp["proxies_first_last"]
    if "holders" in exp:
        assert [p.holder.last_name for p in a.proxies] == exp["holders"]
    if "absent" in exp:
        assert [p.last_name for p in a.absent] == exp["absent"]
    if "n_absent" in exp:
        assert len(a.absent) == exp["n_absent"]
    if "secretary" in exp:
        assert a.secretary is not None and a.secretary.last_name == exp["secretary"]
    for rec, vote in zip(records, exp.get("votes", []), strict=False):
        got = rec.vote.model_dump(by_alias=True)
        assert {k: got[k] for k in vote} == vote


@pytest.mark.parametrize(
    "name", sorted(EXPECTED), ids=lambda n: n.split("_")[0] + "_" + n.split("_")[1]
)
def test_real_document(name: str) -> None:
    _check(records_of(REALDOCS / name), EXPECTED[name])


def test_at_least_eight_real_documents_have_expectations() -> None:
    assert len(EXPECTED) >= 8


@pytest.mark.xfail(
    strict=True, reason="minutes without numbered items are not split per decision yet"
)
def test_montolieu_minutes_split_per_decision() -> None:
    records = records_of(REALDOCS / "26_montolieu_cr-cm_2003-04-04.html")
    assert len(records) > 3


@pytest.mark.parametrize(
    "name,expected",
    [
        # "En exercice : 29 Présents : 27": 15 needed (L2121-17)
        (
            "18_pluvigner_cr-pv-cm_2020-01-30.txt",
            "27 present = 27 of 29 in office, at least 15 required",
        ),
        # the document itself prints "Quorum : 19"
        (
            "19_cc-ecueille-valencay_pv_2023-12-19.txt",
            "27 present = 27 of 37 in office, at least 19 required",
        ),
        (
            "22_saint-ay_pv-cm_2023-01-16.txt",
            "18 present = 18 of 21 in office, at least 11 required",
        ),
        (
            "15_cc-portes-eureliennes-idf_delib_2024-03-21.txt",
            "45 present = 45 of 64 in office, at least 33 required",
        ),
    ],
)
def test_quorum_of_real_documents(name: str, expected: str) -> None:
    r = records_of(REALDOCS / name)[0]
    (f,) = [f for f in r.findings if f.check == "quorum"]
    assert f.status == "pass" and expected in f.message
