"""Importers on real-format samples: Markdown, HTML, JSONL, Zendesk Guide and Intercom (files and live API)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deskpilot.demo.workspace import demo_articles_path
from deskpilot.knowledge.importers.sources import VendorAuth, read_documents
from deskpilot.knowledge.markdown import ArticleFormatError
from deskpilot.services.knowledge import KnowledgeService
from deskpilot.storage.database import Database

SAMPLES = Path(__file__).parent / "samples"
SHARED_BANKING = Path(__file__).resolve().parents[3] / "shared" / "data" / "tau2_banking_knowledge" / "documents.jsonl"


def test_markdown_folder_reads_front_matter() -> None:
    docs = read_documents(str(demo_articles_path() / "lt"), "markdown")
    assert len(docs) == 16 and {d.locale for d in docs} == {"lt"}
    refunds = next(d for d in docs if d.slug == "refunds")
    assert refunds.owner and refunds.reviewed_at is not None and refunds.review_interval_days == 90
    assert refunds.key == "lt/refunds" and "14" in refunds.body


def test_html_page_keeps_headings_lists_and_tables_and_drops_boilerplate() -> None:
    [doc] = read_documents(str(SAMPLES / "html"), "html")
    assert doc.locale == "de" and doc.title.startswith("Rückgabe")
    assert "## 1. Bedingungen" in doc.body and "1. Der Artikel ist unbenutzt und vollständig." in doc.body
    assert "- Personalisierte Artikel sind ausgeschlossen." in doc.body and "Frankreich" in doc.body
    for boilerplate in ("Zum Inhalt springen", "Impressum", "Cookies", "Verwandte Artikel", "dataLayer", "Start"):
        assert boilerplate not in doc.body


def test_jsonl_reads_the_banking_help_centre_format_and_reports_bad_lines(tmp_path: Path) -> None:
    docs = read_documents(str(SAMPLES / "tau2_banking_sample.jsonl"), "jsonl", locale="en")
    assert len(docs) == 4 and docs[0].title == "Internal: Opening Personal Checking Accounts"
    assert docs[0].slug == "doc-bank-accounts-bank-accounts-general-001"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "title": "A", "content": "x"}\n{"id": "b", "title": \n', encoding="utf-8")
    with pytest.raises(ArticleFormatError, match=r"bad.jsonl:2: not valid JSON"):
        read_documents(str(bad), "jsonl", locale="en")
    with pytest.raises(ArticleFormatError, match="no 'locale'"):
        read_documents(str(SAMPLES / "tau2_banking_sample.jsonl"), "jsonl")


@pytest.mark.skipif(not SHARED_BANKING.exists(), reason="shared banking data set not present")
def test_jsonl_reads_the_whole_banking_knowledge_base() -> None:
    docs = read_documents(str(SHARED_BANKING), "jsonl", locale="en")
    assert len(docs) == 698 and len({d.key for d in docs}) == 698


def test_zendesk_pages_from_files_skip_drafts_and_keep_locales() -> None:
    docs = read_documents(str(SAMPLES / "zendesk"), "zendesk")
    assert [d.locale for d in docs] == ["en", "de"]
    assert docs[0].slug.startswith("zd-360001234567-") and docs[0].title == "Where is my order?"
    assert "## Tracking number" in docs[0].body and docs[0].owner == "zendesk-user:361000111222"


def test_intercom_list_gives_one_document_per_published_translation() -> None:
    docs = read_documents(str(SAMPLES / "intercom_articles.json"), "intercom")
    keys = sorted(d.key for d in docs)
    assert keys and all(k.split("/")[1].startswith("ic-") for k in keys)
    assert sorted(d.locale for d in docs) == ["en", "es", "lt"]  # the French translation is a draft
    assert next(d for d in docs if d.locale == "lt").title == "Pristatymo adreso keitimas"


class _ZendeskApi(BaseHTTPRequestHandler):
    """Serves the saved pages like Zendesk: Basic token auth, offset pagination, one 429 first."""

    pages: dict[str, bytes] = {}
    seen_auth: list[str] = []
    throttled = False

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        type(self).seen_auth.append(self.headers.get("Authorization", ""))
        if not type(self).throttled:
            type(self).throttled = True
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        body = type(self).pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body or b"{}")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def zendesk_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ZendeskApi)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    first, second = (json.loads((SAMPLES / "zendesk" / f"page-{n}.json").read_text()) for n in (1, 2))
    first["next_page"] = f"{base}/api/v2/help_center/articles.json?page=2&per_page=2"
    _ZendeskApi.pages = {"/api/v2/help_center/articles.json": json.dumps(first).encode(),
                         "/api/v2/help_center/articles.json?page=2&per_page=2": json.dumps(second).encode()}
    _ZendeskApi.seen_auth, _ZendeskApi.throttled = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


def test_zendesk_live_api_follows_pagination_with_token_auth_and_retry_after(zendesk_server: str) -> None:
    url = f"{zendesk_server}/api/v2/help_center/articles.json"
    docs = read_documents(url, "zendesk", auth=VendorAuth(token="secret-token", email="kb@lumio.example"))
    assert [d.locale for d in docs] == ["en", "de"]
    expected = "Basic " + base64.b64encode(b"kb@lumio.example/token:secret-token").decode()
    assert _ZendeskApi.seen_auth == [expected] * 3  # throttled once, then two pages
    with pytest.raises(ValueError, match="credentials"):
        read_documents(url, "zendesk")


def test_reimporting_unchanged_content_creates_no_version_and_changed_content_does(
        sqlite_db: Database, tmp_path: Path) -> None:
    service = KnowledgeService(sqlite_db)
    source = tmp_path / "kb.jsonl"
    source.write_text((SAMPLES / "tau2_banking_sample.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    first = service.import_many(read_documents(str(source), "jsonl", locale="en"), actor="t", publish=True)
    again = service.import_many(read_documents(str(source), "jsonl", locale="en"), actor="t", publish=True)
    assert all(r.created for r in first) and not any(r.created for r in again)
    lines = source.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["content"] += "\n\nBranches close at 17:00 on Fridays."
    source.write_text("\n".join([json.dumps(changed), *lines[1:]]) + "\n", encoding="utf-8")
    third = service.import_many(read_documents(str(source), "jsonl", locale="en"), actor="t", publish=True)
    assert [r.created for r in third] == [True, False, False, False] and third[0].version == 2
