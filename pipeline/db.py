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

import zlib
from pathlib import Path

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
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        else:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock(conn: Connection, name: str) -> None:
    """Hold a lock named `name` until the transaction of `conn` ends (PostgreSQL advisory
    lock; on SQLite the write transaction itself is the lock)."""
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"delib:{name}".encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _head() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def _current(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; concurrent runs migrate once."""
    from alembic import command

    head = _head()
    try:
        with engine.connect() as conn:
            if _current(conn) == head:
                return
    except Exception as exc:
        raise DatabaseError(f"{masked(engine.url)}: {_short(exc)}") from exc
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as conn:
            lock(conn, "migrate")
            if _current(conn) == head:  # another run migrated while we waited
                return
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
            "run `delib ingest` (or `delib migrate`) to upgrade it"
        )


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
