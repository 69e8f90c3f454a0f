"""The corpus an analyst takes away (`delib corpus --topic TAG --out DIR`).

One folder, made from the database alone and byte-identical when made again from the same
database:

- `records.jsonl`: the records of the deliberations tagged TAG (contract shape, keys
  sorted), in document order;
- `tables/NAME.csv` and `tables/NAME.parquet`: the rows of those deliberations in the
  corpus tables (deliberations, topics, beneficiaries, imputations, phasing lines, findings,
  the documents they come from);
- `scdl/deliberations.csv` and `scdl/subventions.csv`: their SCDL files, only complete
  rows, validated against the official schemas (what could not be written is in README);
- `datapackage.json`: a Frictionless data package describing every file;
- `README.md`: sources, counts, the topic vocabulary's version and the extractor's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from extractors.topics import Vocabulary
from pipeline import scdl
from pipeline.queries import typed

#: the tables written, with the column that ties a row to a selected deliberation
TABLES = {
    "deliberations": "id",
    "topics": "deliberation_id",
    "beneficiaries": "deliberation_id",
    "imputations": "deliberation_id",
    "findings": "deliberation_id",
}


@dataclass
class Bundle:
    out: Path
    deliberations: int = 0
    files: list[str] = field(default_factory=list)
    not_written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _ids(engine: Engine, topic: str) -> list[int]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT DISTINCT d.id FROM deliberations d JOIN topics t ON t.deliberation_id = d.id "
                "WHERE t.tag = :tag ORDER BY d.id"
            ),
            {"tag": topic},
        ).all()
    return [r[0] for r in rows]


def _frame(engine: Engine, sql: str, ids: list[int]) -> pd.DataFrame:
    """Rows of `sql` whose `sel` column is among `ids` (chunked: no giant IN list)."""
    parts = []
    with engine.connect() as conn:
        for i in range(0, max(len(ids), 1), 500):
            chunk = ids[i : i + 500] or [-1]
            marks = ", ".join(f":i{k}" for k in range(len(chunk)))
            parts.append(
                pd.read_sql(
                    text(sql.format(marks=marks)),
                    conn,
                    params={f"i{k}": v for k, v in enumerate(chunk)},
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _tables(engine: Engine, ids: list[int]) -> dict[str, pd.DataFrame]:
    out = {}
    for name, key in TABLES.items():
        df = _frame(engine, f'SELECT * FROM "{name}" WHERE {key} IN ({{marks}}) ORDER BY id', ids)
        df = typed(df, name)
        out[name] = df.drop(columns=[c for c in ("record_json", "search_text") if c in df])
    imp = out["imputations"]["id"].tolist()
    out["phasing_lines"] = typed(
        _frame(
            engine, "SELECT * FROM phasing_lines WHERE imputation_id IN ({marks}) ORDER BY id", imp
        ),
        "phasing_lines",
    )
    docs = sorted(set(out["deliberations"]["document_id"].tolist()))
    out["documents"] = typed(
        _frame(
            engine,
            "SELECT id, path, sha256, media_type, size, extractor_version, n_deliberations, "
            "ocr_pages FROM documents "
            "WHERE id IN ({marks}) ORDER BY id",
            docs,
        ),
        "documents",
    )
    return out


_TYPES = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}


def _schema(df: pd.DataFrame, name: str) -> dict[str, Any]:
    from sqlalchemy import Date

    from schemas.tables import TABLES

    columns = TABLES[name].columns

    def kind(c: str) -> str:
        if c in columns and isinstance(columns[c].type, Date):
            return "date"
        return _TYPES.get(df[c].dtype.kind, "string")

    return {"fields": [{"name": str(c), "type": kind(str(c))} for c in df.columns]}


def write(engine: Engine, topic: str, out: Path, sirets: scdl.Sirets | None = None) -> Bundle:
    """Write the corpus of `topic` into `out` (created; files there are replaced)."""
    from extractors import EXTRACTOR_VERSION
    from extractors.topics import vocabulary

    ids = _ids(engine, topic)
    b = Bundle(out, deliberations=len(ids))
    out.mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    (out / "scdl").mkdir(exist_ok=True)
    tables = _tables(engine, ids)

    records = _frame(
        engine,
        "SELECT d.record_json FROM deliberations d JOIN documents doc ON doc.id = d.document_id "
        "WHERE d.id IN ({marks}) ORDER BY doc.path, d.segment_index",
        ids,
    )
    lines = [
        json.dumps(json.loads(j), ensure_ascii=False, sort_keys=True) + "\n"
        for j in (records["record_json"] if len(records) else [])
    ]
    _write_text(out / "records.jsonl", "".join(lines), b)

    resources: list[dict[str, Any]] = [
        {
            "name": "records",
            "path": "records.jsonl",
            "format": "jsonl",
            "description": "One record per deliberation, contract v2 (schemas/deliberation.schema.json).",
        }
    ]
    for name in sorted(tables):
        df = tables[name]
        csv_path = f"tables/{name}.csv"
        _write_text(out / csv_path, df.to_csv(index=False, lineterminator="\n"), b)
        df.to_parquet(out / f"tables/{name}.parquet", index=False)
        b.files.append(f"tables/{name}.parquet")
        resources.append(
            {"name": name, "path": csv_path, "format": "csv", "schema": _schema(df, name)}
        )

    id_set = set(ids)
    for kind, export in (
        ("deliberations", scdl.deliberation_export(engine, sirets, id_set)),
        ("subventions", scdl.subvention_export(engine, sirets, id_set)),
    ):
        path = f"scdl/{kind}.csv"
        scdl.write_csv(export.rows, export.fields, out / path)
        b.files.append(path)
        b.not_written += [f"{path}: {w}: missing {', '.join(m)}" for w, m in export.incomplete]
        b.errors += [f"{path}: {k}: {m}" for k, m in scdl.validate(export)]
        schema = json.loads((scdl.SCHEMAS / export.schema).read_text(encoding="utf-8"))
        resources.append(
            {
                "name": f"scdl-{kind}",
                "path": path,
                "format": "csv",
                "schema": {
                    "fields": [{"name": f["name"], "type": "string"} for f in schema["fields"]]
                },
                "description": f"SCDL {export.schema} (validated; complete rows only).",
            }
        )

    voc = vocabulary()
    package = {
        "name": f"delib-{topic.replace('_', '-').replace('.', '-')}",
        "title": f"Deliberations tagged {topic}",
        "version": f"extractor {EXTRACTOR_VERSION}, topics {voc.version}",
        "resources": resources,
    }
    _write_text(
        out / "datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n", b
    )
    _write_text(out / "README.md", _readme(topic, tables, b, voc, EXTRACTOR_VERSION), b)
    return b


def _write_text(path: Path, content: str, b: Bundle) -> None:
    path.write_text(content, encoding="utf-8", newline="")
    b.files.append(str(path.relative_to(b.out)))


def _readme(
    topic: str, tables: dict[str, pd.DataFrame], b: Bundle, voc: Vocabulary, version: str
) -> str:
    definitions = voc.definitions
    d = tables["deliberations"]
    t = tables["topics"]
    authorities = sorted({a for a in d.get("authority_name", pd.Series(dtype=str)).dropna()})
    lines = [
        f"# Deliberations tagged `{topic}`",
        "",
        f"{definitions.get(topic, '')}",
        "",
        f"Made by `delib corpus --topic {topic}` (extractor {version}, topic vocabulary "
        f"version {voc.version}, `schemas/data/topics.toml`). Every value keeps its "
        "evidence: `records.jsonl` gives, for each field, the span of the document it comes "
        "from (`spans`), and each topic the words that justify it (`topics[].evidence`).",
        "",
        "## Counts",
        "",
        f"- deliberations: {b.deliberations}",
        f"- documents: {len(tables['documents'])}",
        f"- authorities: {len(authorities)}",
    ]
    if len(t):
        lines += ["", "| tag | deliberations |", "|---|---|"]
        for tag, n in t.groupby("tag")["deliberation_id"].nunique().sort_index().items():
            lines.append(f"| {tag} | {n} |")
    lines += ["", "## Sources", ""]
    lines += [
        f"- {p} (sha256 {s})"
        for p, s in zip(
            tables["documents"].get("path", []), tables["documents"].get("sha256", []), strict=False
        )
    ]
    lines += ["", "## Authorities", ""] + [f"- {a}" for a in authorities]
    if b.not_written:
        lines += ["", "## Not in the SCDL files (required fields unknown)", ""]
        lines += [f"- {w}" for w in b.not_written]
    return "\n".join(lines) + "\n"
