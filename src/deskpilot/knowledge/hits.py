"""The JSON shape of a search result, shared by the CLI and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskpilot.knowledge.lexical import ScoredClause


def search_hit(result: ScoredClause) -> dict[str, Any]:
    """`{clause_id, article_id, version, score, text, …}` for one retrieved clause."""
    c = result.clause
    return {"rank": result.rank, "clause_id": c.citation, "article_id": c.article_key, "version": c.version,
            "score": round(result.score, 6), "text": c.text, "title": c.article_title, "locale": c.locale,
            "cross_locale": result.cross_locale}
