"""The generic bridge: deskpilot's own small HTTP protocol for in-house systems and queue bridges (see
``docs/bridge.md``, JSON Schema from ``deskpilot.connectors.generic.schema``).

The in-house system serves, under ``base_url`` and with ``Authorization: Bearer <token>``:

* ``GET /conversations?updated_since=ISO&cursor=C&limit=N`` → ``{"conversations": [...], "next_cursor": C,
  "has_more": bool}`` with conversations in the generic format, oldest change first; ``next_cursor`` is where to
  resume (also after the last page);
* ``GET /conversations/{external_id}`` → one conversation;
* ``POST /conversations/{external_id}/messages`` ``{"text", "public", "idempotency_key"}`` (also sent as the
  ``Idempotency-Key`` header) → ``{"id": …}``, and ``GET /conversations/{external_id}/messages?idempotency_key=K``
  → ``{"messages": [{"id", …}]}`` so a retry finds an earlier write;
* ``PATCH /conversations/{external_id}`` ``{"status", "tags", "fields"}``;
* business actions (refund, credit, cancel, exchange): ``POST /actions`` ``{"kind", "payload", "conversation":
  {"source", "external_id"}, "idempotency_key", "lineage"}`` → ``{"id": …}`` and ``GET /actions?idempotency_key=K``
  → ``{"actions": [{"id", …}]}``.

It pushes changes to ``POST /webhooks/{instance}`` with ``X-Deskpilot-Timestamp`` (unix seconds) and
``X-Deskpilot-Signature: v1=<hex HMAC-SHA256(secret, "{timestamp}.{raw body}")>``; the body is
``{"id": delivery id, "type": …, "conversations": [...]}`` and/or ``"external_ids": [...]``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field, SecretStr, ValidationError

from deskpilot.connectors.base import (
    Connector,
    ConnectorConfig,
    ConnectorError,
    FetchPage,
    WebhookEvent,
    WebhookRejected,
    exactly_once,
)
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.connectors.http import VendorHttp

SIGNATURE = "x-deskpilot-signature"
TIMESTAMP = "x-deskpilot-timestamp"


class BridgeConfig(ConnectorConfig):
    """Where the in-house system is and the secrets it shares with deskpilot (as references)."""

    base_url: str = Field(min_length=1, description="the in-house system's API, e.g. https://crm.internal/deskpilot")
    token: SecretStr = Field(description="bearer token reference, env:NAME or file:/path")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC secret reference for pushed webhooks")
    timeout_s: float = Field(default=20.0, gt=0)
    page_size: int = Field(default=100, ge=1, le=500)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Deskpilot-Signature`` value of a body sent at a timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


class BridgeConnector(Connector):
    """Conversations from an in-house system that speaks the generic bridge protocol."""

    kind: ClassVar[str] = "generic"
    title: ClassVar[str] = "Generic JSON bridge"
    config_model: ClassVar[type[ConnectorConfig]] = BridgeConfig
    action_kinds: ClassVar[frozenset[str]] = frozenset({"refund", "credit", "cancel", "exchange"})

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        super().__init__(name, config)
        assert isinstance(config, BridgeConfig)
        self.settings = config
        self.http = VendorHttp(config.base_url, headers={"Authorization": f"Bearer {config.secret('token')}",
                                                         "Accept": "application/json"},
                               timeout_s=config.timeout_s)

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One page of conversations changed since the cursor (or ``since``)."""
        params: dict[str, Any] = {"limit": self.settings.page_size}
        if cursor:
            params["cursor"] = cursor
        elif since is not None:
            params["updated_since"] = since.isoformat()
        data = self.http.json("GET", "/conversations", params=params)
        conversations = [self._conversation(c) for c in data.get("conversations", [])]
        return FetchPage(conversations, data.get("next_cursor") or cursor, bool(data.get("has_more")))

    def get(self, external_id: str) -> GenericConversation:
        """One conversation."""
        return self._conversation(self.http.json("GET", f"/conversations/{external_id}"))

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """A public message, once per idempotency key."""
        return self._message(external_id, text, idempotency_key, public=True)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """An internal message, once per idempotency key."""
        return self._message(external_id, text, idempotency_key, public=False)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Status, tags and fields in one PATCH (only what is given)."""
        body = {k: v for k, v in (("status", status), ("tags", tags), ("fields", dict(fields or {}) or None))
                if v is not None}
        if body:
            self.http.request("PATCH", f"/conversations/{external_id}", json=body, idempotent=True)

    def perform_action(self, kind: str, payload: Mapping[str, Any], *, conversation: Mapping[str, str],
                       idempotency_key: str, lineage: Mapping[str, Any]) -> str:
        """A business action, once per idempotency key, with the conversation it answers and its lineage."""
        if kind not in self.action_kinds:
            raise ConnectorError(f"{self.name} cannot perform {kind!r} actions")

        def find() -> str | None:
            found = self.http.json("GET", "/actions", params={"idempotency_key": idempotency_key}).get("actions", [])
            return str(found[0]["id"]) if found else None

        def create() -> str:
            body = {"kind": kind, "payload": dict(payload), "conversation": dict(conversation),
                    "idempotency_key": idempotency_key, "lineage": dict(lineage)}
            created = self.http.json("POST", "/actions", json=body, headers={"Idempotency-Key": idempotency_key})
            return str(created["id"])

        return exactly_once(find, create)

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """HMAC-SHA256 over ``timestamp.body`` within the tolerance window."""
        if self.settings.webhook_secret is None:
            raise WebhookRejected("this instance has no webhook secret configured")
        timestamp, signature = headers.get(TIMESTAMP, ""), headers.get(SIGNATURE, "")
        if not timestamp.isdigit() or not signature:
            raise WebhookRejected(f"missing {TIMESTAMP} or {SIGNATURE} header")
        if abs(now - int(timestamp)) > self.webhook_tolerance_s:
            raise WebhookRejected("stale or future timestamp")
        expected = sign(self.settings.secret("webhook_secret"), timestamp, body)
        if not hmac.compare_digest(expected, signature):
            raise WebhookRejected("signature does not match")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The delivery id, event type, conversations carried and ids named."""
        try:
            data = json.loads(body)
            conversations = [self._conversation(c) for c in data.get("conversations", [])]
        except (ValueError, ValidationError, AttributeError) as exc:
            raise WebhookRejected(f"unreadable webhook body: {exc}", status=400) from exc
        if not isinstance(data.get("id"), str) or not data["id"]:
            raise WebhookRejected("webhook body has no delivery id", status=400)
        named = [str(e) for e in data.get("external_ids", [])]
        ids = list(dict.fromkeys([*(c.external_id for c in conversations), *named]))
        return WebhookEvent(data["id"], str(data.get("type", "conversation.updated")), ids, conversations)

    def _conversation(self, data: Mapping[str, Any]) -> GenericConversation:
        """A conversation of the bridge format, attributed to this instance."""
        try:
            return GenericConversation.model_validate({**data, "source": self.name})
        except ValidationError as exc:
            raise ConnectorError(f"{self.name}: a conversation does not follow the generic format: {exc}") from exc

    def _message(self, external_id: str, text: str, key: str, *, public: bool) -> str:
        path = f"/conversations/{external_id}/messages"

        def find() -> str | None:
            found = self.http.json("GET", path, params={"idempotency_key": key}).get("messages", [])
            return str(found[0]["id"]) if found else None

        def create() -> str:
            created = self.http.json("POST", path, json={"text": text, "public": public, "idempotency_key": key},
                                     headers={"Idempotency-Key": key})
            return str(created["id"])

        return exactly_once(find, create)
