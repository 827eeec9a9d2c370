"""Who may call what: every route declares its roles and refuses everyone else (a walk over all routes), API
tokens and console sessions, sign-in with CSRF protection, sign-out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from deskpilot.api.app import create_app
from deskpilot.auth.access import PUBLIC, declared
from deskpilot.auth.credentials import Role
from deskpilot.config import Settings
from deskpilot.services.users import UserService
from deskpilot.storage.database import Database
from deskpilot.testing.databases import migrated_database, sqlite_url
from deskpilot.testing.servers import running_server

FRAMEWORK_PUBLIC = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static"}  # no data behind them
SAMPLE = {"locale": "en", "slug": "returns"}
WARM_UP_SECONDS = 120  # the first suggestion request builds and warms a whole pipeline


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, dict[str, str]]]:
    url = sqlite_url(tmp_path_factory.mktemp("access"))
    db = migrated_database(url)
    users = UserService(db)
    tokens = {}
    for role in Role:
        users.add(f"{role.value}@example.com", role.value, password="a long test password", actor="test")
        tokens[role.value] = users.create_token(f"{role.value}@example.com", "t", actor="test").secret
    app = create_app(Settings(database_url=url, environment="test"), db=db)
    with running_server(app) as base:
        yield base, db, tokens
    db.dispose()


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every route of the app, through included routers."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        else:
            yield prefix + getattr(route, "path", ""), route


def _routes() -> list[tuple[str, str, frozenset[str] | None]]:
    app = create_app(Settings(database_url="sqlite://", environment="test"))
    found = []
    for full, route in _walk(list(app.routes)):
        if isinstance(route, APIRoute):
            path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE.get(m.group(1), "1"), full)
            found.extend((method, path, declared(route.endpoint)) for method in sorted(route.methods))
        else:
            assert full in FRAMEWORK_PUBLIC, f"{full} is not an APIRoute and not known to be public"
    return found


ROUTES = _routes()


def test_every_route_declares_who_may_call_it() -> None:
    undeclared = [(m, p) for m, p, allowed in ROUTES if allowed is None]
    assert not undeclared
    assert {p for _, p, allowed in ROUTES if allowed and PUBLIC in allowed} == {
        "/healthz", "/webhooks/1", "/login", "/logout", "/language/1"}


@pytest.mark.parametrize(("method", "path", "allowed"), [r for r in ROUTES if PUBLIC not in (r[2] or ())],
                         ids=[f"{m} {p}" for m, p, a in ROUTES if PUBLIC not in (a or ())])
def test_anonymous_and_wrong_roles_are_refused(secured: tuple[str, Database, dict[str, str]], method: str,
                                               path: str, allowed: frozenset[str]) -> None:
    base, _, tokens = secured
    anonymous = httpx.request(method, f"{base}{path}", follow_redirects=False)
    if path.startswith("/api/"):
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    else:
        assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    for role, token in tokens.items():
        answer = httpx.request(method, f"{base}{path}", headers={"Authorization": f"Bearer {token}"},
                               follow_redirects=False, timeout=WARM_UP_SECONDS)
        if role in allowed:  # let through; a console form without its session's CSRF token is then refused
            refused_for_role = answer.status_code == 403 and "CSRF" not in answer.text
            assert answer.status_code != 401 and not refused_for_role, (role, answer.text)
        else:
            assert answer.status_code == 403, (role, answer.status_code)
    forged = httpx.request(method, f"{base}{path}", headers={"Authorization": "Bearer dp_forged"},
                           follow_redirects=False)
    assert forged.status_code in (401, 303)


def test_sign_in_with_csrf_then_sign_out(secured: tuple[str, Database, dict[str, str]]) -> None:
    base, _, _ = secured
    with httpx.Client(base_url=base, follow_redirects=False) as browser:
        form = browser.get("/login", params={"next": "/"})
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        stale = browser.post("/login", data={"email": "reviewer@example.com", "password": "a long test password",
                                             "csrf": "forged", "next": "/"})
        assert stale.status_code == 400
        csrf = re.search(r'name="csrf" value="([^"]+)"', stale.text).group(1)  # type: ignore[union-attr]
        wrong = browser.post("/login", data={"email": "reviewer@example.com", "password": "not the password",
                                             "csrf": csrf, "next": "/"})
        assert wrong.status_code == 401 and "Wrong e-mail or password" in wrong.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', wrong.text).group(1)  # type: ignore[union-attr]
        signed = browser.post("/login", data={"email": "reviewer@example.com", "password": "a long test password",
                                              "csrf": csrf, "next": "https://evil.example/"})
        assert signed.status_code == 303 and signed.headers["location"] == "/"  # no open redirect
        assert "httponly" in signed.headers["set-cookie"].lower()
        home = browser.get("/")
        assert home.status_code == 200 and "reviewer@example.com" in home.text
        assert browser.get("/dashboard").status_code == 403  # a reviewer is not an analyst
        session_csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)  # type: ignore[union-attr]
        browser.post("/logout", data={"csrf": session_csrf})
        assert browser.get("/").status_code == 303


def test_webhooks_and_health_need_no_sign_in(secured: tuple[str, Database, dict[str, str]], tmp_path: Path) -> None:
    base, _, _ = secured
    assert httpx.get(f"{base}/healthz").status_code == 200
    assert httpx.post(f"{base}/webhooks/nobody", content=b"{}").status_code == 404  # refused by the connector lookup
