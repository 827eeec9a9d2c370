"""Language detection restricted to the served locales."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from deskpilot.cli.bench import load_benchmark
from deskpilot.understand.language import LanguageDetector, detection_body, function_word_shares, matrix_text

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


def test_a_name_in_another_language_does_not_decide(detector: LanguageDetector) -> None:
    assert detector.detect("Paleisk Here Comes the Sun per Spotify").locale == "lt"
    assert detector.detect("Wo ist meine Bestellung The Complete Guide to Home Cooking").locale == "de"
    assert detector.detect('Bitte spiele "Highway to Hell" ab').locale == "de"


def test_matrix_text_drops_quoted_spans_and_name_runs_but_not_the_sentence_start() -> None:
    assert matrix_text("Suche nach The Sound of One Hand Clapping") == "Suche nach"
    assert matrix_text('Bitte spiele "Highway to Hell" ab') == "Bitte spiele ab"
    assert matrix_text("Grok Paul Mccartney per Spotify") == "Grok per Spotify"  # a lone capitalised word stays
    assert matrix_text("Where is it? The Hello Kitty Mug was due.") == "Where is it? The was due."
    assert matrix_text("see https://shop.example/Big Red Ball") == "see"


def test_title_case_and_capitals_are_not_taken_for_names(detector: LanguageDetector) -> None:
    assert detector.detect("Order Not Received").locale == "en"
    assert detector.detect("WHERE IS MY ORDER").locale == "en"
    assert detector.detect("Lieferung Nicht Angekommen").locale == "de"


def test_function_words_decide_very_short_texts(detector: LanguageDetector) -> None:
    assert detector.detect("will it rain in Sinclair").locale == "en"
    shares = function_word_shares("kur mano siuntinys", ("en", "de", "lt"))
    assert shares["lt"] == pytest.approx(2 / 3) and shares["en"] == 0.0 and shares["de"] == 0.0
    assert function_word_shares("Größe", ("de", "fr"))["de"] == 1.0  # ö and ß are German's own among the locales


@pytest.mark.parametrize(("text", "locale"), [
    ("A la atención del servicio de atención al cliente:\n\nWo ist mein Paket?", "de"),
    ("Estimado equipo de atención al cliente:\n\nWhere is my parcel?", "en"),
    ("Wo ist mein Paket?\n\nVeuillez agréer, Madame, Monsieur, mes salutations distinguées.\nChloé Martin", "de"),
    ("Gerbiama klientų aptarnavimo komanda,\n\nWhere is my order?\n\nSu pagarba,\nMaria Jonaitė", "en"),
    ("Bonjour,\nWo bleibt mein Paket?\nMerci d'avance,\nChloé", "de"),
])
def test_long_salutations_and_closings_in_another_language_lose_to_the_body(
        detector: LanguageDetector, text: str, locale: str) -> None:
    assert detector.detect(text).locale == locale


def test_detection_body_keeps_the_body_paragraphs() -> None:
    text = ("Estimados señores:\n\nMy parcel is late.\nIt was due on Monday.\n\nOn Mon, 12 Oct 2026 Support wrote:\n"
            "> Su pedido está en camino.")
    assert detection_body(text) == "My parcel is late.\nIt was due on Monday."
    assert detection_body("Hi,\n\nThanks") == "Thanks"  # a message that is all frame keeps what it has


def test_short_texts_are_not_declared_another_language(detector: LanguageDetector) -> None:
    result = detector.detect("Play some blues brasileiro")
    assert result.other_language is None and result.locale is not None


def test_scores_are_a_distribution_over_the_locales(detector: LanguageDetector) -> None:
    result = detector.detect("Kann ich die North Face Summit Jacket umtauschen?")
    assert set(result.scores) <= set(LOCALES)
    assert result.locale == "de" and result.confidence == max(result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(1.0)


def test_a_one_locale_workspace_still_detects_its_locale() -> None:
    result = LanguageDetector(("de",)).detect("Wo bleibt mein Paket? Es ist noch nicht angekommen.")
    assert result.locale == "de" and 0.0 < result.confidence <= 1.0


def _bench_module() -> ModuleType:
    return load_benchmark("language")


def test_the_language_benchmark_reports_accuracy_confusions_and_probes(tmp_path: Path) -> None:
    rows = {"en": ["Where is my order?", "Cancel my order please", "Is it going to rain today?"],
            "de": ["Wo ist meine Bestellung?", "Storniere bitte meine Bestellung", "Regnet es heute?"],
            "lt": ["Kur mano užsakymas?", "Prašau atšaukti mano užsakymą", "Ar šiandien lis?"]}
    data = {f"{lang}.{split}": [{"id": str(i), "text": t, "text-en": "", "intent": "x"} for i, t in enumerate(texts)]
            for lang, texts in rows.items() for split in ("test", "valid")}
    data["de.valid"].append({"id": "9", "text": "Where is my order?", "text-en": "", "intent": "x"})  # mislabelled
    (tmp_path / "xsid_en_de_lt.json").write_text(json.dumps(data), encoding="utf-8")
    bench = _bench_module()
    result = bench.main(["--data", str(tmp_path)], json_out=True)
    by_group = {(r["group"], r["locale"]): r for r in result["rows"]}
    assert set(by_group) == {(g, lang) for g in ("test", "valid", "greeting", "quoted")
                             for lang in ("de", "en", "lt")}
    assert all(by_group[("test", lang)]["accuracy"] == 1.0 and by_group[("test", lang)]["target_met"]
               for lang in ("de", "en", "lt"))
    mislabelled = by_group[("valid", "de")]
    assert mislabelled["n"] == 4 and mislabelled["confusion"] == {"de": 3, "en": 1} and mislabelled["accuracy"] == 0.75
    assert mislabelled["misses"] == [{"text": "Where is my order?", "detected": "en", "other_language": None}]
    assert "target_met" not in mislabelled and result["targets_met"] is True
    assert by_group[("greeting", "lt")]["n"] == 3 and by_group[("quoted", "en")]["n"] == 3
    assert by_group[("test", "en")]["texts_per_second"] > 0 and by_group[("test", "en")]["latency_ms"]["p50"] > 0


def test_the_benchmark_probes_frame_the_body_in_other_languages() -> None:
    bench = _bench_module()
    data = {"en.test": ["Where is my order?"] * 4, "de.test": ["Wo ist meine Bestellung?"] * 4}
    greetings = bench.greeting_probes(data, "test")
    assert all(s.text.split("\n\n")[1] == "Where is my order?" for s in greetings if s.locale == "en")
    assert greetings[1].text.count("\n\n") == 2  # every other probe also closes (sign-off and name)
    quoted = bench.quoted_probes(data, "test")
    assert quoted[0].text.startswith("Wo ist meine Bestellung?\n\nOn ")
    assert "wrote:\n> Where is my order?" in quoted[0].text


def test_a_salutation_under_the_subject_is_left_out_too(detector: LanguageDetector) -> None:
    text = ("Paketas\n\nA la atención del servicio de atención al cliente:\n\nKur mano siuntinys?\n\n"
            "Un cordial saludo,\nLucía")
    assert detection_body(text) == "Paketas\nKur mano siuntinys?"
    assert detector.detect(text).locale == "lt"
    exclaimed = "Hallo,\n\nRücksendung #W6581939 – bitte Etikett schicken. Eilt!\n\nSchöne Grüße,\nIsabella"
    assert detection_body(exclaimed) == "Rücksendung #W6581939 – bitte Etikett schicken. Eilt!"
