"""Policy YAML: loading, version fingerprint, clause resolution and validation errors that name the place."""

from __future__ import annotations

import hashlib

import pytest

from deskpilot.policy.rules import FactRef, PolicyError, builtin_policy, parse_policy, split_clause_ref

MINIMAL = """\
name: shop
version: "3"
locales: [en, de]
rules:
  - id: cancel-pending
    action: cancel
    effect: allow
    clause: orders#1.1
    when:
      - {fact: order.status, in: [pending]}
      - {fact: request.payment_method_id, ne: {fact: order.payment_method_id}, if_unknown: skip}
    message_key: cancel.ok
  - id: pinned
    action: [return, exchange]
    effect: deny
    clause: [en/returns#2.1, returns#2.2]
    when: []
    message_key: pinned.no
"""


def test_parses_rules_conditions_and_fingerprint() -> None:
    policy = parse_policy(MINIMAL)
    assert (policy.name, policy.version, policy.locales) == ("shop", "3", ("en", "de"))
    assert policy.fingerprint == hashlib.sha256(MINIMAL.encode()).hexdigest()
    assert policy.short_fingerprint == policy.fingerprint[:12]
    rule = policy.rule("cancel-pending")
    assert rule.actions == ("cancel",) and rule.effect == "allow" and rule.message_key == "cancel.ok"
    status, payment = rule.when
    assert (status.fact, status.op, status.value, status.if_unknown) == ("order.status", "in", ("pending",),
                                                                         "needs_human")
    assert payment.value == FactRef("order.payment_method_id") and payment.if_unknown == "skip"
    assert payment.facts() == ("request.payment_method_id", "order.payment_method_id")
    assert [r.id for r in policy.rules_for("exchange")] == ["pinned"]
    assert policy.rules_for("goodwill") == ()


def test_any_edit_changes_the_fingerprint() -> None:
    assert parse_policy(MINIMAL).fingerprint != parse_policy(MINIMAL + "\n").fingerprint


def test_clause_keys_resolve_per_locale() -> None:
    policy = parse_policy(MINIMAL)
    pinned = policy.rule("pinned")
    assert policy.clause_keys(policy.rule("cancel-pending"), "de") == ["de/orders#1.1"]
    assert policy.clause_keys(pinned, "DE") == ["en/returns#2.1", "de/returns#2.2"]
    assert policy.clause_keys(pinned, "fr") == ["en/returns#2.1", "en/returns#2.2"]  # not a policy locale
    assert split_clause_ref("lt/returns-policy#1.3") == ("lt", "returns-policy", "1.3")
    assert split_clause_ref("returns-policy#0.10") == (None, "returns-policy", "0.10")


def test_builtin_demo_policy_loads() -> None:
    policy = builtin_policy("lumio")
    assert policy.name == "lumio-market" and policy.locales == ("en", "de", "fr", "es", "lt")
    assert {a for r in policy.rules for a in r.actions} == {"cancel", "modify", "return", "exchange", "refund",
                                                            "goodwill"}
    assert policy.item_categories["wireless earbuds"] == "hygiene"


def _one_rule(rule_yaml: str) -> str:
    return "name: p\nversion: 1\nrules:\n" + rule_yaml


BASE_RULE = "  - id: r1\n    action: cancel\n    effect: allow\n    clause: a#1.1\n    message_key: k\n"


@pytest.mark.parametrize(("text", "message"), [
    ("- just a list", "must be a mapping"),
    ("name: p\nversion: 1\nrules: []\n", "'rules' must be a non-empty list"),
    ("version: 1\nrules: [1]\n", "'name' is required"),
    ("name: p\nversion: 1\nrule: []\n", "unknown key(s) rule"),
    (_one_rule(BASE_RULE.replace("cancel", "teleport")), "r1): unknown action 'teleport'"),
    (_one_rule(BASE_RULE.replace("allow", "maybe")), "unknown effect 'maybe'"),
    (_one_rule(BASE_RULE.replace("a#1.1", "returns policy 1.1")), "is not `<slug>#<anchor>`"),
    (_one_rule(BASE_RULE.replace("    message_key: k\n", "")), "'message_key' is required"),
    (_one_rule(BASE_RULE + BASE_RULE), "duplicate rule id 'r1'"),
    (_one_rule(BASE_RULE + "    when: [{fact: order.status, in: pending}]\n"), "when[0]: in takes a non-empty list"),
    (_one_rule(BASE_RULE + "    when: [{fact: days, lte: '30'}]\n"), "lte takes a number"),
    (_one_rule(BASE_RULE + "    when: [{fact: days, lte: 3, gt: 1}]\n"), "exactly one operator"),
    (_one_rule(BASE_RULE + "    when: [{fact: days, between: [1, 3]}]\n"), "unknown key(s) between"),
    (_one_rule(BASE_RULE + "    when: [{fact: Order Status, eq: x}]\n"), "fact names are dotted"),
    (_one_rule(BASE_RULE + "    when: [{fact: a, eq: x, if_unknown: guess}]\n"), "if_unknown must be one of"),
    (_one_rule(BASE_RULE + "    when: [{fact: a, in: {fact: b}}]\n"), "in takes a literal"),
    (_one_rule(BASE_RULE + "    when: [{fact: a, eq: '__import__(\"os\")'}]\n"), None),  # a string, never run
    ("name: p\nversion: 1\nrules: [\n", "not valid YAML"),
])
def test_invalid_documents_are_rejected_with_their_place(text: str, message: str | None) -> None:
    if message is None:
        assert parse_policy(text).rules[0].when[0].value == '__import__("os")'
        return
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, origin="shop.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("shop.yaml")
