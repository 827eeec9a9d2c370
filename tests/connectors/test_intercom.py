"""The Intercom connector against a local server speaking Intercom's REST wire format (API version 2.11)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.intercom import (
    IntercomConfig,
    IntercomConnector,
    strip_markers,
    to_generic,
    write_marker,
)
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError, WebhookReceipt
from deskpilot.storage.database import Database
from deskpilot.testing.connectors import INSTANCE, ConnectorContract, VendorHarness
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.vendors.intercom import ADMIN_ID, CLIENT_SECRET, TOKEN, IntercomState, intercom_server

PAYLOADS = Path(__file__).parent / "payloads" / "intercom"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def recorded(name: str) -> dict[str, Any]:
    """A recorded Intercom payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def settings(server: IntercomState, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> dict[str, Any]:
    """Connector settings pointing at the local server, secrets as env references."""
    monkeypatch.setenv("INTERCOM_TEST_TOKEN", TOKEN)
    monkeypatch.setenv("INTERCOM_TEST_CLIENT_SECRET", CLIENT_SECRET)
    return {"base_url": server.base_url, "access_token": "env:INTERCOM_TEST_TOKEN",
            "client_secret": "env:INTERCOM_TEST_CLIENT_SECRET", "admin_id": ADMIN_ID, "api_version": "2.11",
            "timeout_s": 5, "page_size": 2, **overrides}


def connector_for(server: IntercomState, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> IntercomConnector:
    """A connector on the local server that does not really sleep."""
    connector = IntercomConnector("intercom-test", IntercomConfig.model_validate(
        settings(server, monkeypatch, **overrides)))
    connector.http.sleep = lambda _: None
    return connector


def seed(server: IntercomState, count: int) -> list[str]:
    """Conversations opened an hour apart, the last one an hour before NOW."""
    ids = [str(215470000000000 + n) for n in range(count)]
    for n, external_id in enumerate(ids):
        server.seed(external_id, f"Question number {n}", email=f"user{n}@example.com",
                    created_at=NOW - timedelta(hours=count - n))
    return ids


@pytest.fixture
def server() -> Iterator[IntercomState]:
    with intercom_server() as state:
        yield state


class TestIntercom(ConnectorContract):
    kind = "intercom"

    @pytest.fixture
    def vendor(self) -> Iterator[VendorHarness]:
        with intercom_server() as state:
            yield state

    @pytest.fixture
    def connector_settings(self, vendor: IntercomState, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
        return settings(vendor, monkeypatch)


# mapping


def test_a_recorded_conversation_maps_into_the_generic_format() -> None:
    conversation = to_generic("intercom-eu", recorded("conversation.json"), recorded("contact.json"))
    assert conversation.source == "intercom-eu" and conversation.external_id == "215471234567890"
    assert conversation.channel == "chat" and conversation.status == "open" and conversation.subject is None
    assert conversation.created_at == datetime.fromtimestamp(1773064931, tz=UTC)
    assert conversation.customer.model_dump() == {"external_id": "6655a1f2c3d4e5f601234567", "name": "Ana Souza",
                                                  "email": "ana.souza@example.com", "phone": "+351912345678"}
    assert conversation.locale == "pt-PT" and conversation.tags == ["shipping"]
    assert conversation.metadata["intercom"]["custom_attributes"] == {"Order number": "W1042", "Copilot used": False}
    summary = [(m.external_id, m.author_role, m.public) for m in conversation.messages]
    assert summary == [("source-2473118472", "customer", True), ("31874520002", "agent", False),
                       ("31874520003", "agent", True), ("31874520004", "customer", True),
                       ("31874520005", "system", True)]  # the body-less assignment part is left out
    opening, note, reply, customer, _ = conversation.messages
    assert opening.body == ("Hi, my order #W1042 hasn't arrived yet.\n\nCan you check?\n"
                            "[attachment: receipt.pdf (application/pdf, 48213 bytes)]")
    assert note.body.startswith("Carrier tracking") and note.author_name == "Marta Lopes"
    assert "delivered tomorrow" in reply.body and "<b>" not in reply.body
    assert customer.body.endswith("[attachment: label.jpg (image/jpeg, 183204 bytes)]")
    assert all(m.created_at.tzinfo is not None for m in conversation.messages)


def test_the_server_answers_in_the_recorded_shapes(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    server.add_customer_message(external_id, "Hello again", at=NOW)
    connector = connector_for(server, monkeypatch)
    live = connector.http.json("GET", f"/conversations/{external_id}")
    sample = recorded("conversation.json")
    assert set(live) == set(sample) and set(live["source"]) == set(sample["source"])
    assert set(live["conversation_parts"]["conversation_parts"][0]) == \
        set(sample["conversation_parts"]["conversation_parts"][0])
    page = connector.http.json("POST", "/conversations/search", json={
        "query": {"field": "updated_at", "operator": ">", "value": 0}, "pagination": {"per_page": 1}})
    assert set(page) == set(recorded("search_page.json"))
    assert set(page["conversations"][0]) == set(recorded("search_page.json")["conversations"][0])
    contact = connector.http.json("GET", f"/contacts/{live['contacts']['contacts'][0]['id']}")
    assert set(contact) <= set(recorded("contact.json"))


def test_get_reads_a_recorded_conversation_through_the_api(server: IntercomState,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sample, contact = recorded("conversation.json"), recorded("contact.json")
    server.conversations[sample["id"]] = sample
    server.contacts[contact["id"]] = contact
    fetched = connector_for(server, monkeypatch).get(sample["id"])
    assert fetched == to_generic("intercom-test", sample, contact)


# reading


def test_fetch_pages_through_the_search_and_resumes_from_a_saved_cursor(server: IntercomState,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(server, 5)
    connector = connector_for(server, monkeypatch)
    first = connector.fetch(None, since=NOW - timedelta(days=1))
    assert first.more and [c.external_id for c in first.conversations] == ids[:2]
    restarted = connector_for(server, monkeypatch)  # e.g. after a crash: only the cursor survives
    second = restarted.fetch(first.cursor)
    third = restarted.fetch(second.cursor)
    assert second.more and not third.more
    assert [c.external_id for c in second.conversations + third.conversations] == ids[2:]
    searches = [r.body for r in server.received if r.path == "/conversations/search"]
    assert searches[0]["query"] == {"field": "updated_at", "operator": ">",
                                    "value": int((NOW - timedelta(days=1)).timestamp())}
    assert searches[0]["pagination"] == {"per_page": 2}
    assert searches[1]["pagination"]["starting_after"] and searches[0]["sort"] == {"field": "updated_at",
                                                                                   "order": "ascending"}


def test_an_expired_page_cursor_restarts_the_search_instead_of_failing(server: IntercomState,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(server, 3)
    connector = connector_for(server, monkeypatch)
    first = json.loads(connector.fetch(None, since=NOW - timedelta(days=1)).cursor or "{}")
    expired = json.dumps({**first, "after": "bm90LWEtY3Vyc29y"})
    again = connector.fetch(expired)
    assert [c.external_id for c in again.conversations] == ids[:2] and again.more


def test_a_later_fetch_returns_only_what_changed(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(server, 4)
    connector = connector_for(server, monkeypatch, page_size=10)
    done = connector.fetch(None, since=NOW - timedelta(days=1))
    assert not done.more and len(done.conversations) == 4
    quiet = connector.fetch(done.cursor)
    assert [c.external_id for c in quiet.conversations] == [ids[-1]]  # the newest, inside the search overlap
    server.add_customer_message(ids[0], "Still waiting", at=NOW + timedelta(minutes=3))
    later = connector.fetch(quiet.cursor)
    assert [c.external_id for c in later.conversations] == [ids[-1], ids[0]]  # sorted by updated_at
    assert later.conversations[-1].messages[-1].body == "Still waiting"
    assert [c.external_id for c in connector.fetch(later.cursor).conversations] == [ids[0]]


def test_requests_carry_the_bearer_token_accept_and_version_headers(server: IntercomState,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seed(server, 1)
    connector_for(server, monkeypatch).fetch(None)
    assert server.received
    for request in server.received:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert request.headers["accept"] == "application/json" and request.headers["intercom-version"] == "2.11"


def test_a_wrong_token_gets_intercoms_error_body(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    config = IntercomConfig.model_validate(settings(server, monkeypatch))
    monkeypatch.setenv("INTERCOM_TEST_TOKEN", "expired")
    with pytest.raises(ConnectorError) as failure:
        IntercomConnector("intercom-test", config).fetch(None)
    assert failure.value.status == 401 and not failure.value.retryable
    error, expected = json.loads(str(failure.value).split("HTTP 401 ", 1)[1]), recorded("error_unauthorized.json")
    assert error["type"] == expected["type"] and error["errors"] == expected["errors"]


def test_check_names_the_workspace_and_the_admin(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "Shop Example" in connector_for(server, monkeypatch).check()
    with pytest.raises(ConnectorError) as failure:
        connector_for(server, monkeypatch, admin_id="404").check()
    assert failure.value.status == 404


# writing


def test_replies_and_notes_carry_an_invisible_marker_that_is_stripped_on_read(
        server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    reply = connector.post_reply(external_id, "Line one & <two>\n\nSecond paragraph", idempotency_key="r-1")
    note = connector.add_note(external_id, "Line one & <two>\n\nSecond paragraph", idempotency_key="n-1")
    assert reply != note
    sent = [r.body for r in server.received if r.path.endswith("/reply")]
    assert sent[0] == {"message_type": "comment", "type": "admin", "admin_id": ADMIN_ID,
                       "body": "<p>Line one &amp; &lt;two&gt;</p><p>Second paragraph" + write_marker("r-1") + "</p>"}
    assert sent[1]["message_type"] == "note"
    assert server.public_replies(external_id) == ["Line one & <two>\n\nSecond paragraph"]
    fetched = connector.get(external_id)
    written = [m for m in fetched.messages if m.author_role == "ai"]
    assert [(m.public, m.body) for m in written] == [(True, "Line one & <two>\n\nSecond paragraph"),
                                                     (False, "Line one & <two>\n\nSecond paragraph")]
    assert strip_markers(write_marker("x")) == "" and write_marker("x") != write_marker("y")


def test_the_same_key_writes_once_and_another_key_writes_again(server: IntercomState,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    first = connector.post_reply(external_id, "Same words.", idempotency_key="k-1")
    assert connector.post_reply(external_id, "Same words.", idempotency_key="k-1") == first
    assert connector.post_reply(external_id, "Same words.", idempotency_key="k-2") != first
    assert server.public_replies(external_id) == ["Same words.", "Same words."]


def test_only_marked_parts_count_as_earlier_writes(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    teammate = {"id": ADMIN_ID, "type": "admin", "name": "deskpilot", "email": "deskpilot@shop.example.com"}
    server.add_part(external_id, "comment", "<p>Typed by a teammate sharing the account.</p>", teammate)
    connector.post_reply(external_id, "Typed by a teammate sharing the account.", idempotency_key="k-human")
    assert len(server.public_replies(external_id)) == 2
    roles = [m.author_role for m in connector.get(external_id).messages]
    assert roles == ["customer", "agent", "ai"]
    with pytest.raises(ConnectorError):
        connector.post_reply(external_id, "  \n", idempotency_key="k-empty")


def test_update_maps_statuses_to_states_and_sets_attributes_once(server: IntercomState,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    connector.update(external_id, status="pending")
    snoozed = server.conversations[external_id]
    assert snoozed["state"] == "snoozed" and snoozed["snoozed_until"] > time.time()
    connector.update(external_id, status="solved", tags=["billing", "billing", "VIP"],
                     fields={"Order number": "W7", "Escalated": True})
    assert server.status(external_id) == "closed" and server.tags(external_id) == ["billing", "VIP"]
    assert server.custom_attributes(external_id) == {"Order number": "W7", "Escalated": True}
    writes = len([r for r in server.received if r.method in ("POST", "PUT") and "search" not in r.path])
    connector.update(external_id, status="closed", tags=["vip"])  # already so: nothing is written
    assert len([r for r in server.received if r.method in ("POST", "PUT") and "search" not in r.path]) == writes
    connector.update(external_id, status="open")
    assert server.status(external_id) == "open" and connector.get(external_id).status == "open"
    with pytest.raises(ConnectorError):
        connector.update(external_id, status="archived")


def test_a_rate_limit_waits_until_x_ratelimit_reset(server: IntercomState, monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    waits: list[float] = []
    connector.http.sleep = waits.append
    server.fail_writes(1, status=429, headers={"X-RateLimit-Reset": str(int(time.time()) + 5)})
    connector.add_note(external_id, "Rate limited once.", idempotency_key="k-429")
    assert len(waits) == 1 and 3.0 <= waits[0] <= 5.0
    assert server.notes(external_id) == ["Rate limited once."]


def test_a_write_refused_for_good_is_not_retried_as_a_duplicate(server: IntercomState,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    external_id = seed(server, 1)[0]
    connector = connector_for(server, monkeypatch)
    server.fail_writes(1, status=400)
    with pytest.raises(ConnectorError) as failure:
        connector.post_reply(external_id, "Refused.", idempotency_key="k-400")
    assert failure.value.status == 400 and not failure.value.retryable
    assert server.public_replies(external_id) == []


# webhooks


def _receive(service: ConnectorService, server: IntercomState, name: str, at: datetime) -> WebhookReceipt:
    payload = recorded(name)
    payload["created_at"] = int(at.timestamp())
    body = json.dumps(payload).encode()
    return service.receive_webhook(INSTANCE, server.sign(body), body)


@pytest.fixture
def service(server: IntercomState, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ConnectorService]:
    db: Database = migrated_database(sqlite_url(tmp_path))
    service = ConnectorService(db, clock=lambda: NOW.timestamp())
    service.add(INSTANCE, "intercom", settings(server, monkeypatch), actor="test")
    yield service
    db.dispose()


def test_a_topic_that_is_not_processed_is_accepted_but_names_no_conversation(
        server: IntercomState, service: ConnectorService) -> None:
    receipt = _receive(service, server, "webhook_contact_user_created.json", NOW)
    assert not receipt.duplicate and receipt.external_ids == []
    assert receipt.delivery_id == "notif_9b1c7a60-2f7e-4c1d-8f3b-6a5d4c3b2a19"


def test_a_recorded_conversation_notification_names_its_conversation(server: IntercomState,
                                                                     service: ConnectorService) -> None:
    receipt = _receive(service, server, "webhook_conversation_user_replied.json", NOW - timedelta(seconds=20))
    assert receipt.external_ids == ["215471234567890"]
    assert receipt.delivery_id == "notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e"
    assert _receive(service, server, "webhook_conversation_user_replied.json", NOW).duplicate


def test_webhooks_are_refused_without_a_valid_recent_signature(server: IntercomState,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    connector = connector_for(server, monkeypatch)
    body = server.notification("conversation.user.created", {"type": "conversation", "id": "1"},
                               delivery_id="notif_1", at=NOW)
    connector.verify_webhook(server.sign(body), body, now=NOW.timestamp())
    refusals = [
        ({}, body, NOW),  # unsigned
        ({"X-Hub-Signature": server.sign(body)["X-Hub-Signature"].replace("sha1=", "sha256=")}, body, NOW),
        (server.sign(body), body, NOW + timedelta(minutes=10)),  # stale
        (server.sign(body), body, NOW - timedelta(minutes=10)),  # from the future
    ]
    for headers, payload, now in refusals:
        with pytest.raises(WebhookRejected):
            connector.verify_webhook(headers, payload, now=now.timestamp())
    with pytest.raises(WebhookRejected) as unreadable:
        connector.verify_webhook(server.sign(b"not json"), b"not json", now=NOW.timestamp())
    assert unreadable.value.status == 400
    unsigned = connector_for(server, monkeypatch, client_secret=None)
    with pytest.raises(WebhookRejected):
        unsigned.verify_webhook(server.sign(body), body, now=NOW.timestamp())


# settings


def test_settings_refuse_raw_secrets_and_bad_values(server: IntercomState, monkeypatch: pytest.MonkeyPatch,
                                                    service: ConnectorService) -> None:
    good = settings(server, monkeypatch)
    for bad in ({"access_token": TOKEN}, {"client_secret": CLIENT_SECRET}, {"page_size": 151},
                {"api_version": "latest"}, {"base_url": "api.intercom.io"}, {"admin_id": ""}, {"token": "x"}):
        with pytest.raises(ValidationError):
            IntercomConfig.model_validate({**good, **bad})
    with pytest.raises(ConnectorSettingsError) as refused:
        service.add("intercom-raw", "intercom", {**good, "access_token": TOKEN}, actor="test")
    assert TOKEN not in str(refused.value)
    config = IntercomConfig.model_validate({**good, "admin_id": 5017690})
    assert config.admin_id == "5017690" and config.public()["access_token"] == "**********"
