"""FastAPI dependencies: the database and settings held by the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from deskpilot.config import Settings
from deskpilot.storage.database import Database

if TYPE_CHECKING:
    from deskpilot.services.connectors import ConnectorService
    from deskpilot.services.suggestions import SuggestionService


def get_db(request: Request) -> Database:
    """The app's database."""
    return request.app.state.db  # type: ignore[no-any-return]


def get_app_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_suggestions(request: Request) -> SuggestionService:
    """The app's suggestion service (its pipeline is built and warmed on first use)."""
    state = request.app.state
    with state.lock:
        if getattr(state, "suggestions", None) is None:
            from deskpilot.runtime import build_suggestion_service

            state.suggestions = build_suggestion_service(state.db, state.settings)
        return state.suggestions  # type: ignore[no-any-return]


def get_connectors(request: Request) -> ConnectorService:
    """The app's connector service (it caches the connectors it built)."""
    state = request.app.state
    with state.lock:
        if getattr(state, "connectors", None) is None:
            from deskpilot.services.connectors import ConnectorService

            state.connectors = ConnectorService(state.db)
        return state.connectors  # type: ignore[no-any-return]


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SuggestionsDep = Annotated["SuggestionService", Depends(get_suggestions)]
ConnectorsDep = Annotated["ConnectorService", Depends(get_connectors)]
