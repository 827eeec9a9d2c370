"""The demo catalogue and conversation generator: deterministic, valid, varied and consistent."""

from __future__ import annotations

import string
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.demo.catalog import load_catalog
from deskpilot.demo.conversations import (
    AI_CATEGORIES,
    AI_LIVE_DAYS,
    HISTORY_DAYS,
    OUT_OF_SCOPE,
    generate_history,
    generate_stream,
    phrases,
)
from deskpilot.demo.intents import INTENTS, LOCALES
from deskpilot.drafting.templates import load_templates

AS_OF = date(2026, 11, 20)


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog(AS_OF)


def test_catalogue_orders_belong_to_customers_and_dates_are_ordered(catalog) -> None:  # type: ignore[no-untyped-def]
    assert len(catalog.customers) == 500 and len(catalog.orders) == 1000
    statuses = Counter(o.status for o in catalog.orders.values())
    assert {"pending", "processed", "shipped", "delivered", "cancelled"} <= set(statuses)
    for order in catalog.orders.values():
        assert catalog.customer(order.customer_id) is not None
        assert order in catalog.orders_of(order.customer_id)
        assert order.total_eur == pytest.approx(sum(i.price_eur for i in order.items))
        if order.delivered_at:
            assert order.ordered_at < order.shipped_at < order.delivered_at  # type: ignore[operator]
            assert order.delivered_at.date() <= AS_OF
        if order.status in ("pending", "processed", "cancelled"):
            assert order.delivered_at is None
    assert {c.locale for c in catalog.customers.values()} == set(LOCALES)
    assert catalog.order("#w2611340") is catalog.order("#W2611340") is not None


def test_every_locale_has_phrases_for_every_intent() -> None:
    fields = {"order", "item", "days", "amount"}
    for locale in LOCALES:
        module = phrases(locale)
        assert set(module.REQUESTS) == set(INTENTS) == set(module.AGENT_REPLIES), locale
        for templates in [*module.REQUESTS.values(), module.OUT_OF_SCOPE, module.FOLLOW_UPS]:
            for template in templates:
                used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
                assert used <= fields, (locale, template)


def test_generation_is_deterministic_and_valid(catalog) -> None:  # type: ignore[no-untyped-def]
    first = generate_history(catalog, 5, count=300)
    assert first == generate_history(catalog, 5, count=300)
    assert first != generate_history(catalog, 6, count=300)
    for payload in first + generate_stream(catalog, 5, count=120):
        GenericConversation.model_validate(payload)


def test_history_is_labelled_solved_and_has_recontacts(catalog) -> None:  # type: ignore[no-untyped-def]
    history = generate_history(catalog, 3, count=800)
    by_id = {p["external_id"]: p for p in history}
    assert all(p["status"] == "solved" and p["category"] in INTENTS for p in history)
    by_ai = [p for p in history if p["outcome"]["resolved_by"] == "ai"]
    assert all(p["outcome"]["resolved_by"].startswith("agent:") for p in history if p not in by_ai)
    assert all(p["outcome"]["handle_seconds"] > 0 for p in history if p not in by_ai)
    live_from = (datetime.combine(catalog.as_of, time(0), tzinfo=UTC) - timedelta(days=HISTORY_DAYS - AI_LIVE_DAYS))
    assert 0.03 < len(by_ai) / len(history) < 0.2
    for p in by_ai:  # deskpilot answered only since it went live, only where it runs autonomously, and says so
        assert datetime.fromisoformat(p["created_at"]) >= live_from
        assert INTENTS[p["category"]].category in AI_CATEGORIES
        reply = p["messages"][1]
        assert reply["author_role"] == "ai"
        assert reply["body"].endswith(load_templates().for_locale(p["metadata"]["locale"])["disclosure"])
        assert p["outcome"]["resolved_at"] == reply["created_at"] and p["outcome"]["handle_seconds"] is None
    assert {p["metadata"]["locale"] for p in history} == set(LOCALES)
    assert len({p["category"] for p in history}) == len(INTENTS)
    recontacts = [p for p in history if p["metadata"]["recontact_of"]]
    assert 0.03 <= len(recontacts) / len(history) <= 0.15
    assert any("> " in p["messages"][0]["body"] for p in recontacts), "e-mail re-contacts quote the earlier reply"
    assert any(p["customer"]["email"] in p["messages"][0]["body"] for p in history), "some write their e-mail"
    for p in recontacts:
        earlier = by_id[p["metadata"]["recontact_of"]]
        assert earlier["customer"]["external_id"] == p["customer"]["external_id"]
        assert earlier["created_at"] < p["created_at"]
    for p in history:
        if p["metadata"]["order_id"]:
            order = catalog.order(p["metadata"]["order_id"])
            assert order is not None and order.customer_id == p["customer"]["external_id"]


def test_stream_is_new_unlabelled_and_varied(catalog) -> None:  # type: ignore[no-untyped-def]
    stream = generate_stream(catalog, 7, count=320)
    assert all(p["status"] == "new" and p["category"] is None and p["locale"] is None for p in stream)
    intents = Counter(p["metadata"]["intent"] for p in stream)
    assert intents[OUT_OF_SCOPE] >= 5 and intents["complaint"] >= 3
    bodies = [p["messages"][0]["body"] for p in stream]
    assert any(p["messages"][0]["content_type"] == "text/html" for p in stream)
    assert any("> " in b for b in bodies), "some messages quote earlier replies"
    assert any(p["customer"]["name"] in b for p, b in zip(stream, bodies, strict=True)), "signatures carry names"
    assert len(set(bodies)) >= 0.9 * len(bodies)
