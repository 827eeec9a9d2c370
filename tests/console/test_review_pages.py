"""The review console over HTTP with sign-in on: the queue, the review page, one-form approve / edit / reject with
CSRF, who may do what, and the same through the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

import httpx
import pytest

from deskpilot.api.app import create_app
from deskpilot.auth.credentials import Role
from deskpilot.config import Settings
from deskpilot.services.users import UserService
from deskpilot.storage.database import Database
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.review import (
    DRAFT_R1,
    EMAIL,
    RETURNS_CLAUSES,
    ReviewWorkspace,
    add_alternative,
    build_review_workspace,
)
from deskpilot.testing.servers import running_server

PASSWORD = "a long test password"


@pytest.fixture
def console(tmp_path) -> Iterator[tuple[str, Database, ReviewWorkspace]]:  # type: ignore[no-untyped-def]
    url = sqlite_url(tmp_path)
    db = migrated_database(url)
    workspace = build_review_workspace(db)
    for role in Role:
        UserService(db).add(f"{role.value}@example.com", role.value, password=PASSWORD, actor="test")
    with running_server(create_app(Settings(database_url=url, environment="test"), db=db)) as base:
        yield base, db, workspace
    db.dispose()


@contextmanager
def _signed_in(base: str, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base) as client:
        form = client.get("/login")
        done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD,
                                           "csrf": _csrf(form.text), "next": "/review"})
        assert done.status_code == 303
        yield client


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_the_queue_lists_what_waits_with_filters_and_sortable_columns(
        console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, _, ws = console
    with _signed_in(base, "reviewer") as client:
        page = client.get("/review")
        assert page.status_code == 200
        listed = [int(n) for n in re.findall(r'data-conversation="(\d+)"', page.text)]
        assert set(listed) == {ws.ids[k] for k in ("R1", "R2", "R3", "E1")}
        assert "4 conversations wait" in page.text and EMAIL not in page.text
        german = client.get("/review", params={"locale": "de"})
        assert [int(n) for n in re.findall(r'data-conversation="(\d+)"', german.text)] == [ws.ids["R2"]]
        by_confidence = client.get("/review", params={"sort": "confidence", "dir": "desc"})
        assert [int(n) for n in re.findall(r'data-conversation="(\d+)"', by_confidence.text)] == [
            ws.ids[k] for k in ("R1", "R3", "R2", "E1")]
        assert 'aria-sort="descending"' in by_confidence.text
        assert client.get("/review", params={"sort": "price"}).status_code == 422
        notice = client.get("/review", params={"done": "<b>1</b>", "verdict": "<script>alert(1)</script>"})
        assert "<script>alert" not in notice.text and "&lt;script&gt;" in notice.text and "<b>1" not in notice.text


def test_the_review_page_puts_each_citation_beside_the_exact_clause_text(
        console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, _, ws = console
    with _signed_in(base, "reviewer") as client:
        page = client.get(f"/review/{ws.ids['R1']}")
        html = unescape(page.text)
        assert page.status_code == 200
        assert 'href="#clause-1"' in html and 'href="#clause-2"' in html
        for number, (citation, text) in enumerate(zip(ws.clauses, RETURNS_CLAUSES, strict=True), 1):
            block = html[html.index(f'id="clause-{number}"'):]
            assert citation in block[:600] and text in block[:600]
        assert EMAIL not in html and "<EMAIL_1>" in html
        assert 'id="review-form"' in html and f'name="decision_id" value="{ws.decisions["R1"]}"' in html
        assert 'id="show-original"' not in html  # reviewers do not see the original text
        assert client.get(f"/review/{ws.ids['R1']}", params={"original": "1"}).status_code == 403
        brief = unescape(client.get(f"/review/{ws.ids['E1']}").text)
        assert "The customer threatens to go to court over a refund." in brief and "Which order is it about?" in brief
        urgent = unescape(client.get(f"/review/{ws.ids['R3']}").text)
        assert "deadline: by tomorrow" in urgent
        assert client.get("/review/99999").status_code == 404


def test_approving_in_one_form_sends_through_the_outbox_and_moves_to_the_next(
        console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, db, ws = console
    with _signed_in(base, "reviewer") as client:
        page = client.get(f"/review/{ws.ids['R1']}")
        form = {"csrf": _csrf(page.text), "decision_id": str(ws.decisions["R1"]), "verdict": "approve",
                "text": DRAFT_R1, "reason": "", "q": "sort=sla&dir=asc"}
        forged = client.post(f"/review/{ws.ids['R1']}", data={**form, "csrf": "forged"})
        assert forged.status_code == 403
        with db.reader() as uow:
            assert uow.actions.for_conversation(ws.ids["R1"]) == []
        done = client.post(f"/review/{ws.ids['R1']}", data=form)
        assert done.status_code == 303
        assert done.headers["location"].startswith(f"/review/{ws.ids['R2']}?")  # next by SLA: R2 is breached
        again = client.post(f"/review/{ws.ids['R1']}", data=form)
        assert again.status_code == 409 and "already reviewed" in again.text
        reviewed = unescape(client.get(f"/review/{ws.ids['R1']}").text)
        assert 'id="review-form"' not in reviewed and "user:reviewer@example.com" in reviewed
        assert "draft.reviewed" in reviewed and "action.queued" in reviewed  # the audit trail on the page
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(ws.ids["R1"])
    assert action.payload["text"] == DRAFT_R1 and action.lineage["approver"] == "user:reviewer@example.com"


def test_a_rejection_without_a_reason_is_shown_again_with_the_message(
        console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, db, ws = console
    with _signed_in(base, "admin") as client:
        page = client.get(f"/review/{ws.ids['R3']}")
        refused = client.post(f"/review/{ws.ids['R3']}", data={
            "csrf": _csrf(page.text), "decision_id": str(ws.decisions["R3"]), "verdict": "reject",
            "text": "edited but rejected", "reason": ""})
        assert refused.status_code == 400 and "say why the draft is rejected" in refused.text
        assert "edited but rejected" in refused.text  # what the reviewer typed is kept
        original = unescape(client.get(f"/review/{ws.ids['R1']}", params={"original": "1"}).text)
        assert EMAIL in original  # admins may open the original, and it is audited
    with db.reader() as uow:
        assert uow.decisions.reviews_of(ws.decisions["R3"]) == []
        kinds = [e.kind for e in uow.audit.for_conversation(ws.ids["R1"])]
    assert "conversation.original_viewed" in kinds


def test_auditors_read_but_cannot_review_and_analysts_cannot_open_the_queue(
        console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, _, ws = console
    with _signed_in(base, "auditor") as client:
        page = client.get(f"/review/{ws.ids['R1']}")
        assert page.status_code == 200 and 'id="review-form"' not in page.text
        posted = client.post(f"/review/{ws.ids['R1']}", data={
            "csrf": _csrf(page.text), "decision_id": str(ws.decisions["R1"]), "verdict": "approve"})
        assert posted.status_code == 403
    with _signed_in(base, "analyst") as client:
        assert client.get("/review").status_code == 403


def test_the_api_reviews_with_a_token(console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, db, ws = console
    token = UserService(db).create_token("reviewer@example.com", "bot", actor="test").secret
    headers = {"Authorization": f"Bearer {token}"}
    queue = httpx.get(f"{base}/api/review/queue", params={"category": "refunds"}, headers=headers).json()
    assert queue["total"] == 2 and [i["conversation_id"] for i in queue["items"]] == [ws.ids["R3"], ws.ids["E1"]]
    done = httpx.post(f"{base}/api/conversations/{ws.ids['E1']}/review", headers=headers, json={
        "decision_id": ws.decisions["E1"], "verdict": "edit", "text": "Our legal team will call you today."})
    assert done.status_code == 201 and done.json()["verdict"] == "edit" and done.json()["action_id"]
    stale = httpx.post(f"{base}/api/conversations/{ws.ids['E1']}/review", headers=headers, json={
        "decision_id": ws.decisions["E1"], "verdict": "reject", "reason": "duplicate"})
    assert stale.status_code == 409
    bad = httpx.post(f"{base}/api/conversations/{ws.ids['R2']}/review", headers=headers, json={
        "decision_id": ws.decisions["R2"], "verdict": "reject"})
    assert bad.status_code == 400 and "say why" in bad.json()["detail"]


def test_other_suggested_replies_load_beside_the_form(console: tuple[str, Database, ReviewWorkspace]) -> None:
    base, db, ws = console
    alternative = add_alternative(db, ws.ids["R1"], "Refunds take 5 business days. [1]", [(1, ws.clauses[1])])
    with _signed_in(base, "reviewer") as client:
        page = client.get(f"/review/{ws.ids['R1']}")
        assert f'hx-get="/review/{ws.ids["R1"]}/alternatives"' in page.text
        fragment = unescape(client.get(f"/review/{ws.ids['R1']}/alternatives", timeout=120).text)
        assert f'data-suggestion="{alternative}"' in fragment and RETURNS_CLAUSES[1] in fragment
        assert "the draft" not in fragment  # the draft itself is not offered twice
    with _signed_in(base, "auditor") as client:
        assert client.get(f"/review/{ws.ids['R1']}/alternatives").status_code == 403
