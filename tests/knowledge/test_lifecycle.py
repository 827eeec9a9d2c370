"""The article lifecycle: drafts are invisible, publishing is explicit, old citations keep their text."""

from __future__ import annotations

import json

import pytest

from deskpilot.domain.enums import ArticleState
from deskpilot.knowledge.markdown import ArticleDocument
from deskpilot.services.knowledge import KnowledgeService, LifecycleError
from deskpilot.storage.database import Database

V1 = "Refunds are issued within 14 days.\n\nCard refunds take 5–10 business days to appear."
V2 = "Refunds are issued within 14 days.\n\nCard refunds take 3–5 business days to appear."


def _doc(body: str) -> ArticleDocument:
    return ArticleDocument(slug="refunds", locale="en", title="Refunds", body=body, owner="Payments")


def _published_texts(db: Database) -> list[str]:
    with db.reader() as uow:
        return [c.text for c in uow.knowledge.published_clauses(locale="en")]


def test_a_draft_is_not_searchable_until_published(any_db: Database) -> None:
    service = KnowledgeService(any_db)
    with any_db.reader() as uow:
        empty_kb = uow.knowledge.kb_version()
    [result] = service.import_many([_doc(V1)], actor="test")
    assert result.created and result.state == "draft" and result.version == 1
    assert _published_texts(any_db) == []
    with any_db.reader() as uow:
        assert uow.knowledge.kb_version() == empty_kb
        assert uow.knowledge.get_article("en/refunds").state == ArticleState.DRAFT  # type: ignore[union-attr]

    assert service.change_state("en/refunds", ArticleState.IN_REVIEW, actor="editor").state == ArticleState.IN_REVIEW
    assert _published_texts(any_db) == []
    published = service.change_state("en/refunds", ArticleState.PUBLISHED, actor="lead")
    assert published.state == ArticleState.PUBLISHED and published.published_at is not None
    assert "Card refunds take 5–10 business days to appear." in _published_texts(any_db)


def test_a_new_draft_leaves_the_live_version_and_old_citations_alone(any_db: Database) -> None:
    service = KnowledgeService(any_db)
    v1 = service.publish_many([_doc(V1)], actor="test")[0]
    with any_db.reader() as uow:
        v1_clauses = {c.text: c.citation for c in uow.knowledge.get_version("en/refunds", 1).clauses}  # type: ignore[union-attr]
    draft = service.import_many([_doc(V2)], actor="test")[0]
    assert (draft.version, draft.state, draft.created) == (2, "draft", True)
    assert "Card refunds take 5–10 business days to appear." in _published_texts(any_db)
    assert service.import_many([_doc(V2)], actor="test")[0].created is False  # unchanged: no version 3

    service.change_state("en/refunds", ArticleState.PUBLISHED, actor="lead")
    assert "Card refunds take 3–5 business days to appear." in _published_texts(any_db)
    assert "Card refunds take 5–10 business days to appear." not in _published_texts(any_db)
    with any_db.reader() as uow:
        versions = {v.version: v for v in uow.knowledge.versions("en/refunds")}
        old = uow.knowledge.clause_by_citation(v1_clauses["Card refunds take 5–10 business days to appear."])
        article = uow.knowledge.get_article("en/refunds")
        kinds = [e.kind for e in uow.audit.iter_chain()]
    assert versions[1].state == ArticleState.ARCHIVED and versions[2].state == ArticleState.PUBLISHED
    assert old is not None and old.text == "Card refunds take 5–10 business days to appear." and old.version == 1
    unchanged = "Refunds are issued within 14 days."
    assert {c.text: c.key for c in versions[2].clauses}[unchanged] == v1_clauses[unchanged].rsplit("@", 1)[0]
    assert article is not None and article.current_version == 2
    assert v1.version == 1
    assert kinds == ["article.drafted", "article.published", "article.drafted", "article.published"]


def test_archiving_removes_an_article_from_search_and_bad_transitions_are_refused(any_db: Database) -> None:
    service = KnowledgeService(any_db)
    service.publish_many([_doc(V1)], actor="test")
    service.change_state("en/refunds", ArticleState.ARCHIVED, actor="lead", reason="policy withdrawn")
    assert _published_texts(any_db) == []
    with pytest.raises(LifecycleError, match="archived: it cannot become in_review"):
        service.change_state("en/refunds", ArticleState.IN_REVIEW, actor="lead")
    with pytest.raises(LookupError):
        service.change_state("en/nothing", ArticleState.PUBLISHED, actor="lead")
    with any_db.reader() as uow:
        last = list(uow.audit.iter_chain())[-1]
    assert last.kind == "article.state_changed" and json.loads(last.payload)["reason"] == "policy withdrawn"


def test_a_newer_draft_supersedes_an_unpublished_older_one(sqlite_db: Database) -> None:
    service = KnowledgeService(sqlite_db)
    service.import_many([_doc(V1)], actor="test")
    service.import_many([_doc(V2)], actor="test")
    service.change_state("en/refunds", ArticleState.PUBLISHED, actor="lead")
    with sqlite_db.reader() as uow:
        states = {v.version: v.state for v in uow.knowledge.versions("en/refunds")}
    assert states == {1: ArticleState.ARCHIVED, 2: ArticleState.PUBLISHED}
