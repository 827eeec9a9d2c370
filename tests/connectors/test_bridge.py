"""The generic bridge connector against a local in-house system speaking its protocol."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from deskpilot.connectors.base import WebhookRejected
from deskpilot.connectors.bridge import BridgeConfig, BridgeConnector
from deskpilot.connectors.registry import registry
from deskpilot.testing.connectors import ConnectorContract
from deskpilot.testing.vendors.bridge import SECRET, TOKEN, BridgeState, bridge_server


class TestBridge(ConnectorContract):
    kind = "generic"

    @pytest.fixture
    def vendor(self) -> Iterator[BridgeState]:
        with bridge_server() as server:
            yield server

    @pytest.fixture
    def connector_settings(self, vendor: BridgeState, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
        monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
        monkeypatch.setenv("BRIDGE_SECRET", SECRET)
        return {"base_url": vendor.base_url, "token": "env:BRIDGE_TOKEN", "webhook_secret": "env:BRIDGE_SECRET",
                "page_size": 2}


def test_the_bridge_is_registered_through_its_entry_point() -> None:
    assert registry().kinds["generic"] is BridgeConnector


def test_settings_refuse_a_raw_secret_and_never_show_references(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="references"):
        BridgeConfig(base_url="http://x", token="sk-live-123")  # type: ignore[arg-type]
    config = BridgeConfig(base_url="http://x", token="env:BRIDGE_TOKEN")  # type: ignore[arg-type]
    assert config.public()["token"] == "**********" and config.stored()["token"] == "env:BRIDGE_TOKEN"
    assert "BRIDGE_TOKEN" not in repr(config)


def test_a_pushed_conversation_is_carried_in_the_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
    monkeypatch.setenv("BRIDGE_SECRET", SECRET)
    connector = BridgeConnector("crm", BridgeConfig.model_validate(
        {"base_url": "http://127.0.0.1:9", "token": "env:BRIDGE_TOKEN", "webhook_secret": "env:BRIDGE_SECRET"}))
    conversation = {"external_id": "c-9", "created_at": "2026-11-20T09:00:00+00:00",
                    "customer": {"external_id": "u-1", "email": "u@example.com"},
                    "messages": [{"external_id": "m-1", "author_role": "customer", "body": "Hello",
                                  "created_at": "2026-11-20T09:00:00+00:00"}]}
    body = json.dumps({"id": "push-1", "type": "conversation.created", "conversations": [conversation]}).encode()
    now = datetime(2026, 11, 20, 9, 1, tzinfo=UTC).timestamp()
    from deskpilot.connectors.bridge import sign

    headers = {"x-deskpilot-timestamp": str(int(now)), "x-deskpilot-signature": sign(SECRET, str(int(now)), body)}
    connector.verify_webhook(headers, body, now=now)
    event = connector.parse_webhook(headers, body)
    assert event.delivery_id == "push-1" and event.external_ids == ["c-9"]
    assert event.conversations[0].source == "crm"
    with pytest.raises(WebhookRejected) as unreadable:
        connector.parse_webhook(headers, b"{not json")
    assert unreadable.value.status == 400


def test_cli_adds_tests_syncs_and_lists_an_instance(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from deskpilot.cli import app
    from deskpilot.config import get_settings
    from deskpilot.testing.databases import migrated_database, sqlite_url

    url = sqlite_url(tmp_path)
    migrated_database(url).dispose()
    monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
    env = {"DESKPILOT_DATABASE_URL": url}
    with bridge_server() as vendor:
        vendor.seed("c-1", "Where is my parcel?", email="ana@example.com",
                    created_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
        get_settings.cache_clear()
        try:
            runner = CliRunner()
            raw = runner.invoke(app, ["connectors", "add", "generic", "--name", "crm", "--set",
                                      f"base_url={vendor.base_url}", "--set", "token=sk-raw-secret"], env=env)
            added = runner.invoke(app, ["connectors", "add", "generic", "--name", "crm", "--set",
                                        f"base_url={vendor.base_url}", "--set", "token=env:BRIDGE_TOKEN"], env=env)
            checked = runner.invoke(app, ["connectors", "test", "crm"], env=env)
            synced = runner.invoke(app, ["connectors", "sync", "crm", "--since", "2026-11-01", "--json"], env=env)
            listed = runner.invoke(app, ["connectors", "list", "--json"], env=env)
        finally:
            get_settings.cache_clear()
    assert raw.exit_code == 1 and "references" in raw.output and "sk-raw-secret" not in raw.output
    assert added.exit_code == 0, added.output
    assert checked.exit_code == 0 and "OK" in checked.stdout
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.stdout)["created"] == 1
    data = json.loads(listed.stdout)
    assert "generic" in {k["kind"] for k in data["kinds"]}
    assert [(i["name"], i["kind"]) for i in data["instances"]] == [("crm", "generic")]
    assert "BRIDGE_TOKEN" not in listed.stdout  # settings (and their references) are never printed


def test_webhooks_over_http_are_acknowledged_then_processed_by_a_worker(tmp_path: Any,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    from deskpilot.api.app import create_app
    from deskpilot.config import Settings
    from deskpilot.jobs.registry import load_handlers
    from deskpilot.jobs.worker import Worker
    from deskpilot.services.connectors import WEBHOOK_JOB, ConnectorService
    from deskpilot.testing.databases import migrated_database, sqlite_url
    from deskpilot.testing.servers import running_server

    monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
    monkeypatch.setenv("BRIDGE_SECRET", SECRET)
    url = sqlite_url(tmp_path)
    db = migrated_database(url)
    settings = Settings(database_url=url, environment="test")  # webhooks answer with sign-in required too
    with bridge_server() as vendor, running_server(create_app(settings, db=db)) as base:
        vendor.seed("c-7", "My invoice is wrong.", email="ben@example.com", created_at=datetime.now(UTC))
        ConnectorService(db).add("crm", "generic", {"base_url": vendor.base_url, "token": "env:BRIDGE_TOKEN",
                                                    "webhook_secret": "env:BRIDGE_SECRET"}, actor="test")
        headers, body = vendor.signed_webhook("c-7", delivery_id="d-1", at=datetime.now(UTC))
        accepted = httpx.post(f"{base}/webhooks/crm", content=body, headers=headers)
        replay = httpx.post(f"{base}/webhooks/crm", content=body, headers=headers)
        forged = httpx.post(f"{base}/webhooks/crm", content=body, headers={**headers, "X-Deskpilot-Signature": "v1=0"})
        unknown = httpx.post(f"{base}/webhooks/nobody", content=body, headers=headers)
        handled = Worker(db, settings, handlers={WEBHOOK_JOB: load_handlers()[WEBHOOK_JOB]}).run(drain=True)
    assert accepted.status_code == 202 and accepted.json()["queued"] is True
    assert replay.status_code == 202 and replay.json()["duplicate"] is True
    assert forged.status_code == 401 and unknown.status_code == 404
    assert handled == 1
    with db.reader() as uow:
        stored = uow.conversations.get_by_external("crm", "c-7")
    assert stored is not None and stored.messages[0].body == "My invoice is wrong."
    db.dispose()


def test_a_delivery_that_keeps_failing_is_marked_failed_and_audited_and_nothing_is_lost(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskpilot.config import Settings
    from deskpilot.domain.enums import ActionStatus
    from deskpilot.domain.models import Action
    from deskpilot.jobs.registry import load_handlers
    from deskpilot.jobs.worker import Worker
    from deskpilot.services.connectors import ConnectorService
    from deskpilot.services.process import DELIVER_JOB
    from deskpilot.testing.databases import migrated_database, sqlite_url

    monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
    url = sqlite_url(tmp_path)
    db = migrated_database(url)
    settings = Settings(database_url=url, environment="test", job_backoff_seconds=0.0, job_max_attempts=3,
                        auth_required=False)
    with bridge_server() as vendor:
        vendor.seed("c-3", "Cancel my order please.", email="eva@example.com", created_at=datetime.now(UTC))
        service = ConnectorService(db)
        service.add("crm", "generic", {"base_url": vendor.base_url, "token": "env:BRIDGE_TOKEN"}, actor="test")
        service.sync("crm", since=datetime(2026, 1, 1, tzinfo=UTC))
        vendor.fail_writes(100, status=500)
        with db.uow() as uow:
            conversation = uow.conversations.get_by_external("crm", "c-3")
            assert conversation is not None and conversation.id is not None
            action = uow.actions.add(Action(conversation_id=conversation.id, kind="reply", idempotency_key="r-c3",
                                            payload={"text": "Cancelled.", "author_role": "ai"}))
            uow.jobs.enqueue(DELIVER_JOB, {"action_id": action.id, "conversation_id": conversation.id},
                             max_attempts=3)
            uow.commit()
        worker = Worker(db, settings, handlers={DELIVER_JOB: load_handlers()[DELIVER_JOB]},
                        services={"connectors": service})
        handled = worker.run(drain=True)
    assert handled == 3 and vendor.public_replies("c-3") == []
    with db.reader() as uow:
        stored = uow.actions.get(action.id or 0)
        events = [e.kind for e in uow.audit.for_conversation(conversation.id)]
        kept = uow.conversations.get(conversation.id)
    assert stored is not None and stored.status == ActionStatus.FAILED and "HTTP 500" in (stored.last_error or "")
    assert stored.attempts == 3
    assert events.count("action.failed") == 4 and "job.dead" in events  # three attempts, then the give-up
    assert kept is not None and kept.messages  # the conversation and its thread are still there
    import httpx

    from deskpilot.api.app import create_app
    from deskpilot.testing.servers import running_server

    with running_server(create_app(settings, db=db)) as base:
        overview = httpx.get(f"{base}/").text
        page = httpx.get(f"{base}/conversations/{conversation.id}").text
    assert "Deliveries that did not go out" in overview and f"/conversations/{conversation.id}" in overview
    assert "HTTP 500" in overview and "Outbox" in page and "failed" in page
    db.dispose()


def test_business_actions_go_to_the_action_connector_once_with_their_lineage(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskpilot.connectors.actions import ACTIONS_SETTING
    from deskpilot.connectors.base import ConnectorError
    from deskpilot.connectors.generic.schema import GenericConversation
    from deskpilot.domain.enums import ActionStatus
    from deskpilot.services.connectors import ConnectorService
    from deskpilot.services.deliver import DeliveryService
    from deskpilot.services.ingest import IngestService
    from deskpilot.services.process import queue_action
    from deskpilot.testing.databases import migrated_database, sqlite_url

    monkeypatch.setenv("BRIDGE_TOKEN", TOKEN)
    db = migrated_database(sqlite_url(tmp_path))
    IngestService(db).ingest(GenericConversation.model_validate({
        "source": "shop-chat", "external_id": "chat-5", "created_at": "2026-11-20T09:00:00+00:00",
        "customer": {"external_id": "u-5", "email": "ada@example.com"},
        "messages": [{"external_id": "m1", "author_role": "customer", "body": "Please refund order W5.",
                      "created_at": "2026-11-20T09:00:00+00:00"}]}), actor="test")
    lineage = {"draft_id": 41, "clauses": ["en/refunds#2.1@v3"], "policy_version": "lumio@v2"}
    with bridge_server() as orders:
        service = ConnectorService(db)
        service.add("orders", "generic", {"base_url": orders.base_url, "token": "env:BRIDGE_TOKEN"}, actor="test")
        with db.uow() as uow:
            conversation = uow.conversations.get_by_external("shop-chat", "chat-5")
            assert conversation is not None and conversation.id is not None
            refund = queue_action(uow, conversation_id=conversation.id, kind="refund",
                                  payload={"order_id": "W5", "amount": "29.90", "currency": "EUR"},
                                  idempotency_key="refund:W5:1", lineage=lineage, approver="agent:li")
            gift = queue_action(uow, conversation_id=conversation.id, kind="giftcard", payload={},
                                idempotency_key="gift:1", lineage={}, approver="agent:li")
            uow.commit()
        delivery = DeliveryService(connectors=service)
        with db.uow() as uow, pytest.raises(LookupError, match=ACTIONS_SETTING):
            delivery.deliver(uow, refund.id or 0)  # no action connector configured yet
        with db.uow() as uow:
            uow.workspace.set(ACTIONS_SETTING, "orders")
            uow.commit()
        orders.fail_writes(1, status=503, after_write=True)  # performed, but the answer is lost
        for _ in range(2):
            with db.uow() as uow:
                try:
                    delivery.deliver(uow, refund.id or 0)
                    uow.commit()
                except ConnectorError:
                    uow.rollback()
        with db.uow() as uow, pytest.raises(ConnectorError, match="giftcard"):
            delivery.deliver(uow, gift.id or 0)
        performed = list(orders.actions)
    assert len(performed) == 1
    assert performed[0]["kind"] == "refund" and performed[0]["payload"]["order_id"] == "W5"
    assert performed[0]["conversation"] == {"source": "shop-chat", "external_id": "chat-5"}
    assert performed[0]["lineage"] == {**lineage, "approver": "agent:li"}
    with db.reader() as uow:
        stored = uow.actions.get(refund.id or 0)
        queued = [e for e in uow.audit.for_conversation(conversation.id) if e.kind == "action.queued"]
    assert stored is not None and stored.status == ActionStatus.SENT and stored.external_ref == "act-1"
    assert len(queued) == 2
    db.dispose()
