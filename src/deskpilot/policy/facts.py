"""Facts from the company's systems (orders, billing) behind one protocol."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from deskpilot.domain.models import Conversation


@dataclass(frozen=True)
class OrderFacts:
    """What the order system says about one order."""

    order_id: str
    status: str
    total_eur: float
    items: list[str]
    ordered_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    tracking_ids: list[str] = field(default_factory=list)
    country: str | None = None
    payment_method: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready facts with ISO dates."""
        data = asdict(self)
        for key in ("ordered_at", "shipped_at", "delivered_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


@dataclass(frozen=True)
class Facts:
    """The facts found for a conversation and how the order was identified."""

    source: str
    order: OrderFacts | None = None
    order_reference: str | None = None
    how: str = "none"


class FactsProvider(Protocol):
    """Looks up facts about a conversation in the company's systems.

    Example::

        facts = provider.lookup(conversation, "Where is my order #W1234567?")
        if facts.order: print(facts.order.status)
    """

    name: str

    def lookup(self, conversation: Conversation, text: str) -> Facts:
        """Facts for the conversation, given the customer's text."""
        ...


class NoFacts:
    """A provider for deployments without a connected order system."""

    name = "none"

    def lookup(self, conversation: Conversation, text: str) -> Facts:
        """Always empty."""
        return Facts(source=self.name)


def find_order_reference(text: str, pattern: re.Pattern[str]) -> str | None:
    """The first order reference in a text, normalised to the pattern's match."""
    match = pattern.search(text)
    return match.group(0).upper().replace(" ", "") if match else None
