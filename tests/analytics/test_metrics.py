"""The metrics on a hand-computed fixture, on SQLite and PostgreSQL.

Window [Mon 2 Nov, Mon 16 Nov 2026), as of 30 Nov. Ten inbound conversations (C9 is outbound, C10 is outside):

| conv | person | created | intent | first reply | solved by | csat | handle | notes |
|---|---|---|---|---|---|---|---|---|
| C1 | alice | 02 09:00 | order_status | ai +60 s | ai | 5 | | re-contacted by C2 (related intent, 3 days) |
| C2 | alice | 05 10:00 | where_is_parcel | agent +1800 s | emma | 3 | 600 | |
| C3 | bob (phone) | 03 12:00 | refund_status | agent +7200 s | emma | 4 | 300 | C4 comes 9 days later: no re-contact |
| C4 | bob (other source, same phone) | 12 12:00 | refund_status | ai +120 s | ai | 4 | | |
| C5 | carol | 09 08:00 | order_status | ai +30 s | ai | 2 | | reopened |
| C6 | carol | 10 08:00 | refund_status | none | — | | | open; other category, not a re-contact |
| C7 | dave | 11 09:00 | order_status | agent +1200 s | li | 5 | 900 | assisted (drafted); re-contacted by C8 |
| C8 | dave | 15 23:00 (Sun) | order_status | ai +300 s | ai | | | |
| C11 | frank | 06 09:00 | order_status | agent +3600 s | li | 1 | 1200 | named as origin by C12 |
| C12 | frank (new e-mail) | 08 10:00 | order_status | agent +3600 s | li | | | recontact_of C11 |

Deflection 4/10; AI re-contact 2/4 (C1, C5); human re-contact 2/5 (C7, C11); honest deflection 0.4 × 0.5 = 0.2.
CSAT AI (5+4+2)/3; human (3+4+5+1)/4; human matched on the AI's intent mix: order_status 2/3 × (5+1)/2 +
refund_status 1/3 × 4 = 10/3. First response: 30, 60, 120, 300, 1200, 1800, 3600, 3600, 7200 s → median 1200,
p90 3600 + 0.2 × 3600 = 4320. AHT assisted 900, unassisted (600+300+1200)/3 = 700. Cost at €18/h, €0.50 per
decision (2 decisions), €300 platform a month: (55 min × 18/60 + 1 + 300 × 14/30) / 9 solved = 17.5.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from deskpilot.analytics.facts import FactsRefresh, bring_up_to_date, refresh_facts
from deskpilot.analytics.identity import identity_key
from deskpilot.analytics.metrics import ALL, CostModel, Metrics, compute_metrics, percentile_cont, word_edit_distance
from deskpilot.cli import app
from deskpilot.config import get_settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.domain.enums import GateOutcome, Mode
from deskpilot.domain.models import Customer, Decision, Draft, Review
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.gate_settings import IntentInfo
from deskpilot.storage.tables import ArticleRow, ConversationFactRow, CustomerRow

START = datetime(2026, 11, 2, tzinfo=UTC)
END = datetime(2026, 11, 16, tzinfo=UTC)
AS_OF = datetime(2026, 11, 30, tzinfo=UTC)
COSTS = CostModel(hourly_rate=18.0, ai_cost_per_decision=0.5, platform_cost_month=300.0, default_aht_minutes=5.0)
PEOPLE = {"alice": {"email": "Alice@Example.com"}, "bob": {"phone": "+370 600 00001"},
          "carol": {"email": "carol@example.com"}, "dave": {"email": "dave@example.com"},
          "erin": {"email": "erin@example.com"}, "frank": {"email": "frank@example.com"},
          "frank2": {"email": "frank.new@example.com"}}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _payload(key: str, person: str, created: datetime, intent: str, reply: tuple[str, int] | None,
             outcome: dict[str, Any] | None, *, source: str = "t", first: str = "customer",
             recontact_of: str | None = None, customer_id: str | None = None,
             contact: dict[str, str] | None = None) -> GenericConversation:
    messages = [{"external_id": f"{key}-1", "author_role": first, "body": "Hello, about my order.",
                 "created_at": created.isoformat()}]
    if reply is not None:
        role, seconds = reply
        messages.append({"external_id": f"{key}-2", "author_role": role, "body": "Here is the answer.",
                         "created_at": (created + timedelta(seconds=seconds)).isoformat()})
    if outcome is not None:
        outcome = {"resolution": "solved", "resolved_at": (created + timedelta(seconds=reply[1] if reply else 0))
                   .isoformat(), **outcome}
    return GenericConversation.model_validate({
        "source": source, "external_id": key, "created_at": created.isoformat(), "category": intent,
        "locale": "lt" if person == "bob" else "en", "status": "solved" if outcome else "open",
        "customer": {"external_id": customer_id or person, **(contact or PEOPLE[person])},
        "messages": messages, "outcome": outcome, "metadata": {"recontact_of": recontact_of} if recontact_of else {}})


def _fixture(db: Database) -> None:
    payloads = [
        _payload("C1", "alice", _at(2, 9), "order_status", ("ai", 60), {"resolved_by": "ai", "csat": 5}),
        _payload("C2", "alice", _at(5, 10), "where_is_parcel", ("agent", 1800),
                 {"resolved_by": "agent:emma", "csat": 3, "handle_seconds": 600}),
        _payload("C3", "bob", _at(3, 12), "refund_status", ("agent", 7200),
                 {"resolved_by": "agent:emma", "csat": 4, "handle_seconds": 300}),
        _payload("C4", "bob", _at(12, 12), "refund_status", ("ai", 120), {"resolved_by": "ai", "csat": 4},
                 source="mail", customer_id="bob-mail", contact={"phone": "00370 600 00001"}),
        _payload("C5", "carol", _at(9, 8), "order_status", ("ai", 30),
                 {"resolved_by": "ai", "csat": 2, "reopened": True}),
        _payload("C6", "carol", _at(10, 8), "refund_status", None, None),
        _payload("C7", "dave", _at(11, 9), "order_status", ("agent", 1200),
                 {"resolved_by": "agent:li", "csat": 5, "handle_seconds": 900}),
        _payload("C8", "dave", _at(15, 23), "order_status", ("ai", 300), {"resolved_by": "ai"}),
        _payload("C9", "erin", _at(4, 9), "order_status", ("customer", 600), {"resolved_by": "agent:li"},
                 first="agent"),
        _payload("C10", "erin", END, "order_status", ("ai", 60), {"resolved_by": "ai", "csat": 5}),
        _payload("C11", "frank", _at(6, 9), "order_status", ("agent", 3600),
                 {"resolved_by": "agent:li", "csat": 1, "handle_seconds": 1200}),
        _payload("C12", "frank2", _at(8, 10), "order_status", ("agent", 3600), {"resolved_by": "agent:li"},
                 recontact_of="C11"),
    ]
    IngestService(db).ingest_many(payloads, actor="test")
    with db.uow() as uow:
        for name, category in (("order_status", "orders"), ("where_is_parcel", "orders"),
                               ("refund_status", "refunds")):
            uow.taxonomy.save(IntentInfo(name, category, False, None))
        ids = {c: uow.conversations.get_by_external("t", c).id for c in ("C1", "C7")}  # type: ignore[union-attr]
        for key, text, review in (("C1", "Your order ships today.", None),
                                  ("C7", "Your order ships today.", "Your order ships tomorrow.")):
            draft = uow.decisions.add_draft(Draft(ids[key], text, "en", [], 0.9, "m", "p", "kb", "pol"))
            decision = uow.decisions.add_decision(Decision(
                conversation_id=ids[key], outcome=GateOutcome.REVIEW, mode=Mode.ASSIST, category="orders",
                locale="en", confidence=0.9, threshold=0.5, rollout_percent=100, rollout_bucket=1, reasons=["x"],
                stage_timings={}, draft_id=draft.id))
            assert decision.id is not None
            uow.decisions.add_review(Review(decision.id, "agent:li", "approve", edited_text=review,
                                            created_at=_at(11, 10)))
        for key, reviewed, state in (("a1", _at(1, 9), "published"), ("a2", datetime(2026, 8, 1, tzinfo=UTC),
                                     "published"), ("a3", None, "published"), ("a4", _at(1, 9), "draft")):
            uow.session.add(ArticleRow(key=key, locale="en", title=key, state=state, last_reviewed_at=reviewed))
        uow.commit()
    bring_up_to_date(db)


@pytest.fixture(params=["sqlite", "postgres"])
def metrics_db(request: pytest.FixtureRequest) -> Database:
    db: Database = request.getfixturevalue(f"{request.param}_db")
    _fixture(db)
    return db


def _compute(db: Database, **kwargs: Any) -> Metrics:
    with db.reader() as uow:
        return compute_metrics(uow.session, start=START, end=END, as_of=AS_OF, costs=COSTS, **kwargs)


def test_window_totals_match_the_hand_computed_figures(metrics_db: Database) -> None:
    m = _compute(metrics_db)
    t = m.total()
    assert (t.inbound, t.solved, t.deflected) == (10, 9, 4)
    assert t.deflection == pytest.approx(0.4)
    assert (t.ai_solved_mature, t.ai_recontacted, t.human_solved_mature, t.human_recontacted) == (4, 2, 5, 2)
    assert t.ai_recontact_rate == pytest.approx(0.5) and t.human_recontact_rate == pytest.approx(0.4)
    assert t.recontact_rate == pytest.approx(4 / 9)
    assert t.honest_deflection == pytest.approx(0.2)
    assert t.recontact_pending == 0
    assert t.csat_ai == pytest.approx(11 / 3) and t.csat_ai_rated == 3
    assert t.csat_human == pytest.approx(13 / 4) and t.csat_human_rated == 4
    assert t.csat_human_matched == pytest.approx(10 / 3)
    assert t.frt_median_s == pytest.approx(1200) and t.frt_p90_s == pytest.approx(4320)
    assert t.aht_assisted_s == pytest.approx(900) and t.aht_unassisted_s == pytest.approx(700)
    assert t.person_minutes == pytest.approx(55) and t.decisions == 2
    assert t.cost_per_resolved == pytest.approx(17.5)


def test_weekly_trend_splits_on_monday_and_groups_by_category(metrics_db: Database) -> None:
    m = _compute(metrics_db, period="week", by="category")
    trend = {(r.period, r.group): r for r in m.trend}
    week1, week2 = trend[("2026-11-02", ALL)], trend[("2026-11-09", ALL)]
    assert (week1.inbound, week1.deflected) == (5, 1)
    assert (week2.inbound, week2.deflected) == (5, 3)  # C8 on Sunday 23:00 still belongs to the week of the 9th
    totals = {r.group: r for r in m.totals}
    assert (totals["orders"].inbound, totals["orders"].deflected) == (7, 3)
    assert (totals["refunds"].inbound, totals["refunds"].deflected) == (3, 1)
    assert totals["orders"].ai_recontact_rate == pytest.approx(2 / 3)  # C1, C5 of C1, C5, C8
    assert trend[("2026-11-09", "refunds")].inbound == 2
    # the €140 platform fee of the window is shared by solved conversations: 7 of 9 orders, 2 of 9 refunds
    assert totals["orders"].cost_per_resolved == pytest.approx((50 / 60 * 18 + 2 * 0.5 + 140 * 7 / 9) / 7)
    assert totals["refunds"].cost_per_resolved == pytest.approx((5 / 60 * 18 + 140 * 2 / 9) / 2)


def test_locale_grouping_and_attribution_to_the_original_resolver(metrics_db: Database) -> None:
    m = _compute(metrics_db, by="locale")
    assert {r.group: r.inbound for r in m.totals} == {ALL: 10, "en": 8, "lt": 2}
    assert {r["resolved_by"]: (r["solved_mature"], r["recontacted"]) for r in m.recontact_by_resolver} == {
        "ai": (4, 2), "agent:emma": (2, 0), "agent:li": (3, 2)}


def test_young_resolutions_are_pending_not_counted_as_kept(metrics_db: Database) -> None:
    with metrics_db.reader() as uow:  # as of 17 Nov, only resolutions before the 10th have a closed window
        m = compute_metrics(uow.session, start=START, end=END, as_of=datetime(2026, 11, 17, tzinfo=UTC))
    t = m.total()
    assert t.recontact_pending == 3  # C4 (12th), C7 (11th) and C8 (15th)
    assert (t.ai_solved_mature, t.ai_recontacted) == (2, 2)  # C1 and C5 (9th 08:00 + 7 days ≤ 17th)
    assert (t.human_solved_mature, t.human_recontacted) == (4, 1)  # C2, C3, C11, C12; C11 named by C12


def test_freshness_and_reviewer_feedback(metrics_db: Database) -> None:
    m = _compute(metrics_db)
    assert m.articles_published == 3 and m.knowledge_freshness == pytest.approx(1 / 3)
    [orders] = m.feedback
    assert (orders.category, orders.approved, orders.edited, orders.rejected) == ("orders", 1, 1, 0)
    assert orders.mean_edit_distance == pytest.approx(0.25)


def test_one_person_across_channels_has_one_identity_key() -> None:
    by_email = identity_key(email=" Alice@Example.com ", phone=None, source="zendesk", external_id="1")
    assert by_email == identity_key(email="alice@example.com", phone="+49 1", source="mail", external_id="x")
    by_phone = identity_key(email=None, phone="+370 600 00001", source="t", external_id="bob")
    assert by_phone == identity_key(email=None, phone="00370-600-00001", source="mail", external_id="b2")
    assert identity_key(email=None, phone=None, source="t", external_id="bob") != identity_key(
        email=None, phone=None, source="u", external_id="bob")
    assert "alice" not in by_email


def test_percentile_and_edit_distance_helpers() -> None:
    assert percentile_cont([30, 60, 120, 300, 1200, 1800, 3600, 3600, 7200], 0.9) == pytest.approx(4320)
    assert percentile_cont([5], 0.5) == 5
    assert word_edit_distance("a b c d", "a b c d") == 0.0
    assert word_edit_distance("a b c d", "a x c") == pytest.approx(0.5)


def test_cli_metrics_and_measured_roi(sqlite_db: Database) -> None:
    _fixture(sqlite_db)
    env = {"DESKPILOT_DATABASE_URL": sqlite_db.engine.url.render_as_string(hide_password=False),
           "DESKPILOT_AI_COST_PER_DECISION": "0.5", "DESKPILOT_PLATFORM_COST_MONTH": "300", "COLUMNS": "200"}
    window = ("--window", "14d", "--until", "2026-11-15")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        as_json = runner.invoke(app, ["metrics", *window, "--period", "week", "--json"], env=env)
        shown = runner.invoke(app, ["metrics", *window, "--by", "category", "--rebuild"], env=env)
        measured = runner.invoke(app, ["roi", "--measured", *window, "--ai-cost", "100", "--json"], env=env)
    finally:
        get_settings.cache_clear()
    assert as_json.exit_code == 0, as_json.output
    total = next(r for r in json.loads(as_json.stdout)["totals"] if r["group"] == ALL)
    assert (total["deflection"], total["honest_deflection"], total["cost_per_resolved"]) == (0.4, 0.2, 17.5)
    assert shown.exit_code == 0 and "orders" in shown.stdout and "honest" in shown.stdout
    assert "Rebuilt 11 conversation facts" in shown.stderr
    assert measured.exit_code == 0, measured.output
    data = json.loads(measured.stdout)
    assert data["inputs"]["deflection"] == pytest.approx(0.4) and data["inputs"]["recontact"] == pytest.approx(0.5)
    assert data["inputs"]["contacts_month"] == pytest.approx(10 * 30 / 14, abs=0.1)
    assert data["inputs"]["aht_minutes"] == pytest.approx(55 / 5)  # person minutes ÷ person-solved conversations
    assert data["honest_deflection"] == pytest.approx(0.2)


def _facts(db: Database) -> list[tuple[Any, ...]]:
    with db.reader() as uow:
        return [tuple(row) for row in uow.session.execute(
            select(ConversationFactRow.__table__).order_by(ConversationFactRow.conversation_id))]


def _refresh(db: Database, **kwargs: Any) -> FactsRefresh:
    with db.uow() as uow:
        done = refresh_facts(uow.session, overlap=timedelta(0), **kwargs)
        uow.commit()
    return done


def test_incremental_refresh_rebuilds_only_what_changed_and_matches_a_full_rebuild(metrics_db: Database) -> None:
    before = _compute(metrics_db).total()
    assert _refresh(metrics_db).rebuilt == 0  # nothing changed since the fixture's refresh
    # bob writes again two days after C4 (refund_status, solved by the AI on the 12th): C4 is now re-contacted;
    # C8's outcome gains a rating; dave's C7 gets a second decision
    IngestService(metrics_db).ingest_many([_payload("C13", "bob", _at(14, 9), "refund_status", None, None,
                                                    source="mail", customer_id="bob-mail",
                                                    contact={"phone": "00370 600 00001"})], actor="test")
    with metrics_db.uow() as uow:
        c8 = uow.conversations.get_by_external("t", "C8")
        assert c8 is not None and c8.id is not None
        outcome = uow.outcomes.get(c8.id)
        assert outcome is not None
        outcome.csat = 1
        uow.outcomes.upsert(outcome)
        uow.commit()
    done = _refresh(metrics_db)
    assert not done.full and done.rebuilt == 5  # C13 and bob's C3, C4; C8 and dave's C7: not the whole table
    incremental = _facts(metrics_db)
    assert _refresh(metrics_db, full=True).full
    assert _facts(metrics_db) == incremental
    after = _compute(metrics_db).total()
    assert after.inbound == before.inbound + 1
    assert (after.ai_solved_mature, after.ai_recontacted) == (before.ai_solved_mature, before.ai_recontacted + 1)
    assert after.csat_ai_rated == before.csat_ai_rated + 1


def test_an_identity_change_moves_the_persons_conversations(metrics_db: Database) -> None:
    # frank's new address (C12's customer) gets his old phone… and C12's customer becomes frank's e-mail: C11 is now
    # re-contacted by the same person as well as named (still counted once)
    with metrics_db.uow() as uow:
        row = uow.session.execute(select(CustomerRow).where(CustomerRow.external_id == "frank2")).scalar_one()
        old_key = row.identity_key
        uow.conversations.upsert_customer(Customer(source="t", external_id="frank2", email="frank@example.com"))
        uow.commit()
    incremental_done = _refresh(metrics_db)
    incremental = _facts(metrics_db)
    _refresh(metrics_db, full=True)
    assert _facts(metrics_db) == incremental and not incremental_done.full
    with metrics_db.reader() as uow:
        keys = {cid: key for cid, key in uow.session.execute(
            select(ConversationFactRow.conversation_id, ConversationFactRow.identity_key))}
    assert old_key not in keys.values()
    assert _compute(metrics_db).total().human_recontacted == 2


def test_a_taxonomy_change_rebuilds_every_fact(metrics_db: Database) -> None:
    assert not _refresh(metrics_db).full
    with metrics_db.uow() as uow:
        uow.taxonomy.save(IntentInfo("where_is_parcel", "shipping", False, None))
        uow.commit()
    done = _refresh(metrics_db)
    assert done.full and done.rebuilt == 11  # every inbound conversation, C10 outside the window too
    by_category = {r.group: r.inbound for r in _compute(metrics_db, by="category").totals}
    assert by_category["shipping"] == 1


def test_measured_llm_costs_count_in_the_cost_per_resolved_contact(metrics_db: Database) -> None:
    before = _compute(metrics_db).total()
    with metrics_db.uow() as uow:
        c8 = uow.conversations.get_by_external("t", "C8")
        assert c8 is not None and c8.id is not None
        uow.drafting.add_call(conversation_id=c8.id, draft_id=None, llm={
            "model": "local@v1", "prompt_version": "p", "outcome": "used", "prompt_tokens": 900,
            "completion_tokens": 120, "cost": 0.75, "latency_ms": 800.0, "attempts": 1})
        uow.conversations.update(c8.id, status="solved")  # processing records the call with the conversation
        uow.commit()
    bring_up_to_date(metrics_db)
    after = _compute(metrics_db).total()
    assert after.llm_cost == pytest.approx(0.75)
    assert after.cost_per_resolved == pytest.approx((before.cost_per_resolved or 0) + 0.75 / 9)  # 9 solved
