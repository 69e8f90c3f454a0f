"""Browsing: Datasette over the corpus, a canned query run in headless Chromium (Playwright)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.serve import write_metadata
from tests.conftest import CHROMIUM_FLAGS, SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
GRANTS = "Objet : Aide aux communes\n\n| Commune de Lannion | 12 500 € |\n| Commune de Saint-Dizier | 7 500 € |\n\nAdopté à l'unanimité.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    (folder / "grants.txt").write_text(GRANTS, encoding="utf-8")
    db = tmp_path / "corpus.sqlite"
    assert (
        CliRunner().invoke(main, ["ingest", str(folder), "--db", f"sqlite:///{db}"]).exit_code == 0
    )
    return db


def test_metadata_fts_and_chart(corpus: Path) -> None:
    import json
    import sqlite3

    meta = json.loads(write_metadata(corpus).read_text(encoding="utf-8"))
    db = meta["databases"][corpus.stem]
    assert {
        "funding_by_region",
        "failed_checks",
        "attendance_by_person",
        "deliberations_by_theme",
    } <= set(db["queries"])
    assert db["tables"]["beneficiaries"]["units"] == {"amount": "EUR"}
    conn = sqlite3.connect(corpus)
    hits = conn.execute(
        "SELECT rowid FROM deliberations_fts WHERE deliberations_fts MATCH 'tiers'"
    ).fetchall()
    assert len(hits) == 1
    chart = corpus.with_name("funding_by_region.html").read_text(encoding="utf-8")
    assert (
        "<svg" in chart
        and "<script" not in chart
        and "20 000 €" not in chart
        and "12 500 €" in chart
    )


def test_every_canned_query_runs_and_tags_are_faceted(corpus: Path) -> None:
    import json
    import sqlite3

    meta = json.loads(write_metadata(corpus).read_text(encoding="utf-8"))
    db = meta["databases"][corpus.stem]
    assert {"array": "topic_tags"} in db["tables"]["deliberations"]["facets"]
    assert db["tables"]["alembic_version"]["hidden"] and db["tables"]["documents"]["label_column"]
    conn = sqlite3.connect(corpus)
    for q in db["queries"].values():
        conn.execute(q["sql"], {"surname": "X"}).fetchall()  # every one runs on SQLite
    (row,) = conn.execute(db["queries"]["digital_inclusion_decisions"]["sql"]).fetchall()
    assert row[2] == "Soutien à la mise en place de tiers-lieux numériques"
    assert "digital_inclusion.third_places" in row[3] and "tiers-lieux numériques" in row[3]
    regions = conn.execute(db["queries"]["funding_by_region"]["sql"]).fetchall()
    assert ("53", "Bretagne") in {(r[0], r[1]) for r in regions}  # names beside codes
    delays = conn.execute(db["queries"]["transmission_delays"]["sql"]).fetchall()
    assert delays == []  # neither document carries a prefecture stamp


def test_serve_stops_whole_and_runs_no_visitor_sql(corpus: Path) -> None:
    """Killing `delib serve` left its Datasette child serving on the port, and any visitor
    could run any SQL: the command becomes Datasette, arbitrary SQL only with --allow-sql."""
    import json
    import signal
    import urllib.error

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "serve",
            "--db",
            f"sqlite:///{corpus}",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{corpus.stem}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + ".json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        canned = json.load(urllib.request.urlopen(base + "/failed_checks.json?_shape=array"))
        assert isinstance(canned, list)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + ".json?sql=select+count(*)+from+documents")
        assert refused.value.code == 403
        # the long text is out of the default table view, on each row's page still
        page = urllib.request.urlopen(base + "/deliberations")
        assert "_nocol=record_json" in page.url
        html_page = page.read().decode()
        assert 'data-column="subject"' in html_page
        assert 'data-column="record_json"' not in html_page
        row = urllib.request.urlopen(base + "/deliberations/1").read().decode()
        assert "record_json" in row
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    with pytest.raises(OSError):  # nothing left serving on the port
        urllib.request.urlopen(base + ".json", timeout=2)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); CI installs it",
)
def test_canned_query_in_a_real_browser(corpus: Path) -> None:
    from playwright.sync_api import sync_playwright

    meta = write_metadata(corpus)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(corpus),
            "--metadata",
            str(meta),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=CHROMIUM_FLAGS,
            )
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/{corpus.stem}")
            page.click("text=Funding by région")
            page.wait_for_selector("table.rows-and-columns")
            cells = page.locator("table.rows-and-columns tbody tr").all_inner_texts()
            browser.close()
        # Bretagne (53): Lannion's 12 500 €; Grand Est (44): Saint-Dizier's 7 500 €
        assert any(
            c.startswith("53") and "12500" in c.replace(" ", "").replace(",", "") for c in cells
        ), cells
        assert any(
            c.startswith("44") and "7500" in c.replace(" ", "").replace(",", "") for c in cells
        ), cells
        assert errors == []
    finally:
        server.terminate()
        server.wait(timeout=10)
