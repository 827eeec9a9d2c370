"""Sentiment, churn and urgency explain themselves in every locale; the labelled set and its benchmark hold up."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from deskpilot.cli.bench import load_benchmark
from deskpilot.understand.cues import find_cues, fold, tokens
from deskpilot.understand.sentiment import score_sentiment
from deskpilot.understand.signals import detect_signals

LOCALES = ("en", "de", "fr", "es", "lt")


@pytest.mark.parametrize(("text", "locale", "label"), [
    # en
    ("This is unacceptable, third time I write!!", "en", "negative"),
    ("I am really disappointed, the vacuum arrived scratched and nobody answers my emails.", "en", "negative"),
    ("Could you tell me if the blue kettle ships to Ireland? Thanks!", "en", "neutral"),
    ("Where is my order?", "en", "neutral"),
    ("Thank you, the exchange went smoothly and the new kettle is lovely.", "en", "positive"),
    ("Thanks a lot, super helpful and quick.", "en", "positive"),
    # de
    ("Das ist eine Zumutung, ich bin wirklich enttäuscht.", "de", "negative"),
    ("Ich bin total enttäuscht, niemand ruft zurück.", "de", "negative"),
    ("Können Sie mir sagen, ob der Mantel auch in Grün erhältlich ist? Danke!", "de", "neutral"),
    ("Vielen Dank, der Umtausch hat reibungslos geklappt und der Mantel ist wunderbar.", "de", "positive"),
    # fr
    ("Je suis très déçue, le colis est arrivé abîmé et personne ne répond.", "fr", "negative"),
    ("Pourriez-vous me dire si le manteau existe en vert ? Merci !", "fr", "neutral"),
    ("Merci, l'échange s'est très bien passé et le manteau est magnifique.", "fr", "positive"),
    ("Merci beaucoup, parfait !", "fr", "positive"),
    # es
    ("Es inaceptable, sigue sin llegar.", "es", "negative"),
    ("Estoy muy decepcionada, el paquete llegó dañado y nadie contesta.", "es", "negative"),
    ("¿Me podéis decir si el abrigo está disponible en verde? Gracias.", "es", "neutral"),
    ("Muchas gracias, el cambio fue muy fácil y el abrigo es precioso.", "es", "positive"),
    # lt
    ("Esu labai nusivylusi, siuntinys atkeliavo sugadintas ir niekas neatsako.", "lt", "negative"),
    ("Gal galite pasakyti, ar paltas bus žalios spalvos? Ačiū.", "lt", "neutral"),
    ("Labai ačiū, keitimas praėjo sklandžiai, paltas nuostabus!", "lt", "positive"),
    ("Labai ačiū, viskas puiku.", "lt", "positive"),
])
def test_sentiment_labels_per_locale(text: str, locale: str, label: str) -> None:
    result = score_sentiment(text, locale)
    assert result.label == label, result
    assert -1.0 <= result.score <= 1.0
    assert (result.score < 0) == (label == "negative") or label == "neutral"
    if label != "neutral":
        assert result.evidence, "a non-neutral label always says why"


@pytest.mark.parametrize(("text", "locale", "label", "cue"), [
    ("This is not great.", "en", "negative", "not great"),
    ("The courier was not friendly at all.", "en", "negative", "not friendly"),
    ("Honestly not bad, the lamp looks great.", "en", "positive", "not bad"),
    ("Mit der Lieferung war ich gar nicht zufrieden.", "de", "negative", "not zufrieden"),
    ("Nicht schlecht, der Versand war richtig schnell.", "de", "positive", "not schlecht"),
    ("Je ne suis vraiment pas satisfaite du service.", "fr", "negative", "not satisfaite"),  # ne … pas
    ("No está nada mal, llegó rapidísimo.", "es", "positive", "not mal"),
    ("Aptarnavimu esu visiškai nepatenkinta.", "lt", "negative", "nepatenkinta"),
    ("Nerekomenduoju šios parduotuvės.", "lt", "negative", "nerekomenduoju"),  # ne- prefixed verb
    ("Kokybė nebloga, o kaina tikrai maloni.", "lt", "positive", "nebloga"),
])
def test_negation_scope_per_language(text: str, locale: str, label: str, cue: str) -> None:
    result = score_sentiment(text, locale)
    assert result.label == label, result
    assert cue in result.evidence


@pytest.mark.parametrize(("text", "locale"), [
    ("No me ha respondido nadie en una semana.", "es"),  # "no … nadie" is one negation, not two
    ("Jūsų robotas nieko nesupranta.", "lt"),  # "nieko ne-" likewise
])
def test_negative_concord_is_not_double_negation(text: str, locale: str) -> None:
    assert score_sentiment(text, locale).label == "negative"


@pytest.mark.parametrize(("praise", "mixed", "locale"), [
    ("Thanks for the refund.", "Thanks for the refund, but the second parcel is still missing.", "en"),
    ("Danke für die Gutschrift.", "Danke für die Gutschrift, aber das Paket ist immer noch nicht da.", "de"),
    ("Merci pour le remboursement.", "Merci pour le remboursement, mais le colis n'est toujours pas arrivé.", "fr"),
    ("Gracias por el reembolso.", "Gracias por el reembolso, pero el paquete sigue sin llegar.", "es"),
    ("Ačiū už grąžintus pinigus.", "Ačiū už grąžintus pinigus, bet siuntinio vis dar nėra.", "lt"),
])
def test_the_clause_after_but_weighs_more(praise: str, mixed: str, locale: str) -> None:
    assert score_sentiment(praise, locale).score > 0
    assert score_sentiment(mixed, locale).label == "negative"


@pytest.mark.parametrize(("question", "thanks", "locale"), [
    ("Can you send me the invoice? Thank you!", "Thank you!", "en"),
    ("Können Sie mir die Rechnung schicken? Danke!", "Danke!", "de"),
    ("Pouvez-vous m'envoyer la facture ? Merci !", "Merci !", "fr"),
    ("¿Podéis enviarme la factura? ¡Gracias!", "¡Gracias!", "es"),
    ("Gal galite atsiųsti sąskaitą? Ačiū!", "Ačiū!", "lt"),
])
def test_thanks_closing_a_request_is_courtesy(question: str, thanks: str, locale: str) -> None:
    asked = score_sentiment(question, locale)
    assert asked.label == "neutral"
    assert any(e.endswith("(courtesy)") for e in asked.evidence)
    assert score_sentiment(thanks, locale).score > asked.score


def test_sarcasm_markers_turn_praise_into_blame() -> None:
    eye_roll = score_sentiment("Wonderful, my order vanished 🙄", "en")
    assert eye_roll.label == "negative"
    assert "sarcasm: wonderful" in eye_roll.evidence
    opener = score_sentiment("Super, schon wieder eine automatische Antwort.", "de")
    assert opener.label == "negative"
    assert "sarcasm: super" in opener.evidence
    assert score_sentiment("Super, danke!", "de").label == "positive"


def test_emoji_typos_missing_accents_and_elision() -> None:
    assert score_sentiment("J'adore ce manteau 😍", "fr").label == "positive"  # j'adore → adore
    assert score_sentiment("tres decu, le colis est arrive casse", "fr").label == "negative"
    assert score_sentiment("Absolutely unnacceptable, fix my order.", "en").label == "negative"
    assert score_sentiment("the parcel came 😡", "en").label == "negative"
    assert score_sentiment("the parcel came 🙂", "en").score > 0
    assert score_sentiment("Re:Delivery of order 1234", "en").evidence == ()  # ":D" here is no emoticon


def test_greetings_and_sign_offs_carry_no_sentiment() -> None:
    for text, locale in [("Good morning, where is my parcel? Kind regards, Tom", "en"),
                         ("Guten Tag, wo ist mein Paket? Liebe Grüße, Tom", "de"),
                         ("Buenos días, ¿dónde está mi paquete? Un saludo, Tomás", "es")]:
        result = score_sentiment(text, locale)
        assert (result.label, result.evidence) == ("neutral", ()), result


def test_unknown_locale_falls_back_to_english() -> None:
    assert score_sentiment("This is unacceptable.", "it").label == "negative"


def test_cue_matching_keeps_its_contract() -> None:
    words = tokens("I can't believe it, the cancellation was IGNORED")
    assert [h.cue for h in find_cues(words, ("ignor", "cancel my account"))] == ["ignor"]
    assert find_cues(tokens("the button"), ("but$",)) == []
    assert find_cues(tokens("tres decu"), ("déçu",)) == []
    assert [h.text for h in find_cues(tokens("tres decu"), ("déçu",), accents_optional=True)] == ["decu"]
    assert [h.text for h in find_cues(tokens("i cant beleive it"), ("cant believe",), typos=True)] == ["cant beleive"]
    assert find_cues(tokens("please help"), ("pleased",), typos=True) == []
    assert fold("Ačiū, déçu") == "Aciu, decu"


def test_churn_rises_with_leaving_cues_and_repeat_contacts() -> None:
    calm = detect_signals("Where is my order?", "en")
    leaving = detect_signals("I will never order again and shop elsewhere.", "en",
                             sentiment=score_sentiment("unacceptable", "en"), prior_contacts=2)
    assert calm.churn.level == "none"
    assert leaving.churn.level == "high"
    assert "2 earlier contacts" in leaving.churn.evidence


def test_saying_you_are_leaving_is_negative() -> None:
    assert score_sentiment("I will never order again.", "en").label == "negative"
    assert score_sentiment("No pienso volver a comprar aquí.", "es").label == "negative"


@pytest.mark.parametrize(("text", "locale"), [
    ("The charger started to smoke last night.", "en"),
    ("Ich werde meinen Anwalt einschalten.", "de"),
    ("Je vais saisir le tribunal.", "fr"),
    ("Voy a presentar una denuncia.", "es"),
    ("Kreipsiuosi į teismą.", "lt"),
])
def test_legal_and_safety_cues_are_high_urgency(text: str, locale: str) -> None:
    urgency = detect_signals(text, locale).urgency
    assert urgency.level == "high"
    assert any(e.startswith(("legal:", "safety:")) for e in urgency.evidence)


def test_deadlines_raise_urgency_without_making_it_high() -> None:
    urgency = detect_signals("I need it before Friday, it is a birthday present.", "en").urgency
    assert urgency.level in {"low", "medium"}


# --- the labelled set and its benchmark -----------------------------------------------------------------------------


def _labelled_set() -> list[dict[str, Any]]:
    text = resources.files("deskpilot.understand").joinpath("data", "sentiment_eval.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_labelled_set_is_large_balanced_and_multilingual() -> None:
    rows = _labelled_set()
    assert len(rows) >= 250
    assert len({r["id"] for r in rows}) == len(rows)
    assert set(Counter(r["locale"] for r in rows)) == set(LOCALES)
    assert min(Counter(r["locale"] for r in rows).values()) >= 50
    shares = {label: n / len(rows) for label, n in Counter(r["label"] for r in rows).items()}
    assert set(shares) == {"negative", "neutral", "positive"}
    assert 0.35 <= shares["negative"] <= 0.45 and 0.35 <= shares["neutral"] <= 0.45
    assert 0.15 <= shares["positive"] <= 0.25
    lithuanian = " ".join(r["text"] for r in rows if r["locale"] == "lt")
    assert all(letter in lithuanian for letter in "ąčęėįšųūž")
    for locale in LOCALES:  # every locale has held-out messages of every label
        held = [r for r in rows if r["locale"] == locale and r["id"][-1] in "012"]
        assert len(held) >= 10 and {r["label"] for r in held} >= {"negative", "neutral"}


def _bench() -> ModuleType:
    return load_benchmark("sentiment")


def test_bench_metrics_on_a_known_confusion() -> None:
    bench = _bench()
    gold = ["negative", "negative", "neutral", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "neutral", "negative"]
    figures = bench.figures(gold, predicted)
    assert figures["accuracy"] == 0.6
    assert figures["f1"] == {"negative": 0.5, "neutral": 0.8, "positive": 0.0}
    assert figures["macro_f1"] == round(1.3 / 3, 4)
    assert figures["confusion"]["positive"] == {"negative": 1, "neutral": 0, "positive": 0}


def test_bench_reports_both_splits_per_locale_and_never_lists_held_out_errors(tmp_path: Path) -> None:
    bench = _bench()
    rows = [{"id": f"en-{n:03d}", "locale": "en", "text": text, "label": label} for n, (text, label) in enumerate([
        ("Where is my order?", "neutral"), ("Totally unacceptable!", "negative"), ("Thanks, perfect!", "positive"),
        ("Great service 🙄", "positive"), ("Is it blue?", "neutral")], start=10)]
    data = tmp_path / "set.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = bench.main(["--data", str(data), "--errors", "10"], json_out=True)
    assert set(result["splits"]) == {"dev", "holdout", "all"}
    assert result["splits"]["holdout"]["overall"]["n"] == 3  # en-010, en-011, en-012
    assert result["splits"]["all"]["per_locale"]["en"]["majority_baseline"]["label"] == "neutral"
    assert [e["id"] for e in result["errors"]] == ["en-013"]  # wrong, but only dev errors are listed
