"""Every record the pipeline prints validates against the contract's JSON Schema, and the
project's vocabularies are the contract's."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from schemas import vocab
from tests.conftest import RAW, SCHEMA, records_of

SAMPLES = sorted(p for p in RAW.rglob("*") if p.suffix in (".txt", ".html"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_records_validate_against_contract(path: Path) -> None:
    records = records_of(path)
    assert records
    for r in records:
        errors = sorted(VALIDATOR.iter_errors(r.to_contract()), key=str)
        assert errors == [], [e.message for e in errors][:5]


def test_extract_command_output_validates() -> None:
    result = CliRunner().invoke(main, ["extract", str(RAW / "seeds"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 5
    for rec in lines:
        VALIDATOR.validate(rec)


def test_vocabularies_match_the_contract() -> None:
    props = SCHEMA["properties"]
    assert tuple(props["doc_type"]["enum"]) == vocab.DOC_TYPES
    assert tuple(v for v in props["authority"]["properties"]["level"]["enum"] if v) == vocab.LEVELS
    assert tuple(v for v in props["body"]["enum"] if v) == vocab.BODIES
    assert tuple(props["findings"]["items"]["properties"]["check"]["enum"]) == vocab.CHECKS
    assert tuple(props["findings"]["items"]["properties"]["status"]["enum"]) == vocab.STATUSES
    assert (
        tuple(props["beneficiaries"]["items"]["properties"]["kind"]["enum"])
        == vocab.BENEFICIARY_KINDS
    )
    assert tuple(props["vote"]["properties"]["outcome"]["enum"]) == vocab.OUTCOMES
    assert (
        tuple(props["imputations"]["items"]["properties"]["kind"]["enum"]) == vocab.IMPUTATION_KINDS
    )


def test_spans_point_at_the_evidence() -> None:
    path = RAW / "seeds" / "000_fe87c6e5f2330ba2.txt"
    (r,) = records_of(path)
    text = path.read_text(encoding="utf-8")
    span = r.spans["vote.for"]
    assert "52" in text[span.start : span.end]
    s = r.spans["session.date"]
    assert text[s.start : s.end] == "26 novembre 2019"
    imp = r.spans["imputations[0]"]
    assert text[imp.start : imp.end].startswith("935/56/65734/56000010")
    p = r.spans["attendance.proxies[0]"]
    assert "BARISEAU" in text[p.start : p.end] and "DHERSIN" in text[p.start : p.end]


def test_same_input_gives_byte_identical_output() -> None:
    runner = CliRunner()
    a = runner.invoke(main, ["extract", str(RAW)])
    b = runner.invoke(main, ["extract", str(RAW)])
    assert a.exit_code == 0 and a.output == b.output and len(a.output) > 10000
