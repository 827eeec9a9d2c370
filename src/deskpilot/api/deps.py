"""FastAPI dependencies: the database and settings held by the app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from deskpilot.config import Settings
from deskpilot.storage.database import Database


def get_db(request: Request) -> Database:
    """The app's database."""
    return request.app.state.db  # type: ignore[no-any-return]


def get_app_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
