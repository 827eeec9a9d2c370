"""Domain objects returned by repositories and passed between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deskpilot.domain.enums import (
    ActionStatus,
    ArticleState,
    AuthorRole,
    Channel,
    ConversationStatus,
    GateOutcome,
    JobStatus,
    Mode,
)


@dataclass
class Customer:
    """A person who contacts support, as known to one source."""

    source: str
    external_id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    id: int | None = None


@dataclass
class Message:
    """One message of a conversation."""

    author_role: AuthorRole
    body: str
    created_at: datetime
    external_id: str
    author_name: str | None = None
    body_redacted: str | None = None
    content_type: str = "text/plain"
    public: bool = True
    id: int | None = None


@dataclass
class Conversation:
    """One support case with its messages and what was understood about it."""

    source: str
    external_id: str
    channel: Channel
    status: ConversationStatus
    created_at: datetime
    messages: list[Message] = field(default_factory=list)
    subject: str | None = None
    locale: str | None = None
    category: str | None = None
    intent: str | None = None
    customer: Customer | None = None
    tags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    understanding: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None
    id: int | None = None

    def customer_messages(self) -> list[Message]:
        """The messages written by the customer, oldest first."""
        return [m for m in self.messages if m.author_role == AuthorRole.CUSTOMER]


@dataclass
class Article:
    """A knowledge article in one locale; its text lives in immutable versions."""

    key: str
    locale: str
    title: str
    state: ArticleState
    owner: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    review_interval_days: int = 90
    last_reviewed_at: datetime | None = None
    current_version: int | None = None
    id: int | None = None


@dataclass
class Clause:
    """A citable unit of one article version."""

    key: str
    article_key: str
    version: int
    position: int
    text: str
    section: str | None = None
    locale: str | None = None
    article_title: str | None = None
    id: int | None = None

    @property
    def citation(self) -> str:
        """The stable citation id, e.g. ``en/returns-policy#1.2@v3``."""
        return f"{self.key}@v{self.version}"


@dataclass
class ArticleVersion:
    """One immutable published text of an article."""

    article_key: str
    version: int
    title: str
    body: str
    content_hash: str
    state: ArticleState
    published_at: datetime | None = None
    clauses: list[Clause] = field(default_factory=list)
    id: int | None = None


@dataclass
class Citation:
    """A reference from a draft sentence to a clause version."""

    number: int
    clause_id: str
    clause_pk: int | None = None
    span: tuple[int, int] | None = None


@dataclass
class Draft:
    """A proposed reply with its citations and the versions that produced it."""

    conversation_id: int
    text: str
    locale: str
    citations: list[Citation]
    confidence: float
    model_version: str
    prompt_version: str
    kb_version: str
    policy_version: str
    verifier: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Decision:
    """The gate's outcome for a conversation, with everything in force when it was taken."""

    conversation_id: int
    outcome: GateOutcome
    mode: Mode
    category: str | None
    locale: str | None
    confidence: float
    threshold: float
    rollout_percent: int
    rollout_bucket: int
    reasons: list[str]
    stage_timings: dict[str, float]
    draft_id: int | None = None
    escalation: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Review:
    """A human's approve / edit / reject of a draft."""

    decision_id: int
    reviewer: str
    action: str
    edited_text: str | None = None
    reason: str | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Action:
    """Something deskpilot does in an external system, with its lineage."""

    conversation_id: int
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    status: ActionStatus = ActionStatus.PENDING
    lineage: dict[str, Any] = field(default_factory=dict)
    external_ref: str | None = None
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Outcome:
    """How a conversation ended and whether the customer came back."""

    conversation_id: int
    resolution: str
    resolved_by: str | None
    resolved_at: datetime | None
    csat: int | None = None
    reopened: bool = False
    recontact_of: int | None = None
    handle_seconds: int | None = None  # agent handling time reported by the help desk
    id: int | None = None


@dataclass
class EvalExample:
    """A locale × category example with the expected intent, clause and outcome."""

    locale: str
    category: str | None
    text: str
    expected_intent: str | None
    expected_clause: str | None = None
    expected_outcome: str | None = None
    source: str = "history"
    id: int | None = None
    conversation_id: int | None = None
    decision_id: int | None = None
    reference_text: str | None = None  # the reply a reviewer sent instead of the draft
    note: str | None = None  # why a reviewer rejected the draft


@dataclass
class Job:
    """A unit of background work claimed by one worker at a time."""

    kind: str
    payload: dict[str, Any]
    status: JobStatus
    attempts: int
    max_attempts: int
    run_after: datetime
    locked_by: str | None = None
    locked_until: datetime | None = None
    last_error: str | None = None
    id: int | None = None
