"""Publish articles: each content change creates an immutable version with stable clause ids."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deskpilot.audit.events import ArticlePublished
from deskpilot.domain.enums import ArticleState
from deskpilot.domain.models import Article
from deskpilot.knowledge.clauses import assign_keys, split_clauses, text_hash
from deskpilot.knowledge.markdown import ArticleDocument
from deskpilot.storage.database import Database, UnitOfWork


@dataclass(frozen=True)
class PublishResult:
    """What publishing one document did."""

    key: str
    version: int
    created: bool
    clauses: int


class KnowledgeService:
    """Imports and publishes articles, one transaction per article."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def publish_many(self, docs: Iterable[ArticleDocument], *, actor: str,
                     on_each: Callable[[PublishResult], None] | None = None) -> list[PublishResult]:
        """Publish documents; unchanged content creates no new version."""
        results = []
        for doc in docs:
            with self.db.uow() as uow:
                result = publish_into(uow, doc, actor=actor)
                uow.commit()
            results.append(result)
            if on_each is not None:
                on_each(result)
        return results


def content_hash(doc: ArticleDocument) -> str:
    """Hash of what readers see: title and body."""
    return hashlib.sha256(f"{doc.title}\n\n{doc.body}".encode()).hexdigest()


def publish_into(uow: UnitOfWork, doc: ArticleDocument, *, actor: str) -> PublishResult:
    """Publish a document inside the caller's unit of work."""
    existing = uow.knowledge.get_article(doc.key)
    uow.knowledge.save_article(Article(
        key=doc.key, locale=doc.locale, title=doc.title,
        state=existing.state if existing else ArticleState.DRAFT, owner=doc.owner, category=doc.category,
        tags=doc.tags, review_interval_days=doc.review_interval_days, last_reviewed_at=doc.reviewed_at,
        current_version=existing.current_version if existing else None))
    digest = content_hash(doc)
    latest = uow.knowledge.latest_version(doc.key)
    if latest is not None and latest.content_hash == digest:
        return PublishResult(doc.key, latest.version, False, len(latest.clauses))
    drafts = split_clauses(doc.body)
    if not drafts:
        raise ValueError(f"{doc.key}: the article has no text to cite")
    previous = {} if latest is None else {text_hash(c.text): c.key for c in latest.clauses}
    keys = assign_keys(doc.key, drafts, previous)
    version = uow.knowledge.add_published_version(
        doc.key, title=doc.title, body=doc.body, content_hash=digest,
        clauses=[(k, d.section, d.text, d.text_hash) for k, d in zip(keys, drafts, strict=True)])
    uow.audit.append(ArticlePublished(actor=actor, article_key=doc.key, version=version.version,
                                      content_hash=digest, clauses=len(version.clauses)))
    return PublishResult(doc.key, version.version, True, len(version.clauses))

