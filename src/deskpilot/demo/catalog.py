"""The demo retailer's customers and orders (vendored from the tau2-bench retail domain, MIT)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Customer:
    """A demo customer."""

    customer_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    country: str
    locale: str
    city: str

    @property
    def name(self) -> str:
        """Full name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    name: str
    item_id: str
    options: dict[str, str]
    price_eur: float


@dataclass(frozen=True)
class Order:
    """A demo order with its dates resolved against the catalogue's as-of day."""

    order_id: str
    customer_id: str
    status: str
    items: tuple[OrderItem, ...]
    total_eur: float
    ordered_at: datetime
    shipped_at: datetime | None
    delivered_at: datetime | None
    tracking_ids: tuple[str, ...]
    payment_method: str
    country: str


@dataclass
class Catalog:
    """Customers and orders with lookups by id."""

    as_of: date
    customers: dict[str, Customer]
    orders: dict[str, Order]
    _by_customer: dict[str, list[Order]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for order in self.orders.values():
            self._by_customer.setdefault(order.customer_id, []).append(order)

    def order(self, order_id: str) -> Order | None:
        """The order with this id (`#W1234567`), if any."""
        return self.orders.get(order_id.upper().replace(" ", ""))

    def orders_of(self, customer_id: str) -> list[Order]:
        """A customer's orders."""
        return list(self._by_customer.get(customer_id, []))

    def customer(self, customer_id: str) -> Customer | None:
        """The customer with this id, if any."""
        return self.customers.get(customer_id)


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    path = resources.files("deskpilot.demo").joinpath("data/retail_catalog.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _at(as_of: date, days_ago: int | None, hour: int) -> datetime | None:
    if days_ago is None:
        return None
    return datetime.combine(as_of - timedelta(days=days_ago), time(hour, 0), tzinfo=UTC)


def load_catalog(as_of: date | None = None) -> Catalog:
    """The demo catalogue with order dates counted back from `as_of` (default: today, UTC)."""
    day = as_of or datetime.now(UTC).date()
    raw = _raw()
    customers = {c["id"]: Customer(c["id"], c["first_name"], c["last_name"], c["email"], c.get("phone"),
                                   c["country"], c["locale"], c["city"]) for c in raw["customers"]}
    orders: dict[str, Order] = {}
    for o in raw["orders"]:
        items = tuple(OrderItem(i["name"], i["item_id"], dict(i["options"]), float(i["price_eur"]))
                      for i in o["items"])
        orders[o["id"]] = Order(
            order_id=o["id"], customer_id=o["customer_id"], status=o["status"], items=items,
            total_eur=round(sum(i.price_eur for i in items), 2),
            ordered_at=_at(day, o["ordered_days_ago"], 10) or datetime.combine(day, time(10), tzinfo=UTC),
            shipped_at=_at(day, o["shipped_days_ago"], 16), delivered_at=_at(day, o["delivered_days_ago"], 13),
            tracking_ids=tuple(o["tracking_ids"]), payment_method=o["payment_method"],
            country=customers[o["customer_id"]].country)
    return Catalog(as_of=day, customers=customers, orders=orders)
