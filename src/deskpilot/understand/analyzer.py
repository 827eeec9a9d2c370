"""Everything understood about one customer text: language, PII, intent, sentiment, churn and urgency."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from deskpilot.understand.language import LanguageDetector
from deskpilot.understand.pii import redact
from deskpilot.understand.sentiment import score_sentiment
from deskpilot.understand.signals import Signal, detect_signals

if TYPE_CHECKING:
    from deskpilot.understand.intent_model import LoadedIntentModel

UNKNOWN_INTENT = "unknown"
INTENT_BATCH = 256


@dataclass
class Analysis:
    """The typed result of analysing one text (JSON-ready through to_json)."""

    locale: str
    locale_confidence: float
    locale_detected: bool
    other_language: str | None
    redacted_text: str
    pii: list[dict[str, Any]]
    intent: str
    intent_probability: float
    intent_top: list[tuple[str, float]]
    intent_model: str
    sentiment: dict[str, Any]
    churn: dict[str, Any]
    urgency: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["intent_top"] = [list(t) for t in self.intent_top]
        return data


@dataclass(frozen=True)
class _Intent:
    label: str
    probability: float
    top: list[tuple[str, float]]
    model: str


class Analyzer:
    """Runs the understanding steps; the intent model is optional (without one every intent is unknown)."""

    def __init__(self, *, locales: Sequence[str], default_locale: str,
                 intent_model: Callable[[], LoadedIntentModel | None] | None = None) -> None:
        self.locales = tuple(locales)
        self.default_locale = default_locale
        self.intent_model = intent_model
        self.detector = LanguageDetector(self.locales)

    def warm_up(self) -> None:
        """Load the language models and the intent model."""
        self.detector.detect("warm up the language models before the first message")
        if self.intent_model is not None:
            self.intent_model()

    def analyze(self, text: str, *, known: Mapping[str, str] | None = None, locale_hint: str | None = None,
                prior_contacts: int = 0, customer_value_eur: float | None = None) -> Analysis:
        """Analyse one customer text."""
        return self.analyze_many([text], known=[known or {}], locale_hints=[locale_hint],
                                 prior_contacts=[prior_contacts], customer_values=[customer_value_eur])[0]

    def analyze_many(self, texts: Sequence[str], *, known: Sequence[Mapping[str, str]] | None = None,
                     locale_hints: Sequence[str | None] | None = None, prior_contacts: Sequence[int] | None = None,
                     customer_values: Sequence[float | None] | None = None) -> list[Analysis]:
        """Analyse many texts; intents are predicted in batches."""
        n = len(texts)
        known = known or [{}] * n
        locale_hints = locale_hints or [None] * n
        prior_contacts = prior_contacts or [0] * n
        customer_values = customer_values or [None] * n
        redactions = [redact(t, known=k) for t, k in zip(texts, known, strict=True)]
        intents = self._intents([r.text for r in redactions])
        out = []
        for i, text in enumerate(texts):
            lang = self.detector.detect(text)
            locale = lang.locale or locale_hints[i] or self.default_locale
            notes = []
            if lang.locale is None:
                notes.append(f"language {lang.other_language} is not served" if lang.other_language else
                             "language not detected")
            redaction = redactions[i]
            sentiment = score_sentiment(redaction.text, locale)
            signals = detect_signals(redaction.text, locale, sentiment=sentiment, prior_contacts=prior_contacts[i],
                                     customer_value_eur=customer_values[i])
            intent = intents[i]
            out.append(Analysis(
                locale=locale, locale_confidence=round(float(lang.confidence), 4),
                locale_detected=lang.locale is not None, other_language=lang.other_language,
                redacted_text=redaction.text, pii=[e.to_json() for e in redaction.entities],
                intent=intent.label, intent_probability=round(intent.probability, 4),
                intent_top=[(t, round(float(p), 4)) for t, p in intent.top], intent_model=intent.model,
                sentiment={"label": sentiment.label, "score": round(float(sentiment.score), 4),
                           "evidence": list(sentiment.evidence)},
                churn=signal_json(signals.churn), urgency=signal_json(signals.urgency), notes=notes))
        return out

    def _intents(self, redacted: Sequence[str]) -> list[_Intent]:
        model = self.intent_model() if self.intent_model is not None else None
        if model is None:
            return [_Intent(UNKNOWN_INTENT, 0.0, [], "none")] * len(redacted)
        out: list[_Intent] = []
        for start in range(0, len(redacted), INTENT_BATCH):
            for pred in model.classifier.predict(list(redacted[start:start + INTENT_BATCH])):
                label = UNKNOWN_INTENT if pred.abstained else pred.label
                out.append(_Intent(label, float(pred.probability), list(pred.top[:3]), model.fingerprint))
        return out


def signal_json(signal: Signal) -> dict[str, Any]:
    """A signal as stored on the conversation."""
    return {"level": signal.level, "score": round(float(signal.score), 4), "evidence": list(signal.evidence)}
