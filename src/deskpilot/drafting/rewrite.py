"""The optional LLM path: a provider rewrites the composer's cited claims, and its reply goes through the same
verifier as any draft.

The model sees the redacted customer text and the clauses the composer chose, numbered as they are cited. Every
sentence it writes must carry the number of its source (``[1]``); the sentences become the draft's claims, between
the composer's own greeting, looked-up facts, next steps and closing. The composer's draft is kept instead when the
call fails or times out, when the model declines (``NO_ANSWER``), when nothing it wrote cites a source, or when the
verifier leaves no supported claim or removes more than half of them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from deskpilot.drafting.active import ACTIVE_KEY, ActiveDrafting, embedded_drafting
from deskpilot.drafting.composer import ComposedDraft, DraftSentence
from deskpilot.drafting.provider import ChatProvider, ModelConfig, ProviderError
from deskpilot.understand.text import split_sentences

if TYPE_CHECKING:
    from deskpilot.drafting.verifier import Verifier
    from deskpilot.pipeline import PipelineContext
    from deskpilot.storage.database import Database

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "lt": "Lithuanian"}
DECLINED = "NO_ANSWER"
MAX_REMOVED_SHARE = 0.5
_MARK = re.compile(r"\s*\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]")


class DraftingSource(Protocol):
    """Where the rewrite stage learns which configuration is active and gets a provider for it."""

    def active(self) -> ActiveDrafting:
        """The drafting configuration to use now."""
        ...

    def provider(self, config: ModelConfig) -> ChatProvider:
        """A provider for a configuration."""
        ...


class _Providers:
    """One ChatProvider per configuration label, shared by the threads of a process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._providers: dict[str, ChatProvider] = {}

    def provider(self, config: ModelConfig) -> ChatProvider:
        """A provider for a configuration."""
        with self._lock:
            if config.label not in self._providers:
                self._providers[config.label] = ChatProvider(config)
            return self._providers[config.label]


class FixedDrafting(_Providers):
    """Always the same configuration (evaluation of a candidate, tests)."""

    def __init__(self, drafting: ActiveDrafting) -> None:
        super().__init__()
        self.drafting = drafting

    def active(self) -> ActiveDrafting:
        """The fixed configuration."""
        return self.drafting


class ActiveDraftingProvider(_Providers):
    """The workspace's active configuration, reloaded when another process activates or rolls back."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._cached: tuple[Any, ActiveDrafting] | None = None

    def active(self) -> ActiveDrafting:
        """The active configuration (the embedded composer when none was activated)."""
        with self.db.reader() as uow:
            marker = uow.workspace.get(ACTIVE_KEY)
            if marker is None:
                return embedded_drafting()
            if self._cached is not None and self._cached[0] == marker:
                return self._cached[1]
            drafting = uow.drafting.resolve(marker["model"], marker["prompt"])
        self._cached = (marker, drafting)
        return drafting


class RewriteStage:
    """Pipeline stage after the composer: the active LLM configuration rewrites the cited claims."""

    name = "rewrite"

    def __init__(self, drafting: DraftingSource, verifier: Verifier) -> None:
        self.drafting = drafting
        self.verifier = verifier

    def warm_up(self) -> None:
        """Nothing to load: the provider connects on first use."""

    def run(self, ctx: PipelineContext) -> None:
        """Replace ctx.draft by the model's rewrite when one is active and its reply holds up."""
        if ctx.draft is None or ctx.understanding is None:
            return
        active = self.drafting.active()
        if not active.rewrites:
            return
        ctx.draft = rewrite(ctx.draft, ctx.understanding.redacted_text, active, self.drafting.provider(active.config),
                            self.verifier)


def sources_block(draft: ComposedDraft) -> str:
    """The cited clauses as the model sees them: ``[n] text`` per line."""
    return "\n".join(f"[{n}] {clause.text}" for n, clause in sorted(draft.cited.items()))


def parse_reply(text: str, draft: ComposedDraft) -> list[DraftSentence]:
    """The model's sentences as claims citing the sources they name; markers standing after a sentence's full stop
    belong to it, and numbers the draft does not cite are dropped."""
    claims: list[DraftSentence] = []
    for sentence in split_sentences(text):
        numbers = [int(n) for group in _MARK.findall(sentence) for n in re.split(r"\s*,\s*", group)]
        plain = _MARK.sub("", sentence).strip()
        citations = sorted({n for n in numbers if n in draft.cited})
        if not any(ch.isalpha() for ch in plain):
            if claims and citations:  # "… sentence. [2]"
                claims[-1].citations = sorted({*claims[-1].citations, *citations})
            continue
        claims.append(DraftSentence(plain, "claim", citations))
    return claims


def rewrite(draft: ComposedDraft, customer_text: str, drafting: ActiveDrafting, provider: ChatProvider,
            verifier: Verifier) -> ComposedDraft:
    """The model's rewrite of the draft's claims if it holds up, else the composer's draft; both carry the call's
    accounting in ``llm``."""
    if not any(s.kind == "claim" for s in draft.sentences):
        return draft  # nothing cited to rewrite (a policy verdict or facts alone)
    info: dict[str, Any] = {"model": drafting.config.label, "prompt_version": drafting.prompt.version}
    messages = drafting.prompt.messages(language=LANGUAGES.get(draft.locale, draft.locale),
                                        customer=customer_text.strip(), sources=sources_block(draft))
    try:
        result = provider.complete(messages)
    except ProviderError as exc:
        return _fallback(draft, info, exc.kind, attempts=exc.attempts)
    info.update(result.to_json())
    if DECLINED in result.text:
        return _fallback(draft, info, "declined")
    claims = parse_reply(result.text, draft)
    if not any(c.citations for c in claims):
        return _fallback(draft, info, "uncited_output", claims=len(claims))
    positions = [i for i, s in enumerate(draft.sentences) if s.kind == "claim"]
    head, tail = draft.sentences[:positions[0]], draft.sentences[positions[-1] + 1:]
    candidate = replace(draft, sentences=[*head, *claims, *tail], model_version=drafting.config.label,
                        prompt_version=drafting.prompt.version)
    verification = verifier.verify(candidate)
    removed = sum(1 for s, ok in zip(candidate.sentences, verification.keep, strict=True)
                  if not ok and any(s is c for c in claims))
    if not verification.sendable or removed > MAX_REMOVED_SHARE * len(claims):
        return _fallback(draft, info, "unsupported_output", claims=len(claims), removed=removed)
    candidate.llm = {**info, "outcome": "used", "reason": None, "claims": len(claims), "removed": removed}
    return candidate


def _fallback(draft: ComposedDraft, info: dict[str, Any], reason: str, **extra: Any) -> ComposedDraft:
    """The composer's draft, noting why the model's reply was not used."""
    return replace(draft, llm={**info, **extra, "outcome": "fallback", "reason": reason})
