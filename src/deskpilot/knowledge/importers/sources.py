"""One entry point for every import format: a path (file or folder) or, for vendor APIs, a URL."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskpilot.knowledge.importers.html import read_html_pages
from deskpilot.knowledge.importers.jsonl import read_jsonl
from deskpilot.knowledge.importers.markdown import read_markdown_folder
from deskpilot.knowledge.importers.vendors import (
    fetch_pages,
    intercom_documents,
    intercom_next,
    read_pages_from_files,
    zendesk_documents,
    zendesk_next,
)
from deskpilot.knowledge.markdown import ArticleDocument, ArticleFormatError

FORMATS = ("markdown", "html", "jsonl", "zendesk", "intercom")
INTERCOM_VERSION = "2.11"


@dataclass(frozen=True)
class VendorAuth:
    """Credentials for a live vendor API (never printed or stored by the importer)."""

    token: str
    email: str | None = None

    def zendesk_headers(self) -> dict[str, str]:
        """Zendesk API token auth: Basic base64("{email}/token:{token}")."""
        if not self.email:
            raise ValueError("Zendesk API tokens need the agent's e-mail (--email)")
        raw = f"{self.email}/token:{self.token}".encode()
        return {"Authorization": f"Basic {base64.b64encode(raw).decode()}", "Accept": "application/json"}

    def intercom_headers(self) -> dict[str, str]:
        """Intercom access token auth with a pinned API version."""
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                "Intercom-Version": INTERCOM_VERSION}


def _pages(source: str, headers: Callable[[], dict[str, str]] | None, next_of: Any) -> Iterator[dict[str, Any]]:
    if source.startswith(("http://", "https://")):
        if headers is None:
            raise ValueError("importing from a live API needs credentials (--token)")
        return fetch_pages(source, headers=headers(), next_of=next_of)
    return read_pages_from_files(Path(source))


def read_documents(source: str, fmt: str, *, locale: str | None = None, auth: VendorAuth | None = None,
                   include_drafts: bool = False) -> list[ArticleDocument]:
    """Documents from a path or URL in one of FORMATS; raises ArticleFormatError naming the bad input."""
    if fmt not in FORMATS:
        raise ArticleFormatError(f"unknown format {fmt!r}; supported: {', '.join(FORMATS)}")
    if fmt in ("markdown", "html", "jsonl"):
        path = Path(source)
        reader = {"markdown": read_markdown_folder, "html": read_html_pages, "jsonl": read_jsonl}[fmt]
        return reader(path, default_locale=locale)
    docs: list[ArticleDocument] = []
    if fmt == "zendesk":
        for page in _pages(source, auth.zendesk_headers if auth else None, zendesk_next):
            docs.extend(zendesk_documents(page, include_drafts=include_drafts))
    else:
        for page in _pages(source, auth.intercom_headers if auth else None, intercom_next):
            docs.extend(intercom_documents(page, include_drafts=include_drafts))
    return docs
