"""Lexicon sentiment per locale with negation, intensifiers and typographic cues; explains itself."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from deskpilot.understand.cues import find_cues, tokens
from deskpilot.understand.lexicons import INTENSIFIERS, NEGATIVE, NEGATORS, POSITIVE

NEGATION_WINDOW = 3
LABEL_MARGIN = 0.2


@dataclass(frozen=True)
class Sentiment:
    """Label (negative / neutral / positive), score in [-1, 1] and the cues that produced it."""

    label: str
    score: float
    evidence: tuple[str, ...]


def score_sentiment(text: str, locale: str) -> Sentiment:
    """Sentiment of a (redacted) customer message in `locale` (unknown locales use English cues)."""
    lang = locale if locale in NEGATIVE else "en"
    words = tokens(text)
    negators = set(NEGATORS[lang])
    intensifiers = set(INTENSIFIERS[lang])
    total = 0.0
    evidence: list[str] = []
    negative_hits = find_cues(words, NEGATIVE[lang])
    negative_positions = {h.index for h in negative_hits}
    for polarity, hits in ((-1.0, negative_hits), (1.0, find_cues(words, POSITIVE[lang]))):
        for hit in hits:
            if polarity > 0 and hit.index in negative_positions:
                continue
            window = words[max(0, hit.index - NEGATION_WINDOW):hit.index]
            weight = polarity * (1.5 if window and window[-1] in intensifiers else 1.0)
            negated = polarity > 0 and any(w in negators for w in window)
            if negated:
                weight = -0.7 * weight
            total += weight
            evidence.append(("not " if negated else "") + hit.text)
    exclamations = len(re.findall(r"!{2,}|\?!", text))
    shouting = len([w for w in re.findall(r"\b[A-ZÄÖÜÀ-ÞĄČĘĖĮŠŲŪŽ]{4,}\b", text) if not w.startswith("EUR")])
    if exclamations:
        total -= 0.5 * exclamations
        evidence.append("!!")
    if shouting >= 2:
        total -= 1.0
        evidence.append("CAPITALS")
    score = math.tanh(total / 2.0)
    label = "negative" if score <= -LABEL_MARGIN else "positive" if score >= LABEL_MARGIN else "neutral"
    return Sentiment(label, score, tuple(dict.fromkeys(evidence)))
