"""bench/policy.py on a hand-made tau2-shaped shop (exact counts), on the real data, and against broken rules."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from deskpilot.cli.bench import load_benchmark
from deskpilot.policy.rules import parse_policy

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "policy" / "fixtures" / "tau2_retail_policy.yaml"
TAU2 = REPO.parent / "shared" / "data" / "tau2_retail"


def load_bench() -> ModuleType:
    return load_benchmark("policy")


def _order(oid: str, user: str, status: str, items: list[tuple[str, str, float]], method: str) -> dict[str, Any]:
    total = round(sum(p for _, _, p in items), 2)
    history = [{"transaction_type": "payment", "amount": total, "payment_method_id": method}]
    if status == "cancelled":
        history.append({"transaction_type": "refund", "amount": total, "payment_method_id": method})
    return {"order_id": oid, "user_id": user, "status": status, "payment_history": history,
            "items": [{"item_id": i, "product_id": p, "price": price, "name": p, "options": {}}
                      for i, p, price in items]}


# Kettle: K1 100 and K2 120 available, K3 90 unavailable; Lamp: L1 50. u1 holds a card and a €10 gift card.
DB = {
    "products": {
        "P1": {"name": "Kettle", "product_id": "P1", "variants": {
            "K1": {"item_id": "K1", "available": True, "price": 100.0, "options": {"c": "red"}},
            "K2": {"item_id": "K2", "available": True, "price": 120.0, "options": {"c": "blue"}},
            "K3": {"item_id": "K3", "available": False, "price": 90.0, "options": {"c": "green"}}}},
        "P2": {"name": "Lamp", "product_id": "P2", "variants": {
            "L1": {"item_id": "L1", "available": True, "price": 50.0, "options": {}}}},
    },
    "users": {
        "u1": {"payment_methods": {"credit_card_1": {"source": "credit_card", "id": "credit_card_1"},
                                   "gift_card_1": {"source": "gift_card", "id": "gift_card_1", "balance": 10.0}}},
        "u2": {"payment_methods": {"paypal_2": {"source": "paypal", "id": "paypal_2"}}},
    },
    "orders": {
        "#W1": _order("#W1", "u1", "pending", [("K1", "P1", 100.0)], "credit_card_1"),
        "#W2": _order("#W2", "u1", "delivered", [("K1", "P1", 100.0), ("L1", "P2", 50.0)], "gift_card_1"),
        "#W3": _order("#W3", "u2", "processed", [("L1", "P2", 50.0)], "paypal_2"),
        "#W4": _order("#W4", "u2", "cancelled", [("L1", "P2", 50.0)], "paypal_2"),
    },
}


def _task(tid: str, *calls: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": tid, "evaluation_criteria": {"actions": [
        {"name": "get_order_details", "arguments": {"order_id": "#W1"}},
        *({"name": name, "arguments": args} for name, args in calls)]}}


TASKS = [
    _task("t1", ("cancel_pending_order", {"order_id": "#W1", "reason": "no longer needed"})),
    # after modifying items the order is 'pending (item modified)': the cancel that follows is not allowed
    _task("t2", ("modify_pending_order_items", {"order_id": "#W1", "item_ids": ["K1"], "new_item_ids": ["K2"],
                                                "payment_method_id": "credit_card_1"}),
          ("cancel_pending_order", {"order_id": "#W1", "reason": "ordered by mistake"})),
    # refund to a card that is neither the original method (gift card) nor a gift card
    _task("t3", ("return_delivered_order_items", {"order_id": "#W2", "item_ids": ["L1"],
                                                  "payment_method_id": "credit_card_1"})),
]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "db.json").write_text(json.dumps(DB), encoding="utf-8")
    (tmp_path / "tasks.json").write_text(json.dumps(TASKS), encoding="utf-8")
    return tmp_path


def test_counts_on_a_hand_made_shop_are_exact(shop: Path) -> None:
    result = load_bench().main(["--data", str(shop), "--no-demo"], json_out=True)
    tau2 = result["tau2"]
    assert result["agreement"] == 1.0 and tau2["disagreements"] == [] and result["demo"] is None
    for action in ("cancel", "modify", "return", "exchange"):  # one pending and one delivered order
        row = tau2["per_action"][action]
        assert (row["orders"], row["eligible"], row["not_eligible"], row["needs_human"]) == (4, 1, 3, 0)
    requests = tau2["per_action_requests"]
    # cancel: 4 orders × 3 reasons; only #W1 with the two accepted reasons
    assert (requests["cancel"]["cases"], requests["cancel"]["eligible"]) == (12, 2)
    # modify #W1: address (yes), shipping speed, payment to itself / the €10 gift card / a stranger's card (no),
    # items K2/K3/K1/L1 × 2 methods (only K2 paid by card: +€20 exceeds the gift card), K2 paid by a stranger's
    # card, two K1 (only one bought), an unknown item: 16 cases; 16 for #W2, 9 each for #W3 and #W4
    assert (requests["modify"]["cases"], requests["modify"]["eligible"]) == (50, 2)
    # return #W2: K1 to the card (no: not original, not a gift card), to the original gift card (yes), to a stranger's
    # card, all items to the card, two K1, an unknown item (no): 6 cases; 6 + 5 + 5 for the others
    assert (requests["return"]["cases"], requests["return"]["eligible"]) == (22, 1)
    # exchange #W2 K1 → K2 by card only; 11 + 11 + 5 + 5 cases
    assert (requests["exchange"]["cases"], requests["exchange"]["eligible"]) == (32, 1)
    tasks = tau2["tasks"]
    assert (tasks["tasks"], tasks["actions"], tasks["rules_eligible"], tasks["oracle_eligible"]) == (3, 4, 2, 2)
    assert tasks["agreement_rules_oracle"] == 1.0 and tasks["agreement_rules_tasks"] == 0.5
    assert sorted((r["task"], r["action"]) for r in tasks["not_eligible"]) == [("t2", "cancel"), ("t3", "return")]


def test_oracle_catches_rules_that_drift_from_the_written_policy(shop: Path) -> None:
    bench = load_bench()
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index("  - id: return-refund-destination")
    broken = parse_policy(text[:start] + text[text.index("  - id: return-next-steps"):])

    class Bar:
        def add_task(self, *args: Any, **kwargs: Any) -> int:
            return 0

        def advance(self, *args: Any) -> None:
            pass

    tau2 = bench.run_tau2(broken, shop, None, Bar())
    wrong = {(r["order_id"], r["action"], r["request"]["payment_method_id"], len(r["request"]["item_ids"]))
             for r in tau2["disagreements"]}
    assert wrong == {("#W2", "return", "credit_card_1", 1), ("#W2", "return", "credit_card_1", 2)}
    assert tau2["tasks"]["agreement_rules_oracle"] == 0.75  # t3's return now slips through


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        load_bench().main(["--data", str(tmp_path / "nowhere"), "--no-demo"], json_out=True)


@pytest.mark.skipif(not (TAU2 / "db.json").exists(), reason="tau2 data not at ../shared/data")
def test_real_tau2_orders_agree_with_the_written_policy() -> None:
    result = load_bench().main(["--data", str(TAU2), "--limit", "40", "--no-demo"], json_out=True)
    assert result["tau2"]["orders"] == 40 and result["tau2"]["cases"] > 600
    assert result["agreement"] == 1.0, result["tau2"]["disagreements"][:3]
    assert result["tau2"]["tasks"]["agreement_rules_oracle"] == 1.0
