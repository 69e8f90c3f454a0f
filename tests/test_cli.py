"""The command line: every command has help and is documented; queries and exports work."""

from __future__ import annotations

import io
from pathlib import Path

import click
import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.db import connect
from pipeline.migrations.env_filter import include_object
from schemas.tables import TABLES, Base
from tests.conftest import ROOT, SEEDS


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
    return out


COMMANDS = _commands(main)


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(name: str, cmd: click.Command) -> None:
    assert cmd.help, f"{name} has no help text"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"delib {name}" in readme, f"'delib {name}' is not in the README"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'corpus.sqlite'}"
    result = CliRunner().invoke(
        main, ["ingest", str(SEEDS), str(ROOT / "data/raw/realdocs"), "--db", url]
    )
    assert result.exit_code == 0, result.output
    return url


def test_findings_command_filters_by_status(loaded: str) -> None:
    result = CliRunner().invoke(
        main, ["findings", "--db", loaded, "--status", "fail", "--format", "csv"]
    )
    assert result.exit_code == 0
    df = pd.read_csv(io.StringIO(result.output))
    assert len(df) > 0 and set(df["status"]) == {"fail"}
    # the consistent seeds raise no failure
    assert not df["document"].str.contains("000_fe87c6e5f2330ba2|001_cb489b3979ba8787").any()


def test_query_funding_by_programme_and_beneficiary(loaded: str) -> None:
    runner = CliRunner()
    by_prog = pd.read_csv(
        io.StringIO(
            runner.invoke(
                main, ["query", "funding", "--by", "programme", "--db", loaded, "--format", "csv"]
            ).output
        ),
        dtype={"programme": str},
    )
    rows = {(r.programme, r.kind): r.amount for r in by_prog.itertuples()}
    assert rows == {
        ("56000010", "AE"): 270000.0,
        ("56000010", "AP"): 84340.0,
        ("56000017", "AE"): 763900.0,
    }
    by_ben = pd.read_csv(
        io.StringIO(
            runner.invoke(main, ["query", "funding", "--db", loaded, "--format", "csv"]).output
        )
    )
    noyon = by_ben[by_ben.beneficiary == "Communauté de Communes du Pays Noyonnais"].iloc[0]
    # the deliberation gives only a total for three beneficiaries: not split, not invented
    assert noyon.deliberations_not_split == 1 and pd.isna(noyon.amount_attributed)
    by_year = pd.read_csv(
        io.StringIO(
            runner.invoke(
                main, ["query", "funding", "--by", "year", "--db", loaded, "--format", "csv"]
            ).output
        )
    )
    assert {(r.year, r.kind): r.amount for r in by_year.itertuples()} == {
        (2019, "AE"): 270000.0,
        (2019, "AP"): 84340.0,
        (2020, "AE"): 763900.0,
    }


def test_query_attendance_per_person(loaded: str) -> None:
    result = CliRunner().invoke(
        main, ["query", "attendance", "--person", "RYO", "--db", loaded, "--format", "csv"]
    )
    df = pd.read_csv(io.StringIO(result.output))
    # Madame Monique RYO: present in both Hauts-de-France seeds, holding Decoster's proxy each time
    assert list(df["present"]) == [1, 1] and list(df["proxies_held"]) == [1, 1]


def test_export_csv_and_parquet(loaded: str, tmp_path: Path) -> None:
    runner = CliRunner()
    csv = runner.invoke(
        main, ["export", "--table", "imputations", "--format", "csv", "--db", loaded]
    )
    assert csv.exit_code == 0 and "935/56/65734/56000010" in csv.output
    target = tmp_path / "findings.parquet"
    pq = runner.invoke(
        main,
        ["export", "--table", "findings", "--format", "parquet", "-o", str(target), "--db", loaded],
    )
    assert pq.exit_code == 0
    df = pd.read_parquet(target)
    assert {"check_name", "status", "message"} <= set(df.columns) and len(df) > 100


def test_migrations_match_the_models(db_url: str) -> None:
    engine = connect(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert set(TABLES) <= set(engine.dialect.get_table_names(engine.connect()))
    engine.dispose()


def test_bad_database_url_is_a_clear_error() -> None:
    result = CliRunner().invoke(
        main, ["findings", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"]
    )
    assert result.exit_code == 2 and "cannot open database" in result.output


def test_query_person_resolves_a_member_across_documents(loaded: str) -> None:
    result = CliRunner().invoke(
        main, ["query", "person", "Monique RYO", "--db", loaded, "--format", "csv"]
    )
    df = pd.read_csv(io.StringIO(result.output))
    # one person of the Hauts-de-France commission permanente, at two sessions
    assert set(df["person"]) == {"RYO MONIQUE / Région Hauts-de-France / commission_permanente"}
    assert list(df["session_date"].unique()) == ["2019-11-26", "2020-02-04"]
    assert sorted(df["role"]) == ["held proxy", "held proxy", "present", "present"]


def test_query_person_keeps_two_members_of_the_same_surname_apart(loaded: str) -> None:
    result = CliRunner().invoke(
        main, ["query", "person", "SAUGET", "--db", loaded, "--format", "csv"]
    )
    df = pd.read_csv(io.StringIO(result.output))
    people = {p.split(" / ")[0] for p in df["person"]}
    # Couthenans: Marc and Marielle SAUGET; Écueillé-Valençay: Gérard SAUGET
    assert {"SAUGET MARC", "SAUGET MARIELLE", "SAUGET GERARD"} <= people


def test_funding_by_territory(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    (folder / "grants.txt").write_text(
        "DELIBERATION DE LA COMMISSION PERMANENTE du 3 mars 2023\n\nObjet : Aide aux communes\n\n"
        "| Commune de Lannion | 12 500 € |\n| Commune de Saint-Dizier | 7 500 € |\n| Commune de Saint-Exemple | 1 000 € |\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--db", url]).exit_code == 0
    by_region = pd.read_csv(
        io.StringIO(
            runner.invoke(
                main, ["query", "funding", "--by", "region", "--db", url, "--format", "csv"]
            ).output
        ),
        dtype={"region": str},
    )
    rows = {
        r.name: (r.amount_attributed, r.deliberations_not_split) for r in by_region.itertuples()
    }
    # Lannion (22, Bretagne) and Saint-Dizier (52, Grand Est) are split amounts; the seed's three
    # EPCIs (Hauts-de-France) share one total: not split, not shared out; Saint-Exemple is no commune
    assert rows["Bretagne"] == (12500.0, 0) and rows["Grand Est"] == (7500.0, 0)
    assert pd.isna(rows["Hauts-de-France"][0]) and rows["Hauts-de-France"][1] == 1
    assert rows["(not linked)"] == (1000.0, 0)


def cli_csv(*args: str, **read: object) -> pd.DataFrame:
    """Run a `delib` command with `--format csv` and read its output."""
    result = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.output), **read)  # type: ignore[call-overload]


def test_funding_filters_and_territory_listing(loaded: str) -> None:
    ae = cli_csv(
        "query",
        "funding",
        "--by",
        "programme",
        "--kind",
        "AE",
        "--db",
        loaded,
        dtype={"programme": str},
    )
    assert set(ae["kind"]) == {"AE"} and set(ae["programme"]) == {"56000010", "56000017"}
    tiers = cli_csv(
        "query",
        "funding",
        "--by",
        "programme",
        "--theme",
        "tiers-lieux",
        "--db",
        loaded,
        dtype={"programme": str},
    )
    assert set(tiers["programme"]) == {"56000010"}
    links = cli_csv("query", "territory", "--db", loaded, dtype={"siren": str})
    assert (
        dict(zip(links["name"], links["siren"], strict=True))[
            "Communauté de Communes du Pays Clermontois"
        ]
        == "246000376"
    )
    assert set(links["status"]) == {"matched"}


def test_query_transmission_days(loaded: str) -> None:
    """Days from session to the prefecture and to publication, as the stamps print them
    (Salazie: session 16/06/2026, télétransmission and publication 25/06/2026)."""
    rows = cli_csv("query", "transmission", "--db", loaded, "--by", "deliberation", dtype=str)
    salazie = rows[rows["reference"] == "2026-CM/071"].iloc[0]
    assert (
        salazie["session_date"],
        salazie["transmitted"],
        salazie["published"],
        salazie["transmission_days"],
        salazie["publication_days"],
        salazie["executory_days"],
    ) == ("2026-06-16", "2026-06-25", "2026-06-25", "9", "9", "9")
    ssd = rows[rows["reference"] == "01-02"].iloc[0]  # Seine-Saint-Denis: received, not published
    assert (ssd["transmission_days"], ssd["executory_days"]) == ("21", "<NA>") or (
        ssd["transmission_days"] == "21" and pd.isna(ssd["executory_days"])
    )
    by_authority = cli_csv("query", "transmission", "--db", loaded)
    assert by_authority.set_index("authority").loc["Commune de Salazie", "deliberations"] == 1


def test_table_names_for_the_command_line_are_the_tables() -> None:
    from schemas.vocab import TABLE_NAMES

    assert sorted(TABLE_NAMES) == sorted(TABLES)


def test_help_imports_nothing_heavy() -> None:
    """`delib --help` answered in 1.4 s because the CLI imported pandas, SQLAlchemy and the
    models before parsing anything: commands import what they use when they run."""
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from pipeline.cli import main; "
        "[CliRunner().invoke(main, [*c.split(), '--help']) for c in "
        "('', 'ingest', 'extract', 'export', 'corpus', 'query funding', 'audit')]; "
        "print(sorted(m for m in ('sqlalchemy', 'pandas', 'pdfplumber', 'pypdfium2', "
        "'extractors', 'pydantic', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


def test_db_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DELIB_DB_URL (documented) crashed every database command: the URL came both from
    click's envvar and from the settings."""
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("DELIB_DB_URL", url)
    r = CliRunner().invoke(main, ["ingest", str(SEEDS / "000_fe87c6e5f2330ba2.txt")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "env.sqlite").exists()
    r = CliRunner().invoke(main, ["findings", "--format", "csv"])
    assert r.exit_code == 0 and "check" in r.output.splitlines()[0]
    other = f"sqlite:///{tmp_path / 'flag.sqlite'}"  # the flag wins over the environment
    r = CliRunner().invoke(main, ["ingest", str(SEEDS / "000_fe87c6e5f2330ba2.txt"), "--db", other])
    assert r.exit_code == 0 and (tmp_path / "flag.sqlite").exists()


def test_sql_is_read_only_on_both_databases(db_url: str) -> None:
    r = CliRunner().invoke(
        main, ["ingest", str(SEEDS / "000_fe87c6e5f2330ba2.txt"), "--db", db_url]
    )
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        main,
        ["sql", "SELECT path, n_deliberations FROM documents", "--db", db_url, "--format", "json"],
    )
    assert r.exit_code == 0, r.output
    import json

    assert json.loads(r.output) == [{"path": "000_fe87c6e5f2330ba2.txt", "n_deliberations": 1}]
    assert r.output.startswith("[\n  {")  # pretty
    refused = CliRunner().invoke(main, ["sql", "DELETE FROM documents", "--db", db_url])
    assert refused.exit_code == 2 and "read-only" in refused.output
    r = CliRunner().invoke(
        main, ["sql", "SELECT COUNT(*) AS n FROM documents", "--db", db_url, "--format", "jsonl"]
    )
    assert r.output.strip() == '{"n": 1}'


def test_every_row_command_speaks_jsonl_without_escaped_slashes(loaded: str) -> None:
    r = CliRunner().invoke(main, ["findings", "--db", loaded, "--format", "jsonl"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    import json

    assert lines and all(json.loads(x)["document"] for x in lines)
    assert "\\/" not in r.output
    r = CliRunner().invoke(main, ["audit", "--db", loaded, "--format", "csv"])
    assert r.exit_code == 0 and r.output.splitlines()[0] == "check,fail,warning,pass,not_applicable"


def test_parquet_carries_types(loaded: str, tmp_path: Path) -> None:
    """Dates were strings and counts floats: the model's types go to Parquet."""
    import pyarrow.parquet as pq

    out = tmp_path / "d.parquet"
    r = CliRunner().invoke(
        main,
        [
            "export",
            "--table",
            "deliberations",
            "--format",
            "parquet",
            "-o",
            str(out),
            "--db",
            loaded,
        ],
    )
    assert r.exit_code == 0, r.output
    schema = pq.read_schema(out)
    assert str(schema.field("session_date").type) == "date32[day]"
    assert str(schema.field("vote_for").type) == "int64"  # nullable: nulls stay nulls
    assert str(schema.field("vote_unanimous").type) == "bool"
    assert pq.read_table(out).column("vote_for").null_count > 0


def test_prune_does_not_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    r = CliRunner().invoke(main, ["prune", str(tmp_path), "--db", f"sqlite:///{missing}"])
    assert r.exit_code == 2 and "no such database file" in r.output
    assert not missing.exists()


def test_ingest_and_load_do_not_import_pandas(tmp_path: Path) -> None:
    """The ingest summary's field counts imported pandas (about 0.5 s of every ingest,
    as long again as loading 50 documents): `delib ingest` and `delib load` never use it."""
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    code = (
        "import sys; from click.testing import CliRunner; from pipeline.cli import main; "
        f"r = CliRunner().invoke(main, ['ingest', {str(SEEDS / '000_fe87c6e5f2330ba2.txt')!r}, "
        f"'--db', {db!r}, '--workers', '0']); "
        f"l = CliRunner().invoke(main, ['load', {str(tmp_path)!r}, '--db', {db!r}]); "
        "print(r.exit_code, l.exit_code, 'fields found' in r.output, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.split() == ["0", "0", "True", "False"]
