"""`delib corpus --topic TAG --out DIR`: the corpus an analyst takes away, byte-identical
when made again, described by a valid Frictionless data package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bundle') / 'db.sqlite'}"
    r = CliRunner().invoke(main, ["ingest", str(SEEDS), "--db", url])
    assert r.exit_code == 0, r.output
    return url


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_corpus_is_complete_and_byte_identical(db: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        r = CliRunner().invoke(
            main, ["corpus", "--db", db, "--topic", "digital_inclusion", "--out", str(out)]
        )
        assert r.exit_code == 0, r.output
    assert _files(a) == _files(b)
    names = set(_files(a))
    assert {"records.jsonl", "datapackage.json", "README.md", "scdl/deliberations.csv",
            "scdl/subventions.csv", "tables/deliberations.parquet", "tables/topics.csv"} <= names  # fmt: skip
    records = [
        json.loads(x) for x in (a / "records.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert records and all(
        any(t["tag"] == "digital_inclusion" for t in r["topics"]) for r in records
    )
    subjects = {r["subject"] for r in records}
    assert "Soutien à la mise en place de tiers-lieux numériques" in subjects
    readme = (a / "README.md").read_text(encoding="utf-8")
    assert f"- deliberations: {len(records)}" in readme and "sha256" in readme
    # refused without --force once the folder holds files
    r = CliRunner().invoke(
        main, ["corpus", "--db", db, "--topic", "digital_inclusion", "--out", str(a)]
    )
    assert r.exit_code == 2 and "--force" in r.output


def test_datapackage_is_valid(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frictionless import Package

    out = tmp_path / "c"
    r = CliRunner().invoke(
        main, ["corpus", "--db", db, "--topic", "digital_inclusion", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    monkeypatch.chdir(out)  # frictionless reads only paths below the working folder
    package = Package("datapackage.json")
    csv_resources = [res for res in package.resources if res.path.endswith(".csv")]
    report = Package(resources=csv_resources).validate()
    assert report.valid, report.flatten(["resource/name", "type", "note"])[:10]


def test_unknown_topic_is_refused(db: str, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main, ["corpus", "--db", db, "--topic", "inclusion", "--out", str(tmp_path / "x")]
    )
    assert (
        r.exit_code == 2
        and "is not one of" in r.output
        and "digital_inclusion.mediation" in r.output
    )


def test_an_output_that_cannot_be_a_folder_is_one_clear_error(db: str, tmp_path: Path) -> None:
    """`corpus --out FILE/sub` ended in a NotADirectoryError traceback."""
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    for out, said in (
        (tmp_path / "a_file", "is a file"),
        (tmp_path / "a_file" / "sub", "cannot create the folder"),
    ):
        r = CliRunner().invoke(
            main, ["corpus", "--db", db, "--topic", "digital_inclusion", "--out", str(out)]
        )
        assert r.exit_code == 2 and said in r.output and "Traceback" not in r.output, r.output
