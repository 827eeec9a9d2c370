"""Churn and urgency signals: outages, valuable customers, evidence."""

from __future__ import annotations

import pytest

from deskpilot.understand.sentiment import Sentiment
from deskpilot.understand.signals import detect_signals

ANGRY = Sentiment("negative", -0.8, ("unacceptable",))


@pytest.mark.parametrize(("text", "locale"), [
    ("Your website is down, I cannot check out.", "en"),
    ("Die Seite ist nicht erreichbar, Störung seit heute früh.", "de"),
    ("Le site est en panne depuis ce matin.", "fr"),
    ("La web está caída y no puedo pagar.", "es"),
    ("Svetainė neveikia, negaliu apmokėti užsakymo.", "lt"),
])
def test_outages_are_urgent_with_evidence(text: str, locale: str) -> None:
    urgency = detect_signals(text, locale).urgency
    assert urgency.level == "medium"
    assert any(e.startswith("outage:") for e in urgency.evidence)


def test_a_valuable_unhappy_customer_raises_churn_but_value_alone_does_not() -> None:
    unhappy = detect_signals("Still waiting.", "en", sentiment=ANGRY, customer_value_eur=2400.0)
    calm = detect_signals("Where is my order?", "en", customer_value_eur=2400.0)
    assert unhappy.churn.score > detect_signals("Still waiting.", "en", sentiment=ANGRY).churn.score
    assert any("high-value customer" in e for e in unhappy.churn.evidence)
    assert calm.churn.level == "none"
