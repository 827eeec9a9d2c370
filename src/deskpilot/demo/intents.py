"""The demo retailer's intent taxonomy: intent → category, answering article, sensitivity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IntentSpec:
    """One intent of the demo taxonomy."""

    name: str
    category: str
    article: str
    sensitive: bool = False
    policy_action: str | None = None


INTENTS: dict[str, IntentSpec] = {
    spec.name: spec
    for spec in (
        IntentSpec("order_status", "orders", "order-tracking"),
        IntentSpec("cancel_order", "orders", "change-or-cancel-order", policy_action="cancel"),
        IntentSpec("change_address", "orders", "change-or-cancel-order", policy_action="modify"),
        IntentSpec("shipping_info", "shipping", "shipping-times-costs"),
        IntentSpec("delivery_problem", "shipping", "delivery-problems"),
        IntentSpec("return_request", "returns", "returns-policy", policy_action="return"),
        IntentSpec("exchange_request", "returns", "exchanges", policy_action="exchange"),
        IntentSpec("damaged_item", "returns", "damaged-or-wrong-items"),
        IntentSpec("refund_status", "refunds", "refunds", policy_action="refund"),
        IntentSpec("warranty_claim", "warranty", "warranty"),
        IntentSpec("password_reset", "account", "account-login"),
        IntentSpec("account_update", "account", "account-management"),
        IntentSpec("payment_issue", "billing", "payment-methods"),
        IntentSpec("invoice_request", "billing", "invoices-and-vat"),
        IntentSpec("promo_code", "billing", "promo-codes-gift-cards"),
        IntentSpec("data_request", "privacy", "privacy-and-data"),
        IntentSpec("complaint", "complaints", "contact-and-complaints", sensitive=True),
    )
}

ARTICLE_SLUGS: tuple[str, ...] = (
    "order-tracking",
    "shipping-times-costs",
    "delivery-problems",
    "change-or-cancel-order",
    "returns-policy",
    "refunds",
    "exchanges",
    "damaged-or-wrong-items",
    "warranty",
    "account-login",
    "account-management",
    "payment-methods",
    "invoices-and-vat",
    "promo-codes-gift-cards",
    "privacy-and-data",
    "contact-and-complaints",
)

LOCALES: tuple[str, ...] = ("en", "de", "fr", "es", "lt")
