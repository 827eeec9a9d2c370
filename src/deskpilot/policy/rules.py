"""Versioned policy rules: the YAML model, its loader and its validation.

A policy is a YAML document::

    name: lumio-market
    version: "2026.10"
    locales: [en, de, fr, es, lt]          # clause keys are resolved to `<locale>/<slug>#<anchor>`
    item_categories:                       # optional: item name -> category, read as the fact `item.category`
      hygiene: [Wireless Earbuds, Electric Toothbrush]
    rules:
      - id: cancel-while-pending
        action: cancel                     # or a list; cancel/modify/return/exchange/refund/goodwill
        effect: allow                      # allow / deny / needs_human / inform
        clause: change-or-cancel-order#1.1 # or a list; `en/slug#1.1` pins one locale
        when:                              # all must hold; an empty list always holds
          - {fact: order.status, in: [pending]}
          - {fact: days_since_delivery, lte: 30}
          - {fact: request.payment_method_id, ne: {fact: order.payment_method_id}}
          - {fact: request.reason, not_in: [damaged], if_unknown: skip}
        message_key: policy.cancel.allowed

Operators: eq, ne, in, not_in, lt, lte, gt, gte, contains, exists. A value may name another fact
(`{fact: NAME}`). `if_unknown: skip` makes a rule not apply while that fact is unknown (a check that needs the
customer's request, e.g. the item to return); by default an unknown fact makes the rule undecidable, which the
engine turns into `needs_human`. `inform` rules never change the outcome; they add their clause and message
(e.g. refund timing). Nothing in a policy is executed: conditions are data, compared by the engine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ACTIONS = ("cancel", "modify", "return", "exchange", "refund", "goodwill")
EFFECTS = ("allow", "deny", "needs_human", "inform")
OPERATORS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "contains", "exists")
NUMERIC_OPERATORS = frozenset({"lt", "lte", "gt", "gte"})
IF_UNKNOWN = ("needs_human", "skip")

_FACT_NAME = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_CLAUSE = re.compile(r"^(?:(?P<locale>[a-z]{2}(?:-[a-z]{2})?)/)?(?P<slug>[a-z0-9][a-z0-9_-]*)#(?P<anchor>\d+(?:\.\d+)+"
                     r"(?:-\d+)?)$")
_POLICY_KEYS = {"name", "version", "locales", "description", "item_categories", "intents", "rules"}
_RULE_KEYS = {"id", "action", "effect", "clause", "when", "message_key", "description"}


class PolicyError(ValueError):
    """A policy document is invalid; the message says where and why."""


@dataclass(frozen=True)
class FactRef:
    """A condition value that is another fact, compared at evaluation time."""

    name: str


@dataclass(frozen=True)
class Condition:
    """One comparison of a fact with a literal or with another fact."""

    fact: str
    op: str
    value: Any
    if_unknown: str = "needs_human"
    options: frozenset[Any] = field(init=False, repr=False, compare=False)  # normalised values of in / not_in

    def __post_init__(self) -> None:
        values = self.value if self.op in ("in", "not_in") else ()
        object.__setattr__(self, "options", frozenset(normalize(v) for v in values))

    def facts(self) -> tuple[str, ...]:
        """The fact names this condition reads."""
        return (self.fact, self.value.name) if isinstance(self.value, FactRef) else (self.fact,)

    def describe(self) -> str:
        """The condition as written, e.g. `order.status in [pending]`."""
        return f"{self.fact} {self.op} {_show(self.value)}"


@dataclass(frozen=True)
class Rule:
    """A policy rule: for which actions, with what effect, under which conditions, stated by which clauses."""

    id: str
    actions: tuple[str, ...]
    effect: str
    clauses: tuple[str, ...]
    when: tuple[Condition, ...]
    message_key: str
    description: str | None = None


@dataclass(frozen=True)
class Policy:
    """A validated policy with its version fingerprint (SHA-256 of the YAML text)."""

    name: str
    version: str
    fingerprint: str
    locales: tuple[str, ...]
    rules: tuple[Rule, ...]
    item_categories: Mapping[str, str] = field(default_factory=dict)
    description: str | None = None
    intent_actions: Mapping[str, str] = field(default_factory=dict)
    _by_action: dict[str, tuple[Rule, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for action in ACTIONS:
            self._by_action[action] = tuple(r for r in self.rules if action in r.actions)

    def rules_for(self, action: str) -> tuple[Rule, ...]:
        """The rules that apply to an action, in document order."""
        if action not in self._by_action:
            raise PolicyError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
        return self._by_action[action]

    def action_for(self, intent: str | None) -> str | None:
        """The action a customer's intent asks the policy about (None when the intent needs no policy check)."""
        return self.intent_actions.get(intent or "")

    @property
    def label(self) -> str:
        """`name@version#fingerprint` as recorded on every draft that relied on the policy."""
        return f"{self.name}@{self.version}#{self.short_fingerprint}"

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def resolve_locale(self, locale: str | None) -> str:
        """The locale clauses are cited in: the one asked for if the policy has it, else the policy's first."""
        if locale and locale.lower() in self.locales:
            return locale.lower()
        return self.locales[0]

    def clause_keys(self, rule: Rule, locale: str | None = None) -> list[str]:
        """A rule's clause keys (`<locale>/<slug>#<anchor>`) in a locale."""
        loc = self.resolve_locale(locale)
        return [ref if "/" in ref else f"{loc}/{ref}" for ref in rule.clauses]

    @property
    def short_fingerprint(self) -> str:
        """The first 12 hex digits of the fingerprint."""
        return self.fingerprint[:12]


def fingerprint(text: str) -> str:
    """SHA-256 of a policy document's text: its version fingerprint."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize(value: Any) -> Any:
    """How facts and literals are compared: strings trimmed and case-folded, numbers as floats."""
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def split_clause_ref(ref: str) -> tuple[str | None, str, str]:
    """(locale or None, slug, anchor) of a clause reference."""
    match = _CLAUSE.match(ref)
    if not match:
        raise PolicyError(f"not a clause reference: {ref!r}")
    return match.group("locale"), match.group("slug"), match.group("anchor")


def load_policy(path: str | Path) -> Policy:
    """Load and validate a policy YAML file."""
    file = Path(path)
    return parse_policy(file.read_text(encoding="utf-8"), origin=str(file))


def builtin_policy_text(name: str = "lumio") -> str:
    """The YAML text of a policy shipped with the package (`deskpilot/policy/data/<name>.yaml`)."""
    file = resources.files("deskpilot.policy").joinpath(f"data/{name}.yaml")
    if not file.is_file():
        raise PolicyError(f"no built-in policy named {name!r}")
    return file.read_text(encoding="utf-8")


def builtin_policy(name: str = "lumio") -> Policy:
    """A policy shipped with the package (`deskpilot/policy/data/<name>.yaml`)."""
    return parse_policy(builtin_policy_text(name), origin=f"deskpilot/policy/data/{name}.yaml")


def parse_policy(text: str, *, origin: str = "<policy>") -> Policy:
    """Parse and validate a policy document; raises PolicyError naming the offending place."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise PolicyError(f"{origin}: a policy must be a mapping with name, version and rules")
    _no_unknown_keys(raw, _POLICY_KEYS, origin)
    name = _required_str(raw, "name", origin)
    version = _required_str(raw, "version", origin)
    locales = _str_list(raw.get("locales") or ["en"], f"{origin}: locales")
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise PolicyError(f"{origin}: 'rules' must be a non-empty list")
    rules = [_parse_rule(r, f"{origin}: rules[{i}]") for i, r in enumerate(rules_raw)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise PolicyError(f"{origin}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
    return Policy(name=name, version=version, fingerprint=fingerprint(text),
                  locales=tuple(loc.lower() for loc in locales), rules=tuple(rules),
                  item_categories=_parse_categories(raw.get("item_categories"), origin),
                  description=_opt_str(raw.get("description")),
                  intent_actions=_parse_intents(raw.get("intents"), origin))


def _parse_intents(raw: Any, origin: str) -> dict[str, str]:
    """`intents: {intent: action}`: which customer intents ask the policy about which action."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PolicyError(f"{origin}: 'intents' must map intent names to actions")
    out: dict[str, str] = {}
    for intent, action in raw.items():
        if str(action) not in ACTIONS:
            raise PolicyError(f"{origin}: intents.{intent}: unknown action {action!r}; known: {', '.join(ACTIONS)}")
        out[str(intent)] = str(action)
    return out


def _parse_rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise PolicyError(f"{where}: a rule must be a mapping")
    rule_id = _required_str(raw, "id", where)
    where = f"{where} ({rule_id})"
    _no_unknown_keys(raw, _RULE_KEYS, where)
    if not _RULE_ID.match(rule_id):
        raise PolicyError(f"{where}: rule ids use lower-case letters, digits, '-', '_' and '.'")
    actions = _str_list(raw.get("action"), f"{where}: action")
    for action in actions:
        if action not in ACTIONS:
            raise PolicyError(f"{where}: unknown action {action!r}; known: {', '.join(ACTIONS)}")
    effect = _required_str(raw, "effect", where)
    if effect not in EFFECTS:
        raise PolicyError(f"{where}: unknown effect {effect!r}; known: {', '.join(EFFECTS)}")
    clauses = _str_list(raw.get("clause"), f"{where}: clause")
    for ref in clauses:
        if not _CLAUSE.match(ref):
            raise PolicyError(f"{where}: clause {ref!r} is not `<slug>#<anchor>` or `<locale>/<slug>#<anchor>`")
    when_raw = raw.get("when") or []
    if not isinstance(when_raw, list):
        raise PolicyError(f"{where}: 'when' must be a list of conditions")
    when = tuple(_parse_condition(c, f"{where}: when[{i}]") for i, c in enumerate(when_raw))
    return Rule(id=rule_id, actions=tuple(actions), effect=effect, clauses=tuple(clauses), when=when,
                message_key=_required_str(raw, "message_key", where), description=_opt_str(raw.get("description")))


def _parse_condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, dict) or "fact" not in raw:
        raise PolicyError(f"{where}: a condition is a mapping like {{fact: order.status, in: [pending]}}")
    fact = _fact_name(raw["fact"], where)
    ops = [k for k in raw if k in OPERATORS]
    extra = set(raw) - set(OPERATORS) - {"fact", "if_unknown"}
    if extra:
        raise PolicyError(f"{where}: unknown key(s) {', '.join(sorted(map(str, extra)))}; operators: "
                          f"{', '.join(OPERATORS)}")
    if len(ops) != 1:
        raise PolicyError(f"{where}: give exactly one operator ({', '.join(OPERATORS)}), found {len(ops)}")
    op = ops[0]
    if_unknown = str(raw.get("if_unknown", "needs_human"))
    if if_unknown not in IF_UNKNOWN:
        raise PolicyError(f"{where}: if_unknown must be one of {', '.join(IF_UNKNOWN)}")
    return Condition(fact=fact, op=op, value=_parse_value(op, raw[op], where), if_unknown=if_unknown)


def _parse_value(op: str, value: Any, where: str) -> Any:
    if isinstance(value, dict):
        if set(value) != {"fact"} or op in ("in", "not_in", "exists"):
            raise PolicyError(f"{where}: {op} takes a literal" + ("" if op in ("in", "not_in", "exists") else
                                                                  " or {fact: NAME}"))
        return FactRef(_fact_name(value["fact"], where))
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value or not all(_is_scalar(v) for v in value):
            raise PolicyError(f"{where}: {op} takes a non-empty list of strings or numbers")
        return tuple(value)
    if op == "exists":
        if not isinstance(value, bool):
            raise PolicyError(f"{where}: exists takes true or false")
        return value
    if op in NUMERIC_OPERATORS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PolicyError(f"{where}: {op} takes a number or {{fact: NAME}}")
        return value
    if not _is_scalar(value):
        raise PolicyError(f"{where}: {op} takes a string, number, boolean or {{fact: NAME}}")
    return value


def _parse_categories(raw: Any, origin: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PolicyError(f"{origin}: item_categories maps a category to a list of item names")
    mapping: dict[str, str] = {}
    for category, names in raw.items():
        for name in _str_list(names, f"{origin}: item_categories.{category}"):
            key = name.casefold()
            if key in mapping and mapping[key] != str(category):
                raise PolicyError(f"{origin}: item {name!r} is in two categories")
            mapping[key] = str(category)
    return mapping


def _fact_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _FACT_NAME.match(value):
        raise PolicyError(f"{where}: fact names are dotted lower-case words, e.g. order.status (got {value!r})")
    return value


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _required_str(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()) or isinstance(value, list | dict):
        raise PolicyError(f"{where}: '{key}' is required")
    return str(value).strip()


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise PolicyError(f"{where}: give a string or a non-empty list of strings")


def _no_unknown_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(map(str, raw)) - allowed
    if unknown:
        raise PolicyError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: "
                          f"{', '.join(sorted(allowed))}")


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _show(value: Any) -> str:
    if isinstance(value, FactRef):
        return value.name
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
