"""The dashboard's Today panel on a hand-computed fixture, on SQLite and PostgreSQL.

Now is Wednesday 18 Nov 2026 14:30 UTC. In UTC, today is 18 Nov 00:00–14:30 (hours 00–14) and yesterday counts
17 Nov 00:00–14:30; in Europe/Vilnius (UTC+2 in November) local now is 16:30, today starts 17 Nov 22:00 UTC and
yesterday runs 16 Nov 22:00 – 17 Nov 14:30 UTC.

| conv | created (UTC) | first message | first reply | status | decisions (UTC) | outcome |
|---|---|---|---|---|---|---|
| T1 | 18 Nov 00:10 | customer | ai +60 s | solved | auto_reply 00:11 | solved by ai 00:11 |
| T2 | 18 Nov 09:05 | customer | agent +600 s | open | review 09:06, reviewed | |
| T3 | 18 Nov 09:40 | customer | agent +1800 s | open | escalate 09:41 | |
| T4 | 18 Nov 13:00 | customer | none | open | review 13:01 | |
| T5 | 18 Nov 14:10 | customer | agent 14:40 (after now) | open | auto_reply 14:11 | |
| O1 | 18 Nov 10:00 | agent (outbound) | — | closed | | abandoned 11:00 |
| F1 | 18 Nov 15:00 (after now) | customer | none | solved | | solved by ai 15:05 (after now) |
| Y1 | 17 Nov 08:00 | customer | ai +120 s | solved | | solved by ai 08:02 |
| Y2 | 17 Nov 09:30 | customer | agent +900 s | open | review 17 Nov 09:31 | |
| Y3 | 17 Nov 14:00 | customer | agent 14:45 (after 14:30) | open | | |
| Y4 | 17 Nov 16:00 | customer | ai +60 s | open | | |
| Y5 | 16 Nov 23:30 | customer | ai +300 s | open | | |
| Y6 | 17 Nov 22:30 | customer | ai +30 s | solved | auto_reply 22:31 | solved by ai 22:31 |
| Q1 | 10 Nov 09:00 | customer, again 18 Nov 14:20 | agent 10 Nov | open | review 10 Nov | |
| Q2 | 10 Nov 09:00 | customer | agent 10 Nov | solved | escalate 10 Nov | solved by agent 18 Nov 11:00 |
| Q3 | 10 Nov 09:00 | customer, again 18 Nov 14:00 | agent 10 Nov | open | review, then auto_reply 10 Nov | |
| Q4 | 10 Nov 09:00 | customer, again 18 Nov 14:15 | agent 10 Nov | open | escalate 10 Nov | |
| Q5 | 10 Nov 09:00 | customer, again 18 Nov 14:29:30 | agent 10 Nov | open | review 10 Nov | |

UTC: volume today 00:1 09:2 13:1 14:1 = 5 against yesterday 08:1 09:1 14:1 = 3 (Y4 after 14:30, Y5 and Y6 on other
days, O1 outbound, F1 after now). Decisions today: auto_reply 2 (00, 14), review 2 (09, 13), escalate 1 (09) = 5:
40 %, 40 %, 20 %; solved today 2 (T1 by ai, Q2 by a person). First response today: 5 arrived, answered 60, 600,
1800 s → median 600, p90 600 + 0.8 × 1200 = 1560, 2 unanswered (T4, and T5 answered only after now); yesterday as of
14:30: 3 arrived, answered 120 and 900 → median 510, p90 120 + 0.9 × 780 = 822, 1 unanswered (Y3).

Europe/Vilnius: Y6 (00:30 local) moves into today and Y5 (01:30 local on 17 Nov) into yesterday. Volume today
00:1 (Y6) 02:1 11:2 15:1 16:1 = 6 against 01:1 (Y5) 10:1 11:1 16:1 = 4. Decisions: auto_reply 3 (00, 02, 16), review 2
(11, 15), escalate 1 (11) = 6: 50 %, 33.3 %, 16.7 %; solved 3 (2 by ai). First response today: answered 30, 60, 600,
1800 → median 330, p90 600 + 0.7 × 1200 = 1440, 2 unanswered; yesterday: 120, 300, 900 → median 300, p90 780, Y3
unanswered.

Review queue now (either zone): T3 (since 09:40, 17 400 s), T4 (13:00, 5 400 s), Y2 (17 Nov 09:30, 104 400 s), Q1
(14:20, 600 s), Q4 (14:15, exactly 900 s), Q5 (14:29:30, 30 s); not T2 (reviewed), Q2 (solved) nor Q3 (latest
decision auto_reply). 6 wait; oldest 104 400 s; median (900 + 5 400) / 2 = 3 150 s; buckets < 15 min 2 (Q5, Q1),
15–60 min 1 (Q4, on its lower bound), 1–4 h 1, 4–24 h 1, > 1 day 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from deskpilot.analytics.charts import Series, bar_chart, count_axis_max, nice_ticks
from deskpilot.analytics.today import (
    QUEUE_BUCKETS,
    TodayFigures,
    build_today,
    compute_today,
    day_bounds,
    queue_ages,
)
from deskpilot.config import Settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.console import i18n
from deskpilot.console.routes import templates
from deskpilot.domain.enums import GateOutcome, Mode
from deskpilot.domain.models import Decision, Review
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database
from deskpilot.storage.tables import DecisionRow
from deskpilot.testing.databases import migrated_database, sqlite_url

NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)
UTC_ZONE, VILNIUS = ZoneInfo("UTC"), ZoneInfo("Europe/Vilnius")
OLD = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _t(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


def _message(key: str, n: int, role: str, at: datetime) -> dict[str, Any]:
    return {"external_id": f"{key}-{n}", "author_role": role, "body": "Where is my order?",
            "created_at": at.isoformat()}


def _payload(key: str, created: datetime, messages: list[tuple[str, datetime]], status: str = "open",
             solved: tuple[str, datetime] | None = None, resolution: str = "solved") -> GenericConversation:
    outcome = None if solved is None else {"resolution": resolution, "resolved_by": solved[0],
                                           "resolved_at": solved[1].isoformat()}
    return GenericConversation.model_validate({
        "source": "t", "external_id": key, "created_at": created.isoformat(), "category": "order_status",
        "locale": "en", "status": status, "customer": {"external_id": key, "email": f"{key.lower()}@example.com"},
        "messages": [_message(key, i, role, at) for i, (role, at) in enumerate(messages, 1)], "outcome": outcome})


def _simple(key: str, created: datetime, reply: tuple[str, float] | None, **extra: Any) -> GenericConversation:
    messages = [("customer", created)]
    if reply is not None:
        messages.append((reply[0], created + timedelta(seconds=reply[1])))
    return _payload(key, created, messages, **extra)


def _waiting(key: str, again: datetime, status: str = "open") -> GenericConversation:
    """An old conversation whose customer wrote again today."""
    return _payload(key, OLD, [("customer", OLD), ("agent", OLD + timedelta(hours=1)), ("customer", again)], status)


CONVERSATIONS = [
    _simple("T1", _t(18, 0, 10), ("ai", 60), status="solved", solved=("ai", _t(18, 0, 11))),
    _simple("T2", _t(18, 9, 5), ("agent", 600)),
    _simple("T3", _t(18, 9, 40), ("agent", 1800)),
    _simple("T4", _t(18, 13), None),
    _simple("T5", _t(18, 14, 10), ("agent", 1800)),
    _payload("O1", _t(18, 10), [("agent", _t(18, 10)), ("customer", _t(18, 10, 30))], status="closed",
             solved=("agent:li", _t(18, 11)), resolution="abandoned"),
    _simple("F1", _t(18, 15), None, status="solved", solved=("ai", _t(18, 15, 5))),
    _simple("Y1", _t(17, 8), ("ai", 120), status="solved", solved=("ai", _t(17, 8, 2))),
    _simple("Y2", _t(17, 9, 30), ("agent", 900)),
    _simple("Y3", _t(17, 14), ("agent", 2700)),
    _simple("Y4", _t(17, 16), ("ai", 60)),
    _simple("Y5", _t(16, 23, 30), ("ai", 300)),
    _simple("Y6", _t(17, 22, 30), ("ai", 30), status="solved", solved=("ai", _t(17, 22, 31))),
    _waiting("Q1", _t(18, 14, 20)),
    _payload("Q2", OLD, [("customer", OLD), ("agent", OLD + timedelta(hours=1))], status="solved",
             solved=("agent:li", _t(18, 11))),
    _waiting("Q3", _t(18, 14)),
    _waiting("Q4", _t(18, 14, 15)),
    _waiting("Q5", _t(18, 14, 29, 30)),
]
# conversation, outcome, when, reviewed
DECISIONS = [
    ("T1", GateOutcome.AUTO_REPLY, _t(18, 0, 11), False),
    ("T2", GateOutcome.REVIEW, _t(18, 9, 6), True),
    ("T3", GateOutcome.ESCALATE, _t(18, 9, 41), False),
    ("T4", GateOutcome.REVIEW, _t(18, 13, 1), False),
    ("T5", GateOutcome.AUTO_REPLY, _t(18, 14, 11), False),
    ("Y2", GateOutcome.REVIEW, _t(17, 9, 31), False),
    ("Y6", GateOutcome.AUTO_REPLY, _t(17, 22, 31), False),
    ("Q1", GateOutcome.REVIEW, OLD + timedelta(hours=2), False),
    ("Q2", GateOutcome.ESCALATE, OLD + timedelta(hours=2), False),
    ("Q3", GateOutcome.REVIEW, OLD + timedelta(hours=2), False),
    ("Q3", GateOutcome.AUTO_REPLY, OLD + timedelta(hours=3), False),
    ("Q4", GateOutcome.ESCALATE, OLD + timedelta(hours=2), False),
    ("Q5", GateOutcome.REVIEW, OLD + timedelta(hours=2), False),
]


def _fixture(db: Database) -> None:
    IngestService(db).ingest_many(CONVERSATIONS, actor="test")
    with db.uow() as uow:
        for key, outcome, at, reviewed in DECISIONS:
            conversation = uow.conversations.get_by_external("t", key)
            assert conversation is not None and conversation.id is not None
            decision = uow.decisions.add_decision(Decision(
                conversation_id=conversation.id, outcome=outcome, mode=Mode.ASSIST, category="orders", locale="en",
                confidence=0.9, threshold=0.5, rollout_percent=100, rollout_bucket=1, reasons=["x"],
                stage_timings={}))
            assert decision.id is not None
            uow.session.execute(update(DecisionRow).where(DecisionRow.id == decision.id).values(created_at=at))
            if reviewed:
                uow.decisions.add_review(Review(decision.id, "agent:li", "approve", created_at=at))
        uow.commit()


@pytest.fixture(params=["sqlite", "postgres"])
def today_db(request: pytest.FixtureRequest) -> Database:
    db: Database = request.getfixturevalue(f"{request.param}_db")
    _fixture(db)
    return db


def _compute(db: Database, tz: ZoneInfo = UTC_ZONE, now: datetime = NOW) -> TodayFigures:
    with db.reader() as uow:
        return compute_today(uow.session, now, tz)


def _hours(series: tuple[int, ...]) -> dict[int, int]:
    """The non-empty hours of an hourly series."""
    return {hour: n for hour, n in enumerate(series) if n}


QUEUE = {"waiting": 6, "oldest_s": 104_400.0, "median_s": 3_150.0, "buckets": (2, 1, 1, 1, 1)}


def test_day_bounds_start_at_local_midnight() -> None:
    assert day_bounds(NOW, UTC_ZONE) == (_t(18, 0), _t(17, 0), _t(17, 14, 30))
    assert day_bounds(NOW, VILNIUS) == (_t(17, 22), _t(16, 22), _t(17, 14, 30))
    # the night clocks go back in Vilnius: yesterday (Sat 24 Oct 2026) ran at UTC+3, today at UTC+2 from 04:00
    assert day_bounds(datetime(2026, 10, 25, 10, tzinfo=UTC), VILNIUS) == (
        datetime(2026, 10, 24, 21, tzinfo=UTC), datetime(2026, 10, 23, 21, tzinfo=UTC),
        datetime(2026, 10, 24, 9, tzinfo=UTC))  # 12:00 local on both days


def test_utc_day_of_hand_computed_figures(today_db: Database) -> None:
    t = _compute(today_db)
    assert (t.timezone, t.start, t.yesterday_until) == ("UTC", _t(18, 0), _t(17, 14, 30))
    v = t.volume
    assert v.hours == tuple(range(15))
    assert _hours(v.today) == {0: 1, 9: 2, 13: 1, 14: 1}
    assert _hours(v.yesterday) == {8: 1, 9: 1, 14: 1}
    assert (v.total_today, v.total_yesterday, v.change) == (5, 3, 2)
    o = t.outcomes
    assert o.counts == {"auto_reply": 2, "review": 2, "escalate": 1} and o.total == 5
    assert [o.share(name) for name in ("auto_reply", "review", "escalate")] == [0.4, 0.4, 0.2]
    assert (_hours(o.by_hour["auto_reply"]), _hours(o.by_hour["review"]), _hours(o.by_hour["escalate"])) == (
        {0: 1, 14: 1}, {9: 1, 13: 1}, {9: 1})
    assert (o.solved, o.solved_by_ai) == (2, 1)
    f = t.first_response
    assert (f.today.arrived, f.today.answered, f.today.unanswered) == (5, 3, 2)
    assert (f.today.median_s, f.today.p90_s) == (pytest.approx(600.0), pytest.approx(1560.0))
    assert (f.yesterday.arrived, f.yesterday.answered, f.yesterday.unanswered) == (3, 2, 1)
    assert (f.yesterday.median_s, f.yesterday.p90_s) == (pytest.approx(510.0), pytest.approx(822.0))
    assert f.median_change_s == pytest.approx(90.0)
    q = t.queue
    assert (q.waiting, q.oldest_s, q.median_s, q.buckets) == (QUEUE["waiting"], pytest.approx(QUEUE["oldest_s"]),
                                                             pytest.approx(QUEUE["median_s"]), QUEUE["buckets"])
    assert not t.is_empty


def test_a_timezone_moves_conversations_between_yesterday_and_today(today_db: Database) -> None:
    t = _compute(today_db, VILNIUS)
    assert (t.timezone, t.start, t.local_now.hour) == ("Europe/Vilnius", _t(17, 22), 16)
    v = t.volume
    assert v.hours == tuple(range(17))
    assert _hours(v.today) == {0: 1, 2: 1, 11: 2, 15: 1, 16: 1}  # Y6 at 00:30 local is today's
    assert _hours(v.yesterday) == {1: 1, 10: 1, 11: 1, 16: 1}  # Y5 at 01:30 local on 17 Nov is yesterday's
    assert (v.total_today, v.total_yesterday) == (6, 4)
    o = t.outcomes
    assert o.counts == {"auto_reply": 3, "review": 2, "escalate": 1}
    assert [o.share(name) for name in ("auto_reply", "review", "escalate")] == [
        pytest.approx(0.5), pytest.approx(1 / 3), pytest.approx(1 / 6)]
    assert _hours(o.by_hour["auto_reply"]) == {0: 1, 2: 1, 16: 1}
    assert (o.solved, o.solved_by_ai) == (3, 2)
    f = t.first_response
    assert (f.today.arrived, f.today.unanswered, f.today.median_s, f.today.p90_s) == (
        6, 2, pytest.approx(330.0), pytest.approx(1440.0))
    assert (f.yesterday.arrived, f.yesterday.unanswered, f.yesterday.median_s, f.yesterday.p90_s) == (
        4, 1, pytest.approx(300.0), pytest.approx(780.0))
    assert t.queue.buckets == QUEUE["buckets"]  # the queue does not depend on the day


def test_a_morning_with_nothing_yet_today_still_compares_with_yesterday(today_db: Database) -> None:
    t = _compute(today_db, now=_t(19, 9, 30))  # by 09:30 yesterday (18 Nov): T1 and T2
    assert (t.volume.total_today, t.volume.total_yesterday) == (0, 2)
    assert _hours(t.volume.yesterday) == {0: 1, 9: 1}
    assert (t.outcomes.total, t.outcomes.share("review"), t.outcomes.solved) == (0, None, 0)
    assert (t.first_response.today.arrived, t.first_response.today.median_s) == (0, None)
    assert t.first_response.yesterday.answered == 2  # T1 and T2 had their replies by 09:30
    assert t.first_response.median_change_s is None
    assert t.queue.waiting == 6 and not t.is_empty
    charts = t.charts()
    assert set(charts) == {"volume", "queue"}  # no decision today: no outcome chart
    html = _render(t)
    assert "No inbound conversation yet today." in html and "No decision taken yet today." in html
    assert "No customer has opened a conversation yet today." in html


def test_the_json_carries_every_figure(today_db: Database) -> None:
    data = _compute(today_db).to_json()
    assert (data["timezone"], data["day"], data["start"]) == ("UTC", "2026-11-18", "2026-11-18T00:00:00+00:00")
    assert (data["volume"]["total_today"], data["volume"]["total_yesterday"], data["volume"]["change"]) == (5, 3, 2)
    assert data["volume"]["hours"][9] == {"hour": 9, "today": 2, "yesterday": 1}
    assert data["outcomes"]["shares"] == {"auto_reply": 0.4, "review": 0.4, "escalate": 0.2}
    assert (data["outcomes"]["solved"], data["outcomes"]["solved_by_ai"]) == (2, 1)
    assert data["first_response"]["today"] == {"arrived": 5, "answered": 3, "unanswered": 2, "median_s": 600.0,
                                               "p90_s": 1560.0}
    assert data["first_response"]["median_change_s"] == 90.0
    assert data["queue"]["waiting"] == 6 and data["queue"]["median_s"] == 3150.0
    assert [(b["label"], b["count"]) for b in data["queue"]["buckets"]] == [
        ("< 15 min", 2), ("15–60 min", 1), ("1–4 h", 1), ("4–24 h", 1), ("> 1 day", 1)]


def test_an_empty_day_has_no_charts_and_reads_well(any_db: Database) -> None:
    t = _compute(any_db)
    assert t.is_empty
    assert (t.volume.total_today, t.volume.total_yesterday, t.outcomes.total, t.outcomes.solved) == (0, 0, 0, 0)
    assert [t.outcomes.share(o) for o in ("auto_reply", "review", "escalate")] == [None, None, None]
    assert (t.first_response.today.median_s, t.first_response.yesterday.p90_s) == (None, None)
    assert (t.queue.waiting, t.queue.oldest_s, t.queue.median_s, t.queue.buckets) == (0, None, None, (0,) * 5)
    assert t.charts() == {}
    data = t.to_json()
    assert data["outcomes"]["shares"] == {"auto_reply": None, "review": None, "escalate": None}
    html = _render(t)
    assert "<svg" not in html
    for sentence in ("Nothing yet today", "No inbound conversation yet today, and none yesterday by this time.",
                     "No decision taken yet today.", "No customer has opened a conversation yet today.",
                     "Nothing waits for review."):
        assert sentence in html, sentence


def test_build_today_uses_the_console_time_zone(sqlite_db: Database) -> None:
    _fixture(sqlite_db)
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, environment="test", console_timezone="Europe/Vilnius")
    t = build_today(sqlite_db, settings, now=NOW)
    assert (t.timezone, t.volume.total_today, t.volume.total_yesterday) == ("Europe/Vilnius", 6, 4)
    assert Settings(database_url=url).console_timezone == "UTC"
    for bad in ("Mars/Olympus", "", "../etc/passwd", "Europe/"):
        with pytest.raises(ValidationError, match="unknown IANA time zone"):
            Settings(database_url=url, console_timezone=bad)


def test_queue_age_buckets_hold_their_lower_bound() -> None:
    ages = [0.0, 899.9, 900.0, 3599.0, 3600.0, 14_399.0, 14_400.0, 86_399.0, 86_400.0, 1e6, 1e6]
    q = queue_ages(ages)
    assert q.buckets == (2, 2, 2, 2, 3)
    assert (q.waiting, q.oldest_s, q.median_s) == (11, 1e6, 14_399.0)  # the 6th of 11
    assert [label for label, _, _ in QUEUE_BUCKETS] == [label for label, _ in q.labelled_buckets]
    assert queue_ages([]).waiting == 0
    skewed = queue_ages([-30.0, 60.0])  # a message stamped after now counts as just arrived
    assert (skewed.buckets[0], skewed.median_s, skewed.oldest_s) == (2, 30.0, 60.0)


# --- rendering ------------------------------------------------------------------------------------------------------


def _render(figures: TodayFigures) -> str:
    return templates().env.get_template("_today.html").render(today=figures)


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[TodayFigures], str]]:
    """Renders the panel with every translatable text wrapped in ⟦…⟧."""
    monkeypatch.setattr(i18n, "translate", lambda language, message: f"⟦{message}⟧")
    yield _render


def test_the_panel_shows_the_figures_with_their_charts(today_db: Database) -> None:
    html = _render(_compute(today_db))
    assert html.count("<svg") == 3 and html.count('role="img"') == 3
    for title in ("Inbound conversations by hour", "Decisions by hour and outcome", "Review queue by waiting time"):
        assert f"<title>{title}</title>" in html
    cells = re.findall(r'<td class="num figure-value">([^<]*)</td>', html)
    # volume 5 and 3; decisions 2, 2, 1; solved 2; first response 600 s, 1560 s, 2 unanswered; queue 6 waiting,
    # the oldest 104 400 s, the median 3 150 s
    assert cells == ["5", "3", "2", "2", "1", "2", "10 min", "26 min", "2", "6", "1 d 5 h", "52 min"]
    assert "40.0 %" in html and "20.0 %" in html and "+2" in html
    assert ">510 s<" not in html and ">8 min<" in html and ">13 min<" in html  # yesterday: 510 s, 822 s
    assert "http://" not in html and "<script" not in html
    assert "No decision taken yet today." not in html and "Nothing waits for review." not in html


def test_every_interface_text_is_translatable(today_db: Database, marked: Callable[[TodayFigures], str],
                                              tmp_path: Path) -> None:
    empty = migrated_database(sqlite_url(tmp_path, "empty.db"))
    try:
        cases = [_compute(today_db), _compute(today_db, now=_t(19, 9, 30)), _compute(empty)]
    finally:
        empty.dispose()
    for figures in cases:
        html = re.sub(r"<svg.*?</svg>", "", marked(figures), flags=re.S)
        html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
        texts = [t.strip() for t in re.split(r"<[^>]+>", html) if t.strip()]
        assert texts
        units = {"s", "min", "h", "d", "%"}
        loose = [t for t in texts if not (t.startswith("⟦") and t.endswith("⟧")) and not all(
            token in units or re.fullmatch(r"[+−±]?\d+(\.\d+)?", token) for token in t.split())]
        assert loose == []
        attributes = re.findall(r'(?:title|aria-label)="([^"]*)"', html)
        assert all(a.startswith("⟦") for a in attributes), attributes


# --- charts ---------------------------------------------------------------------------------------------------------


def test_count_axes_have_whole_number_ticks() -> None:
    assert [count_axis_max(h) for h in (0, 1, 4, 5, 8, 9, 20, 21, 39, 41, 199)] == [
        4, 4, 4, 8, 8, 20, 20, 40, 40, 80, 200]
    for high in (1, 5, 9, 21, 41, 199, 3000):
        ticks = nice_ticks(0.0, count_axis_max(high))
        assert len(ticks) == 5 and all(t == int(t) for t in ticks) and ticks[-1] >= high


def test_bar_chart_draws_side_by_side_bars_with_tooltips() -> None:
    svg = bar_chart("Volume", ["08", "09"], [Series("Today", [2, None]), Series("Yesterday", [1, 4])],
                    y_max=4, decimals=0, tooltip_labels=["08:00–09:00", "09:00–10:00"], summary="3 & 5.")
    assert svg.startswith('<svg class="chart" role="img" aria-label="Volume. 3 &amp; 5."')
    bars = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#\w+)">'
                      r"<title>([^<]*)</title>", svg)
    assert [b[5] for b in bars] == ["Today · 08:00–09:00: 2", "Yesterday · 08:00–09:00: 1",
                                    "Yesterday · 09:00–10:00: 4"]
    heights = [float(b[3]) for b in bars]
    assert heights[0] == pytest.approx(2 * heights[1]) and heights[2] == pytest.approx(4 * heights[1])
    assert float(bars[0][0]) < float(bars[1][0])  # today's bar left of yesterday's in the same hour
    assert bars[0][4] != bars[1][4]
    empty = bar_chart("Nothing", ["a"], [Series("s", [None])], empty="Nothing to show")
    assert "Nothing to show" in empty and "<rect x" not in empty.split("</text>", 1)[1]
    with pytest.raises(ValueError):
        bar_chart("Bad", ["a", "b"], [Series("s", [1])])
