"""The contract every connector's tests inherit: reading, idempotent sync, replies and notes, fields, exactly-once
delivery through the outbox despite vendor failures, rate limits, and verified, replay-proof webhooks.

A connector's test module provides two fixtures and inherits the mixin::

    class TestZendesk(ConnectorContract):
        kind = "zendesk"

        @pytest.fixture
        def vendor(self) -> Iterator[VendorHarness]:
            with zendesk_server() as server:
                yield server

        @pytest.fixture
        def connector_settings(self, vendor, monkeypatch) -> dict[str, object]:
            monkeypatch.setenv("ZD_TOKEN", "t0ken")
            return {"base_url": vendor.base_url, "email": "bot@example.com", "api_token": "env:ZD_TOKEN", ...}

The harness is a local HTTP server speaking the vendor's documented wire format (auth, pagination, errors with
``Retry-After``, webhook signatures) with recorded payloads in the vendor's exact shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pytest

from deskpilot.connectors.base import Connector, Pacing, WebhookRejected
from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Action
from deskpilot.services.connectors import ConnectorService
from deskpilot.services.deliver import DeliveryService
from deskpilot.storage.database import Database
from deskpilot.testing.databases import migrated_database, sqlite_url

INSTANCE = "vendor-under-test"


class VendorHarness(Protocol):
    """A local server speaking one vendor's wire format, with its state open to the tests."""

    base_url: str

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """Create a conversation opened by a customer."""

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The customer writes again."""

    def public_replies(self, external_id: str) -> list[str]:
        """Texts of the public replies posted by agents (or deskpilot)."""

    def notes(self, external_id: str) -> list[str]:
        """Texts of the internal notes."""

    def tags(self, external_id: str) -> list[str]:
        """The conversation's tags."""

    def status(self, external_id: str) -> str | None:
        """The conversation's status in the vendor's vocabulary."""

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` write calls; with ``after_write`` the write happens before the error."""

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """Headers and body of a webhook about a conversation, signed as the vendor signs them."""


def _http(connector: Connector) -> Pacing:
    return connector.pacing()


class ConnectorContract:
    """Inherit in a connector's tests; provide the ``vendor`` and ``connector_settings`` fixtures and ``kind``."""

    kind: ClassVar[str]
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    @pytest.fixture
    def db(self, tmp_path: Path) -> Iterator[Database]:
        """A migrated scratch database."""
        database = migrated_database(sqlite_url(tmp_path))
        yield database
        database.dispose()

    @pytest.fixture
    def service(self, db: Database, connector_settings: dict[str, Any]) -> ConnectorService:
        """The connector service with the instance under test configured."""
        service = ConnectorService(db, clock=lambda: (self.now + timedelta(seconds=30)).timestamp())
        service.add(INSTANCE, self.kind, connector_settings, actor="test")
        _http(service.connector(INSTANCE)).sleep = lambda _: None
        return service

    def _requires(self, service: ConnectorService, capability: str) -> None:
        if not getattr(service.connector(INSTANCE), capability):
            pytest.skip(f"{self.kind} has no {capability.removeprefix('supports_')}")

    def _seed(self, vendor: VendorHarness, count: int = 3) -> list[str]:
        ids = [f"{1000 + n}" for n in range(count)]
        for n, external_id in enumerate(ids):
            vendor.seed(external_id, f"Hello, where is my order W{n}? Thanks, Ana", email=f"ana{n}@example.com",
                        created_at=self.now - timedelta(hours=count - n))
        return ids

    def test_fetch_maps_the_vendor_payloads_into_conversations(self, vendor: VendorHarness,
                                                               service: ConnectorService) -> None:
        ids = self._seed(vendor)
        connector = service.connector(INSTANCE)
        seen, cursor, pages = {}, None, 0
        while True:
            page = connector.fetch(cursor, since=self.now - timedelta(days=1))
            pages += 1
            seen.update({c.external_id: c for c in page.conversations})
            cursor = page.cursor
            if not page.more:
                break
            assert pages < 50, "pagination never ends"
        assert set(ids) <= set(seen)
        first = seen[ids[0]]
        assert first.source == INSTANCE and first.messages[0].author_role == "customer"
        assert "order W0" in first.messages[0].body and first.customer.email == "ana0@example.com"
        assert first.created_at.tzinfo is not None

    def test_sync_is_idempotent_and_resumes_from_its_cursor(self, vendor: VendorHarness, db: Database,
                                                           service: ConnectorService) -> None:
        ids = self._seed(vendor)
        first = service.sync(INSTANCE, since=self.now - timedelta(days=1))
        assert first.created == len(ids) and first.new_messages >= len(ids)
        again = service.sync(INSTANCE)
        assert again.created == 0 and again.new_messages == 0
        vendor.add_customer_message(ids[1], "Any news on this?", at=self.now + timedelta(minutes=5))
        later = service.sync(INSTANCE)
        assert later.created == 0 and later.new_messages == 1
        with db.reader() as uow:
            assert uow.connectors.get(INSTANCE).cursor is not None  # type: ignore[union-attr]
            stored = uow.conversations.get_by_external(INSTANCE, ids[1])
        assert stored is not None and stored.messages[-1].body.startswith("Any news")

    def test_reply_is_public_note_is_internal_and_fields_are_set(self, vendor: VendorHarness,
                                                                service: ConnectorService) -> None:
        self._requires(service, "supports_notes")
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        reply = connector.post_reply(external_id, "Your order ships today.", idempotency_key="k-reply")
        note = connector.add_note(external_id, "Checked the warehouse.", idempotency_key="k-note")
        assert reply and note
        assert vendor.public_replies(external_id) == ["Your order ships today."]
        assert vendor.notes(external_id) == ["Checked the warehouse."]
        connector.update(external_id, status="solved", tags=["deskpilot", "orders"])
        assert set(vendor.tags(external_id)) >= {"deskpilot", "orders"}
        assert vendor.status(external_id) is not None
        fetched = connector.get(external_id)
        public = [m for m in fetched.messages if m.public and m.author_role != "customer"]
        assert any(m.body.strip() == "Your order ships today." for m in public)
        assert any(not m.public and "warehouse" in m.body for m in fetched.messages)

    def test_a_reply_retried_after_failures_exists_exactly_once(self, vendor: VendorHarness,
                                                                service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        vendor.fail_writes(2, status=500)
        connector.post_reply(external_id, "First answer.", idempotency_key="k-1")
        assert vendor.public_replies(external_id) == ["First answer."]
        vendor.fail_writes(1, status=502, after_write=True)  # written, but the caller never hears so
        connector.post_reply(external_id, "Second answer.", idempotency_key="k-2")
        connector.post_reply(external_id, "Second answer.", idempotency_key="k-2")  # the outbox retries
        assert vendor.public_replies(external_id) == ["First answer.", "Second answer."]

    def test_rate_limits_are_respected(self, vendor: VendorHarness, service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        waits: list[float] = []
        _http(connector).sleep = waits.append
        vendor.fail_writes(1, status=429, headers={"Retry-After": "7"})
        connector.post_reply(external_id, "Noted.", idempotency_key="k-rate")
        assert 7.0 in waits and vendor.public_replies(external_id) == ["Noted."]

    def test_the_outbox_delivers_a_reply_once(self, vendor: VendorHarness, db: Database,
                                              service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        service.sync(INSTANCE, since=self.now - timedelta(days=1))
        with db.uow() as uow:
            conversation = uow.conversations.get_by_external(INSTANCE, external_id)
            assert conversation is not None and conversation.id is not None
            action = uow.actions.add(Action(conversation_id=conversation.id, kind="reply",
                                            payload={"text": "It ships today.", "author_role": "ai"},
                                            idempotency_key=f"reply:{conversation.id}:1", lineage={}))
            uow.commit()
        delivery = DeliveryService(connectors=service)
        vendor.fail_writes(1, status=503, after_write=True)
        for _ in range(2):  # the first attempt's result is unknown to the job: it runs again
            with db.uow() as uow:
                try:
                    delivery.deliver(uow, action.id or 0)
                    uow.commit()
                except Exception:  # noqa: BLE001 - the job queue would retry
                    uow.rollback()
        with db.reader() as uow:
            stored = uow.actions.get(action.id or 0)
        assert stored is not None and stored.status == ActionStatus.SENT and stored.external_ref
        assert vendor.public_replies(external_id) == ["It ships today."]

    def test_webhooks_are_verified_and_replays_change_nothing(self, vendor: VendorHarness, db: Database,
                                                               service: ConnectorService) -> None:
        self._requires(service, "supports_webhooks")
        external_id = self._seed(vendor, 1)[0]
        headers, body = vendor.signed_webhook(external_id, delivery_id="evt-1", at=self.now)
        receipt = service.receive_webhook(INSTANCE, headers, body)
        assert not receipt.duplicate and receipt.job_id is not None and external_id in receipt.external_ids
        assert service.receive_webhook(INSTANCE, headers, body).duplicate
        with pytest.raises(WebhookRejected):
            service.receive_webhook(INSTANCE, headers, body.replace(b"1", b"2", 1) + b" ")
        forged_headers, forged = vendor.signed_webhook(external_id, delivery_id="evt-2", at=self.now,
                                                       secret="not-the-secret")
        with pytest.raises(WebhookRejected):
            service.receive_webhook(INSTANCE, forged_headers, forged)
        stale_headers, stale = vendor.signed_webhook(external_id, delivery_id="evt-3",
                                                     at=self.now - timedelta(hours=2))
        with pytest.raises(WebhookRejected):
            service.receive_webhook(INSTANCE, stale_headers, stale)
        with db.uow() as uow:
            job = uow.jobs.get(receipt.job_id or 0)
            assert job is not None
            assert service.process_webhook(uow, job.payload) >= 1
            uow.commit()
        with db.reader() as uow:
            assert uow.conversations.get_by_external(INSTANCE, external_id) is not None
