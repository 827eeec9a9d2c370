"""The ordered stages that take one conversation from messages to a gate decision, timed per stage."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from deskpilot.domain.enums import AuthorRole
from deskpilot.domain.models import Conversation
from deskpilot.understand.text import strip_quoted

if TYPE_CHECKING:
    from deskpilot.decide.gate import GateResult
    from deskpilot.drafting.composer import ComposedDraft
    from deskpilot.drafting.verifier import Verification
    from deskpilot.knowledge.ground import Grounding
    from deskpilot.policy.stage import PolicyCheck
    from deskpilot.understand.stage import Understanding


@dataclass
class PipelineContext:
    """Everything the stages know about one conversation; each stage fills its own field."""

    conversation: Conversation
    customer_text: str
    understanding: Understanding | None = None
    grounding: Grounding | None = None
    policy: PolicyCheck | None = None
    draft: ComposedDraft | None = None
    verification: Verification | None = None
    gate: GateResult | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_conversation(cls, conversation: Conversation) -> PipelineContext:
        """A context for the customer's messages since the last reply by anyone else."""
        return cls(conversation=conversation, customer_text=latest_customer_text(conversation))


def latest_customer_text(conversation: Conversation) -> str:
    """The customer's messages after the last agent/AI reply, quoted history removed."""
    pending: list[str] = []
    for message in conversation.messages:
        if message.author_role == AuthorRole.CUSTOMER:
            pending.append(strip_quoted(message.body))
        elif message.public:
            pending = []
    if not pending:
        pending = [strip_quoted(m.body) for m in conversation.customer_messages()[-1:]]
    text = "\n\n".join(p for p in pending if p.strip())
    if conversation.subject and conversation.subject.strip() and conversation.subject not in text:
        text = f"{conversation.subject.strip()}\n\n{text}"
    return text


class Stage(Protocol):
    """One step of the pipeline.

    A stage has a light constructor, loads heavy resources in ``warm_up()`` and fills one field of the
    context in ``run()``. Example::

        class Upper:
            name = "upper"
            def warm_up(self) -> None: ...
            def run(self, ctx: PipelineContext) -> None:
                ctx.customer_text = ctx.customer_text.upper()
    """

    name: str

    def warm_up(self) -> None:
        """Load models and indexes once per process."""

    def run(self, ctx: PipelineContext) -> None:
        """Do this stage's work on the context."""


class Pipeline:
    """Runs stages in order and records each stage's wall time in milliseconds."""

    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages
        self._warm = False

    def warm_up(self) -> None:
        """Warm every stage once."""
        if not self._warm:
            for stage in self.stages:
                stage.warm_up()
            self._warm = True

    def run(self, conversation: Conversation) -> PipelineContext:
        """Run all stages for a conversation."""
        return self.run_context(PipelineContext.for_conversation(conversation))

    def run_context(self, ctx: PipelineContext) -> PipelineContext:
        """Run all stages on a context (possibly filled by earlier stages of another pipeline)."""
        self.warm_up()
        total = time.perf_counter()
        for stage in self.stages:
            start = time.perf_counter()
            stage.run(ctx)
            ctx.timings[stage.name] = round((time.perf_counter() - start) * 1000, 3)
        ctx.timings["total"] = round(ctx.timings.get("total", 0.0) + (time.perf_counter() - total) * 1000, 3)
        return ctx

    def describe(self) -> list[dict[str, Any]]:
        """The stage names in order."""
        return [{"name": s.name, "type": type(s).__name__} for s in self.stages]
