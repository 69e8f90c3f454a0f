"""The `delib` command line. Thin: it parses options and calls the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from pipeline import queries
from pipeline.db import connect
from pipeline.errors import DelibError, InputError
from pipeline.extract import extract_document
from pipeline.ingest import ingest as run_ingest
from pipeline.settings import Settings
from pipeline.sources import read_document, walk
from schemas.tables import TABLES
from schemas.vocab import BODIES

err = Console(stderr=True, soft_wrap=True)
out = Console(width=None if Console().is_terminal else 200)


def db_option(f):
    return click.option(
        "--db",
        "db_url",
        envvar="DELIB_DB_URL",
        default=None,
        help="SQLAlchemy URL (default sqlite:///data/processed/delib.sqlite; env DELIB_DB_URL).",
    )(f)


def legacy_option(f):
    return click.option(
        "--legacy-encodings",
        is_flag=True,
        default=None,
        help="Read text that is not UTF-8 as cp1252/latin-1 (a warning is recorded) instead of refusing it.",
    )(f)


def format_option(choices: tuple[str, ...], default: str):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True
    )


def _engine(db_url: str | None):
    settings = Settings.from_env(db_url=db_url)
    try:
        return connect(settings.db_url)
    except DelibError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_frame(df: pd.DataFrame, fmt: str, title: str | None = None) -> None:
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df.to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        t = Table(title=title, show_lines=False)
        for c in df.columns:
            t.add_column(str(c), overflow="fold")
        for row in df.itertuples(index=False):
            t.add_row(*["" if pd.isna(v) else str(v) for v in row])
        out.print(t)


@click.group()
@click.version_option(package_name="delib")
def main() -> None:
    """delib: French local-government deliberations in, a checked SQL corpus out."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option(("jsonl", "json"), "jsonl")
@legacy_option
def extract(paths: tuple[str, ...], fmt: str, legacy_encodings: bool | None) -> None:
    """Print one record per deliberation (contract shape); folders are walked."""
    settings = Settings.from_env(legacy_encodings=legacy_encodings)
    records = []
    failed = 0
    for path in walk(paths, settings):
        try:
            doc = read_document(path, settings)
        except InputError as exc:
            failed += 1
            err.print(f"[red]error[/red] {exc.path}: {exc.reason} [{exc.code}]")
            continue
        for _code, w in doc.warnings:
            err.print(f"[yellow]warning[/yellow] {doc.path}: {w}")
        for x in extract_document(doc):
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
@click.option("--quiet", is_flag=True, help="No progress bar.")
@legacy_option
def ingest(
    paths: tuple[str, ...], db_url: str | None, quiet: bool, legacy_encodings: bool | None
) -> None:
    """Extract, load into the database, run the checks, print a summary.

    Exit status: 0 when every file loaded, 1 when some failed (they are listed and
    recorded in the ingest_errors table), 2 on a usage or database error.
    """
    settings = Settings.from_env(db_url=db_url, legacy_encodings=legacy_encodings)
    engine = _engine(db_url)
    files = list(walk(paths, settings))
    show = not quiet and len(files) > 20 and err.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show,
    ) as bar:
        task = bar.add_task("ingest", total=len(files))
        report = run_ingest(files, engine, settings, progress=lambda _name: bar.advance(task))
    t = Table(title="delib ingest", show_header=False)
    t.add_row("database", settings.db_url)
    t.add_row("files", str(report.files))
    t.add_row("deliberations", str(report.deliberations))
    t.add_row(
        "inserted / updated / unchanged",
        f"{report.inserted} / {report.updated} / {report.unchanged}",
    )
    t.add_row("failed", str(len(report.failed)))
    t.add_row(
        "findings", ", ".join(f"{k}: {v}" for k, v in sorted(report.findings.items())) or "none"
    )
    out.print(t)
    for name, w in report.warnings:
        err.print(f"[yellow]warning[/yellow] {name}: {w}")
    for name, code, reason in report.failed:
        err.print(f"[red]failed[/red] {name}: {reason} [{code}]")
    if report.failed:
        sys.exit(1)


@main.command()
@db_option
@click.option("--status", type=click.Choice(["pass", "fail", "warning", "not_applicable"]))
@click.option("--check", "check_name", help="Only this check (contract name).")
@format_option(("table", "csv", "json"), "table")
def findings(db_url: str | None, status: str | None, check_name: str | None, fmt: str) -> None:
    """The cross-check findings, failures first."""
    _print_frame(queries.findings(_engine(db_url), status, check_name), fmt, "findings")


@main.command()
@db_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only sessions on or after this date.",
)
@click.option(
    "--body",
    type=click.Choice(BODIES),
)
@click.option(
    "--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML report here."
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False), help="Write the report as JSON here."
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    help="Exit 1 on a failed check (error) or on a failed check or a warning (warning).",
)
def audit(
    db_url: str | None,
    since: Any,
    body: str | None,
    html_path: str | None,
    json_path: str | None,
    fail_on: str | None,
) -> None:
    """Audit the corpus: findings by check and status, worst cases first; HTML and JSON reports."""
    from pipeline.audit import audit as run_audit
    from pipeline.audit import render_html, to_json

    report = run_audit(_engine(db_url), since.date() if since else None, body)
    t = Table(title=f"delib audit — {len(report.deliberations)} deliberations")
    t.add_column("check")
    for status in ("fail", "warning", "pass", "not_applicable"):
        t.add_column(status, justify="right")
    for check, counts in report.counts.items():
        t.add_row(
            check, *(str(counts.get(s, 0)) for s in ("fail", "warning", "pass", "not_applicable"))
        )
    out.print(t)
    for d in [d for d in report.deliberations if d.worst == 0][:10]:
        worst = [f for f in d.findings if f.status == "fail"]
        out.print(
            f"[red]fail[/red] {d.file} #{d.segment + 1} {d.reference or ''}: "
            + "; ".join(f"{f.check}: {f.message}" for f in worst[:2]),
            markup=True,
            highlight=False,
        )
    if html_path:
        Path(html_path).write_text(render_html(report), encoding="utf-8")
        err.print(f"wrote {html_path}")
    if json_path:
        Path(json_path).write_text(to_json(report), encoding="utf-8")
        err.print(f"wrote {json_path}")
    if (fail_on == "error" and report.total("fail")) or (
        fail_on == "warning" and (report.total("fail") or report.total("warning"))
    ):
        sys.exit(1)


@main.command()
@db_option
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_url: str | None, port: int, host: str) -> None:
    """Browse the corpus with Datasette (SQLite): metadata, full-text search, canned queries.

    Also writes a static chart of funding by région beside the database."""
    import subprocess

    from sqlalchemy.engine import make_url

    from pipeline.serve import write_metadata

    settings = Settings.from_env(db_url=db_url)
    url = make_url(settings.db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "delib serve browses a SQLite corpus (export from PostgreSQL first)"
        )
    _engine(db_url)  # migrate
    db_path = Path(url.database)
    meta = write_metadata(db_path)
    err.print(f"chart: {db_path.with_name('funding_by_region.html')}")
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(meta),
        "--host",
        host,
        "--port",
        str(port),
    ]
    sys.exit(subprocess.call(cmd))


@main.group()
def query() -> None:
    """Tables over the corpus: funding, attendance."""


@query.command("funding")
@db_option
@click.option(
    "--by", type=click.Choice(queries.FUNDING_BY), default="beneficiary", show_default=True
)
@click.option("--year", type=int, help="Only sessions of this year.")
@click.option("--theme", help="Only deliberations whose theme or subject contains this.")
@click.option("--kind", type=click.Choice(["AE", "AP"]), help="Only AE or AP authorisations.")
@format_option(("table", "csv", "json"), "table")
def query_funding(
    db_url: str | None, by: str, year: int | None, theme: str | None, kind: str | None, fmt: str
) -> None:
    """Funding totals by beneficiary, région, département, EPCI, commune, budget year or programme.

    Amounts are summed only where a document attributes them to a beneficiary; a deliberation
    giving one total for several is counted as not split, never shared out."""
    _print_frame(queries.funding(_engine(db_url), by, year, theme, kind), fmt, f"funding by {by}")


@query.command("attendance")
@db_option
@click.option("--person", help="Part of a name (case-insensitive).")
@format_option(("table", "csv", "json"), "table")
def query_attendance(db_url: str | None, person: str | None, fmt: str) -> None:
    """Attendance and proxies per person, as named in each document."""
    _print_frame(queries.attendance(_engine(db_url), person), fmt, "attendance")


@query.command("person")
@click.argument("name")
@db_option
@format_option(("table", "csv", "json"), "table")
def query_person(name: str, db_url: str | None, fmt: str) -> None:
    """A person's attendance and proxies over time, resolved across documents of a body."""
    _print_frame(queries.person_history(_engine(db_url), name), fmt, f"person {name}")


@query.command("territory")
@db_option
@click.option("--status", type=click.Choice(["matched", "unmatched", "ambiguous"]))
@format_option(("table", "csv", "json"), "table")
def query_territory(db_url: str | None, status: str | None, fmt: str) -> None:
    """Beneficiary names and their link to the territorial reference (score, status, reason)."""
    _print_frame(queries.territory_links(_engine(db_url), status), fmt, "territory links")


@query.command("errors")
@db_option
@format_option(("table", "csv", "json"), "table")
def query_errors(db_url: str | None, fmt: str) -> None:
    """Files that failed to ingest, or loaded with a warning, and why."""
    _print_frame(queries.ingest_errors(_engine(db_url)), fmt, "ingest errors")


@main.command()
@db_option
@click.argument(
    "target", required=False, type=click.Choice(["scdl-deliberations", "scdl-subventions"])
)
@click.option("--table", "table_name", type=click.Choice(sorted(TABLES)))
@format_option(("csv", "parquet"), "csv")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="File to write (default: stdout for CSV).",
)
def export(
    db_url: str | None, target: str | None, table_name: str | None, fmt: str, output: str | None
) -> None:
    """Export one table as CSV or Parquet, or the SCDL open-data files.

    `delib export scdl-deliberations -o FILE` and `delib export scdl-subventions -o FILE`
    write CSV in the SCDL Délibérations 2.1.5 and Subventions 2.1.1 formats; fields the
    documents do not give stay empty."""
    if target:
        from pipeline import scdl

        engine = _engine(db_url)
        if target == "scdl-deliberations":
            rows, fields = scdl.deliberation_rows(engine), scdl.DELIBERATION_FIELDS
        else:
            rows, fields = scdl.subvention_rows(engine), scdl.SUBVENTION_FIELDS
        dest = Path(output or f"data/processed/{target}.csv")
        n = scdl.write_csv(rows, fields, dest)
        err.print(f"wrote {n} rows to {dest}")
        return
    if not table_name:
        raise click.UsageError("give --table NAME, or scdl-deliberations / scdl-subventions")
    df = queries.table(_engine(db_url), table_name)
    if fmt == "parquet":
        parquet = Path(output or f"data/processed/{table_name}.parquet")
        parquet.parent.mkdir(parents=True, exist_ok=True)
        df.to_parquet(parquet, index=False)
        err.print(f"wrote {len(df)} rows to {parquet}")
    elif output:
        df.to_csv(output, index=False)
        err.print(f"wrote {len(df)} rows to {output}")
    else:
        click.echo(df.to_csv(index=False), nl=False)


if __name__ == "__main__":
    main()
