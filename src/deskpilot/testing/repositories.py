"""Contract tests every storage backend must pass; a backend's test class inherits the mixin.

Example::

    class TestSQLite(RepositoryContract):
        @pytest.fixture
        def db(self, tmp_path):
            return migrated_database(sqlite_url(tmp_path))
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from deskpilot.audit.events import ConversationIngested
from deskpilot.domain.enums import ActionStatus, AuthorRole, Channel, ConversationStatus, GateOutcome, Mode
from deskpilot.domain.models import (
    Action,
    Citation,
    Conversation,
    Customer,
    Decision,
    Draft,
    Message,
    Outcome,
)
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.jobs import LeaseLost
from deskpilot.storage.tables import ConversationRow

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _conversation(external_id: str = "T-1") -> Conversation:
    return Conversation(source="test", external_id=external_id, channel=Channel.EMAIL, status=ConversationStatus.NEW,
                        created_at=T0, subject="Wo ist meine Bestellung?",
                        customer=Customer(source="test", external_id="cust-1", name="Jürgen Weiß",
                                          email="j.weiss@example.de"),
                        tags=["vip"], metadata={"k": "v"})


def _message(external_id: str, minutes: int = 0, role: AuthorRole = AuthorRole.CUSTOMER) -> Message:
    return Message(author_role=role, body=f"Nachricht {external_id} — Grüße aus Köln", external_id=external_id,
                   created_at=T0 + timedelta(minutes=minutes))


def _id(entity: Conversation) -> int:
    """The database id of a stored conversation."""
    assert entity.id is not None, "store the conversation first"
    return entity.id


class RepositoryContract:
    """Behaviour every database backend must show; subclasses provide a ``db`` fixture."""

    @pytest.fixture
    def db(self) -> Database:  # pragma: no cover - overridden
        raise NotImplementedError

    def test_conversation_round_trip_keeps_unicode_time_zone_and_json(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            uow.conversations.add_messages(_id(conv), [_message("m1"), _message("m2", 5)])
            uow.commit()
        with db.reader() as uow:
            got = uow.conversations.get(_id(conv))
        assert got is not None
        assert got.subject == "Wo ist meine Bestellung?"
        assert got.customer is not None and got.customer.name == "Jürgen Weiß"
        assert got.created_at == T0 and got.created_at.tzinfo is not None
        assert [m.external_id for m in got.messages] == ["m1", "m2"]
        assert got.messages[0].body.endswith("Köln")
        assert got.tags == ["vip"] and got.metadata == {"k": "v"}

    def test_messages_are_idempotent_on_external_id(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            first = uow.conversations.add_messages(_id(conv), [_message("m1")])
            again = uow.conversations.add_messages(_id(conv), [_message("m1"), _message("m2", 1)])
            uow.commit()
        assert [m.external_id for m in first] == ["m1"]
        assert [m.external_id for m in again] == ["m2"]
        with db.reader() as uow:
            assert len(uow.conversations.get(_id(conv)).messages) == 2  # type: ignore[union-attr]

    def test_conversation_is_unique_per_source_and_external_id(self, db: Database) -> None:
        with db.uow() as uow:
            uow.conversations.add(_conversation())
            uow.commit()
        with db.uow() as uow, pytest.raises(Exception):  # noqa: B017 — any integrity error
            uow.conversations.add(_conversation())
            uow.commit()
        with db.reader() as uow:
            assert uow.conversations.count() == 1

    def test_rollback_leaves_nothing_behind(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            uow.conversations.add_messages(_id(conv), [_message("m1")])
            uow.audit.append(ConversationIngested(actor="test", conversation_id=_id(conv)))
            # no commit
        with db.reader() as uow:
            assert uow.conversations.count() == 0
            assert uow.audit.count() == 0

    def test_draft_decision_and_outcome_round_trip(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            draft = uow.decisions.add_draft(Draft(
                conversation_id=_id(conv), text="Hallo", locale="de",
                citations=[Citation(1, "de/returns-policy#1.1@v1", None, (0, 5))], confidence=0.8,
                model_version="m", prompt_version="p", kb_version="kb", policy_version="pol",
                verifier={"removed": 0}))
            uow.decisions.add_decision(Decision(
                conversation_id=_id(conv), outcome=GateOutcome.REVIEW, mode=Mode.ASSIST, category="returns",
                locale="de", confidence=0.8, threshold=0.5, rollout_percent=100, rollout_bucket=42,
                reasons=["assist"], stage_timings={"total": 12.5}, draft_id=draft.id))
            uow.outcomes.upsert(Outcome(conversation_id=_id(conv), resolution="solved", resolved_by="agent:ruta",
                                        resolved_at=T0, csat=5))
            uow.commit()
        with db.reader() as uow:
            decision = uow.decisions.latest_decision(_id(conv))
            assert decision is not None and decision.outcome == GateOutcome.REVIEW
            assert decision.stage_timings == {"total": 12.5}
            stored = uow.decisions.get_draft(decision.draft_id)  # type: ignore[arg-type]
            assert stored is not None and stored.citations[0].clause_id == "de/returns-policy#1.1@v1"
            assert stored.citations[0].span == (0, 5)
            outcome = uow.outcomes.get(_id(conv))
            assert outcome is not None and outcome.csat == 5 and outcome.resolved_at == T0

    def test_conversation_summary_follows_messages_and_decisions(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            uow.conversations.add_messages(_id(conv), [_message("m2", 10, AuthorRole.AI), _message("m3", 12)])
            note = Message(author_role=AuthorRole.AGENT, body="intern", external_id="n1", public=False,
                           created_at=T0 + timedelta(minutes=5))
            uow.conversations.add_messages(_id(conv), [note, _message("m1", 0)])  # arrives late, was first
            uow.decisions.add_decision(Decision(
                conversation_id=_id(conv), outcome=GateOutcome.ESCALATE, mode=Mode.ASSIST, category=None,
                locale="de", confidence=0.2, threshold=0.5, rollout_percent=0, rollout_bucket=1, reasons=["x"],
                stage_timings={}))
            uow.commit()
        with db.reader() as uow:
            row = uow.session.get(ConversationRow, _id(conv))
            assert row is not None
            assert (row.first_message_at, row.first_customer_at, row.first_reply_at) == (
                T0, T0, T0 + timedelta(minutes=10))  # the private note is no reply
            assert not row.person_replied and row.decisions_count == 1 and not row.drafted
        with db.uow() as uow:
            uow.conversations.add_messages(_id(conv), [_message("m4", 20, AuthorRole.AGENT)])
            uow.commit()
        with db.reader() as uow:
            row = uow.session.get(ConversationRow, _id(conv))
            assert row is not None and row.person_replied and row.first_reply_at == T0 + timedelta(minutes=10)

    def test_action_idempotency_key_returns_the_stored_action(self, db: Database) -> None:
        with db.uow() as uow:
            conv = uow.conversations.add(_conversation())
            a = uow.actions.add(Action(conversation_id=_id(conv), kind="reply", payload={"text": "x"},
                                       idempotency_key="reply:1"))
            b = uow.actions.add(Action(conversation_id=_id(conv), kind="reply", payload={"text": "y"},
                                       idempotency_key="reply:1"))
            assert a.id is not None
            uow.actions.mark(a.id, ActionStatus.SENT, external_ref="ext-1")
            uow.commit()
        assert a.id == b.id
        with db.reader() as uow:
            stored = uow.actions.by_key("reply:1")
            assert stored is not None and stored.status == ActionStatus.SENT and stored.payload == {"text": "x"}

    def test_audit_chain_links_every_event(self, db: Database) -> None:
        with db.uow() as uow:
            for i in range(3):
                uow.audit.append(ConversationIngested(actor="test", conversation_id=i, new_messages=i))
            uow.commit()
        with db.reader() as uow:
            events = list(uow.audit.iter_chain())
            assert [e.seq for e in events] == [1, 2, 3]
            assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
            assert uow.audit.head() == (3, events[2].hash)

    def test_jobs_dedupe_claim_complete(self, db: Database) -> None:
        with db.uow() as uow:
            first = uow.jobs.enqueue("k", {"n": 1}, dedupe_key="same")
            second = uow.jobs.enqueue("k", {"n": 2}, dedupe_key="same")
            uow.commit()
        assert first is not None and second is None
        with db.uow() as uow:
            job = uow.jobs.claim("w1", lease_seconds=30)
            uow.commit()
        assert job is not None and job.attempts == 1 and job.payload == {"n": 1}
        with db.uow() as uow:
            assert uow.jobs.claim("w2", lease_seconds=30) is None
            uow.commit()
        with db.uow() as uow:
            uow.jobs.complete(job.id, "w1", attempt=1)  # type: ignore[arg-type]
            uow.commit()
        with db.reader() as uow:
            assert uow.jobs.counts() == {"done": 1}

    def test_expired_lease_is_reclaimed_and_fences_the_old_owner(self, db: Database) -> None:
        with db.uow() as uow:
            uow.jobs.enqueue("k", {})
            uow.commit()
        with db.uow() as uow:
            job = uow.jobs.claim("w1", lease_seconds=-1)  # already expired
            uow.commit()
        with db.uow() as uow:
            again = uow.jobs.claim("w2", lease_seconds=30)
            uow.commit()
        assert job is not None and again is not None and again.id == job.id and again.attempts == 2
        with db.uow() as uow, pytest.raises(LeaseLost):
            uow.jobs.complete(job.id, "w1", attempt=1)  # type: ignore[arg-type]

    def test_failed_job_backs_off_then_dies(self, db: Database) -> None:
        with db.uow() as uow:
            uow.jobs.enqueue("k", {}, max_attempts=2)
            uow.commit()
        with db.uow() as uow:
            job = uow.jobs.claim("w", lease_seconds=30)
            failed = uow.jobs.fail(job.id, "w", attempt=1, error="boom", backoff_seconds=60)  # type: ignore[union-attr,arg-type]
            uow.commit()
        assert failed is not None and failed.status.value == "queued" and failed.run_after > datetime.now(UTC)
        with db.uow() as uow:
            assert uow.jobs.claim("w", lease_seconds=30) is None  # not due yet
            uow.session.execute(text("UPDATE jobs SET run_after = :t"),
                                {"t": datetime(2000, 1, 1)})
            job = uow.jobs.claim("w", lease_seconds=30)
            dead = uow.jobs.fail(job.id, "w", attempt=2, error="boom again", backoff_seconds=60)  # type: ignore[union-attr,arg-type]
            uow.commit()
        assert dead is not None and dead.status.value == "dead" and dead.last_error == "boom again"

    def test_published_clauses_and_citations_resolve_per_version(self, db: Database) -> None:
        from deskpilot.domain.enums import ArticleState
        from deskpilot.domain.models import Article

        with db.uow() as uow:
            uow.knowledge.save_article(Article(key="en/a", locale="en", title="A", state=ArticleState.DRAFT))
            uow.knowledge.add_published_version("en/a", title="A", body="x", content_hash="h1",
                                                clauses=[("en/a#1.1", "S", "Returns take 30 days.", "t1")])
            uow.knowledge.add_published_version("en/a", title="A", body="y", content_hash="h2",
                                                clauses=[("en/a#1.1", "S", "Returns take 45 days.", "t2")])
            uow.commit()
        with db.reader() as uow:
            assert [c.citation for c in uow.knowledge.published_clauses()] == ["en/a#1.1@v2"]
            old = uow.knowledge.clause_by_citation("en/a#1.1@v1")
            assert old is not None and old.text == "Returns take 30 days."
            assert uow.knowledge.get_article("en/a").current_version == 2  # type: ignore[union-attr]
