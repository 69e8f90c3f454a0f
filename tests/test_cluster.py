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
