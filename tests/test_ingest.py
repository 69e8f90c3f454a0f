"""Loading: idempotent, one transaction per document, both databases, bad input recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

import extractors
import pipeline.load
import pipeline.rows
from pipeline.cli import main
from pipeline.db import connect
from pipeline.ingest import ingest
from pipeline.settings import Settings
from schemas.tables import (
    DeliberationRow,
    DocumentRow,
    FindingRow,
    IngestErrorRow,
    ProvenanceSpanRow,
)
from tests.conftest import RAW, SEEDS


def counts(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as conn:
        out = {
            name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for name, t in (
                ("documents", DocumentRow),
                ("deliberations", DeliberationRow),
                ("findings", FindingRow),
                ("spans", ProvenanceSpanRow),
            )
        }
    engine.dispose()
    return out


def test_ingest_is_idempotent(db_url: str) -> None:
    engine = connect(db_url)
    files = [p for p in RAW.rglob("*") if p.suffix in (".txt", ".pdf", ".html")]
    first = ingest([RAW], engine, Settings())
    assert first.failed == [] and first.inserted == first.files == len(files) == 28
    # at least the deliberations a reader counted in the real documents, one per seed and
    # one per document authored for the sample
    expected = sum(
        len(json.loads(p.read_text(encoding="utf-8"))["records"])
        for p in (Path(__file__).parent / "expectations" / "realdocs").glob("*.json")
    )
    assert first.deliberations >= expected + 5 + 2
    before = counts(db_url)
    second = ingest([RAW], engine, Settings())
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 28)
    assert counts(db_url) == before
    engine.dispose()


def test_new_extractor_version_updates_rows(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = connect(db_url)
    ingest([SEEDS], engine, Settings())
    before = counts(db_url)
    # a new version of the code: the loader's and the rows' (made here, with no workers)
    monkeypatch.setattr(pipeline.load, "EXTRACTOR_VERSION", "9.9.9")
    monkeypatch.setattr(pipeline.rows, "EXTRACTOR_VERSION", "9.9.9")
    report = ingest([SEEDS], engine, Settings(workers=0))
    assert (report.inserted, report.updated, report.unchanged) == (0, 5, 0)
    assert counts(db_url) == before
    with engine.connect() as conn:
        versions = set(conn.execute(select(DocumentRow.extractor_version)).scalars())
        span_versions = set(conn.execute(select(ProvenanceSpanRow.extractor_version)).scalars())
    assert versions == span_versions == {"9.9.9"}
    engine.dispose()


def test_stored_rows_match_the_record(db_url: str) -> None:
    engine = connect(db_url)
    ingest([SEEDS / "000_fe87c6e5f2330ba2.txt"], engine, Settings())
    with engine.connect() as conn:
        row = conn.execute(select(DeliberationRow)).one()
        assert (row.vote_for, row.present_count, row.proxy_count, str(row.session_date)) == (
            52,
            37,
            15,
            "2019-11-26",
        )
        amounts = conn.execute(
            text("SELECT code, kind, amount FROM imputations ORDER BY position")
        ).all()
        assert [(a.code, a.kind, float(a.amount)) for a in amounts] == [
            ("935/56/65734/56000010", "AE", 270000.0),
            ("905/56/204141/56000010", "AP", 84340.0),
        ]
        phasing = conn.execute(text("SELECT SUM(amount) FROM phasing_lines")).scalar_one()
        assert float(phasing) == 354340.0
        n_proxies = conn.execute(text("SELECT COUNT(*) FROM proxies")).scalar_one()
        assert n_proxies == 15
        holders_present = conn.execute(
            text(
                "SELECT COUNT(*) FROM proxies x JOIN attendance a ON a.person_id = x.holder_id AND a.role = 'present'"
            )
        ).scalar_one()
        assert holders_present == 15
        doc_text = conn.execute(select(DocumentRow.text)).scalar_one()
        span = conn.execute(
            text("SELECT start, \"end\" FROM provenance_spans WHERE field_path = 'session.date'")
        ).one()
        assert doc_text[span.start : span.end] == "26 novembre 2019"
        rec = json.loads(row.record_json)
        assert rec["vote"]["for"] == 52
    engine.dispose()


BAD_FILES = {
    "empty.txt": (b"", "E101", "empty"),
    "blank.txt": (b"   \n\n  ", "E101", "white space"),
    "binary.txt": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "E102",
        "binary",
    ),
    "truncated.txt": (
        "Délibération du conseil municipal: réunie le 3 mai 2021 à ".encode() + "é".encode()[:1],
        "E104",
        "ends inside a UTF-8 character",
    ),
    "header_only.pdf": (b"%PDF-1.4\n", "E122", "corrupt PDF"),
    "not_a.pdf": (b"<html><body>Deliberation</body></html>", "E120", "not a PDF"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES), ids=sorted(BAD_FILES))
def test_bad_input_is_reported_recorded_and_the_run_goes_on(
    name: str, db_url: str, tmp_path: Path
) -> None:
    data, code, reason = BAD_FILES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / "a_good.txt"
    good.write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    bad = folder / name
    bad.write_bytes(data)
    settings = Settings(suffixes=(".txt", ".pdf"))
    engine = connect(db_url)
    report = ingest([folder], engine, settings)
    assert report.inserted == 1
    assert [(Path(p).name, c) for p, c, _ in report.failed] == [(name, code)]
    assert reason in report.failed[0][2]
    with engine.connect() as conn:
        rows = conn.execute(
            select(IngestErrorRow.path, IngestErrorRow.code, IngestErrorRow.reason)
        ).all()
    assert [(Path(r.path).name, r.code) for r in rows] == [(name, code)]
    assert counts(db_url)["documents"] == 1  # the good file is loaded
    engine.dispose()


def test_oversized_file_is_refused(db_url: str, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Présents : " + "Monsieur Jean DUPONT, " * 2000, encoding="utf-8")
    engine = connect(db_url)
    report = ingest([big], engine, Settings(max_text_bytes=10_000))
    ((_path, code, reason),) = report.failed
    assert code == "E103" and "over the limit of 10000 bytes" in reason
    engine.dispose()


def legacy_copy(tmp_path: Path, encoding: str) -> Path:
    """Seed 002 (accents, "œ", dashes) written in a legacy encoding; '?' where it has no code."""
    f = tmp_path / "legacy.txt"
    src = (SEEDS / "002_a0f63d7be3a3e5f0.txt").read_text(encoding="utf-8")
    f.write_bytes(src.encode(encoding, errors="replace"))
    return f


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_wrongly_encoded_file_is_an_error_naming_the_encoding(
    encoding: str, db_url: str, tmp_path: Path
) -> None:
    f = legacy_copy(tmp_path, encoding)
    engine = connect(db_url)
    report = ingest([f], engine, Settings())
    ((path, code, reason),) = report.failed
    assert (Path(path).name, code) == ("legacy.txt", "E105")
    assert "not valid UTF-8" in reason and "--legacy-encodings" in reason
    assert report.inserted == 0
    with engine.connect() as conn:
        assert conn.execute(select(IngestErrorRow.code)).scalars().all() == ["E105"]
    engine.dispose()


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_on_request_load_with_a_recorded_warning(
    encoding: str, db_url: str, tmp_path: Path
) -> None:
    f = legacy_copy(tmp_path, encoding)
    engine = connect(db_url)
    report = ingest([f], engine, Settings(legacy_encodings=True))
    assert report.inserted == 1 and report.failed == []
    ((_, warning),) = report.warnings
    assert "not UTF-8" in warning
    with engine.connect() as conn:
        (row,) = conn.execute(select(IngestErrorRow.severity, IngestErrorRow.code)).all()
        assert tuple(row) == ("warning", "W101")
        assert conn.execute(select(DeliberationRow.reference)).scalar_one() == "15-06-52"
        text_row = conn.execute(select(DocumentRow.text, DocumentRow.encoding)).one()
        assert "Communauté" in text_row.text and text_row.encoding == "cp1252"
    engine.dispose()


def test_cli_legacy_encodings_flag(tmp_path: Path) -> None:
    f = legacy_copy(tmp_path, "cp1252")
    runner = CliRunner()
    refused = runner.invoke(main, ["extract", str(f)])
    assert refused.exit_code == 1 and "[E105]" in refused.output
    accepted = runner.invoke(main, ["extract", str(f), "--legacy-encodings"])
    assert accepted.exit_code == 0 and '"15-06-52"' in accepted.output


def test_a_failure_while_loading_loses_nothing_already_loaded(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = connect(db_url)
    ingest([SEEDS / "000_fe87c6e5f2330ba2.txt"], engine, Settings())
    real = pipeline.load._insert_rows

    def flaky(conn, docs):  # type: ignore[no-untyped-def]
        # 001's rows fail, alone or in a batch with 002's (then each is loaded on its own)
        if any("001_cb489b3979ba8787.txt" in j for _, rows in docs for j in rows.jsons):
            raise RuntimeError("disk full")
        return real(conn, docs)

    monkeypatch.setattr(pipeline.load, "_insert_rows", flaky)
    report = ingest(
        [SEEDS / "001_cb489b3979ba8787.txt", SEEDS / "002_a0f63d7be3a3e5f0.txt"], engine, Settings()
    )
    assert [Path(p).name for p, _, _ in report.failed] == ["001_cb489b3979ba8787.txt"]
    assert report.inserted == 1
    with engine.connect() as conn:
        paths = sorted(Path(p).name for p in conn.execute(select(DocumentRow.path)).scalars())
        n_delib = conn.execute(select(func.count()).select_from(DeliberationRow)).scalar_one()
    # 000 from before, 002 after the failure; nothing half-written of 001
    assert paths == ["000_fe87c6e5f2330ba2.txt", "002_a0f63d7be3a3e5f0.txt"]
    assert n_delib == 2
    engine.dispose()


def test_cli_ingest_summary_and_exit_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()
    ok = runner.invoke(main, ["ingest", str(SEEDS), "--db", url])
    assert ok.exit_code == 0, ok.output
    assert "5 / 0 / 0" in ok.output and "deliberations" in ok.output
    again = runner.invoke(main, ["ingest", str(SEEDS), "--db", url])
    assert "0 / 0 / 5" in again.output
    (tmp_path / "empty.txt").write_bytes(b"")
    bad = runner.invoke(main, ["ingest", str(tmp_path / "empty.txt"), "--db", url])
    assert bad.exit_code == 1
    assert "empty.txt: the file is empty [E101]" in bad.output


def test_extractor_version_is_in_every_record() -> None:
    from tests.conftest import records_of

    (r,) = records_of(SEEDS / "001_cb489b3979ba8787.txt")
    assert r.source.extractor_version == extractors.EXTRACTOR_VERSION
