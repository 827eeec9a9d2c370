"""For tests: a small review workspace: a published help-centre article, conversations whose latest decision waits for a
person (drafts citing real clauses, an escalation without a draft) and some that do not wait any more.

| key | locale | category | outcome  | cites   | confidence | customer wrote | urgent | waits?                        |
|-----|--------|----------|----------|---------|------------|----------------|--------|-------------------------------|
| R1  | en     | returns  | review   | [1] [2] | 0.71       | NOW − 2 h      |        | yes (ok: 2 h of 4 h left)     |
| R2  | de     | returns  | review   | [1]     | 0.55       | NOW − 5 h      |        | yes (breached 1 h ago)        |
| R3  | en     | refunds  | review   | [1]     | 0.62       | NOW − 50 min   | high   | yes (due soon: 10 of 60 min)  |
| E1  | en     | refunds  | escalate | —       | 0.40       | NOW − 30 min   |        | yes (ok)                      |
| D1  | en     | returns  | review   | [1]     | 0.80       | NOW − 1 h      |        | no: reviewed already          |
| S1  | en     | returns  | review   | [1]     | 0.80       | NOW − 1 h      |        | no: solved                    |
| N1  | en     | returns  | review   | —       | 0.90       | NOW − 1 h      |        | no: then decided auto_reply   |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.domain.enums import GateOutcome, Mode
from deskpilot.domain.models import Citation, Clause, Decision, Draft, Review
from deskpilot.knowledge.markdown import ArticleDocument
from deskpilot.services.ingest import IngestService
from deskpilot.services.knowledge import KnowledgeService
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.gate_settings import IntentInfo

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EMAIL = "maria.lopez@example.org"
RETURNS_EN = ("Items can be returned within 30 days of delivery.\n\n"
              "Refunds reach the original payment method within 5 business days.")
RETURNS_CLAUSES = RETURNS_EN.split("\n\n")
RETURNS_DE = "Artikel können innerhalb von 30 Tagen nach Lieferung zurückgegeben werden."
DRAFT_R1 = "You can return the jacket within 30 days of delivery. [1] The refund reaches your card within 5 days. [2]"


@dataclass(frozen=True)
class ReviewWorkspace:
    """Conversation ids by key, the clause citations of the English article, and the decision ids by key."""

    ids: dict[str, int]
    decisions: dict[str, int]
    clauses: list[str]


def _payload(key: str, locale: str, text: str, created: datetime, status: str = "open",
             subject: str | None = None) -> GenericConversation:
    return GenericConversation.model_validate({
        "source": "shop", "external_id": key, "created_at": created.isoformat(), "locale": locale, "status": status,
        "subject": subject, "customer": {"external_id": f"c-{key}", "email": f"{key.lower()}@example.com"},
        "messages": [{"external_id": f"{key}-1", "author_role": "customer", "body": text,
                      "created_at": created.isoformat()}]})


ROWS = [  # key, locale, category, intent, outcome, cites, confidence, minutes ago, urgent, status
    ("R1", "en", "returns", "return_request", "review", (1, 2), 0.71, 120, False, "open"),
    ("R2", "de", "returns", "return_request", "review", (1,), 0.55, 300, False, "open"),
    ("R3", "en", "refunds", "refund_status", "review", (1,), 0.62, 50, True, "open"),
    ("E1", "en", "refunds", "refund_status", "escalate", (), 0.40, 30, False, "open"),
    ("D1", "en", "returns", "return_request", "review", (1,), 0.80, 60, False, "open"),
    ("S1", "en", "returns", "return_request", "review", (1,), 0.80, 60, False, "solved"),
    ("N1", "en", "returns", "return_request", "review", (), 0.90, 60, False, "open"),
]
TEXTS = {
    "R1": f"Hello, I want to return my jacket. Write to me at {EMAIL}. Maria",
    "R2": "Hallo, kann ich die Schuhe noch zurückschicken?",
    "R3": "My refund has not arrived and I need it by tomorrow!",
    "E1": "I will take you to court over this refund.",
}


def build_review_workspace(db: Database, now: datetime = NOW) -> ReviewWorkspace:
    """Store the table above (times relative to ``now``)."""
    KnowledgeService(db).import_many([
        ArticleDocument(slug="returns", locale="en", title="Returns and refunds", body=RETURNS_EN),
        ArticleDocument(slug="returns", locale="de", title="Rücksendungen", body=RETURNS_DE)],
        actor="test", publish=True)
    IngestService(db).ingest_many(
        [_payload(key, locale, TEXTS.get(key, "Can I return this?"), now - timedelta(minutes=ago), status,
                  subject="Return" if key == "R1" else None)
         for key, locale, _, _, _, _, _, ago, _, status in ROWS], actor="test")
    ids: dict[str, int] = {}
    decisions: dict[str, int] = {}
    with db.uow() as uow:
        uow.taxonomy.save(IntentInfo("return_request", "returns", False, None))
        uow.taxonomy.save(IntentInfo("refund_status", "refunds", False, None))
        clauses: dict[str, list[Clause]] = {}
        for c in sorted(uow.knowledge.published_clauses(), key=lambda c: c.position):
            clauses.setdefault(c.locale or "en", []).append(c)
        for key, locale, category, intent, outcome, cites, confidence, _, urgent, _ in ROWS:
            conv = uow.conversations.get_by_external("shop", key)
            assert conv is not None and conv.id is not None
            ids[key] = conv.id
            uow.conversations.update(conv.id, intent=intent, locale=locale, understanding={
                "locale": locale, "locale_confidence": 0.99, "intent": intent, "intent_probability": confidence,
                "intent_top": [[intent, confidence]], "sentiment": {"label": "negative", "score": -0.4},
                "churn": {"level": "none", "score": 0.0, "evidence": []},
                "urgency": {"level": "high" if urgent else "none", "score": 0.9 if urgent else 0.0,
                            "evidence": ["deadline: by tomorrow"] if urgent else []}})
            draft = None
            if cites:
                own = clauses[locale]
                text = DRAFT_R1 if key == "R1" else f"{own[0].text} [1]"
                draft = uow.decisions.add_draft(Draft(
                    conv.id, text, locale, [Citation(number=n, clause_id=own[n - 1].citation, clause_pk=own[n - 1].id)
                                            for n in cites], confidence, "composer", "prompt", "kb-1", "policy-none"))
            brief = {"reason_category": "legal_threat", "reason": "the customer threatens legal action",
                     "paragraph": "The customer threatens to go to court over a refund.", "tried": [],
                     "open_questions": ["Which order is it about?"], "clauses_consulted": []} if key == "E1" else None
            decision = uow.decisions.add_decision(Decision(
                conversation_id=conv.id, draft_id=draft.id if draft else None, outcome=GateOutcome(outcome),
                mode=Mode.ASSIST, category=category, locale=locale, confidence=confidence, threshold=0.8,
                rollout_percent=100, rollout_bucket=7, reasons=["confidence below threshold"], stage_timings={},
                escalation=brief))
            assert decision.id is not None
            decisions[key] = decision.id
            if key == "D1":
                uow.decisions.add_review(Review(decision.id, "user:other@example.com", "approve"))
            if key == "N1":
                later = uow.decisions.add_decision(Decision(
                    conversation_id=conv.id, outcome=GateOutcome.AUTO_REPLY, mode=Mode.AUTONOMOUS,
                    category=category, locale=locale, confidence=0.95, threshold=0.8, rollout_percent=100,
                    rollout_bucket=7, reasons=[], stage_timings={}))
                decisions[key] = later.id or 0
        uow.commit()
        english = [c.citation for c in clauses["en"]]
    return ReviewWorkspace(ids, decisions, english)


def add_alternative(db: Database, conversation_id: int, text: str, cited: list[tuple[int, str]],
                    category: str = "returns") -> int:
    """Offer the draft and one alternative reply citing ``cited`` (number, clause citation) as one suggestion batch;
    returns the alternative's id."""
    from deskpilot.assist.suggestions import Suggestion

    alternative = Suggestion(1, text, [{"number": n, "clause_id": c, "article_id": c.split("#")[0]} for n, c in cited],
                             "en", "composer", "prompt", 1.0)
    with db.uow() as uow:
        uow.suggestions.add_batch(conversation_id, category, [Suggestion(0, "the draft", [], "en", "composer",
                                                                         "prompt", 1.0), alternative])
        uow.commit()
    assert alternative.id is not None
    return alternative.id
