"""Rebuild src/deskpilot/demo/data/retail_catalog.json from the tau2-bench retail db.json (MIT).

Usage: python scripts/vendor_demo_catalog.py PATH/TO/tau2_retail/db.json

Customers are re-homed in Europe, prices read as euros, and every order gets dates relative to the
day the demo workspace is built (days ago), derived deterministically from its id.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "deskpilot" / "demo" / "data" / "retail_catalog.json"
# country, locale, cities, phone prefix and local digits, relative weight
COUNTRIES = [
    ("LT", "lt", ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys"], "+370 6", 7, 18),
    ("DE", "de", ["Berlin", "Leipzig", "Hamburg", "München", "Köln"], "+49 15", 9, 18),
    ("AT", "de", ["Wien", "Graz", "Linz"], "+43 66", 8, 4),
    ("FR", "fr", ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes"], "+33 6", 8, 16),
    ("BE", "fr", ["Bruxelles", "Liège", "Namur"], "+32 47", 7, 4),
    ("ES", "es", ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"], "+34 6", 8, 16),
    ("IE", "en", ["Dublin", "Cork", "Galway"], "+353 8", 8, 8),
    ("LV", "en", ["Rīga", "Daugavpils"], "+371 2", 7, 5),
    ("EE", "en", ["Tallinn", "Tartu"], "+372 5", 7, 5),
    ("NL", "en", ["Amsterdam", "Utrecht", "Rotterdam"], "+31 6", 8, 6),
]
DELIVERY_DAYS = {"LT": 2, "LV": 2, "EE": 2, "DE": 3, "AT": 4, "FR": 4, "BE": 4, "ES": 5, "IE": 5, "NL": 4}


def _h(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16)


def _country(user_id: str) -> tuple[str, str, list[str], str, int, int]:
    total = sum(c[5] for c in COUNTRIES)
    pick = _h("country", user_id) % total
    for entry in COUNTRIES:
        if pick < entry[5]:
            return entry
        pick -= entry[5]
    return COUNTRIES[0]


def _payment(order: dict, user: dict) -> str:
    method_id = (order.get("payment_history") or [{}])[0].get("payment_method_id", "")
    method = user.get("payment_methods", {}).get(method_id, {})
    source = method.get("source", method_id.split("_")[0] if method_id else "card")
    return {"credit_card": "card", "paypal": "paypal", "gift_card": "gift_card"}.get(source, source)


def build(db: dict) -> dict:
    """The vendored catalogue."""
    customers = []
    homes: dict[str, str] = {}
    for user_id, user in sorted(db["users"].items()):
        country, locale, cities, prefix, digits, _ = _country(user_id)
        homes[user_id] = country
        phone = None
        if _h("phone", user_id) % 2 == 0:
            phone = prefix + str(_h("digits", user_id) % 10**digits).zfill(digits)
        customers.append({
            "id": user_id, "first_name": user["name"]["first_name"], "last_name": user["name"]["last_name"],
            "email": user["email"], "phone": phone, "country": country, "locale": locale,
            "city": cities[_h("city", user_id) % len(cities)],
        })
    orders = []
    for order_id, order in sorted(db["orders"].items()):
        user = db["users"][order["user_id"]]
        country = homes[order["user_id"]]
        status = order["status"]
        h = _h("dates", order_id)
        tracking = [t for f in order.get("fulfillments", []) for t in f.get("tracking_id", [])]
        shipped = delivered = None
        if status == "pending":
            ordered = h % 3
        elif status == "processed":
            ordered = 1 + h % 4
            if tracking and h % 2 == 0:
                status, shipped = "shipped", max(0, ordered - 1)
        elif status == "delivered":
            ordered = 5 + h % 56
            shipped = ordered - 1
            delivered = max(0, shipped - DELIVERY_DAYS[country] - (h >> 8) % 3)
        else:
            ordered = 3 + h % 40
        orders.append({
            "id": order_id, "customer_id": order["user_id"], "status": status,
            "items": [{"name": i["name"], "item_id": i["item_id"], "options": i["options"],
                       "price_eur": round(float(i["price"]), 2)} for i in order["items"]],
            "ordered_days_ago": ordered, "shipped_days_ago": shipped, "delivered_days_ago": delivered,
            "tracking_ids": tracking if status in ("shipped", "delivered") else [],
            "payment_method": _payment(order, user),
        })
    return {
        "source": "Adapted from the tau2-bench retail domain database (MIT licence, (c) Sierra Research): "
                  "customers re-homed in Europe, prices in euros, dates relative to the demo build day.",
        "customers": customers, "orders": orders,
    }


if __name__ == "__main__":
    data = build(json.loads(Path(sys.argv[1]).read_text()))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['customers'])} customers, {len(data['orders'])} orders)")
