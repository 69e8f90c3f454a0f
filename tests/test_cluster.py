"""Extraction on a dask.distributed cluster (a LocalCluster of 2 workers): the rows of a
serial run, whatever worker finishes first."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SEEDS
from tests.test_shards import REALDOCS, _rows

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask.distributed is not installed (pip install 'delib[cluster]'); CI installs it",
)


def test_local_cluster_gives_the_rows_of_a_serial_run(tmp_path: Path) -> None:
    paths = [str(SEEDS), str(REALDOCS)]
    on_cluster, serial = tmp_path / "cluster.sqlite", tmp_path / "serial.sqlite"
    shards = tmp_path / "shards"
    r = CliRunner().invoke(
        main,
        [
            "ingest", *paths, "--db", f"sqlite:///{on_cluster}", "--dask", "local",
            "--workers", "2", "--shards", str(shards),
        ],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "26 / 0 / 0" in r.output
    assert len(list(shards.glob("shard-*.jsonl.gz"))) == 2  # 26 files in batches of 16
    r = CliRunner().invoke(
        main, ["ingest", *paths, "--db", f"sqlite:///{serial}", "--workers", "0"]
    )
    assert r.exit_code == 0, r.output
    assert _rows(on_cluster) == _rows(serial)
    # a second run on the cluster extracts nothing: every file is unchanged
    again = CliRunner().invoke(
        main, ["ingest", *paths, "--db", f"sqlite:///{on_cluster}", "--dask", "local"]
    )
    assert again.exit_code == 0 and "0 / 0 / 26" in again.output


def test_a_file_past_the_time_limit_is_stopped_on_the_cluster_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a Dask worker, a text file had no time limit (only PDFs checked a deadline between
    pages): a 10 MB single line held the worker for hours. Each task now extracts in a child
    process of the worker, under the limits of a local run, and goes on with the next file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    line = "Pour : 12 Contre : 3 M. Jean DUPONT donne pouvoir à Mme Anne MARTIN, le 3 mai 2021 "
    (folder / "b_huge.txt").write_text(line * (10_000_000 // len(line)), encoding="utf-8")
    (folder / "c_good.txt").write_bytes((SEEDS / "001_cb489b3979ba8787.txt").read_bytes())
    monkeypatch.setenv("DELIB_FILE_SECONDS", "1.5")
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    r = CliRunner().invoke(
        main, ["ingest", str(folder), "--db", db, "--dask", "local", "--workers", "1"]
    )
    assert r.exit_code == 1, r.output
    assert "b_huge.txt: took longer than 1.5 s (DELIB_FILE_SECONDS): stopped [E126]" in r.output
    assert "2 / 0 / 0" in r.output  # the files before and after it, in the same task
