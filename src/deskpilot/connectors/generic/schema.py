"""Pydantic schema of the generic JSON conversation format (version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_MESSAGES = 500
MAX_BODY_CHARS = 100_000


def _timezone_aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("created_at needs a timezone offset, e.g. 2026-11-20T09:00:00+00:00")
    return value


class GenericCustomer(BaseModel):
    """The customer as the sending system knows them."""

    model_config = ConfigDict(extra="forbid")

    external_id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=64)


class GenericMessage(BaseModel):
    """One message; ``external_id`` must be unique within the conversation."""

    model_config = ConfigDict(extra="forbid")

    external_id: str = Field(min_length=1, max_length=200)
    author_role: Literal["customer", "agent", "ai", "system"]
    author_name: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    content_type: Literal["text/plain", "text/html"] = "text/plain"
    created_at: datetime
    public: bool = True

    _aware = field_validator("created_at")(_timezone_aware)


class GenericOutcome(BaseModel):
    """How the conversation ended, for history imports and outcome updates."""

    model_config = ConfigDict(extra="forbid")

    resolution: Literal["solved", "unresolved", "abandoned"]
    resolved_by: str | None = Field(default=None, max_length=200, description="'ai' or 'agent:<id>'")
    resolved_at: datetime | None = None
    csat: int | None = Field(default=None, ge=1, le=5)
    reopened: bool = False
    handle_seconds: int | None = Field(default=None, ge=0, le=30 * 86400,
                                       description="agent handling time in seconds, if the help desk tracks it")


class GenericConversation(BaseModel):
    """A conversation as sent by any system; idempotent on (source, external_id) and message external ids."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    external_id: str = Field(min_length=1, max_length=200)
    channel: Literal["email", "chat", "web_form", "social", "api"] = "api"
    subject: str | None = Field(default=None, max_length=500)
    locale: str | None = Field(default=None, max_length=8, description="hint; the pipeline detects language")
    status: Literal["new", "open", "pending", "solved", "closed"] = "new"
    created_at: datetime
    customer: GenericCustomer
    category: str | None = Field(default=None, max_length=64, description="label set by an agent, if any")
    tags: list[str] = Field(default_factory=list, max_length=50)
    messages: list[GenericMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    outcome: GenericOutcome | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    _aware = field_validator("created_at")(_timezone_aware)

    @model_validator(mode="after")
    def _unique_message_ids(self) -> GenericConversation:
        seen: set[str] = set()
        for msg in self.messages:
            if msg.external_id in seen:
                raise ValueError(f"message external_id {msg.external_id!r} appears twice")
            seen.add(msg.external_id)
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, for documentation and integrators."""
    return GenericConversation.model_json_schema()
