"""Queries over the corpus, as pandas DataFrames (the CLI prints them)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from pipeline.coverage import COVERAGE, coverage, coverage_line  # noqa: F401 (re-exported)
from schemas.tables import TABLES


def like_pattern(text: str) -> str:
    """`text` as a literal LIKE pattern matching anywhere (use with ESCAPE '\\'): a user's
    "%" or "_" is a character, not a wildcard."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


FUNDING_BY = ("beneficiary", "region", "departement", "epci", "commune", "year", "programme")
_TERRITORY = {
    "region": ("b.region", ""),
    "departement": ("b.departement", ""),
    "epci": ("b.siren", "AND b.kind = 'epci'"),
    "commune": ("b.siren", "AND b.kind = 'commune'"),
}


def funding(
    engine: Engine,
    by: str = "beneficiary",
    year: int | None = None,
    theme: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
) -> pd.DataFrame:
    """Funding totals. By beneficiary only amounts the documents attribute to a beneficiary
    are summed; a deliberation naming beneficiaries without splitting its amount is counted
    in `deliberations_not_split`, never shared out. `theme` keeps deliberations whose theme or
    subject contains it; `kind` (AE or AP) keeps imputations of that kind, or deliberations
    with such imputations; `topic` keeps deliberations tagged with it (`delib query topics`)."""
    if by not in FUNDING_BY:
        raise ValueError(f"--by must be one of {', '.join(FUNDING_BY)}")
    if kind not in (None, "AE", "AP"):
        raise ValueError("--kind must be AE or AP")
    year_filter = (
        "AND CAST(strftime('%Y', d.session_date) AS INTEGER) = :year"
        if engine.dialect.name == "sqlite"
        else "AND EXTRACT(YEAR FROM d.session_date) = :year"
    )
    if year is None:
        year_filter = ""
    params: dict[str, str | int] = {"year": year} if year is not None else {}
    if theme:
        year_filter += " AND (LOWER(COALESCE(d.theme, '')) LIKE :theme ESCAPE '\\' OR LOWER(COALESCE(d.subject, '')) LIKE :theme ESCAPE '\\')"
        params["theme"] = like_pattern(theme.lower())
    if topic:
        year_filter += (
            " AND EXISTS (SELECT 1 FROM topics t WHERE t.deliberation_id = d.id AND t.tag = :topic)"
        )
        params["topic"] = topic
    if kind:
        params["kind"] = kind
        if by in ("year", "programme"):
            year_filter += " AND i.kind = :kind"
        else:
            year_filter += " AND EXISTS (SELECT 1 FROM imputations k WHERE k.deliberation_id = d.id AND k.kind = :kind)"
    if by == "beneficiary":
        sql = f"""
            SELECT b.name AS beneficiary, b.kind AS kind,
                   COUNT(DISTINCT d.id) AS deliberations,
                   SUM(b.amount) AS amount_attributed,
                   COUNT(DISTINCT CASE WHEN b.amount IS NULL THEN d.id END) AS deliberations_not_split
            FROM beneficiaries b JOIN deliberations d ON d.id = b.deliberation_id
            WHERE 1 = 1 {year_filter}
            GROUP BY b.name, b.kind ORDER BY b.name, b.kind"""
    elif by in _TERRITORY:
        key, kind_filter = _TERRITORY[by]
        sql = f"""
            SELECT {key} AS {by}, MIN(b.name) AS example_name, COUNT(DISTINCT b.name) AS beneficiaries,
                   COUNT(DISTINCT d.id) AS deliberations,
                   SUM(b.amount) AS amount_attributed,
                   COUNT(DISTINCT CASE WHEN b.amount IS NULL THEN d.id END) AS deliberations_not_split
            FROM beneficiaries b JOIN deliberations d ON d.id = b.deliberation_id
            WHERE 1 = 1 {kind_filter} {year_filter}
            GROUP BY {key} ORDER BY {key}"""
        with engine.connect() as conn:
            df = pd.read_sql(text(sql), conn, params=params)
        return _territory_names(df, by)
    else:
        key = "d.budget_year" if by == "year" else "i.program"
        label = "year" if by == "year" else "programme"
        sql = f"""
            SELECT {key} AS {label}, i.kind AS kind, COUNT(DISTINCT d.id) AS deliberations,
                   SUM(i.amount) AS amount
            FROM imputations i JOIN deliberations d ON d.id = i.deliberation_id
            WHERE 1 = 1 {year_filter}
            GROUP BY {key}, i.kind ORDER BY {key}, i.kind"""
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn, params=params)


def attendance(engine: Engine, name: str | None = None) -> pd.DataFrame:
    """Per person (as named in each document): sessions present, absent, proxies given and held."""
    where = (
        "WHERE UPPER(p.last_name) LIKE UPPER(:name) ESCAPE '\\' OR UPPER(p.raw) LIKE UPPER(:name) ESCAPE '\\'"
        if name
        else ""
    )
    sql = f"""
        SELECT p.last_name, p.first_name, p.initials, doc.path AS document,
               SUM(CASE WHEN a.role = 'present' THEN 1 ELSE 0 END) AS present,
               SUM(CASE WHEN a.role = 'absent' THEN 1 ELSE 0 END) AS absent,
               (SELECT COUNT(*) FROM proxies x WHERE x.giver_id = p.id) AS proxies_given,
               (SELECT COUNT(*) FROM proxies x WHERE x.holder_id = p.id) AS proxies_held
        FROM persons p JOIN documents doc ON doc.id = p.document_id
        LEFT JOIN attendance a ON a.person_id = p.id
        {where}
        GROUP BY p.id, p.last_name, p.first_name, p.initials, doc.path
        ORDER BY p.last_name, p.first_name, doc.path"""
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn, params={"name": like_pattern(name)} if name else {})


def findings(engine: Engine, status: str | None = None, check: str | None = None) -> pd.DataFrame:
    sql = """
        SELECT doc.path AS document, d.segment_index + 1 AS item, d.reference, f.check_name AS "check",
               f.status, f.message, f.subject
        FROM findings f JOIN deliberations d ON d.id = f.deliberation_id
        JOIN documents doc ON doc.id = d.document_id
        WHERE (:status IS NULL OR f.status = :status) AND (:check IS NULL OR f.check_name = :check)
        ORDER BY CASE f.status WHEN 'fail' THEN 0 WHEN 'warning' THEN 1 WHEN 'pass' THEN 2 ELSE 3 END,
                 doc.path, d.segment_index, f.check_name, f.id"""
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn, params={"status": status, "check": check})


def topics(engine: Engine, tag: str | None = None) -> pd.DataFrame:
    """Per tag and session year: deliberations, authorities, the amounts attributed to
    beneficiaries and the amounts authorised (AE/AP imputations), each summed once per
    deliberation's own rows."""
    year = (
        "CAST(strftime('%Y', d.session_date) AS INTEGER)"
        if engine.dialect.name == "sqlite"
        else "CAST(EXTRACT(YEAR FROM d.session_date) AS INTEGER)"
    )
    sql = f"""
        SELECT t.tag, {year} AS year, COUNT(DISTINCT d.id) AS deliberations,
               COUNT(DISTINCT d.authority_name) AS authorities,
               SUM((SELECT SUM(b.amount) FROM beneficiaries b WHERE b.deliberation_id = d.id))
                   AS amount_attributed,
               SUM((SELECT SUM(i.amount) FROM imputations i WHERE i.deliberation_id = d.id))
                   AS amount_authorised
        FROM topics t JOIN deliberations d ON d.id = t.deliberation_id
        WHERE (:tag IS NULL OR t.tag = :tag OR t.tag LIKE :sub ESCAPE '\\')
        GROUP BY t.tag, {year} ORDER BY t.tag, year"""
    with engine.connect() as conn:
        df = pd.read_sql(
            text(sql),
            conn,
            params={"tag": tag, "sub": like_pattern(f"{tag}.").lstrip("%") if tag else None},
        )
    for col in ("year", "deliberations", "authorities"):
        df[col] = df[col].astype("Int64")
    return df


TRANSMISSION_BY = ("authority", "deliberation")


def transmission(engine: Engine, by: str = "authority") -> pd.DataFrame:
    """Days from the session to the prefecture (received, else sent) and to publication
    (published, else posted), per deliberation or per authority (count, median, max).

    An act is executory once both are done: `executory_days` is the later of the two, only
    when both are known. Dates come from the stamp as printed; a date the stamp does not
    give for certain is NULL (a warning of the `date_consistency` check quotes it)."""
    if by not in TRANSMISSION_BY:
        raise ValueError(f"--by {by!r}: one of {', '.join(TRANSMISSION_BY)}")
    sql = """
        SELECT COALESCE(d.authority_name, '(authority unknown)') AS authority,
               d.authority_siren AS siren, doc.path AS document, d.reference, d.subject,
               d.session_date, COALESCE(d.transmission_received, d.transmission_sent) AS transmitted,
               d.published_on AS published, d.actes_id
        FROM deliberations d JOIN documents doc ON doc.id = d.document_id
        WHERE d.transmission_received IS NOT NULL OR d.transmission_sent IS NOT NULL
              OR d.published_on IS NOT NULL
        ORDER BY authority, d.session_date, doc.path, d.segment_index"""
    with engine.connect() as conn:
        df = pd.read_sql(text(sql), conn)
    for col in ("session_date", "transmitted", "published"):
        df[col] = pd.to_datetime(df[col])
    df["transmission_days"] = (df["transmitted"] - df["session_date"]).dt.days.astype("Int64")
    df["publication_days"] = (df["published"] - df["session_date"]).dt.days.astype("Int64")
    df["executory_days"] = df[["transmission_days", "publication_days"]].max(axis=1, skipna=False)
    for col in ("session_date", "transmitted", "published"):
        df[col] = df[col].dt.strftime("%Y-%m-%d")
    if by == "deliberation":
        return df
    days = ["transmission_days", "publication_days", "executory_days"]
    grouped = df.groupby(["authority", "siren"], dropna=False)
    out = grouped.size().rename("deliberations").to_frame()
    for col in days:
        out[f"{col}_median"] = grouped[col].median()
        out[f"{col}_max"] = grouped[col].max()
    return out.reset_index()


def ingest_errors(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(
            text(
                "SELECT COALESCE(rel_path, path) AS file, code, severity, reason, path "
                "FROM ingest_errors ORDER BY path, code"
            ),
            conn,
        )


def table(engine: Engine, name: str) -> pd.DataFrame:
    """One table, its columns typed from the model (SQLite returns dates as text and
    integers with NULLs as floats): dates as dates, counts as nullable integers, amounts
    as floats, flags as nullable booleans."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; tables: {', '.join(sorted(TABLES))}")
    with engine.connect() as conn:
        df = pd.read_sql(text(f'SELECT * FROM "{name}" ORDER BY id'), conn)
    return typed(df, name)


def typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """`df` (rows of table `name`) with the pandas types of the table's columns."""
    import datetime as dt

    from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric

    for column in TABLES[name].columns:
        if column.name not in df:
            continue
        kind = column.type
        values = df[column.name]
        if isinstance(kind, Boolean):
            df[column.name] = values.astype("boolean")
        elif isinstance(kind, Integer):
            df[column.name] = pd.to_numeric(values).astype("Int64")
        elif isinstance(kind, (Numeric, Float)):
            df[column.name] = pd.to_numeric(values).astype("float64")
        elif isinstance(kind, DateTime):
            df[column.name] = pd.to_datetime(values)
        elif isinstance(kind, Date):
            df[column.name] = values.map(
                lambda v: (
                    v
                    if v is None or isinstance(v, dt.date) or pd.isna(v)
                    else dt.date.fromisoformat(str(v)[:10])
                )
            ).astype("object")
    return df


def person_history(engine: Engine, name: str) -> pd.DataFrame:
    """A person's attendance and proxies over time, across documents of the same body.

    Persons are resolved by body (authority and body type), folded surname (accents, case,
    hyphens) and first name or initial: "Monsieur Xavier BERTRAND", "M. Xavier Bertrand" and
    "BERTRAND X." are one person of the same body; two bodies keep two people."""
    from extractors.common import fold

    wanted = fold(name).replace("-", " ").split()
    sql = """
        SELECT p.id AS person_id, p.raw, p.last_name, p.first_name, p.initials,
               d.id AS deliberation_id, d.session_date, d.reference, d.authority_name, d.body,
               doc.path AS document, a.role AS role, NULL AS other
        FROM persons p JOIN attendance a ON a.person_id = p.id
        JOIN deliberations d ON d.id = a.deliberation_id JOIN documents doc ON doc.id = d.document_id
        UNION ALL
        SELECT p.id, p.raw, p.last_name, p.first_name, p.initials, d.id, d.session_date, d.reference,
               d.authority_name, d.body, doc.path, 'gave proxy', x.holder_raw
        FROM persons p JOIN proxies x ON x.giver_id = p.id
        JOIN deliberations d ON d.id = x.deliberation_id JOIN documents doc ON doc.id = d.document_id
        UNION ALL
        SELECT p.id, p.raw, p.last_name, p.first_name, p.initials, d.id, d.session_date, d.reference,
               d.authority_name, d.body, doc.path, 'held proxy', x.giver_raw
        FROM persons p JOIN proxies x ON x.holder_id = p.id
        JOIN deliberations d ON d.id = x.deliberation_id JOIN documents doc ON doc.id = d.document_id"""
    with engine.connect() as conn:
        df = pd.read_sql(text(sql), conn)
    if df.empty:
        return df
    folded = (df["first_name"].fillna("") + " " + df["last_name"]).map(
        lambda s: fold(s).replace("-", " ")
    )
    df = df[folded.map(lambda s: all(w in s.split() for w in wanted))].copy()
    if df.empty:
        return df
    df["person"] = [_resolve(row, df) for row in df.itertuples()]
    df = df.sort_values(
        ["person", "session_date", "document", "deliberation_id", "role"], kind="stable"
    )
    return df[
        ["person", "session_date", "document", "reference", "role", "other", "raw"]
    ].reset_index(drop=True)


def _resolve(row: Any, df: pd.DataFrame) -> str:
    """The resolved identity of one mention: surname and body, then the full first name;
    an initial joins the one first name of that body and surname starting with it."""
    from extractors.common import fold

    surname = fold(str(row.last_name)).replace("-", " ")
    authority = row.authority_name if isinstance(row.authority_name, str) else "?"
    body = row.body if isinstance(row.body, str) else "?"
    first = fold(row.first_name) if isinstance(row.first_name, str) else ""
    if not first:
        initial = fold(row.initials)[:1] if isinstance(row.initials, str) else ""
        same = df[
            (df["last_name"].map(lambda s: fold(s).replace("-", " ")) == surname)
            & (df["authority_name"].fillna("?") == authority)
            & (df["body"].fillna("?") == body)
        ]
        firsts = sorted(
            {fold(f) for f in same["first_name"].dropna() if fold(f).startswith(initial)}
        )
        first = firsts[0] if len(firsts) == 1 else initial
    return f"{surname} {first} / {authority} / {body}"


def _territory_names(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Official names beside the codes; rows of names not linked stay, labelled so."""
    from pipeline.territory import names as territory_names

    if by in ("region", "departement"):
        names = territory_names(by)
        df.insert(
            1,
            "name",
            df[by].map(
                lambda c: names.get(c, "(not linked)") if isinstance(c, str) else "(not linked)"
            ),
        )
    else:
        df.insert(
            1,
            "name",
            df.apply(
                lambda r: r["example_name"] if isinstance(r[by], str) else "(not linked)", axis=1
            ),
        )
    return df.drop(columns=["example_name"])


def territory_links(engine: Engine, status: str | None = None) -> pd.DataFrame:
    """How each beneficiary name was linked to the territorial reference; unmatched and
    ambiguous names are listed with the reason, never guessed."""
    where = "WHERE b.match_status = :status" if status else "WHERE b.match_status IS NOT NULL"
    sql = f"""
        SELECT b.name, b.kind, b.match_status AS status, b.match_score AS score, b.siren, b.departement,
               b.region, b.match_note AS note, doc.path AS document
        FROM beneficiaries b JOIN deliberations d ON d.id = b.deliberation_id
        JOIN documents doc ON doc.id = d.document_id {where}
        ORDER BY CASE b.match_status WHEN 'ambiguous' THEN 0 WHEN 'unmatched' THEN 1 ELSE 2 END, b.name"""
    with engine.connect() as conn:
        df = pd.read_sql(text(sql), conn, params={"status": status} if status else {})
    from pipeline.territory import names as territory_names

    for column in ("departement", "region"):
        names = territory_names(column)
        at = list(df.columns).index(column) + 1
        df.insert(
            at,
            f"{column}_name",
            df[column].map(lambda c, n=names: n.get(c) if isinstance(c, str) else None),
        )
    return df
