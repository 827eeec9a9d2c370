"""Sign-in and sign-out for the console: a session cookie (HttpOnly, SameSite=Lax) and CSRF tokens on forms."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from deskpilot.api.auth import CSRF_COOKIE, SESSION_COOKIE, caller
from deskpilot.api.deps import DatabaseDep, SettingsDep
from deskpilot.auth.access import public
from deskpilot.console import i18n
from deskpilot.console.forms import CsrfField
from deskpilot.console.messages import FORM_EXPIRED, WRONG_CREDENTIALS
from deskpilot.console.routes import templates
from deskpilot.services.users import SessionService, UserService

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only paths on this site (no scheme, no host) are followed after sign-in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _form(request: Request, next_path: str, error: str | None = None, status: int = 200) -> Response:
    csrf = secrets.token_urlsafe(24)
    response = templates().TemplateResponse(request, "login.html", {"csrf": csrf, "next": _safe_next(next_path),
                                                                   "error": error}, status_code=status)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return response


@router.get("/login", response_class=HTMLResponse)
@public
def login_page(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter's name
    """The sign-in form."""
    return _form(request, next)


@router.post("/login")
@public
def login(request: Request, db: DatabaseDep, settings: SettingsDep, email: str = Form(..., max_length=320),
          password: str = Form(..., max_length=1000), csrf: CsrfField = "", next: str = Form("/")) -> Response:  # noqa: A002
    """Check the CSRF token and the credentials, then start a session."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf):
        return _form(request, next, FORM_EXPIRED, status=400)
    user = UserService(db).sign_in(email, password)
    if user is None:
        return _form(request, next, WRONG_CREDENTIALS, status=401)
    session = SessionService(db, hours=settings.session_hours).start(user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="lax",
                        max_age=int(settings.session_hours * 3600),
                        secure=request.url.scheme == "https")
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.post("/logout")
@public
def logout(request: Request, db: DatabaseDep, csrf: CsrfField = "") -> Response:
    """End the session (the form carries the session's CSRF token)."""
    found = caller(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if found is not None and cookie and found[1] and hmac.compare_digest(found[1], csrf):
        SessionService(db).end(cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/language/{code}")
@public
def choose_language(code: str, request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter
    """Remember the interface language chosen (a cookie; unknown codes fall back to the browser's language)."""
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in i18n.languages():
        response.set_cookie(i18n.LANGUAGE_COOKIE, code, max_age=365 * 86_400, samesite="lax", httponly=True)
    else:
        response.delete_cookie(i18n.LANGUAGE_COOKIE)
    return response
