"""Knowledge-base API: search (with cross-locale fallback), article list and article versions."""

from __future__ import annotations

import httpx

from deskpilot.demo.workspace import demo_articles_path
from deskpilot.knowledge.importers.sources import read_documents
from deskpilot.services.knowledge import KnowledgeService
from deskpilot.storage.database import Database


def test_search_list_and_show(live_api: tuple[str, Database]) -> None:
    base, db = live_api
    KnowledgeService(db).publish_many(read_documents(str(demo_articles_path() / "fr"), "markdown"), actor="test")
    hits = httpx.get(f"{base}/api/kb/search", params={"q": "remboursement carte bancaire délai", "locale": "fr",
                                                      "k": 4}, timeout=120).json()
    assert len(hits) == 4 and hits[0]["article_id"] == "fr/refunds" and hits[0]["clause_id"].endswith("@v1")
    assert httpx.get(f"{base}/api/kb/search", params={"q": "refund", "locale": "es"}).json() == []
    foreign = httpx.get(f"{base}/api/kb/search", params={"q": "¿Cuánto tarda el reembolso a mi tarjeta?",
                                                         "locale": "es", "cross_locale": "true"}).json()
    assert foreign and foreign[0]["cross_locale"] is True and foreign[0]["locale"] == "fr"

    articles = httpx.get(f"{base}/api/kb/articles", params={"locale": "fr"}).json()
    assert len(articles) == 16 and {a["state"] for a in articles} == {"published"}
    shown = httpx.get(f"{base}/api/kb/articles/fr/refunds").json()
    assert shown["version"] == 1 and shown["clauses"][0]["clause_id"].startswith("fr/refunds#")
    assert httpx.get(f"{base}/api/kb/articles/fr/nothing").status_code == 404
    assert httpx.get(f"{base}/api/kb/articles", params={"state": "live"}).status_code == 422
    assert httpx.get(f"{base}/api/kb/search", params={"q": ""}).status_code == 422
