"""Markdown articles with YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import yaml


class ArticleFormatError(ValueError):
    """An article file could not be parsed; the message says where and why."""


@dataclass
class ArticleDocument:
    """An article as written by its authors, before it is stored."""

    slug: str
    locale: str
    title: str
    body: str
    owner: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    reviewed_at: datetime | None = None
    review_interval_days: int = 90

    @property
    def key(self) -> str:
        """The article key: ``<locale>/<slug>``."""
        return f"{self.locale}/{self.slug}"


def parse_markdown_article(text: str, *, origin: str = "<text>", default_locale: str | None = None) -> ArticleDocument:
    """Parse a Markdown document with a ``---`` front-matter block into an ArticleDocument."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, Any] = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end == -1:
            raise ArticleFormatError(f"{origin}: front matter starts with '---' but never ends")
        try:
            loaded = yaml.safe_load(text[4:end]) or {}
        except yaml.YAMLError as exc:
            raise ArticleFormatError(f"{origin}: front matter is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ArticleFormatError(f"{origin}: front matter must be a mapping")
        meta = loaded
        body = text[end + 4:].lstrip("\n")
    slug = str(meta.get("id") or "").strip()
    if not slug:
        raise ArticleFormatError(f"{origin}: front matter needs an 'id'")
    locale = str(meta.get("locale") or default_locale or "").strip().lower()
    if not locale:
        raise ArticleFormatError(f"{origin}: no 'locale' in front matter and none given")
    title = str(meta.get("title") or _first_heading(body) or slug)
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    return ArticleDocument(
        slug=slug, locale=locale, title=title, body=body, owner=_opt_str(meta.get("owner")),
        category=_opt_str(meta.get("category")), tags=[str(t) for t in tags],
        reviewed_at=_as_datetime(meta.get("reviewed"), origin),
        review_interval_days=int(meta.get("review_interval_days") or 90),
    )


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_datetime(value: Any, origin: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ArticleFormatError(f"{origin}: 'reviewed' is not an ISO date: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
