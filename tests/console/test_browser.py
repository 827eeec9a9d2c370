"""The console in a real browser (Debian's chromium through Playwright): sign in, the queue by keyboard, a draft,
a citation to its clause, edit and send, the reply delivered from the outbox and the audit trail; a reviewer cannot
open the settings. Screenshots of the main pages go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from deskpilot.api.app import create_app
from deskpilot.auth.credentials import Role
from deskpilot.config import Settings
from deskpilot.jobs.registry import load_handlers
from deskpilot.jobs.worker import Worker
from deskpilot.services.process import DELIVER_JOB
from deskpilot.services.users import UserService
from deskpilot.storage.database import Database
from deskpilot.testing.browser import CHROMIUM_ARGS, chromium_path, missing_browser, screenshot_path
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.review import RETURNS_CLAUSES, ReviewWorkspace, add_alternative, build_review_workspace
from deskpilot.testing.servers import running_server

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))
PASSWORD = "a long test password"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Settings, ReviewWorkspace]]:
    url = sqlite_url(tmp_path_factory.mktemp("browser"))
    db = migrated_database(url)
    workspace = build_review_workspace(db, datetime.now(UTC))
    for role in Role:
        UserService(db).add(f"{role.value}@example.com", role.value, password=PASSWORD, actor="test")
    settings = Settings(database_url=url, environment="test")
    with running_server(create_app(settings, db=db)) as base:
        yield base, db, settings, workspace
    db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _sign_in(page: Any, base: str, role: str, target: str = "/review") -> None:
    page.goto(f"{base}{target}")
    assert "/login" in page.url  # signed out: the console asks who you are
    page.fill("input[name=email]", f"{role}@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{target}*")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(screenshot_path(name, ROOT)), full_page=True)


def test_a_reviewer_edits_and_sends_a_cited_draft(site: tuple[str, Database, Settings, ReviewWorkspace],
                                                   browser: Any) -> None:
    base, db, settings, ws = site
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{base}/login")
    _shot(page, "01-sign-in")
    _sign_in(page, base, "reviewer")
    rows = page.locator("table.queue tbody tr[data-conversation]")
    assert rows.count() == 4
    order = [int(rows.nth(i).get_attribute("data-conversation")) for i in range(4)]
    assert order == [ws.ids[k] for k in ("R2", "R3", "R1", "E1")]  # the most urgent SLA first
    _shot(page, "02-review-queue")

    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator("tr.selected").get_attribute("data-conversation") == str(ws.ids["R1"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/review/{ws.ids['R1']}*")
    page.wait_for_selector("#similar .muted, #similar .similar-case")  # loaded after the page by htmx

    page.click("#draft-text a.cite[data-clause='2']")
    clause = page.locator("#clause-2")
    assert "highlight" in (clause.get_attribute("class") or "")
    assert RETURNS_CLAUSES[1] in clause.inner_text() and ws.clauses[1] in clause.inner_text()
    assert page.url.endswith("#clause-2")
    _shot(page, "03-review-page")

    edited = "You can return the jacket within 30 days of delivery. [1] A prepaid label is on its way."
    page.fill("#reply-text", edited)
    assert "Send edited reply" in page.inner_text("#approve")
    page.click("#approve")
    page.wait_for_url(f"{base}/review/*done={ws.ids['R1']}*")
    assert page.locator("p.notice").count() == 1  # on to the next conversation, with a notice

    deliver = {DELIVER_JOB: load_handlers()[DELIVER_JOB]}
    assert Worker(db, settings, handlers=deliver).run(drain=True) == 1  # the outbox delivers the reply
    page.goto(f"{base}/review/{ws.ids['R1']}")
    outbox = page.locator("#outbox tbody tr")
    assert outbox.count() == 1 and "reply" in outbox.first.inner_text() and "sent" in outbox.first.inner_text()
    assert "user:reviewer@example.com" in outbox.first.inner_text()
    assert page.locator("#review-form").count() == 0 and "solved" in page.inner_text("p.muted >> nth=0")
    assert edited in page.inner_text("section.thread")  # the sent reply is now in the thread
    page.click("#audit-trail summary")
    trail = page.inner_text("#audit-trail")
    for kind in ("draft.reviewed", "action.queued", "action.delivered"):
        assert kind in trail
    _shot(page, "04-reviewed-with-outbox-and-audit")

    answer = page.goto(f"{base}/settings")
    assert answer is not None and answer.status == 403  # a reviewer cannot open the admin settings
    page.close()


def test_a_reviewer_sends_another_suggested_reply(site: tuple[str, Database, Settings, ReviewWorkspace],
                                                 browser: Any) -> None:
    base, db, _, ws = site
    offered = "Refunds reach the original payment method within 5 business days. [1]"
    alternative = add_alternative(db, ws.ids["R3"], offered, [(1, ws.clauses[1])], category="refunds")
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    _sign_in(page, base, "reviewer", f"/review/{ws.ids['R3']}")
    page.click(f"button.use-alternative[data-suggestion='{alternative}']")
    assert page.input_value("#reply-text") == offered
    assert page.input_value("#suggestion-id") == str(alternative)
    assert "Send edited reply" in page.inner_text("#approve")
    page.keyboard.press("Escape")  # leave the reply box, then approve with the keyboard
    page.keyboard.press("a")
    page.wait_for_url(f"{base}/review/*done={ws.ids['R3']}*")
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(ws.ids["R3"])
    assert action.payload["text"] == offered and action.payload["author_role"] == "ai"
    assert action.lineage["clauses"] == [ws.clauses[1]]
    page.close()


def test_an_admin_sees_the_dashboard_and_settings(site: tuple[str, Database, Settings, ReviewWorkspace],
                                                  browser: Any) -> None:
    base, _, _, _ = site
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    _sign_in(page, base, "admin", "/dashboard")
    assert page.locator("h1").first.is_visible()
    _shot(page, "05-dashboard")
    answer = page.goto(f"{base}/settings")
    assert answer is not None and answer.status == 200
    _shot(page, "06-settings")
    page.close()
