"""A folder of Markdown files with front matter (id, locale, title, owner, reviewed)."""

from __future__ import annotations

from pathlib import Path

from deskpilot.knowledge.markdown import ArticleDocument, ArticleFormatError, parse_markdown_article


def read_markdown_folder(path: Path, *, default_locale: str | None = None) -> list[ArticleDocument]:
    """Every ``*.md`` file under a folder (recursively), sorted by path; errors name the file."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    files = [path] if path.is_file() else sorted(path.rglob("*.md"))
    docs = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleFormatError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        locale = default_locale or (file.parent.name if len(file.parent.name) == 2 else None)
        docs.append(parse_markdown_article(text, origin=str(file), default_locale=locale))
    return docs
