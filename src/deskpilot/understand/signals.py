"""Churn risk and urgency signals with the evidence that raised them."""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.understand.cues import find_cues, tokens
from deskpilot.understand.lexicons import CHURN, LEGAL, SAFETY, URGENCY
from deskpilot.understand.sentiment import Sentiment

LEVELS = ((0.75, "high"), (0.45, "medium"), (0.2, "low"))
HIGH_VALUE_EUR = 1000.0
# Service outages: many customers affected at once, so every one of them is urgent.
OUTAGE: dict[str, tuple[str, ...]] = {
    "en": ("site is down", "website is down", "app is down", "outage", "not loading", "cannot check out",
           "can't check out", "checkout is broken", "error 500", "server error"),
    "de": ("seite ist down", "website ist down", "nicht erreichbar", "störung", "ausfall", "lädt nicht",
           "checkout geht nicht", "serverfehler", "fehler 500"),
    "fr": ("site est en panne", "site ne fonctionne", "panne", "ne charge pas", "impossible de payer",
           "erreur 500", "erreur serveur"),
    "es": ("web está caída", "página está caída", "caída del servicio", "no carga", "no puedo pagar",
           "error 500", "error del servidor"),
    "lt": ("svetainė neveikia", "puslapis neveikia", "sutrikimas", "nepasikrauna", "negaliu apmokėti",
           "klaida 500", "serverio klaida"),
}


@dataclass(frozen=True)
class Signal:
    """A level (none / low / medium / high), a score in [0, 1] and its evidence."""

    level: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Signals:
    """Churn risk and urgency of one message."""

    churn: Signal
    urgency: Signal


def _level(score: float) -> str:
    for floor, name in LEVELS:
        if score >= floor:
            return name
    return "none"


def _signal(score: float, evidence: list[str]) -> Signal:
    score = max(0.0, min(1.0, score))
    return Signal(_level(score), round(score, 4), tuple(dict.fromkeys(evidence)))


def detect_signals(text: str, locale: str, *, sentiment: Sentiment | None = None, prior_contacts: int = 0,
                   customer_value_eur: float | None = None) -> Signals:
    """Churn risk (leaving cues, repeated contacts, anger, a valuable customer) and urgency (deadlines, outages,
    legal threats, safety)."""
    lang = locale if locale in CHURN else "en"
    words = tokens(text)
    churn_evidence = [h.text for h in find_cues(words, CHURN[lang])]
    churn = 0.5 * min(2, len(churn_evidence))
    if prior_contacts >= 2:
        churn += 0.25
        churn_evidence.append(f"{prior_contacts} earlier contacts")
    elif prior_contacts == 1:
        churn += 0.1
        churn_evidence.append("1 earlier contact")
    if sentiment is not None and sentiment.label == "negative":
        churn += 0.25 * min(1.0, -sentiment.score / 0.6)
        churn_evidence.append("negative sentiment")
    if customer_value_eur is not None and customer_value_eur >= HIGH_VALUE_EUR and churn > 0:
        churn += 0.2
        churn_evidence.append(f"high-value customer (€{customer_value_eur:,.0f})")
    urgency_evidence = [h.text for h in find_cues(words, URGENCY[lang])]
    urgency = 0.3 * min(2, len(urgency_evidence))
    outage = [f"outage: {h.text}" for h in find_cues(words, OUTAGE[lang])]
    if outage:
        urgency = max(urgency, 0.6)
        urgency_evidence = outage + urgency_evidence
    legal = [f"legal: {h.text}" for h in find_cues(words, LEGAL[lang])]
    safety = [f"safety: {h.text}" for h in find_cues(words, SAFETY[lang])]
    if legal or safety:
        urgency = 1.0
    return Signals(churn=_signal(churn, churn_evidence), urgency=_signal(urgency, legal + safety + urgency_evidence))
