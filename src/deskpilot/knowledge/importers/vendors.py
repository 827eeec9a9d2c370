"""Zendesk Guide and Intercom article API payloads (files of pages, or live with pagination)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from deskpilot.knowledge.importers.html import html_to_markdown
from deskpilot.knowledge.importers.jsonl import slugify
from deskpilot.knowledge.markdown import ArticleDocument, ArticleFormatError

MAX_PAGES = 10_000


def zendesk_documents(page: dict[str, Any], *, include_drafts: bool = False) -> list[ArticleDocument]:
    """Articles of one ``/api/v2/help_center/articles.json`` page."""
    if "articles" not in page:
        raise ArticleFormatError("not a Zendesk articles page: no 'articles' key")
    docs = []
    for art in page["articles"]:
        if art.get("draft") and not include_drafts:
            continue
        body, _, _ = html_to_markdown(art.get("body") or "")
        locale = str(art.get("locale") or art.get("source_locale") or "en").split("-")[0].lower()
        docs.append(ArticleDocument(
            slug=f"zd-{art['id']}-{slugify(art.get('title') or '')}"[:120], locale=locale,
            title=art.get("title") or art.get("name") or str(art["id"]), body=body,
            owner=f"zendesk-user:{art['author_id']}" if art.get("author_id") else None,
            tags=[str(t) for t in art.get("label_names") or []],
            reviewed_at=_iso(art.get("edited_at") or art.get("updated_at"))))
    return docs


def zendesk_next(page: dict[str, Any]) -> str | None:
    """The next page's URL (offset ``next_page`` or cursor ``links.next`` with ``meta.has_more``)."""
    if page.get("next_page"):
        return str(page["next_page"])
    meta, links = page.get("meta") or {}, page.get("links") or {}
    return str(links["next"]) if meta.get("has_more") and links.get("next") else None


def intercom_documents(page: dict[str, Any], *, include_drafts: bool = False) -> list[ArticleDocument]:
    """Articles of one ``GET /articles`` list page, one document per published translation."""
    if page.get("type") != "list" or "data" not in page:
        raise ArticleFormatError("not an Intercom article list: expected type 'list' with 'data'")
    docs = []
    for art in page["data"]:
        versions: list[tuple[str, dict[str, Any]]] = []
        translated = art.get("translated_content") or {}
        for key, content in translated.items():
            if isinstance(content, dict) and content.get("type") == "article_content":
                versions.append((key, content))
        if not versions:
            versions.append((art.get("default_locale") or "en", art))
        for locale, content in versions:
            if content.get("state", "published") != "published" and not include_drafts:
                continue
            if not content.get("body"):
                continue
            body, _, _ = html_to_markdown(content["body"])
            docs.append(ArticleDocument(
                slug=f"ic-{art['id']}-{slugify(content.get('title') or '')}"[:120],
                locale=locale.split("-")[0].lower(), title=content.get("title") or str(art["id"]), body=body,
                owner=f"intercom-admin:{content['author_id']}" if content.get("author_id") else None,
                reviewed_at=_epoch(content.get("updated_at"))))
    return docs


def intercom_next(page: dict[str, Any]) -> str | None:
    """The next page's URL from ``pages.next`` (a URL, or an object with ``starting_after``)."""
    nxt = (page.get("pages") or {}).get("next")
    if isinstance(nxt, str):
        return nxt
    if isinstance(nxt, dict) and nxt.get("starting_after"):
        return f"?starting_after={nxt['starting_after']}"
    return None


def read_pages_from_files(path: Path) -> Iterator[dict[str, Any]]:
    """API pages saved as JSON files (one file, or every ``*.json`` in a folder, in name order)."""
    files = [path] if path.is_file() else sorted(path.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no JSON pages at {path}")
    for file in files:
        try:
            yield json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ArticleFormatError(f"{file}: not valid JSON ({exc.msg})") from exc


def fetch_pages(url: str, *, headers: dict[str, str], next_of: Any, client: httpx.Client | None = None,
                max_pages: int = MAX_PAGES) -> Iterator[dict[str, Any]]:
    """Follow a vendor's pagination from a first URL, honouring 429 Retry-After."""
    own = client is None
    client = client or httpx.Client(timeout=30)
    try:
        current: str | None = url
        for _ in range(max_pages):
            if current is None:
                return
            response = _get(client, current, headers)
            page = response.json()
            yield page
            nxt = next_of(page)
            current = str(httpx.URL(current).join(nxt)) if nxt and nxt.startswith("?") else nxt
    finally:
        if own:
            client.close()


def _get(client: httpx.Client, url: str, headers: dict[str, str], attempts: int = 5) -> httpx.Response:
    import time

    for attempt in range(attempts):
        response = client.get(url, headers=headers)
        if response.status_code == 429 or response.status_code >= 500:
            wait = float(response.headers.get("Retry-After", 2 ** attempt))
            time.sleep(min(wait, 60))
            continue
        response.raise_for_status()
        return response
    response.raise_for_status()
    return response


def _iso(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _epoch(value: Any) -> datetime | None:
    return None if value in (None, "") else datetime.fromtimestamp(int(value), tz=UTC)
