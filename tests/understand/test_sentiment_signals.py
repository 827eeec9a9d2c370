"""Sentiment, churn and urgency explain themselves in every locale."""

from __future__ import annotations

import pytest

from deskpilot.understand.sentiment import score_sentiment
from deskpilot.understand.signals import detect_signals


@pytest.mark.parametrize(("text", "locale", "label"), [
    ("This is unacceptable, third time I write!!", "en", "negative"),
    ("Thanks a lot, super helpful and quick.", "en", "positive"),
    ("Das ist eine Zumutung, ich bin wirklich enttäuscht.", "de", "negative"),
    ("Merci beaucoup, parfait !", "fr", "positive"),
    ("Es inaceptable, sigue sin llegar.", "es", "negative"),
    ("Labai ačiū, viskas puiku.", "lt", "positive"),
    ("Where is my order?", "en", "neutral"),
    ("This is not great.", "en", "negative"),
])
def test_sentiment_labels(text: str, locale: str, label: str) -> None:
    result = score_sentiment(text, locale)
    assert result.label == label
    assert -1.0 <= result.score <= 1.0
    assert (label == "neutral") == (not result.evidence)


def test_churn_rises_with_leaving_cues_and_repeat_contacts() -> None:
    calm = detect_signals("Where is my order?", "en")
    leaving = detect_signals("I will never order again and shop elsewhere.", "en",
                             sentiment=score_sentiment("unacceptable", "en"), prior_contacts=2)
    assert calm.churn.level == "none"
    assert leaving.churn.level == "high"
    assert "2 earlier contacts" in leaving.churn.evidence


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
