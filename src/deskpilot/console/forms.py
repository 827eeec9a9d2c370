"""What every console form shares: the session's CSRF token is checked on each POST."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from deskpilot.api.auth import actor_of

__all__ = ["actor_of", "require_csrf"]


def require_csrf(request: Request, token: str) -> None:
    """Refuse a form whose CSRF token is not the session's (403); without sign-in required there is no session."""
    expected = getattr(request.state, "csrf", None)
    if expected is None and not request.app.state.settings.auth_required:
        return
    if not expected or not hmac.compare_digest(expected, token):
        raise HTTPException(status_code=403, detail="the form's CSRF token does not match your session; reload the "
                                                    "page and try again")

