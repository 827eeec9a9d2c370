"""Publishing articles: immutable versions, stable clause ids, old citations keep their text."""

from __future__ import annotations

from deskpilot.knowledge.clauses import split_clauses
from deskpilot.knowledge.markdown import parse_markdown_article
from deskpilot.services.knowledge import KnowledgeService
from deskpilot.storage.database import Database

ARTICLE = """---
id: returns-policy
locale: en
title: Returns policy
owner: Returns team
reviewed: 2026-10-02
tags: [returns, policy]
category: returns
---
# Returns policy

You can return most items within 30 days of delivery.

## 1. Your right to return
1. Items must be unused and in their original packaging.
2. Returns are free from Lithuania, Latvia, Estonia and Germany.

## 2. Exclusions
- Personalised items cannot be returned.

| country | label |
|---|---|
| Germany | free |
| France | €5.95 |
"""


def test_split_finds_paragraphs_rules_bullets_and_table_rows() -> None:
    doc = parse_markdown_article(ARTICLE)
    clauses = split_clauses(doc.body)
    assert [c.anchor for c in clauses] == ["0.1", "1.1", "1.2", "2.1", "2.2", "2.3"]
    assert clauses[1].section == "1. Your right to return"
    assert clauses[4].text == "country: Germany; label: free"
    assert doc.key == "en/returns-policy" and doc.owner == "Returns team" and doc.tags == ["returns", "policy"]


def test_republishing_unchanged_content_creates_no_version(sqlite_db: Database) -> None:
    service = KnowledgeService(sqlite_db)
    first = service.publish_many([parse_markdown_article(ARTICLE)], actor="test")[0]
    again = service.publish_many([parse_markdown_article(ARTICLE)], actor="test")[0]
    assert first.created and first.version == 1
    assert not again.created and again.version == 1


def test_unchanged_clauses_keep_their_ids_and_old_citations_keep_old_text(sqlite_db: Database) -> None:
    service = KnowledgeService(sqlite_db)
    service.publish_many([parse_markdown_article(ARTICLE)], actor="test")
    with sqlite_db.reader() as uow:
        v1 = {c.text: c.key for c in uow.knowledge.latest_version("en/returns-policy").clauses}  # type: ignore[union-attr]
    changed = ARTICLE.replace(
        "## 1. Your right to return\n",
        "## 1. Your right to return\n1. Returns need an order number.\n",
    ).replace("within 30 days", "within 45 days")
    result = service.publish_many([parse_markdown_article(changed)], actor="test")[0]
    assert result.created and result.version == 2
    with sqlite_db.reader() as uow:
        v2 = {c.text: c.key for c in uow.knowledge.latest_version("en/returns-policy").clauses}  # type: ignore[union-attr]
        published = {c.citation for c in uow.knowledge.published_clauses()}
        old = uow.knowledge.clause_by_citation(f"{v1['You can return most items within 30 days of delivery.']}@v1")
    for text in ("Items must be unused and in their original packaging.", "Personalised items cannot be returned."):
        assert v2[text] == v1[text]
    assert len(set(v2.values())) == len(v2)
    assert all(c.endswith("@v2") for c in published)
    assert old is not None and "30 days" in old.text
