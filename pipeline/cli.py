"""The `delib` command line. Thin: it parses options and calls the library.

Heavy modules (pandas, SQLAlchemy, the extractors) are imported inside the commands, so that
`delib --help` answers at once. Errors become one line and an exit status here, never in
the library: 1 when some input failed, 2 for a usage or database error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from schemas.vocab import BODIES, CHECKS, STATUSES

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

    from pipeline.load import LoadReport
    from pipeline.settings import Settings


def _err() -> Any:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def _out() -> Any:
    from rich.console import Console

    return Console(width=None if Console().is_terminal else 200, highlight=False)


def fail(message: str, status: int = 2) -> NoReturn:
    """One line on standard error and an exit status (2: usage or database error)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def db_option(f: Any) -> Any:
    return click.option(
        "--db",
        "db_url",
        envvar="DELIB_DB_URL",
        default=None,
        help="SQLAlchemy URL (default sqlite:///data/processed/delib.sqlite; env DELIB_DB_URL).",
    )(f)


def legacy_option(f: Any) -> Any:
    return click.option(
        "--legacy-encodings",
        is_flag=True,
        default=None,
        help="Read text that is not UTF-8 as cp1252/latin-1 (a warning is recorded) instead of refusing it.",
    )(f)


def workers_option(f: Any) -> Any:
    return click.option(
        "--workers",
        type=click.IntRange(min=0),
        default=None,
        help="Extraction processes (default: the machine's cores; env DELIB_WORKERS). "
        "0 extracts in this process, without the per-file time and memory limits.",
    )(f)


def _topic_tags() -> list[str]:
    """The tags of the topic vocabulary (schemas/data/topics.toml), read without importing
    the extractors: the help lists them, and a mistyped tag is refused."""
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("schemas").joinpath("data/topics.toml").read_text(encoding="utf-8"))
    tags = []
    for family, spec in data.items():
        if isinstance(spec, dict) and family != "zones":
            tags.append(family)
            tags += [f"{family}.{sub}" for sub, v in spec.items() if isinstance(v, dict)]
    return tags


#: the output formats of every command that prints rows (as sqlite-utils)
ROWS = ("table", "csv", "json", "jsonl")


def format_option(choices: tuple[str, ...], default: str) -> Any:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True
    )


def _settings(**overrides: object) -> Settings:
    from pipeline.settings import Settings

    try:
        return Settings.from_env(**overrides)
    except ValueError as exc:
        fail(str(exc))


def _engine(db_url: str | None, write: bool = False) -> Engine:
    """An engine on the database; reading commands refuse a database that does not exist."""
    from pipeline.db import connect
    from pipeline.errors import DelibError

    settings = _settings(db_url=db_url)
    try:
        return connect(settings.db_url, write=write)
    except DelibError as exc:
        fail(str(exc))


def _print_frame(df: pd.DataFrame, fmt: str, title: str | None = None) -> None:
    import pandas as pd
    from rich.table import Table

    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt in ("json", "jsonl"):
        import json

        rows = _json_rows(df)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for one in rows:
                click.echo(json.dumps(one, ensure_ascii=False))
    else:
        t = Table(title=title, show_lines=False)
        for c in df.columns:
            t.add_column(str(c), overflow="fold")
        for row in df.itertuples(index=False):
            t.add_row(*["" if pd.isna(v) else str(v) for v in row])
        _out().print(t)


def _json_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON values: missing values null, dates ISO, numbers as numbers."""
    import datetime as dt

    import pandas as pd

    def value(v: Any) -> Any:
        if v is None or (not isinstance(v, (list, dict, str)) and pd.isna(v)):
            return None
        if isinstance(v, (pd.Timestamp, dt.date)):
            return v.isoformat()
        if hasattr(v, "item"):  # numpy scalars
            return v.item()
        return v

    return [{str(k): value(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


@click.group()
@click.version_option(package_name="delib")
def main() -> None:
    """delib: French local-government deliberations in, a checked SQL corpus out."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option(("jsonl", "json"), "jsonl")
@legacy_option
@workers_option
@click.option(
    "--topic",
    type=click.Choice(_topic_tags()),
    help="Print only the records with this topic tag (a family includes its sub-tags).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Write shards for `delib load` into this folder (gzip JSON lines) instead of printing.",
)
@click.option(
    "--per-shard",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="With --out: records per shard.",
)
def extract(
    paths: tuple[str, ...],
    fmt: str,
    legacy_encodings: bool | None,
    workers: int | None,
    topic: str | None,
    out_dir: str | None,
    per_shard: int,
) -> None:
    """Print one record per deliberation (contract shape); folders are walked.

    Files are read by worker processes under the same time and memory limits as `ingest`;
    a file that cannot be read is reported on standard error (exit status 1). With
    `--out DIR`, everything extraction gives (documents, records, failures) is written as
    shards that `delib load DIR` loads: extraction and loading as two stages joined by
    files; a shard is complete or absent."""
    import json

    from pipeline.paths import FileRef, Problem, walk
    from pipeline.pool import Pool
    from pipeline.worker import Extracted, Failed

    if out_dir and topic:
        fail("--topic filters what is printed; shards (--out) hold every record")
    settings = _settings(legacy_encodings=legacy_encodings, workers=workers)
    err = _err()
    records = []
    failed = 0
    items = walk(paths, settings.suffixes)
    if out_dir:
        from pipeline.shards import ShardWriter

        with (
            Pool[FileRef | Problem](
                settings, lambda i: i if isinstance(i, FileRef) else None
            ) as pool,
            ShardWriter(Path(out_dir), per_shard) as writer,
        ):
            n = 0
            for item, outcome in pool.imap(items):
                writer.write(item, outcome)
                n += 1
                if (isinstance(item, Problem) and item.severity == "error") or isinstance(
                    outcome, Failed
                ):
                    failed += 1
        err.print(f"{n} files, {failed} failed: {len(writer.written)} shard(s) in {out_dir}")
        if failed:
            sys.exit(1)
        return
    with Pool[FileRef | Problem](settings, lambda i: i if isinstance(i, FileRef) else None) as pool:
        for item, outcome in pool.imap(items):
            if isinstance(item, Problem):
                if item.severity == "error":
                    failed += 1
                err.print(f"{item.severity} {item.name}: {item.reason} [{item.code}]", markup=False)
            elif isinstance(outcome, Failed):
                failed += 1
                err.print(f"error {item.name}: {outcome.reason} [{outcome.code}]", markup=False)
            elif isinstance(outcome, Extracted):
                for _code, w in outcome.doc.warnings:
                    err.print(f"warning {item.name}: {w}", markup=False)
                for x in outcome.extractions:
                    if topic and not any(t.tag == topic for t in x.record.topics):
                        continue
                    data = x.record.to_contract()
                    if fmt == "jsonl":
                        click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
                    else:
                        records.append(data)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, sort_keys=True, indent=2))
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option(
    "--prune",
    is_flag=True,
    help="Also remove from the database the documents whose files are gone under PATHS.",
)
@legacy_option
@workers_option
@click.option(
    "--dask",
    "dask_address",
    help="Extract on a dask.distributed cluster: the scheduler's address, or 'local' for a "
    "LocalCluster of --workers processes on this machine (pip install 'delib[cluster]').",
)
@click.option(
    "--shards",
    "shard_dir",
    type=click.Path(file_okay=False),
    help="With --dask: the folder where workers write their shards (shared by the workers "
    "and this machine); default a temporary folder, removed after loading.",
)
def ingest(
    paths: tuple[str, ...],
    db_url: str | None,
    quiet: bool,
    prune: bool,
    legacy_encodings: bool | None,
    workers: int | None,
    dask_address: str | None,
    shard_dir: str | None,
) -> None:
    """Extract, load into the database, run the checks, print a summary.

    A file already loaded (same content, same extractor version) is not read again; new
    content at a known path replaces the old one. Exit status: 0 when every file loaded,
    1 when some failed (they are listed and recorded in the ingest_errors table), 2 on a
    usage or database error."""
    settings = _settings(db_url=db_url, legacy_encodings=legacy_encodings, workers=workers)
    if not dask_address:
        from pipeline.pool import start_server

        start_server(settings)  # warms up beside what follows
    from pipeline.errors import DelibError
    from pipeline.ingest import ingest as run_ingest

    engine = _engine(db_url, write=True)
    err = _err()
    show = not quiet and err.is_terminal
    if shard_dir and not dask_address:
        fail("--shards is for --dask (without a cluster: delib extract --out DIR, delib load DIR)")
    if dask_address and prune:
        fail("--prune runs with a local ingest or `delib prune`, not with --dask")
    with _progress(err, show) as advance:
        try:
            if dask_address:
                import importlib.util

                if importlib.util.find_spec("distributed") is None:
                    fail("--dask needs dask.distributed: pip install 'delib[cluster]'")
                from pipeline.cluster import ingest_on_cluster

                report = ingest_on_cluster(
                    paths, engine, settings, dask_address, shard_dir, progress=advance
                )
            else:
                report = run_ingest(paths, engine, settings, progress=advance, prune=prune)
        except DelibError as exc:
            fail(str(exc))
    _summary(report, settings.db_url, engine)
    if report.failed:
        sys.exit(1)


def _progress(err: Any, show: bool) -> Any:
    """A progress display without a total (files are listed lazily): count and rate."""
    from contextlib import contextmanager

    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    @contextmanager
    def run() -> Any:
        with Progress(
            SpinnerColumn(),
            TextColumn("ingest"),
            MofNCompleteColumn(),
            TextColumn("{task.fields[name]}"),
            console=err,
            disable=not show,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None, name="")
            yield lambda name: bar.update(task, advance=1, name=name[-60:])

    return run()


def _summary(report: LoadReport, db_url: str, engine: Any = None) -> None:
    from rich.table import Table

    from pipeline.coverage import coverage, coverage_line
    from pipeline.db import masked

    out, err = _out(), _err()
    t = Table(title="delib ingest", show_header=False)
    t.add_row("database", masked(db_url))
    t.add_row("files", str(report.files))
    t.add_row("deliberations extracted", str(report.deliberations))
    t.add_row(
        "inserted / updated / unchanged",
        f"{report.inserted} / {report.updated} / {report.unchanged}",
    )
    if report.skipped:
        t.add_row("skipped", str(len(report.skipped)))
    if report.pruned:
        t.add_row("pruned (files gone)", str(len(report.pruned)))
    t.add_row("failed", str(len(report.failed)))
    t.add_row(
        "findings of the documents loaded",
        ", ".join(f"{k}: {v}" for k, v in sorted(report.findings.items())) or "none",
    )
    if report.corpus_findings is not None:
        t.add_row("corpus pass", f"{report.corpus_findings} findings")
    if engine is not None:
        t.add_row("fields found (corpus)", coverage_line(coverage(engine)))
    out.print(t)
    for name, w in report.warnings:
        err.print(f"warning {name}: {w}", markup=False)
    for name, reason in report.skipped:
        err.print(f"skipped {name}: {reason}", markup=False)
    for key in report.pruned:
        err.print(f"pruned {key}: the file is gone", markup=False)
    for name, code, reason in report.failed:
        err.print(f"failed {name}: {reason} [{code}]", markup=False)


@main.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option("--quiet", is_flag=True, help="No progress display.")
def load_command(folder: str, db_url: str | None, quiet: bool) -> None:
    """Load the shards `delib extract --out FOLDER` wrote, then run the corpus pass.

    Idempotent: loading the same shards again changes nothing (unchanged); a document
    loaded earlier from other content at the same path is replaced. Prints the same
    summary as `ingest`; exit status 1 when some file failed."""
    from pipeline.errors import DelibError
    from pipeline.ingest import load_shards

    engine = _engine(db_url, write=True)
    err = _err()
    with _progress(err, not quiet and err.is_terminal) as advance:
        try:
            report = load_shards(folder, engine, progress=advance)
        except DelibError as exc:
            fail(str(exc))
    _summary(report, _settings(db_url=db_url).db_url, engine)
    if report.failed:
        sys.exit(1)


@main.command("prune")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
def prune_command(paths: tuple[str, ...], db_url: str | None) -> None:
    """Remove the documents whose files are gone under PATHS (folders that exist: a
    folder that is missing, an unmounted disk say, is refused rather than emptied; never
    without being asked), then run the corpus pass on what they touched."""
    from pipeline import load
    from pipeline.corpus import corpus_checks
    from pipeline.paths import exists_key, roots_of

    _engine(db_url).dispose()  # refuses a database that does not exist: nothing to prune
    engine = _engine(db_url, write=True)
    removed = load.prune(engine, roots_of(paths), exists_key)
    if removed:
        corpus_checks(engine, only_pending=True)
    err = _err()
    for key in removed:
        err.print(f"pruned {key}: the file is gone", markup=False)
    click.echo(f"{len(removed)} path(s) pruned")


@main.command()
@db_option
@click.option("--status", type=click.Choice(STATUSES), help="Only findings with this status.")
@click.option(
    "--check",
    "check_name",
    type=click.Choice(sorted(CHECKS)),
    help="Only this check.",
)
@format_option(ROWS, "table")
def findings(db_url: str | None, status: str | None, check_name: str | None, fmt: str) -> None:
    """The cross-check findings, failures first."""
    from pipeline import queries

    _print_frame(queries.findings(_engine(db_url), status, check_name), fmt, "findings")


@main.command()
@db_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only sessions on or after this date.",
)
@click.option("--body", type=click.Choice(BODIES), help="Only this kind of body.")
@click.option(
    "--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML report here."
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False), help="Write the report as JSON here."
)
@click.option("--force", is_flag=True, help="Overwrite the report files if they exist.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    help="Exit 1 on a failed check (error) or on a failed check or a warning (warning).",
)
@format_option(ROWS, "table")
def audit(
    db_url: str | None,
    since: Any,
    body: str | None,
    html_path: str | None,
    json_path: str | None,
    force: bool,
    fail_on: str | None,
    fmt: str,
) -> None:
    """Audit the corpus: findings by check and status, worst cases first; HTML and JSON reports.

    A report file that exists is kept unless --force (checked before the audit runs); a
    missing folder is created."""
    from rich.table import Table

    from pipeline.audit import audit as run_audit
    from pipeline.audit import render_html, to_json
    from pipeline.coverage import coverage_line

    for path in (html_path, json_path):
        if path:
            _prepare_output(Path(path), force)
    report = run_audit(_engine(db_url), since.date() if since else None, body)
    out, err = _out(), _err()
    if fmt != "table":  # the counts by check and status, as rows
        import pandas as pd

        statuses = ("fail", "warning", "pass", "not_applicable")
        _print_frame(
            pd.DataFrame(
                [
                    {"check": check, **{s: counts.get(s, 0) for s in statuses}}
                    for check, counts in report.counts.items()
                ],
                columns=["check", *statuses],
            ),
            fmt,
        )
    t = Table(title=f"delib audit — {len(report.deliberations)} deliberations")
    t.add_column("check")
    for status in ("fail", "warning", "pass", "not_applicable"):
        t.add_column(status, justify="right")
    for check, counts in report.counts.items():
        t.add_row(
            check, *(str(counts.get(s, 0)) for s in ("fail", "warning", "pass", "not_applicable"))
        )
    if fmt == "table":
        out.print(t)
        out.print("fields found: " + coverage_line(report.coverage), markup=False, highlight=False)
    for d in [d for d in report.deliberations if d.worst == 0][:10] if fmt == "table" else []:
        worst = [f for f in d.findings if f.status == "fail"]
        out.print(
            f"[red]fail[/red] {d.file} #{d.segment + 1} {d.reference or ''}: "
            + "; ".join(f"{f.check}: {f.message}" for f in worst[:2]),
            markup=True,
            highlight=False,
        )
    if html_path:
        _write_text(Path(html_path), render_html(report), force=True)  # checked above
        err.print(f"wrote {html_path}")
    if json_path:
        _write_text(Path(json_path), to_json(report), force=True)  # checked above
        err.print(f"wrote {json_path}")
    if (fail_on == "error" and report.total("fail")) or (
        fail_on == "warning" and (report.total("fail") or report.total("warning"))
    ):
        sys.exit(1)


@main.command()
@db_option
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--allow-sql",
    is_flag=True,
    help="Let visitors run any SQL they write (off by default: canned queries and the tables only).",
)
def serve(db_url: str | None, port: int, host: str, allow_sql: bool) -> None:
    """Browse the corpus with Datasette (SQLite): metadata, full-text search, canned queries.

    Also writes a static chart of funding by région beside the database. This process
    becomes Datasette (no child is left behind when it is stopped); arbitrary SQL is off
    unless --allow-sql."""
    import os

    from sqlalchemy.engine import make_url

    from pipeline.serve import write_metadata

    settings = _settings(db_url=db_url)
    url = make_url(settings.db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        fail("delib serve browses a SQLite corpus (export from PostgreSQL first)")
    _engine(db_url)  # exists and is at the newest schema
    db_path = Path(url.database)
    meta = write_metadata(db_path)
    _err().print(f"chart: {db_path.with_name('funding_by_region.html')}")
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(meta),
        "--plugins-dir",
        str(Path(__file__).parent / "datasette_plugins"),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "default_allow_sql",
        "on" if allow_sql else "off",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, cmd)  # replaces this process: a signal stops Datasette itself


@main.group()
def query() -> None:
    """Tables over the corpus: funding, attendance."""


def _funding_by() -> list[str]:
    return ["beneficiary", "region", "departement", "epci", "commune", "year", "programme"]


@query.command("funding")
@db_option
@click.option("--by", type=click.Choice(_funding_by()), default="beneficiary", show_default=True)
@click.option("--year", type=int, help="Only sessions of this year.")
@click.option("--theme", help="Only deliberations whose theme or subject contains this.")
@click.option("--kind", type=click.Choice(["AE", "AP"]), help="Only AE or AP authorisations.")
@click.option(
    "--topic",
    type=click.Choice(_topic_tags()),
    help="Only deliberations with this topic tag (delib query topics).",
)
@format_option(ROWS, "table")
def query_funding(
    db_url: str | None,
    by: str,
    year: int | None,
    theme: str | None,
    kind: str | None,
    topic: str | None,
    fmt: str,
) -> None:
    """Funding totals by beneficiary, région, département, EPCI, commune, budget year or programme.

    Amounts are summed only where a document attributes them to a beneficiary; a deliberation
    giving one total for several is counted as not split, never shared out."""
    from pipeline import queries

    _print_frame(
        queries.funding(_engine(db_url), by, year, theme, kind, topic), fmt, f"funding by {by}"
    )


@query.command("topics")
@db_option
@click.option(
    "--tag",
    type=click.Choice(_topic_tags()),
    help="One tag (a family includes its sub-tags).",
)
@format_option(ROWS, "table")
def query_topics(db_url: str | None, tag: str | None, fmt: str) -> None:
    """Deliberations, authorities and amounts per topic tag and year.

    Tags and the words behind them are in schemas/data/topics.toml (README "Topics")."""
    from pipeline import queries

    _print_frame(queries.topics(_engine(db_url), tag), fmt, "topics")


@query.command("attendance")
@db_option
@click.option("--person", help="Part of a name (case-insensitive, taken literally).")
@format_option(ROWS, "table")
def query_attendance(db_url: str | None, person: str | None, fmt: str) -> None:
    """Attendance and proxies per person, as named in each document."""
    from pipeline import queries

    _print_frame(queries.attendance(_engine(db_url), person), fmt, "attendance")


@query.command("person")
@click.argument("name")
@db_option
@format_option(ROWS, "table")
def query_person(name: str, db_url: str | None, fmt: str) -> None:
    """A person's attendance and proxies over time, resolved across documents of a body."""
    from pipeline import queries

    if not any(ch.isalpha() for ch in name):
        fail(f"give a name to look for (letters), not {name!r}")
    _print_frame(queries.person_history(_engine(db_url), name), fmt, f"person {name}")


@query.command("territory")
@db_option
@click.option("--status", type=click.Choice(["matched", "unmatched", "ambiguous"]))
@format_option(ROWS, "table")
def query_territory(db_url: str | None, status: str | None, fmt: str) -> None:
    """Beneficiary names and their link to the territorial reference (score, status, reason)."""
    from pipeline import queries

    _print_frame(queries.territory_links(_engine(db_url), status), fmt, "territory links")


@query.command("transmission")
@db_option
@click.option(
    "--by", type=click.Choice(["authority", "deliberation"]), default="authority", show_default=True
)
@format_option(ROWS, "table")
def query_transmission(db_url: str | None, by: str, fmt: str) -> None:
    """Days from session to prefecture transmission and to publication (executory: both).

    Read from the prefecture stamp ("Reçu en préfecture le ...", "Publié le ..."); a
    deliberation without any stamp date is not listed."""
    from pipeline import queries

    _print_frame(queries.transmission(_engine(db_url), by), fmt, f"transmission by {by}")


@main.command("sql")
@click.argument("statement")
@db_option
@format_option(ROWS, "table")
def sql_command(statement: str, db_url: str | None, fmt: str) -> None:
    """Run one read-only SQL query and print its rows (the tables: README "Data model").

    The connection is read-only (SQLite: query_only; PostgreSQL: a read-only transaction):
    a statement that would write is refused by the database itself."""
    import pandas as pd
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(db_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA query_only = ON")
            else:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            try:
                df = pd.read_sql(text(statement), conn)
            finally:
                conn.rollback()
                if engine.dialect.name == "sqlite":
                    conn.exec_driver_sql("PRAGMA query_only = OFF")
    except (SQLAlchemyError, pd.errors.DatabaseError) as exc:
        cause = exc.__cause__ if isinstance(exc, pd.errors.DatabaseError) else exc
        reason = str(getattr(cause, "orig", None) or cause or exc).splitlines()[0]
        fail(f"the query failed (read-only: nothing is written): {reason}")
    _print_frame(df, fmt)


@query.command("errors")
@db_option
@format_option(ROWS, "table")
def query_errors(db_url: str | None, fmt: str) -> None:
    """Files that failed to ingest, or loaded with a warning, and why."""
    from pipeline import queries

    _print_frame(queries.ingest_errors(_engine(db_url)), fmt, "ingest errors")


def _write_text(path: Path, text: str, force: bool) -> None:
    _prepare_output(path, force)
    path.write_text(text, encoding="utf-8")


def _prepare_output(path: Path, force: bool) -> None:
    """One behaviour for every file a command writes: an existing file is kept unless
    `--force`; a missing folder is created."""
    if path.exists() and not force:
        fail(f"{path} exists; give --force to overwrite it")
    if path.exists() and path.is_dir():
        fail(f"{path} is a folder, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create the folder {path.parent}: {exc.strerror or exc}")


def _tables() -> list[str]:
    from schemas.vocab import TABLE_NAMES

    return sorted(TABLE_NAMES)


@main.command()
@db_option
@click.argument(
    "target", required=False, type=click.Choice(["scdl-deliberations", "scdl-subventions"])
)
@click.option("--table", "table_name", type=click.Choice(_tables()), help="The table to export.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default=None,
    help="csv (default) or parquet; SCDL exports are CSV only.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="File to write (default: standard output for CSV; data/processed/TABLE.parquet "
    "for Parquet). Its folder is created; an existing file is kept unless --force.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--coll-siret",
    help="SCDL: the SIRET of the one authority publishing, for documents that print none.",
)
@click.option(
    "--sirets",
    "sirets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="SCDL: a CSV of SIRETs (columns siret and siren or name), for a corpus of many authorities.",
)
@click.option(
    "--skip-incomplete",
    is_flag=True,
    help="SCDL: leave out (and list) the rows whose required fields are unknown, and exit 0.",
)
def export(
    db_url: str | None,
    target: str | None,
    table_name: str | None,
    fmt: str | None,
    output: str | None,
    force: bool,
    coll_siret: str | None,
    sirets_file: str | None,
    skip_incomplete: bool,
) -> None:
    """Export one table as CSV or Parquet, or the SCDL open-data files.

    `delib export scdl-deliberations [-o FILE]` and `delib export scdl-subventions [-o FILE]`
    write CSV in the SCDL Délibérations 2.1.5 and Subventions 2.1.1 formats (standard output
    without -o), validated against the official schemas before the command ends. A row whose
    required fields are unknown is not written: it is listed with them, and the exit status
    is 1 unless --skip-incomplete; an invalid file exits 1 with every error."""
    if target and table_name:
        fail(f"give either {target} or --table, not both")
    if target and fmt == "parquet":
        fail(f"{target} is an SCDL file: CSV only (no --format parquet)")
    if not target and not table_name:
        fail("give --table NAME, or scdl-deliberations / scdl-subventions")
    if not target and (coll_siret or sirets_file or skip_incomplete):
        fail("--coll-siret, --sirets and --skip-incomplete are for the SCDL exports")
    fmt = fmt or "csv"
    dest = Path(output) if output else None
    if dest is not None:
        _prepare_output(dest, force)
    if target:
        _export_scdl(db_url, target, dest, coll_siret, sirets_file, skip_incomplete)
        return
    from pipeline import queries

    assert table_name is not None
    df = queries.table(_engine(db_url), table_name)
    if fmt == "parquet":
        if dest is None:
            dest = Path(f"data/processed/{table_name}.parquet")
            _prepare_output(dest, force)
        df.to_parquet(dest, index=False)
        _err().print(f"wrote {len(df)} rows to {dest}")
    elif dest is not None:
        df.to_csv(dest, index=False)
        _err().print(f"wrote {len(df)} rows to {dest}")
    else:
        click.echo(df.to_csv(index=False), nl=False)


@main.command("corpus")
@db_option
@click.option(
    "--topic",
    required=True,
    type=click.Choice(_topic_tags()),
    help="The topic tag of the corpus (delib query topics).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write (created; its files are replaced only with --force).",
)
@click.option("--force", is_flag=True, help="Replace the files of an existing folder.")
@click.option("--coll-siret", help="SCDL: the SIRET of the one authority publishing.")
@click.option(
    "--sirets",
    "sirets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="SCDL: a CSV of SIRETs (columns siret and siren or name).",
)
def corpus(
    db_url: str | None,
    topic: str,
    out_dir: str,
    force: bool,
    coll_siret: str | None,
    sirets_file: str | None,
) -> None:
    """Write the corpus of one topic to take away: records (JSONL), tables (CSV and
    Parquet), SCDL files, a Frictionless datapackage.json and a README.

    Made from the database alone: re-running it on the same database gives byte-identical
    files."""
    from pipeline import bundle, scdl

    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not force:
        fail(f"{out} is not empty; give --force to replace its files")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create the folder {out}: {exc.strerror or exc}")
    try:
        sirets = scdl.Sirets.load(coll_siret, Path(sirets_file) if sirets_file else None)
    except (ValueError, KeyError, OSError) as exc:
        fail(str(exc))
    b = bundle.write(_engine(db_url), topic, out, sirets)
    err = _err()
    err.print(f"{b.deliberations} deliberations tagged {topic}: {len(b.files)} files in {out}")
    for line in b.errors:
        err.print(f"error {line}", markup=False, highlight=False)
    if b.not_written:
        err.print(f"{len(b.not_written)} SCDL rows not written (listed in {out / 'README.md'})")
    if b.errors:
        sys.exit(1)


def _export_scdl(
    db_url: str | None,
    target: str,
    dest: Path | None,
    coll_siret: str | None,
    sirets_file: str | None,
    skip_incomplete: bool,
) -> None:
    from pipeline import scdl

    try:
        sirets = scdl.Sirets.load(coll_siret, Path(sirets_file) if sirets_file else None)
    except (ValueError, KeyError, OSError) as exc:
        fail(str(exc))
    engine = _engine(db_url)
    if target == "scdl-deliberations":
        export = scdl.deliberation_export(engine, sirets)
    else:
        export = scdl.subvention_export(engine, sirets)
    errors = scdl.validate(export)
    err = _err()
    if dest is None:
        n = scdl.write_csv_to(export.rows, export.fields, sys.stdout)
        err.print(f"wrote {n} rows")
    else:
        n = scdl.write_csv(export.rows, export.fields, dest)
        err.print(f"wrote {n} rows to {dest}")
    for which, missing in export.incomplete:
        err.print(
            f"not written: {which}: missing {', '.join(missing)}", markup=False, highlight=False
        )
    for kind in ("structure", "content"):
        for_kind = [m for k, m in errors if k == kind]
        if for_kind:
            err.print(f"{len(for_kind)} {kind} error(s) against {export.schema}:", markup=False)
            for m in for_kind:
                err.print(f"  {m}", markup=False, highlight=False)
    if not errors:
        err.print(f"valid against {export.schema}: 0 errors", markup=False)
    if errors or (export.incomplete and not skip_incomplete):
        sys.exit(1)


if __name__ == "__main__":
    main()
