"""Seeded generator of the demo's conversations in the generic ingest format: history and a live stream."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from types import ModuleType
from typing import Any

from deskpilot.demo.catalog import Catalog, Customer, Order
from deskpilot.demo.intents import INTENTS, LOCALES

SOURCE = "demo"
OUT_OF_SCOPE = "out_of_scope"
HISTORY_DAYS = 90
AI_LIVE_DAYS = 42  # deskpilot went live six weeks before the demo day …
AI_CATEGORIES = frozenset({"orders", "shipping", "account"})  # … answering the categories it runs autonomously
AI_SHARE = (0.15, 0.55)  # share of those it answered in its first and its last week
RECONTACT_SHARE = 0.08

# How often each intent is asked, in percent of contacts.
INTENT_WEIGHTS: dict[str, int] = {
    "order_status": 14, "shipping_info": 7, "delivery_problem": 8, "cancel_order": 6, "change_address": 4,
    "return_request": 10, "exchange_request": 5, "damaged_item": 6, "refund_status": 9, "warranty_claim": 4,
    "password_reset": 6, "account_update": 4, "payment_issue": 6, "invoice_request": 4, "promo_code": 4,
    "data_request": 3, "complaint": 3,
}
# Which order statuses make sense for an intent; intents not listed may mention any order or none.
ORDER_STATUSES: dict[str, tuple[str, ...]] = {
    "order_status": ("pending", "processed", "shipped"),
    "cancel_order": ("pending", "pending", "pending", "processed"),
    "change_address": ("pending", "processed"),
    "delivery_problem": ("shipped", "delivered"),
    "return_request": ("delivered",),
    "exchange_request": ("delivered",),
    "damaged_item": ("delivered",),
    "refund_status": ("delivered", "cancelled"),
    "warranty_claim": ("delivered",),
}
AGENTS = ("agent:ona", "agent:lukas", "agent:claire", "agent:javier", "agent:emma", "agent:mindaugas")
CHANNEL_WEIGHTS = (("email", 50), ("web_form", 30), ("chat", 20))
# Valid example IBANs from the banks' published documentation, used as PII in refund requests.
EXAMPLE_IBANS = ("DE89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606", "ES91 2100 0418 4502 0005 1332",
                 "LT12 1000 0111 0100 1000", "IE29 AIBK 9311 5212 3456 78")
IBAN_LINES = {
    "en": "Please refund to my account {iban}.", "de": "Bitte auf mein Konto {iban} erstatten.",
    "fr": "Merci de rembourser sur mon compte {iban}.", "es": "Por favor, reembolsen a mi cuenta {iban}.",
    "lt": "Prašau grąžinti pinigus į sąskaitą {iban}.",
}
CONTACT_LINES = {
    "en": "You can reach me at {email}.", "de": "Sie erreichen mich unter {email}.",
    "fr": "Vous pouvez me joindre à {email}.", "es": "Pueden escribirme a {email}.",
    "lt": "Man galite rašyti adresu {email}.",
}
PHONE_LINES = {"en": "Phone: {phone}", "de": "Tel.: {phone}", "fr": "Tél. : {phone}", "es": "Tel.: {phone}",
               "lt": "Tel. {phone}"}
QUOTE_HEADERS = {
    "en": "On {date} Lumio Market Support <support@lumio.example> wrote:",
    "de": "Am {date} schrieb Lumio Market Support <support@lumio.example>:",
    "fr": "Le {date}, Lumio Market Support <support@lumio.example> a écrit :",
    "es": "El {date}, Lumio Market Support <support@lumio.example> escribió:",
    "lt": "{date} Lumio Market Support <support@lumio.example> rašė:",
}


def phrases(locale: str) -> ModuleType:
    """The phrase module of a locale (deskpilot.demo.phrases.<locale>)."""
    return importlib.import_module(f"deskpilot.demo.phrases.{locale}")


@dataclass
class _Contact:
    """One generated customer contact before it becomes a payload."""

    customer: Customer
    locale: str
    intent: str
    order: Order | None
    text: str
    subject: str
    channel: str
    html: bool
    created_at: datetime


class _Writer:
    """Turns an intent, a customer and an order into a realistic message."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def amount(self, value: float, locale: str) -> str:
        text = f"{value:.2f}"
        return text if locale == "en" else text.replace(".", ",")

    def fill(self, template: str, order: Order | None, locale: str, fallback: Order | None) -> str:
        source = order or fallback
        item = self.rng.choice(source.items).name if source else "order"
        return template.format(order=source.order_id if source else "", item=item, days=self.rng.randint(2, 12),
                               amount=self.amount(source.total_eur if source else 49.9, locale))

    def typo(self, text: str) -> str:
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        for i in self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 2))):
            w = words[i]
            j = self.rng.randint(1, len(w) - 3)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        return " ".join(words)

    def message(self, intent: str, customer: Customer, locale: str, order: Order | None, channel: str,
                extras: dict[str, float], fallback: Order | None) -> tuple[str, str]:
        """(body, subject) of one customer message."""
        rng = self.rng
        p = phrases(locale)
        pool = p.OUT_OF_SCOPE if intent == OUT_OF_SCOPE else p.REQUESTS[intent]
        templates = [t for t in pool if ("{order}" in t) == (order is not None)] or pool
        request = self.fill(rng.choice(templates), order, locale, fallback)
        if rng.random() < 0.12:
            request = self.typo(request)
        sentences = [request]
        for name, chance in extras.items():
            if rng.random() < chance:
                line = rng.choice(getattr(p, name))
                sentences.insert(0 if name == "ANGRY" and rng.random() < 0.5 else len(sentences),
                                 self.fill(line, order, locale, fallback))
        if intent == "refund_status" and rng.random() < 0.15:
            sentences.append(IBAN_LINES[locale].format(iban=rng.choice(EXAMPLE_IBANS)))
        if rng.random() < 0.05:
            sentences.append(CONTACT_LINES[locale].format(email=customer.email))
        body = " ".join(sentences)
        if channel == "chat":
            if rng.random() < 0.3:
                body = body.lower()
            return body, ""
        greeting_locale = rng.choice([x for x in LOCALES if x != locale]) if rng.random() < 0.07 else locale
        greeting = rng.choice(phrases(greeting_locale).GREETINGS)
        lines = [greeting, "", body] if greeting else [body]
        if rng.random() < 0.65:
            lines += ["", rng.choice(p.SIGNOFFS), customer.name if rng.random() < 0.7 else customer.first_name]
            if customer.phone and rng.random() < 0.25:
                lines.append(PHONE_LINES[locale].format(phone=customer.phone))
        subject = request.split("?")[0].split(".")[0][:70].strip()
        return "\n".join(lines), subject

    def quote(self, text: str, locale: str, when: datetime, reply: str) -> str:
        header = QUOTE_HEADERS[locale].format(date=when.strftime("%Y-%m-%d %H:%M"))
        quoted = "\n".join("> " + line for line in reply.splitlines())
        return f"{text}\n\n{header}\n{quoted}"


def _as_html(text: str) -> str:
    import html

    paragraphs = text.split("\n\n")
    parts = []
    for para in paragraphs:
        if para.startswith(">") or "\n>" in para:
            lines = [line.lstrip("> ") for line in para.splitlines()]
            parts.append("<blockquote>" + "<br>".join(html.escape(x) for x in lines) + "</blockquote>")
        else:
            parts.append("<p>" + "<br>".join(html.escape(x) for x in para.splitlines()) + "</p>")
    return ('<html><head><style>p{margin:0}</style></head><body><div dir="ltr">' + "".join(parts)
            + "</div></body></html>")


class _Generator:
    def __init__(self, catalog: Catalog, seed: int) -> None:
        self.catalog = catalog
        self.rng = random.Random(seed)
        self.writer = _Writer(self.rng)
        self.customers = sorted(catalog.customers.values(), key=lambda c: c.customer_id)

    def pick_intent(self, out_of_scope: float) -> str:
        if self.rng.random() < out_of_scope:
            return OUT_OF_SCOPE
        names = list(INTENT_WEIGHTS)
        return self.rng.choices(names, weights=[INTENT_WEIGHTS[n] for n in names])[0]

    def pick_customer_and_order(self, intent: str) -> tuple[Customer, Order | None, Order | None]:
        wanted = ORDER_STATUSES.get(intent)
        for _ in range(50):
            customer = self.rng.choice(self.customers)
            orders = self.catalog.orders_of(customer.customer_id)
            if not orders:
                continue
            fallback = self.rng.choice(orders)
            if wanted is None:
                mention = self.rng.random() < 0.3 and intent not in ("password_reset", "account_update",
                                                                       "data_request", OUT_OF_SCOPE)
                return customer, fallback if mention else None, fallback
            status = self.rng.choice(wanted)
            matching = [o for o in orders if o.status == status]
            if matching:
                order = self.rng.choice(matching)
                return customer, order if self.rng.random() < 0.75 else None, order
        customer = self.customers[0]
        return customer, None, None

    def contact(self, intent: str, when: datetime, *, stream: bool,
                customer: Customer | None = None, order: Order | None = None) -> _Contact:
        rng = self.rng
        fallback = order
        if customer is None:
            customer, order, fallback = self.pick_customer_and_order(intent)
        locale = customer.locale if rng.random() < 0.88 else rng.choice(LOCALES)
        channel = rng.choices([c for c, _ in CHANNEL_WEIGHTS], weights=[w for _, w in CHANNEL_WEIGHTS])[0]
        angry = 0.35 if intent in ("complaint", "delivery_problem") else 0.08
        extras = {"ANGRY": angry, "URGENT": 0.07, "CHURN": 0.04 + (0.1 if intent == "complaint" else 0.0),
                  "POSITIVE": 0.08, "HUMAN_REQUEST": 0.03 if stream else 0.0, "LEGAL": 0.015 if stream else 0.0}
        text, subject = self.writer.message(intent, customer, locale, order, channel, extras, fallback)
        html = channel == "email" and rng.random() < 0.15
        return _Contact(customer, locale, intent, order or None, text, subject, channel, html, when)

    def payload(self, key: str, contact: _Contact, *, status: str, messages: list[dict[str, Any]],
                outcome: dict[str, Any] | None, recontact_of: str | None, labelled: bool) -> dict[str, Any]:
        intent = contact.intent
        spec = INTENTS.get(intent)
        customer = contact.customer
        return {
            "source": SOURCE, "external_id": key, "channel": contact.channel,
            "subject": contact.subject or None, "locale": contact.locale if labelled else None, "status": status,
            "created_at": contact.created_at.isoformat(),
            "customer": {"external_id": customer.customer_id, "name": customer.name, "email": customer.email,
                         "phone": customer.phone},
            "category": intent if labelled and spec else None, "tags": [],
            "messages": messages, "outcome": outcome,
            "metadata": {"intent": intent, "locale": contact.locale,
                         "article": f"{contact.locale}/{spec.article}" if spec else None,
                         "order_id": contact.order.order_id if contact.order else None,
                         "recontact_of": recontact_of},
        }

    def customer_message(self, key: str, contact: _Contact, body: str | None = None) -> dict[str, Any]:
        text = body or contact.text
        return {"external_id": key, "author_role": "customer", "author_name": contact.customer.name,
                "body": _as_html(text) if contact.html else text,
                "content_type": "text/html" if contact.html else "text/plain",
                "created_at": contact.created_at.isoformat(), "public": True}


def _start_of(catalog: Catalog) -> datetime:
    return datetime.combine(catalog.as_of, time(0, 0), tzinfo=UTC)


def handling_seconds(seed: int, key: str) -> int:
    """An agent's handling time for one history conversation: log-normal around 5 minutes, 1–30 minutes
    (drawn from its own generator so the rest of the history does not depend on it)."""
    rng = random.Random(f"{seed}:{key}:handling")
    return int(min(1800, max(60, rng.lognormvariate(5.7, 0.45))))


def answered_by_ai(payload: dict[str, Any], seed: int, key: str, since_start: timedelta, intent: str,
                   locale: str) -> None:
    """Hand a history conversation to deskpilot when it was live for the intent's category and the conversation
    falls in the growing share it answered (drawn from the conversation's own generator, so the rest of the
    history, and every customer message, is the same with or without it)."""
    spec = INTENTS.get(intent)
    live_for = since_start - timedelta(days=HISTORY_DAYS - AI_LIVE_DAYS)
    if spec is None or spec.category not in AI_CATEGORIES or live_for < timedelta(0):
        return
    first, last = AI_SHARE
    rng = random.Random(f"{seed}:{key}:ai")
    if rng.random() >= first + (last - first) * min(1.0, live_for / timedelta(days=AI_LIVE_DAYS)):
        return
    from deskpilot.drafting.templates import load_templates

    reply = payload["messages"][1]
    answered = datetime.fromisoformat(payload["created_at"]) + timedelta(seconds=rng.randint(20, 150))
    disclosure = load_templates().for_locale(locale)["disclosure"]
    reply.update(author_role="ai", author_name="deskpilot", created_at=answered.isoformat(),
                 body=f"{reply['body']}\n\n{disclosure}")
    payload["outcome"].update(resolved_by="ai", resolved_at=answered.isoformat(), handle_seconds=None)


def generate_history(catalog: Catalog, seed: int, count: int = 2200) -> list[dict[str, Any]]:
    """Solved, labelled conversations of the last 90 days, with agent replies, CSAT and 7-day re-contacts."""
    gen = _Generator(catalog, seed)
    rng = gen.rng
    start = _start_of(catalog) - timedelta(days=HISTORY_DAYS)
    span = (HISTORY_DAYS - 1) * 86400
    out: list[dict[str, Any]] = []
    recent: list[tuple[dict[str, Any], _Contact]] = []
    for n in range(count):
        key = f"H-{n + 1:05d}"
        when = start + timedelta(seconds=int(span * n / max(count, 1)) + rng.randint(0, 3600))
        when = when.replace(hour=max(7, min(21, when.hour)))
        recontact_of = None
        if recent and rng.random() < RECONTACT_SHARE:
            earlier, earlier_contact = rng.choice(recent[-60:])
            if (when - earlier_contact.created_at) <= timedelta(days=7):
                recontact_of = earlier["external_id"]
                contact = gen.contact(earlier_contact.intent, when, stream=False,
                                      customer=earlier_contact.customer, order=earlier_contact.order)
                follow = gen.writer.fill(rng.choice(phrases(contact.locale).FOLLOW_UPS), contact.order,
                                         contact.locale, contact.order)
                contact.text = f"{follow}\n\n{contact.text}"
                if contact.channel == "email":
                    contact.text = gen.writer.quote(contact.text, contact.locale, earlier_contact.created_at,
                                                    earlier["messages"][1]["body"])
                earlier["outcome"]["csat"] = rng.choice([1, 2, 2, 3, None])
        if recontact_of is None:
            contact = gen.contact(gen.pick_intent(0.0), when, stream=False)
        p = phrases(contact.locale)
        agent = rng.choice(AGENTS)
        replied = when + timedelta(minutes=rng.randint(20, 600))
        messages = [gen.customer_message(f"{key}-1", contact)]
        messages.append({"external_id": f"{key}-2", "author_role": "agent", "author_name": agent.split(":")[1].title(),
                         "body": rng.choice(p.AGENT_REPLIES[contact.intent]), "content_type": "text/plain",
                         "created_at": replied.isoformat(), "public": True})
        if rng.random() < 0.35:
            messages.append({"external_id": f"{key}-3", "author_role": "customer",
                             "author_name": contact.customer.name, "body": rng.choice(p.THANKS_REPLIES),
                             "content_type": "text/plain",
                             "created_at": (replied + timedelta(minutes=rng.randint(5, 240))).isoformat(),
                             "public": True})
        csat = rng.choices([5, 4, 3, 2, 1, None], weights=[30, 20, 8, 5, 3, 34])[0]
        outcome = {"resolution": "solved", "resolved_by": agent, "resolved_at": replied.isoformat(), "csat": csat,
                   "reopened": False, "handle_seconds": handling_seconds(seed, key)}
        payload = gen.payload(key, contact, status="solved", messages=messages, outcome=outcome,
                              recontact_of=recontact_of, labelled=True)
        answered_by_ai(payload, seed, key, when - start, contact.intent, contact.locale)
        out.append(payload)
        recent.append((payload, contact))
    return out


def generate_stream(catalog: Catalog, seed: int, count: int = 320) -> list[dict[str, Any]]:
    """New, unlabelled conversations of the last hours, including out-of-scope questions and complaints."""
    gen = _Generator(catalog, seed + 7919)
    rng = gen.rng
    start = _start_of(catalog) - timedelta(hours=12)
    out: list[dict[str, Any]] = []
    for n in range(count):
        key = f"S-{n + 1:05d}"
        when = start + timedelta(seconds=int(12 * 3600 * n / max(count, 1)))
        contact = gen.contact(gen.pick_intent(0.06), when, stream=True)
        body = contact.text
        if contact.channel == "email" and rng.random() < 0.1 and contact.intent != OUT_OF_SCOPE:
            p = phrases(contact.locale)
            earlier = when - timedelta(days=rng.randint(2, 20))
            body = gen.writer.quote(body, contact.locale, earlier, rng.choice(p.AGENT_REPLIES[contact.intent]))
        out.append(gen.payload(key, contact, status="new", messages=[gen.customer_message(f"{key}-1", contact, body)],
                               outcome=None, recontact_of=None, labelled=False))
    return out
