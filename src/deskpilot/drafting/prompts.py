"""Prompts are files whose content hash is their version: ``## system`` and ``## user`` sections with ``$name``
placeholders (``$language``, ``$customer``, ``$sources``). The built-in ones ship in ``drafting/prompts/``; any
other file can be registered, and a registered prompt's content is kept in the database so every draft's prompt
can be read back."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

DEFAULT_PROMPT = "reply"
PLACEHOLDERS = frozenset({"language", "customer", "sources"})
_SECTION = re.compile(r"^##\s*(system|user)\s*$", re.MULTILINE | re.IGNORECASE)


class PromptError(ValueError):
    """A prompt file that cannot be used (missing section, unknown placeholder)."""


def prompt_version(content: str) -> str:
    """The version of a prompt: the first 12 hex digits of the SHA-256 of its content."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Prompt:
    """A prompt's name, content and version, split into its system and user templates."""

    name: str
    content: str

    @property
    def version(self) -> str:
        """Content hash."""
        return prompt_version(self.content)

    def sections(self) -> dict[str, str]:
        """The ``system`` and ``user`` templates."""
        parts = _SECTION.split(self.content)
        found = {parts[i].lower(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
        if set(found) != {"system", "user"}:
            raise PromptError(f"prompt {self.name!r} needs a '## system' and a '## user' section")
        return found

    def validate(self) -> None:
        """Raise PromptError unless both sections exist and only known placeholders are used."""
        for name, text in self.sections().items():
            used = {m.group("named") or m.group("braced") for m in Template.pattern.finditer(text)
                    if m.group("named") or m.group("braced")}
            unknown = used - PLACEHOLDERS
            if unknown:
                raise PromptError(f"prompt {self.name!r} ({name}) uses unknown placeholders: "
                                  f"{', '.join(sorted(unknown))}; known: {', '.join(sorted(PLACEHOLDERS))}")

    def messages(self, **values: str) -> list[dict[str, str]]:
        """The chat messages with the placeholders filled in."""
        sections = self.sections()
        return [{"role": role, "content": Template(sections[role]).safe_substitute(values)}
                for role in ("system", "user")]


def builtin_prompt(name: str = DEFAULT_PROMPT) -> Prompt:
    """A prompt shipped with deskpilot."""
    path = resources.files("deskpilot.drafting").joinpath("prompts", f"{name}.md")
    return Prompt(name, path.read_text(encoding="utf-8"))


def prompt_from_file(path: Path, name: str | None = None) -> Prompt:
    """A prompt read from a file (validated)."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"cannot read prompt file {path}: {exc}") from exc
    prompt = Prompt(name or path.stem, content)
    prompt.validate()
    return prompt
