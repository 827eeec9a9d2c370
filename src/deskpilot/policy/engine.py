"""Evaluate a policy against facts: eligible / not eligible / needs human, with rules, facts and clauses.

Example::

    policy = builtin_policy("lumio")
    decision = evaluate(policy, "return", order_facts, as_of=date(2026, 10, 5), request={"item.name": "Laptop"})
    decision.outcome, decision.clauses, decision.reasons

Precedence: a matching `deny` rule gives not_eligible; else a matching `needs_human` rule gives needs_human;
else, when no allow rule matches or could match, not_eligible ("no rule allows"); else a deny / needs_human rule
that cannot be decided because a fact it needs is unknown, or an allow rule in that state when none matches,
gives needs_human ("fact X unknown"); else eligible. A condition marked `if_unknown: skip` makes its rule not
apply while the fact is unknown; such rules are listed in `unchecked` (checks still to make once the customer's
request is known). Matching `inform` rules never change the outcome but add their clauses and message keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from deskpilot.policy.facts import Facts, OrderFacts
from deskpilot.policy.rules import Condition, FactRef, Policy, Rule
from deskpilot.policy.rules import normalize as _norm

MATCHED, NOT_MATCHED, UNKNOWN, SKIPPED = "matched", "not_matched", "unknown", "skipped"
_DATE_FACTS = {"order.ordered_at": "days_since_order", "order.shipped_at": "days_since_shipping",
               "order.delivered_at": "days_since_delivery"}


class Outcome(StrEnum):
    """What the policy says about a requested action."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_HUMAN = "needs_human"


@dataclass(frozen=True)
class RuleApplication:
    """A rule that shaped the decision, with each condition shown against the facts."""

    rule_id: str
    effect: str
    status: str
    conditions: tuple[str, ...]
    message_key: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rule": self.rule_id, "effect": self.effect, "status": self.status,
                "conditions": list(self.conditions), "message_key": self.message_key}


@dataclass(frozen=True)
class PolicyDecision:
    """The decision for one action: outcome, the rules applied, the facts used and the clauses to cite."""

    outcome: Outcome
    action: str
    rules_applied: tuple[RuleApplication, ...]
    facts_used: dict[str, Any]
    clauses: tuple[str, ...]
    reasons: tuple[str, ...]
    policy: str = ""
    version: str = ""
    fingerprint: str = ""
    missing_facts: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    message_keys: tuple[str, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        """Whether the action is allowed."""
        return self.outcome is Outcome.ELIGIBLE

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (for audit logs and the agent brief)."""
        return {"outcome": self.outcome.value, "action": self.action,
                "rules_applied": [r.to_json() for r in self.rules_applied],
                "facts_used": {k: _json_value(v) for k, v in self.facts_used.items()},
                "clauses": list(self.clauses), "reasons": list(self.reasons),
                "missing_facts": list(self.missing_facts), "unchecked": list(self.unchecked),
                "message_keys": list(self.message_keys),
                "policy": {"name": self.policy, "version": self.version, "fingerprint": self.fingerprint}}


FactsInput = Mapping[str, Any] | OrderFacts | Facts | None


def evaluate(policy: Policy, action: str, facts: FactsInput, as_of: date | datetime | None = None, *,
             request: Mapping[str, Any] | None = None, locale: str | None = None) -> PolicyDecision:
    """Decide whether `action` is allowed given the order facts (and the customer's request, if known)."""
    view = FactView(build_facts(facts, as_of, request=request, policy=policy))
    results = [(rule, *_match(rule, view)) for rule in policy.rules_for(action)]
    shown: dict[str, list[str]] = {}

    def show(rule: Rule) -> list[str]:
        if rule.id not in shown:
            shown[rule.id] = _show(rule, view)
        return shown[rule.id]

    def having(effect: str, status: str) -> list[tuple[Rule, str, list[str]]]:
        return [r for r in results if r[0].effect == effect and r[1] == status]

    denied, human = having("deny", MATCHED), having("needs_human", MATCHED)
    blocking = having("deny", UNKNOWN) + having("needs_human", UNKNOWN)
    allowed, allow_unknown = having("allow", MATCHED), having("allow", UNKNOWN)
    missing: list[str] = []
    extra_key = None
    if denied:
        outcome, decisive = Outcome.NOT_ELIGIBLE, denied
        reasons = [f"{r.id} denies: {'; '.join(show(r))}" for r, *_ in denied]
    elif human:
        outcome, decisive = Outcome.NEEDS_HUMAN, human
        reasons = [f"{r.id} needs a human: {'; '.join(show(r))}" for r, *_ in human]
    elif not allowed and not allow_unknown:
        outcome, decisive, extra_key = Outcome.NOT_ELIGIBLE, having("allow", NOT_MATCHED), "policy.no_rule_allows"
        reasons = ["no rule allows"] + [
            f"{r.id} does not apply: {'; '.join(s for s in show(r) if '-> false' in s)}" for r, *_ in decisive]
    elif blocking or not allowed:
        outcome, decisive, extra_key = Outcome.NEEDS_HUMAN, blocking or allow_unknown, "policy.facts_unknown"
        missing = _unique(m for _, _, miss in decisive for m in miss)
        reasons = [f"fact {m} unknown" for m in missing]
    else:
        outcome, decisive, reasons = Outcome.ELIGIBLE, allowed, [f"{r.id} allows" for r, *_ in allowed]
    applied = decisive + having("inform", MATCHED)
    keys = [r.message_key for r, status, _ in applied if status != NOT_MATCHED] + ([extra_key] if extra_key else [])
    return PolicyDecision(
        outcome=outcome, action=action,
        rules_applied=tuple(RuleApplication(r.id, r.effect, status, tuple(show(r)), r.message_key)
                            for r, status, _ in applied),
        facts_used=view.used, clauses=tuple(_unique(k for r, *_ in applied for k in policy.clause_keys(r, locale))),
        reasons=tuple(reasons), policy=policy.name, version=policy.version, fingerprint=policy.fingerprint,
        missing_facts=tuple(missing), unchecked=tuple(r.id for r, status, _ in results if status == SKIPPED),
        message_keys=tuple(_unique(keys)))


def facts_from_order(order: OrderFacts, as_of: date | datetime | None = None) -> dict[str, Any]:
    """Flat facts of an order (`order.*`) plus the derived day counts (`days_since_order/shipping/delivery`)."""
    facts: dict[str, Any] = {
        "order.id": order.order_id, "order.status": order.status, "order.total_eur": order.total_eur,
        "order.items": list(order.items), "order.item_count": len(order.items),
        "order.ordered_at": order.ordered_at, "order.shipped_at": order.shipped_at,
        "order.delivered_at": order.delivered_at, "order.tracking_ids": list(order.tracking_ids),
        "order.country": order.country, "order.payment_method": order.payment_method,
    }
    return _derive(facts, as_of, None)


def build_facts(facts: FactsInput, as_of: date | datetime | None = None, *, request: Mapping[str, Any] | None = None,
                policy: Policy | None = None) -> dict[str, Any]:
    """All facts the engine sees: order facts or a (flat or nested) mapping, the request, and derived facts."""
    if isinstance(facts, Facts):
        facts = facts.order
    flat = facts_from_order(facts, as_of) if isinstance(facts, OrderFacts) else _flatten(facts or {})
    if request:
        flat.update(_flatten(request))
    return _derive(flat, as_of, policy)


class FactView:
    """Read access to facts that records which known facts were read."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self._facts = facts
        self.used: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The fact's value, or None when unknown."""
        value = self._facts.get(name)
        if value is not None:
            self.used[name] = value
        return value


def _match(rule: Rule, view: FactView) -> tuple[str, list[str]]:
    """(status, missing facts) of one rule."""
    missing: list[str] = []
    skip = False
    for cond in rule.when:
        result, absent = _check(cond, view)
        if result is False:
            return NOT_MATCHED, []
        if result is None:
            missing.extend(absent)
            skip = skip or cond.if_unknown == "skip"
    if skip:
        return SKIPPED, []
    return (UNKNOWN if missing else MATCHED), _unique(missing)


def _show(rule: Rule, view: FactView) -> list[str]:
    """Each condition of a rule with its result and the facts it compared."""
    shown = []
    for cond in rule.when:
        result, _ = _check(cond, view)
        actual = ", ".join(f"{name}={_fmt(view.get(name))}" for name in cond.facts())
        shown.append(f"{cond.describe()} -> {'unknown' if result is None else str(result).lower()} ({actual})")
    return shown


def _check(cond: Condition, view: FactView) -> tuple[bool | None, list[str]]:
    value = view.get(cond.fact)
    if cond.op == "exists":
        return (value is not None) == cond.value, []
    ref = cond.value.name if isinstance(cond.value, FactRef) else None
    expected = view.get(ref) if ref else cond.value
    absent = [name for name, v in ((cond.fact, value), (ref, expected)) if name and v is None]
    if absent:
        return None, absent
    if cond.op in ("in", "not_in"):
        values = value if isinstance(value, list | tuple | set | frozenset) else (value,)
        hit = any(_norm(v) in cond.options for v in values)
        return (hit if cond.op == "in" else not hit), []
    if cond.op == "contains":
        if isinstance(value, str):
            return _norm(expected) in _norm(value), []
        if isinstance(value, Iterable):
            return _norm(expected) in {_norm(v) for v in value}, []
        return _norm(expected) == _norm(value), []
    if cond.op in ("eq", "ne"):
        same = _norm(value) == _norm(expected)
        return (same if cond.op == "eq" else not same), []
    left, right = _number(value), _number(expected)
    if left is None or right is None:
        return None, [name for name, v in ((cond.fact, left), (ref, right)) if name and v is None]
    return {"lt": left < right, "lte": left <= right, "gt": left > right, "gte": left >= right}[cond.op], []


def _derive(flat: dict[str, Any], as_of: date | datetime | None, policy: Policy | None) -> dict[str, Any]:
    day = _day(as_of) if as_of is not None else datetime.now(UTC).date()
    for source, target in _DATE_FACTS.items():
        when = _as_datetime(flat.get(source))
        if when is not None and flat.get(target) is None:
            flat[target] = (day - when.date()).days
    items = flat.get("order.items")
    if isinstance(items, list) and flat.get("order.item_count") is None:
        flat["order.item_count"] = len(items)
    if policy is not None and policy.item_categories:
        if isinstance(items, list) and flat.get("order.item_categories") is None:
            flat["order.item_categories"] = sorted({_category(policy, str(i)) for i in items})
        if flat.get("item.name") is not None and flat.get("item.category") is None:
            flat["item.category"] = _category(policy, str(flat["item.name"]))
    return flat


def _category(policy: Policy, item_name: str) -> str:
    return policy.item_categories.get(item_name.casefold(), "general")


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _day(value: date | datetime) -> date:
    return value.astimezone(UTC).date() if isinstance(value, datetime) and value.tzinfo else (
        value.date() if isinstance(value, datetime) else value)


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return _as_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None



def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _fmt(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
