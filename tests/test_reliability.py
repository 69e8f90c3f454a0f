"""Bad input, kills and concurrent runs: nothing a file or a user does loses work.

Each test names the defect of the reliability audits it guards against (issues 12 and 13).
The bad files are generated (`tests.badfiles`); the runs that must be killed or run side by
side are real `delib` processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from extractors import extract_records
from pipeline.db import connect
from pipeline.ingest import ingest
from pipeline.settings import Settings
from schemas.records import Source
from schemas.tables import (
    CorpusPendingRow,
    DeliberationRow,
    DocumentPathRow,
    DocumentRow,
    FindingRow,
    IngestErrorRow,
)
from tests.badfiles import EXPECTED, bad_corpus
from tests.conftest import ROOT, SEEDS

GOOD = {name for name, code in EXPECTED.items() if code in ("", "W103", "W105")}


def delib(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """A real `delib` process (the installed command line), started in the repository."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    p = delib(*args, env=env)
    out, err = p.communicate(timeout=600)
    return p.returncode, out, err


def count(engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# --- bad input -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bad_corpus(tmp_path_factory.mktemp("bad") / "in")


def test_every_bad_file_is_reported_by_name_and_the_good_ones_load(
    bad_folder: Path, db_url: str
) -> None:
    """33 bad files of the first audit: a non-UTF-8 file name aborted the whole run; a NUL
    after 8 kB loaded on SQLite and failed on PostgreSQL; loops and folders went unreported."""
    engine = connect(db_url)
    report = ingest([bad_folder], engine, Settings(workers=2))
    reported = {name: code for name, code, _ in report.failed}
    reported.update(
        {name: w.rsplit("[", 1)[-1].rstrip("]") for name, w in report.warnings if "[W" in w}
    )
    for name, w in report.warnings:
        if w.startswith("page 1 skipped"):
            reported[name] = "W105"
        if "NUL character" in w:
            reported[name] = "W103"
    for name, code in EXPECTED.items():
        if code:
            assert reported.get(name if name != "up" else "sub/up") == code, name
    # loaded: the good files, the non-UTF-8 name, the late NUL (stripped), the folder's file
    with engine.connect() as conn:
        paths = set(conn.execute(select(DocumentPathRow.rel_path)).scalars())
        texts = conn.execute(select(DocumentRow.text)).scalars().all()
        errors = conn.execute(select(IngestErrorRow.rel_path, IngestErrorRow.code)).all()
    assert paths == {*GOOD, "folder.pdf/inside.txt"}
    assert not any("\x00" in t for t in texts)
    assert ("\\xff\\xfe.txt" in paths) and ("late_nul.txt", "W103") in errors
    assert {c for _, c in errors} >= {c for c in EXPECTED.values() if c}
    engine.dispose()


def test_memory_of_an_ingest_of_the_bad_corpus_stays_bounded(
    bad_folder: Path, tmp_path: Path
) -> None:
    """A 2 MB PDF with a form XObject inflating to 300 MB loaded at 4.4 GB; an image of
    20,000 pixels was rendered at 14.3 GB. Measured in a child process: the ingest process
    itself and its extraction process, file by file. The ingest's peak is its own VmHWM:
    `ru_maxrss` keeps, across exec, the peak of the pytest process it was forked from
    (500 MB late in the suite), which is not this ingest's."""
    script = (
        "import json, re, sys\n"
        "from pipeline.db import connect\nfrom pipeline.ingest import ingest\n"
        "from pipeline.settings import Settings\n"
        f"r = ingest([{str(bad_folder)!r}], connect({f'sqlite:///{tmp_path}/m.sqlite'!r}), "
        "Settings(workers=1))\n"
        "hwm = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(json.dumps({'parent': int(hwm) / 1024,"
        " 'file': r.peak_file_mb, 'which': r.peak_file, 'failed': len(r.failed)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(figures)  # the README's figures: `pytest -s -k memory_of_an_ingest`
    assert figures["failed"] >= 15
    assert figures["parent"] < 500, figures
    assert 0 < figures["file"] < 500, figures


def test_a_file_past_the_time_limit_is_stopped_and_named(tmp_path: Path) -> None:
    """A 15 MB single-line text ran for hours; text files had no time limit."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    line = "Pour : 12 Contre : 3 M. Jean DUPONT donne pouvoir à Mme Anne MARTIN, le 3 mai 2021 "
    (folder / "b_huge.txt").write_text(line * (10_000_000 // len(line)), encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    started = time.monotonic()
    report = ingest([folder], engine, Settings(workers=1, file_seconds=1.5))
    assert time.monotonic() - started < 60
    assert [(n, c) for n, c, _ in report.failed] == [("b_huge.txt", "E126")]
    assert "took longer than 1.5 s" in report.failed[0][2]
    assert report.inserted == 1  # the good file, before and after the stopped worker


ADVERSARIAL = {
    "vote boxes": "Pour : 12 Contre : 3 Abstention : 1 ",
    "counts": "12 pour 3 contre 2 abstentions ",
    "names": "M. Jean DUPONT, Mme Anne MARTIN, ",
    "proxies": "M. Jean DUPONT donne pouvoir à Mme Anne MARTIN, ",
    "items": "\n1/ Objet adopté à l'unanimité\n",
    "anchors": "Délibération n° 12 adoptée ",
    "dates": "le 12 mars 2020, 12/03/2020 ",
    "headings": "Présents : Absents : Pouvoirs : Secrétaire : ",
}


def _time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        list(extract_records(text, Source(file="x", sha256="0" * 64)))
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL), ids=sorted(ADVERSARIAL))
def test_extraction_is_linear_in_the_input(kind: str) -> None:
    """Vote extraction was quadratic in the number of matches (a 15 MB file: hours)."""
    unit = ADVERSARIAL[kind]
    small, large = [(unit * (n // len(unit) + 1))[:n] for n in (60_000, 240_000)]
    ratio = _time(large) / max(_time(small), 1e-3)
    # linear: about 4; quadratic: 16
    assert ratio < 8, f"{kind}: 4x the input took {ratio:.1f}x the time"


VOCAB = [
    "Présents", "Absents", "Pouvoirs", "Pour", "Contre", "Abstention", ":", " ", "\n", ",",
    "M.", "Mme", "DUPONT", "Jean", "donne pouvoir à", "représenté par", "le", "12", "mars",
    "2020", "Délibération n°", "OBJET :", "DECIDE", "à l'unanimité", "1/", "Vu la", "(", ")",
    "…", "L'an deux mille", "Secrétaire de séance", "€", "000", "Séance du", "Extrait",
]  # fmt: skip


@settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=8)), min_size=0, max_size=1500).map(
        "".join
    )
)
def test_extraction_never_raises_and_answers_in_bounded_time(doc: str) -> None:
    """180,000 fuzzed calls of the audit: the extraction entry point must return records
    for any text, within a per-call time bound (hypothesis' deadline: 2 s)."""
    records = list(extract_records(doc, Source(file="x", sha256="0" * 64)))
    assert records and all(r.record.source.file == "x" for r in records)


def test_a_session_date_before_1900_is_refused() -> None:
    doc = "Séance du conseil municipal du 1er janvier 1850. Présents : M. Jean DUPONT.\n"
    (x,) = extract_records(doc, Source(file="x", sha256="0" * 64))
    assert x.record.session.date is None


# --- kills ------------------------------------------------------------------------------

TWO_SESSIONS = {
    "a_january.txt": """PROCES-VERBAL DU CONSEIL MUNICIPAL DU 16 JANVIER 2023
Le Conseil municipal de la commune de Saint-Exemple s'est réuni le 16 janvier 2023 à 20h00.
En exercice : 21 Présents : 18 Votants : 18
Présents : M. Jean DUPONT, Mme Anne MARTIN
Pour : 18 Contre : 0 Abstention : 0
""",
    "b_february.txt": """PROCES-VERBAL DU CONSEIL MUNICIPAL DU 6 FEVRIER 2023
Le Conseil municipal de la commune de Saint-Exemple s'est réuni le 6 février 2023 à 20h00.
Présents (9) : M. Jean DUPONT, Mme Anne MARTIN, M. Paul DURAND, Mme Léa PETIT, M. Marc ROUX,
Mme Eve BLANC, M. Luc NOIR, Mme Ida GRIS, M. Noé VERT
Pour : 9 Contre : 0 Abstention : 0
""",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in TWO_SESSIONS.items():
        (folder / name).write_text(body, encoding="utf-8")
    seed = (SEEDS / "000_fe87c6e5f2330ba2.txt").read_text(encoding="utf-8")
    (folder / "c_2019.txt").write_text(seed, encoding="utf-8")
    later = seed.replace("réunie le 26 novembre 2019", "réunie le 14 mai 2020")
    (folder / "d_2020.txt").write_text(later, encoding="utf-8")
    return folder


def _corpus_findings(url: str) -> list[tuple[str, str, str]]:
    engine = connect(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(DocumentRow.path, FindingRow.check_name, FindingRow.status)
            .join(DeliberationRow, DeliberationRow.document_id == DocumentRow.id)
            .join(FindingRow, FindingRow.deliberation_id == DeliberationRow.id)
            .where(FindingRow.message.like("%[corpus]"))
            .order_by(DocumentRow.path, FindingRow.check_name, FindingRow.subject)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_kill_before_the_corpus_pass_is_finished_by_the_next_run(
    tmp_path: Path, db_url: str
) -> None:
    """kill -9 after the last document, before the corpus checks: the findings were lost
    for good, a rerun said "unchanged" and never restored them."""
    folder = _corpus(tmp_path / "in")
    clean = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    assert run("ingest", str(folder), "--db", clean, "--quiet")[0] == 0
    expected = _corpus_findings(clean)
    assert len(expected) >= 4  # quorum from a peer, three second aids

    code, _, _ = run(
        "ingest", str(folder), "--db", db_url, "--quiet", env={"DELIB_FAULT": "before-corpus"}
    )
    assert code == -9
    engine = connect(db_url)
    assert count(engine, DocumentRow) == 4 and count(engine, CorpusPendingRow) > 0
    assert _corpus_findings(db_url) == []
    code, out, _ = run("ingest", str(folder), "--db", db_url, "--quiet")
    assert code == 0 and "0 / 0 / 4" in out
    assert _corpus_findings(db_url) == expected
    assert count(engine, CorpusPendingRow) == 0
    engine.dispose()


# --- concurrent runs --------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 4], ids=["two", "four"])
def test_concurrent_ingests_load_once_and_fail_nothing(n: int, tmp_path: Path, db_url: str) -> None:
    """Two ingests into a new database: the loser died in the migration; into an existing
    PostgreSQL database, corpus findings were doubled and loaded files recorded as E300.
    Four: two crashed in record_error (UniqueViolation uq_ingest_errors_path)."""
    folder = _corpus(tmp_path / "in")
    (folder / "e_empty.txt").write_bytes(b"")  # every run records this failure
    clean = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    run("ingest", str(folder), "--db", clean, "--quiet")
    expected = _corpus_findings(clean)
    procs = [delib("ingest", str(folder), "--db", db_url, "--quiet") for _ in range(n)]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 1, err  # the empty file, nothing else
        assert "Traceback" not in err and "E300" not in err and "E300" not in out
        assert "e_empty.txt: the file is empty [E101]" in err
    engine = connect(db_url)
    assert count(engine, DocumentRow) == 4
    assert count(engine, IngestErrorRow) == 1
    assert _corpus_findings(db_url) == expected
    with engine.connect() as conn:
        dup = conn.execute(
            text(
                "SELECT deliberation_id, check_name, message, COUNT(*) FROM findings "
                "GROUP BY deliberation_id, check_name, message HAVING COUNT(*) > 1"
            )
        ).all()
    assert dup == []
    engine.dispose()


# --- a changed file, the same file by another path, a deleted file ----------------------


def test_an_edited_file_replaces_its_old_version(tmp_path: Path, db_url: str) -> None:
    """Editing a file and ingesting again kept the old version: 34 deliberations became 35."""
    folder = _corpus(tmp_path / "in")
    engine = connect(db_url)
    first = ingest([folder], engine, Settings())
    n = count(engine, DeliberationRow)
    assert first.inserted == 4
    target = folder / "b_february.txt"
    target.write_text(
        target.read_text(encoding="utf-8").replace(" 6 ", " 7 "),
        encoding="utf-8",
    )
    second = ingest([folder], engine, Settings())
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 3)
    assert count(engine, DocumentRow) == 4 and count(engine, DeliberationRow) == n
    with engine.connect() as conn:
        dates = set(conn.execute(select(DeliberationRow.session_date)).scalars())
    assert {str(d) for d in dates} >= {"2023-02-07"} and "2023-02-06" not in {str(d) for d in dates}
    # the corpus pass ran again for that body: its quorum still comes from January
    assert any(
        p.endswith("b_february.txt") and c == "quorum" for p, c, _ in _corpus_findings(db_url)
    )
    engine.dispose()


def test_a_folder_by_relative_or_absolute_path_is_the_same_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same folder by a relative path, then an absolute one, rewrote every document."""
    folder = _corpus(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert ingest(["in"], engine, Settings()).inserted == 4
    again = ingest([str(folder)], engine, Settings())
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)
    with engine.connect() as conn:
        rels = sorted(conn.execute(select(DocumentPathRow.rel_path)).scalars())
    assert rels == [*sorted(TWO_SESSIONS), "c_2019.txt", "d_2020.txt"]
    engine.dispose()


def test_the_same_content_at_two_paths_is_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "001_cb489b3979ba8787.txt").read_bytes()
    (folder / "copy_a.txt").write_bytes(seed)
    (folder / "copy_b.txt").write_bytes(seed)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = ingest([folder], engine, Settings())
    assert (report.inserted, report.unchanged) == (1, 1)
    assert count(engine, DocumentRow) == 1 and count(engine, DocumentPathRow) == 2
    engine.dispose()


def test_prune_removes_documents_whose_files_are_gone_only_when_asked(
    tmp_path: Path, db_url: str
) -> None:
    folder = _corpus(tmp_path / "in")
    engine = connect(db_url)
    ingest([folder], engine, Settings())
    (folder / "d_2020.txt").unlink()
    kept = ingest([folder], engine, Settings())
    assert kept.pruned == [] and count(engine, DocumentRow) == 4
    pruned = ingest([folder], engine, Settings(), prune=True)
    assert [Path(k).name for k in pruned.pruned] == ["d_2020.txt"]
    assert count(engine, DocumentRow) == 3
    # the second aid of d_2020 is gone with it
    assert not any(p.endswith("d_2020.txt") for p, _, _ in _corpus_findings(db_url))
    (folder / "c_2019.txt").unlink()
    code, out, _ = run("prune", str(folder), "--db", db_url)
    assert code == 0 and "1 path(s) pruned" in out
    assert count(engine, DocumentRow) == 2
    engine.dispose()


def test_two_files_that_swap_their_contents_keep_both_documents(
    tmp_path: Path, db_url: str
) -> None:
    """The first file's path moved to the second content and its old document, left with no
    path, was deleted before the second file's path could move to it (E300, one document
    lost) on SQLite and PostgreSQL."""
    folder = _corpus(tmp_path / "in")
    engine = connect(db_url)
    ingest([folder], engine, Settings())
    a, b = folder / "c_2019.txt", folder / "d_2020.txt"
    before = {p: p.read_bytes() for p in (a, b)}
    a.write_bytes(before[b])
    b.write_bytes(before[a])
    report = ingest([folder], engine, Settings())
    assert report.failed == [] and (report.updated, report.unchanged) == (2, 2)
    assert count(engine, DocumentRow) == 4 and count(engine, DocumentPathRow) == 4
    with engine.connect() as conn:
        dates = dict(
            conn.execute(
                select(DocumentPathRow.rel_path, DeliberationRow.session_date).join(
                    DeliberationRow,
                    DeliberationRow.document_id == DocumentPathRow.document_id,
                )
            ).all()
        )
    assert (str(dates["c_2019.txt"]), str(dates["d_2020.txt"])) == ("2020-05-14", "2019-11-26")
    engine.dispose()


def test_a_renamed_file_takes_its_new_name_once_the_old_one_is_pruned(tmp_path: Path) -> None:
    """After a rename and a prune, documents.path and each record's source.file kept the
    old name, and findings quoted it."""
    folder = _corpus(tmp_path / "in")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([folder], engine, Settings())
    (folder / "d_2020.txt").rename(folder / "e_renamed.txt")
    report = ingest([folder], engine, Settings(), prune=True)
    assert (report.inserted, report.unchanged, len(report.pruned)) == (0, 4, 1)
    with engine.connect() as conn:
        names = set(conn.execute(select(DocumentRow.path)).scalars())
        files = {
            json.loads(r)["source"]["file"]
            for r in conn.execute(select(DeliberationRow.record_json)).scalars()
        }
    assert "d_2020.txt" not in names | files and "e_renamed.txt" in names & files
    engine.dispose()


def test_a_folder_through_a_symbolic_link_is_the_same_corpus(tmp_path: Path) -> None:
    """The same folder by a linked path was a second corpus: after an edit, both versions
    were counted."""
    folder = _corpus(tmp_path / "in")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([folder], engine, Settings())
    n = count(engine, DeliberationRow)
    again = ingest([tmp_path / "link"], engine, Settings())
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)
    assert count(engine, DocumentPathRow) == 4
    target = folder / "c_2019.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nFait et délibéré.\n", "utf-8")
    edited = ingest([folder], engine, Settings())
    assert (edited.updated, edited.unchanged) == (1, 3)
    assert count(engine, DocumentRow) == 4 and count(engine, DeliberationRow) == n
    engine.dispose()


def test_path_rows_of_earlier_versions_and_links_to_folders_outside_the_root(
    tmp_path: Path,
) -> None:
    """Earlier versions keyed a file by its unresolved path: the next ingest added a second
    row beside it, never pruned. A file reached through a link to a folder outside the root
    was never pruned once the link was removed."""
    outside = _corpus(tmp_path / "outside")
    root = tmp_path / "root"
    root.mkdir()
    (root / "ext").symlink_to(outside, target_is_directory=True)
    db = tmp_path / "db.sqlite"
    engine = connect(f"sqlite:///{db}")
    ingest([root], engine, Settings())
    with engine.begin() as conn:  # the keys as an earlier version wrote them
        conn.execute(
            text("UPDATE document_paths SET key = root || '/' || rel_path"),
        )
    again = ingest([root], engine, Settings())
    assert (again.inserted, again.failed) == (0, [])
    assert count(engine, DocumentPathRow) == 4 and count(engine, DocumentRow) == 4
    with engine.connect() as conn:
        keys = set(conn.execute(select(DocumentPathRow.key)).scalars())
    assert all(k.startswith(str(outside.resolve())) for k in keys)
    (root / "ext").unlink()
    pruned = ingest([root], engine, Settings(), prune=True)
    assert len(pruned.pruned) == 4 and count(engine, DocumentRow) == 0
    engine.dispose()


def test_prune_sees_a_folder_where_a_file_was_and_refuses_a_missing_root(
    tmp_path: Path,
) -> None:
    folder = _corpus(tmp_path / "in" / "sub")
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = connect(db)
    ingest([tmp_path / "in"], engine, Settings())
    (folder / "c_2019.txt").unlink()
    (folder / "c_2019.txt").mkdir()  # a folder named like the file it replaces
    pruned = ingest([tmp_path / "in"], engine, Settings(), prune=True)
    assert [Path(k).name for k in pruned.pruned] == ["c_2019.txt"]
    assert count(engine, DocumentRow) == 3
    for name in ("a_january.txt", "b_february.txt", "d_2020.txt", "c_2019.txt"):
        path = folder / name
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()
    # a missing root (an unmounted disk, a typo) is refused, not emptied; its parent prunes
    code, out, err = run("prune", str(folder), "--db", db)
    assert code == 2 and "does not exist" in err and count(engine, DocumentRow) == 3
    code, out, err = run("prune", str(folder.parent), "--db", db)
    assert code == 0 and "3 path(s) pruned" in out, err
    assert count(engine, DocumentRow) == 0
    engine.dispose()


def _one_subject(tmp_path: Path, subject: str) -> tuple[Path, Path]:
    """A one-deliberation document on `subject`, ingested into a new SQLite file."""
    folder = tmp_path / "in"
    folder.mkdir()
    doc = folder / "a.txt"
    doc.write_text(
        f"Commune de Saint-Exemple. Séance du 3 mai 2021.\nOBJET : {subject}\n\n"
        "Adopté à l'unanimité.\n",
        encoding="utf-8",
    )
    db = tmp_path / "db.sqlite"
    engine = connect(f"sqlite:///{db}")
    ingest([folder], engine, Settings())
    engine.dispose()
    return doc, db


def test_full_text_index_is_current_after_each_load(tmp_path: Path) -> None:
    """The index was built only when `delib serve` started: new rows were not searchable."""
    import sqlite3

    doc, db = _one_subject(tmp_path, "Médiation numérique en bibliothèque")
    engine = connect(f"sqlite:///{db}")

    def hits(word: str) -> int:
        from pipeline.search import stem_query

        with sqlite3.connect(db) as conn:
            return len(
                conn.execute(
                    "SELECT rowid FROM deliberations_fts WHERE deliberations_fts MATCH ?",
                    [stem_query(word)],
                ).fetchall()
            )

    assert hits("numériques") == 1 and hits("médiation") == 1 and hits("voirie") == 0
    # a hyphenated word is found by its parts and as written (Datasette's `_search=tiers`
    # missed "Tiers-lieux": the query's stem was "tier", the index held "tiers-lieux")
    assert hits("bibliothèques") == 1 and hits("tiers") == 0
    doc.write_text(doc.read_text(encoding="utf-8").replace("bibliothèque", "tiers-lieux"))
    ingest([doc.parent], engine, Settings())
    assert hits("tiers") == hits("Tiers-Lieux") == hits("lieux") == 1
    # an elided article is not a word the row must hold ("l'aménagement" finds "aménagement")
    from pipeline.search import stem_query

    assert stem_query("travaux d'aménagement") == stem_query("travaux aménagement")
    assert hits("l'tiers-lieux") == 1
    doc.write_text(doc.read_text(encoding="utf-8").replace("Médiation numérique", "Voirie"))
    ingest([doc.parent], engine, Settings())
    assert hits("voirie") == 1 and hits("médiation") == 0
    engine.dispose()


# --- the command line -------------------------------------------------------------------


def test_exports_keep_existing_files_and_create_folders(tmp_path: Path) -> None:
    """`export -o` overwrote a file without a word; CSV into a missing folder gave a
    traceback while Parquet and SCDL created it."""
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run("ingest", str(SEEDS), "--db", db, "--quiet")[0] == 0
    for args in (
        ["--table", "findings", "--format", "csv"],
        ["--table", "findings", "--format", "parquet"],
        ["scdl-deliberations", "--skip-incomplete"],
    ):
        target = tmp_path / "new" / "folder" / f"out_{len(args)}_{args[-1]}"
        code, _, err = run("export", *args, "-o", str(target), "--db", db)
        assert code == 0 and target.stat().st_size > 0, err
        code, _, err = run("export", *args, "-o", str(target), "--db", db)
        assert code == 2 and "exists; give --force" in err
        assert run("export", *args, "-o", str(target), "--db", db, "--force")[0] == 0
    code, _, err = run("export", "scdl-subventions", "--format", "parquet", "--db", db)
    assert code == 2 and "CSV only" in err
    code, _, err = run("export", "scdl-subventions", "--table", "findings", "--db", db)
    assert code == 2 and "not both" in err
    code, out, _ = run("export", "scdl-subventions", "--db", db)
    assert (code == 0 and out.startswith("nomAttribuant")) or "," in out.splitlines()[0]


def test_user_patterns_are_taken_literally(tmp_path: Path) -> None:
    """`query person "%"` matched everyone."""
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run("ingest", str(SEEDS), "--db", db, "--quiet")[0] == 0
    code, out, _ = run("query", "attendance", "--person", "%", "--db", db, "--format", "csv")
    assert code == 0 and out.strip().splitlines()[1:] == []
    code, _, err = run("query", "person", "%", "--db", db)
    assert code == 2 and "give a name" in err
    code, out, _ = run("query", "funding", "--theme", "_", "--db", db, "--format", "csv")
    assert code == 0 and out.strip().splitlines()[1:] == []


def test_database_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (
        ["findings", "--db", "not a url://"],
        ["findings", "--db", "postgresql+psycopg://me:secret@127.0.0.1:1/none"],
        ["findings", "--db", f"sqlite:///{tmp_path / 'missing.sqlite'}"],
    ):
        code, _out, err = run(*args)
        assert code == 2, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert "secret" not in err
    assert not (tmp_path / "missing.sqlite").exists()


# --- OCR: never redone, never replaced by less ------------------------------------------

needs_tesseract = pytest.mark.skipif(
    __import__("shutil").which("tesseract") is None,
    reason="Tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-fra); CI has it",
)


@needs_tesseract
def test_an_unchanged_scan_is_not_ocrd_again_and_a_run_without_ocr_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-ingesting an unchanged corpus OCR'd the scanned pages again before finding the
    file unchanged; `DELIB_OCR=0 delib ingest` replaced OCR'd rows with emptier ones."""
    import pipeline.load
    from tests import pdf_fixtures as fx
    from tests.test_pdf import SCAN_LINES

    folder = tmp_path / "in"
    folder.mkdir()
    fx.scanned(folder / "scan.pdf", SCAN_LINES)
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first = ingest([folder], engine, Settings(workers=1))
    assert first.inserted == 1 and first.deliberations >= 1
    with engine.connect() as conn:
        before = conn.execute(select(DocumentRow.text, DocumentRow.ocr_pages)).one()
    assert before.ocr_pages == 1 and "Convention RASED" in before.text
    started = time.monotonic()
    again = ingest([folder], engine, Settings(workers=1))
    # known by its sha256 before any extraction: nothing extracted, nothing OCR'd
    assert (again.unchanged, again.deliberations) == (1, 0)
    assert time.monotonic() - started < 1.5
    # a new extractor version would re-extract; without OCR it must not replace the rows
    monkeypatch.setattr(pipeline.load, "EXTRACTOR_VERSION", "9.9.9")
    blind = ingest([folder], engine, Settings(workers=1, ocr=False))
    assert (blind.inserted, blind.updated) == (0, 0)
    ((name, reason),) = blind.skipped
    assert name == "scan.pdf" and "not replaced by an emptier reading" in reason
    with engine.connect() as conn:
        assert conn.execute(select(DocumentRow.text)).scalar_one() == before.text
    engine.dispose()


def test_rows_loaded_before_are_found_by_the_new_search_words(tmp_path: Path) -> None:
    """Migration 0007: the search text of rows loaded with whole hyphenated stems is
    computed again, so that "tiers" finds them too."""
    import sqlite3

    from alembic import command

    from pipeline.db import alembic_config
    from pipeline.search import stem_query

    _, db = _one_subject(tmp_path, "Ouverture de tiers-lieux numériques")
    with sqlite3.connect(db) as conn:  # as an earlier version stored it
        conn.execute(
            "UPDATE deliberations SET search_text = subject || ' \u2016 ouvertur tiers-lieux numer'"
        )
    cfg = alembic_config(f"sqlite:///{db}")
    command.stamp(cfg, "0006")
    command.upgrade(cfg, "head")
    with sqlite3.connect(db) as conn:
        found = conn.execute(
            "SELECT count(*) FROM deliberations_fts WHERE deliberations_fts MATCH ?",
            [stem_query("tiers")],
        ).fetchone()[0]
    assert found == 1


def test_a_file_whose_document_another_run_deleted_is_read_again(tmp_path: Path) -> None:
    """A file planned as unchanged whose document another run's end deleted meanwhile
    failed with a foreign-key error (E300): it is now read again and loaded."""
    from pipeline.ingest import _handle, plan
    from pipeline.load import LoadReport
    from pipeline.paths import walk

    folder = _corpus(tmp_path / "in")
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    settings = Settings(workers=0)
    ingest([folder], engine, settings)
    planned = list(plan(walk([folder], settings.suffixes), engine, settings, lambda: False))
    assert {p.verdict for p in planned} == {"unchanged"}
    gone = planned[0].known.document_id
    with engine.begin() as conn:  # what another run's drop_orphans did in the meantime
        conn.execute(text("DELETE FROM document_paths WHERE document_id = :d"), {"d": gone})
        conn.execute(text("DELETE FROM documents WHERE id = :d"), {"d": gone})
    report = LoadReport()
    for item in planned:
        _handle(item, None, engine, report, settings)
    assert report.failed == [] and (report.inserted, report.unchanged) == (1, 3)
    assert count(engine, DocumentRow) == 4 and count(engine, DocumentPathRow) == 4
    engine.dispose()


def test_a_new_sqlite_database_gets_the_schema_the_migrations_make(tmp_path: Path) -> None:
    """A new SQLite database is made from `pipeline/migrations/sqlite_schema.json` without
    Alembic: its revision is the migrations' newest and its statements make what the
    migrations make (after adding a migration: `python -m pipeline.db` writes it again)."""
    from alembic import command

    from pipeline.db import (
        _stored,
        alembic_config,
        make_engine,
        migrations_head,
        sqlite_schema,
    )

    assert _stored()["head"] == migrations_head(), "run `python -m pipeline.db`"
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    with migrated.begin() as conn:
        cfg = alembic_config(str(migrated.url))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    made = connect(f"sqlite:///{tmp_path / 'made.sqlite'}")  # the stored schema
    with migrated.connect() as a, made.connect() as b:
        assert sqlite_schema(a) == _stored()["statements"], "run `python -m pipeline.db`"
        assert sqlite_schema(b) == _stored()["statements"]
        version = "SELECT version_num FROM alembic_version"
        assert a.exec_driver_sql(version).all() == b.exec_driver_sql(version).all()
        shadow = "SELECT name FROM pragma_table_list WHERE type = 'shadow' ORDER BY name"
        assert a.exec_driver_sql(shadow).all() == b.exec_driver_sql(shadow).all() != []
    # a database that is not empty is migrated by Alembic, as before
    older = tmp_path / "older.sqlite"
    cfg = alembic_config(f"sqlite:///{older}")
    command.upgrade(cfg, "0006")
    connect(f"sqlite:///{older}").dispose()
    with make_engine(f"sqlite:///{older}").connect() as c:
        assert sqlite_schema(c) == _stored()["statements"]
    migrated.dispose()
    made.dispose()


def test_a_stored_schema_older_than_the_migrations_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a review: a migration added without writing the stored schema again left
    new databases at the older schema and existing ones unmigrated, silently. A migration
    script newer than the stored schema now sends both to Alembic."""
    from pipeline import db

    monkeypatch.setattr(db, "_newest_script", lambda: "9999")
    monkeypatch.setattr(db, "migrations_head", lambda: "0007")  # what Alembic would say
    assert db._head() == "0007"
    engine = connect(f"sqlite:///{tmp_path / 'new.sqlite'}")
    with engine.connect() as conn:
        assert not db._create_sqlite(conn)  # not from the stored statements
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0007"
    engine.dispose()


def test_switching_a_new_file_to_wal_waits_for_the_other_run() -> None:
    """Found by a review: two runs opening the same new SQLite file at once, one got
    "database is locked" at once from `PRAGMA journal_mode=WAL` (SQLite does not wait
    there): it is tried again; any other error is raised."""
    import sqlite3

    from pipeline.db import _wal

    class Cursor:
        def __init__(self, fails: int, message: str) -> None:
            self.fails, self.message, self.calls = fails, message, 0

        def execute(self, sql: str) -> None:
            self.calls += 1
            if self.calls <= self.fails:
                raise sqlite3.OperationalError(self.message)

    busy = Cursor(3, "database is locked")
    _wal(busy)
    assert busy.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        _wal(Cursor(1, "disk I/O error"))
