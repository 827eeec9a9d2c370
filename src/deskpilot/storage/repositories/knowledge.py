"""Knowledge repository: articles, immutable versions and their clauses."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.domain.enums import ArticleState
from deskpilot.domain.models import Article, ArticleVersion, Clause
from deskpilot.storage.tables import ArticleRow, ArticleVersionRow, ClauseRow, utcnow


class KnowledgeRepository:
    """Stores articles and their versions; published versions are immutable."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_article(self, key: str) -> Article | None:
        """One article by key (``<locale>/<slug>``)."""
        row = self._article_row(key)
        return None if row is None else _article(row)

    def list_articles(self, *, locale: str | None = None, state: str | None = None) -> list[Article]:
        """Articles ordered by key."""
        query = select(ArticleRow).order_by(ArticleRow.key)
        if locale:
            query = query.where(ArticleRow.locale == locale)
        if state:
            query = query.where(ArticleRow.state == state)
        return [_article(r) for r in self.session.execute(query).scalars()]

    def save_article(self, article: Article) -> Article:
        """Insert or update an article's metadata (not its text)."""
        row = self._article_row(article.key)
        if row is None:
            row = ArticleRow(key=article.key, locale=article.locale, title=article.title, state=article.state.value)
            self.session.add(row)
        row.title = article.title
        row.owner = article.owner
        row.category = article.category
        row.tags = list(article.tags)
        row.state = article.state.value
        row.review_interval_days = article.review_interval_days
        row.last_reviewed_at = article.last_reviewed_at
        row.updated_at = utcnow()
        self.session.flush()
        article.id = row.id
        return article

    def latest_version(self, key: str) -> ArticleVersion | None:
        """The newest version of an article, with clauses."""
        row = self.session.execute(
            select(ArticleVersionRow).join(ArticleRow).where(ArticleRow.key == key)
            .order_by(ArticleVersionRow.version.desc()).limit(1)
        ).scalar_one_or_none()
        return None if row is None else _version(row)

    def get_version(self, key: str, version: int) -> ArticleVersion | None:
        """A specific version of an article, with clauses."""
        row = self.session.execute(
            select(ArticleVersionRow).join(ArticleRow)
            .where(ArticleRow.key == key, ArticleVersionRow.version == version)
        ).scalar_one_or_none()
        return None if row is None else _version(row)

    def add_version(self, key: str, *, title: str, body: str, content_hash: str,
                    clauses: list[tuple[str, str | None, str, str]],
                    state: ArticleState = ArticleState.DRAFT) -> ArticleVersion:
        """Store a new immutable version (draft by default); clauses are (key, section, text, text_hash)."""
        article = self._article_row(key)
        if article is None:
            raise KeyError(f"unknown article {key!r}")
        number = (self.session.execute(
            select(func.max(ArticleVersionRow.version)).where(ArticleVersionRow.article_id == article.id)
        ).scalar_one() or 0) + 1
        row = ArticleVersionRow(article_id=article.id, version=number, title=title, body=body,
                                content_hash=content_hash, state=ArticleState.DRAFT.value)
        self.session.add(row)
        self.session.flush()
        for position, (clause_key, section, text, thash) in enumerate(clauses):
            self.session.add(ClauseRow(version_id=row.id, key=clause_key, position=position, section=section,
                                       text=text, text_hash=thash))
        self.session.flush()
        if state != ArticleState.DRAFT:
            return self.set_version_state(key, number, state)
        if article.current_version is None:
            article.state = ArticleState.DRAFT.value
        self.session.refresh(row)
        return _version(row)

    def add_published_version(self, key: str, *, title: str, body: str, content_hash: str,
                              clauses: list[tuple[str, str | None, str, str]]) -> ArticleVersion:
        """Store a new version and publish it at once (the previous published version is archived)."""
        return self.add_version(key, title=title, body=body, content_hash=content_hash, clauses=clauses,
                                state=ArticleState.PUBLISHED)

    def set_version_state(self, key: str, version: int, state: ArticleState) -> ArticleVersion:
        """Move a version to a state; publishing archives the previously published version."""
        article = self._article_row(key)
        row = None if article is None else self.session.execute(
            select(ArticleVersionRow).where(ArticleVersionRow.article_id == article.id,
                                            ArticleVersionRow.version == version)
        ).scalar_one_or_none()
        if article is None or row is None:
            raise KeyError(f"unknown article version {key!r} v{version}")
        now = utcnow()
        if state == ArticleState.PUBLISHED:
            for old in self.session.execute(
                select(ArticleVersionRow).where(ArticleVersionRow.article_id == article.id,
                                                ArticleVersionRow.state == ArticleState.PUBLISHED.value,
                                                ArticleVersionRow.id != row.id)
            ).scalars():
                old.state = ArticleState.ARCHIVED.value
            row.published_at = now
            article.current_version = version
            article.title = row.title
            article.state = ArticleState.PUBLISHED.value
        elif row.state == ArticleState.PUBLISHED.value:  # unpublishing the live version
            article.current_version = None
            article.state = state.value
        elif article.current_version is None:
            article.state = state.value
        row.state = state.value
        article.updated_at = now
        self.session.flush()
        self.session.refresh(row)
        return _version(row)

    def versions(self, key: str) -> list[ArticleVersion]:
        """Every version of an article, oldest first."""
        rows = self.session.execute(
            select(ArticleVersionRow).join(ArticleRow).where(ArticleRow.key == key)
            .order_by(ArticleVersionRow.version)
        ).scalars().all()
        return [_version(r) for r in rows]

    def published_clauses(self, *, locale: str | None = None) -> list[Clause]:
        """Every clause of every currently published version, optionally for one locale."""
        query = (
            select(ClauseRow, ArticleVersionRow.version, ArticleRow.key, ArticleRow.locale, ArticleRow.title)
            .join(ArticleVersionRow, ClauseRow.version_id == ArticleVersionRow.id)
            .join(ArticleRow, ArticleVersionRow.article_id == ArticleRow.id)
            .where(ArticleVersionRow.state == ArticleState.PUBLISHED.value)
            .order_by(ArticleRow.key, ClauseRow.position)
        )
        if locale:
            query = query.where(ArticleRow.locale == locale)
        return [
            Clause(id=c.id, key=c.key, article_key=key, version=version, position=c.position, text=c.text,
                   section=c.section, locale=loc, article_title=title)
            for c, version, key, loc, title in self.session.execute(query).all()
        ]

    def clause_by_citation(self, citation: str) -> Clause | None:
        """Resolve ``<clause key>@v<N>`` to the clause of that exact version."""
        clause_key, _, version_part = citation.rpartition("@v")
        if not clause_key or not version_part.isdigit():
            return None
        row = self.session.execute(
            select(ClauseRow, ArticleVersionRow, ArticleRow)
            .join(ArticleVersionRow, ClauseRow.version_id == ArticleVersionRow.id)
            .join(ArticleRow, ArticleVersionRow.article_id == ArticleRow.id)
            .where(ClauseRow.key == clause_key, ArticleVersionRow.version == int(version_part))
        ).first()
        if row is None:
            return None
        c, v, a = row
        return Clause(id=c.id, key=c.key, article_key=a.key, version=v.version, position=c.position, text=c.text,
                      section=c.section, locale=a.locale, article_title=v.title)

    def kb_version(self) -> str:
        """A short fingerprint of the set of published article versions."""
        rows = self.session.execute(
            select(ArticleRow.key, ArticleVersionRow.version, ArticleVersionRow.content_hash)
            .join(ArticleVersionRow, ArticleVersionRow.article_id == ArticleRow.id)
            .where(ArticleVersionRow.state == ArticleState.PUBLISHED.value)
            .order_by(ArticleRow.key)
        ).all()
        digest = hashlib.sha256("\n".join(f"{k}@{v}:{h}" for k, v, h in rows).encode()).hexdigest()
        return f"kb-{digest[:12]}"

    def clause_vectors(self, clause_ids: list[int], model: str) -> dict[int, bytes]:
        """Stored vectors of clauses computed by a given embedding model."""
        found: dict[int, bytes] = {}
        for start in range(0, len(clause_ids), 500):
            rows = self.session.execute(
                select(ClauseRow.id, ClauseRow.embedding).where(
                    ClauseRow.id.in_(clause_ids[start:start + 500]), ClauseRow.embedding_model == model,
                    ClauseRow.embedding.is_not(None))
            ).all()
            found.update({cid: emb for cid, emb in rows if emb is not None})
        return found

    def store_vectors(self, vectors: dict[int, bytes], model: str) -> None:
        """Store clause vectors with the name of the model that computed them."""
        for clause_id, data in vectors.items():
            row = self.session.get(ClauseRow, clause_id)
            if row is not None:
                row.embedding, row.embedding_model = data, model
        self.session.flush()

    def _article_row(self, key: str) -> ArticleRow | None:
        return self.session.execute(select(ArticleRow).where(ArticleRow.key == key)).scalar_one_or_none()


def _article(row: ArticleRow) -> Article:
    return Article(id=row.id, key=row.key, locale=row.locale, title=row.title, state=ArticleState(row.state),
                   owner=row.owner, category=row.category, tags=list(row.tags or []),
                   review_interval_days=row.review_interval_days, last_reviewed_at=row.last_reviewed_at,
                   current_version=row.current_version)


def _version(row: ArticleVersionRow) -> ArticleVersion:
    key = row.article.key
    return ArticleVersion(
        id=row.id, article_key=key, version=row.version, title=row.title, body=row.body,
        content_hash=row.content_hash, state=ArticleState(row.state), published_at=row.published_at,
        clauses=[Clause(id=c.id, key=c.key, article_key=key, version=row.version, position=c.position, text=c.text,
                        section=c.section, locale=row.article.locale, article_title=row.title)
                 for c in row.clauses],
    )
