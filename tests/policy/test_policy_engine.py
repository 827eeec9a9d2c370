"""The engine: precedence, unknown facts, skipped checks, fact references, derived facts and the demo policy."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from deskpilot.policy.engine import Outcome, build_facts, evaluate, facts_from_order
from deskpilot.policy.facts import Facts, OrderFacts
from deskpilot.policy.rules import builtin_policy, parse_policy

TOY = parse_policy("""\
name: toy
version: "1"
locales: [en, de]
rules:
  - id: return-window
    action: return
    effect: allow
    clause: returns#1.1
    when: [{fact: order.status, in: [delivered]}, {fact: days_since_delivery, lte: 30}]
    message_key: return.ok
  - id: no-gift-cards
    action: return
    effect: deny
    clause: returns#1.3
    when: [{fact: item.category, in: [gift_card], if_unknown: skip}]
    message_key: return.gift_card
  - id: big-refund
    action: return
    effect: needs_human
    clause: returns#2.1
    when: [{fact: amount_eur, gt: 500, if_unknown: skip}]
    message_key: return.big
  - id: fee
    action: return
    effect: inform
    clause: returns#3.2
    when: [{fact: order.country, not_in: [LT, DE]}]
    message_key: return.fee
  - id: same-method
    action: refund
    effect: allow
    clause: refunds#1.2
    when: [{fact: request.method, eq: {fact: order.payment_method}}]
    message_key: refund.ok
""")
AS_OF = date(2026, 10, 5)


def order(status: str = "delivered", delivered_days_ago: int | None = 3, **extra: object) -> OrderFacts:
    """An order delivered some days before AS_OF."""
    delivered = (datetime(2026, 10, 5, 12, tzinfo=UTC) - timedelta(days=delivered_days_ago)
                 if delivered_days_ago is not None else None)
    fields: dict[str, object] = {"order_id": "#W1", "status": status, "total_eur": 80.0, "items": ["Laptop"],
                                 "delivered_at": delivered, "country": "FR", "payment_method": "card"}
    fields.update(extra)
    return OrderFacts(**fields)  # type: ignore[arg-type]


def test_allow_with_facts_used_clauses_and_inform_rules() -> None:
    decision = evaluate(TOY, "return", order(), AS_OF)
    assert decision.outcome is Outcome.ELIGIBLE and decision.eligible
    assert [(r.rule_id, r.effect, r.status) for r in decision.rules_applied] == [
        ("return-window", "allow", "matched"), ("fee", "inform", "matched")]
    assert decision.rules_applied[0].conditions == (
        "order.status in [delivered] -> true (order.status='delivered')",
        "days_since_delivery lte 30 -> true (days_since_delivery=3)")
    assert decision.clauses == ("en/returns#1.1", "en/returns#3.2")
    assert decision.facts_used == {"order.status": "delivered", "days_since_delivery": 3, "order.country": "FR"}
    assert decision.unchecked == ("no-gift-cards", "big-refund")  # need the request's item and amount
    assert decision.message_keys == ("return.ok", "return.fee")
    assert (decision.policy, decision.version, decision.fingerprint) == ("toy", "1", TOY.fingerprint)


def test_window_boundary_is_inclusive() -> None:
    assert evaluate(TOY, "return", order(delivered_days_ago=30), AS_OF).outcome is Outcome.ELIGIBLE
    late = evaluate(TOY, "return", order(delivered_days_ago=31), AS_OF)
    assert late.outcome is Outcome.NOT_ELIGIBLE
    assert late.reasons[0] == "no rule allows"
    assert "days_since_delivery lte 30 -> false (days_since_delivery=31)" in late.reasons[1]
    assert late.clauses[0] == "en/returns#1.1"  # the clause that states the window
    assert "policy.no_rule_allows" in late.message_keys


def test_deny_beats_allow_and_cites_the_deny_clause() -> None:
    decision = evaluate(TOY, "return", order(), AS_OF, request={"item.category": "Gift_Card"}, locale="de")
    assert decision.outcome is Outcome.NOT_ELIGIBLE
    assert decision.reasons == ("no-gift-cards denies: item.category in [gift_card] -> true "
                                "(item.category='Gift_Card')",)
    assert decision.clauses == ("de/returns#1.3", "de/returns#3.2")


def test_needs_human_rule_and_unknown_facts() -> None:
    big = evaluate(TOY, "return", order(), AS_OF, request={"amount_eur": "650.5"})
    assert big.outcome is Outcome.NEEDS_HUMAN and big.reasons[0].startswith("big-refund needs a human")
    unknown = evaluate(TOY, "return", order(delivered_days_ago=None), AS_OF)
    assert unknown.outcome is Outcome.NEEDS_HUMAN
    assert unknown.reasons == ("fact days_since_delivery unknown",)
    assert unknown.missing_facts == ("days_since_delivery",)
    # a false condition decides even when another fact is unknown
    assert evaluate(TOY, "return", order("pending", None), AS_OF).outcome is Outcome.NOT_ELIGIBLE


def test_no_order_found_means_needs_human() -> None:
    decision = evaluate(TOY, "return", Facts(source="none"), AS_OF)
    assert decision.outcome is Outcome.NEEDS_HUMAN and "fact order.status unknown" in decision.reasons


def test_fact_references_and_case_insensitive_values() -> None:
    facts = {"order": {"payment_method": "PayPal"}}
    assert evaluate(TOY, "refund", facts, AS_OF, request={"request.method": "paypal"}).eligible
    assert not evaluate(TOY, "refund", facts, AS_OF, request={"request.method": "card"}).eligible
    missing = evaluate(TOY, "refund", facts, AS_OF)
    assert missing.missing_facts == ("request.method",)


def test_derived_facts_from_mappings_and_orders() -> None:
    flat = build_facts({"order.delivered_at": "2026-09-30T08:00:00Z", "order.items": ["Perfume", "Laptop"]},
                       AS_OF, policy=builtin_policy("lumio"), request={"item": {"name": "PERFUME"}})
    assert flat["days_since_delivery"] == 5 and flat["order.item_count"] == 2
    assert flat["order.item_categories"] == ["general", "hygiene"] and flat["item.category"] == "hygiene"
    facts = facts_from_order(order(ordered_at=datetime(2026, 9, 1, 9, tzinfo=UTC)), AS_OF)
    assert facts["days_since_order"] == 34 and "days_since_shipping" not in facts


def test_unknown_action_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown action 'teleport'"):
        evaluate(TOY, "teleport", order(), AS_OF)


# --- the demo policy ------------------------------------------------------------------------------------------------

LUMIO = builtin_policy("lumio")


@pytest.mark.parametrize(("action", "status", "outcome", "rule"), [
    ("cancel", "pending", "eligible", "cancel-while-pending"),
    ("cancel", "processed", "not_eligible", "cancel-after-processing"),
    ("cancel", "shipped", "not_eligible", "cancel-after-processing"),
    ("cancel", "delivered", "not_eligible", "cancel-while-pending"),
    ("modify", "pending", "eligible", "address-change-while-pending"),
    ("modify", "shipped", "not_eligible", "address-change-after-processing"),
    ("refund", "cancelled", "eligible", "refund-cancelled-order"),
    ("refund", "pending", "not_eligible", "refund-cancelled-order"),
])
def test_demo_status_rules(action: str, status: str, outcome: str, rule: str) -> None:
    decision = evaluate(LUMIO, action, order(status, None), AS_OF)
    assert decision.outcome.value == outcome
    assert decision.rules_applied[0].rule_id == rule


def test_demo_returns_exclusions_and_locale() -> None:
    delivered = order(delivered_days_ago=12)
    assert evaluate(LUMIO, "return", delivered, AS_OF, request={"item.name": "Laptop"}).eligible
    earbuds = evaluate(LUMIO, "return", delivered, AS_OF, request={"item.name": "Wireless Earbuds"}, locale="lt")
    assert earbuds.outcome is Outcome.NEEDS_HUMAN and earbuds.missing_facts == ("item.opened",)
    assert earbuds.clauses[0] == "lt/returns-policy#1.3"
    earbuds_opened = {"item.name": "Wireless Earbuds", "item.opened": True}
    opened = evaluate(LUMIO, "return", delivered, AS_OF, request=earbuds_opened)
    assert opened.outcome is Outcome.NOT_ELIGIBLE and opened.rules_applied[0].rule_id == "return-opened-sealed-item"
    sealed = evaluate(LUMIO, "return", delivered, AS_OF, request={**earbuds_opened, "item.opened": False})
    assert sealed.eligible
    assert "en/returns-policy#3.2" in sealed.clauses  # FR: €5.95 deducted
    assert "en/returns-policy#3.1" in evaluate(LUMIO, "return", order(country="DE"), AS_OF).clauses


def test_demo_exchange_once_per_item() -> None:
    assert evaluate(LUMIO, "exchange", order(), AS_OF, request={"item.exchanged_before": False}).eligible
    again = evaluate(LUMIO, "exchange", order(), AS_OF, request={"item.exchanged_before": True})
    assert again.outcome is Outcome.NOT_ELIGIBLE and again.clauses == ("en/exchanges#1.3",)


@pytest.mark.parametrize(("request_facts", "outcome"), [
    ({"request.service_failure": True, "amount_eur": 10, "order.goodwill_granted": False}, "eligible"),
    ({"request.service_failure": True, "amount_eur": 15, "order.goodwill_granted": False}, "needs_human"),
    ({"request.service_failure": True, "amount_eur": 5, "order.goodwill_granted": True}, "not_eligible"),
    ({"request.service_failure": False, "amount_eur": 5, "order.goodwill_granted": False}, "not_eligible"),
    ({"amount_eur": 5}, "needs_human"),
])
def test_demo_goodwill(request_facts: dict[str, object], outcome: str) -> None:
    assert evaluate(LUMIO, "goodwill", order(), AS_OF, request=request_facts).outcome.value == outcome


def test_demo_damaged_item_refund_and_timing() -> None:
    damaged = {"request.reason": "damaged", "item.price_eur": 19.9}
    recent = evaluate(LUMIO, "refund", order(delivered_days_ago=10), AS_OF, request=damaged)
    assert recent.eligible
    assert {r.rule_id for r in recent.rules_applied} >= {"refund-damaged-item", "refund-damaged-keep-item",
                                                        "refund-timing-card", "refund-to-original-method"}
    late = evaluate(LUMIO, "refund", order(delivered_days_ago=20), AS_OF, request=damaged)
    assert late.outcome is Outcome.NEEDS_HUMAN and late.clauses[0] == "en/damaged-or-wrong-items#2.4"


def test_decision_json_is_serialisable() -> None:
    decision = evaluate(LUMIO, "return", order(), AS_OF, request={"item.name": "Perfume"})
    data = json.loads(json.dumps(decision.to_json()))
    assert data["outcome"] == "needs_human" and data["policy"]["fingerprint"] == LUMIO.fingerprint
    assert data["rules_applied"][0]["rule"] == "return-opened-sealed-item"
