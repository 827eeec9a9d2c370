"""The review queue (what waits, filters, order, SLA) and reviews (approve / edit / reject in one transaction with
the outbox, evaluation examples and audit), on SQLite and PostgreSQL. The workspace is described in conftest.py."""

from __future__ import annotations

import json
import threading

import pytest

from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Review
from deskpilot.review.queue import QueueFilter, SlaPolicy
from deskpilot.services.deliver import DeliveryService
from deskpilot.services.process import DELIVER_JOB
from deskpilot.services.review import REJECTED_TAG, ReviewConflict, ReviewError, ReviewService, draft_segments
from deskpilot.storage.database import Database
from deskpilot.testing.review import (
    DRAFT_R1,
    EMAIL,
    NOW,
    RETURNS_CLAUSES,
    ReviewWorkspace,
    add_alternative,
    build_review_workspace,
)

REVIEWER = "user:rita@example.com"


@pytest.fixture
def workspace(any_db: Database) -> tuple[Database, ReviewWorkspace, ReviewService]:
    return any_db, build_review_workspace(any_db), ReviewService(any_db, SlaPolicy(240, 60), clock=lambda: NOW)


def _keys(ws: ReviewWorkspace, items: list) -> list[str]:  # type: ignore[type-arg]
    by_id = {v: k for k, v in ws.ids.items()}
    return [by_id[i.conversation_id] for i in items]


def test_the_queue_holds_what_waits_for_a_person_in_sla_order(workspace: tuple[Database, ReviewWorkspace,
                                                                               ReviewService]) -> None:
    _, ws, service = workspace
    items, total = service.queue(QueueFilter())
    assert total == 4
    assert _keys(ws, items) == ["R2", "R3", "R1", "E1"]  # due: −1 h, +10 min, +2 h, +3.5 h
    by_key = dict(zip(_keys(ws, items), items, strict=True))
    assert by_key["R2"].sla == "breached" and by_key["R3"].sla == "due_soon" and by_key["R1"].sla == "ok"
    assert by_key["R3"].urgent and not by_key["R1"].urgent
    assert by_key["R1"].age_seconds == 7200 and by_key["E1"].age_seconds == 1800
    assert not by_key["E1"].has_draft and by_key["R1"].has_draft
    assert EMAIL not in by_key["R1"].preview and "<EMAIL_1>" in by_key["R1"].preview  # previews are redacted


@pytest.mark.parametrize(("filt", "sort", "descending", "expected"), [
    (QueueFilter(locale="de"), "sla", False, ["R2"]),
    (QueueFilter(category="refunds"), "sla", False, ["R3", "E1"]),
    (QueueFilter(outcome="escalate"), "sla", False, ["E1"]),
    (QueueFilter(min_confidence=0.6), "confidence", True, ["R1", "R3"]),
    (QueueFilter(max_confidence=0.6), "confidence", False, ["E1", "R2"]),
    (QueueFilter(sla="breached"), "sla", False, ["R2"]),
    (QueueFilter(sla="due_soon"), "sla", False, ["R3"]),
    (QueueFilter(min_age_minutes=60), "age", False, ["R2", "R1"]),
    (QueueFilter(), "age", True, ["E1", "R3", "R1", "R2"]),
    (QueueFilter(), "locale", False, ["R2", "R3", "R1", "E1"]),
])
def test_filters_and_orders(workspace: tuple[Database, ReviewWorkspace, ReviewService], filt: QueueFilter,
                            sort: str, descending: bool, expected: list[str]) -> None:
    _, ws, service = workspace
    items, total = service.queue(filt, sort=sort, descending=descending)
    assert _keys(ws, items) == expected and total == len(expected)


def test_an_unknown_sort_is_refused(workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        workspace[2].queue(QueueFilter(), sort="price")


def _events(db: Database, conversation_id: int) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    with db.reader() as uow:
        return [(e.kind, e.actor, json.loads(e.payload)) for e in uow.audit.for_conversation(conversation_id)]


def test_approving_puts_the_draft_in_the_outbox_and_delivery_solves_it_as_the_ai(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    cid = ws.ids["R1"]
    result = service.review(cid, ws.decisions["R1"], "approve", reviewer=REVIEWER, text=DRAFT_R1 + "\r\n")
    assert result.verdict == "approve" and result.action_id is not None and result.eval_example_id is None
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(cid)
        assert action.payload["text"] == DRAFT_R1 and action.payload["author_role"] == "ai"
        assert action.lineage["approver"] == REVIEWER and action.lineage["clauses"] == ws.clauses[:2]
        assert action.lineage["decision_id"] == ws.decisions["R1"]
        [review] = uow.decisions.reviews_of(ws.decisions["R1"])
        assert review.action == "approve" and review.reviewer == REVIEWER and review.edited_text is None
        assert uow.jobs.pending([DELIVER_JOB]) == 1
    kinds = [k for k, _, _ in _events(db, cid)]
    assert kinds[-2:] == ["action.queued", "draft.reviewed"]
    assert ws.ids["R1"] not in [i.conversation_id for i in service.queue(QueueFilter())[0]]
    with db.uow() as uow:
        DeliveryService().deliver(uow, result.action_id)
        uow.commit()
    with db.reader() as uow:
        assert uow.actions.get(result.action_id).status == ActionStatus.SENT  # type: ignore[union-attr]
        conv = uow.conversations.get(cid)
        assert conv is not None and conv.status.value == "solved" and conv.messages[-1].body == DRAFT_R1
        assert uow.outcomes.get(cid).resolved_by == "ai"  # type: ignore[union-attr]


def test_an_edit_sends_the_person_s_text_keeps_the_clauses_it_still_cites_and_becomes_an_example(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    cid = ws.ids["R1"]
    edited = "You can return the jacket within 30 days. [1] We will send you a label today."
    result = service.review(cid, ws.decisions["R1"], "approve", reviewer=REVIEWER, text=edited)
    assert result.verdict == "edit" and result.edit_distance is not None and 0 < result.edit_distance < 1
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(cid)
        assert action.payload["text"] == edited and action.payload["author_role"] == "agent"
        assert action.lineage["clauses"] == ws.clauses[:1]
        [example] = [e for e in uow.eval_examples.list() if e.id == result.eval_example_id]
    assert example.source == "review_edit" and example.reference_text == edited
    assert example.expected_clause == ws.clauses[0] and example.expected_intent == "return_request"
    assert example.category == "returns" and example.locale == "en" and example.decision_id == ws.decisions["R1"]
    assert EMAIL not in example.text and "<EMAIL_1>" in example.text  # the example holds the redacted message
    [(kind, actor, payload)] = [e for e in _events(db, cid) if e[0] == "draft.reviewed"]
    assert actor == REVIEWER and payload["verdict"] == "edit" and payload["edit_distance"] == result.edit_distance


def test_a_rejection_needs_a_reason_and_becomes_an_example_of_not_answering(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    cid = ws.ids["R3"]
    with pytest.raises(ReviewError, match="say why"):
        service.review(cid, ws.decisions["R3"], "reject", reviewer=REVIEWER, reason=" ")
    with db.reader() as uow:
        assert uow.decisions.reviews_of(ws.decisions["R3"]) == [] and uow.eval_examples.list() == []
    result = service.review(cid, ws.decisions["R3"], "reject", reviewer=REVIEWER, reason="refund already sent")
    assert result.action_id is None
    with db.reader() as uow:
        assert uow.actions.for_conversation(cid) == []
        conv = uow.conversations.get(cid)
        assert conv is not None and REJECTED_TAG in conv.tags and conv.status.value == "open"
        [example] = uow.eval_examples.list()
    assert example.expected_outcome == "escalate" and example.note == "refund already sent"
    assert example.source == "review_reject" and example.reference_text is None


def test_a_stale_or_repeated_review_is_a_conflict_and_changes_nothing(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    with pytest.raises(ReviewConflict, match="newer decision"):
        service.review(ws.ids["N1"], ws.decisions["N1"] - 1, "approve", reviewer=REVIEWER)
    with pytest.raises(ReviewConflict, match="already reviewed"):
        service.review(ws.ids["D1"], ws.decisions["D1"], "approve", reviewer=REVIEWER)
    with pytest.raises(ReviewError, match="auto_reply"):
        service.review(ws.ids["N1"], ws.decisions["N1"], "approve", reviewer=REVIEWER)
    with pytest.raises(ReviewError, match="is solved"):
        service.review(ws.ids["S1"], ws.decisions["S1"], "approve", reviewer=REVIEWER)
    service.review(ws.ids["R2"], ws.decisions["R2"], "approve", reviewer=REVIEWER)
    with pytest.raises(ReviewConflict):
        service.review(ws.ids["R2"], ws.decisions["R2"], "approve", reviewer="user:someone@example.com")
    with db.reader() as uow:
        assert len(uow.actions.for_conversation(ws.ids["R2"])) == 1
        assert len(uow.decisions.reviews_of(ws.decisions["R2"])) == 1


def test_an_escalation_without_a_draft_takes_a_written_reply_not_an_approval(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    cid = ws.ids["E1"]
    with pytest.raises(ReviewError, match="no draft to approve"):
        service.review(cid, ws.decisions["E1"], "approve", reviewer=REVIEWER)
    with pytest.raises(ReviewError, match="cannot be empty"):
        service.review(cid, ws.decisions["E1"], "edit", reviewer=REVIEWER, text="  ")
    result = service.review(cid, ws.decisions["E1"], "edit", reviewer=REVIEWER, text="Our legal team will call.")
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(cid)
    assert action.id == result.action_id and action.idempotency_key == f"reply:{cid}:decision:{ws.decisions['E1']}"
    assert action.lineage["clauses"] == [] and action.payload["author_role"] == "agent"
    assert result.edit_distance == 1.0


def test_the_page_shows_redacted_text_unless_the_original_is_asked_for_which_is_audited(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    cid = ws.ids["R1"]
    page = service.page(cid)
    assert page is not None and page["waiting"] and not page["original"]
    assert EMAIL not in page["messages"][0]["body"]
    assert [c["text"] for c in page["draft"]["citations"]] == RETURNS_CLAUSES
    assert [n for _, n in page["segments"] if n] == [1, 2]
    assert "conversation.original_viewed" not in [k for k, _, _ in _events(db, cid)]
    original = service.page(cid, original=True, viewer="user:admin@example.com", role="admin")
    assert original is not None and EMAIL in original["messages"][0]["body"]
    viewed = [e for e in _events(db, cid) if e[0] == "conversation.original_viewed"]
    assert viewed == [("conversation.original_viewed", "user:admin@example.com", {"role": "admin"})]
    assert service.page(99_999) is None



def test_draft_segments_link_only_markers_of_cited_clauses() -> None:
    assert draft_segments("A [1] b [7] c [2]", {1, 2}) == [("A ", None), ("[1]", 1), (" b [7] c ", None),
                                                         ("[2]", 2)]
    assert draft_segments("no markers", {1}) == [("no markers", None)]


@pytest.mark.parametrize(("edit", "author"), [(False, "ai"), (True, "agent")])
def test_sending_another_suggestion_records_its_use_and_carries_its_own_clauses(
        workspace: tuple[Database, ReviewWorkspace, ReviewService], edit: bool, author: str) -> None:
    db, ws, service = workspace
    cid = ws.ids["R1"]
    offered = "Your refund reaches the card within 5 business days. [1]"
    alternative = add_alternative(db, cid, offered, [(1, ws.clauses[1])])
    sent = offered + " Thank you for waiting." if edit else offered
    result = service.review(cid, ws.decisions["R1"], "approve", reviewer=REVIEWER, text=sent,
                            suggestion_id=alternative)
    assert result.verdict == "edit"  # not the draft as it stood
    with db.reader() as uow:
        [action] = uow.actions.for_conversation(cid)
        found = uow.suggestions.get(alternative)
        [example] = uow.eval_examples.list()
    assert action.payload["author_role"] == author and action.payload["text"] == sent
    assert action.lineage["clauses"] == [ws.clauses[1]]  # the alternative's [1], not the draft's
    assert example.expected_clause == ws.clauses[1]
    assert found is not None and found[0].used is not None and found[0].used["by"] == REVIEWER
    [used] = [p for k, _, p in _events(db, cid) if k == "suggestion.used"]
    assert (used["suggestion_id"], used["rank"], used["edited"], used["edit_distance"] > 0) == (alternative, 1, edit,
                                                                                              edit)


def test_a_suggestion_of_another_conversation_or_a_used_batch_is_refused(
        workspace: tuple[Database, ReviewWorkspace, ReviewService]) -> None:
    db, ws, service = workspace
    elsewhere = add_alternative(db, ws.ids["R2"], "Something else. [1]", [(1, ws.clauses[0])])
    with pytest.raises(ReviewError, match="another conversation"):
        service.review(ws.ids["R1"], ws.decisions["R1"], "edit", reviewer=REVIEWER, text="Something else. [1]",
                       suggestion_id=elsewhere)
    with db.reader() as uow:
        assert uow.actions.for_conversation(ws.ids["R1"]) == [] and uow.suggestions.get(elsewhere)[0].used is None  # type: ignore[index]


def test_a_review_waits_for_one_in_progress_and_then_sees_it_on_postgres(postgres_db: Database) -> None:
    """Two reviewers rejecting at once: the second waits on the decision's row lock and is refused, not recorded."""
    ws = build_review_workspace(postgres_db)
    service = ReviewService(postgres_db, SlaPolicy(240, 60), clock=lambda: NOW)
    cid, did = ws.ids["R3"], ws.decisions["R3"]
    outcome: list[object] = []

    def second_reviewer() -> None:
        try:
            outcome.append(service.review(cid, did, "reject", reviewer="user:sam@example.com", reason="not ours"))
        except ReviewConflict as exc:
            outcome.append(exc)

    with postgres_db.uow() as uow:  # the first reviewer's transaction, between its check and its commit
        uow.decisions.lock(did)
        assert uow.decisions.reviews_of(did) == []
        thread = threading.Thread(target=second_reviewer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # held at the lock, not recording a second review
        uow.decisions.add_review(Review(decision_id=did, reviewer=REVIEWER, action="reject", reason="refund sent"))
        uow.commit()
    thread.join(timeout=30)
    assert not thread.is_alive() and isinstance(outcome[0], ReviewConflict)
    with postgres_db.reader() as uow:
        assert [r.reviewer for r in uow.decisions.reviews_of(did)] == [REVIEWER]
