"""Shared fixtures: the sample corpus, and databases (SQLite always; PostgreSQL when reachable)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pipeline.db import connect
from pipeline.extract import extract_document
from pipeline.settings import Settings
from pipeline.sources import read_document
from schemas.records import Deliberation

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEEDS = RAW / "seeds"
REALDOCS = RAW / "realdocs"
SCHEMA = json.loads((ROOT / "schemas" / "deliberation.schema.json").read_text(encoding="utf-8"))
#: how the tests start Debian's Chromium: headless, and quiet on this machine's closed network
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PG_URL = os.environ.get("DELIB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in records are relative to the repository root, as the README runs them."""
    monkeypatch.chdir(ROOT)


def records_of(path: Path) -> list[Deliberation]:
    doc = read_document(path.relative_to(ROOT) if path.is_absolute() else path, Settings())
    return [x.record for x in extract_document(doc)]


def _pg_engine() -> Engine | None:
    try:
        engine = connect(PG_URL, migrate=False)
    except Exception:
        return None
    return engine


def _reset_pg(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite in a temporary folder, or the CI PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'delib.sqlite'}"
        return
    engine = _pg_engine()
    if engine is None:
        pytest.skip(
            f"PostgreSQL not reachable at {PG_URL} (set DELIB_TEST_PG_URL); CI provides one"
        )
    _reset_pg(engine)
    engine.dispose()
    yield PG_URL
    engine = connect(PG_URL, migrate=False)
    _reset_pg(engine)
    engine.dispose()
