"""Language detection restricted to the served locales."""

from __future__ import annotations

import pytest

from deskpilot.understand.language import LanguageDetector

LOCALES = ("en", "de", "fr", "es", "lt")


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(LOCALES)


@pytest.mark.parametrize(("text", "locale"), [
    ("Where is my order? It has not arrived yet.", "en"),
    ("Wo ist meine Bestellung? Sie ist noch nicht angekommen.", "de"),
    ("Où est ma commande ? Elle n'est toujours pas arrivée.", "fr"),
    ("¿Dónde está mi pedido? Todavía no ha llegado.", "es"),
    ("Kur mano užsakymas? Jis dar neatkeliavo.", "lt"),
    ("kur mano siuntinys", "lt"),
    ("wo bleibt mein paket", "de"),
])
def test_detects_the_five_locales_on_short_texts(detector: LanguageDetector, text: str, locale: str) -> None:
    result = detector.detect(text)
    assert result.locale == locale
    assert 0.0 < result.confidence <= 1.0


def test_the_body_wins_over_a_greeting_in_another_language(detector: LanguageDetector) -> None:
    text = "Hi,\n\nIch habe meine Bestellung vor zwei Wochen aufgegeben und sie ist immer noch nicht da.\n\nThanks"
    assert detector.detect(text).locale == "de"


def test_quoted_history_is_ignored(detector: LanguageDetector) -> None:
    text = ("Merci, mais le colis n'est toujours pas arrivé.\n\n"
            "On 2026-11-20 10:00 Lumio Support wrote:\n> Your parcel is on its way and will arrive tomorrow. "
            "> We are sorry for the delay and thank you for your patience with this order.")
    assert detector.detect(text).locale == "fr"


def test_a_language_outside_the_locales_is_reported_not_forced(detector: LanguageDetector) -> None:
    result = detector.detect("Buongiorno, il mio ordine non è ancora arrivato e vorrei sapere quando arriverà.")
    assert result.locale is None and result.other_language == "it"


def test_text_without_words_has_no_locale(detector: LanguageDetector) -> None:
    assert detector.detect("#W2611340 12.03.2026 !!!").locale is None
