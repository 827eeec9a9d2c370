"""FastAPI dependencies: the database and settings held by the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import Depends, Query, Request

from deskpilot.config import Settings
from deskpilot.storage.database import Database

T = TypeVar("T")

if TYPE_CHECKING:
    from deskpilot.review.queue import QueueFilter
    from deskpilot.services.connectors import ConnectorService
    from deskpilot.services.review import ReviewService
    from deskpilot.services.suggestions import SuggestionService


def get_db(request: Request) -> Database:
    """The app's database."""
    return request.app.state.db  # type: ignore[no-any-return]


def get_app_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


def _shared(request: Request, name: str, build: Callable[[], T]) -> T:
    """A service kept on the app's state, built once on first use."""
    state = request.app.state
    with state.lock:
        if getattr(state, name, None) is None:
            setattr(state, name, build())
        return getattr(state, name)  # type: ignore[no-any-return]


def get_suggestions(request: Request) -> SuggestionService:
    """The app's suggestion service (its pipeline is built and warmed on first use)."""
    from deskpilot.runtime import build_suggestion_service

    state = request.app.state
    return _shared(request, "suggestions", lambda: build_suggestion_service(state.db, state.settings))


def get_connectors(request: Request) -> ConnectorService:
    """The app's connector service (it caches the connectors it built)."""
    from deskpilot.services.connectors import ConnectorService

    return _shared(request, "connectors", lambda: ConnectorService(request.app.state.db))


def queue_filter(locale: str | None = Query(None, max_length=8), category: str | None = Query(None, max_length=64),
                 outcome: str | None = Query(None, pattern="^(review|escalate)?$"),
                 min_confidence: float | None = Query(None, ge=0, le=1),
                 max_confidence: float | None = Query(None, ge=0, le=1),
                 sla: str | None = Query(None, pattern="^(breached|due_soon|ok)?$"),
                 min_age_minutes: int | None = Query(None, ge=0, le=100_000)) -> QueueFilter:
    """The review queue's filter from the query string (empty fields mean no filter)."""
    from deskpilot.review.queue import QueueFilter

    return QueueFilter(locale=locale or None, category=category or None, outcome=outcome or None,
                       min_confidence=min_confidence, max_confidence=max_confidence,
                       sla=sla or None,  # type: ignore[arg-type]
                       min_age_minutes=min_age_minutes)


def get_review(request: Request) -> ReviewService:
    """The review service with the workspace's SLA."""
    from deskpilot.review.queue import SlaPolicy
    from deskpilot.services.review import ReviewService

    settings = request.app.state.settings
    return ReviewService(request.app.state.db, SlaPolicy(settings.review_sla_minutes,
                                                         settings.urgent_review_sla_minutes))


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SuggestionsDep = Annotated["SuggestionService", Depends(get_suggestions)]
ConnectorsDep = Annotated["ConnectorService", Depends(get_connectors)]
FilterDep = Annotated["QueueFilter", Depends(queue_filter)]
ReviewDep = Annotated["ReviewService", Depends(get_review)]
