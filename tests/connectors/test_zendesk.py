"""The Zendesk Support connector against a local server speaking Zendesk's wire format: the connector contract, the
mapping of recorded Zendesk payloads, both pagination styles, Retry-After, audit-metadata idempotency keys, custom
fields, webhook signatures and event types, and settings validation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.zendesk import ZendeskConfig, ZendeskConnector
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.storage.database import Database
from deskpilot.testing.connectors import ConnectorContract, VendorHarness
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.vendors.zendesk import ZendeskServer, sign, zendesk_server

PAYLOADS = Path(__file__).parent / "payloads" / "zendesk"
TOKEN_ENV = "DESKPILOT_TEST_ZENDESK_TOKEN"
SECRET_ENV = "DESKPILOT_TEST_ZENDESK_WEBHOOK_SECRET"
FIELD_IDS = {"order_number": 360012345678, "category": 360012345679, "escalation_reason": 360012345680}
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def recorded(name: str) -> dict[str, Any]:
    """A recorded Zendesk payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def settings(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch, **extra: Any) -> dict[str, Any]:
    """Connector settings for the local server, secrets as env references."""
    monkeypatch.setenv(TOKEN_ENV, server.api_token)
    monkeypatch.setenv(SECRET_ENV, server.webhook_secret)
    return {"base_url": server.base_url, "email": server.email, "api_token": f"env:{TOKEN_ENV}",
            "webhook_secret": f"env:{SECRET_ENV}", "custom_field_ids": dict(FIELD_IDS), **extra}


def connector_for(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch, **extra: Any) -> ZendeskConnector:
    """A connector talking to the local server that never really sleeps."""
    connector = ZendeskConnector("zendesk-test", ZendeskConfig.model_validate(settings(server, monkeypatch, **extra)))
    connector.http.sleep = lambda _: None
    return connector


class TestZendeskContract(ConnectorContract):
    """The contract every connector meets, against the local Zendesk server."""

    kind = "zendesk"

    @pytest.fixture
    def vendor(self) -> Iterator[VendorHarness]:
        with zendesk_server() as server:
            yield server

    @pytest.fixture
    def connector_settings(self, vendor: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        return settings(vendor, monkeypatch)


@pytest.fixture
def server() -> Iterator[ZendeskServer]:
    with zendesk_server() as running:
        yield running


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = migrated_database(sqlite_url(tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def service(db: Database, server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> ConnectorService:
    connectors = ConnectorService(db, clock=lambda: (NOW + timedelta(seconds=30)).timestamp())
    connectors.add("zendesk-test", "zendesk", settings(server, monkeypatch), actor="test")
    connectors.connector("zendesk-test").http.sleep = lambda _: None  # type: ignore[attr-defined]
    return connectors


def _load_recorded(server: ZendeskServer) -> None:
    page, comments = recorded("incremental_tickets.json"), recorded("ticket_comments.json")
    server.load(page["tickets"][0], comments["comments"], page["users"])


def test_a_recorded_ticket_maps_into_a_conversation(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    page, comments = recorded("incremental_tickets.json"), recorded("ticket_comments.json")
    users = {u["id"]: u for u in page["users"] + comments["users"]}
    conversation = connector_for(server, monkeypatch).conversation(page["tickets"][0], comments["comments"], users)
    assert conversation is not None
    assert (conversation.source, conversation.external_id, conversation.channel) == ("zendesk-test", "35436", "email")
    assert conversation.status == "pending"  # Zendesk "hold" is waiting on someone else
    assert conversation.subject == "Order W-1042 has not arrived" and conversation.tags == ["delivery", "vip"]
    assert conversation.created_at == datetime(2026, 11, 18, 7, 41, 12, tzinfo=UTC) and conversation.locale == "lt"
    customer = conversation.customer
    assert (customer.external_id, customer.name, customer.email, customer.phone) == (
        "20978392", "Ana Petrauskienė", "ana.petrauskiene@example.lt", "+37060000000")
    assert conversation.category == "shipping_delay"
    zendesk = conversation.metadata["zendesk"]
    assert zendesk["custom_fields"] == {"order_number": "W-1042", "category": "shipping_delay",
                                        "escalation_reason": None}
    assert zendesk["priority"] == "normal" and zendesk["via_channel"] == "email" and zendesk["ticket_id"] == 35436
    first, auto, note, reply = conversation.messages
    assert [m.external_id for m in conversation.messages] == ["41000000101", "41000000111", "41000000121",
                                                             "41000000131"]
    assert first.author_role == "customer" and first.author_name == "Ana Petrauskienė" and first.public
    assert "order W-1042" in first.body and first.body.endswith("[attachment: receipt.pdf (application/pdf, "
                                                                "52411 bytes)]")
    assert auto.author_role == "system"  # added by a trigger (via rule)
    assert note.author_role == "agent" and not note.public and "Kaunas depot" in note.body
    assert reply.author_role == "agent" and reply.public and reply.content_type == "text/plain"
    assert "<strong>" not in reply.body and "Kaunas" in reply.body and "LT123456789" in reply.body
    assert all(m.created_at.tzinfo is not None for m in conversation.messages)


def test_a_recorded_ticket_is_read_through_the_api(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    _load_recorded(server)
    deleted = {**recorded("incremental_tickets.json")["tickets"][0], "id": 35437, "status": "deleted"}
    server.load(deleted, [], [])
    connector = connector_for(server, monkeypatch)
    page, comments = recorded("incremental_tickets.json"), recorded("ticket_comments.json")
    users = {u["id"]: u for u in page["users"] + comments["users"]}
    expected = connector.conversation(page["tickets"][0], comments["comments"], users)
    assert expected is not None
    assert connector.get("35436").model_dump() == expected.model_dump()
    fetched = connector.fetch(None, since=datetime(2026, 11, 1, tzinfo=UTC))
    assert [c.external_id for c in fetched.conversations] == ["35436"]  # the deleted ticket is skipped
    assert fetched.conversations[0].model_dump() == expected.model_dump()
    export = server.requests_to("/api/v2/incremental/tickets/cursor.json")[0]
    assert export.query == {"start_time": str(int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())),
                            "per_page": "100", "include": "users"}


def test_authors_missing_from_the_side_load_are_looked_up(server: ZendeskServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page, comments = recorded("incremental_tickets.json"), recorded("ticket_comments.json")
    requester = [u for u in page["users"] if u["role"] == "end-user"]
    server.load(page["tickets"][0], comments["comments"], requester)  # the agent's account was deleted
    conversation = connector_for(server, monkeypatch).get("35436")
    assert [m.author_role for m in conversation.messages] == ["customer", "system", "system", "system"]
    assert len(server.requests_to("/api/v2/users/235323.json")) == 1  # asked once, answered 404


def test_the_local_server_answers_in_the_recorded_shapes(server: ZendeskServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    server.seed("1001", "Where is my order?", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    connector = connector_for(server, monkeypatch)
    connector.post_reply("1001", "It ships today.", idempotency_key="k-shape")
    client = httpx.Client(base_url=server.base_url, auth=(f"{server.email}/token", server.api_token))
    export = client.get("/api/v2/incremental/tickets/cursor.json", params={"start_time": 0, "include": "users"}).json()
    comments = client.get("/api/v2/tickets/1001/comments.json", params={"include": "users"}).json()
    audits = client.get("/api/v2/tickets/1001/audits.json", params={"page[size]": 100}).json()
    want_export, want_comments = recorded("incremental_tickets.json"), recorded("ticket_comments.json")
    want_audits = recorded("ticket_audits.json")
    assert set(want_export) <= set(export) and set(want_comments) <= set(comments) and set(want_audits) <= set(audits)
    assert set(want_export["tickets"][0]) <= set(export["tickets"][0])
    assert set(want_export["users"][0]) <= set(export["users"][0])
    assert set(want_comments["comments"][0]) <= set(comments["comments"][0])
    assert set(want_audits["audits"][0]) <= set(audits["audits"][-1])
    assert set(want_audits["audits"][0]["events"][0]) <= set(audits["audits"][-1]["events"][0])
    assert audits["audits"][-1]["metadata"]["custom"]["deskpilot_key"] == "k-shape"
    response = client.put("/api/v2/tickets/1001.json", json={"ticket": {"comment": {"body": "More.", "public": True}}})
    assert set(recorded("ticket_update_response.json")) <= set(response.json())
    missing = client.get("/api/v2/tickets/999.json")
    assert missing.status_code == 404 and missing.json() == {"error": "RecordNotFound", "description": "Not found"}
    client.close()


def test_without_credentials_the_server_refuses_and_check_names_the_api_user(
        server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    anonymous = httpx.get(f"{server.base_url}/api/v2/incremental/tickets/cursor.json?start_time=0")
    assert anonymous.status_code == 401 and anonymous.json() == {"error": "Couldn't authenticate you"}
    assert connector_for(server, monkeypatch).check() == "authenticated as Deskpilot Bot <bot@example.com> (admin)"
    config = ZendeskConfig.model_validate(settings(server, monkeypatch))
    monkeypatch.setenv(TOKEN_ENV, "not-the-token")
    wrong = ZendeskConnector("zendesk-test", config)
    with pytest.raises(ConnectorError) as refused:
        wrong.fetch(None)
    assert refused.value.status == 401 and not refused.value.retryable


def test_the_export_and_comments_paginate_across_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    with zendesk_server(page_limit=2) as server:
        for n in range(5):
            server.seed(f"{2000 + n}", f"Question {n}", email=f"c{n}@example.com",
                        created_at=NOW - timedelta(hours=9 - n))
        for n in range(4):
            server.add_customer_message("2000", f"Follow-up {n}", at=NOW - timedelta(minutes=50 - n))
        connector = connector_for(server, monkeypatch, page_size=2)
        seen: dict[str, int] = {}
        cursor, pages = None, 0
        while True:
            page = connector.fetch(cursor, since=NOW - timedelta(days=1))
            pages += 1
            seen.update({c.external_id: len(c.messages) for c in page.conversations})
            cursor = page.cursor
            if not page.more:
                break
        assert pages == 3 and set(seen) == {f"{2000 + n}" for n in range(5)}
        assert seen["2000"] == 5  # three comment pages of at most two comments, followed through next_page
        comment_pages = [r.query.get("page") for r in server.requests_to("/api/v2/tickets/2000/comments.json")]
        assert comment_pages == [None, "2", "3"]
        again = connector.fetch(cursor)
        assert again.conversations == [] and not again.more and again.cursor == cursor


def test_exactly_once_follows_audit_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    with zendesk_server(page_limit=2) as server:
        server.seed("3000", "Hi", email="c@example.com", created_at=NOW - timedelta(hours=1))
        connector = connector_for(server, monkeypatch)
        refs = [connector.post_reply("3000", f"Answer {n}", idempotency_key=f"k-{n}") for n in range(4)]
        assert connector.post_reply("3000", "Answer 3", idempotency_key="k-3") == refs[3]  # on the third page
        assert server.public_replies("3000") == [f"Answer {n}" for n in range(4)]
        audit_pages = server.requests_to("/api/v2/tickets/3000/audits.json")
        assert any(r.query.get("page[after]") for r in audit_pages)


def test_a_reply_carries_its_key_in_the_audit_metadata(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.seed("1001", "Where is my order?", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    connector = connector_for(server, monkeypatch)
    ref = connector.post_reply("1001", "It ships today.", idempotency_key="reply:7:1")
    note = connector.add_note("1001", "Checked stock.", idempotency_key="note:7:1")
    writes = server.requests_to("/api/v2/tickets/1001.json", "PUT")
    assert [w.body for w in writes] == [
        {"ticket": {"comment": {"body": "It ships today.", "public": True},
                    "metadata": {"deskpilot_key": "reply:7:1", "deskpilot_kind": "reply"}}},
        {"ticket": {"comment": {"body": "Checked stock.", "public": False},
                    "metadata": {"deskpilot_key": "note:7:1", "deskpilot_kind": "note"}}}]
    assert server.audits[1001][-2]["metadata"]["custom"]["deskpilot_key"] == "reply:7:1"
    messages = {m.external_id: m for m in connector.get("1001").messages}
    assert messages[ref].body == "It ships today." and messages[ref].public
    assert messages[note].body == "Checked stock." and not messages[note].public
    assert server.status("1001") == "open"  # an agent comment opens a new ticket


def test_a_human_agent_reply_is_synced_as_an_agent_message(db: Database, server: ZendeskServer,
                                                            service: ConnectorService) -> None:
    server.seed("1001", "Where is my order?", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    service.sync("zendesk-test", since=NOW - timedelta(days=1))
    agent = server.add_agent("Rūta Agent", "ruta@acme.example")
    server.agent_reply("1001", "Checking with the courier.", agent_id=agent, at=NOW + timedelta(minutes=1))
    server.agent_reply("1001", "Courier ticket 77.", agent_id=agent, at=NOW + timedelta(minutes=2), public=False)
    assert service.sync("zendesk-test").new_messages == 2
    with db.reader() as uow:
        stored = uow.conversations.get_by_external("zendesk-test", "1001")
    assert stored is not None
    reply, note = stored.messages[-2:]
    assert (reply.author_role.value, reply.author_name, reply.public) == ("agent", "Rūta Agent", True)
    assert (note.author_role.value, note.public) == ("agent", False)


def test_update_sets_status_tags_and_custom_fields(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.seed("1001", "Where is my order?", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    connector = connector_for(server, monkeypatch)
    connector.update("1001", status="hold", tags=["Needs Review", "deskpilot", "deskpilot"],
                     fields={"order_number": "W-9", "360099": "raw id"})
    assert server.status("1001") == "hold" and server.tags("1001") == ["deskpilot", "needs_review"]
    assert {"id": 360012345678, "value": "W-9"} in server.tickets[1001]["custom_fields"]
    assert {"id": 360099, "value": "raw id"} in server.tickets[1001]["custom_fields"]
    fetched = connector.get("1001")
    assert fetched.status == "pending" and fetched.metadata["zendesk"]["custom_fields"] == {"order_number": "W-9"}
    puts = len(server.requests_to("/api/v2/tickets/1001.json", "PUT"))
    with pytest.raises(ConnectorError, match="custom_field_ids"):
        connector.update("1001", status="solved", fields={"unknown_field": 1})
    with pytest.raises(ConnectorError, match="unknown Zendesk status"):
        connector.update("1001", status="resolved")
    assert len(server.requests_to("/api/v2/tickets/1001.json", "PUT")) == puts and server.status("1001") == "hold"
    connector.update("1001")  # nothing to change: no call
    assert len(server.requests_to("/api/v2/tickets/1001.json", "PUT")) == puts


def test_retry_after_is_honoured_on_reads_and_a_long_one_fails_the_call(
        server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.seed("1001", "Hi", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    connector = connector_for(server, monkeypatch)
    server.fail_reads(1, status=429, headers={"Retry-After": "3"})
    page = connector.fetch(None, since=NOW - timedelta(days=1))
    assert [c.external_id for c in page.conversations] == ["1001"] and connector.http.waits == [3.0]
    server.fail_reads(1, status=429, headers={"Retry-After": "600"})
    with pytest.raises(ConnectorError) as limited:
        connector.get("1001")
    assert limited.value.status == 429 and limited.value.retryable


def test_a_failed_write_is_not_blindly_repeated(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.seed("1001", "Hi", email="ana@example.com", created_at=NOW - timedelta(hours=1))
    connector = connector_for(server, monkeypatch)
    server.fail_writes(3, status=503, after_write=True)
    ref = connector.add_note("1001", "Only once.", idempotency_key="k-once")
    assert server.notes("1001") == ["Only once."] and ref == str(server.comments[1001][-1]["id"])
    assert len(server.requests_to("/api/v2/tickets/1001.json", "PUT")) == 1


def test_webhooks_for_tickets_and_for_events_not_processed(db: Database, server: ZendeskServer,
                                                           service: ConnectorService) -> None:
    _load_recorded(server)
    headers, body = server.webhook(recorded("webhook_ticket_comment_added.json"), at=NOW)
    receipt = service.receive_webhook("zendesk-test", headers, body)
    assert receipt.delivery_id == "cbe4028c-7239-495d-b020-f22348516046" and receipt.external_ids == ["35436"]
    headers, body = server.webhook(recorded("webhook_user_created.json"), at=NOW)
    other = service.receive_webhook("zendesk-test", headers, body)
    assert not other.duplicate and other.external_ids == [] and other.job_id is not None
    with db.uow() as uow:
        job = uow.jobs.get(other.job_id)
        assert job is not None and service.process_webhook(uow, job.payload) == 0
        uow.commit()
    assert service.receive_webhook("zendesk-test", headers, body).duplicate


def test_webhooks_are_refused_when_unsigned_unreadable_or_out_of_window(
        server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    connector = connector_for(server, monkeypatch)
    payload = recorded("webhook_ticket_comment_added.json")
    headers, body = server.webhook(payload, at=NOW)
    connector.verify_webhook(headers, body, now=NOW.timestamp() + 299)
    for future in (NOW.timestamp() - 301, NOW.timestamp() + 301):
        with pytest.raises(WebhookRejected, match="window"):
            connector.verify_webhook(headers, body, now=future)
    unsigned = {k: v for k, v in headers.items() if k != "X-Zendesk-Webhook-Signature"}
    with pytest.raises(WebhookRejected, match="missing"):
        connector.verify_webhook(unsigned, body, now=NOW.timestamp())
    stamp = str(int(NOW.timestamp()))  # a Unix-seconds timestamp is read too
    connector.verify_webhook({"X-Zendesk-Webhook-Signature": sign(server.webhook_secret, stamp, body),
                              "X-Zendesk-Webhook-Signature-Timestamp": stamp}, body, now=NOW.timestamp())
    with pytest.raises(WebhookRejected) as unreadable:
        connector.parse_webhook({}, b"not json")
    assert unreadable.value.status == 400
    unconfigured = connector_for(server, monkeypatch, webhook_secret=None)
    with pytest.raises(WebhookRejected) as no_secret:
        unconfigured.verify_webhook(headers, body, now=NOW.timestamp())
    assert no_secret.value.status == 503


def test_trigger_webhooks_use_the_invocation_id(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    connector = connector_for(server, monkeypatch)
    headers, body = server.webhook({"ticket": {"id": "35436", "status": "open"}}, at=NOW)
    lowered = {k.lower(): v for k, v in headers.items()}
    event = connector.parse_webhook(lowered, body)
    assert (event.delivery_id, event.kind, event.external_ids) == (lowered["x-zendesk-webhook-invocation-id"],
                                                                   "trigger", ["35436"])
    deleted = {**recorded("webhook_ticket_comment_added.json"), "type": "zen:event-type:ticket.soft_deleted"}
    assert connector.parse_webhook(lowered, json.dumps(deleted).encode()).external_ids == []


def test_settings_refuse_raw_secrets_and_malformed_values(db: Database, server: ZendeskServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    good = settings(server, monkeypatch)
    for bad in ({"api_token": "t0ps3cret-token"}, {"webhook_secret": "raw-signing-secret"},
                {"base_url": "acme.zendesk.com"}, {"email": "not-an-email"}, {"subdomain": "acme"},
                {"custom_field_ids": {"order_number": -4}}, {"api_token": ""}):
        with pytest.raises(ValidationError):
            ZendeskConfig.model_validate({**good, **bad})
    connectors = ConnectorService(db)
    with pytest.raises(ConnectorSettingsError) as refused:
        connectors.add("zendesk-raw", "zendesk", {**good, "api_token": "t0ps3cret-token"}, actor="test")
    assert "t0ps3cret-token" not in str(refused.value) and "api_token" in str(refused.value)
    config = ZendeskConfig.model_validate({**good, "base_url": "https://acme.zendesk.com/"})
    assert config.base_url == "https://acme.zendesk.com" and config.public()["api_token"] == "**********"
    assert config.stored()["api_token"] == f"env:{TOKEN_ENV}"


def test_ticket_ids_and_next_page_hosts_are_checked(server: ZendeskServer, monkeypatch: pytest.MonkeyPatch) -> None:
    connector = connector_for(server, monkeypatch)
    with pytest.raises(ConnectorError, match="not a Zendesk ticket id"):
        connector.get("../users/1")
    with pytest.raises(ConnectorError, match="not a Zendesk ticket id"):
        connector.post_reply("12 OR 1", "x", idempotency_key="k")
    assert server.received == []
    with pytest.raises(ConnectorError, match="another host"):
        connector._next_page({"next_page": "https://evil.example/api/v2/tickets/1/comments.json?page=2"})
