"""The article lifecycle: import as draft, submit for review, publish, archive — every step a version or audited."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deskpilot.audit.events import ArticleDrafted, ArticlePublished, ArticleStateChanged
from deskpilot.domain.enums import ArticleState
from deskpilot.domain.models import Article, ArticleVersion
from deskpilot.knowledge.clauses import assign_keys, split_clauses, text_hash
from deskpilot.knowledge.markdown import ArticleDocument
from deskpilot.storage.database import Database, UnitOfWork

# Which state a version may move to from which.
TRANSITIONS: dict[ArticleState, frozenset[ArticleState]] = {
    ArticleState.DRAFT: frozenset({ArticleState.IN_REVIEW, ArticleState.PUBLISHED, ArticleState.ARCHIVED}),
    ArticleState.IN_REVIEW: frozenset({ArticleState.DRAFT, ArticleState.PUBLISHED, ArticleState.ARCHIVED}),
    ArticleState.PUBLISHED: frozenset({ArticleState.ARCHIVED}),
    ArticleState.ARCHIVED: frozenset({ArticleState.PUBLISHED}),
}


class LifecycleError(ValueError):
    """A state change the article lifecycle does not allow."""


@dataclass(frozen=True)
class ImportResult:
    """What importing one document did."""

    key: str
    version: int
    created: bool
    clauses: int
    state: str

    @property
    def published(self) -> bool:
        """Whether the imported content is now the live version."""
        return self.state == ArticleState.PUBLISHED.value


class KnowledgeService:
    """Imports articles and moves their versions through the lifecycle, one transaction per article."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def import_many(self, docs: Iterable[ArticleDocument], *, actor: str, publish: bool = False,
                    on_each: Callable[[ImportResult], None] | None = None) -> list[ImportResult]:
        """Store each document as a draft version (published at once with publish=True); unchanged content
        creates no version."""
        results = []
        for doc in docs:
            with self.db.uow() as uow:
                result = import_into(uow, doc, actor=actor, publish=publish)
                uow.commit()
            results.append(result)
            if on_each is not None:
                on_each(result)
        return results

    def publish_many(self, docs: Iterable[ArticleDocument], *, actor: str,
                     on_each: Callable[[ImportResult], None] | None = None) -> list[ImportResult]:
        """Import and publish documents (a trusted source such as the demo help centre)."""
        return self.import_many(docs, actor=actor, publish=True, on_each=on_each)

    def change_state(self, key: str, state: ArticleState, *, actor: str, version: int | None = None,
                     reason: str | None = None) -> ArticleVersion:
        """Move a version (default: the newest one) to `state`, audited; raises LifecycleError if not allowed."""
        with self.db.uow() as uow:
            result = change_state_into(uow, key, state, actor=actor, version=version, reason=reason)
            uow.commit()
        return result


def content_hash(doc: ArticleDocument) -> str:
    """Hash of what readers see: title and body."""
    return hashlib.sha256(f"{doc.title}\n\n{doc.body}".encode()).hexdigest()


def import_into(uow: UnitOfWork, doc: ArticleDocument, *, actor: str, publish: bool) -> ImportResult:
    """Store a document as a new version inside the caller's unit of work."""
    existing = uow.knowledge.get_article(doc.key)
    uow.knowledge.save_article(Article(
        key=doc.key, locale=doc.locale, title=existing.title if existing and existing.current_version else doc.title,
        state=existing.state if existing else ArticleState.DRAFT, owner=doc.owner, category=doc.category,
        tags=doc.tags, review_interval_days=doc.review_interval_days,
        last_reviewed_at=doc.reviewed_at or (existing.last_reviewed_at if existing else None),
        current_version=existing.current_version if existing else None))
    digest = content_hash(doc)
    latest = uow.knowledge.latest_version(doc.key)
    if latest is not None and latest.content_hash == digest:
        if publish and latest.state != ArticleState.PUBLISHED:
            latest = change_state_into(uow, doc.key, ArticleState.PUBLISHED, actor=actor, version=latest.version)
        return ImportResult(doc.key, latest.version, False, len(latest.clauses), latest.state.value)
    drafts = split_clauses(doc.body)
    if not drafts:
        raise ValueError(f"{doc.key}: the article has no text to cite")
    keys = assign_keys(doc.key, drafts, _previous_keys(uow, doc.key))
    version = uow.knowledge.add_version(
        doc.key, title=doc.title, body=doc.body, content_hash=digest,
        clauses=[(k, d.section, d.text, d.text_hash) for k, d in zip(keys, drafts, strict=True)])
    uow.audit.append(ArticleDrafted(actor=actor, article_key=doc.key, version=version.version,
                                    content_hash=digest, clauses=len(version.clauses)))
    if publish:
        version = change_state_into(uow, doc.key, ArticleState.PUBLISHED, actor=actor, version=version.version)
    return ImportResult(doc.key, version.version, True, len(version.clauses), version.state.value)


def _previous_keys(uow: UnitOfWork, key: str) -> dict[str, str]:
    """Clause text hash → clause key over the article's versions (newest wins), so unchanged text keeps its id."""
    mapping: dict[str, str] = {}
    for version in uow.knowledge.versions(key):
        mapping.update({text_hash(c.text): c.key for c in version.clauses})
    return mapping


def change_state_into(uow: UnitOfWork, key: str, state: ArticleState, *, actor: str, version: int | None = None,
                      reason: str | None = None) -> ArticleVersion:
    """Move a version to `state` inside the caller's unit of work (audited)."""
    target = uow.knowledge.get_version(key, version) if version else uow.knowledge.latest_version(key)
    if target is None:
        raise LookupError(f"no article {key!r}" + (f" version {version}" if version else ""))
    if state == target.state:
        return target
    if state not in TRANSITIONS[target.state]:
        raise LifecycleError(f"{key} v{target.version} is {target.state.value}: it cannot become {state.value}")
    if target.state == ArticleState.DRAFT:
        for other in uow.knowledge.versions(key):  # a newer draft supersedes unpublished older ones
            if other.version < target.version and other.state in (ArticleState.DRAFT, ArticleState.IN_REVIEW):
                uow.knowledge.set_version_state(key, other.version, ArticleState.ARCHIVED)
    updated = uow.knowledge.set_version_state(key, target.version, state)
    if state == ArticleState.PUBLISHED:
        uow.audit.append(ArticlePublished(actor=actor, article_key=key, version=updated.version,
                                          content_hash=updated.content_hash, clauses=len(updated.clauses)))
    else:
        uow.audit.append(ArticleStateChanged(actor=actor, article_key=key, version=updated.version,
                                             from_state=target.state.value, to_state=state.value,
                                             reason=reason or ""))
    return updated
