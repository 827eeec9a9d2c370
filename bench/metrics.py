"""Metrics at scale: a 12-week dashboard over a million conversations with outcomes in PostgreSQL."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Connection

    from deskpilot.storage.database import Database

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CATEGORIES = {"orders": ("order_status", "where_is_parcel", "change_address", "cancel_order"),
              "shipping": ("delivery_time", "shipping_cost", "customs"),
              "returns": ("return_request", "return_label", "exchange_request"),
              "refunds": ("refund_status", "refund_missing"), "billing": ("invoice", "payment_failed"),
              "account": ("password_reset", "delete_account"), "warranty": ("warranty_claim",),
              "complaints": ("complaint",)}
LOCALES = ("en", "de", "fr", "es", "lt")

# Every row is derived from its number g by hashing, so the data set is the same on every run; rows are stamped as
# last changed when they happened (history), so only the newest minutes are picked up again by a refresh.
# h(g, k) is a pseudo-random 0..9999 for the k-th draw of conversation g.
HASH = "(abs(hashtext(g::text || '#{k}')) % 10000)"


def _h(k: int) -> str:
    return HASH.format(k=k)


def generate(conn: Connection, conversations: int, weeks: int, end: datetime) -> dict[str, int]:
    """Fill an empty migrated database with conversations, messages, outcomes, drafts, decisions and reviews."""
    from sqlalchemy import text

    intents = [(i, c) for c, names in CATEGORIES.items() for i in names]
    customers = max(1, conversations // 3)
    span = weeks * 7 * 86400
    start = end - timedelta(seconds=span)
    params = {"n": conversations, "customers": customers, "span": span, "start": start, "now": end}
    names = "(ARRAY[" + ",".join(f"'{i}'" for i, _ in intents) + "])"
    locales = "(ARRAY[" + ",".join(f"'{loc}'" for loc in LOCALES) + "])"
    ai = f"({_h(7)} < 3500 AND {names}[1 + g % {len(intents)}] NOT IN ('complaint', 'warranty_claim'))"
    created = ":start + make_interval(secs => (g::float / :n) * :span)"
    replied = f"({_h(5)} < 9500)"
    reply_after = f"make_interval(secs => CASE WHEN {ai} THEN 20 + {_h(13)} % 200 ELSE 600 + {_h(13)} * 3 END)"
    drafted = f"({_h(31)} < 5000)"
    steps = [
        ("intents", "INSERT INTO intents (name, category, sensitive, description) VALUES "
         + ",".join(f"('{i}', '{c}', false, NULL)" for i, c in intents)),
        ("customers", "INSERT INTO customers (id, source, external_id, name, email, phone, identity_key, created_at) "
         "SELECT g, 'bench', 'c' || g, NULL, 'c' || g || '@example.com', NULL, md5('email:c' || g || '@example.com'), "
         ":start FROM generate_series(1, :customers) g"),
        ("conversations", "INSERT INTO conversations (id, source, external_id, channel, subject, locale, status, "
         "category, intent, customer_id, tags, metadata, understanding, created_at, updated_at, first_message_at, "
         "first_customer_at, first_reply_at, person_replied, decisions_count, drafted) "
         f"SELECT g, 'bench', 'v' || g, 'email', NULL, {locales}[1 + {_h(3)} % 5], "
         f"CASE WHEN {_h(5)} < 9000 THEN 'solved' ELSE 'open' END, {names}[1 + g % {len(intents)}], "
         f"CASE WHEN {ai} THEN {names}[1 + g % {len(intents)}] END, 1 + abs(hashtext(g::text || '#c')) % :customers, "
         f"'[]', '{{}}', '{{}}', {created}, {created}, {created}, {created}, "
         f"CASE WHEN {replied} THEN {created} + {reply_after} END, {replied} AND NOT {ai}, "
         f"CASE WHEN {drafted} THEN 1 ELSE 0 END, {drafted} FROM generate_series(1, :n) g"),
        ("messages (customer)", "INSERT INTO messages (conversation_id, external_id, author_role, author_name, body, "
         "body_redacted, content_type, public, created_at) SELECT id, id || '-1', 'customer', NULL, "
         "'Where is my order?', 'Where is my order?', 'text/plain', true, created_at FROM conversations"),
        ("messages (reply)", "INSERT INTO messages (conversation_id, external_id, author_role, author_name, body, "
         "body_redacted, content_type, public, created_at) "
         f"SELECT g, g || '-2', CASE WHEN {ai} THEN 'ai' ELSE 'agent' END, NULL, 'Here is the answer.', "
         f"'Here is the answer.', 'text/plain', true, c.created_at + {reply_after} "
         f"FROM generate_series(1, :n) g JOIN conversations c ON c.id = g WHERE {replied}"),
        ("outcomes", "INSERT INTO outcomes (conversation_id, resolution, resolved_by, resolved_at, csat, reopened, "
         "recontact_of, handle_seconds, updated_at) "
         f"SELECT g, 'solved', CASE WHEN {ai} THEN 'ai' ELSE 'agent:' || (g % 40) END, m.created_at, "
         f"CASE WHEN {_h(17)} < 4000 THEN 1 + {_h(19)} % 5 END, {_h(23)} < 150, NULL, "
         f"CASE WHEN {ai} THEN NULL ELSE 120 + {_h(29)} % 900 END, m.created_at "
         "FROM generate_series(1, :n) g JOIN messages m ON m.conversation_id = g AND m.external_id = g || '-2' "
         f"WHERE {_h(5)} < 9000"),
        ("drafts", "INSERT INTO drafts (id, conversation_id, text, locale, citations, confidence, model_version, "
         "prompt_version, kb_version, policy_version, verifier, created_at) "
         "SELECT g, g, 'Your order ships today.', 'en', '[]', 0.9, 'm', 'p', 'kb', 'pol', '{}', "
         f"c.created_at FROM generate_series(1, :n) g JOIN conversations c ON c.id = g WHERE {drafted}"),
        ("decisions", "INSERT INTO decisions (id, conversation_id, draft_id, outcome, mode, category, locale, "
         "confidence, threshold, rollout_percent, rollout_bucket, reasons, stage_timings, escalation, evidence, "
         "created_at) SELECT d.id, d.conversation_id, d.id, 'review', 'assist', "
         "(SELECT category FROM intents WHERE name = c.category), c.locale, 0.9, 0.9, 100, d.id % 100, '[]', '{}', "
         "NULL, NULL, d.created_at FROM drafts d JOIN conversations c ON c.id = d.conversation_id"),
        ("reviews", "INSERT INTO reviews (decision_id, reviewer, action, edited_text, reason, created_at) "
         "SELECT id, 'agent:' || (id % 40), CASE WHEN id % 10 < 6 THEN 'approve' WHEN id % 10 < 9 THEN 'edit' "
         "ELSE 'reject' END, CASE WHEN id % 10 BETWEEN 6 AND 8 THEN 'Your order ships tomorrow.' END, NULL, "
         "created_at + interval '5 minutes' FROM decisions WHERE id % 20 = 0"),
        ("articles", "INSERT INTO articles (key, locale, title, owner, category, tags, state, review_interval_days, "
         "last_reviewed_at, current_version, created_at, updated_at) SELECT 'a' || g, 'en', 'Article ' || g, NULL, "
         "NULL, '[]', 'published', 90, :now - make_interval(days => g % 150), 1, :start, :now "
         "FROM generate_series(1, 400) g"),
    ]
    counts: dict[str, int] = {}
    for name, sql in steps:
        result = conn.execute(text(sql), params)
        counts[name] = result.rowcount
    conn.execute(text("ANALYZE"))
    return counts


def new_traffic(conn: Connection, conversations: int, start_id: int, end: datetime) -> None:
    """An hour of new conversations from existing customers, each with its customer message and an outcome for half
    of them, stamped as changed now (what an incremental refresh has to pick up)."""
    from sqlalchemy import text

    params = {"first": start_id + 1, "last": start_id + conversations, "end": end}
    conn.execute(text(
        "INSERT INTO conversations (id, source, external_id, channel, locale, status, category, customer_id, tags, "
        "metadata, understanding, created_at, updated_at, first_message_at, first_customer_at, person_replied, "
        "decisions_count, drafted) SELECT g, 'bench', 'v' || g, 'email', 'en', 'open', 'order_status', "
        "1 + g % 1000, '[]', '{}', '{}', :end - make_interval(secs => g % 3600), now(), "
        ":end - make_interval(secs => g % 3600), :end - make_interval(secs => g % 3600), false, 0, false "
        "FROM generate_series(:first, :last) g"), params)
    conn.execute(text(
        "INSERT INTO outcomes (conversation_id, resolution, resolved_by, resolved_at, reopened, updated_at) "
        "SELECT g, 'solved', 'ai', :end, false, now() FROM generate_series(:first, :last) g WHERE g % 2 = 0"), params)


def timed(db: Database, runs: int, **kwargs: Any) -> dict[str, Any]:
    """Seconds per dashboard (an incremental refresh of the facts, then compute_metrics; first run cold, then warm)
    and the figures it returned."""
    from deskpilot.analytics.facts import bring_up_to_date
    from deskpilot.analytics.metrics import compute_metrics

    seconds: list[float] = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        bring_up_to_date(db)
        with db.reader() as uow:
            result = compute_metrics(uow.session, **kwargs)
        seconds.append(time.perf_counter() - started)
    assert result is not None
    total = result.total()
    return {"first_s": round(seconds[0], 3), "p50_s": round(statistics.median(seconds), 3),
            "max_s": round(max(seconds), 3), "runs": runs, "trend_rows": len(result.trend),
            "inbound": total.inbound, "deflection": round(total.deflection or 0.0, 4),
            "ai_recontact_rate": round(total.ai_recontact_rate or 0.0, 4),
            "honest_deflection": round(total.honest_deflection or 0.0, 4)}


def timed_dashboard(db: Database, url: str, runs: int, end: datetime) -> dict[str, Any]:
    """Seconds per console dashboard (12 complete weeks with trends, categories and the ROI panel)."""
    from deskpilot.analytics.dashboard import build_dashboard
    from deskpilot.config import Settings

    settings = Settings(database_url=url)
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        board = build_dashboard(db, settings, weeks=12, until=end, now=end)
        seconds.append(time.perf_counter() - started)
    return {"first_s": round(seconds[0], 3), "p50_s": round(statistics.median(seconds), 3),
            "max_s": round(max(seconds), 3), "runs": runs, "weeks": len(board.weeks),
            "inbound": board.window_inbound}


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Generate conversations into a scratch PostgreSQL database and time the 12-week dashboard queries."""
    from rich.console import Console

    from deskpilot.analytics.facts import bring_up_to_date
    from deskpilot.cli.common import progress_bar, table
    from deskpilot.testing.databases import migrated_database, scratch_postgres_url

    parser = argparse.ArgumentParser(prog="deskpilot bench metrics", description=__doc__)
    parser.add_argument("--url", default=os.environ.get("DESKPILOT_TEST_POSTGRES_URL", DEFAULT_URL),
                        help="PostgreSQL server URL; a scratch database is created next to it and dropped")
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--weeks", type=int, default=13, help="weeks of history generated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per query")
    parser.add_argument("--new-traffic", type=int, default=1000,
                        help="conversations added afterwards to time an incremental refresh of the facts")
    args = parser.parse_args(argv)
    end = datetime.now(UTC).replace(microsecond=0)
    out: Console = Console(stderr=json_out)
    with scratch_postgres_url(args.url) as url:
        db = migrated_database(url)
        try:
            with progress_bar(disable=json_out) as bar:
                task = bar.add_task(f"generating {args.conversations:,} conversations", total=None)
                started = time.perf_counter()
                with db.engine.begin() as conn:
                    counts = generate(conn, args.conversations, args.weeks, end)
                generate_s = time.perf_counter() - started
                bar.update(task, total=1, completed=1)
                task = bar.add_task("building the metric facts", total=None)
                build = bring_up_to_date(db, full=True)
                bar.update(task, total=1, completed=1)
                window = {"start": end - timedelta(weeks=12), "end": end, "as_of": end}
                task = bar.add_task("timing the dashboard", total=5)
                console = timed_dashboard(db, url, args.runs, end)
                bar.advance(task)
                dashboard = timed(db, args.runs, period="week", **window)
                bar.advance(task)
                by_category = timed(db, args.runs, period="week", by="category", **window)
                bar.advance(task)
                week = timed(db, args.runs, start=end - timedelta(days=7), end=end, as_of=end)
                bar.advance(task)
                with db.engine.begin() as conn:
                    new_traffic(conn, args.new_traffic, args.conversations, end)
                update = bring_up_to_date(db, overlap=timedelta(0))
                bar.advance(task)
        finally:
            db.dispose()
    result = {"benchmark": "metrics", "database": "postgresql", "conversations": args.conversations,
              "weeks_generated": args.weeks, "rows": counts, "generate_seconds": round(generate_s, 1),
              "facts_full_build": build.to_json(),
              "facts_incremental": {**update.to_json(), "new_conversations": args.new_traffic},
              "console_dashboard": console, "dashboard_12_weeks": dashboard,
              "dashboard_12_weeks_by_category": by_category, "last_7_days": week,
              "target_seconds": 5.0}
    if not json_out:
        out.print(table(f"Metrics over {args.conversations:,} conversations (generated in {generate_s:.0f} s)",
                        ["query", "first run s", "p50 s", "max s", "inbound", "deflection", "honest defl."],
                        [(name, r["first_s"], r["p50_s"], r["max_s"], r["inbound"], r["deflection"],
                          r["honest_deflection"]) for name, r in (("12 weeks per week", dashboard),
                                                                  ("12 weeks per week × category", by_category),
                                                                  ("last 7 days", week))]))
        out.print(f"console dashboard (12 weeks with trends, categories and ROI): first {console['first_s']} s, "
                  f"p50 {console['p50_s']} s, max {console['max_s']} s")
        out.print(f"metric facts: full build {build.seconds:.1f} s ({build.rebuilt:,} facts); incremental refresh "
                  f"after {args.new_traffic:,} new conversations {update.seconds:.2f} s ({update.rebuilt:,} facts)")
        out.print("target: a 12-week dashboard in under 5 s (each timed run includes the incremental refresh)")
    return result
