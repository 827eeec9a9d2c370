"""The Policy stage: when the customer asks for an action the policy governs, decide eligibility from the facts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deskpilot.domain.models import Clause
from deskpilot.knowledge.index import IndexCache
from deskpilot.pipeline import PipelineContext
from deskpilot.policy.engine import Outcome, PolicyDecision, evaluate
from deskpilot.policy.provider import PolicyProvider


@dataclass
class PolicyCheck:
    """The policy decision for the action the customer asked about, with the published clauses it cites."""

    action: str
    decision: PolicyDecision
    policy_version: str
    clauses: list[Clause] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    order_id: str | None = None
    order_inferred: bool = False

    @property
    def outcome(self) -> Outcome:
        """eligible / not_eligible / needs_human."""
        return self.decision.outcome

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form for the decision record, the brief and the audit log."""
        return {"action": self.action, "policy_version": self.policy_version, "order_id": self.order_id,
                "order_inferred": self.order_inferred, **self.decision.to_json(),
                "clauses_cited": [c.citation for c in self.clauses], "clauses_unresolved": self.unresolved}


class PolicyStage:
    """Evaluates the workspace's policy for intents mapped to an action (`intents:` in the policy document)."""

    name = "policy"

    def __init__(self, *, policies: PolicyProvider, index: IndexCache,
                 as_of: Callable[[], date | None] | None = None) -> None:
        self.policies = policies
        self.index = index
        self.as_of = as_of or (lambda: None)

    def warm_up(self) -> None:
        """Parse the active policy once."""
        self.policies.get()

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.policy (None when no policy applies to the customer's intent)."""
        u, g = ctx.understanding, ctx.grounding
        assert u is not None and g is not None, "policy runs after understand and ground"
        policy = self.policies.get()
        action = policy.action_for(u.intent) if policy is not None else None
        if policy is None or action is None:
            ctx.policy = None
            return
        order = g.facts.order
        decision = evaluate(policy, action, order, self.as_of(), locale=u.locale)
        index = self.index.for_version(g.kb_version)
        clauses, unresolved = [], []
        for key in decision.clauses:
            clause = index.clause(key)
            if clause is None:
                unresolved.append(key)
            else:
                clauses.append(clause)
        ctx.policy = PolicyCheck(action=action, decision=decision, policy_version=policy.label, clauses=clauses,
                                 unresolved=unresolved, order_id=order.order_id if order else None,
                                 order_inferred=order is not None and g.facts.how != "quoted")
