"""The demo order system as a FactsProvider over the demo catalogue."""

from __future__ import annotations

import re

from deskpilot.demo.catalog import Catalog, Order
from deskpilot.domain.models import Conversation
from deskpilot.policy.facts import Facts, OrderFacts, find_order_reference

ORDER_PATTERN = re.compile(r"#\s?W\d{7}", re.IGNORECASE)


class DemoFactsProvider:
    """Finds the order a customer means: the one they quote, else their most recent one."""

    name = "demo-orders"

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def lookup(self, conversation: Conversation, text: str) -> Facts:
        """Facts for the order referenced in the text (only if it belongs to the customer)."""
        customer_id = conversation.customer.external_id if conversation.customer else None
        reference = find_order_reference(text, ORDER_PATTERN)
        if reference:
            order = self.catalog.order(reference)
            if order is None or order.customer_id != customer_id:
                return Facts(source=self.name, order_reference=reference, how="not_found_for_customer")
            return Facts(source=self.name, order=_facts(order), order_reference=reference, how="quoted")
        if customer_id:
            orders = sorted(self.catalog.orders_of(customer_id), key=lambda o: o.ordered_at or o.order_id)
            if orders:
                return Facts(source=self.name, order=_facts(orders[-1]), how="most_recent")
        return Facts(source=self.name)


def _facts(order: Order) -> OrderFacts:
    return OrderFacts(
        order_id=order.order_id, status=order.status, total_eur=float(order.total_eur),
        items=[item.name for item in order.items], ordered_at=order.ordered_at, shipped_at=order.shipped_at,
        delivered_at=order.delivered_at, tracking_ids=list(order.tracking_ids), country=order.country,
        payment_method=str(order.payment_method) if order.payment_method else None,
    )
