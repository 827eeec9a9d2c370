"""The dashboard's weekly series on a hand-computed fixture, on SQLite and PostgreSQL.

Four ISO weeks, 2–29 Nov 2026 (the window ends Monday 30 Nov), judged as of 10 Dec so every re-contact window has
closed. Costs: €18/h, €0.50 per decision, €300 platform fee a month (€70 a week); default handling time 5 min.

| week | conv | person | created | intent | first reply | solved by | csat | handle | notes |
|---|---|---|---|---|---|---|---|---|---|
| W45 | A1 | alice | 2 Nov 09:00 | order_status | ai +60 s | ai | 5 | | re-contacted by A2 |
| W45 | A2 | alice | 5 Nov 10:00 | order_status | agent +600 s | emma | 3 | 600 | draft (orders) rejected |
| W45 | A3 | bob | 6 Nov 09:00 | refund_status | ai +120 s | ai | 4 | | |
| W45 | A4 | carol | 7 Nov 09:00 | refund_status | agent +1200 s | li | 5 | 300 | draft (refunds) approved unchanged |
| W46 | B1 | dave | 9 Nov 09:00 | order_status | ai +30 s | ai | 4 | | |
| W46 | B2 | erin | 10 Nov 09:00 | order_status | ai +90 s | ai | 2 | | reopened |
| W46 | B3 | frank | 11 Nov 09:00 | refund_status | ai +60 s | ai | 5 | | |
| W46 | B4 | gina | 12 Nov 09:00 | refund_status | agent +1800 s | li | 3 | — | draft (refunds) edited 1 word of 4 |
| W46 | B5 | hugo | 13 Nov 09:00 | refund_status | none | — | | | open |
| W47 | — | | | | | | | | nothing |
| W48 | D1 | ivan | 23 Nov 09:00 | order_status | ai +45 s | ai | 5 | | re-contacted by D2 |
| W48 | D2 | ivan | 25 Nov 09:00 | order_status | agent +900 s | emma | 4 | 1200 | draft (orders) edited 2 words of 5 |
| W48 | D3 | judy | 26 Nov 09:00 | refund_status | agent +600 s | li | 2 | 600 | draft (refunds) approved unchanged |
| W48 | D4 | kim | 27 Nov 09:00 | refund_status | ai +30 s | ai | 3 | | |
| W48 | D5 | leo | 28 Nov 09:00 | order_status | agent +300 s | emma | | 300 | |

Per week (W45, W46, W47, W48):
* deflection 2/4, 3/5, —, 2/5; AI re-contact 1/2, 1/3, —, 1/2; honest 0.25, 0.6 × 2/3 = 0.4, —, 0.2.
* CSAT AI 4.5, 11/3, —, 4; human matched on intent: ½ × 3 + ½ × 5 = 4, 3 (refunds only), —, ½ × 4 + ½ × 2 = 3.
* freshness of 5 published articles reviewed 1 Nov, 14 Aug, 20 Aug, 28 Aug and never, as of each Monday after:
  4/5, 3/5, 2/5, 1/5.
* feedback: approve/edit/reject ½/0/½, 0/1/0 (distance 0.25), —, ½/½/0 (distance 0.4).
* cost: (15 min × 0.3 + 2 × 0.5 + 70) / 4 = 18.875; (5 × 0.3 + 0.5 + 70) / 4 = 18; —; (35 × 0.3 + 1 + 70) / 5 = 16.3.
* first response median / p90: 360 / 1020, 75 / 1287, —, 300 / 780.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from deskpilot.analytics.dashboard import (
    Dashboard,
    build_dashboard,
    combine_feedback,
    compute_dashboard,
    week_start,
)
from deskpilot.analytics.metrics import Feedback
from deskpilot.config import Settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.domain.enums import GateOutcome, Mode
from deskpilot.domain.models import Decision, Draft, Review
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.gate_settings import IntentInfo
from deskpilot.storage.tables import ArticleRow

END = datetime(2026, 11, 30, tzinfo=UTC)
NOW = datetime(2026, 12, 10, tzinfo=UTC)
DRAFT_ORDER, DRAFT_REFUND = "Your order ships today.", "Your refund ships today."


def _settings(db: Database) -> Settings:
    return Settings(database_url=db.engine.url.render_as_string(hide_password=False), environment="test",
                    hourly_rate=18.0, ai_cost_per_decision=0.5, platform_cost_month=300.0, default_aht_minutes=5.0,
                    recontact_days=7)


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _payload(key: str, person: str, created: datetime, intent: str, reply: tuple[str, int] | None,
             outcome: dict[str, Any] | None) -> GenericConversation:
    messages = [{"external_id": f"{key}-1", "author_role": "customer", "body": "Hello, about my order.",
                 "created_at": created.isoformat()}]
    if reply is not None:
        messages.append({"external_id": f"{key}-2", "author_role": reply[0], "body": "Here is the answer.",
                         "created_at": (created + timedelta(seconds=reply[1])).isoformat()})
    if outcome is not None:
        outcome = {"resolution": "solved", "resolved_at": (created + timedelta(seconds=reply[1] if reply else 0))
                   .isoformat(), **outcome}
    return GenericConversation.model_validate({
        "source": "t", "external_id": key, "created_at": created.isoformat(), "category": intent, "locale": "en",
        "status": "solved" if outcome else "open",
        "customer": {"external_id": person, "email": f"{person}@example.com"},
        "messages": messages, "outcome": outcome})


def _ai(csat: int | None = None, **extra: Any) -> dict[str, Any]:
    return {"resolved_by": "ai", "csat": csat, **extra}


def _agent(who: str, csat: int | None, handle: int | None) -> dict[str, Any]:
    return {"resolved_by": f"agent:{who}", "csat": csat, "handle_seconds": handle}


CONVERSATIONS = [
    ("A1", "alice", _at(2), "order_status", ("ai", 60), _ai(5)),
    ("A2", "alice", _at(5, 10), "order_status", ("agent", 600), _agent("emma", 3, 600)),
    ("A3", "bob", _at(6), "refund_status", ("ai", 120), _ai(4)),
    ("A4", "carol", _at(7), "refund_status", ("agent", 1200), _agent("li", 5, 300)),
    ("B1", "dave", _at(9), "order_status", ("ai", 30), _ai(4)),
    ("B2", "erin", _at(10), "order_status", ("ai", 90), _ai(2, reopened=True)),
    ("B3", "frank", _at(11), "refund_status", ("ai", 60), _ai(5)),
    ("B4", "gina", _at(12), "refund_status", ("agent", 1800), _agent("li", 3, None)),
    ("B5", "hugo", _at(13), "refund_status", None, None),
    ("D1", "ivan", _at(23), "order_status", ("ai", 45), _ai(5)),
    ("D2", "ivan", _at(25), "order_status", ("agent", 900), _agent("emma", 4, 1200)),
    ("D3", "judy", _at(26), "refund_status", ("agent", 600), _agent("li", 2, 600)),
    ("D4", "kim", _at(27), "refund_status", ("ai", 30), _ai(3)),
    ("D5", "leo", _at(28), "order_status", ("agent", 300), _agent("emma", None, 300)),
]
# conversation, category of the decision, draft, action, edited text, review day
REVIEWS = [
    ("A2", "orders", DRAFT_ORDER, "reject", None, 5),
    ("A4", "refunds", DRAFT_REFUND, "approve", None, 7),
    ("B4", "refunds", DRAFT_REFUND, "approve", "Your refund ships tomorrow.", 12),
    ("D2", "orders", DRAFT_ORDER, "approve", "Your order ships on Monday.", 25),
    ("D3", "refunds", DRAFT_REFUND, "approve", None, 26),
]
ARTICLES = [("a1", _at(1), "published"), ("a2", datetime(2026, 8, 14, tzinfo=UTC), "published"),
            ("a3", datetime(2026, 8, 20, tzinfo=UTC), "published"), ("a4", datetime(2026, 8, 28, tzinfo=UTC),
                                                                     "published"),
            ("a5", None, "published"), ("a6", _at(1), "draft")]


def _fixture(db: Database) -> None:
    IngestService(db).ingest_many([_payload(*row) for row in CONVERSATIONS], actor="test")
    with db.uow() as uow:
        for name, category in (("order_status", "orders"), ("refund_status", "refunds")):
            uow.taxonomy.save(IntentInfo(name, category, False, None))
        for key, category, text, action, edited, day in REVIEWS:
            conversation = uow.conversations.get_by_external("t", key)
            assert conversation is not None and conversation.id is not None
            draft = uow.decisions.add_draft(Draft(conversation.id, text, "en", [], 0.9, "m", "p", "kb", "pol"))
            decision = uow.decisions.add_decision(Decision(
                conversation_id=conversation.id, outcome=GateOutcome.REVIEW, mode=Mode.ASSIST, category=category,
                locale="en", confidence=0.9, threshold=0.5, rollout_percent=100, rollout_bucket=1, reasons=["x"],
                stage_timings={}, draft_id=draft.id))
            assert decision.id is not None
            uow.decisions.add_review(Review(decision.id, "agent:li", action, edited_text=edited,
                                            created_at=_at(day, 11)))
        for key, reviewed, state in ARTICLES:
            uow.session.add(ArticleRow(key=key, locale="en", title=key, state=state, last_reviewed_at=reviewed))
        uow.commit()


@pytest.fixture(params=["sqlite", "postgres"])
def board_db(request: pytest.FixtureRequest) -> Database:
    db: Database = request.getfixturevalue(f"{request.param}_db")
    _fixture(db)
    return db


def _board(db: Database, *, weeks: int = 4, until: datetime = END) -> Dashboard:
    return build_dashboard(db, _settings(db), weeks=weeks, until=until, now=NOW)


def compute_dashboard_in(db: Database, *, weeks: int) -> Dashboard:
    with db.reader() as uow:
        return compute_dashboard(uow.session, _settings(db), weeks=weeks, until=END, as_of=NOW)


def _series(board: Dashboard, name: str) -> list[float | None]:
    return [getattr(w, name) for w in board.weeks]


def _approx(values: list[float | None]) -> list[Any]:
    return [None if v is None else pytest.approx(v) for v in values]


def test_four_iso_weeks_of_the_five_metrics(board_db: Database) -> None:
    board = _board(board_db)
    assert (board.start, board.end) == (datetime(2026, 11, 2, tzinfo=UTC), END)
    assert [w.label for w in board.weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert [w.start for w in board.weeks] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16),
                                              date(2026, 11, 23)]
    assert _series(board, "inbound") == [4, 5, 0, 5]
    assert _series(board, "deflection") == _approx([0.5, 0.6, None, 0.4])
    assert _series(board, "ai_recontact_rate") == _approx([0.5, 1 / 3, None, 0.5])
    assert _series(board, "honest_deflection") == _approx([0.25, 0.4, None, 0.2])
    assert _series(board, "recontact_pending") == [0, 0, 0, 0]
    assert _series(board, "csat_ai") == _approx([4.5, 11 / 3, None, 4.0])
    assert _series(board, "csat_human_matched") == _approx([4.0, 3.0, None, 3.0])
    assert _series(board, "knowledge_freshness") == _approx([0.8, 0.6, 0.4, 0.2])
    assert _series(board, "reviews") == [2, 1, 0, 2]
    assert _series(board, "approve_rate") == _approx([0.5, 0.0, None, 0.5])
    assert _series(board, "edit_rate") == _approx([0.0, 1.0, None, 0.5])
    assert _series(board, "reject_rate") == _approx([0.5, 0.0, None, 0.0])
    assert _series(board, "mean_edit_distance") == _approx([None, 0.25, None, 0.4])
    assert _series(board, "cost_per_resolved") == _approx([18.875, 18.0, None, 16.3])
    assert _series(board, "frt_median_s") == _approx([360.0, 75.0, None, 300.0])
    assert _series(board, "frt_p90_s") == _approx([1020.0, 1287.0, None, 780.0])


def test_headline_is_the_latest_complete_week_against_the_one_before(board_db: Database) -> None:
    board = _board(board_db)  # W48 against the empty W47: only freshness compares
    assert (board.current.label, board.previous.label if board.previous else None) == ("2026-W48", "2026-W47")
    assert board.delta("deflection") is None and board.delta("approve_rate") is None
    assert board.delta("knowledge_freshness") == pytest.approx(-0.2)
    mid_week = _board(board_db, weeks=2, until=datetime(2026, 11, 18, 15, tzinfo=UTC))  # Wednesday of W47
    assert (mid_week.start, mid_week.end) == (datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC))
    assert mid_week.current.label == "2026-W46"
    expected = {"deflection": 0.1, "ai_recontact_rate": 1 / 3 - 0.5, "honest_deflection": 0.15,
                "csat_ai": 11 / 3 - 4.5, "csat_human_matched": -1.0, "knowledge_freshness": -0.2,
                "approve_rate": -0.5, "edit_rate": 1.0, "reject_rate": -0.5, "cost_per_resolved": -0.875,
                "frt_median_s": 75.0 - 360.0, "frt_p90_s": 1287.0 - 1020.0}
    assert {name: mid_week.delta(name) for name in expected} == {k: pytest.approx(v) for k, v in expected.items()}
    assert mid_week.delta("mean_edit_distance") is None  # nothing was edited in W45
    data = mid_week.to_json()
    assert (data["current_week"], data["previous_week"], data["deltas"]["cost_per_resolved"]) == (
        "2026-W46", "2026-W45", -0.875)


def test_per_category_table_of_the_window(board_db: Database) -> None:
    rows = {c.category: c for c in _board(board_db).categories}
    assert set(rows) == {"orders", "refunds"}
    orders, refunds = rows["orders"], rows["refunds"]
    assert (orders.inbound, refunds.inbound) == (7, 7)
    assert (orders.deflection, refunds.deflection) == (pytest.approx(4 / 7), pytest.approx(3 / 7))
    assert (orders.ai_recontact_rate, refunds.ai_recontact_rate) == (pytest.approx(0.75), 0.0)
    assert (orders.honest_deflection, refunds.honest_deflection) == (pytest.approx(1 / 7), pytest.approx(3 / 7))
    assert (orders.csat_ai, refunds.csat_ai) == (pytest.approx(4.0), pytest.approx(4.0))  # 16/4 and 12/3
    assert (orders.reviews, orders.approve_rate, orders.edit_rate, orders.reject_rate) == (
        2, 0.0, pytest.approx(0.5), pytest.approx(0.5))
    assert orders.mean_edit_distance == pytest.approx(0.4)
    assert (refunds.reviews, refunds.approve_rate, refunds.edit_rate, refunds.reject_rate) == (
        3, pytest.approx(2 / 3), pytest.approx(1 / 3), 0.0)
    assert refunds.mean_edit_distance == pytest.approx(0.25)
    # person time + decisions + the 4 weeks' €280 platform fee shared by solved conversations (7 and 6 of 13)
    assert orders.cost_per_resolved == pytest.approx((35 * 0.3 + 2 * 0.5 + 280 * 7 / 13) / 7)
    assert refunds.cost_per_resolved == pytest.approx((20 * 0.3 + 3 * 0.5 + 280 * 6 / 13) / 6)


def test_roi_panel_from_the_measured_window(board_db: Database) -> None:
    board = _board(board_db)
    assert (board.window_inbound, board.window_reviews, board.is_empty) == (14, 5, False)
    panel = board.roi
    assert panel is not None
    i = panel.result.inputs
    assert (panel.window_days, panel.inbound, panel.decisions, panel.aht_measured) == (28.0, 14, 5, True)
    assert i.contacts_month == pytest.approx(15.0)  # 14 × 30 / 28
    assert i.aht_minutes == pytest.approx(55 / 6)  # 10 + 5 + 5 (default) + 20 + 10 + 5 minutes over 6 conversations
    assert (i.deflection, i.recontact, i.hourly_rate) == (pytest.approx(0.5), pytest.approx(3 / 7), 18.0)
    assert i.ai_cost_month == pytest.approx(0.5 * 5 * 30 / 28 + 300)
    r = panel.result
    assert r.honest_deflection == pytest.approx(2 / 7)
    assert r.baseline_human_cost_month == pytest.approx(41.25)  # 15 contacts × 55/6 min × €18/h
    assert r.gross_saving_month == pytest.approx(41.25 * 2 / 7)
    assert r.net_saving_month == pytest.approx(41.25 * 2 / 7 - 300 - 2.5 * 30 / 28)
    assert [(s.inputs.deflection, s.inputs.recontact) for s in panel.scenarios] == [(0.35, 0.0), (0.35, 0.1),
                                                                                     (0.25, 0.02)]
    assert [s.gross_saving_month for s in panel.scenarios] == [pytest.approx(41.25 * h) for h in
                                                                (0.35, 0.315, 0.245)]
    data = board.to_json()
    assert data["roi"]["result"]["inputs"]["contacts_month"] == pytest.approx(15.0)
    assert [w["honest_deflection"] for w in data["weeks"]] == [0.25, 0.4, None, 0.2]
    assert data["costs"]["platform_cost_month"] == 300.0


def test_twelve_weeks_leave_the_empty_weeks_as_gaps(sqlite_db: Database) -> None:
    _fixture(sqlite_db)
    board = _board(sqlite_db, weeks=12, until=END + timedelta(hours=36))  # Tuesday of W49: W49 is left out
    assert len(board.weeks) == 12 and board.weeks[0].start == date(2026, 9, 7)
    assert board.current.label == "2026-W48"
    gaps: list[float | None] = [None] * 8
    assert _series(board, "deflection") == _approx([*gaps, 0.5, 0.6, None, 0.4])
    assert _series(board, "inbound") == [0] * 8 + [4, 5, 0, 5]


def test_an_empty_database_gives_an_empty_dashboard(sqlite_db: Database) -> None:
    board = compute_dashboard_in(sqlite_db, weeks=3)
    assert board.is_empty and board.roi is None and board.categories == []
    assert [w.inbound for w in board.weeks] == [0, 0, 0]
    assert all(w.knowledge_freshness is None and w.deflection is None for w in board.weeks)
    assert board.to_json()["weeks"][0]["week"] == "2026-W46"


def test_weeks_out_of_range_are_refused(sqlite_db: Database) -> None:
    for weeks in (0, 53):
        with pytest.raises(ValueError, match="between 1 and 52"):
            compute_dashboard_in(sqlite_db, weeks=weeks)


def test_week_start_is_monday_midnight_utc() -> None:
    assert week_start(datetime(2026, 11, 29, 23, 59, tzinfo=UTC)) == datetime(2026, 11, 23, tzinfo=UTC)
    assert week_start(END) == END
    plus_two = timezone(timedelta(hours=2))
    assert week_start(datetime(2026, 11, 30, 1, 0, tzinfo=plus_two)) == datetime(2026, 11, 23, tzinfo=UTC)


def test_feedback_of_several_categories_combines_by_edited_drafts() -> None:
    combined = combine_feedback([Feedback("orders", 1, 3, 0, 0.2), Feedback("refunds", 0, 1, 2, 0.6),
                                 Feedback("returns", 2, 0, 0, None)])
    assert (combined.category, combined.approved, combined.edited, combined.rejected) == ("all", 3, 4, 2)
    assert combined.mean_edit_distance == pytest.approx((3 * 0.2 + 0.6) / 4)
    assert combine_feedback([]).mean_edit_distance is None
