"""Similar resolved cases on a real SQLite database, and the scoring helpers of bench/similar.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from deskpilot.assist.similar import (
    PastCase,
    SimilarCaseIndex,
    SimilarCaseService,
    request_text,
    shorten,
    similar_cases,
)
from deskpilot.cli.bench import load_benchmark
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.domain.enums import AuthorRole
from deskpilot.domain.models import Citation, Draft, Message
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMAIL = "anna.berg@example.com"

# key: (locale, intent, day, customer text, agent reply or None, resolution or None, article)
HISTORY: dict[str, tuple[str, str | None, int, str, str | None, str | None, str | None]] = {
    "EN-RETURN": ("en", "return_request", 1,
                  f"Hello, I would like to return the winter jacket I bought, it is too small. How do I send the "
                  f"jacket back? You can reach me at {EMAIL}.",
                  "You can return the jacket within 30 days: print the return label from your account.", "solved",
                  "en/returns-policy"),
    "EN-ORDER": ("en", "order_status", 2, "Where is my order? It has not arrived yet and the tracking shows nothing.",
                 "Your parcel is on its way and should arrive tomorrow.", "solved", "en/order-tracking"),
    "EN-LOGIN": ("en", "password_reset", 3, "I cannot log in, the password reset email never arrives.",
                 "We have sent a new reset link; please check your spam folder.", "solved", "en/account-login"),
    "DE-RETURN": ("de", "return_request", 4, "Ich möchte die Winterjacke zurücksenden, sie ist zu klein. Wie "
                  "funktioniert die Rücksendung der Jacke?",
                  "Sie können die Jacke innerhalb von 30 Tagen zurücksenden.", "solved", "de/returns-policy"),
    "DE-ORDER": ("de", "order_status", 5, "Wo ist meine Bestellung? Sie ist noch nicht angekommen.",
                 "Ihr Paket ist unterwegs.", "solved", "de/order-tracking"),
    # never returned: open, closed without being solved, and solved without any reply
    "EN-OPEN": ("en", "return_request", 6, "I want to return the winter jacket, it is too small, how do I send it "
                "back?", None, None, None),
    "EN-UNRESOLVED": ("en", "return_request", 7, "Return the winter jacket that is too small, send the jacket back.",
                      "Please send us photos first.", "abandoned", None),
    "EN-NOREPLY": ("en", "return_request", 8, "Return of the small winter jacket, how to send the jacket back?",
                   None, "solved", None),
    # the query conversation, and a resolved one created after it
    "EN-QUERY": ("en", None, 10, "Hi, I need to return a winter jacket because it is too small. How can I send the "
                 "jacket back?", None, None, None),
    "EN-LATER": ("en", "return_request", 12, "I need to return a winter jacket because it is too small. How can I "
                 "send the jacket back?", "Use the return label.", "solved", "en/returns-policy"),
}


def payload(key: str, locale: str, intent: str | None, day: int, text: str, reply: str | None,
            resolution: str | None, article: str | None) -> GenericConversation:
    created = DAY + timedelta(days=day)
    messages: list[dict[str, Any]] = [{"external_id": f"{key}-1", "author_role": "customer", "body": text,
                                       "created_at": created.isoformat()}]
    if reply is not None:
        messages.append({"external_id": f"{key}-2", "author_role": "agent", "author_name": "Li", "body": reply,
                         "created_at": (created + timedelta(hours=1)).isoformat()})
        messages.append({"external_id": f"{key}-3", "author_role": "customer", "body": "Thanks, that helped!",
                         "created_at": (created + timedelta(hours=2)).isoformat()})
    outcome = None if resolution is None else {"resolution": resolution, "resolved_by": "agent:li",
                                               "resolved_at": (created + timedelta(hours=1)).isoformat()}
    return GenericConversation.model_validate({
        "source": "t", "external_id": key, "created_at": created.isoformat(), "channel": "email",
        "locale": locale, "category": intent,
        "status": "solved" if resolution == "solved" else "closed" if resolution else "open",
        "customer": {"external_id": f"c-{key}", "email": EMAIL if key == "EN-RETURN" else None},
        "messages": messages, "outcome": outcome, "metadata": {"article": article} if article else {}})


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    IngestService(sqlite_db).ingest_many([payload(key, *row) for key, row in HISTORY.items()])
    return sqlite_db


def ids_of(db: Database) -> dict[str, int]:
    with db.reader() as uow:
        return {key: conv.id for key in HISTORY
                if (conv := uow.conversations.get_by_external("t", key)) is not None and conv.id is not None}


def test_the_right_past_case_comes_first(db: Database) -> None:
    ids = ids_of(db)
    found = similar_cases(db, ids["EN-QUERY"], k=5)
    first = found[0]
    assert first.conversation_id == ids["EN-RETURN"]
    assert (first.locale, first.intent, first.same_locale, first.article) == ("en", "return_request", True,
                                                                            "en/returns-policy")
    assert first.resolution["resolution"] == "solved" and first.resolution["resolved_by"] == "agent:li"
    assert first.resolution["resolved_at"].startswith("2026-03-03T10:00")
    assert first.reply is not None and "return label" in first.reply
    assert 0.0 < first.score <= 1.0
    assert [c.score for c in found if c.same_locale] == sorted((c.score for c in found if c.same_locale), reverse=True)
    json = first.to_json()
    assert json["conversation_id"] == ids["EN-RETURN"] and json["article"] == "en/returns-policy"


def test_same_locale_cases_come_before_other_locales(db: Database) -> None:
    ids = ids_of(db)
    found = similar_cases(db, ids["EN-QUERY"], k=5)
    flags = [c.same_locale for c in found]
    assert flags == sorted(flags, reverse=True)
    assert {c.locale for c in found if c.same_locale} == {"en"}
    assert {c.conversation_id for c in found if not c.same_locale} <= {ids["DE-RETURN"], ids["DE-ORDER"]}
    assert len([c for c in found if c.same_locale]) == 3  # every earlier resolved English case
    assert found[3].conversation_id == ids["DE-RETURN"]  # "Winterjacke", "Jacke": the character n-grams match


def test_itself_later_and_unresolved_conversations_are_excluded(db: Database) -> None:
    ids = ids_of(db)
    returned = {c.conversation_id for c in similar_cases(db, ids["EN-QUERY"], k=20)}
    never = {ids[k] for k in ("EN-QUERY", "EN-LATER", "EN-OPEN", "EN-UNRESOLVED", "EN-NOREPLY")}
    assert returned and not returned & never
    # the later conversation sees the earlier ones, but never the still-open query
    later = {c.conversation_id for c in similar_cases(db, ids["EN-LATER"], k=20)}
    assert ids["EN-RETURN"] in later and ids["EN-QUERY"] not in later and ids["EN-LATER"] not in later


def test_redacted_text_is_used(db: Database) -> None:
    ids = ids_of(db)
    found = {c.conversation_id: c for c in similar_cases(db, ids["EN-QUERY"], k=5)}
    case = found[ids["EN-RETURN"]]
    assert EMAIL not in case.customer_text and "<EMAIL_1>" in case.customer_text
    assert all(EMAIL not in str(c.to_json()) for c in found.values())
    assert "Thanks, that helped" not in case.customer_text  # the request only: messages before the first reply


def test_index_is_cached_and_rebuilt_when_a_resolved_conversation_arrives(db: Database) -> None:
    ids = ids_of(db)
    service = SimilarCaseService(db)
    first = service.index()
    assert service.index() is first and len(first) == 6
    IngestService(db).ingest(payload("EN-NEW", "en", "return_request", 9,
                                     "My winter jacket is too small, I must return it and send the jacket back.",
                                     "Print the label and send it back.", "solved", "en/returns-policy"))
    rebuilt = service.index()
    assert rebuilt is not first and len(rebuilt) == 7
    assert ids_of(db).keys() == ids.keys()
    with db.reader() as uow:
        new = uow.conversations.get_by_external("t", "EN-NEW")
    assert new is not None
    assert new.id in {c.conversation_id for c in service.for_conversation(ids["EN-QUERY"], k=2)}
    # a change that is not about resolved conversations keeps the index
    with db.uow() as uow:
        uow.conversations.update(ids["EN-QUERY"], understanding={"intent": "order_status"})
        uow.commit()
    assert service.index() is rebuilt


def test_understood_intent_boosts_and_draft_citation_gives_the_article(db: Database) -> None:
    ids = ids_of(db)
    with db.uow() as uow:  # the understand stage predicted order_status for the (return) query
        uow.conversations.update(ids["EN-QUERY"], understanding={"intent": "order_status", "locale": "en"})
        uow.conversations.update(ids["EN-LOGIN"], metadata={})
        uow.decisions.add_draft(Draft(conversation_id=ids["EN-LOGIN"], text="Reset it [1].", locale="en",
                                      citations=[Citation(1, "en/account-login#reset@v2")], confidence=0.9,
                                      model_version="m", prompt_version="p", kb_version="k", policy_version="x"))
        uow.commit()
    found = similar_cases(db, ids["EN-QUERY"], k=3)
    assert found[0].conversation_id == ids["EN-ORDER"]  # the boost outweighs the lexical match
    login = next(c for c in found if c.conversation_id == ids["EN-LOGIN"])
    assert login.article == "en/account-login"


def test_unknown_conversation_raises(db: Database) -> None:
    with pytest.raises(KeyError):
        similar_cases(db, 10_000)


# --- in memory -----------------------------------------------------------------------------------------------------


def case(cid: int, locale: str, intent: str, text: str, day: int = 1) -> PastCase:
    return PastCase(conversation_id=cid, source="m", external_id=f"M-{cid}", locale=locale, intent=intent,
                    created_at=DAY + timedelta(days=day), text=text, resolution={"resolution": "solved"},
                    reply="ok", article=f"{locale}/{intent}")


def test_search_in_memory_boost_fill_and_filters() -> None:
    index = SimilarCaseIndex([
        case(1, "en", "refund", "When will I get my refund for the returned shoes?"),
        case(2, "en", "shipping", "How long does shipping of the shoes take to Latvia?"),
        case(3, "fr", "refund", "Quand vais-je recevoir mon remboursement pour les chaussures ?"),
        case(4, "en", "refund", "Refund still missing for the shoes I returned", day=5),
    ])
    plain = index.search("my refund for the returned shoes has not arrived", "en", k=4)
    assert [c.conversation_id for c in plain][:2] == [1, 4] or [c.conversation_id for c in plain][:2] == [4, 1]
    assert [c.same_locale for c in plain] == [True, True, True, False]
    boosted = index.search("how long does the shoes take", "en", intent="refund", k=2)
    assert {c.intent for c in boosted} == {"refund"}
    assert index.search("how long does the shoes take", "en", intent="unknown", k=1)[0].conversation_id == 2
    assert [c.conversation_id for c in index.search("refund shoes", "en", k=5, exclude_ids=[1, 4],
                                                    before=DAY + timedelta(days=3))] == [2, 3]
    assert index.search("", "en") == [] and index.search("refund", "en", k=0) == []
    assert SimilarCaseIndex([]).search("refund", "en") == []
    only_other = index.search("remboursement chaussures", "lt", k=2)
    assert only_other and not any(c.same_locale for c in only_other)


def test_shorten_and_request_text() -> None:
    assert shorten("a  b\nc", 10) == "a b c"
    cut = shorten("word " * 100, 30)
    assert len(cut) <= 30 and cut.endswith("…")
    assert request_text([]) == ""
    at = DAY
    messages = [Message(AuthorRole.CUSTOMER, f"Where is my parcel? Write to {EMAIL}", at, "1"),  # never redacted
                Message(AuthorRole.AGENT, "It is on its way.", at + timedelta(hours=1), "2"),
                Message(AuthorRole.CUSTOMER, "Thanks!", at + timedelta(hours=2), "3", body_redacted="Thanks!")]
    text = request_text(messages)
    assert "Where is my parcel?" in text and EMAIL not in text and "Thanks" not in text


# --- bench/similar.py scoring helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("similar")


def test_bench_resolution_key_ignores_the_locale(bench: ModuleType) -> None:
    assert bench.resolution_key("en/returns-policy", "solved") == bench.resolution_key("de/returns-policy", "solved")
    assert bench.resolution_key("en/returns-policy", "solved") != bench.resolution_key("en/refunds", "solved")
    assert bench.resolution_key(None, "solved") == "|solved"


def test_bench_figures(bench: ModuleType) -> None:
    right, other = ("return_request", "returns-policy|solved"), ("order_status", "order-tracking|solved")
    same_intent_other_article = ("return_request", "refunds|solved")
    ranked = [
        bench.Ranked("en", right, [(*right, True), (*other, True)], 1.0),  # hit at 1
        bench.Ranked("en", right, [(*other, True), (*same_intent_other_article, True), (*right, False)], 3.0),
        bench.Ranked("de", right, [(*other, False), (*same_intent_other_article, True)], 2.0),  # intent only
        bench.Ranked("de", right, [], 4.0),
    ]
    assert [r.first_rank(intent_only=False) for r in ranked] == [1, 3, None, None]
    assert [r.first_rank(intent_only=True) for r in ranked] == [1, 2, 2, None]
    unlabelled = bench.Ranked("en", (None, "|solved"), [(None, "|solved", True)], 1.0)
    assert unlabelled.first_rank(intent_only=True) is None  # a query without a label never scores a hit
    figures = bench.summarize(ranked, k=5)
    assert figures["queries"] == 4
    assert figures["hit@1"] == 0.25 and figures["hit@5"] == 0.5 and figures["hit@5_same_intent"] == 0.75
    assert figures["mrr@5"] == round((1 + 1 / 3) / 4, 4)
    assert figures["same_locale_top5"] == round((1 + 2 / 3 + 1 / 2) / 3, 4)  # queries with results only
    assert figures["latency_ms"] == {"p50": 2.5, "p95": 4.0}  # median; nearest-rank p95
    grouped = bench.report(ranked, k=5)
    assert grouped["overall"]["queries"] == 4 and set(grouped["per_locale"]) == {"de", "en"}
    assert grouped["per_locale"]["en"]["hit@1"] == 0.5
