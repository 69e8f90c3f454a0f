"""SQL tables (SQLAlchemy 2). Normalised; every value row points to its deliberation,
and `provenance_spans` says where in the document text each field came from.

Natural keys: a document is its file's sha256; a deliberation is (document, segment).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schemas.vocab import (
    ATTENDANCE_ROLES,
    BENEFICIARY_KINDS,
    BODIES,
    CHECKS,
    DOC_TYPES,
    IMPUTATION_KINDS,
    LEVELS,
    OUTCOMES,
    STATUSES,
    VOTE_POSITIONS,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Money = Numeric(16, 2, asdecimal=False)


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    cond = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {cond}" if nullable else cond


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(40))
    encoding: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(20))
    records_hash: Mapped[str] = mapped_column(String(64))
    n_deliberations: Mapped[int] = mapped_column(Integer)
    #: pages whose text came from OCR, and pages that needed OCR but had none (OCR off or
    #: missing): a run that can see less never replaces what a fuller run loaded
    ocr_pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ocr_missing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DocumentPathRow(Base):
    """Where a document's content was found: a document is the content at a path; the same
    content at two paths is one document with both paths."""

    __tablename__ = "document_paths"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    #: the file's absolute path (its identity), undecodable bytes as backslash escapes
    key: Mapped[str] = mapped_column(Text, unique=True)
    #: the ingest root it was last found under, and its path relative to that root
    root: Mapped[str] = mapped_column(Text)
    rel_path: Mapped[str] = mapped_column(Text)


class CorpusPendingRow(Base):
    """What the corpus pass must still look at: bodies (authority|body) and beneficiaries
    of documents loaded, replaced or removed since it last ran. Written in the same
    transaction as the load, so that a run killed before the pass leaves it to the next."""

    __tablename__ = "corpus_pending"
    __table_args__ = (UniqueConstraint("kind", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    key: Mapped[str] = mapped_column(Text)


class DeliberationRow(Base):
    __tablename__ = "deliberations"
    __table_args__ = (
        UniqueConstraint("document_id", "segment_index"),
        CheckConstraint(_in("doc_type", DOC_TYPES), name="doc_type"),
        CheckConstraint(_in("authority_level", LEVELS, nullable=True), name="authority_level"),
        CheckConstraint(_in("body", BODIES, nullable=True), name="body"),
        CheckConstraint(_in("vote_outcome", OUTCOMES), name="vote_outcome"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    segment_index: Mapped[int] = mapped_column(Integer)
    segment_start: Mapped[int] = mapped_column(Integer)
    segment_end: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(20))
    doc_type: Mapped[str] = mapped_column(String(20))
    authority_name: Mapped[str | None] = mapped_column(Text)
    authority_level: Mapped[str | None] = mapped_column(String(20))
    authority_siren: Mapped[str | None] = mapped_column(String(9))
    body: Mapped[str | None] = mapped_column(String(30))
    reference: Mapped[str | None] = mapped_column(String(60))
    session_date: Mapped[date | None] = mapped_column(Date, index=True)
    session_time: Mapped[str | None] = mapped_column(String(5))
    convened_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(Text)
    chair: Mapped[str | None] = mapped_column(Text)
    budget_year: Mapped[int | None] = mapped_column(Integer)
    function_code: Mapped[str | None] = mapped_column(String(10))
    function_label: Mapped[str | None] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    vote_outcome: Mapped[str] = mapped_column(String(10))
    vote_unanimous: Mapped[bool | None] = mapped_column(Boolean)
    vote_for: Mapped[int | None] = mapped_column(Integer)
    vote_against: Mapped[int | None] = mapped_column(Integer)
    vote_abstention: Mapped[int | None] = mapped_column(Integer)
    vote_not_voting: Mapped[int | None] = mapped_column(Integer)
    members_in_office: Mapped[int | None] = mapped_column(Integer)
    present_count: Mapped[int | None] = mapped_column(Integer)
    proxy_count: Mapped[int | None] = mapped_column(Integer)
    absent_count: Mapped[int | None] = mapped_column(Integer)
    voters_count: Mapped[int | None] = mapped_column(Integer)
    #: the prefecture stamp (contract v2 `transmission`) and the ACTES subject (`matiere`)
    actes_id: Mapped[str | None] = mapped_column(String(80))
    transmission_sent: Mapped[date | None] = mapped_column(Date)
    transmission_received: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    executory_on: Mapped[date | None] = mapped_column(Date)
    matiere_code: Mapped[str | None] = mapped_column(String(5))
    matiere_source: Mapped[str | None] = mapped_column(String(10))
    #: the topic tags (contract v2 `topics`) as a JSON array, for facets; `topics` has each
    #: with its score and evidence
    topic_tags: Mapped[str | None] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)
    #: subject and theme with their French stems: what full-text search indexes
    search_text: Mapped[str | None] = mapped_column(Text)


def _child(name: str) -> Mapped[int]:
    return mapped_column(ForeignKey("deliberations.id", ondelete="CASCADE"), index=True)


class TopicRow(Base):
    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("topics")
    tag: Mapped[str] = mapped_column(String(60), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)


class ProgramCodeRow(Base):
    __tablename__ = "program_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("program_codes")
    code: Mapped[str] = mapped_column(String(20))


class ImputationRow(Base):
    __tablename__ = "imputations"
    __table_args__ = (CheckConstraint(_in("kind", IMPUTATION_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("imputations")
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    chapter: Mapped[str | None] = mapped_column(String(10))
    function: Mapped[str | None] = mapped_column(String(10))
    nature: Mapped[str | None] = mapped_column(String(10))
    program: Mapped[str | None] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(5))
    amount: Mapped[float | None] = mapped_column(Money)


class PhasingLineRow(Base):
    __tablename__ = "phasing_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imputation_id: Mapped[int] = mapped_column(
        ForeignKey("imputations.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[float] = mapped_column(Money)


class StatedTotalRow(Base):
    __tablename__ = "stated_totals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("stated_totals")
    amount: Mapped[float] = mapped_column(Money)
    section: Mapped[str | None] = mapped_column(String(5))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class VoteGroupRow(Base):
    __tablename__ = "vote_groups"
    __table_args__ = (CheckConstraint(_in("position", VOTE_POSITIONS), name="position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("vote_groups")
    position: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(Text)
    count: Mapped[int | None] = mapped_column(Integer)


class PersonRow(Base):
    """A person as named in one document (resolution across documents is later work)."""

    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("document_id", "person_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    person_key: Mapped[str] = mapped_column(String(120))
    raw: Mapped[str] = mapped_column(Text)
    civility: Mapped[str | None] = mapped_column(String(4))
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(120), index=True)
    initials: Mapped[str | None] = mapped_column(String(20))


class AttendanceRow(Base):
    __tablename__ = "attendance"
    __table_args__ = (CheckConstraint(_in("role", ATTENDANCE_ROLES), name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("attendance")
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    raw: Mapped[str] = mapped_column(Text)


class ProxyRow(Base):
    __tablename__ = "proxies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("proxies")
    giver_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    giver_raw: Mapped[str] = mapped_column(Text)
    holder_raw: Mapped[str] = mapped_column(Text)


class BeneficiaryRow(Base):
    __tablename__ = "beneficiaries"
    __table_args__ = (CheckConstraint(_in("kind", BENEFICIARY_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("beneficiaries")
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[float | None] = mapped_column(Money)
    #: the name with its French stems: what full-text search indexes
    search_text: Mapped[str | None] = mapped_column(Text)
    siren: Mapped[str | None] = mapped_column(String(9))
    departement: Mapped[str | None] = mapped_column(String(3))
    region: Mapped[str | None] = mapped_column(String(3))
    #: how the name was linked to the territorial reference (pipeline.territory)
    match_status: Mapped[str | None] = mapped_column(String(10))
    match_score: Mapped[float | None] = mapped_column(Numeric(4, 3, asdecimal=False))
    match_note: Mapped[str | None] = mapped_column(Text)


class LegalReferenceRow(Base):
    __tablename__ = "legal_references"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("legal_references")
    text: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date)


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint(_in("check_name", CHECKS), name="check_name"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        Index("ix_findings_check_status", "check_name", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("findings")
    check_name: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(15))
    message: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)


class ProvenanceSpanRow(Base):
    __tablename__ = "provenance_spans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deliberation_id: Mapped[int] = _child("provenance_spans")
    field_path: Mapped[str] = mapped_column(String(120))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(20))


class IngestErrorRow(Base):
    """A file that could not be ingested (or was ingested with a warning), and why."""

    __tablename__ = "ingest_errors"
    __table_args__ = (UniqueConstraint("path", "sha256", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the file's absolute path (as `document_paths.key`), and its path under the root
    path: Mapped[str] = mapped_column(Text)
    rel_path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    code: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)


TABLES = {t.name: t for t in Base.metadata.sorted_tables}
