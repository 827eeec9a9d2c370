"""The admin settings pages against a real server with sign-in on: modes and thresholds changed through forms (audited
as the signed-in user, validated with the page shown again), CSRF and role checks, and connector instances added and
edited through forms drawn from the kind's schema without their secret references ever being shown back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.domain.enums import Mode
from deskpilot.services.connectors import ConnectorService
from deskpilot.services.users import SessionService, UserService
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.gate_settings import IntentInfo
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.servers import running_server
from deskpilot.testing.vendors.zendesk import zendesk_server

ADMIN = "admin@example.com"
REVIEWER = "reviewer@example.com"
PASSWORD = "a long test password"
TOKEN_ENV = "ZENDESK_TEST_TOKEN"
TOKEN_REF = f"env:{TOKEN_ENV}"
PAGES = ("/settings", "/settings/modes", "/settings/thresholds", "/settings/connectors",
         "/settings/connectors/new/zendesk", "/settings/connectors/instances/zd-main")


@pytest.fixture
def console(any_db: Database) -> Iterator[tuple[str, Database]]:
    """A server with sign-in required, an admin and a reviewer, two categories from the taxonomy and one more that
    only has a mode."""
    users = UserService(any_db)
    users.add(ADMIN, "admin", password=PASSWORD, actor="test")
    users.add(REVIEWER, "reviewer", password=PASSWORD, actor="test")
    with any_db.uow() as uow:
        uow.taxonomy.save(IntentInfo("refund_request", "billing"))
        uow.taxonomy.save(IntentInfo("where_is_my_order", "shipping"))
        uow.gate_settings.set_mode("legacy", Mode.SHADOW, 100)
        uow.commit()
    url = any_db.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, environment="test", auth_required=True, locales=("en", "de"))
    with running_server(create_app(settings, db=any_db)) as base:
        yield base, any_db


@contextmanager
def sign_in(base: str, email: str) -> Iterator[httpx.Client]:
    """A browser signed in through the login form."""
    with httpx.Client(base_url=base, follow_redirects=False) as browser:
        form = browser.get("/login")
        answer = browser.post("/login", data={"email": email, "password": PASSWORD, "csrf": csrf_of(form.text),
                                              "next": "/settings"})
        assert answer.status_code == 303 and answer.headers["location"] == "/settings"
        yield browser


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def events(db: Database, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(actor, properties) of every audit event of a kind, oldest first."""
    with db.reader() as uow:
        return [(e.actor, json.loads(e.payload)) for e in uow.audit.iter_chain() if e.kind == kind]


def test_an_admin_sees_every_category_and_changes_a_mode(console: tuple[str, Database]) -> None:
    base, db = console
    with sign_in(base, ADMIN) as browser:
        page = browser.get("/settings/modes")
        assert page.status_code == 200
        for category in ("billing", "shipping", "legacy"):
            assert f'<input type="hidden" name="category" value="{category}">' in page.text
        assert "refund_request" in page.text and 'for="mode-1"' in page.text
        csrf = csrf_of(page.text)
        changed = browser.post("/settings/modes", data={"csrf": csrf, "category": "billing", "mode": "autonomous",
                                                        "rollout_percent": "25"})
        assert changed.status_code == 303 and changed.headers["location"] == "/settings/modes?saved=billing"
        shown = browser.get(changed.headers["location"])
        assert "Saved the mode of billing." in shown.text
        again = browser.post("/settings/modes", data={"csrf": csrf, "category": "billing", "mode": "assist",
                                                      "rollout_percent": "0"})
        assert again.status_code == 303
    with db.reader() as uow:
        modes = uow.gate_settings.modes()
    assert (modes["billing"].mode, modes["billing"].rollout_percent) == (Mode.ASSIST, 0)
    assert "shipping" not in modes
    assert events(db, "mode.changed") == [
        (f"user:{ADMIN}", {"category": "billing", "mode": "autonomous", "rollout_percent": 25,
                           "previous_mode": None}),
        (f"user:{ADMIN}", {"category": "billing", "mode": "assist", "rollout_percent": 0,
                           "previous_mode": "autonomous"})]


def test_a_bad_mode_form_is_shown_again_with_the_reason(console: tuple[str, Database]) -> None:
    base, db = console
    with sign_in(base, ADMIN) as browser:
        csrf = csrf_of(browser.get("/settings/modes").text)
        for data, reason in (
                ({"category": "billing", "mode": "autonomous", "rollout_percent": "150"},
                 "The rollout must be a whole percentage from 0 to 100."),
                ({"category": "billing", "mode": "yolo", "rollout_percent": "10"}, "Choose a mode"),
                ({"category": "unheard-of", "mode": "assist", "rollout_percent": "10"},
                 "there is no category &#39;unheard-of&#39;")):
            refused = browser.post("/settings/modes", data={"csrf": csrf, **data})
            assert refused.status_code == 400 and reason in refused.text, data
            assert 'role="alert"' in refused.text and 'action="/settings/modes"' in refused.text
    with db.reader() as uow:
        assert set(uow.gate_settings.modes()) == {"legacy"}
    assert events(db, "mode.changed") == []


def test_thresholds_are_validated_then_added_and_edited(console: tuple[str, Database]) -> None:
    base, db = console
    with sign_in(base, ADMIN) as browser:
        page = browser.get("/settings/thresholds")
        assert page.status_code == 200 and "No thresholds yet" in page.text
        assert '<option value="de">de</option>' in page.text and '<option value="billing">billing</option>' in page.text
        csrf = csrf_of(page.text)
        for data, reason in (
                ({"locale": "en", "category": "billing", "threshold": "1.5"}, "The threshold must be a number from 0"),
                ({"locale": "en", "category": "billing", "threshold": "-0.1"}, "The threshold must be a number from 0"),
                ({"locale": "en", "category": "billing", "threshold": "high"}, "The threshold must be a number from 0"),
                ({"locale": "en", "category": "billing", "threshold": "nan"}, "The threshold must be a number from 0"),
                ({"locale": "fr", "category": "billing", "threshold": "0.5"}, "configured locales: en, de."),
                ({"locale": "en", "category": "nope", "threshold": "0.5"}, "There is no category nope.")):
            refused = browser.post("/settings/thresholds", data={"csrf": csrf, **data})
            assert refused.status_code == 400 and reason in refused.text, data
            assert 'role="alert"' in refused.text and "Traceback" not in refused.text
            assert f'value="{data["threshold"]}" aria-invalid="true"' in refused.text  # the add form keeps it
        with db.reader() as uow:
            assert uow.gate_settings.thresholds() == {}
        assert events(db, "threshold.changed") == []
        added = browser.post("/settings/thresholds", data={"csrf": csrf, "locale": "en", "category": "billing",
                                                           "threshold": "0,8"})
        assert added.status_code == 303
        assert "Saved the threshold of en × billing." in browser.get(added.headers["location"]).text
        everywhere = browser.post("/settings/thresholds", data={"csrf": csrf, "locale": "*", "category": "*",
                                                                "threshold": "0.6"})
        assert everywhere.status_code == 303
        edited = browser.post("/settings/thresholds", data={"csrf": csrf, "locale": "en", "category": "billing",
                                                            "threshold": "0.9"})
        assert edited.status_code == 303
        shown = browser.get("/settings/thresholds").text
        assert shown.index('value="0.6"') < shown.index('value="0.9"')  # '*' rows first
    with db.reader() as uow:
        assert uow.gate_settings.thresholds() == {("en", "billing"): 0.9, ("*", "*"): 0.6}
    assert events(db, "threshold.changed") == [
        (f"user:{ADMIN}", {"locale": "en", "category": "billing", "threshold": 0.8, "previous": None}),
        (f"user:{ADMIN}", {"locale": "*", "category": "*", "threshold": 0.6, "previous": None}),
        (f"user:{ADMIN}", {"locale": "en", "category": "billing", "threshold": 0.9, "previous": 0.8})]


def test_a_post_with_a_wrong_or_no_csrf_token_is_refused(console: tuple[str, Database]) -> None:
    base, db = console
    with sign_in(base, ADMIN) as browser:
        for path, data in (
                ("/settings/modes", {"category": "billing", "mode": "autonomous", "rollout_percent": "100"}),
                ("/settings/thresholds", {"locale": "*", "category": "*", "threshold": "0.1"}),
                ("/settings/connectors/new/zendesk", {"name": "zd", "cfg.base_url": "https://acme.zendesk.com",
                                                      "cfg.email": "bot@example.com", "cfg.api_token": TOKEN_REF})):
            forged = browser.post(path, data={"csrf": "forged", **data})
            assert forged.status_code == 403 and "CSRF" in forged.text, path
            missing = browser.post(path, data=data)
            assert missing.status_code == 403 and "CSRF" in missing.text, path
    with db.reader() as uow:
        assert set(uow.gate_settings.modes()) == {"legacy"}
        assert uow.gate_settings.thresholds() == {}
        assert uow.connectors.list() == []
    assert events(db, "mode.changed") == events(db, "threshold.changed") == events(db, "connector.configured") == []


def test_a_reviewer_may_neither_see_nor_change_settings(console: tuple[str, Database]) -> None:
    base, db = console
    ConnectorService(db).add("zd-main", "zendesk", {"base_url": "https://acme.zendesk.com", "email": "bot@example.com",
                                                     "api_token": TOKEN_REF}, actor="test")
    with sign_in(base, REVIEWER) as browser:
        session = SessionService(db).lookup(browser.cookies["deskpilot_session"])
        assert session is not None
        for path in PAGES:
            assert browser.get(path).status_code == 403, path
        for path, data in (
                ("/settings/modes", {"category": "billing", "mode": "autonomous", "rollout_percent": "100"}),
                ("/settings/thresholds", {"locale": "*", "category": "*", "threshold": "0.1"}),
                ("/settings/connectors/instances/zd-main", {"cfg.base_url": "https://evil.example.com"}),
                ("/settings/connectors/instances/zd-main/check", {})):
            assert browser.post(path, data={"csrf": session.csrf, **data}).status_code == 403, path
    with sign_in(base, ADMIN) as browser:
        for path in PAGES:
            assert browser.get(path).status_code == 200, path
    with db.reader() as uow:
        assert set(uow.gate_settings.modes()) == {"legacy"} and uow.gate_settings.thresholds() == {}
        instance = uow.connectors.get("zd-main")
    assert instance is not None and instance.settings["base_url"] == "https://acme.zendesk.com"


def test_the_connector_form_is_drawn_from_the_kinds_schema(console: tuple[str, Database]) -> None:
    base, _ = console
    with sign_in(base, ADMIN) as browser:
        listing = browser.get("/settings/connectors")
        assert listing.status_code == 200 and "No connector instances yet" in listing.text
        assert "Zendesk" in listing.text and 'href="/settings/connectors/new/zendesk"' in listing.text
        form = browser.get("/settings/connectors/new/zendesk").text
        assert browser.get("/settings/connectors/new/no-such-kind").status_code == 404
        assert browser.get("/settings/connectors/instances/no-such-instance").status_code == 404
    inputs = {m.group(2): m.group(1) for m in re.finditer(r'<input type="(\w+)" id="cfg-\w+" name="cfg\.(\w+)"',
                                                          form)}
    assert inputs == {"base_url": "text", "email": "text", "api_token": "password", "webhook_secret": "password",
                      "timeout_s": "number", "page_size": "number"}
    assert 'name="cfg.custom_field_ids"' in form and "One KEY = VALUE per line." in form  # dict field: a textarea
    for name in ("base_url", "email", "api_token"):  # required fields carry a marker
        assert re.search(rf'<label for="cfg-{name}">{name} <abbr class="required"', form), name
    assert '<label for="cfg-timeout_s">timeout_s</label>' in form
    assert "the API user&#39;s e-mail address" in form  # help from the field's description
    assert re.search(r'name="cfg\.api_token" value=""', form) and 'name="cfg.page_size" value="100"' in form
    assert 'max="1000"' in form and 'maxlength="320"' in form


def test_an_instance_is_added_and_edited_without_its_secret_being_shown(console: tuple[str, Database]) -> None:
    base, db = console
    fields = {"cfg.base_url": "https://acme.zendesk.com", "cfg.email": "bot@example.com",
              "cfg.api_token": TOKEN_REF, "cfg.timeout_s": "20", "cfg.page_size": "100",
              "cfg.custom_field_ids": "order_number = 360012345678\n\n"}
    with sign_in(base, ADMIN) as browser:
        csrf = csrf_of(browser.get("/settings/connectors/new/zendesk").text)
        bad_name = browser.post("/settings/connectors/new/zendesk", data={"csrf": csrf, "name": "zd main!", **fields})
        assert bad_name.status_code == 400 and "An instance name is 1 to 64 letters" in bad_name.text
        added = browser.post("/settings/connectors/new/zendesk", data={"csrf": csrf, "name": "zd-main", **fields})
        assert added.status_code == 303 and added.headers["location"] == "/settings/connectors?saved=zd-main"
        listing = browser.get(added.headers["location"]).text
        assert "Saved the connector instance zd-main." in listing
        assert 'href="/settings/connectors/instances/zd-main"' in listing and TOKEN_REF not in listing
        taken = browser.post("/settings/connectors/new/zendesk", data={"csrf": csrf, "name": "zd-main", **fields})
        assert taken.status_code == 400 and "There is already an instance named zd-main" in taken.text

        edit = browser.get("/settings/connectors/instances/zd-main")
        assert edit.status_code == 200
        assert TOKEN_REF not in edit.text and TOKEN_ENV not in edit.text
        assert "stored — leave blank to keep" in edit.text
        assert re.search(r'name="cfg\.api_token" value=""', edit.text)
        assert 'value="https://acme.zendesk.com"' in edit.text and "order_number = 360012345678" in edit.text
        kept = browser.post("/settings/connectors/instances/zd-main", data={
            "csrf": csrf_of(edit.text), **fields, "cfg.api_token": "", "cfg.page_size": "50"})
        assert kept.status_code == 303
    with db.reader() as uow:
        instance = uow.connectors.get("zd-main")
    assert instance is not None and instance.kind == "zendesk"
    assert instance.settings["api_token"] == TOKEN_REF and instance.settings["page_size"] == 50
    assert instance.settings["custom_field_ids"] == {"order_number": 360012345678}
    configured = events(db, "connector.configured")
    assert [(actor, p["name"], p["settings"]["page_size"]) for actor, p in configured] == [
        (f"user:{ADMIN}", "zd-main", 100), (f"user:{ADMIN}", "zd-main", 50)]
    assert TOKEN_REF not in json.dumps(configured)


def test_refused_settings_keep_what_was_typed_but_not_the_secrets(console: tuple[str, Database]) -> None:
    base, db = console
    ConnectorService(db).add("zd-main", "zendesk", {"base_url": "https://acme.zendesk.com", "email": "bot@example.com",
                                                     "api_token": TOKEN_REF}, actor="test")
    with sign_in(base, ADMIN) as browser:
        csrf = csrf_of(browser.get("/settings/connectors/new/zendesk").text)
        raw_secret = browser.post("/settings/connectors/new/zendesk", data={
            "csrf": csrf, "name": "zd-second", "cfg.base_url": "https://second.zendesk.com",
            "cfg.email": "second@example.com", "cfg.api_token": "plain-token-value-123"})
        assert raw_secret.status_code == 400
        assert "secrets are stored as references: env:NAME or file:/path" in raw_secret.text
        assert 'value="https://second.zendesk.com"' in raw_secret.text and 'value="zd-second"' in raw_secret.text
        assert "plain-token-value-123" not in raw_secret.text
        unreadable = browser.post("/settings/connectors/instances/zd-main", data={
            "csrf": csrf, "cfg.base_url": "https://acme.zendesk.com", "cfg.email": "bot@example.com",
            "cfg.custom_field_ids": "order_number"})
        assert unreadable.status_code == 400 and "custom_field_ids: line 1 is not KEY = VALUE" in unreadable.text
        assert TOKEN_REF not in unreadable.text and "stored — leave blank to keep" in unreadable.text
        wrong = browser.post("/settings/connectors/instances/zd-main", data={
            "csrf": csrf, "cfg.base_url": "ftp://acme", "cfg.email": "bot@example.com", "cfg.page_size": "5000"})
        assert wrong.status_code == 400 and "base_url must be an http(s) URL" in wrong.text
        assert "page_size" in wrong.text and 'value="ftp://acme"' in wrong.text and TOKEN_REF not in wrong.text
    with db.reader() as uow:
        assert [i.name for i in uow.connectors.list()] == ["zd-main"]
        stored = uow.connectors.get("zd-main")
    assert stored is not None and stored.settings["base_url"] == "https://acme.zendesk.com"
    assert len(events(db, "connector.configured")) == 1


def test_a_stored_optional_secret_is_kept_replaced_or_removed(console: tuple[str, Database]) -> None:
    base, db = console
    ConnectorService(db).add("zd-main", "zendesk", {
        "base_url": "https://acme.zendesk.com", "email": "bot@example.com", "api_token": TOKEN_REF,
        "webhook_secret": "env:ZENDESK_TEST_HOOK"}, actor="test")
    required = {"cfg.base_url": "https://acme.zendesk.com", "cfg.email": "bot@example.com"}

    def stored() -> dict[str, Any]:
        with db.reader() as uow:
            found = uow.connectors.get("zd-main")
        assert found is not None
        return found.settings

    with sign_in(base, ADMIN) as browser:
        edit = browser.get("/settings/connectors/instances/zd-main").text
        assert "env:ZENDESK_TEST_HOOK" not in edit and 'name="clear.webhook_secret"' in edit
        csrf = csrf_of(edit)
        post = "/settings/connectors/instances/zd-main"
        assert browser.post(post, data={"csrf": csrf, **required}).status_code == 303
        assert stored()["webhook_secret"] == "env:ZENDESK_TEST_HOOK"
        assert browser.post(post, data={"csrf": csrf, **required, "cfg.api_token": "env:OTHER_TOKEN"}
                            ).status_code == 303
        assert stored()["api_token"] == "env:OTHER_TOKEN"
        assert browser.post(post, data={"csrf": csrf, **required, "clear.webhook_secret": "on"}).status_code == 303
    assert "webhook_secret" not in stored() and stored()["api_token"] == "env:OTHER_TOKEN"


def test_test_connection_shows_what_the_help_desk_answered(console: tuple[str, Database],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    base, db = console
    with zendesk_server() as vendor, sign_in(base, ADMIN) as browser:
        ConnectorService(db).add("zd-main", "zendesk", {"base_url": vendor.base_url, "email": vendor.email,
                                                         "api_token": TOKEN_REF}, actor="test")
        monkeypatch.delenv(TOKEN_ENV, raising=False)
        csrf = csrf_of(browser.get("/settings/connectors/instances/zd-main").text)
        unset = browser.post("/settings/connectors/instances/zd-main/check", data={"csrf": csrf})
        assert unset.status_code == 200 and "The connection test failed" in unset.text
        assert f"environment variable {TOKEN_ENV}" in unset.text and TOKEN_REF not in unset.text
        monkeypatch.setenv(TOKEN_ENV, "not-the-token")
        refused = browser.post("/settings/connectors/instances/zd-main/check", data={"csrf": csrf})
        assert "The connection test failed" in refused.text and "401" in refused.text
        monkeypatch.setenv(TOKEN_ENV, vendor.api_token)
        works = browser.post("/settings/connectors/instances/zd-main/check", data={"csrf": csrf})
        assert works.status_code == 200
        assert "The connection works: authenticated as Deskpilot Bot &lt;bot@example.com&gt; (admin)" in works.text


def test_the_cli_sets_modes_through_the_same_audited_service(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrated_database(url).dispose()
    env = {**os.environ, "DESKPILOT_DATABASE_URL": url, "COLUMNS": "200"}
    run = [sys.executable, "-m", "deskpilot", "modes", "set", "billing", "autonomous", "--rollout", "30"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "billing: unset → autonomous (30 %)"
    second = subprocess.run([*run[:-4], "billing", "shadow", "--actor", "cli:ops"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert second.stdout.strip() == "billing: autonomous → shadow (100 %)"
    db = Database.from_url(url)
    try:
        assert events(db, "mode.changed") == [
            ("cli:admin", {"category": "billing", "mode": "autonomous", "rollout_percent": 30, "previous_mode": None}),
            ("cli:ops", {"category": "billing", "mode": "shadow", "rollout_percent": 100,
                         "previous_mode": "autonomous"})]
    finally:
        db.dispose()


def test_a_threshold_row_is_removed_so_the_less_specific_one_applies(console: tuple[str, Database]) -> None:
    base, db = console
    with sign_in(base, ADMIN) as browser:
        csrf = csrf_of(browser.get("/settings/thresholds").text)
        for locale, value in (("en", "0.9"), ("*", "0.6")):
            assert browser.post("/settings/thresholds", data={"csrf": csrf, "locale": locale, "category": "billing",
                                                              "threshold": value}).status_code == 303
        page = browser.get("/settings/thresholds").text
        assert 'aria-label="Remove the threshold of en × billing"' in page
        removed = browser.post("/settings/thresholds/remove", data={"csrf": csrf, "locale": "en",
                                                                    "category": "billing"})
        assert removed.status_code == 303
        shown = browser.get(removed.headers["location"]).text
        assert "Removed the threshold of en × billing" in shown
        assert 'aria-label="Remove the threshold of en × billing"' not in shown
        again = browser.post("/settings/thresholds/remove", data={"csrf": csrf, "locale": "en", "category": "billing"})
        assert again.status_code == 400 and "There is no threshold row en × billing" in again.text
        forged = browser.post("/settings/thresholds/remove", data={"csrf": "forged", "locale": "*",
                                                                   "category": "billing"})
        assert forged.status_code == 403
    with db.reader() as uow:
        assert uow.gate_settings.thresholds() == {("*", "billing"): 0.6}
    assert events(db, "threshold.removed") == [
        (f"user:{ADMIN}", {"locale": "en", "category": "billing", "previous": 0.9})]
