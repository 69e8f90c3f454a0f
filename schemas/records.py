"""Strict record models: the contract's shape of one extracted deliberation.

Unknown fields are rejected (`extra="forbid"`), so a typo in an extractor fails loudly
at the stage boundary instead of vanishing from the output.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas.vocab import (
    SCHEMA_VERSION,
    ActesNature,
    BeneficiaryKind,
    Body,
    CheckName,
    Civility,
    DocType,
    ImputationKind,
    Level,
    MatiereSource,
    Outcome,
    Status,
    VotePosition,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Person(Strict):
    raw: str
    civility: Civility | None = None
    first_name: str | None = None
    last_name: str
    initials: str | None = None


class Proxy(Strict):
    giver: Person
    holder: Person


class Span(Strict):
    start: int
    end: int
    page: int | None = None


class Source(Strict):
    file: str
    sha256: str
    segment: int | None = None
    pages: list[int] | None = None
    ocr: bool | None = None
    extractor_version: str | None = None


class Authority(Strict):
    name: str | None = None
    level: Level | None = None
    siren: str | None = None


class Session(Strict):
    date: str | None = None
    time: str | None = None
    convened_on: str | None = None
    place: str | None = None
    chair: Person | None = None


class Budget(Strict):
    year: int | None = None
    function_code: str | None = None
    function_label: str | None = None
    program_codes: list[str] = Field(default_factory=list)


class Phasing(Strict):
    year: int
    amount: float


class Imputation(Strict):
    code: str
    chapter: str | None = None
    function: str | None = None
    nature: str | None = None
    program: str | None = None
    kind: ImputationKind
    amount: float | None = None
    phasing: list[Phasing] = Field(default_factory=list)


class GroupVote(Strict):
    position: VotePosition
    label: str
    count: int | None = None


class Ballot(Strict):
    """Who voted what, where the document names it."""

    person: Person
    position: VotePosition
    by_proxy: bool | None = None


class Vote(Strict):
    outcome: Outcome = "unknown"
    unanimous: bool | None = None
    for_: int | None = Field(default=None, alias="for")
    against: int | None = None
    abstention: int | None = None
    not_voting: int | None = None
    groups: list[GroupVote] = Field(default_factory=list)
    ballots: list[Ballot] = Field(default_factory=list)


class Attendance(Strict):
    members_in_office: int | None = None
    present_count: int | None = None
    proxy_count: int | None = None
    absent_count: int | None = None
    voters_count: int | None = None
    present: list[Person] = Field(default_factory=list)
    proxies: list[Proxy] = Field(default_factory=list)
    absent: list[Person] = Field(default_factory=list)
    not_voting: list[Person] = Field(default_factory=list)
    secretary: Person | None = None
    rapporteur: Person | None = None


class Beneficiary(Strict):
    name: str
    kind: BeneficiaryKind
    amount: float | None = None
    siren: str | None = None
    departement: str | None = None
    region: str | None = None


class LegalReference(Strict):
    text: str
    number: str | None = None
    date: str | None = None


class Transmission(Strict):
    """The prefecture stamp (ACTES) and publication notes, as printed."""

    actes_id: str | None = None
    siren: str | None = None
    act_date: str | None = None
    act_number: str | None = None
    nature: ActesNature | None = None
    sent: str | None = None
    received: str | None = None
    published: str | None = None
    posted: str | None = None
    executory: str | None = None


class Matiere(Strict):
    """ACTES subject classification, printed or inferred."""

    code: str
    label: str
    source: MatiereSource | None = None


class Topic(Strict):
    tag: str
    score: float | None = None
    evidence: str


class Finding(Strict):
    check: CheckName
    status: Status
    message: str
    subject: str | None = None


class Deliberation(Strict):
    schema_version: str = SCHEMA_VERSION
    source: Source
    doc_type: DocType = "other"
    authority: Authority = Field(default_factory=Authority)
    body: Body | None = None
    reference: str | None = None
    session: Session = Field(default_factory=Session)
    budget: Budget = Field(default_factory=Budget)
    theme: str | None = None
    subject: str | None = None
    imputations: list[Imputation] = Field(default_factory=list)
    vote: Vote = Field(default_factory=Vote)
    attendance: Attendance = Field(default_factory=Attendance)
    beneficiaries: list[Beneficiary] = Field(default_factory=list)
    legal_references: list[LegalReference] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    spans: dict[str, Span] = Field(default_factory=dict)
    transmission: Transmission | None = None
    matiere: Matiere | None = None
    topics: list[Topic] = Field(default_factory=list)

    def to_contract(self) -> dict[str, object]:
        """The record as the contract's JSON object (aliases, sorted span keys)."""
        data = self.model_dump(by_alias=True, mode="json")
        data["spans"] = dict(sorted(data["spans"].items()))
        return data
