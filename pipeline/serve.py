"""Browse the corpus with Datasette: metadata, full-text search, canned queries, a chart.

`prepare(db_path)` adds what browsing needs to a SQLite corpus (full-text indexes on subjects
and beneficiaries, a static chart page of funding by région) and returns the Datasette
metadata; `delib serve` runs Datasette with it.
"""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path
from typing import Any


def _names(column: str) -> str:
    """The official names of the territorial reference as SQL rows (code, name): the
    canned queries show "Hauts-de-France" beside "32" without a table of their own."""
    from pipeline.territory import names

    rows = sorted(names(column).items())
    quoted = ", ".join(
        "('{}', '{}')".format(c.replace("'", "''"), n.replace("'", "''")) for c, n in rows
    )
    return f"names(code, name) AS (VALUES {quoted})"


def _funding_sql(column: str) -> str:
    return f"""WITH {_names(column)}
SELECT b.{column} AS {column}, COALESCE(names.name, '(not linked)') AS name, COUNT(DISTINCT b.name) AS beneficiaries,
       COUNT(DISTINCT d.id) AS deliberations, SUM(b.amount) AS amount_attributed,
       COUNT(DISTINCT CASE WHEN b.amount IS NULL THEN d.id END) AS deliberations_not_split
FROM beneficiaries b JOIN deliberations d ON d.id = b.deliberation_id LEFT JOIN names ON names.code = b.{column}
GROUP BY b.{column}, names.name ORDER BY b.{column}"""


NOT_SPLIT = "deliberations giving one total for several beneficiaries are counted as not split"
CANNED: dict[str, dict[str, Any]] = {
    "funding_by_region": {
        "title": "Funding by région",
        "description": f"Amounts attributed to beneficiaries, by région; {NOT_SPLIT}.",
        "sql": _funding_sql("region"),
    },
    "funding_by_departement": {
        "title": "Funding by département",
        "description": f"Amounts attributed to beneficiaries, by département; {NOT_SPLIT}.",
        "sql": _funding_sql("departement"),
    },
    "failed_checks": {
        "title": "Failed checks",
        "description": "Cross-check findings with status fail, with the document they concern.",
        "sql": """SELECT doc.path AS document, d.reference, d.session_date, f.check_name, f.message
FROM findings f JOIN deliberations d ON d.id = f.deliberation_id JOIN documents doc ON doc.id = d.document_id
WHERE f.status = 'fail' ORDER BY doc.path, d.segment_index, f.check_name""",
    },
    "attendance_by_person": {
        "title": "Attendance and proxies per person",
        "description": "Search a surname: sessions present, absent, proxies given and held.",
        "sql": """SELECT p.last_name, p.first_name, doc.path AS document,
       SUM(CASE WHEN a.role = 'present' THEN 1 ELSE 0 END) AS present,
       SUM(CASE WHEN a.role = 'absent' THEN 1 ELSE 0 END) AS absent,
       (SELECT COUNT(*) FROM proxies x WHERE x.giver_id = p.id) AS proxies_given,
       (SELECT COUNT(*) FROM proxies x WHERE x.holder_id = p.id) AS proxies_held
FROM persons p JOIN documents doc ON doc.id = p.document_id LEFT JOIN attendance a ON a.person_id = p.id
WHERE instr(upper(p.last_name), upper(:surname)) > 0
GROUP BY p.id ORDER BY p.last_name, p.first_name""",
    },
    "digital_inclusion_decisions": {
        "title": "Digital-inclusion decisions",
        "description": "Deliberations tagged digital_inclusion, with the words that justify each "
        "tag (schemas/data/topics.toml), highest score first.",
        "sql": """SELECT d.session_date, COALESCE(d.authority_name, '(authority unknown)') AS authority, d.subject,
       GROUP_CONCAT(t.tag || ' (' || t.score || '): ' || t.evidence, ' | ') AS tags_and_evidence,
       MAX(CASE WHEN t.tag = 'digital_inclusion' THEN t.score END) AS score, doc.path AS document
FROM topics t JOIN deliberations d ON d.id = t.deliberation_id JOIN documents doc ON doc.id = d.document_id
WHERE t.tag LIKE 'digital_inclusion%'
GROUP BY d.id ORDER BY score DESC, d.session_date""",
    },
    "funding_by_region_and_tag": {
        "title": "Funding by région and topic tag",
        "description": f"Amounts attributed to beneficiaries, by région and tag; {NOT_SPLIT}.",
        "sql": f"""WITH {_names("region")}
SELECT t.tag, b.region, COALESCE(names.name, '(not linked)') AS name, COUNT(DISTINCT d.id) AS deliberations,
       SUM(b.amount) AS amount_attributed, COUNT(DISTINCT CASE WHEN b.amount IS NULL THEN d.id END) AS deliberations_not_split
FROM topics t JOIN deliberations d ON d.id = t.deliberation_id JOIN beneficiaries b ON b.deliberation_id = d.id
LEFT JOIN names ON names.code = b.region
GROUP BY t.tag, b.region, names.name ORDER BY t.tag, b.region""",
    },
    "transmission_delays": {
        "title": "Days from session to prefecture and publication",
        "description": "Per deliberation with a prefecture stamp: days from the session to "
        "the prefecture's receipt (else sending) and to publication; executory once both are done.",
        "sql": """SELECT COALESCE(authority_name, '(authority unknown)') AS authority, reference, subject, session_date,
       COALESCE(transmission_received, transmission_sent) AS transmitted, published_on AS published,
       CAST(julianday(COALESCE(transmission_received, transmission_sent)) - julianday(session_date) AS INTEGER) AS transmission_days,
       CAST(julianday(published_on) - julianday(session_date) AS INTEGER) AS publication_days, actes_id
FROM deliberations
WHERE transmission_received IS NOT NULL OR transmission_sent IS NOT NULL OR published_on IS NOT NULL
ORDER BY authority, session_date""",
    },
    "deliberations_by_theme": {
        "title": "Deliberations by theme",
        "sql": """SELECT COALESCE(theme, '(no theme)') AS theme, COUNT(*) AS deliberations, MIN(session_date) AS first, MAX(session_date) AS last
FROM deliberations GROUP BY theme ORDER BY deliberations DESC, theme""",
    },
}

UNITS = {
    "imputations": {"amount": "EUR"},
    "phasing_lines": {"amount": "EUR"},
    "beneficiaries": {"amount": "EUR"},
    "stated_totals": {"amount": "EUR"},
}


def prepare(db_path: Path) -> dict[str, Any]:
    """The chart page and the Datasette metadata. The full-text indexes are the database's
    own (migration 0003), kept current by the loading transactions."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        regions = conn.execute(CANNED["funding_by_region"]["sql"]).fetchall()
    finally:
        conn.close()
    chart = db_path.with_name("funding_by_region.html")
    chart.write_text(_chart(regions), encoding="utf-8")
    db = db_path.stem
    return {
        "title": "delib — délibérations des collectivités",
        "description": "Deliberations extracted by delib: every value traceable to the sentence it came from.",
        "databases": {
            db: {
                "tables": {
                    "deliberations": {
                        "fts_table": "deliberations_fts",
                        "fts_pk": "id",
                        "description": "One row per deliberation (the whole record in "
                        "record_json, shown on the row's page).",
                        "facets": [{"array": "topic_tags"}, "matiere_code"],
                        "label_column": "subject",
                    },
                    "documents": {"label_column": "path"},
                    "persons": {"label_column": "raw"},
                    "alembic_version": {"hidden": True},
                    "corpus_pending": {"hidden": True},
                    "topics": {
                        "description": "Topic tags of each deliberation, with score and evidence.",
                        "facets": ["tag"],
                    },
                    "beneficiaries": {
                        "fts_table": "beneficiaries_fts",
                        "fts_pk": "id",
                        "units": UNITS["beneficiaries"],
                        "description": "Beneficiaries, linked to the territorial reference.",
                    },
                    "imputations": {
                        "units": UNITS["imputations"],
                        "description": "Budget imputations (AE/AP).",
                    },
                    "phasing_lines": {"units": UNITS["phasing_lines"]},
                    "stated_totals": {"units": UNITS["stated_totals"]},
                    "findings": {
                        "description": "Cross-check findings (pass, fail, warning, not_applicable)."
                    },
                },
                "queries": CANNED,
            }
        },
    }


def _chart(rows: list[tuple[Any, ...]]) -> str:
    """A static bar chart (inline SVG, no script) of the amounts attributed by région."""
    data = [(str(r[1] or "(not linked)"), float(r[4] or 0), int(r[5] or 0)) for r in rows]
    top = max((v for _, v, _ in data), default=1.0) or 1.0
    bars = []
    for i, (region, amount, not_split) in enumerate(data):
        width = 600 * amount / top
        y = 30 + i * 34
        label = f"{amount:,.0f} €".replace(",", " ") + (
            f" (+{not_split} not split)" if not_split else ""
        )
        bars.append(
            f'<text x="0" y="{y + 16}">{html.escape(region)}</text>'
            f'<rect x="120" y="{y}" width="{width:.1f}" height="24" fill="#3f51b5"/>'
            f'<text x="{130 + width:.1f}" y="{y + 16}">{html.escape(label)}</text>'
        )
    height = 40 + 34 * len(data)
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Funding by région</title></head><body>'
        "<h1>Montants attribués par région</h1>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{height}" font-family="sans-serif" font-size="13">'
        + "".join(bars)
        + "</svg></body></html>\n"
    )


def write_metadata(db_path: Path) -> Path:
    meta = prepare(db_path)
    path = db_path.with_name("datasette-metadata.json")
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
