"""The demo policy cites real clauses: every rule's anchor exists in all five locales' help-centre articles."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

import pytest

from deskpilot.demo.catalog import load_catalog
from deskpilot.knowledge.clauses import assign_keys, split_clauses
from deskpilot.knowledge.markdown import parse_markdown_article
from deskpilot.policy.engine import evaluate
from deskpilot.policy.facts import OrderFacts
from deskpilot.policy.rules import NUMERIC_OPERATORS, builtin_policy

POLICY = builtin_policy("lumio")
LOCALES = ("en", "de", "fr", "es", "lt")

# What the English clause of a rule must say (guards against citing the neighbouring clause).
ENGLISH_WORDS = {
    "cancel-while-pending": ["cancelled", "pending"],
    "cancel-after-processing": ["processed", "shipped", "can no longer be cancelled"],
    "cancel-refund": ["refunded", "original payment method"],
    "address-change-while-pending": ["address", "only be changed", "pending"],
    "address-change-after-processing": ["address can no longer be changed"],
    "items-cannot-be-changed": ["items", "cannot be changed"],
    "return-within-30-days": ["30 days of delivery"],
    "return-item-condition": ["unused", "original packaging"],
    "return-excluded-item": ["Personalised", "gift cards"],
    "return-opened-sealed-item": ["hygiene", "software"],
    "return-free": ["free from Lithuania, Latvia, Estonia and Germany"],
    "return-fee-deducted": ["€5.95"],
    "exchange-within-30-days": ["exchange within 30 days"],
    "exchange-same-product-only": ["variant of the same product"],
    "exchange-once-per-item": ["exchanged only once"],
    "refund-after-return": ["14 days", "warehouse"],
    "refund-overdue": ["more than 14 days", "contact us"],
    "refund-damaged-item": ["damaged", "14 days"],
    "refund-damaged-after-14-days": ["2-year legal guarantee"],
    "refund-damaged-keep-item": ["less than €30", "do not need to be sent back"],
    "refund-late-express-fee": ["express", "€9.95", "store credit"],
    "refund-timing-card": ["Card refunds", "5–10 business days"],
    "refund-timing-bank-transfer": ["bank transfer", "3–5 business days"],
    "refund-timing-store-credit": ["store credit", "immediately"],
    "refund-shipping-cost": ["within 14 days of delivery", "shipping cost"],
    "goodwill-service-failure": ["€10", "store credit", "once per order"],
    "goodwill-once-per-order": ["once per order"],
}


@cache
def clause_texts(locale: str) -> dict[str, str]:
    """Clause key → text for every demo article of a locale, keyed as the knowledge base stores them."""
    texts: dict[str, str] = {}
    folder = resources.files("deskpilot.demo").joinpath(f"articles/{locale}")
    for file in folder.iterdir():
        if not file.name.endswith(".md"):
            continue
        doc = parse_markdown_article(file.read_text(encoding="utf-8"), origin=file.name)
        assert doc.locale == locale
        drafts = split_clauses(doc.body)
        texts.update(zip(assign_keys(doc.key, drafts, {}), (d.text for d in drafts), strict=True))
    return texts


def test_policy_covers_the_five_locales() -> None:
    assert POLICY.locales == LOCALES


@pytest.mark.parametrize("locale", LOCALES)
def test_every_cited_clause_exists_in_every_locale(locale: str) -> None:
    texts = clause_texts(locale)
    missing = [(rule.id, key) for rule in POLICY.rules for key in POLICY.clause_keys(rule, locale) if key not in texts]
    assert missing == []


@pytest.mark.parametrize("locale", LOCALES)
def test_thresholds_appear_in_the_cited_clause(locale: str) -> None:
    """A rule comparing with 30 / 14 / 10 days or euros cites a clause that states that number, in every locale."""
    texts = clause_texts(locale)
    checked = 0
    for rule in POLICY.rules:
        cited = " ".join(texts[key] for key in POLICY.clause_keys(rule, locale))
        for cond in rule.when:
            if cond.op in NUMERIC_OPERATORS and isinstance(cond.value, int | float) and cond.value:
                assert f"{cond.value:g}" in cited, (rule.id, cond.describe(), cited)
                checked += 1
    assert checked >= 12


@pytest.mark.parametrize(("rule_id", "words"), sorted(ENGLISH_WORDS.items()))
def test_english_clause_states_the_rule(rule_id: str, words: list[str]) -> None:
    texts = clause_texts("en")
    cited = " ".join(texts[key] for key in POLICY.clause_keys(POLICY.rule(rule_id), "en"))
    for word in words:
        assert word.lower() in cited.lower(), (rule_id, word, cited)


def test_item_categories_name_real_catalogue_items() -> None:
    names = {item.name.casefold() for order in load_catalog(date(2026, 10, 5)).orders.values() for item in order.items}
    assert set(POLICY.item_categories) <= names


def test_demo_catalogue_returns_follow_the_30_day_window() -> None:
    catalog = load_catalog(date(2026, 10, 5))
    seen = set()
    for order in catalog.orders.values():
        facts = OrderFacts(order_id=order.order_id, status=order.status, total_eur=order.total_eur,
                           items=[i.name for i in order.items], ordered_at=order.ordered_at,
                           delivered_at=order.delivered_at, country=order.country,
                           payment_method=order.payment_method)
        decision = evaluate(POLICY, "return", facts, catalog.as_of)
        days = (catalog.as_of - order.delivered_at.date()).days if order.delivered_at else None
        expected = order.status == "delivered" and days is not None and days <= 30
        assert decision.eligible == expected, (order.order_id, order.status, days, decision.reasons)
        seen.add(expected)
    assert seen == {True, False}
