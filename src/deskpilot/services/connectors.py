"""Connector instances: configure, test, sync (idempotent, cursor saved with each page), receive webhooks (verified,
replays ignored, processed through the job queue) and deliver outbox actions through the vendor."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from deskpilot.audit.events import ConnectorConfigured, ConnectorSynced, WebhookReceived
from deskpilot.connectors.actions import ActionAdapter
from deskpilot.connectors.base import Connector, ConnectorError
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.connectors.registry import connector_class
from deskpilot.domain.models import Action, Conversation
from deskpilot.services.ingest import ingest_into
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.storage.repositories.connectors import ConnectorInstance

WEBHOOK_JOB = "connector.webhook"


class ConnectorSettingsError(ValueError):
    """Settings a connector kind does not accept (the message lists what is wrong, never a secret)."""


@dataclass
class SyncReport:
    """What a sync read and stored."""

    connector: str
    pages: int = 0
    conversations: int = 0
    created: int = 0
    new_messages: int = 0
    cursor: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {"connector": self.connector, "pages": self.pages, "conversations": self.conversations,
                "created": self.created, "new_messages": self.new_messages, "cursor": self.cursor,
                "seconds": round(self.seconds, 2)}


@dataclass
class WebhookReceipt:
    """The answer to a webhook: accepted (queued) or a replay of one accepted before."""

    delivery_id: str
    duplicate: bool
    job_id: int | None = None
    external_ids: list[str] = field(default_factory=list)


class ConnectorService:
    """Everything done with configured connectors; each call owns its transaction."""

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        self._connectors: dict[str, tuple[dict[str, Any], Connector]] = {}

    def add(self, name: str, kind: str, settings: Mapping[str, Any], *, actor: str) -> ConnectorInstance:
        """Validate settings against the kind's schema and store the instance (secrets as references); audited."""
        cls = connector_class(kind)
        try:
            config = cls.config_model.model_validate(dict(settings))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise ConnectorSettingsError(f"{kind} settings: {problems}") from exc
        with self.db.uow() as uow:
            instance = uow.connectors.save(name, kind, config.stored())
            uow.audit.append(ConnectorConfigured(actor=actor, name=name, connector_kind=kind,
                                                 settings=config.public()))
            uow.commit()
        return instance

    def instances(self) -> list[ConnectorInstance]:
        """Every configured instance."""
        with self.db.reader() as uow:
            return uow.connectors.list()

    def connector(self, name: str) -> Connector:
        """The connector of an instance (LookupError when there is none), rebuilt when its settings changed."""
        with self.db.reader() as uow:
            instance = uow.connectors.get(name)
        if instance is None:
            raise LookupError(f"no connector instance {name!r}")
        cached = self._connectors.get(name)
        if cached is not None and cached[0] == instance.settings:
            return cached[1]
        cls = connector_class(instance.kind)
        connector = cls(name, cls.config_model.model_validate(instance.settings))
        self._connectors[name] = (instance.settings, connector)
        return connector

    def check(self, name: str) -> str:
        """One authenticated call to the vendor; ConnectorError when it fails."""
        return self.connector(name).check()

    def sync(self, name: str, *, since: datetime | None = None, actor: str = "system:sync",
             on_page: Callable[[SyncReport], None] | None = None, max_pages: int | None = None) -> SyncReport:
        """Read every page changed since the saved cursor (or ``since``), ingesting each page and saving the cursor
        after it in one transaction, so an interrupted sync resumes where it stopped and a repeated one adds
        nothing."""
        connector = self.connector(name)
        with self.db.reader() as uow:
            instance = uow.connectors.get(name)
        assert instance is not None
        report = SyncReport(name, cursor=None if since is not None else instance.cursor)
        started = time.perf_counter()
        while True:
            try:
                page = connector.fetch(report.cursor, since=since if report.pages == 0 else None)
            except ConnectorError as exc:
                with self.db.uow() as uow:
                    uow.connectors.set_error(name, str(exc))
                    uow.commit()
                raise
            with self.db.uow() as uow:
                for payload in page.conversations:
                    result = ingest_into(uow, payload, actor=f"connector:{name}")
                    report.created += result.created
                    report.new_messages += result.new_messages
                report.conversations += len(page.conversations)
                report.pages += 1
                report.cursor = page.cursor
                uow.connectors.set_cursor(name, page.cursor)
                uow.commit()
            if on_page:
                on_page(report)
            if not page.more or (max_pages is not None and report.pages >= max_pages):
                break
        report.seconds = time.perf_counter() - started
        with self.db.uow() as uow:
            uow.audit.append(ConnectorSynced(actor=actor, name=name, pages=report.pages,
                                             conversations=report.conversations, created=report.created,
                                             new_messages=report.new_messages))
            uow.commit()
        return report

    def receive_webhook(self, name: str, headers: Mapping[str, str], body: bytes) -> WebhookReceipt:
        """Verify and record a webhook and queue its processing (``WebhookRejected`` when it must be refused)."""
        connector = self.connector(name)
        lowered = {k.lower(): v for k, v in headers.items()}
        connector.verify_webhook(lowered, body, now=self.clock())
        event = connector.parse_webhook(lowered, body)
        with self.db.uow() as uow:
            if not uow.connectors.accept_delivery(name, event.delivery_id, event.kind):
                return WebhookReceipt(event.delivery_id, duplicate=True, external_ids=event.external_ids)
            job_id = uow.jobs.enqueue(WEBHOOK_JOB, {
                "connector": name, "external_ids": event.external_ids,
                "conversations": [c.model_dump(mode="json") for c in event.conversations]},
                dedupe_key=f"webhook:{name}:{event.delivery_id}")
            uow.audit.append(WebhookReceived(actor=f"connector:{name}", name=name, delivery_id=event.delivery_id,
                                             event=event.kind, external_ids=event.external_ids))
            uow.commit()
        return WebhookReceipt(event.delivery_id, duplicate=False, job_id=job_id, external_ids=event.external_ids)

    def process_webhook(self, uow: UnitOfWork, payload: Mapping[str, Any]) -> int:
        """Ingest what a queued webhook named (in the caller's transaction); returns the conversations stored."""
        name = str(payload["connector"])
        conversations = [GenericConversation.model_validate(c) for c in payload.get("conversations", [])]
        known = {c.external_id for c in conversations}
        connector = self.connector(name)
        conversations += [connector.get(str(e)) for e in payload.get("external_ids", []) if str(e) not in known]
        for conversation in conversations:
            ingest_into(uow, conversation, actor=f"connector:{name}")
        return len(conversations)


class ConnectorTarget:
    """Delivers outbox actions through the connector a conversation came from."""

    def __init__(self, service: ConnectorService, name: str) -> None:
        self.service = service
        self.name = name

    def deliver(self, uow: UnitOfWork, conversation: Conversation, action: Action) -> str:
        """Reply, note or tag through the vendor, once per idempotency key."""
        connector = self.service.connector(self.name)
        text = str(action.payload.get("text", ""))
        if action.kind == "reply":
            return connector.post_reply(conversation.external_id, text, idempotency_key=action.idempotency_key)
        if action.kind == "note":
            return connector.add_note(conversation.external_id, text, idempotency_key=action.idempotency_key)
        if action.kind == "tag":
            connector.update(conversation.external_id, tags=[str(t) for t in action.payload.get("tags", [])])
            return f"tags:{conversation.external_id}"
        if isinstance(connector, ActionAdapter) and action.kind in connector.action_kinds:
            return connector.perform_action(
                action.kind, action.payload,
                conversation={"source": conversation.source, "external_id": conversation.external_id},
                idempotency_key=action.idempotency_key, lineage=action.lineage)
        raise ConnectorError(f"connector {self.name} cannot perform {action.kind!r} actions")
