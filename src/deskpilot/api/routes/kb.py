"""Knowledge-base search over published clauses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from deskpilot.api.deps import DatabaseDep
from deskpilot.knowledge.index import IndexCache

router = APIRouter(prefix="/api/kb", tags=["knowledge"])


@router.get("/search")
def search(request: Request, db: DatabaseDep, q: str = Query(..., min_length=1, max_length=2000),
           locale: str = Query("en", max_length=8), k: int = Query(5, ge=1, le=50)) -> list[dict[str, Any]]:
    """The k best published clauses of a locale for a query."""
    cache: IndexCache = request.app.state.index_cache
    results = cache.get().search(q, locale, k)
    return [{"clause_id": r.clause.citation, "article_id": r.clause.article_key, "version": r.clause.version,
             "score": round(r.score, 4), "text": r.clause.text} for r in results]
