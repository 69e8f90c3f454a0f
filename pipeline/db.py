"""Database connection and schema migrations (Alembic, run programmatically).

- Writers and readers: `connect(url)` gives a writing engine (creates a SQLite file, migrates
  the schema); `connect(url, write=False)` a reading one that refuses a SQLite file that does
  not exist (a mistyped path must not look like an empty corpus).
- Concurrent runs: SQLite write transactions start with `BEGIN IMMEDIATE` (one writer at a
  time, the others wait up to `SQLITE_BUSY_SECONDS`), so that a transaction never reads a
  state another writer changes under it; on PostgreSQL, migrations and the corpus pass take
  an advisory lock (`lock`).
- Errors: every failure is a `DatabaseError` naming the URL with its password masked.
"""

from __future__ import annotations

import functools
import json
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

from pipeline.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_SECONDS = 120


def masked(url: str | URL) -> str:
    """The URL as it may be printed: password hidden; unparsable text shown as given."""
    try:
        u = url if isinstance(url, URL) else make_url(url)
    except Exception:
        shown = str(url)
        if "@" in shown and ":" in shown.split("@", 1)[0]:
            head, tail = shown.split("@", 1)
            shown = head.rsplit(":", 1)[0] + ":***@" + tail
        return shown
    return u.render_as_string(hide_password=True)


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except Exception as exc:
        raise DatabaseError(
            f"{masked(url)}: not a database URL ({exc}); expected e.g. "
            "sqlite:///data/processed/delib.sqlite or postgresql+psycopg://user@host/db"
        ) from exc


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def make_engine(url: str, write: bool = True) -> Engine:
    u = parse_url(url)
    sqlite = u.get_backend_name() == "sqlite"
    if sqlite and u.database and u.database != ":memory:" and not u.database.startswith("file:"):
        path = Path(u.database)
        if not write and not path.exists():
            raise DatabaseError(
                f"{masked(u)}: no such database file ({path}); ingest documents first "
                "(delib ingest PATH --db URL), or check the path"
            )
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else {})
    except Exception as exc:  # a missing driver, a bad option...
        raise DatabaseError(f"{masked(u)}: {exc}") from exc
    if sqlite:
        _sqlite_events(engine, write)
    return engine


def _sqlite_events(engine: Engine, write: bool) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # transactions are begun below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if write:
            _wal(cur)
            cur.execute("PRAGMA synchronous=NORMAL")
        else:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _wal(cur: Any) -> None:
    """Switch a SQLite file to write-ahead logging. SQLite answers "database is locked" at
    once, without waiting, when another connection switches a new file at the same moment
    (two runs starting on the same new database): tried again until `SQLITE_BUSY_SECONDS`."""
    import sqlite3
    import time

    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def lock(conn: Connection, name: str) -> None:
    """Hold a lock named `name` until the transaction of `conn` ends (PostgreSQL advisory
    lock; on SQLite the write transaction itself is the lock)."""
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"delib:{name}".encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def migrations_head() -> str:
    """The newest migration, as Alembic reads the migration scripts."""
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


#: a SQLite database migrated to the newest migration: its revision and the statements that
#: make its schema, written by `python -m pipeline.db` (a test checks them against the
#: migrations): a new database is made by them without Alembic (its import and the
#: migration scripts took 0.45 s of every first run), and the newest revision is read here
SQLITE_SCHEMA = MIGRATIONS / "sqlite_schema.json"


@functools.cache
def _stored() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SQLITE_SCHEMA.read_text(encoding="utf-8"))
    return data


def _head() -> str:
    """The newest migration: the stored schema's, unless a migration script is newer (the
    file was not written again after adding it: Alembic then reads the scripts)."""
    stored = str(_stored()["head"])
    return stored if _newest_script() == stored else migrations_head()


@functools.cache
def _newest_script() -> str:
    """The revision of the newest migration script, by its file name (`0007_....py`)."""
    names = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")]
    return max(names, default="")


def sqlite_schema(conn: Connection) -> list[str]:
    """The statements that make the schema of the SQLite database of `conn` (tables, then
    views, indexes and triggers, each in the order they were made; the shadow tables of a
    full-text index are made by its virtual table)."""
    kinds = {row[1]: row[2] for row in conn.exec_driver_sql("PRAGMA table_list")}
    rows = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).all()
    order = {"table": 0, "view": 1, "index": 2, "trigger": 3}
    # tables in the order they were made; the rest, and a table's constraints, by name
    # (Alembic's batch mode makes them in an order that changes from run to run)
    kept = sorted(
        (order[kind], i if kind == "table" else 0, name, _constraints_sorted(sql))
        for i, (kind, name, sql) in enumerate(rows)
        if kinds.get(name) != "shadow" and not name.startswith("sqlite_")
    )
    return [sql for *_, sql in kept]


def _constraints_sorted(sql: str) -> str:
    """A `CREATE TABLE` statement as SQLAlchemy writes it (one item a line), its named
    constraints sorted after its columns; any other statement as it is."""
    if not sql.startswith("CREATE TABLE") or "\n\tCONSTRAINT " not in sql:
        return sql
    head, body = sql.split("(", 1)
    body, tail = body.rsplit(")", 1)
    items = [item.rstrip("\n") for item in body.split(", \n")]
    named = sorted(i for i in items if i.lstrip().startswith("CONSTRAINT "))
    columns = [i for i in items if not i.lstrip().startswith("CONSTRAINT ")]
    return head + "(" + ", \n".join(columns + named) + "\n)" + tail


def _create_sqlite(conn: Connection) -> bool:
    """Make the newest schema in an empty SQLite database (True), in the transaction of
    `conn`; False when it is not empty (the migrations then run)."""
    if _newest_script() != _stored()["head"]:
        return False  # the stored schema is older than the migrations
    if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
        return False
    for statement in _stored()["statements"]:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (_head(),))
    return True


def _current(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; concurrent runs migrate once. A new SQLite
    database gets the newest schema at once (`SQLITE_SCHEMA`)."""
    head = _head()
    try:
        with engine.connect() as conn:
            if _current(conn) == head:
                return
    except Exception as exc:
        raise DatabaseError(f"{masked(engine.url)}: {_short(exc)}") from exc
    try:
        with engine.begin() as conn:
            lock(conn, "migrate")
            if _current(conn) == head:  # another run migrated while we waited
                return
            if conn.dialect.name == "sqlite" and _create_sqlite(conn):
                return
            from alembic import command

            cfg = alembic_config(engine.url.render_as_string(hide_password=False))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        raise DatabaseError(f"could not migrate {masked(engine.url)}: {_short(exc)}") from exc


def _short(exc: BaseException) -> str:
    """The first line of a driver's message (no SQL dump, no traceback)."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def connect(url: str, migrate: bool = True, write: bool = True) -> Engine:
    """An engine on `url`, checked by a first connection (and migrated when writing)."""
    engine = make_engine(url, write=write)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        raise DatabaseError(f"cannot open database {masked(url)}: {_short(exc)}") from exc
    if migrate and write:
        upgrade(engine)
    elif not write:
        _check_schema(engine)
    return engine


def _check_schema(engine: Engine) -> None:
    """A reader needs a corpus at the newest schema: say so instead of failing later."""
    try:
        with engine.connect() as conn:
            current = _current(conn)
    except Exception as exc:
        raise DatabaseError(f"cannot read {masked(engine.url)}: {_short(exc)}") from exc
    if current is None:
        raise DatabaseError(
            f"{masked(engine.url)}: not a delib database (no schema); ingest documents first"
        )
    if current != _head():
        raise DatabaseError(
            f"{masked(engine.url)}: schema version {current}, this delib needs {_head()}; "
            "run `delib ingest` on it to upgrade it"
        )


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def write_sqlite_schema(path: Path = SQLITE_SCHEMA) -> dict[str, Any]:
    """Migrate a new SQLite database with the migrations, and write its revision and
    schema statements to `path` (`python -m pipeline.db`, after adding a migration)."""
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/schema.sqlite")
        with engine.begin() as conn:
            cfg = alembic_config(str(engine.url))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            data = {"head": migrations_head(), "statements": sqlite_schema(conn)}
        engine.dispose()
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":
    written = write_sqlite_schema()
    print(f"{SQLITE_SCHEMA}: revision {written['head']}, {len(written['statements'])} statements")
