"""ServiceNow connector: the connector contract against a local Table API server, plus ServiceNow specifics
(recorded payload mapping, Link/offset paging and its cursor, rate-limit headers, journal markers, tags field,
incidents, OAuth, webhooks it does not process, settings validation)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.servicenow import Cursor, ServiceNowConfig, ServiceNowConnector, journal_text
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.storage.database import Database
from deskpilot.testing.connectors import INSTANCE, ConnectorContract
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.vendors.servicenow import (
    ATTACHMENT_TEMPLATE,
    CASE_TEMPLATE,
    JOURNAL_TEMPLATE,
    ServiceNowServer,
    servicenow_server,
)

PAYLOADS = Path(__file__).parent / "payloads" / "servicenow"
WEBHOOK_SECRET = "sn-webhook-secret"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def payload(name: str) -> Any:
    """A recorded ServiceNow payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def settings(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch, **extra: Any) -> dict[str, Any]:
    """Connector settings for a local server, secrets as env references."""
    monkeypatch.setenv("SN_PASSWORD", server.password)
    monkeypatch.setenv("SN_WEBHOOK_SECRET", WEBHOOK_SECRET)
    return {"base_url": server.base_url, "username": server.username, "password": "env:SN_PASSWORD",
            "webhook_secret": "env:SN_WEBHOOK_SECRET", "page_size": 2, "table": server.table, **extra}


def connector_for(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch, **extra: Any) -> ServiceNowConnector:
    """A connector on the local server that never sleeps (pauses are recorded in ``http.waits``)."""
    connector = ServiceNowConnector("sn-test", ServiceNowConfig.model_validate(settings(server, monkeypatch, **extra)))
    connector.http.sleep = lambda _: None
    return connector


def seed(server: ServiceNowServer, count: int, *, at: datetime = NOW,
         step: timedelta = timedelta(minutes=1)) -> list[str]:
    """Cases opened by customers ``step`` apart, oldest first."""
    ids = [f"{n:032x}" for n in range(1, count + 1)]
    for n, sys_id in enumerate(ids):
        server.seed(sys_id, f"Where is my order W{n}? Thanks", email=f"c{n}@example.com", created_at=at + n * step)
    return ids


class TestServiceNow(ConnectorContract):
    kind = "servicenow"

    @pytest.fixture
    def vendor(self) -> Iterator[ServiceNowServer]:
        with servicenow_server(webhook_secret=WEBHOOK_SECRET) as server:
            yield server

    @pytest.fixture
    def connector_settings(self, vendor: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        return settings(vendor, monkeypatch)


@pytest.fixture
def server() -> Iterator[ServiceNowServer]:
    with servicenow_server(webhook_secret=WEBHOOK_SECRET) as running:
        yield running


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = migrated_database(sqlite_url(tmp_path))
    yield database
    database.dispose()


# recorded payloads


def test_a_recorded_case_with_its_journal_maps_into_a_conversation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SN_PASSWORD", "x")
    connector = ServiceNowConnector("sn-acme", ServiceNowConfig.model_validate({
        "base_url": "https://acme.service-now.com", "username": "deskpilot.integration",
        "password": "env:SN_PASSWORD"}))
    conversation = connector.to_conversation(payload("case.json")["result"], payload("journal.json")["result"],
                                             payload("contact.json")["result"][0],
                                             payload("attachments.json")["result"])
    assert conversation.source == "sn-acme" and conversation.external_id == "2f0b6f3a1b8e5110a9c3ec22b24bcb6e"
    assert conversation.subject == "Order W-20931 has not arrived"
    assert conversation.status == "open" and conversation.channel == "web_form"
    assert conversation.created_at == datetime(2026, 11, 19, 18, 2, 11, tzinfo=UTC)  # the UTC value, not the display
    assert conversation.customer.model_dump() == {"external_id": "62826bf03710200044e0bfc8bcbe5df1",
                                                  "name": "Ana Lima", "email": "ana.lima@example.com",
                                                  "phone": "+370 612 34567"}
    assert conversation.tags == ["shipping", "vip"]
    assert conversation.metadata["number"] == "CS0001042" and conversation.metadata["account"] == "Boxeo"
    assert conversation.metadata["attachments"] == [{
        "sys_id": "c1d2e3f41b0a5110a9c3ec22b24bcb99", "file_name": "tracking-screenshot.png",
        "content_type": "image/png", "size_bytes": 48213}]
    roles = [(m.author_role, m.public) for m in conversation.messages]
    assert roles == [("customer", True), ("customer", True), ("agent", False), ("agent", True), ("system", False),
                     ("ai", True)]
    opening, follow_up, note, html_reply, _, ours = conversation.messages
    assert opening.external_id == "description" and "order W-20931" in opening.body
    assert opening.author_name == "Ana Lima" and follow_up.author_name == "Ana Lima"
    assert note.body.startswith("Carrier portal") and note.author_name == "beth.anglin"
    assert html_reply.body == ("Hi Ana,\n\nyour parcel is at the Vilnius depot; we asked the carrier to deliver it "
                               "again.")
    assert ours.body == "Good news: the carrier delivers your kettle tomorrow before noon."
    assert ours.author_name == "deskpilot" and ours.created_at == datetime(2026, 11, 20, 9, 15, 40, tzinfo=UTC)
    assert all(m.created_at.tzinfo is not None for m in conversation.messages)


def test_the_local_server_answers_in_the_recorded_shapes(server: ServiceNowServer) -> None:
    sys_id = seed(server, 1)[0]
    server.add_customer_message(sys_id, "Any news?", at=NOW + timedelta(minutes=5))
    server.add_attachment(sys_id, "photo.jpg", content_type="image/jpeg", size=1200)
    recorded_case = payload("case.json")["result"]
    assert list(CASE_TEMPLATE) == list(recorded_case)
    assert list(JOURNAL_TEMPLATE) == list(payload("journal.json")["result"][0])
    assert list(ATTACHMENT_TEMPLATE) == list(payload("attachments.json")["result"][0])
    with httpx.Client(base_url=server.base_url, auth=(server.username, server.password)) as client:
        case = client.get(f"/api/now/table/sn_customerservice_case/{sys_id}", params={
            "sysparm_display_value": "all", "sysparm_exclude_reference_link": "true"}).json()["result"]
        assert list(case) == list(recorded_case)
        assert all(set(v) == {"display_value", "value"} for v in case.values())
        assert case["state"] == {"display_value": "New", "value": "1"}
        linked = client.get(f"/api/now/table/sn_customerservice_case/{sys_id}").json()["result"]
        assert linked["contact"]["link"].endswith(f"/api/now/table/customer_contact/{linked['contact']['value']}")
        journal = client.get("/api/now/table/sys_journal_field",
                             params={"sysparm_query": f"element_id={sys_id}"}).json()["result"]
        assert [list(e) for e in journal] == [list(JOURNAL_TEMPLATE)]
        attachments = client.get("/api/now/attachment", params={
            "sysparm_query": f"table_sys_id={sys_id}"}).json()["result"]
        assert list(attachments[0]) == list(ATTACHMENT_TEMPLATE)
        for extra in ("a" * 32, "b" * 32):
            server.seed(extra, "Another question?", email="x@example.com", created_at=NOW + timedelta(hours=1))
        first = client.get("/api/now/table/sn_customerservice_case", params={"sysparm_limit": 2})
        assert first.headers["X-Total-Count"] == "3" and len(first.json()["result"]) == 2
        assert 'rel="next"' in first.headers["Link"] and "sysparm_offset=2" in first.headers["Link"]
        last = client.get("/api/now/table/sn_customerservice_case", params={"sysparm_limit": 2, "sysparm_offset": 2})
        assert 'rel="next"' not in last.headers["Link"] and 'rel="prev"' in last.headers["Link"]
        missing = client.get("/api/now/table/sn_customerservice_case/nope")
        assert missing.status_code == 404 and missing.json() == payload("error_not_found.json")
        anonymous = httpx.get(f"{server.base_url}/api/now/table/sn_customerservice_case")
        assert anonymous.status_code == 401 and anonymous.json() == payload("error_unauthenticated.json")


def test_the_recorded_webhook_body_is_what_the_server_signs(server: ServiceNowServer) -> None:
    sys_id = seed(server, 1)[0]
    _, body = server.signed_webhook(sys_id, delivery_id="d-1", at=NOW)
    assert list(json.loads(body)) == list(payload("webhook.json"))


# reading


def test_pages_follow_the_link_header_and_the_cursor_resumes(server: ServiceNowServer,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(server, 7)
    connector = connector_for(server, monkeypatch, page_size=3)
    seen: list[str] = []
    cursor: str | None = None
    pages = []
    while True:
        page = connector.fetch(cursor, since=NOW - timedelta(hours=1))
        pages.append(page)
        seen += [c.external_id for c in page.conversations]
        cursor = page.cursor
        if not page.more:
            break
    assert [len(p.conversations) for p in pages] == [3, 3, 1] and seen == ids
    case_calls = [r for r in server.received if r.path == "/api/now/table/sn_customerservice_case"]
    assert case_calls[0].query["sysparm_query"] == (
        "sys_updated_on>=2026-11-20 08:00:00^ORDERBYsys_updated_on^ORDERBYsys_id")
    assert case_calls[0].query["sysparm_display_value"] == "all"
    assert [c.query["sysparm_offset"] for c in case_calls] == ["0", "1", "1"]
    assert cursor == "2026-11-20 09:06:00|0"
    server.add_customer_message(ids[2], "Still waiting.", at=NOW + timedelta(hours=1))
    later = connector.fetch(cursor)
    assert [c.external_id for c in later.conversations] == [ids[6], ids[2]] and not later.more
    assert later.conversations[1].messages[-1].body == "Still waiting."


def test_many_records_updated_in_the_same_second_are_all_read_once(server: ServiceNowServer,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(server, 5, step=timedelta(0))
    connector = connector_for(server, monkeypatch, page_size=2)
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        page = connector.fetch(cursor, since=NOW)
        seen += [c.external_id for c in page.conversations]
        cursor = page.cursor
        if not page.more:
            break
    assert seen == ids


def test_since_is_sent_as_utc(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(server, 1)
    connector = connector_for(server, monkeypatch)
    connector.fetch(None, since=datetime(2026, 11, 20, 10, 30, tzinfo=timezone(timedelta(hours=2))))
    assert server.received[0].query["sysparm_query"].startswith("sys_updated_on>=2026-11-20 08:30:00^")


def test_a_cursor_that_is_not_ours_is_refused(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConnectorError, match="not a ServiceNow cursor"):
        connector_for(server, monkeypatch).fetch("page-2")
    assert Cursor.decode("2026-11-20 09:00:00|3") == Cursor("2026-11-20 09:00:00", 3)


def test_rate_limited_reads_wait_for_retry_after(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(server, 1)
    connector = connector_for(server, monkeypatch)
    server.fail_reads(1, status=429, headers={"Retry-After": "3", "X-RateLimit-Limit": "1000",
                                              "X-RateLimit-Reset": str(int(time.time()) + 3),
                                              "X-RateLimit-Rule": "a9e2c3d41b0a5110a9c3ec22b24bcb11"})
    page = connector.fetch(None, since=NOW - timedelta(hours=1))
    assert len(page.conversations) == 1 and connector.http.waits == [3.0]


def test_rate_limit_reset_is_used_without_retry_after(server: ServiceNowServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seed(server, 1)
    connector = connector_for(server, monkeypatch)
    server.fail_reads(1, status=429, headers={"X-RateLimit-Reset": str(int(time.time()) + 5)})
    connector.fetch(None)
    assert len(connector.http.waits) == 1 and 3.0 <= connector.http.waits[0] <= 5.0


def test_errors_carry_the_vendor_message(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    connector = connector_for(server, monkeypatch)
    with pytest.raises(ConnectorError, match="No Record found") as missing:
        connector.get("0" * 32)
    assert missing.value.status == 404 and not missing.value.retryable
    with pytest.raises(ConnectorError, match="not a ServiceNow sys_id"):
        connector.post_reply("abc^element=work_notes", "Hi", idempotency_key="k")
    wrong = ServiceNowConnector("sn-test", ServiceNowConfig.model_validate(settings(server, monkeypatch)))
    monkeypatch.setenv("SN_PASSWORD", "wrong")  # read when the client is built
    with pytest.raises(ConnectorError, match="User Not Authenticated") as refused:
        wrong.check()
    assert refused.value.status == 401


def test_check_reports_the_total_count(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(server, 4)
    assert connector_for(server, monkeypatch).check() == "4 record(s) in sn_customerservice_case"


def test_attachments_are_listed_in_metadata(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    server.add_attachment(sys_id, "invoice.pdf", content_type="application/pdf", size=20480)
    conversation = connector_for(server, monkeypatch).get(sys_id)
    assert conversation.metadata["attachments"][0]["file_name"] == "invoice.pdf"
    assert conversation.metadata["attachments"][0]["size_bytes"] == 20480
    quiet = connector_for(server, monkeypatch, include_attachments=False).get(sys_id)
    assert "attachments" not in quiet.metadata


# writing


def test_replies_carry_a_journal_marker_that_finds_them_again(server: ServiceNowServer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    first = connector.post_reply(sys_id, "It ships today.", idempotency_key="reply:1:1")
    again = connector.post_reply(sys_id, "It ships today.", idempotency_key="reply:1:1")
    assert first == again and len(server.journal(sys_id)) == 1
    stored = server.journal(sys_id)[0]
    assert stored["sys_id"] == first and stored["element"] == "comments"
    assert re.fullmatch(r"\[code\]<!-- deskpilot-ref-[0-9a-f]{20} -->\[/code\]It ships today\.", stored["value"])
    assert server.public_replies(sys_id) == ["It ships today."]
    assert journal_text(stored["value"]) == ("It ships today.", True)
    message = connector.get(sys_id).messages[-1]
    assert (message.author_role, message.author_name, message.body) == ("ai", "deskpilot", "It ships today.")


def test_the_text_marker_is_found_and_stripped_as_well(server: ServiceNowServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch, marker="text")
    connector.add_note(sys_id, "Checked stock.", idempotency_key="note:7")
    connector.add_note(sys_id, "Checked stock.", idempotency_key="note:7")
    assert len(server.journal(sys_id)) == 1 and "\n\n[deskpilot-ref-" in server.journal(sys_id)[0]["value"]
    note = connector.get(sys_id).messages[-1]
    assert note.body == "Checked stock." and not note.public and note.author_role == "ai"


def test_status_tags_and_fields_go_in_one_patch(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch, resolve_fields={"resolution_code": "1", "close_notes": "Answered"})
    connector.update(sys_id, tags=["orders"])
    patches_before = sum(1 for r in server.received if r.method == "PATCH")
    connector.update(sys_id, status="solved", tags=["deskpilot", "big, fragile", "orders"],
                     fields={"priority": "3"})
    assert sum(1 for r in server.received if r.method == "PATCH") == patches_before + 1
    record = server.record(sys_id)
    assert (record["state"], record["priority"], record["resolution_code"], record["close_notes"]) == (
        "6", "3", "1", "Answered")
    assert server.tags(sys_id) == ["orders", "deskpilot", "big fragile"]
    assert server.status(sys_id) == "Resolved"
    connector.update(sys_id, status="18")  # a raw state value passes through
    assert server.status(sys_id) == "Awaiting Info"
    with pytest.raises(ConnectorError, match="no ServiceNow state"):
        connector.update(sys_id, status="snoozed")
    with pytest.raises(ValueError, match="post_reply"):
        connector.update(sys_id, fields={"comments": "sneaky"})
    fetched = connector.get(sys_id)
    assert fetched.status == "pending" and fetched.tags == ["orders", "deskpilot", "big fragile"]


def test_tags_need_a_tags_field(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    with pytest.raises(ConnectorError, match="tags_field"):
        connector_for(server, monkeypatch, tags_field=None).update(sys_id, tags=["x"])
    with pytest.raises(ConnectorError, match="has no field u_labels"):
        connector_for(server, monkeypatch, tags_field="u_labels").update(sys_id, tags=["x"])


def test_incidents_use_caller_id_sys_user_and_their_states(monkeypatch: pytest.MonkeyPatch) -> None:
    with servicenow_server(table="incident", webhook_secret=WEBHOOK_SECRET) as server:
        sys_id = seed(server, 1)[0]
        connector = connector_for(server, monkeypatch, states={"pending": "3"})
        conversation = connector.get(sys_id)
        assert conversation.customer.email == "c0@example.com" and conversation.status == "new"
        assert any(r.path == "/api/now/table/sys_user" for r in server.received)
        connector.update(sys_id, status="open")
        assert server.status(sys_id) == "In Progress"
        connector.update(sys_id, status="pending")
        assert server.status(sys_id) == "On Hold" and connector.get(sys_id).status == "pending"
        connector.post_reply(sys_id, "We are on it.", idempotency_key="r-1")
        assert server.public_replies(sys_id) == ["We are on it."]


def test_oauth_bearer_token(monkeypatch: pytest.MonkeyPatch) -> None:
    with servicenow_server(oauth_token="tok-123", webhook_secret=WEBHOOK_SECRET) as server:
        sys_id = seed(server, 1)[0]
        monkeypatch.setenv("SN_TOKEN", "tok-123")
        connector = ServiceNowConnector("sn-oauth", ServiceNowConfig.model_validate({
            "base_url": server.base_url, "oauth_token": "env:SN_TOKEN"}))
        assert connector.get(sys_id).external_id == sys_id
        assert server.received[-1].headers["authorization"] == "Bearer tok-123"


# webhooks


def test_a_webhook_about_something_not_processed_is_accepted_but_names_nothing(
        server: ServiceNowServer, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    service = ConnectorService(db, clock=lambda: NOW.timestamp())
    service.add(INSTANCE, "servicenow", settings(server, monkeypatch), actor="test")
    headers, body = server.signed_webhook(sys_id, delivery_id="evt-del", at=NOW, operation="delete")
    receipt = service.receive_webhook(INSTANCE, headers, body)
    assert not receipt.duplicate and receipt.external_ids == []
    other_headers, other = server.signed_webhook(sys_id, delivery_id="evt-other", at=NOW, table="change_request")
    assert service.receive_webhook(INSTANCE, other_headers, other).external_ids == []
    event = service.connector(INSTANCE).parse_webhook(other_headers, other)
    assert event.kind == "change_request.update"


def test_webhook_verification(server: ServiceNowServer, monkeypatch: pytest.MonkeyPatch) -> None:
    sys_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    headers, body = server.signed_webhook(sys_id, delivery_id="evt-1", at=NOW)
    connector.verify_webhook(headers, body, now=NOW.timestamp() + 60)
    rotated = {**headers, "webhook-signature": "v1,b2xkLXNlY3JldA== " + headers["webhook-signature"]}
    connector.verify_webhook(rotated, body, now=NOW.timestamp())
    assert connector.parse_webhook(headers, body).external_ids == [sys_id]
    for broken in ({k: v for k, v in headers.items() if k != "webhook-signature"},
                   {**headers, "webhook-timestamp": "yesterday"},
                   {**headers, "webhook-signature": headers["webhook-signature"].replace("v1,", "v2,")}):
        with pytest.raises(WebhookRejected):
            connector.verify_webhook(broken, body, now=NOW.timestamp())
    with pytest.raises(WebhookRejected):
        connector.verify_webhook(headers, body, now=NOW.timestamp() + 301)
    with pytest.raises(WebhookRejected) as unreadable:
        connector.parse_webhook(headers, b"not json")
    assert unreadable.value.status == 400
    unsigned = connector_for(server, monkeypatch, webhook_secret=None)
    with pytest.raises(WebhookRejected, match="no webhook_secret"):
        unsigned.verify_webhook(headers, body, now=NOW.timestamp())


# settings


def test_settings_refuse_raw_secrets_and_need_one_way_to_authenticate(db: Database) -> None:
    base = {"base_url": "https://acme.service-now.com", "username": "deskpilot.integration"}
    with pytest.raises(ValidationError, match="references"):
        ServiceNowConfig.model_validate({**base, "password": "hunter2"})
    with pytest.raises(ValidationError, match="references"):
        ServiceNowConfig.model_validate({**base, "password": "env:P", "webhook_secret": "plain-secret"})
    with pytest.raises(ValidationError, match="either"):
        ServiceNowConfig.model_validate(base)
    with pytest.raises(ValidationError, match="either"):
        ServiceNowConfig.model_validate({**base, "password": "env:P", "oauth_token": "env:T"})
    with pytest.raises(ValidationError, match="username"):
        ServiceNowConfig.model_validate({"base_url": "https://acme.service-now.com", "password": "env:P"})
    with pytest.raises(ValidationError):
        ServiceNowConfig.model_validate({**base, "password": "env:P", "table": "incident; drop"})
    with pytest.raises(ValidationError):
        ServiceNowConfig.model_validate({**base, "password": "env:P", "states": {"snoozed": "3"}})
    with pytest.raises(ValidationError):
        ServiceNowConfig.model_validate({**base, "password": "env:P", "surprise": True})
    with pytest.raises(ConnectorSettingsError, match="password"):
        ConnectorService(db).add("sn", "servicenow", {**base, "password": "hunter2"}, actor="test")
    config = ServiceNowConfig.model_validate({**base, "password": "env:P", "base_url": "https://acme.service-now.com/"})
    assert config.base_url == "https://acme.service-now.com" and config.public()["password"] == "**********"
    assert config.reference_field() == "contact" and config.customer_table() == "customer_contact"
