"""What every console form shares: the session's CSRF token is checked on each POST."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Form, HTTPException, Request

from deskpilot.api.auth import actor_of

__all__ = ["CsrfField", "actor_of", "require_csrf"]

CsrfField = Annotated[str, Form(max_length=200)]
"""A form's CSRF token; declared with the default "" so a missing one is refused like a wrong one (403)."""


def require_csrf(request: Request, token: str) -> None:
    """Refuse a form whose CSRF token is not the session's (403); without sign-in required there is no session."""
    expected = getattr(request.state, "csrf", None)
    if expected is None and not request.app.state.settings.auth_required:
        return
    if not expected or not hmac.compare_digest(expected, token):
        raise HTTPException(status_code=403, detail="the form's CSRF token does not match your session; reload the "
                                                    "page and try again")

