"""The drafting registry: add model configurations and prompts, activate one only when the evaluation sets show no
locale × category regressing beyond a tolerance (or with an audited ``force``), roll back in one step."""

from __future__ import annotations

import copy
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deskpilot.audit.events import (
    DraftingActivated,
    DraftingRefused,
    DraftingRolledBack,
    ModelConfigAdded,
    PromptAdded,
)
from deskpilot.config import Settings
from deskpilot.domain.enums import AuthorRole, Channel, ConversationStatus
from deskpilot.domain.models import Conversation, EvalExample, Message
from deskpilot.drafting.active import ACTIVE_KEY, ActiveDrafting, embedded_drafting
from deskpilot.drafting.prompts import Prompt, prompt_from_file
from deskpilot.drafting.provider import ModelConfig
from deskpilot.drafting.rewrite import FixedDrafting, RewriteStage
from deskpilot.pipeline import Pipeline, PipelineContext
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.understand.text import html_to_text

DEFAULT_TOLERANCE = 0.05  # a group may lose this much of its answered-and-correct share
DEFAULT_MIN_EXAMPLES = 3  # groups with fewer examples are reported, never a reason to refuse
HISTORY = 20  # activations remembered for rollback
_HTML = re.compile(r"<(?:html|body|div|p|br)\b", re.IGNORECASE)

Progress = Callable[[int, int], None]


class ActivationRefused(RuntimeError):
    """The candidate regressed on the evaluation sets; ``comparison`` holds the figures."""

    def __init__(self, comparison: Comparison) -> None:
        super().__init__(f"{len(comparison.regressions)} locale × category group(s) regress beyond "
                         f"{comparison.tolerance:.0%}")
        self.comparison = comparison


@dataclass
class GroupScore:
    """One locale × category of an evaluation: how many examples got a sendable, correctly cited draft."""

    locale: str
    category: str
    examples: int = 0
    answered: int = 0  # a verified draft with at least one supported claim
    correct: int = 0  # answered, citing the article the example expects (when it names one); or, for an example
    # of a rejected draft, not answered
    llm_used: int = 0
    llm_fallbacks: int = 0
    support: list[float] = field(default_factory=list)
    cost: float = 0.0

    @property
    def score(self) -> float:
        """Answered and correct ÷ examples."""
        return self.correct / self.examples if self.examples else 0.0

    def to_json(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {"locale": self.locale, "category": self.category, "examples": self.examples,
                "answered": self.answered, "correct": self.correct, "score": round(self.score, 4),
                "llm_used": self.llm_used, "llm_fallbacks": self.llm_fallbacks,
                "mean_support": round(statistics.fmean(self.support), 4) if self.support else None,
                "cost": round(self.cost, 6)}


@dataclass
class Evaluation:
    """A drafting configuration's figures on the evaluation sets."""

    drafting: dict[str, Any]
    groups: dict[tuple[str, str], GroupScore]

    @property
    def score(self) -> float:
        """Answered and correct ÷ examples over every group."""
        examples = sum(g.examples for g in self.groups.values())
        return sum(g.correct for g in self.groups.values()) / examples if examples else 0.0

    def to_json(self) -> dict[str, Any]:
        """JSON-ready evaluation."""
        return {"drafting": self.drafting, "score": round(self.score, 4),
                "groups": [g.to_json() for _, g in sorted(self.groups.items())]}


@dataclass
class Comparison:
    """The active configuration's and the candidate's evaluations, and the groups that regress."""

    current: Evaluation
    candidate: Evaluation
    tolerance: float
    min_examples: int
    regressions: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready comparison."""
        return {"tolerance": self.tolerance, "min_examples": self.min_examples, "regressions": self.regressions,
                "current": self.current.to_json(), "candidate": self.candidate.to_json()}


def compare(current: Evaluation, candidate: Evaluation, *, tolerance: float, min_examples: int) -> Comparison:
    """The groups (with enough examples) whose score drops by more than the tolerance."""
    regressions = []
    for key, before in sorted(current.groups.items()):
        after = candidate.groups.get(key)
        if after is None or before.examples < min_examples:
            continue
        if after.score < before.score - tolerance:
            regressions.append({"locale": key[0], "category": key[1], "examples": before.examples,
                                "current": round(before.score, 4), "candidate": round(after.score, 4)})
    return Comparison(current, candidate, tolerance, min_examples, regressions)


class DraftEvaluator:
    """Runs the evaluation examples through the pipeline once up to the composer, then through each drafting
    configuration's rewrite, verification and gate."""

    def __init__(self, prefix: Pipeline, suffix: Callable[[ActiveDrafting], Pipeline]) -> None:
        self.prefix = prefix
        self.suffix = suffix

    def evaluate(self, examples: Sequence[EvalExample], configurations: Sequence[ActiveDrafting],
                 progress: Progress | None = None) -> list[Evaluation]:
        """One evaluation per configuration, in order."""
        pipelines = [self.suffix(d) for d in configurations]
        results = [Evaluation(d.to_json(), {}) for d in configurations]
        for done, example in enumerate(examples, start=1):
            prepared = self.prefix.run(example_conversation(example))
            for pipeline, result in zip(pipelines, results, strict=True):
                ctx = pipeline.run_context(_copy(prepared))
                _score(result, example, ctx)
            if progress:
                progress(done, len(examples))
        return results


def example_conversation(example: EvalExample) -> Conversation:
    """An in-memory conversation holding the example's text (HTML read as plain text, as ingestion does) as its
    one customer message."""
    now = datetime.now(UTC)
    text = html_to_text(example.text) if _HTML.search(example.text) else example.text
    return Conversation(source="eval", external_id=f"eval-{example.id}", channel=Channel.EMAIL, subject=None,
                        locale=None, status=ConversationStatus.NEW, created_at=now, updated_at=now,
                        messages=[Message(author_role=AuthorRole.CUSTOMER, body=text, created_at=now,
                                          external_id=f"eval-{example.id}-1")])


def _copy(ctx: PipelineContext) -> PipelineContext:
    """A context the next configuration can fill without touching the shared stages' results."""
    clone = copy.copy(ctx)
    clone.timings = dict(ctx.timings)
    return clone


def _score(result: Evaluation, example: EvalExample, ctx: PipelineContext) -> None:
    locale = example.locale
    group = result.groups.setdefault((locale, example.category or "uncategorised"),
                                     GroupScore(locale, example.category or "uncategorised"))
    group.examples += 1
    draft, verification = ctx.draft, ctx.verification
    abstain = example.expected_outcome == "escalate"  # a reviewer rejected the draft: no answer is the right one
    if draft is None or verification is None:
        group.correct += abstain
        return
    llm = draft.llm or {}
    group.llm_used += llm.get("outcome") == "used"
    group.llm_fallbacks += llm.get("outcome") == "fallback"
    group.cost += float(llm.get("cost") or 0.0)
    group.support.append(verification.support_ratio)
    if not verification.sendable:
        group.correct += abstain
        return
    group.answered += 1
    if abstain:
        return
    cited = {draft.cited[n].article_key for s, keep in zip(draft.sentences, verification.keep, strict=True) if keep
             for n in s.citations if n in draft.cited}
    expected = _article(example.expected_clause)
    if expected is None or expected in {_article(a) for a in cited}:
        group.correct += 1


def _article(key: str | None) -> str | None:
    """An article key without its locale prefix (``en/returns`` → ``returns``)."""
    if not key:
        return None
    return key.split("#", 1)[0].split("/", 1)[-1]


class DraftingService:
    """Adds, evaluates, activates and rolls back drafting configurations, auditing each step."""

    def __init__(self, db: Database, settings: Settings, evaluator: DraftEvaluator | None = None) -> None:
        self.db = db
        self.settings = settings
        self._evaluator = evaluator

    def evaluator(self) -> DraftEvaluator:
        """The evaluator over this workspace's default pipeline (built on first use)."""
        if self._evaluator is None:
            from deskpilot.runtime import build_pipeline

            full = build_pipeline(self.db, self.settings)
            cut = [s.name for s in full.stages].index(RewriteStage.name)
            rewrite_stage = full.stages[cut]
            assert isinstance(rewrite_stage, RewriteStage)
            prefix, rest = Pipeline(full.stages[:cut]), full.stages[cut + 1:]

            def suffix(drafting: ActiveDrafting) -> Pipeline:
                return Pipeline([RewriteStage(FixedDrafting(drafting), rewrite_stage.verifier), *rest])

            self._evaluator = DraftEvaluator(prefix, suffix)
        return self._evaluator

    def add_model(self, name: str, settings: dict[str, Any], *, actor: str) -> ModelConfig:
        """Store the next version of a model configuration."""
        with self.db.uow() as uow:
            config = uow.drafting.add_model_config(name, settings, actor=actor)
            uow.audit.append(ModelConfigAdded(actor=actor, model=config.label, settings=config.settings()))
            uow.commit()
        return config

    def add_prompt(self, path: Path, *, actor: str, name: str | None = None) -> Prompt:
        """Register a prompt file under its content hash."""
        prompt = prompt_from_file(path, name)
        with self.db.uow() as uow:
            uow.drafting.save_prompt(prompt)
            uow.audit.append(PromptAdded(actor=actor, name=prompt.name, version=prompt.version))
            uow.commit()
        return prompt

    def active(self) -> tuple[ActiveDrafting, list[dict[str, str]]]:
        """The active configuration and the earlier ones a rollback returns to (newest first)."""
        with self.db.reader() as uow:
            return _active_in(uow)

    def candidate(self, model: str | None, prompt: str | None) -> ActiveDrafting:
        """The configuration an activation would switch to (unnamed parts stay as they are)."""
        current, _ = self.active()
        with self.db.reader() as uow:
            config = uow.drafting.model_config(model) if model else current.config
            chosen = uow.drafting.prompt(prompt) if prompt else current.prompt
        return ActiveDrafting(config, chosen)

    def examples(self, *, per_group: int | None = None) -> list[EvalExample]:
        """The evaluation examples, at most ``per_group`` per locale × category (oldest first)."""
        with self.db.reader() as uow:
            examples = uow.eval_examples.list()
        if per_group is None:
            return examples
        taken: dict[tuple[str, str | None], int] = defaultdict(int)
        chosen = []
        for example in examples:
            key = (example.locale, example.category)
            if taken[key] < per_group:
                taken[key] += 1
                chosen.append(example)
        return chosen

    def compare(self, candidate: ActiveDrafting, *, tolerance: float = DEFAULT_TOLERANCE,
                min_examples: int = DEFAULT_MIN_EXAMPLES, per_group: int | None = None,
                progress: Progress | None = None) -> Comparison:
        """Evaluate the active configuration and the candidate on the same examples."""
        current, _ = self.active()
        examples = self.examples(per_group=per_group)
        if not examples:
            raise LookupError("no evaluation examples: reviewers' edits and rejects, or `deskpilot demo build`, "
                              "create them")
        before, after = self.evaluator().evaluate(examples, [current, candidate], progress)
        return compare(before, after, tolerance=tolerance, min_examples=min_examples)

    def activate(self, candidate: ActiveDrafting, *, actor: str, force: bool = False,
                 tolerance: float = DEFAULT_TOLERANCE, min_examples: int = DEFAULT_MIN_EXAMPLES,
                 per_group: int | None = None, progress: Progress | None = None) -> Comparison:
        """Evaluate, then activate unless a group regresses (ActivationRefused) or ``force`` overrides it."""
        comparison = self.compare(candidate, tolerance=tolerance, min_examples=min_examples, per_group=per_group,
                                  progress=progress)
        with self.db.uow() as uow:
            if comparison.regressions and not force:
                uow.audit.append(DraftingRefused(actor=actor, model=candidate.config.label,
                                                 prompt_version=candidate.prompt.version,
                                                 regressions=comparison.regressions))
                uow.commit()
                raise ActivationRefused(comparison)
            current, earlier = _active_in(uow)
            for prompt in (current.prompt, candidate.prompt):  # every prompt a draft used stays readable
                uow.drafting.save_prompt(prompt)
            history = [{"model": current.config.label, "prompt": current.prompt.version}, *earlier]
            uow.workspace.set(ACTIVE_KEY, {"model": candidate.config.label, "prompt": candidate.prompt.version,
                                           "history": history[:HISTORY]})
            uow.audit.append(DraftingActivated(
                actor=actor, model=candidate.config.label, prompt_version=candidate.prompt.version,
                previous_model=current.config.label, previous_prompt_version=current.prompt.version, forced=force,
                regressions=comparison.regressions,
                evaluation={"current": round(comparison.current.score, 4),
                            "candidate": round(comparison.candidate.score, 4)}))
            uow.commit()
        return comparison

    def rollback(self, *, actor: str) -> ActiveDrafting:
        """Return to the configuration active before the last activation (LookupError when there is none)."""
        with self.db.uow() as uow:
            marker = uow.workspace.get(ACTIVE_KEY)
            history = list(marker.get("history", [])) if marker else []
            if not history:
                raise LookupError("nothing to roll back to: no earlier drafting configuration was active")
            back, rest = history[0], history[1:]
            restored = uow.drafting.resolve(back["model"], back["prompt"])
            uow.workspace.set(ACTIVE_KEY, {"model": back["model"], "prompt": back["prompt"], "history": rest})
            uow.audit.append(DraftingRolledBack(actor=actor, model=back["model"], prompt_version=back["prompt"],
                                                from_model=str(marker["model"]) if marker else "",
                                                from_prompt_version=str(marker["prompt"]) if marker else ""))
            uow.commit()
        return restored


def _active_in(uow: UnitOfWork) -> tuple[ActiveDrafting, list[dict[str, str]]]:
    """The active configuration (the embedded composer when none was activated) and the rollback history."""
    marker = uow.workspace.get(ACTIVE_KEY)
    if marker is None:
        return embedded_drafting(), []
    return uow.drafting.resolve(marker["model"], marker["prompt"]), list(marker.get("history", []))
