"""Extraction and loading as two stages joined by files: the same rows as `ingest`."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ROOT, SEEDS

REALDOCS = ROOT / "data" / "raw" / "realdocs"


def _rows(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        deliberations = conn.execute(
            "SELECT doc.path, doc.sha256, d.segment_index, d.record_json FROM deliberations d "
            "JOIN documents doc ON doc.id = d.document_id ORDER BY doc.path, d.segment_index"
        ).fetchall()
        findings = conn.execute(
            "SELECT doc.path, d.segment_index, f.check_name, f.status, f.message FROM findings f "
            "JOIN deliberations d ON d.id = f.deliberation_id JOIN documents doc ON "
            "doc.id = d.document_id ORDER BY 1, 2, 3, 5"
        ).fetchall()
        counts = [
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()
            for t in ("beneficiaries", "persons", "attendance", "proxies", "topics", "imputations")
        ]
    finally:
        conn.close()
    return [*deliberations, *findings, *counts]


def test_extract_to_shards_then_load_gives_the_rows_of_ingest(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "shards"
    paths = [str(SEEDS), str(REALDOCS)]
    r = runner.invoke(main, ["extract", *paths, "--out", str(out), "--per-shard", "40"])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) > 1 and all(n.endswith(".jsonl.gz") for n in names)  # rotated, no .tmp
    loaded, ingested = tmp_path / "loaded.sqlite", tmp_path / "ingested.sqlite"
    r = runner.invoke(main, ["load", str(out), "--db", f"sqlite:///{loaded}"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["ingest", *paths, "--db", f"sqlite:///{ingested}"])
    assert r.exit_code == 0, r.output
    assert _rows(loaded) == _rows(ingested)
    # loading the same shards again changes nothing
    again = runner.invoke(main, ["load", str(out), "--db", f"sqlite:///{loaded}"])
    assert again.exit_code == 0 and "0 / 0 / 26" in again.output


def test_a_shard_is_complete_or_absent_and_of_this_extractor(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    r = CliRunner().invoke(main, ["extract", str(SEEDS), "--out", str(out)])
    assert r.exit_code == 0, r.output
    (shard,) = out.iterdir()
    # a shard a killed run left unfinished is never read
    (out / "shard-000002.jsonl.gz.tmp").write_bytes(b"\x1f\x8b half a shard")
    # a line written by another extractor version is refused, by name, not loaded
    with gzip.open(shard, "rt", encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh]
    lines[0]["extractor_version"] = "0.0.1"
    with gzip.open(shard, "wt", encoding="utf-8") as out_fh:
        out_fh.writelines(json.dumps(x) + "\n" for x in lines)
    db = tmp_path / "db.sqlite"
    r = CliRunner().invoke(main, ["load", str(out), "--db", f"sqlite:///{db}"])
    assert r.exit_code == 1
    assert "failed 000_fe87c6e5f2330ba2.txt: extracted by extractor 0.0.1" in r.output
    assert "[E130]" in r.output and "4 / 0 / 0" in r.output
    # the next extraction into the folder drops the unfinished one and numbers after
    r = CliRunner().invoke(main, ["extract", str(SEEDS), "--out", str(out)])
    assert sorted(p.name for p in out.iterdir()) == [
        "shard-000001.jsonl.gz",
        "shard-000002.jsonl.gz",
    ]
