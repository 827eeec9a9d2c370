"""The one capability every help-desk connector provides: read conversations, write replies, notes and fields back,
and verify and parse the vendor's webhooks.

A connector maps the vendor's payloads into the generic conversation model (``GenericConversation``, the same
format the ingest API takes) and back. It is configured by a Pydantic model whose secrets are ``SecretStr`` fields
holding references (``env:NAME`` / ``file:/path``), read only when a call needs them. Concrete connectors declare
``kind``, ``title``, ``version`` and ``config_model`` and are registered under the ``deskpilot.connectors`` entry
point group; ``deskpilot.testing.connectors`` holds the contract tests every one of them inherits.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, SecretStr, field_validator

from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.secrets import is_reference, resolve_secret


class ConnectorError(RuntimeError):
    """A vendor call that failed for good (after retries): ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class Pacing:
    """How a connector waits before retrying: ``sleep`` (replaceable in tests) and every pause taken."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self.sleep = sleep
        self.waits: list[float] = []

    def pause(self, seconds: float) -> None:
        """Wait, and remember having waited."""
        self.waits.append(seconds)
        self.sleep(seconds)


class WebhookRejected(ValueError):
    """A webhook that must not be processed: bad or missing signature, stale timestamp, unparseable body."""

    def __init__(self, reason: str, *, status: int = 401) -> None:
        super().__init__(reason)
        self.status = status


class ConnectorConfig(BaseModel):
    """Base of every connector's settings. Secret fields are ``SecretStr`` holding a reference, never a value."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _secrets_are_references(cls, value: Any) -> Any:
        if isinstance(value, SecretStr) and value.get_secret_value() and not is_reference(value.get_secret_value()):
            raise ValueError("secrets are stored as references: env:NAME or file:/path")
        return value

    def secret(self, name: str) -> str:
        """The value a secret field's reference points at (read now, never stored)."""
        value = getattr(self, name)
        if not isinstance(value, SecretStr):
            raise TypeError(f"{name} is not a secret field")
        resolved = resolve_secret(value.get_secret_value())
        if resolved is None:
            raise ConnectorError(f"the secret {name} is not configured")
        return resolved

    def public(self) -> dict[str, Any]:
        """The settings safe to show: secret fields appear as ``**********`` (their references are not echoed)."""
        return {k: ("**********" if isinstance(v, SecretStr) and v.get_secret_value() else v)
                for k, v in self.model_dump().items()}

    def stored(self) -> dict[str, Any]:
        """The settings as stored: secret fields keep their references."""
        return {k: (v.get_secret_value() if isinstance(v, SecretStr) else v) for k, v in self if v is not None}


@dataclass
class FetchPage:
    """One page of conversations changed since a cursor, and the cursor to resume after it."""

    conversations: list[GenericConversation]
    cursor: str | None
    more: bool


@dataclass
class WebhookEvent:
    """A verified webhook: the vendor's delivery id (replays are ignored), what happened and to which conversations;
    ``conversations`` holds them when the payload carries whole conversations, else they are fetched."""

    delivery_id: str
    kind: str
    external_ids: list[str]
    conversations: list[GenericConversation] = field(default_factory=list)


def exactly_once(find: Callable[[], str | None], create: Callable[[], str], *, attempts: int = 3) -> str:
    """Write something once per idempotency key: look for an earlier write first, and after a failure whose outcome
    is unknown (time-out, 5xx) look again before writing again."""
    last: ConnectorError | None = None
    for _ in range(attempts):
        found = find()
        if found is not None:
            return found
        try:
            return create()
        except ConnectorError as exc:
            if not exc.retryable:
                raise
            last = exc
    found = find()
    if found is not None:
        return found
    assert last is not None
    raise last


class Connector(ABC):
    """A help desk deskpilot reads conversations from and writes replies to."""

    kind: ClassVar[str]
    title: ClassVar[str]
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[ConnectorConfig]]
    webhook_tolerance_s: ClassVar[float] = 300.0  # older signed timestamps are replays
    supports_notes: ClassVar[bool] = True  # internal notes (e-mail has none)
    supports_webhooks: ClassVar[bool] = True  # pushes changes (e-mail is polled)

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        self.name = name
        self.config = config

    @abstractmethod
    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """Conversations changed since the cursor (or since a moment when there is no cursor yet), one page."""

    @abstractmethod
    def get(self, external_id: str) -> GenericConversation:
        """One conversation with all its messages."""

    @abstractmethod
    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Post a public reply once per idempotency key (a retry finds the earlier one); returns its reference."""

    @abstractmethod
    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add an internal note once per idempotency key; returns its reference."""

    @abstractmethod
    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Set the status, tags and custom fields of a conversation."""

    @abstractmethod
    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Raise WebhookRejected unless the vendor signed this body recently enough."""

    @abstractmethod
    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """What a verified webhook says (WebhookRejected with status 400 when it cannot be read)."""

    def pacing(self) -> Pacing:
        """What paces this connector's retries: its HTTP client (``self.http``) unless it says otherwise."""
        http = getattr(self, "http", None)
        if not isinstance(http, Pacing):
            raise TypeError(f"{type(self).__name__} keeps no VendorHttp as .http: override pacing()")
        return http

    def check(self) -> str:
        """A cheap authenticated call proving the settings work; returns what it saw."""
        page = self.fetch(None)
        return f"{len(page.conversations)} conversation(s) on the first page"
