"""The Understand stage: language, PII redaction, intent, sentiment and signals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from deskpilot.pipeline import PipelineContext
from deskpilot.understand.intent_model import IntentModelProvider
from deskpilot.understand.language import LanguageDetector
from deskpilot.understand.pii import redact
from deskpilot.understand.sentiment import score_sentiment
from deskpilot.understand.signals import detect_signals

UNKNOWN_INTENT = "unknown"


@dataclass
class Understanding:
    """What was understood about the customer's latest messages."""

    locale: str
    locale_confidence: float
    locale_detected: bool
    redacted_text: str
    pii: list[dict[str, Any]]
    intent: str
    intent_probability: float
    intent_top: list[tuple[str, float]]
    intent_model: str
    category: str | None
    sensitive_intent: bool
    sentiment: dict[str, Any]
    churn: dict[str, Any]
    urgency: dict[str, Any]
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stored on the conversation)."""
        data = asdict(self)
        data["intent_top"] = [list(t) for t in self.intent_top]
        return data


class UnderstandStage:
    """Detects language, redacts PII and classifies intent on the redacted text."""

    name = "understand"

    def __init__(self, *, locales: tuple[str, ...], default_locale: str, intents: IntentModelProvider) -> None:
        self.locales = locales
        self.default_locale = default_locale
        self.intents = intents
        self._detector: LanguageDetector | None = None

    def warm_up(self) -> None:
        """Build the language detector and load the intent model."""
        self._detector = LanguageDetector(self.locales)
        self._detector.detect("warm up the language models before the first message")
        self.intents.get()

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.understanding."""
        assert self._detector is not None, "warm_up() first"
        conv = ctx.conversation
        customer = conv.customer
        known = {k: v for k, v in {"name": customer.name if customer else None,
                                   "email": customer.email if customer else None,
                                   "phone": customer.phone if customer else None}.items() if v}
        redaction = redact(ctx.customer_text, known=known)
        lang = self._detector.detect(ctx.customer_text)
        detected = lang.locale is not None
        locale = lang.locale or conv.locale or self.default_locale
        model = self.intents.get()
        if model is None:
            intent, prob, top, fingerprint = UNKNOWN_INTENT, 0.0, [], "none"
        else:
            pred = model.classifier.predict([redaction.text])[0]
            intent = UNKNOWN_INTENT if pred.abstained else pred.label
            prob, top, fingerprint = float(pred.probability), list(pred.top[:3]), model.fingerprint
        info = self.intents.taxonomy().get(intent)
        category = info.category if info else (None if intent == UNKNOWN_INTENT else intent)
        sentiment = score_sentiment(redaction.text, locale)
        signals = detect_signals(redaction.text, locale, sentiment=sentiment,
                                 prior_contacts=int(conv.metadata.get("prior_contacts", 0) or 0))
        ctx.understanding = Understanding(
            locale=locale, locale_confidence=round(float(lang.confidence), 4), locale_detected=detected,
            redacted_text=redaction.text,
            pii=[{"type": e.type, "start": e.start, "end": e.end, "placeholder": e.placeholder}
                 for e in redaction.entities],
            intent=intent, intent_probability=round(prob, 4), intent_top=[(t, round(float(p), 4)) for t, p in top],
            intent_model=fingerprint, category=category, sensitive_intent=bool(info and info.sensitive),
            sentiment={"label": sentiment.label, "score": round(float(sentiment.score), 4),
                       "evidence": list(sentiment.evidence)},
            churn=_signal(signals.churn), urgency=_signal(signals.urgency),
        )


def _signal(signal: Any) -> dict[str, Any]:
    return {"level": signal.level, "score": round(float(signal.score), 4), "evidence": list(signal.evidence)}
