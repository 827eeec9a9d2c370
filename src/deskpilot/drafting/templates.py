"""Locale templates for the composer; their content hash is the prompt version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

REQUIRED = ("greeting_named", "greeting", "intro", "order_status", "order_shipped", "order_delivered",
            "order_tracking", "next_steps", "closing", "disclosure", "sources", "statuses", "policy_eligible",
            "policy_not_eligible", "policy_needs_human", "actions")


@dataclass(frozen=True)
class LocaleTemplates:
    """All templates of the supported locales and their version."""

    by_locale: dict[str, dict[str, Any]]
    version: str

    def for_locale(self, locale: str, fallback: str = "en") -> dict[str, Any]:
        """The templates of a locale (the fallback locale when it has none)."""
        return self.by_locale.get(locale) or self.by_locale[fallback]


@lru_cache(maxsize=1)
def load_templates() -> LocaleTemplates:
    """Read the packaged templates file and check every locale is complete."""
    raw = resources.files("deskpilot.drafting").joinpath("templates/locales.yaml").read_bytes()
    data = yaml.safe_load(raw)
    for locale, entries in data.items():
        missing = [k for k in REQUIRED if k not in entries]
        if missing:
            raise ValueError(f"templates for {locale!r} lack {', '.join(missing)}")
    return LocaleTemplates(by_locale=data, version=f"tpl-{hashlib.sha256(raw).hexdigest()[:12]}")
