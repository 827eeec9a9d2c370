"""Which model configuration and prompt drafts are written with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskpilot.drafting.prompts import Prompt, builtin_prompt
from deskpilot.drafting.provider import EMBEDDED, OPENAI, ModelConfig

ACTIVE_KEY = "drafting.active"  # workspace setting: {"model": "name@vN", "prompt": version, "history": [...]}


@dataclass(frozen=True)
class ActiveDrafting:
    """The model configuration and prompt drafts are written with."""

    config: ModelConfig
    prompt: Prompt

    @property
    def rewrites(self) -> bool:
        """True when an LLM rewrites the composer's claims."""
        return self.config.kind == OPENAI

    def to_json(self) -> dict[str, Any]:
        """What is active, by label and version."""
        return {"model": self.config.label, "kind": self.config.kind, "prompt": self.prompt.version,
                "prompt_name": self.prompt.name}


def embedded_drafting() -> ActiveDrafting:
    """The embedded composer with the built-in prompt (what drafts use until something else is activated)."""
    return ActiveDrafting(EMBEDDED, builtin_prompt())
