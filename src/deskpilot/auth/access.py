"""Every route declares who may call it; a route that declares nothing is refused (deny by default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from deskpilot.auth.credentials import Role

PUBLIC = "public"
F = TypeVar("F", bound=Callable[..., Any])

ALL_ROLES = frozenset(r.value for r in Role)
READ_CONVERSATIONS = (Role.ADMIN, Role.REVIEWER, Role.AUDITOR)
REVIEW = (Role.ADMIN, Role.REVIEWER)  # approve, edit or reject drafts
ANALYTICS = (Role.ADMIN, Role.ANALYST)


def allow(*roles: Role) -> Callable[[F], F]:
    """Decorator: the roles that may call a route."""

    def mark(func: F) -> F:
        func.__access__ = frozenset(r.value for r in roles)  # type: ignore[attr-defined]
        return func

    return mark


def public(func: F) -> F:
    """Decorator: anyone may call the route (it checks something else, e.g. a webhook signature)."""
    func.__access__ = frozenset({PUBLIC})  # type: ignore[attr-defined]
    return func


def declared(endpoint: Any) -> frozenset[str] | None:
    """What a route's endpoint declares (None: nothing, which is refused)."""
    value = getattr(endpoint, "__access__", None)
    return value if isinstance(value, frozenset) else None
