"""The Understand stage: language, PII redaction, intent, sentiment and signals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from deskpilot.pipeline import PipelineContext
from deskpilot.understand.analyzer import UNKNOWN_INTENT, Analyzer
from deskpilot.understand.intent_model import IntentModelProvider


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
        self.intents = intents
        self.analyzer = Analyzer(locales=locales, default_locale=default_locale, intent_model=intents.get)

    def warm_up(self) -> None:
        """Build the language detector and load the intent model."""
        self.analyzer.warm_up()

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.understanding."""
        conv = ctx.conversation
        customer = conv.customer
        known = {k: v for k, v in {"name": customer.name if customer else None,
                                   "email": customer.email if customer else None,
                                   "phone": customer.phone if customer else None}.items() if v}
        value = conv.metadata.get("customer_value_eur")
        a = self.analyzer.analyze(ctx.customer_text, known=known, locale_hint=conv.locale,
                                  prior_contacts=int(conv.metadata.get("prior_contacts", 0) or 0),
                                  customer_value_eur=float(value) if value is not None else None)
        info = self.intents.taxonomy().get(a.intent)
        category = info.category if info else (None if a.intent == UNKNOWN_INTENT else a.intent)
        ctx.understanding = Understanding(
            locale=a.locale, locale_confidence=a.locale_confidence, locale_detected=a.locale_detected,
            redacted_text=a.redacted_text, pii=a.pii, intent=a.intent, intent_probability=a.intent_probability,
            intent_top=a.intent_top, intent_model=a.intent_model, category=category,
            sensitive_intent=bool(info and info.sensitive), sentiment=a.sentiment, churn=a.churn, urgency=a.urgency,
            evidence={"other_language": a.other_language, "notes": a.notes} if a.notes else {},
        )
