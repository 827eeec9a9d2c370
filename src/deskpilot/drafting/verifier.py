"""The verifier: every claim must be supported by its cited clause, every fact by the looked-up record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deskpilot.drafting.composer import ComposedDraft, DraftSentence
from deskpilot.knowledge.tokenize import tokenize
from deskpilot.pipeline import PipelineContext

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class SentenceCheck:
    """The support found for one sentence."""

    text: str
    kind: str
    supported: bool
    lexical_support: float
    missing_numbers: list[str] = field(default_factory=list)


@dataclass
class Verification:
    """Per-sentence checks and whether enough supported content is left to send."""

    checks: list[SentenceCheck]
    keep: list[bool]
    supported_claims: int
    removed: int

    @property
    def sendable(self) -> bool:
        """True when at least one cited claim survived."""
        return self.supported_claims > 0

    @property
    def support_ratio(self) -> float:
        """Supported claims and facts over all claims and facts."""
        checked = [c for c in self.checks if c.kind != "template"]
        return 0.0 if not checked else sum(c.supported for c in checked) / len(checked)


class Verifier:
    """Lexical support (stemmed content-word overlap) plus exact agreement of every number."""

    def __init__(self, *, min_support: float = 0.6) -> None:
        self.min_support = min_support

    def verify(self, draft: ComposedDraft) -> Verification:
        """Check every sentence of a draft."""
        checks = [self.check(s, draft) for s in draft.sentences]
        keep = [c.supported for c in checks]
        return Verification(checks=checks, keep=keep,
                            supported_claims=sum(1 for c in checks if c.kind == "claim" and c.supported),
                            removed=sum(1 for c in checks if not c.supported))

    def check(self, sentence: DraftSentence, draft: ComposedDraft) -> SentenceCheck:
        """Check one sentence against its evidence."""
        if sentence.kind == "template":
            return SentenceCheck(sentence.text, "template", True, 1.0)
        if sentence.kind == "fact":
            evidence = " ".join(draft.fact_values.values())
        else:
            evidence = " ".join(draft.cited[n].text for n in sentence.citations if n in draft.cited)
        words = set(tokenize(sentence.text, draft.locale))
        support = 1.0 if not words else len(words & set(tokenize(evidence, draft.locale))) / len(words)
        if sentence.kind == "fact":
            support = 1.0  # fact sentences are templates around values; the values are checked below
        evidence_numbers = set(_numbers(evidence))
        missing = [n for n in _numbers(sentence.text) if n not in evidence_numbers]
        supported = bool(evidence.strip()) and support >= self.min_support and not missing
        return SentenceCheck(sentence.text, sentence.kind, supported, round(support, 3), missing)


def _numbers(text: str) -> list[str]:
    return [m.group(0).replace(",", ".") for m in _NUMBER.finditer(text)]


class VerifyStage:
    """Pipeline stage wrapping the verifier."""

    name = "verify"

    def __init__(self, verifier: Verifier | None = None) -> None:
        self.verifier = verifier or Verifier()

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.verification (None without a draft)."""
        ctx.verification = None if ctx.draft is None else self.verifier.verify(ctx.draft)
