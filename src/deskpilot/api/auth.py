"""Who is calling: an API token (``Authorization: Bearer dp_…``) or a console session cookie, checked against the
roles the route declares. Anonymous API calls get 401, anonymous console pages a redirect to the sign-in page,
the wrong role 403."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import HTTPException, Request

from deskpilot.auth.access import PUBLIC, declared
from deskpilot.services.users import SessionService, UserService
from deskpilot.storage.repositories.users import User

SESSION_COOKIE = "deskpilot_session"
CSRF_COOKIE = "deskpilot_csrf"


def caller(request: Request) -> tuple[User, str | None] | None:
    """The authenticated user and, for a session, its CSRF token."""
    db = request.app.state.db
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = UserService(db).user_for_token(header[7:].strip())
        return None if user is None else (user, None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        session = SessionService(db).lookup(cookie)
        if session is not None:
            return session.user, session.csrf
    return None


def access_guard(request: Request) -> None:
    """Refuse a request unless its route is public or the caller has one of the route's roles."""
    route = request.scope.get("route")
    allowed = declared(getattr(route, "endpoint", None))
    if allowed is None:
        raise HTTPException(status_code=403, detail="this route declares no access and is refused")
    request.state.user, request.state.csrf = None, None
    if PUBLIC in allowed or not request.app.state.settings.auth_required:
        return
    found = caller(request)
    if found is None:
        if request.url.path.startswith("/api/"):
            raise HTTPException(status_code=401, detail="sign in or send an API token",
                                headers={"WWW-Authenticate": "Bearer"})
        raise HTTPException(status_code=303, headers={"Location": f"/login?next={quote(request.url.path)}"})
    user, csrf = found
    if user.role not in allowed:
        raise HTTPException(status_code=403, detail=f"the {user.role} role may not do this")
    request.state.user, request.state.csrf = user, csrf


def actor_of(request: Request) -> str:
    """Who does it, for the audit log: the signed-in user (``user:EMAIL``), else the app itself."""
    user = getattr(request.state, "user", None)
    return f"user:{user.email}" if user is not None else "console:anonymous"
