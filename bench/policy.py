"""Policy engine: agreement of the tau2 retail rules with the written policy, and the demo policy's decisions."""

from __future__ import annotations

import argparse
import copy
import json
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from deskpilot.policy.rules import Policy

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "tau2_retail"
DEFAULT_RULES = REPO / "tests" / "policy" / "fixtures" / "tau2_retail_policy.yaml"
ACTIONS = ("cancel", "modify", "return", "exchange")
DEMO_ACTIONS = ("cancel", "modify", "return", "exchange", "refund", "goodwill")
OUTCOMES = ("eligible", "not_eligible", "needs_human")
CANCEL_REASONS = ("no longer needed", "ordered by mistake", "found a better price")
TOOLS = {"cancel_pending_order": ("cancel", None), "modify_pending_order_address": ("modify", "address"),
         "modify_pending_order_payment": ("modify", "payment"), "modify_pending_order_items": ("modify", "items"),
         "return_delivered_order_items": ("return", None), "exchange_delivered_order_items": ("exchange", None)}
NOT_AN_ITEM = "0000000000"
NOT_THEIR_METHOD = "credit_card_0000000"


class Case(NamedTuple):
    """One question put to the rules and to the oracle: may this action be taken on this order (with this request)?"""

    order_id: str
    action: str
    request: dict[str, Any] | None


class Tau2:
    """db.json with lookups; `orders` / `users` may be overridden per task replay (copy on write)."""

    def __init__(self, db: dict[str, Any]) -> None:
        self.db = db
        self.items = {vid: (pid, v) for pid, p in db["products"].items() for vid, v in p["variants"].items()}
        self.orders: dict[str, Any] = {}
        self.users: dict[str, Any] = {}

    def order(self, order_id: str) -> dict[str, Any]:
        """The order as it stands in this replay."""
        return self.orders.get(order_id) or self.db["orders"][order_id]

    def user(self, user_id: str) -> dict[str, Any]:
        """The user as they stand in this replay."""
        return self.users.get(user_id) or self.db["users"][user_id]

    def fresh(self) -> Tau2:
        """The same database with no replay changes."""
        clone = Tau2.__new__(Tau2)
        clone.db, clone.items, clone.orders, clone.users = self.db, self.items, {}, {}
        return clone


# --- facts: what the shop's tools report, in the fact names the rules use ------------------------------------------


def tau2_facts(shop: Tau2, order: Mapping[str, Any], request: Mapping[str, Any] | None) -> dict[str, Any]:
    """Flat facts of an order and, if given, of the customer's request."""
    user = shop.user(order["user_id"])
    payment = order["payment_history"][0]
    methods = user["payment_methods"]
    facts: dict[str, Any] = {
        "order.status": order["status"], "order.payment_method_id": payment["payment_method_id"],
        "order.payment_method_kind": (methods.get(payment["payment_method_id"]) or {}).get("source"),
        "order.total": payment["amount"],
    }
    if request is None:
        return facts
    facts["request.reason"] = request.get("reason")
    facts["request.change"] = request.get("change")
    if "payment_method_id" in request:
        method = methods.get(request["payment_method_id"])
        facts["request.payment_method_id"] = request["payment_method_id"]
        facts["request.payment_method_owned"] = method is not None
        facts["request.payment_method_kind"] = method and method["source"]
        facts["request.gift_card_balance"] = method.get("balance") if method else None
    if "item_ids" in request:
        held = Counter(i["item_id"] for i in order["items"])
        facts["request.items_in_order"] = all(n <= held[i] for i, n in Counter(request["item_ids"]).items())
    if "new_item_ids" in request and facts.get("request.items_in_order"):
        by_id = {i["item_id"]: i for i in order["items"]}
        pairs = [(by_id[old], shop.items.get(new)) for old, new in zip(request["item_ids"], request["new_item_ids"],
                                                                        strict=True)]
        facts["request.new_items_same_product"] = all(v is not None and v[0] == o["product_id"] for o, v in pairs)
        facts["request.new_items_available"] = all(v is not None and v[1]["available"] for _, v in pairs)
        facts["request.new_items_differ"] = all(v is not None and v[1]["item_id"] != o["item_id"] for o, v in pairs)
        if all(v is not None for _, v in pairs):
            facts["request.price_difference"] = round(sum(v[1]["price"] - o["price"] for o, v in pairs if v), 2)
    return facts


# --- the oracle: policy.md read sentence by sentence, in plain Python -------------------------------------------------


def oracle(shop: Tau2, order: Mapping[str, Any], action: str, request: Mapping[str, Any] | None) -> tuple[bool, str]:
    """Whether policy.md allows the action (and the request, if given), with the sentence that decides."""
    status = order["status"]
    # "Generally, you can only take action on pending or delivered orders."
    if status not in ("pending", "delivered", "pending (item modified)"):
        return False, "only pending or delivered orders"
    if action == "cancel":
        # "An order can only be cancelled if its status is 'pending'" (and not after items were modified)
        if status != "pending":
            return False, "cancel: status is not 'pending'"
        # "the reason (either 'no longer needed' or 'ordered by mistake') ... Other reasons are not acceptable."
        if request is not None and request.get("reason") not in ("no longer needed", "ordered by mistake"):
            return False, "cancel: reason not acceptable"
        return True, "cancel: pending"
    if action == "modify":
        # "An order can only be modified if its status is 'pending'"; after modifying items it cannot be modified
        if status != "pending":
            return False, "modify: status is not 'pending'"
        if request is None:
            return True, "modify: pending"
        # "modify its shipping address, payment method, or product item options, but nothing else"
        change = request.get("change")
        if change == "address":
            return True, "modify: address of a pending order"
        if change == "payment":
            return _oracle_payment(shop, order, request)
        if change == "items":
            return _oracle_swap(shop, order, request, "modify")
        return False, f"modify: {change!r} cannot be modified"
    if status != "delivered":
        # "An order can only be returned / exchanged if its status is 'delivered'"
        return False, f"{action}: status is not 'delivered'"
    if request is None:
        return True, f"{action}: delivered"
    if action == "return":
        if not _in_order(order, request["item_ids"]):
            return False, "return: items not in the order"
        method = shop.user(order["user_id"])["payment_methods"].get(request["payment_method_id"])
        if method is None:
            return False, "return: not one of the user's payment methods"
        # "The refund must either go to the original payment method, or an existing gift card."
        original = order["payment_history"][0]["payment_method_id"]
        if request["payment_method_id"] != original and method["source"] != "gift_card":
            return False, "return: refund neither to the original method nor to a gift card"
        return True, "return: delivered, refund destination allowed"
    return _oracle_swap(shop, order, request, "exchange")


def _oracle_payment(shop: Tau2, order: Mapping[str, Any], request: Mapping[str, Any]) -> tuple[bool, str]:
    method = shop.user(order["user_id"])["payment_methods"].get(request["payment_method_id"])
    if method is None:
        return False, "modify payment: not one of the user's payment methods"
    # "a single payment method different from the original payment method"
    if request["payment_method_id"] == order["payment_history"][0]["payment_method_id"]:
        return False, "modify payment: same as the original method"
    # "If the user wants the modify the payment method to gift card, it must have enough balance to cover the total"
    total = round(sum(item["price"] for item in order["items"]), 2)
    if method["source"] == "gift_card" and method["balance"] < total:
        return False, "modify payment: gift card balance below the total"
    return True, "modify payment: allowed"


def _oracle_swap(shop: Tau2, order: Mapping[str, Any], request: Mapping[str, Any], verb: str) -> tuple[bool, str]:
    """Modify items / exchange: same product, available, different option, payment method that can cover it."""
    if not _in_order(order, request["item_ids"]):
        return False, f"{verb}: items not in the order"
    difference = 0.0
    for old_id, new_id in zip(request["item_ids"], request["new_item_ids"], strict=True):
        old = next(item for item in order["items"] if item["item_id"] == old_id)
        variants = shop.db["products"][old["product_id"]]["variants"]
        # "an available new item of the same product but of different product option"
        if new_id not in variants:
            return False, f"{verb}: new item is another product"
        if not variants[new_id]["available"]:
            return False, f"{verb}: new item not available"
        if new_id == old_id:
            return False, f"{verb}: new item has the same options"
        difference += variants[new_id]["price"] - old["price"]
    # "The user must provide a payment method ... If ... a gift card, it must have enough balance"
    method = shop.user(order["user_id"])["payment_methods"].get(request["payment_method_id"])
    if method is None:
        return False, f"{verb}: not one of the user's payment methods"
    if method["source"] == "gift_card" and method["balance"] < round(difference, 2):
        return False, f"{verb}: gift card balance below the price difference"
    return True, f"{verb}: allowed"


def _in_order(order: Mapping[str, Any], item_ids: list[str]) -> bool:
    ordered = [item["item_id"] for item in order["items"]]
    return all(item_ids.count(i) <= ordered.count(i) for i in set(item_ids))


# --- cases ------------------------------------------------------------------------------------------------------------


def requests_for(shop: Tau2, order: Mapping[str, Any], action: str) -> Iterator[dict[str, Any]]:
    """Concrete requests for an order: each reason, payment method and kind of replacement item the policy names."""
    methods = sorted(shop.user(order["user_id"])["payment_methods"])
    if action == "cancel":
        yield from ({"reason": reason} for reason in CANCEL_REASONS)
        return
    first = order["items"][0]["item_id"]
    if action == "modify":
        yield {"change": "address"}
        yield {"change": "shipping speed"}
        yield from ({"change": "payment", "payment_method_id": m} for m in [*methods, NOT_THEIR_METHOD])
    if action == "return":
        yield from ({"item_ids": [first], "payment_method_id": m} for m in [*methods, NOT_THEIR_METHOD])
        yield {"item_ids": [i["item_id"] for i in order["items"]], "payment_method_id": methods[0]}
        yield {"item_ids": [first, first], "payment_method_id": methods[0]}  # in the order only if bought twice
        yield {"item_ids": [NOT_AN_ITEM], "payment_method_id": methods[0]}
        return
    extra = {"change": "items"} if action == "modify" else {}
    candidates = replacement_candidates(shop, order["items"][0])
    for new_id in candidates:
        for method in methods:
            yield {**extra, "item_ids": [first], "new_item_ids": [new_id], "payment_method_id": method}
    yield {**extra, "item_ids": [first], "new_item_ids": candidates[:1], "payment_method_id": NOT_THEIR_METHOD}
    yield {**extra, "item_ids": [first, first], "new_item_ids": candidates[:1] * 2, "payment_method_id": methods[0]}
    yield {**extra, "item_ids": [NOT_AN_ITEM], "new_item_ids": candidates[:1], "payment_method_id": methods[0]}


def replacement_candidates(shop: Tau2, item: Mapping[str, Any]) -> list[str]:
    """Cheapest and dearest available other variant, an unavailable one, the same item, another product's item."""
    variants = shop.db["products"][item["product_id"]]["variants"]
    others = sorted((v for v in variants.values() if v["item_id"] != item["item_id"]), key=lambda v: v["price"])
    available = [v["item_id"] for v in others if v["available"]]
    unavailable = [v["item_id"] for v in others if not v["available"]]
    foreign = next(vid for vid, (pid, _) in sorted(shop.items.items()) if pid != item["product_id"])
    picks = available[:1] + available[-1:] + unavailable[:1] + [item["item_id"], foreign]
    return list(dict.fromkeys(picks))


# --- running ----------------------------------------------------------------------------------------------------------


def judge(policy: Policy, shop: Tau2, case: Case) -> dict[str, Any]:
    """The rules' decision and the oracle's verdict for one case."""
    from deskpilot.policy.engine import evaluate

    order = shop.order(case.order_id)
    facts = tau2_facts(shop, order, case.request)
    start = time.perf_counter()
    decision = evaluate(policy, case.action, facts)
    seconds = time.perf_counter() - start
    allowed, why = oracle(shop, order, case.action, case.request)
    return {"order_id": case.order_id, "action": case.action, "request": case.request,
            "rules": decision.outcome.value, "oracle": "eligible" if allowed else "not_eligible",
            "oracle_reason": why, "rules_reasons": list(decision.reasons), "clauses": list(decision.clauses),
            "engine_seconds": seconds}


def replay_tasks(policy: Policy, base: Tau2, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """Every write action the tau2 tasks expect, judged on the order as it stands at that point of the task."""
    judged, exceptions = [], []
    for task in tasks:
        shop = base.fresh()
        for call in task.get("evaluation_criteria", {}).get("actions") or []:
            if call["name"] not in TOOLS:
                continue
            action, change = TOOLS[call["name"]]
            request = {k: v for k, v in call["arguments"].items() if k != "order_id"}
            if change:
                request["change"] = change
            row = judge(policy, shop, Case(call["arguments"]["order_id"], action, request))
            row["task"] = task["id"]
            row.pop("engine_seconds")
            judged.append(row)
            if row["rules"] != "eligible" or row["oracle"] != "eligible":
                exceptions.append(row)
            if row["oracle"] == "eligible":
                apply_action(shop, row["order_id"], action, request)
    n = len(judged)
    return {"tasks": len(tasks), "actions": n,
            "rules_eligible": sum(r["rules"] == "eligible" for r in judged),
            "oracle_eligible": sum(r["oracle"] == "eligible" for r in judged),
            "agreement_rules_oracle": round(sum(r["rules"] == r["oracle"] for r in judged) / n, 4) if n else 0.0,
            "agreement_rules_tasks": round(sum(r["rules"] == "eligible" for r in judged) / n, 4) if n else 0.0,
            "not_eligible": exceptions}


def apply_action(shop: Tau2, order_id: str, action: str, request: Mapping[str, Any]) -> None:
    """What the tau2 tool does to the order (and gift card balances), so later actions in a task see it."""
    order = shop.orders.setdefault(order_id, copy.deepcopy(shop.order(order_id)))
    user = shop.users.setdefault(order["user_id"], copy.deepcopy(shop.user(order["user_id"])))
    method = user["payment_methods"].get(request.get("payment_method_id") or "")
    if action == "cancel":
        order["status"] = "cancelled"
    elif action == "modify" and request["change"] == "payment":
        amount = order["payment_history"][0]["amount"]
        order["payment_history"] = [{"transaction_type": "payment", "amount": amount,
                                     "payment_method_id": request["payment_method_id"]}]
        if method and method["source"] == "gift_card":
            method["balance"] = round(method["balance"] - amount, 2)
    elif action == "modify" and request["change"] == "items":
        difference = 0.0
        for old_id, new_id in zip(request["item_ids"], request["new_item_ids"], strict=True):
            item = next(i for i in order["items"] if i["item_id"] == old_id)
            variant = shop.items[new_id][1]
            difference += variant["price"] - item["price"]
            item.update(item_id=new_id, price=variant["price"], options=variant["options"])
        if method and method["source"] == "gift_card":
            method["balance"] = round(method["balance"] - difference, 2)
        order["status"] = "pending (item modified)"
    elif action in ("return", "exchange"):
        order["status"] = f"{action} requested"


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts per rules outcome and agreement with the oracle."""
    counts = Counter(r["rules"] for r in rows)
    agree = sum(r["rules"] == r["oracle"] for r in rows)
    return {"cases": len(rows), **{o: counts.get(o, 0) for o in OUTCOMES},
            "oracle_eligible": sum(r["oracle"] == "eligible" for r in rows),
            "agreement": round(agree / len(rows), 4) if rows else 0.0}


def run_tau2(policy: Policy, data: Path, limit: int | None, bar: Any) -> dict[str, Any]:
    """Every order × action (bare, then with concrete requests) and the tasks' expected actions."""
    shop = Tau2(json.loads((data / "db.json").read_text(encoding="utf-8")))
    order_ids = sorted(shop.db["orders"])[:limit] if limit else sorted(shop.db["orders"])
    by_order: dict[str, list[dict[str, Any]]] = {a: [] for a in ACTIONS}
    by_request: dict[str, list[dict[str, Any]]] = {a: [] for a in ACTIONS}
    task = bar.add_task("tau2 orders × actions", total=len(order_ids))
    for order_id in order_ids:
        order = shop.order(order_id)
        for action in ACTIONS:
            by_order[action].append(judge(policy, shop, Case(order_id, action, None)))
            by_request[action].extend(judge(policy, shop, Case(order_id, action, request))
                                      for request in requests_for(shop, order, action))
        bar.advance(task)
    rows = [r for a in ACTIONS for r in by_order[a] + by_request[a]]
    engine_seconds = sum(r.pop("engine_seconds") for r in rows)
    tasks_file = data / "tasks.json"
    tasks = json.loads(tasks_file.read_text(encoding="utf-8")) if tasks_file.exists() else []
    return {"orders": len(order_ids),
            "per_action": {a: {**summarize(by_order[a]), "orders": len(by_order[a])} for a in ACTIONS},
            "per_action_requests": {a: summarize(by_request[a]) for a in ACTIONS},
            "cases": len(rows), "agreement": summarize(rows)["agreement"],
            "disagreements": [r for r in rows if r["rules"] != r["oracle"]],
            "engine_decisions_per_second": round(len(rows) / engine_seconds) if engine_seconds else 0,
            "tasks": replay_tasks(policy, shop, tasks)}


def run_demo(bar: Any) -> dict[str, Any]:
    """The demo policy over every order of the demo catalogue: counts per action and outcome."""
    from deskpilot.demo.catalog import load_catalog
    from deskpilot.policy.engine import evaluate
    from deskpilot.policy.facts import OrderFacts
    from deskpilot.policy.rules import builtin_policy

    policy, catalog = builtin_policy("lumio"), load_catalog()
    counts = {a: dict.fromkeys(OUTCOMES, 0) for a in DEMO_ACTIONS}
    task = bar.add_task("demo catalogue", total=len(catalog.orders))
    for order in catalog.orders.values():
        facts = OrderFacts(order_id=order.order_id, status=order.status, total_eur=order.total_eur,
                           items=[i.name for i in order.items], ordered_at=order.ordered_at,
                           shipped_at=order.shipped_at, delivered_at=order.delivered_at,
                           tracking_ids=list(order.tracking_ids), country=order.country,
                           payment_method=order.payment_method)
        for action in DEMO_ACTIONS:
            counts[action][evaluate(policy, action, facts, catalog.as_of).outcome.value] += 1
        bar.advance(task)
    return {"policy": {"name": policy.name, "version": policy.version, "fingerprint": policy.short_fingerprint,
                       "rules": len(policy.rules)}, "orders": len(catalog.orders), "counts": counts}


def print_tables(result: dict[str, Any], out: Console) -> None:
    """Readable tables: tau2 agreement per action, disagreements, the tasks cross-check and the demo counts."""
    from rich.table import Table

    tau2 = result["tau2"]
    table = Table(title=f"tau2 retail: rules ({result['policy']['name']} {result['policy']['fingerprint']}) "
                        f"vs written policy, {tau2['orders']} orders", title_justify="left")
    for col in ("action", "orders", "eligible", "not eligible", "needs human", "agreement",
                "requests", "req. eligible", "req. agreement"):
        table.add_column(col, justify="left" if col == "action" else "right")
    for action in ACTIONS:
        o, r = tau2["per_action"][action], tau2["per_action_requests"][action]
        table.add_row(action, str(o["orders"]), str(o["eligible"]), str(o["not_eligible"]), str(o["needs_human"]),
                      f"{o['agreement']:.1%}", str(r["cases"]), str(r["eligible"]), f"{r['agreement']:.1%}")
    out.print(table)
    out.print(f"agreement over all {tau2['cases']} cases: [bold]{tau2['agreement']:.2%}[/bold]; "
              f"disagreements: {len(tau2['disagreements'])}; engine: {tau2['engine_decisions_per_second']} decisions/s")
    for row in tau2["disagreements"][:50]:
        out.print(f"  {row['order_id']} {row['action']} {row['request']}: rules {row['rules']} "
                  f"({'; '.join(row['rules_reasons'])}), oracle {row['oracle']} ({row['oracle_reason']})")
    tasks = tau2["tasks"]
    out.print(f"tasks.json: {tasks['actions']} expected write actions in {tasks['tasks']} tasks; rules allow "
              f"{tasks['rules_eligible']} ({tasks['agreement_rules_tasks']:.1%}), oracle allows "
              f"{tasks['oracle_eligible']}; rules = oracle on {tasks['agreement_rules_oracle']:.1%}")
    for row in tasks["not_eligible"]:
        out.print(f"  task {row['task']}: {row['action']} {row['order_id']} {row['request']}: rules {row['rules']}, "
                  f"oracle {row['oracle']} ({row['oracle_reason']})")
    demo = result["demo"]
    if demo is None:
        return
    table = Table(title=f"demo policy ({demo['policy']['name']} {demo['policy']['version']}, "
                        f"{demo['policy']['rules']} rules) over {demo['orders']} demo orders, no request details",
                  title_justify="left")
    table.add_column("action")
    for outcome in OUTCOMES:
        table.add_column(outcome.replace("_", " "), justify="right")
    for action, counts in demo["counts"].items():
        table.add_row(action, *(str(counts[o]) for o in OUTCOMES))
    out.print(table)


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Check the tau2 rules against the written policy over db.json and tasks.json; count demo decisions."""
    from rich.console import Console

    from deskpilot.cli.common import progress_bar
    from deskpilot.policy.rules import PolicyError, load_policy

    parser = argparse.ArgumentParser(prog="deskpilot bench policy", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="tau2 retail folder (db.json, tasks.json)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="the tau2 policy encoded as rules (YAML)")
    parser.add_argument("--limit", type=int, help="only the first N orders (sorted by id)")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo catalogue")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    try:
        policy = load_policy(args.rules)
        if not (args.data / "db.json").exists():
            raise FileNotFoundError(f"{args.data / 'db.json'} not found (give --data PATH)")
    except (OSError, PolicyError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise SystemExit(2) from exc
    with progress_bar() as bar:
        tau2 = run_tau2(policy, args.data, args.limit, bar)
        demo = None if args.no_demo else run_demo(bar)
    result: dict[str, Any] = {
        "benchmark": "policy", "data": str(args.data),
        "policy": {"name": policy.name, "version": policy.version, "fingerprint": policy.short_fingerprint,
                   "rules": len(policy.rules)},
        "agreement": tau2["agreement"], "tau2": tau2, "demo": demo}
    if not json_out:
        print_tables(result, Console())
    return result
