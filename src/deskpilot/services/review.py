"""Reviewing: the queue of conversations waiting for a person, the review page's read model, and approve / edit /
reject as one audited transaction (approving puts the reply in the outbox; edits and rejections become evaluation
examples)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from deskpilot.analytics.metrics import word_edit_distance
from deskpilot.api.views import conversation_view
from deskpilot.assist.suggestions import Suggestion
from deskpilot.audit.events import DraftReviewed, OriginalTextViewed
from deskpilot.domain.enums import GateOutcome
from deskpilot.domain.models import Action, Conversation, Decision, Draft, EvalExample, Review
from deskpilot.review.queue import CLOSED_STATUSES, QueueFilter, QueueItem, SlaPolicy, waiting
from deskpilot.services.process import queue_action, queue_reply
from deskpilot.services.suggestions import SuggestionAlreadyUsed, record_use
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.storage.tables import utcnow

Verdict = Literal["approve", "edit", "reject"]
VERDICTS: tuple[Verdict, ...] = ("approve", "edit", "reject")
MIN_REASON_CHARS = 3
MAX_REPLY_CHARS = 20_000
MARKER = re.compile(r"\[(\d{1,3})\]")
REJECTED_TAG = "draft_rejected"


class ReviewError(ValueError):
    """A review that cannot be recorded as asked (the message says why)."""


class ReviewConflict(ReviewError):
    """The conversation changed since the page was opened: a newer decision, or someone reviewed it already."""


@dataclass(frozen=True)
class ReviewResult:
    """What a review recorded."""

    review_id: int
    verdict: Verdict
    action_id: int | None
    eval_example_id: int | None
    edit_distance: float | None


def draft_segments(text: str, numbers: set[int]) -> list[tuple[str, int | None]]:
    """The draft as text pieces and citation markers (a marker's number, when a clause with it was cited)."""
    pieces: list[tuple[str, int | None]] = []
    last = 0
    for match in MARKER.finditer(text):
        number = int(match.group(1))
        if number not in numbers:
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], None))
        pieces.append((match.group(0), number))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


def _customer_text(conv: Conversation) -> str:
    """The customer's last message, redacted (what an evaluation example holds)."""
    customer = [m for m in conv.messages if m.author_role.value == "customer"]
    if not customer:
        return conv.subject or ""
    last = customer[-1]
    return last.body_redacted if last.body_redacted is not None else ""


class ReviewService:
    """The review queue and reviews; every write is one transaction."""

    def __init__(self, db: Database, sla: SlaPolicy, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.sla = sla
        self.clock = clock

    def queue(self, filt: QueueFilter, *, sort: str = "sla", descending: bool = False,
              limit: int = 200) -> tuple[list[QueueItem], int]:
        """The conversations waiting for a person, filtered and sorted, and how many match."""
        with self.db.reader() as uow:
            return waiting(uow.session, filt, self.sla, self.clock(), sort=sort, descending=descending, limit=limit)

    def page(self, conversation_id: int, *, original: bool = False, viewer: str = "console",
             role: str | None = None) -> dict[str, Any] | None:
        """Everything the review page shows; opening the original (unredacted) text is audited."""
        if original:
            with self.db.uow() as uow:
                view = conversation_view(uow, conversation_id, redacted=False)
                if view is not None:
                    uow.audit.append(OriginalTextViewed(actor=viewer, conversation_id=conversation_id,
                                                        role=role or ""))
                    uow.commit()
        else:
            with self.db.reader() as uow:
                view = conversation_view(uow, conversation_id, redacted=True)
        if view is None:
            return None
        with self.db.reader() as uow:
            decision = uow.decisions.latest_decision(conversation_id)
            reviewed = uow.decisions.reviews_of(decision.id) if decision and decision.id else []
            trail = [{"seq": e.seq, "kind": e.kind, "actor": e.actor, "created_at": e.created_at,
                      "hash": e.hash, "payload": e.payload} for e in uow.audit.for_conversation(conversation_id)]
        draft = view["draft"]
        numbers = {c["number"] for c in draft["citations"]} if draft else set()
        policy = (decision.evidence or {}).get("policy") if decision else None
        return {**view, "segments": draft_segments(draft["text"], numbers) if draft else [],
                "policy": policy, "reviews": reviewed, "original": original, "audit": trail,
                "waiting": decision is not None and decision.outcome in (GateOutcome.REVIEW, GateOutcome.ESCALATE)
                and not reviewed and view["status"] not in CLOSED_STATUSES}

    def review(self, conversation_id: int, decision_id: int, verdict: str, *, reviewer: str,
               text: str | None = None, reason: str | None = None, suggestion_id: int | None = None) -> ReviewResult:
        """Approve the draft, send an edited reply (or another suggestion, ``suggestion_id``, as offered or
        changed), or reject the draft with a reason; one transaction with the outbox action, the suggestion's use,
        the evaluation example and the audit events."""
        if verdict not in VERDICTS:
            raise ReviewError(f"unknown verdict {verdict!r}: approve, edit or reject")
        reason = (reason or "").strip() or None
        text = (text or "").replace("\r\n", "\n").strip() or None
        with self.db.uow() as uow:
            decision = uow.decisions.latest_decision(conversation_id)
            if decision is None or decision.id is None:
                raise ReviewError(f"conversation {conversation_id} has no decision to review")
            if decision.id != decision_id:
                raise ReviewConflict("the conversation has a newer decision since you opened it; review that one")
            uow.decisions.lock(decision.id)  # a second reviewer waits here, then sees the first one's review
            if uow.decisions.reviews_of(decision.id):
                raise ReviewConflict("someone already reviewed this decision")
            if decision.outcome not in (GateOutcome.REVIEW, GateOutcome.ESCALATE):
                raise ReviewError(f"the decision was {decision.outcome.value}: nothing waits for review")
            conv = uow.conversations.get(conversation_id)
            assert conv is not None
            if conv.status.value in CLOSED_STATUSES:
                raise ReviewError(f"the conversation is {conv.status.value}: nothing waits for review")
            draft = uow.decisions.get_draft(decision.draft_id) if decision.draft_id else None
            try:
                result = self._record(uow, conv, decision, draft, verdict, reviewer=reviewer, text=text,
                                      reason=reason, suggestion_id=suggestion_id)
                uow.commit()
            except IntegrityError as exc:  # another reviewer's reply for this draft committed first
                raise ReviewConflict("someone already reviewed this decision") from exc
        return result

    def _record(self, uow: UnitOfWork, conv: Conversation, decision: Decision, draft: Draft | None, verdict: str,
                *, reviewer: str, text: str | None, reason: str | None,
                suggestion_id: int | None = None) -> ReviewResult:
        assert decision.id is not None and conv.id is not None
        conversation_id = conv.id
        if verdict in ("approve", "edit") and draft is not None and text is not None:
            # what the reviewer saw in the form is what is sent: unchanged text is an approval, changed text an edit
            verdict = "approve" if _same(text, draft.text) else "edit"
        cited = [(c.number, c.clause_id) for c in draft.citations] if draft is not None else []
        action: Action | None = None
        distance = None
        if verdict == "approve":
            if draft is None:
                raise ReviewError("there is no draft to approve: write the reply (edit) or reject")
            action = queue_reply(uow, conversation_id=conversation_id, draft=draft, decision=decision,
                                 approver=reviewer)
        elif verdict == "edit":
            if text is None:
                raise ReviewError("an edited reply cannot be empty")
            if len(text) > MAX_REPLY_CHARS:
                raise ReviewError(f"the reply is {len(text)} characters; at most {MAX_REPLY_CHARS}")
            distance = round(word_edit_distance(draft.text if draft else "", text), 4)
            suggestion = None
            if suggestion_id is not None:
                suggestion = _use_suggestion(uow, conversation_id, suggestion_id, text, reviewer)
                cited = [(int(c["number"]), str(c["clause_id"])) for c in suggestion.citations]
            action = _queue_edited(uow, decision, draft, text, reviewer, cited=cited,
                                   as_offered=suggestion is not None and _same(text, suggestion.text))
        else:
            if reason is None or len(reason) < MIN_REASON_CHARS:
                raise ReviewError("say why the draft is rejected (a reason of a few words)")
            uow.conversations.update(conversation_id, tags=sorted({*conv.tags, REJECTED_TAG}))
        review = uow.decisions.add_review(Review(decision_id=decision.id, reviewer=reviewer, action=verdict,
                                                 edited_text=text if verdict == "edit" else None, reason=reason))
        example = None
        if verdict in ("edit", "reject"):
            example = uow.eval_examples.add(EvalExample(
                locale=decision.locale or (draft.locale if draft else "en"), category=decision.category,
                text=_customer_text(conv), expected_intent=conv.intent,
                expected_clause=_kept_clause(cited, text) if verdict == "edit" else None,
                expected_outcome="auto_reply" if verdict == "edit" else "escalate",
                source=f"review_{verdict}", conversation_id=conversation_id, decision_id=decision.id,
                reference_text=text if verdict == "edit" else None, note=reason))
        uow.audit.append(DraftReviewed(
            actor=reviewer, conversation_id=conversation_id, decision_id=decision.id, draft_id=decision.draft_id,
            review_id=review.id or 0, verdict=verdict, reason=reason, edit_distance=distance,
            action_id=action.id if action else None, eval_example_id=example.id if example else None))
        return ReviewResult(review.id or 0, verdict, action.id if action else None,  # type: ignore[arg-type]
                            example.id if example else None, distance)


def _same(text: str, other: str) -> bool:
    """The same reply, whitespace aside."""
    return " ".join(text.split()) == " ".join(other.split())


def _use_suggestion(uow: UnitOfWork, conversation_id: int, suggestion_id: int, text: str,
                    reviewer: str) -> Suggestion:
    """Record that the reviewer sent (or started from) another suggestion of this conversation."""
    try:
        _, suggestion, owner = record_use(uow, suggestion_id, sent_text=text, actor=reviewer)
    except LookupError as exc:
        raise ReviewError(str(exc)) from exc
    except SuggestionAlreadyUsed as exc:
        raise ReviewConflict(str(exc)) from exc
    if owner != conversation_id:
        raise ReviewError(f"suggestion {suggestion_id} belongs to another conversation")
    return suggestion


def _queue_edited(uow: UnitOfWork, decision: Decision, draft: Draft | None, text: str, reviewer: str, *,
                  cited: list[tuple[int, str]], as_offered: bool) -> Action:
    """A reply other than the draft as it stood: it keeps the lineage of the clauses whose markers it still carries,
    and stays deskpilot's only when it is a suggestion sent as offered."""
    author = "ai" if as_offered else "agent"
    if draft is not None:
        return queue_reply(uow, conversation_id=decision.conversation_id, draft=draft, decision=decision,
                           approver=reviewer, text=text, author_role=author, cited=cited)
    return queue_action(uow, conversation_id=decision.conversation_id, kind="reply",
                        payload={"text": text, "draft_id": None, "locale": decision.locale, "author_role": author},
                        idempotency_key=f"reply:{decision.conversation_id}:decision:{decision.id}", approver=reviewer,
                        lineage={"draft_id": None, "decision_id": decision.id,
                                 "clauses": [clause for number, clause in cited if f"[{number}]" in text]})


def _kept_clause(cited: list[tuple[int, str]], text: str | None) -> str | None:
    """The first cited clause whose marker the sent reply kept (what the reply stands on)."""
    if text is None:
        return None
    kept = {int(n) for n in MARKER.findall(text)}
    return next((clause for number, clause in cited if number in kept), None)
