"""Typed audit events; recording a kind that is not registered is an error."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

_REGISTRY: dict[str, type[AuditEvent]] = {}


class UnknownAuditEvent(ValueError):
    """Raised when an event kind was never registered."""


@dataclass(frozen=True)
class AuditEvent:
    """Base of every audit event: who did it, to which conversation, with what properties."""

    kind: ClassVar[str] = ""
    actor: str
    conversation_id: int | None = None

    def properties(self) -> dict[str, Any]:
        """The event's own fields, without actor and conversation id."""
        data = asdict(self)
        data.pop("actor", None)
        data.pop("conversation_id", None)
        return data


def register(cls: type[AuditEvent]) -> type[AuditEvent]:
    """Class decorator adding an event kind to the registry."""
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind")
    if cls.kind in _REGISTRY and _REGISTRY[cls.kind] is not cls:
        raise ValueError(f"audit event kind {cls.kind!r} registered twice")
    _REGISTRY[cls.kind] = cls
    return cls


def ensure_registered(event: AuditEvent) -> None:
    """Refuse events whose class is not the registered one for its kind."""
    if _REGISTRY.get(type(event).kind) is not type(event):
        raise UnknownAuditEvent(f"audit event {type(event).__name__} ({type(event).kind!r}) is not registered")


def registered_kinds() -> dict[str, type[AuditEvent]]:
    """All registered kinds, for documentation and tests."""
    return dict(_REGISTRY)


@register
@dataclass(frozen=True)
class ConversationIngested(AuditEvent):
    kind: ClassVar[str] = "conversation.ingested"
    source: str = ""
    external_id: str = ""
    new_messages: int = 0
    created: bool = False


@register
@dataclass(frozen=True)
class IngestRejected(AuditEvent):
    kind: ClassVar[str] = "ingest.rejected"
    source: str = ""
    reason: str = ""


@register
@dataclass(frozen=True)
class ConversationUnderstood(AuditEvent):
    kind: ClassVar[str] = "conversation.understood"
    locale: str | None = None
    locale_confidence: float = 0.0
    intent: str | None = None
    intent_probability: float = 0.0
    intent_model: str = ""
    sentiment: str | None = None
    pii_entities: int = 0


@register
@dataclass(frozen=True)
class DraftCreated(AuditEvent):
    kind: ClassVar[str] = "draft.created"
    draft_id: int = 0
    citations: list[str] = field(default_factory=list)
    confidence: float = 0.0
    model_version: str = ""
    prompt_version: str = ""
    kb_version: str = ""
    policy_version: str = ""
    removed_sentences: int = 0


@register
@dataclass(frozen=True)
class LlmCalled(AuditEvent):
    kind: ClassVar[str] = "llm.called"
    draft_id: int = 0
    model: str = ""
    prompt_version: str = ""
    outcome: str = ""  # used | fallback
    reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    attempts: int = 0


@register
@dataclass(frozen=True)
class DecisionMade(AuditEvent):
    kind: ClassVar[str] = "decision.made"
    decision_id: int = 0
    draft_id: int | None = None
    outcome: str = ""
    mode: str = ""
    category: str | None = None
    locale: str | None = None
    confidence: float = 0.0
    threshold: float = 0.0
    rollout_percent: int = 0
    rollout_bucket: int = 0
    reasons: list[str] = field(default_factory=list)
    escalation_reason: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@register
@dataclass(frozen=True)
class ActionQueued(AuditEvent):
    kind: ClassVar[str] = "action.queued"
    action_id: int = 0
    action_kind: str = ""
    idempotency_key: str = ""
    lineage: dict[str, Any] = field(default_factory=dict)


@register
@dataclass(frozen=True)
class ActionDelivered(AuditEvent):
    kind: ClassVar[str] = "action.delivered"
    action_id: int = 0
    action_kind: str = ""
    external_ref: str | None = None


@register
@dataclass(frozen=True)
class ActionFailed(AuditEvent):
    kind: ClassVar[str] = "action.failed"
    action_id: int = 0
    error: str = ""
    permanent: bool = False


@register
@dataclass(frozen=True)
class ArticlePublished(AuditEvent):
    kind: ClassVar[str] = "article.published"
    article_key: str = ""
    version: int = 0
    content_hash: str = ""
    clauses: int = 0


@register
@dataclass(frozen=True)
class ArticleDrafted(AuditEvent):
    kind: ClassVar[str] = "article.drafted"
    article_key: str = ""
    version: int = 0
    content_hash: str = ""
    clauses: int = 0


@register
@dataclass(frozen=True)
class ArticleStateChanged(AuditEvent):
    kind: ClassVar[str] = "article.state_changed"
    article_key: str = ""
    version: int = 0
    from_state: str = ""
    to_state: str = ""
    reason: str = ""


@register
@dataclass(frozen=True)
class ModeChanged(AuditEvent):
    kind: ClassVar[str] = "mode.changed"
    category: str = ""
    mode: str = ""
    rollout_percent: int = 100
    previous_mode: str | None = None


@register
@dataclass(frozen=True)
class ThresholdChanged(AuditEvent):
    kind: ClassVar[str] = "threshold.changed"
    locale: str = ""
    category: str = ""
    threshold: float = 0.0
    previous: float | None = None  # the row's value before (None: the row did not exist)


@register
@dataclass(frozen=True)
class ThresholdRemoved(AuditEvent):
    kind: ClassVar[str] = "threshold.removed"
    locale: str = ""
    category: str = ""
    previous: float = 0.0  # the row's value before; a less specific row (or the default) applies from now on


@register
@dataclass(frozen=True)
class ModelActivated(AuditEvent):
    kind: ClassVar[str] = "model.activated"
    name: str = ""
    fingerprint: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)


@register
@dataclass(frozen=True)
class ModelDeactivated(AuditEvent):
    kind: ClassVar[str] = "model.deactivated"
    name: str = ""
    fingerprint: str = ""
    reason: str = ""


@register
@dataclass(frozen=True)
class PolicyActivated(AuditEvent):
    kind: ClassVar[str] = "policy.activated"
    name: str = ""
    version: int = 0
    policy_version: str = ""
    content_hash: str = ""
    created: bool = True
    rules: int = 0


@register
@dataclass(frozen=True)
class OutcomeRecorded(AuditEvent):
    kind: ClassVar[str] = "outcome.recorded"
    resolution: str = ""
    resolved_by: str | None = None
    csat: int | None = None


@register
@dataclass(frozen=True)
class JobDead(AuditEvent):
    kind: ClassVar[str] = "job.dead"
    job_id: int = 0
    job_kind: str = ""
    attempts: int = 0
    error: str = ""


@register
@dataclass(frozen=True)
class ModelConfigAdded(AuditEvent):
    kind: ClassVar[str] = "model_config.added"
    model: str = ""  # name@vN
    settings: dict[str, Any] = field(default_factory=dict)


@register
@dataclass(frozen=True)
class PromptAdded(AuditEvent):
    kind: ClassVar[str] = "prompt.added"
    name: str = ""
    version: str = ""


@register
@dataclass(frozen=True)
class DraftingActivated(AuditEvent):
    kind: ClassVar[str] = "drafting.activated"
    model: str = ""
    prompt_version: str = ""
    previous_model: str = ""
    previous_prompt_version: str = ""
    forced: bool = False
    regressions: list[dict[str, Any]] = field(default_factory=list)
    evaluation: dict[str, Any] = field(default_factory=dict)


@register
@dataclass(frozen=True)
class DraftingRefused(AuditEvent):
    kind: ClassVar[str] = "drafting.refused"
    model: str = ""
    prompt_version: str = ""
    regressions: list[dict[str, Any]] = field(default_factory=list)


@register
@dataclass(frozen=True)
class DraftingRolledBack(AuditEvent):
    kind: ClassVar[str] = "drafting.rolled_back"
    model: str = ""
    prompt_version: str = ""
    from_model: str = ""
    from_prompt_version: str = ""


@register
@dataclass(frozen=True)
class SuggestionsOffered(AuditEvent):
    kind: ClassVar[str] = "suggestions.offered"
    batch: str = ""
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # id, rank, citations


@register
@dataclass(frozen=True)
class SuggestionUsed(AuditEvent):
    kind: ClassVar[str] = "suggestion.used"
    suggestion_id: int = 0
    rank: int = 0
    edited: bool = False
    edit_distance: float = 0.0


@register
@dataclass(frozen=True)
class ConnectorConfigured(AuditEvent):
    kind: ClassVar[str] = "connector.configured"
    name: str = ""
    connector_kind: str = ""
    settings: dict[str, Any] = field(default_factory=dict)  # secrets masked


@register
@dataclass(frozen=True)
class ConnectorSynced(AuditEvent):
    kind: ClassVar[str] = "connector.synced"
    name: str = ""
    pages: int = 0
    conversations: int = 0
    created: int = 0
    new_messages: int = 0


@register
@dataclass(frozen=True)
class WebhookReceived(AuditEvent):
    kind: ClassVar[str] = "webhook.received"
    name: str = ""
    delivery_id: str = ""
    event: str = ""
    external_ids: list[str] = field(default_factory=list)


@register
@dataclass(frozen=True)
class UserAdded(AuditEvent):
    kind: ClassVar[str] = "user.added"
    email: str = ""
    role: str = ""


@register
@dataclass(frozen=True)
class ApiTokenCreated(AuditEvent):
    kind: ClassVar[str] = "api_token.created"
    email: str = ""
    name: str = ""
    prefix: str = ""


@register
@dataclass(frozen=True)
class ApiTokenRevoked(AuditEvent):
    kind: ClassVar[str] = "api_token.revoked"
    email: str = ""
    name: str = ""


@register
@dataclass(frozen=True)
class DraftReviewed(AuditEvent):
    kind: ClassVar[str] = "draft.reviewed"
    decision_id: int = 0
    draft_id: int | None = None
    review_id: int = 0
    verdict: str = ""  # approve, edit or reject
    reason: str | None = None
    edit_distance: float | None = None  # words changed / longer text's words, for edits
    action_id: int | None = None  # the reply put in the outbox
    eval_example_id: int | None = None  # the evaluation example an edit or a rejection became


@register
@dataclass(frozen=True)
class OriginalTextViewed(AuditEvent):
    kind: ClassVar[str] = "conversation.original_viewed"
    role: str = ""
