"""Versioned model configurations, prompts by content hash, the active drafting configuration and LLM calls."""

from __future__ import annotations

import builtins
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.drafting.active import ActiveDrafting
from deskpilot.drafting.prompts import Prompt, builtin_prompt
from deskpilot.drafting.provider import EMBEDDED, ModelConfig
from deskpilot.storage.tables import LlmCallRow, ModelConfigRow, PromptRow

SETTING_NAMES = frozenset(f.name for f in fields(ModelConfig)) - {"name", "version"}


class UnknownDrafting(LookupError):
    """A model configuration or prompt version that is not registered."""


class DraftingRepository:
    """The drafting registry's rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_model_config(self, name: str, settings: dict[str, Any], *, actor: str) -> ModelConfig:
        """Store the next version of a named configuration."""
        unknown = set(settings) - SETTING_NAMES
        if unknown:
            raise ValueError(f"unknown model settings: {', '.join(sorted(unknown))}")
        latest = self.session.execute(select(func.max(ModelConfigRow.version))
                                      .where(ModelConfigRow.name == name)).scalar_one()
        config = ModelConfig(name=name, version=int(latest or 0) + 1, **settings)
        self.session.add(ModelConfigRow(name=name, version=config.version, kind=config.kind,
                                        settings=config.settings(), created_by=actor))
        self.session.flush()
        return config

    def model_config(self, label: str) -> ModelConfig:
        """A configuration by ``name@vN`` (or ``name`` for its latest version); the embedded composer is built in."""
        name, _, version = label.partition("@v")
        if name == EMBEDDED.name and version in ("", str(EMBEDDED.version)):
            return EMBEDDED
        query = select(ModelConfigRow).where(ModelConfigRow.name == name)
        if version:
            if not version.isdigit():
                raise UnknownDrafting(f"{label!r} is not NAME or NAME@vN")
            query = query.where(ModelConfigRow.version == int(version))
        row = self.session.execute(query.order_by(ModelConfigRow.version.desc()).limit(1)).scalar_one_or_none()
        if row is None:
            raise UnknownDrafting(f"no model configuration {label!r}")
        return _config(row)

    def model_configs(self) -> builtins.list[tuple[ModelConfig, str, datetime]]:
        """Every stored configuration version with who created it and when, newest first per name."""
        rows = self.session.execute(select(ModelConfigRow).order_by(ModelConfigRow.name,
                                                                    ModelConfigRow.version.desc())).scalars()
        return [(_config(r), r.created_by, r.created_at) for r in rows]

    def save_prompt(self, prompt: Prompt) -> Prompt:
        """Keep a prompt's content under its version (idempotent)."""
        if self.session.get(PromptRow, prompt.version) is None:
            self.session.add(PromptRow(version=prompt.version, name=prompt.name, content=prompt.content))
            self.session.flush()
        return prompt

    def prompt(self, version: str) -> Prompt:
        """A stored prompt by version (or the built-in prompt when it has that version)."""
        row = self.session.get(PromptRow, version)
        if row is not None:
            return Prompt(row.name, row.content)
        builtin = builtin_prompt()
        if builtin.version == version:
            return builtin
        raise UnknownDrafting(f"no prompt with version {version!r}")

    def prompts(self) -> builtins.list[tuple[Prompt, datetime]]:
        """Every stored prompt, newest first."""
        rows = self.session.execute(select(PromptRow).order_by(PromptRow.created_at.desc())).scalars()
        return [(Prompt(r.name, r.content), r.created_at) for r in rows]

    def resolve(self, model: str, prompt: str) -> ActiveDrafting:
        """The configuration and prompt named by an activation record."""
        return ActiveDrafting(self.model_config(model), self.prompt(prompt))

    def add_call(self, *, conversation_id: int | None, draft_id: int | None, llm: dict[str, Any]) -> None:
        """Record one provider call from a draft's ``llm`` accounting."""
        self.session.add(LlmCallRow(
            conversation_id=conversation_id, draft_id=draft_id, model=str(llm.get("model")),
            prompt_version=str(llm.get("prompt_version")), outcome=str(llm.get("outcome")), reason=llm.get("reason"),
            prompt_tokens=int(llm.get("prompt_tokens") or 0), completion_tokens=int(llm.get("completion_tokens") or 0),
            tokens_estimated=bool(llm.get("tokens_estimated")), cost=float(llm.get("cost") or 0.0),
            latency_ms=float(llm.get("latency_ms") or 0.0), attempts=int(llm.get("attempts") or 0)))
        self.session.flush()

    def call_totals(self, since: datetime | None = None) -> builtins.list[dict[str, Any]]:
        """Calls, outcomes, tokens and cost per model and prompt."""
        c = LlmCallRow
        query = (select(c.model, c.prompt_version, c.outcome, func.count(), func.sum(c.prompt_tokens),
                        func.sum(c.completion_tokens), func.sum(c.cost), func.avg(c.latency_ms))
                 .group_by(c.model, c.prompt_version, c.outcome).order_by(c.model, c.prompt_version, c.outcome))
        if since is not None:
            query = query.where(c.created_at >= since)
        return [{"model": m, "prompt_version": p, "outcome": o, "calls": int(n), "prompt_tokens": int(pt or 0),
                 "completion_tokens": int(ct or 0), "cost": round(float(cost or 0.0), 6),
                 "mean_latency_ms": round(float(lat or 0.0), 1)}
                for m, p, o, n, pt, ct, cost, lat in self.session.execute(query)]


def _config(row: ModelConfigRow) -> ModelConfig:
    settings = {k: v for k, v in row.settings.items() if k in SETTING_NAMES}
    return ModelConfig(name=row.name, version=row.version, **settings)
