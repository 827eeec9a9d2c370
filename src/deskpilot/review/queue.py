"""The review queue: conversations whose latest decision waits for a person (a draft to review or an escalation),
with how long the customer has waited and where each stands against its SLA."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from deskpilot.storage.tables import ConversationRow, DecisionRow, MessageRow, ReviewRow
from deskpilot.understand.pii import redact

WAITING_OUTCOMES = ("review", "escalate")
CLOSED_STATUSES = ("solved", "closed")
DUE_SOON_SHARE = 0.25  # "due soon" once less than this share of the SLA is left
URGENT_LEVELS = ("medium", "high")
SlaState = Literal["breached", "due_soon", "ok"]
SORTS = ("age", "sla", "confidence", "locale", "category")
PREVIEW_CHARS = 160


@dataclass(frozen=True)
class SlaPolicy:
    """How long a customer may wait for a reply that a person has to look at."""

    minutes: int = 240
    urgent_minutes: int = 60

    def due(self, waiting_since: datetime, urgent: bool) -> datetime:
        """When the reply is due."""
        return waiting_since + timedelta(minutes=self.urgent_minutes if urgent else self.minutes)

    def state(self, waiting_since: datetime, urgent: bool, now: datetime) -> SlaState:
        """Breached, due soon (less than a quarter left) or ok."""
        total = timedelta(minutes=self.urgent_minutes if urgent else self.minutes)
        left = self.due(waiting_since, urgent) - now
        if left <= timedelta(0):
            return "breached"
        return "due_soon" if left < total * DUE_SOON_SHARE else "ok"


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows; every field narrows it, None shows all."""

    locale: str | None = None
    category: str | None = None
    outcome: str | None = None  # review or escalate
    min_confidence: float | None = None
    max_confidence: float | None = None
    sla: SlaState | None = None
    min_age_minutes: int | None = None

    def to_query(self) -> dict[str, Any]:
        """The filter as query parameters (only those set)."""
        return {k: v for k, v in self.__dict__.items() if v is not None and v != ""}


@dataclass
class QueueItem:
    """One conversation waiting for a person."""

    conversation_id: int
    decision_id: int
    outcome: str
    locale: str | None
    category: str | None
    intent: str | None
    confidence: float
    threshold: float
    subject: str | None
    waiting_since: datetime
    age_seconds: float
    due_at: datetime
    sla: SlaState
    urgent: bool
    has_draft: bool
    preview: str = ""
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready item."""
        return {"conversation_id": self.conversation_id, "decision_id": self.decision_id, "outcome": self.outcome,
                "locale": self.locale, "category": self.category, "intent": self.intent,
                "confidence": round(self.confidence, 4), "threshold": round(self.threshold, 4),
                "subject": self.subject, "waiting_since": self.waiting_since.isoformat(),
                "age_seconds": round(self.age_seconds), "due_at": self.due_at.isoformat(), "sla": self.sla,
                "urgent": self.urgent, "has_draft": self.has_draft, "preview": self.preview}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _waiting_rows(session: Session, filt: QueueFilter) -> list[Any]:
    """The latest decision of every open conversation, when it waits for a person and nobody reviewed it yet."""
    c, d, m, r = ConversationRow, DecisionRow, MessageRow, ReviewRow
    latest = (select(d.conversation_id.label("cid"), func.max(d.id).label("did"))
              .group_by(d.conversation_id).subquery())
    last_customer = (select(func.max(m.created_at)).where(m.conversation_id == c.id, m.author_role == "customer")
                     .correlate(c).scalar_subquery())
    query = (select(c.id, d.id, d.outcome, d.locale, d.category, c.intent, d.confidence, d.threshold, c.subject,
                    func.coalesce(last_customer, d.created_at), c.understanding, d.draft_id, d.reasons)
             .join(latest, latest.c.cid == c.id).join(d, d.id == latest.c.did)
             .where(d.outcome.in_(filt.outcome and [filt.outcome] or WAITING_OUTCOMES),
                    c.status.not_in(CLOSED_STATUSES),
                    ~exists().where(r.decision_id == d.id)))
    if filt.locale:
        query = query.where(d.locale == filt.locale)
    if filt.category:
        query = query.where(d.category == filt.category)
    if filt.min_confidence is not None:
        query = query.where(d.confidence >= filt.min_confidence)
    if filt.max_confidence is not None:
        query = query.where(d.confidence <= filt.max_confidence)
    return list(session.execute(query))


def _urgent(understanding: dict[str, Any] | None) -> bool:
    level = ((understanding or {}).get("urgency") or {}).get("level")
    return level in URGENT_LEVELS


def waiting(session: Session, filt: QueueFilter, policy: SlaPolicy, now: datetime, *, sort: str = "sla",
            descending: bool = False, limit: int = 200) -> tuple[list[QueueItem], int]:
    """The queue's items in the order asked (and how many match in all), with a preview of the customer's last
    message (redacted)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    now = _aware(now)
    items = []
    for cid, did, outcome, locale, category, intent, confidence, threshold, subject, since, und, draft_id, reasons \
            in _waiting_rows(session, filt):
        since = _aware(since)
        urgent = _urgent(und)
        state = policy.state(since, urgent, now)
        age = (now - since).total_seconds()
        if filt.sla and state != filt.sla:
            continue
        if filt.min_age_minutes is not None and age < filt.min_age_minutes * 60:
            continue
        items.append(QueueItem(cid, did, outcome, locale, category, intent, float(confidence), float(threshold),
                               subject, since, age, policy.due(since, urgent), state, urgent, draft_id is not None,
                               reasons=list(reasons or [])))
    keys: dict[str, Any] = {
        "age": lambda i: (i.waiting_since, i.conversation_id),
        "sla": lambda i: (i.due_at, i.conversation_id),
        "confidence": lambda i: (i.confidence, i.conversation_id),
        "locale": lambda i: (i.locale or "", i.due_at),
        "category": lambda i: (i.category or "", i.due_at),
    }
    items.sort(key=keys[sort], reverse=descending)
    shown = items[:limit]
    _add_previews(session, shown)
    return shown, len(items)


def _add_previews(session: Session, items: list[QueueItem]) -> None:
    if not items:
        return
    m = MessageRow
    newest = (select(m.conversation_id, func.max(m.id).label("mid"))
              .where(m.conversation_id.in_([i.conversation_id for i in items]), m.author_role == "customer")
              .group_by(m.conversation_id).subquery())
    rows = session.execute(select(m.conversation_id, m.body_redacted, m.body)
                           .join(newest, and_(newest.c.mid == m.id))).all()
    text = {cid: redacted if redacted is not None else redact(body).text for cid, redacted, body in rows}
    for item in items:
        preview = " ".join((text.get(item.conversation_id) or "").split())
        item.preview = preview if len(preview) <= PREVIEW_CHARS else preview[:PREVIEW_CHARS - 1] + "…"


def ages(session: Session, now: datetime) -> list[float]:
    """Seconds each conversation in the queue has waited (for queue-age figures)."""
    now = _aware(now)
    return sorted((now - _aware(row[9])).total_seconds() for row in _waiting_rows(session, QueueFilter()))
