"""The audit report: summary, evidence, escaping of document text, exit status, a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import CHROMIUM_FLAGS, SEEDS

HOSTILE = """PROCES-VERBAL DU CONSEIL MUNICIPAL DU 16 JANVIER 2023
Présents : M. Jean DUPONT, Mme Anne MARTIN
Pouvoirs : M. Paul <script>document.title='pwned'</script>DURAND ........ à M. Jean DUPONT
N° 2023-001 FINANCES – Subvention <img src=x onerror="document.title='pwned'">
Pour : 9 Contre : 0 Abstention : 0
ADOPTÉ À L'UNANIMITE
N° 2023-002 FINANCES – Tarifs </article><a href="javascript:alert(1)">cliquez</a>
Pour : 2 Contre : 1 Abstention : 0
ADOPTÉ À LA MAJORITE
"""


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "seed.txt").write_bytes((SEEDS / "000_fe87c6e5f2330ba2.txt").read_bytes())
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", url])
    assert result.exit_code == 0, result.output
    return url, tmp_path


def test_audit_summary_reports_and_exit_status(corpus: tuple[str, Path]) -> None:
    url, tmp = corpus
    runner = CliRunner()
    html_path, json_path = tmp / "audit.html", tmp / "audit.json"
    result = runner.invoke(
        main, ["audit", "--db", url, "--html", str(html_path), "--json", str(json_path)]
    )
    assert result.exit_code == 0
    assert "vote_total" in result.output and "fail" in result.output
    data = json.loads(json_path.read_text(encoding="utf-8"))
    # item 1: 9 votes for 2 present + 1 represented; item 2: 2 + 1 = 3, consistent
    assert data["counts"]["vote_total"] == {"fail": 1, "pass": 2}
    worst = data["deliberations"][0]
    assert worst["findings"][0]["status"] == "fail"
    # the evidence is the sentence the figures come from
    ev = next(f for f in worst["findings"] if f["check"] == "vote_total")["evidence"]
    assert ev and any("Pour" in e["quoted"] or "Pour" in e["before"] for e in ev)
    assert runner.invoke(main, ["audit", "--db", url, "--fail-on", "error"]).exit_code == 1
    assert runner.invoke(main, ["audit", "--db", url, "--fail-on", "warning"]).exit_code == 1
    # an existing report is kept unless --force, and nothing is audited before saying so
    again = runner.invoke(main, ["audit", "--db", url, "--html", str(html_path)])
    assert again.exit_code == 2 and "exists; give --force" in again.output
    since = runner.invoke(
        main,
        ["audit", "--db", url, "--since", "2022-01-01", "--json", str(json_path), "--force"],
    )
    assert since.exit_code == 0
    kept = json.loads(json_path.read_text(encoding="utf-8"))["deliberations"]
    assert {d["file"].rsplit("/", 1)[-1] for d in kept} == {
        "hostile.txt"
    }  # the 2019 seed is left out


def test_report_numbers_items_as_findings_and_folds_the_passes(corpus: tuple[str, Path]) -> None:
    url, tmp = corpus
    html_path = tmp / "audit.html"
    assert CliRunner().invoke(main, ["audit", "--db", url, "--html", str(html_path)]).exit_code == 0
    page = html_path.read_text(encoding="utf-8")
    findings = CliRunner().invoke(
        main, ["findings", "--db", url, "--status", "fail", "--format", "json"]
    )
    failed = next(f for f in json.loads(findings.output) if f["check"] == "vote_total")
    # the item numbering of `findings` is the report's: "délibération N"
    assert failed["item"] == 1 and f"hostile.txt, délibération {failed['item']};" in page
    # in each deliberation, what needs a look comes first; passes are folded away
    first = page.index("<article")
    article = page[first : page.index("</article>", first)]
    assert article.index("échec") < article.index("<details>") < article.index("conforme</span>")
    # the messages too are French (the codes of the checks stay as they are)
    assert "<b>vote_total</b>" in page and "pour" in article and " for " not in article


def test_document_text_cannot_inject_markup(corpus: tuple[str, Path]) -> None:
    url, tmp = corpus
    out = tmp / "audit.html"
    CliRunner().invoke(main, ["audit", "--db", url, "--html", str(out)])
    page = out.read_text(encoding="utf-8")
    # the tags of the document are shown as text, never as markup
    assert "<script" not in page.lower() and "<img" not in page and 'href="javascript' not in page
    assert "&lt;img src=x onerror=" in page
    assert page.count("<article") == page.count("</article>") == 3
    # every in-page link has its target
    targets = set(re.findall(r'id="([^"]+)"', page))
    assert {h for h in re.findall(r'href="#([^"]+)"', page)} <= targets


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); CI installs it",
)
def test_report_renders_in_a_real_browser(corpus: tuple[str, Path]) -> None:
    url, tmp = corpus
    out = tmp / "audit.html"
    CliRunner().invoke(main, ["audit", "--db", url, "--html", str(out)])
    cmd = [
        str(CHROMIUM),
        "--headless",
        *CHROMIUM_FLAGS,
        f"--user-data-dir={tmp / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
        out.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # rendered: the title is ours (the hostile document could not change it), the articles are there
    assert "<title>delib — audit des délibérations</title>" in dom
    assert dom.count("<article") == 3
    assert "pwned" not in re.sub(r"&lt;.*?&gt;", "", dom.split("<body>")[0])
    # no script ran and none failed: the page has no script, and the console shows no error
    assert "<script" not in dom.split("</head>")[0] and "Uncaught" not in done.stderr
