"""Churn risk and urgency signals with the evidence that raised them."""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.understand.cues import find_cues, tokens
from deskpilot.understand.lexicons import CHURN, LEGAL, SAFETY, URGENCY
from deskpilot.understand.sentiment import Sentiment

LEVELS = ((0.75, "high"), (0.45, "medium"), (0.2, "low"))


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


def detect_signals(text: str, locale: str, *, sentiment: Sentiment | None = None,
                   prior_contacts: int = 0) -> Signals:
    """Churn risk (leaving cues, repeated contacts, anger) and urgency (deadlines, legal threats, safety)."""
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
    urgency_evidence = [h.text for h in find_cues(words, URGENCY[lang])]
    urgency = 0.3 * min(2, len(urgency_evidence))
    legal = [f"legal: {h.text}" for h in find_cues(words, LEGAL[lang])]
    safety = [f"safety: {h.text}" for h in find_cues(words, SAFETY[lang])]
    if legal or safety:
        urgency = 1.0
    return Signals(churn=_signal(churn, churn_evidence), urgency=_signal(urgency, legal + safety + urgency_evidence))
