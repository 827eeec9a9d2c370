"""Translatable console: every marked string is in every shipped catalog, placeholders survive translation, and
pages come in the language chosen (cookie) or preferred by the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.console.i18n import LANGUAGE_COOKIE, catalog, catalog_problems, languages, pick_language
from deskpilot.console.routes import templates, templates_root
from deskpilot.reports import weekly
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database
from deskpilot.testing.servers import running_server

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_the_console_ships_the_five_supported_languages() -> None:
    assert languages() == ("en", "de", "es", "fr", "lt")


def test_every_catalog_translates_every_marked_string_and_nothing_else() -> None:
    problems = catalog_problems(templates().env, templates_root(), weekly.templates_root())
    assert set(problems) == {"de", "es", "fr", "lt"}
    for language, found in problems.items():
        assert found == {"missing": [], "unused": []}, language


def test_a_marked_string_without_translation_is_reported(tmp_path: Path) -> None:
    (tmp_path / "new.html").write_text('<p>{{ _("A sentence nobody has translated yet.") }}</p>', encoding="utf-8")
    problems = catalog_problems(templates().env, templates_root(), weekly.templates_root(), tmp_path)
    for language, found in problems.items():
        assert found == {"missing": ["A sentence nobody has translated yet."], "unused": []}, language
    without_report = catalog_problems(templates().env, templates_root())
    assert "Weekly metrics" in without_report["de"]["unused"]
    assert "ISO week" not in without_report["de"]["unused"]  # chart texts come from Python, not from a template
    with pytest.raises(KeyError, match="CHART_TEXTS"):
        weekly.chart_text("de", "A chart text nobody listed")


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


def _recent_conversation(key: str, days_ago: int, resolved_by: str, csat: int) -> GenericConversation:
    created = (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
    answered = created + timedelta(minutes=2)
    role = "ai" if resolved_by == "ai" else "agent"
    return GenericConversation.model_validate({
        "source": "i18n-test", "external_id": key, "created_at": created.isoformat(), "category": "order_status",
        "status": "solved", "customer": {"external_id": key, "email": f"{key}@example.com"},
        "messages": [{"external_id": f"{key}-1", "author_role": "customer", "body": "Where is my order?",
                      "created_at": created.isoformat()},
                     {"external_id": f"{key}-2", "author_role": role, "body": "It ships today.",
                      "created_at": answered.isoformat()}],
        "outcome": {"resolution": "solved", "resolved_by": resolved_by, "resolved_at": answered.isoformat(),
                    "csat": csat, "handle_seconds": None if resolved_by == "ai" else 300}})


@pytest.fixture
def open_site(sqlite_db: Database) -> Iterator[str]:
    """A server without sign-in over two weeks of conversations, so the dashboard draws its charts."""
    IngestService(sqlite_db).ingest_many([_recent_conversation("a1", 10, "ai", 5),
                                          _recent_conversation("a2", 17, "agent:ona", 3),
                                          _recent_conversation("a3", 18, "ai", 4)], actor="test")
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, environment="test", auth_required=False)
    with running_server(create_app(settings, db=sqlite_db)) as base:
        yield base


def test_the_dashboard_comes_in_the_browser_s_language_charts_included(open_site: str) -> None:
    german = httpx.get(f"{open_site}/dashboard", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert german.status_code == 200, german.text
    for text in ("Wöchentliche Kennzahlen", "Automatisierungsquote und Wiederkontakt in 7 Tagen", "Erstreaktionszeit",
                 "Was es wert ist: ROI aus den gemessenen Zahlen", "ISO-Woche", "Anteil der geprüften Entwürfe"):
        assert text in german.text, text
    for text in ("Weekly metrics", "Deflection and 7-day re-contact", "First-response time", "ISO week",
                 "share of reviewed drafts", "What it is worth"):
        assert text not in german.text, text
    assert '<svg class="chart" role="img" aria-label="Automatisierungsquote und Wiederkontakt' in german.text
    english = httpx.get(f"{open_site}/dashboard", headers={"Accept-Language": "en"})
    assert "Weekly metrics" in english.text and "ISO week" in english.text and "ISO-Woche" not in english.text
    chosen = httpx.get(f"{open_site}/dashboard", cookies={LANGUAGE_COOKIE: "fr"}, headers={"Accept-Language": "de"})
    assert "Indicateurs hebdomadaires" in chosen.text and "Semaine ISO" in chosen.text
