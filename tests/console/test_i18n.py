"""Translatable console: every marked string is in every shipped catalog, placeholders survive translation, and
pages come in the language chosen (cookie) or preferred by the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.console.i18n import LANGUAGE_COOKIE, catalog, catalog_problems, languages, pick_language
from deskpilot.console.routes import templates, templates_root
from deskpilot.storage.database import Database
from deskpilot.testing.servers import running_server

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_the_console_ships_the_five_supported_languages() -> None:
    assert languages() == ("en", "de", "es", "fr", "lt")


def test_every_catalog_translates_every_marked_string_and_nothing_else() -> None:
    problems = catalog_problems(templates().env, templates_root())
    assert set(problems) == {"de", "es", "fr", "lt"}
    for language, found in problems.items():
        assert found == {"missing": [], "unused": []}, language


@pytest.mark.parametrize("language", ["de", "es", "fr", "lt"])
def test_placeholders_survive_translation(language: str) -> None:
    entries = catalog(language)
    assert entries, language
    for source, translated in entries.items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translated)), (language, source)


def test_the_chosen_language_wins_then_the_browser_s_preference_then_english() -> None:
    assert pick_language("lt", "de-DE,de;q=0.9") == "lt"
    assert pick_language(None, "pt-BR,fr;q=0.8,de;q=0.9") == "de"
    assert pick_language("xx", "es;q=0.3, en;q=0.2") == "es"
    assert pick_language(None, "ja, zh;q=0.5") == "en"
    assert pick_language(None, None) == "en"


@pytest.fixture
def site(sqlite_db: Database) -> Iterator[str]:
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with running_server(create_app(Settings(database_url=url, environment="test"), db=sqlite_db)) as base:
        yield base


def test_pages_come_in_the_browser_s_language_or_the_one_chosen(site: str) -> None:
    german = httpx.get(f"{site}/login", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert '<html lang="de">' in german.text and catalog("de")["Password"] in german.text
    with httpx.Client(base_url=site) as browser:
        chosen = browser.get("/language/lt", params={"next": "/login"})
        assert chosen.status_code == 303 and chosen.headers["location"] == "/login"
        assert browser.cookies.get(LANGUAGE_COOKIE) == "lt"
        page = browser.get("/login", headers={"Accept-Language": "de"})
        assert '<html lang="lt">' in page.text and catalog("lt")["Password"] in page.text
        assert browser.get("/language/en", params={"next": "https://evil.example/"}).headers["location"] == "/"


def test_words_translated_from_data_are_escaped() -> None:
    class Request:  # what the language lookup reads
        cookies: dict[str, str] = {}
        headers = {"accept-language": "de"}

    rendered = templates().env.from_string("{{ _(word) }} {{ _('Password') }}").render(
        word="<script>alert(1)</script>", request=Request())
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered and catalog("de")["Password"] in rendered
