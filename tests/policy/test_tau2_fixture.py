"""The tau2 written policy as rules: every cited anchor of policy.md exists and says what the rule encodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.knowledge.clauses import split_clauses
from deskpilot.policy.engine import Outcome, evaluate
from deskpilot.policy.rules import load_policy

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tau2_retail_policy.yaml"
POLICY_MD = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tau2_retail" / "policy.md"
POLICY = load_policy(FIXTURE)

# policy.md anchor → words its sentence must contain
ANCHOR_WORDS = {
    "5.1": "pending or delivered orders", "5.2": "once per order", "6.1": "only be cancelled if its status is",
    "6.2": "'no longer needed' or 'ordered by mistake'", "6.3": "immediately if it is gift card",
    "7.1": "only be modified if its status is 'pending'", "7.2": "but nothing else",
    "8.1": "different from the original payment method", "8.2": "enough balance to cover the total amount",
    "8.3": "refunded immediately if it is a gift card", "9.1": "will not be able to modify or cancel",
    "9.2": "available new item of the same product", "9.3": "enough balance to cover the price difference",
    "10.1": "only be returned if its status is 'delivered'", "10.2": "list of items to be returned",
    "10.3": "payment method to receive the refund", "10.4": "original payment method, or an existing gift card",
    "10.5": "'return requested'", "11.1": "only be exchanged if its status is 'delivered'",
    "11.2": "available new item of the same product", "11.3": "enough balance to cover the price difference",
    "11.4": "'exchange requested'",
}


def test_fixture_covers_the_four_actions_with_cited_rules() -> None:
    assert POLICY.name == "tau2-retail" and POLICY.locales == ("en",)
    for action in ("cancel", "modify", "return", "exchange"):
        assert any(r.effect == "allow" for r in POLICY.rules_for(action))
    anchors = {key.split("#")[1] for rule in POLICY.rules for key in POLICY.clause_keys(rule)}
    assert anchors <= set(ANCHOR_WORDS) and len(anchors) == len(ANCHOR_WORDS)


@pytest.mark.skipif(not POLICY_MD.exists(), reason="tau2 data not at ../shared/data")
def test_cited_anchors_exist_in_policy_md_and_state_the_rule() -> None:
    clauses = {c.anchor: c.text for c in split_clauses(POLICY_MD.read_text(encoding="utf-8"))}
    for rule in POLICY.rules:
        for key in POLICY.clause_keys(rule):
            assert key.startswith("en/retail-policy#")
            anchor = key.split("#")[1]
            assert ANCHOR_WORDS[anchor] in clauses[anchor], (rule.id, anchor, clauses[anchor])


@pytest.mark.parametrize(("status", "action", "request_facts", "outcome", "rule"), [
    ("pending", "cancel", {"request.reason": "ordered by mistake"}, "eligible", "cancel-pending"),
    ("pending", "cancel", {"request.reason": "changed my mind"}, "not_eligible", "cancel-reason"),
    ("pending (item modified)", "cancel", {}, "not_eligible", "cancel-after-item-modification"),
    ("processed", "cancel", {}, "not_eligible", "generic-pending-or-delivered"),
    ("pending", "modify", {"request.change": "gift wrapping"}, "not_eligible", "modify-scope"),
    ("pending", "modify", {"request.change": "payment", "request.payment_method_id": "paypal_1",
                           "request.payment_method_owned": True}, "not_eligible", "modify-payment-different"),
    ("pending", "modify", {"request.change": "payment", "request.payment_method_id": "gift_card_9",
                           "request.payment_method_owned": True, "request.payment_method_kind": "gift_card",
                           "request.gift_card_balance": 99.99}, "not_eligible", "modify-payment-gift-card-balance"),
    ("pending", "modify", {"request.change": "payment", "request.payment_method_id": "gift_card_9",
                           "request.payment_method_owned": True, "request.payment_method_kind": "gift_card",
                           "request.gift_card_balance": 100}, "eligible", "modify-pending"),
    ("delivered", "return", {"request.items_in_order": True, "request.payment_method_id": "credit_card_2",
                             "request.payment_method_owned": True, "request.payment_method_kind": "credit_card"},
     "not_eligible", "return-refund-destination"),
    ("delivered", "return", {"request.items_in_order": True, "request.payment_method_id": "gift_card_9",
                             "request.payment_method_owned": True, "request.payment_method_kind": "gift_card"},
     "eligible", "return-delivered"),
    ("exchange requested", "exchange", {}, "not_eligible", "generic-pending-or-delivered"),
    ("delivered", "exchange", {"request.new_items_differ": False}, "not_eligible", "exchange-different-option"),
    ("delivered", "exchange", {"request.payment_method_kind": "gift_card", "request.gift_card_balance": 5,
                               "request.price_difference": -20}, "eligible", "exchange-delivered"),
])
def test_fixture_decisions(status: str, action: str, request_facts: dict[str, object], outcome: str,
                           rule: str) -> None:
    facts = {"order.status": status, "order.payment_method_id": "paypal_1", "order.payment_method_kind": "paypal",
             "order.total": 100.0}
    decision = evaluate(POLICY, action, facts, request=request_facts)
    assert decision.outcome is Outcome(outcome), decision.reasons
    assert decision.rules_applied[0].rule_id == rule
