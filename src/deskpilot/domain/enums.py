"""Enumerations shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """Where a conversation arrived."""

    EMAIL = "email"
    CHAT = "chat"
    WEB_FORM = "web_form"
    SOCIAL = "social"
    API = "api"


class AuthorRole(StrEnum):
    """Who wrote a message."""

    CUSTOMER = "customer"
    AGENT = "agent"
    AI = "ai"
    SYSTEM = "system"


class ConversationStatus(StrEnum):
    """Lifecycle of a support case."""

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    SOLVED = "solved"
    CLOSED = "closed"


class GateOutcome(StrEnum):
    """What the gate decided for a draft."""

    AUTO_REPLY = "auto_reply"
    REVIEW = "review"
    ESCALATE = "escalate"


class Mode(StrEnum):
    """How far the AI may act in a category."""

    SHADOW = "shadow"
    ASSIST = "assist"
    AUTONOMOUS = "autonomous"


class EscalationReason(StrEnum):
    """Why a conversation went to a human."""

    MISSING_KNOWLEDGE = "missing_knowledge"
    LOW_CONFIDENCE = "low_confidence"
    POLICY_RESTRICTION = "policy_restriction"
    CUSTOMER_REQUEST = "customer_request"
    SENSITIVE_TOPIC = "sensitive_topic"
    TOOL_FAILURE = "tool_failure"


class ArticleState(StrEnum):
    """Editorial state of a knowledge article."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class JobStatus(StrEnum):
    """State of a queued job."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DEAD = "dead"


class ActionStatus(StrEnum):
    """Delivery state of an outbound action."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class ReviewAction(StrEnum):
    """What a reviewer did with a draft."""

    APPROVE = "approve"
    EDIT = "edit"
    REJECT = "reject"
