"""JSON Lines of ``{id, title, content, locale?}`` (content in Markdown or plain text)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from deskpilot.knowledge.markdown import ArticleDocument, ArticleFormatError


def read_jsonl(path: Path, *, default_locale: str | None = None) -> list[ArticleDocument]:
    """One article per line; a bad line is reported with its number and nothing is imported."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    docs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ArticleFormatError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(item, dict) or not item.get("id") or not item.get("content"):
                raise ArticleFormatError(f"{path}:{number}: needs at least 'id' and 'content'")
            locale = str(item.get("locale") or default_locale or "").lower()
            if not locale:
                raise ArticleFormatError(f"{path}:{number}: no 'locale' and no --locale given")
            docs.append(ArticleDocument(slug=slugify(str(item["id"])), locale=locale,
                                        title=str(item.get("title") or item["id"]), body=str(item["content"]),
                                        tags=[str(t) for t in item.get("tags", [])]))
    return docs


def slugify(value: str) -> str:
    """A URL- and key-safe ASCII slug (accents folded: "Rückerstattung" → "ruckerstattung")."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "article"
