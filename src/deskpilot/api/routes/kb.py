"""Knowledge-base search over published clauses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from deskpilot.api.deps import DatabaseDep
from deskpilot.auth.access import allow
from deskpilot.auth.credentials import Role
from deskpilot.knowledge.hits import search_hit
from deskpilot.knowledge.index import IndexCache

router = APIRouter(prefix="/api/kb", tags=["knowledge"])


@router.get("/search")
@allow(*Role)
def search(request: Request, q: str = Query(..., min_length=1, max_length=2000),
           locale: str = Query("en", max_length=8), k: int = Query(5, ge=1, le=50),
           cross_locale: bool = Query(False, description="fall back to other locales when this one has no answer"),
           ) -> list[dict[str, Any]]:
    """The k best published clauses of a locale for a query."""
    cache: IndexCache = request.app.state.index_cache
    return [search_hit(r) for r in cache.get().search(q, locale, k, cross_locale=cross_locale)]


@router.get("/articles")
@allow(*Role)
def list_articles(db: DatabaseDep, locale: str | None = Query(None, max_length=8),
                  state: str | None = Query(None, pattern="^(draft|in_review|published|archived)$"),
                  ) -> list[dict[str, Any]]:
    """Articles with their state and live version."""
    with db.reader() as uow:
        articles = uow.knowledge.list_articles(locale=locale, state=state)
    return [{"key": a.key, "locale": a.locale, "title": a.title, "state": a.state.value,
             "live_version": a.current_version, "owner": a.owner, "tags": a.tags,
             "last_reviewed_at": a.last_reviewed_at.isoformat() if a.last_reviewed_at else None} for a in articles]


@router.get("/articles/{locale}/{slug}")
@allow(*Role)
def show_article(locale: str, slug: str, db: DatabaseDep, version: int | None = Query(None, ge=1)) -> dict[str, Any]:
    """One version of an article (default: the newest) with its citable clauses."""
    key = f"{locale}/{slug}"
    with db.reader() as uow:
        found = uow.knowledge.get_version(key, version) if version else uow.knowledge.latest_version(key)
    if found is None:
        raise HTTPException(404, f"no article {key!r}" + (f" version {version}" if version else ""))
    return {"key": key, "version": found.version, "title": found.title, "state": found.state.value,
            "clauses": [{"clause_id": c.citation, "section": c.section, "text": c.text} for c in found.clauses]}
