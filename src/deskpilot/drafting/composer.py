"""The embedded composer: a reply built from cited clauses, looked-up facts and locale templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from deskpilot.domain.models import Clause
from deskpilot.drafting.templates import LocaleTemplates, load_templates
from deskpilot.knowledge.lexical import ScoredClause
from deskpilot.pipeline import PipelineContext
from deskpilot.policy.engine import Outcome
from deskpilot.policy.facts import OrderFacts

if TYPE_CHECKING:
    from deskpilot.policy.stage import PolicyCheck

COMPOSER_VERSION = "composer-extractive-1"
# Categories whose answers depend on the customer's order; elsewhere an order is stated only when quoted.
ORDER_CATEGORIES = frozenset({"orders", "shipping", "returns", "refunds", "warranty"})
DATE_FORMATS = {"en": "%d/%m/%Y", "de": "%d.%m.%Y", "fr": "%d/%m/%Y", "es": "%d/%m/%Y", "lt": "%Y-%m-%d"}


@dataclass
class DraftSentence:
    """One sentence of a draft: a template line (no claim), a cited claim or a stated fact."""

    text: str
    kind: Literal["template", "claim", "fact"]
    citations: list[int] = field(default_factory=list)


@dataclass
class ComposedDraft:
    """A draft before verification: sentences, the clauses they cite and the versions used."""

    locale: str
    greeting: str
    sentences: list[DraftSentence]
    cited: dict[int, Clause]
    closing: list[str]
    model_version: str
    prompt_version: str
    fact_values: dict[str, str] = field(default_factory=dict)
    llm: dict[str, Any] | None = None  # the LLM call behind this draft: accounting, used or why it fell back

    def render(self, keep: list[bool] | None = None) -> str:
        """The customer-facing text, with numbered citations and the AI disclosure."""
        keep = keep or [True] * len(self.sentences)
        kept = [s for s, k in zip(self.sentences, keep, strict=True) if k]
        body: list[str] = []
        for s in kept:
            marks = "".join(f" [{n}]" for n in s.citations)
            body.append(f"{s.text}{marks}")
        used = sorted({n for s in kept for n in s.citations})
        templates = load_templates().for_locale(self.locale)
        sources = [f"[{n}] {self.cited[n].article_title} — {self.cited[n].citation}" for n in used]
        parts = [self.greeting, "", "\n".join(body), "", *self.closing]
        if sources:
            parts += ["", f"{templates['sources']}:", *sources]
        return "\n".join(parts).strip()


class Composer:
    """Chooses the clauses that answer the request and writes them into the locale's reply frame."""

    def __init__(self, *, max_clauses: int = 3, relative_floor: float = 0.5, dense_window: float = 0.03,
                 templates: LocaleTemplates | None = None) -> None:
        self.max_clauses = max_clauses
        self.relative_floor = relative_floor
        self.dense_window = dense_window
        self._templates = templates

    @property
    def templates(self) -> LocaleTemplates:
        """The locale templates in use."""
        if self._templates is None:
            self._templates = load_templates()
        return self._templates

    def compose(self, *, locale: str, customer_name: str | None, results: list[ScoredClause],
                order: OrderFacts | None, policy: PolicyCheck | None = None) -> ComposedDraft:
        """Build a draft from retrieved clauses, order facts and the policy decision (its clauses come first)."""
        t = self.templates.for_locale(locale)
        policy_clauses = list(policy.clauses) if policy is not None else []
        taken = {c.key for c in policy_clauses}
        chosen = [r.clause for r in self.select(results) if r.clause.key not in taken]
        clauses = policy_clauses + chosen[: max(1, self.max_clauses - len(policy_clauses))]
        cited = {n: c for n, c in enumerate(clauses, start=1)}
        first_name = (customer_name or "").split()[0] if customer_name else ""
        greeting = t["greeting_named"].format(name=first_name) if first_name else t["greeting"]
        sentences = [DraftSentence(t["intro"], "template")]
        fact_values: dict[str, str] = {}
        if order is not None:
            sentences.extend(self._order_sentences(order, locale, t, fact_values))
        if policy is not None:
            sentences.extend(self._policy_sentences(policy, t, fact_values, list(range(1, len(policy_clauses) + 1))))
        sentences.extend(DraftSentence(c.text, "claim", [n]) for n, c in cited.items())
        sentences.append(DraftSentence(t["next_steps"], "template"))
        closing = [*t["closing"].split("\n"), "", t["disclosure"]]
        return ComposedDraft(locale=locale, greeting=greeting, sentences=sentences, cited=cited, closing=closing,
                             model_version=COMPOSER_VERSION, prompt_version=self.templates.version,
                             fact_values=fact_values)

    def select(self, results: list[ScoredClause]) -> list[ScoredClause]:
        """The best clauses (close to the best dense match, else above a share of the top score), top article first."""
        if not results:
            return []
        top = results[0]
        if all(r.dense is not None for r in results):
            best = max(r.dense or 0.0 for r in results)
            strong = [r for r in results if r is top or (r.dense or 0.0) >= best - self.dense_window]
        else:
            strong = [r for r in results if r is top or r.score >= top.score * self.relative_floor]
        same_article = [r for r in strong if r.clause.article_key == top.clause.article_key]
        others = [r for r in strong if r.clause.article_key != top.clause.article_key]
        chosen = (same_article + others)[: self.max_clauses]
        return sorted(chosen, key=lambda r: (r.clause.article_key != top.clause.article_key, r.clause.position))

    def _policy_sentences(self, policy: PolicyCheck, t: dict[str, Any], values: dict[str, str],
                          citations: list[int]) -> list[DraftSentence]:
        """The policy's verdict in one sentence citing the clauses it rests on (a looked-up fact, not a claim)."""
        action = t["actions"].get(policy.action, policy.action)
        infinitive = t.get("actions_infinitive", {}).get(policy.action, action)
        if policy.outcome is Outcome.NEEDS_HUMAN or policy.order_id is None:
            return [DraftSentence(t["policy_needs_human"].format(action=action), "template")]
        values["order_id"] = policy.order_id
        key = "policy_eligible" if policy.outcome is Outcome.ELIGIBLE else "policy_not_eligible"
        text = t[key].format(order_id=policy.order_id, action=action, action_infinitive=infinitive)
        return [DraftSentence(text, "fact", citations)]

    def _order_sentences(self, order: OrderFacts, locale: str, t: dict, values: dict[str, str]) -> list[DraftSentence]:
        status = t["statuses"].get(order.status, order.status)
        values.update(order_id=order.order_id, status=status)
        out = [DraftSentence(t["order_status"].format(order_id=order.order_id, status=status), "fact")]
        if order.status == "delivered" and order.delivered_at:
            values["delivered"] = _date(order.delivered_at, locale)
            out.append(DraftSentence(t["order_delivered"].format(date=values["delivered"]), "fact"))
        elif order.shipped_at and order.status in ("shipped", "processed"):
            values["shipped"] = _date(order.shipped_at, locale)
            out.append(DraftSentence(t["order_shipped"].format(date=values["shipped"]), "fact"))
        if order.tracking_ids and order.status in ("shipped", "processed", "delivered"):
            values["tracking"] = ", ".join(order.tracking_ids)
            out.append(DraftSentence(t["order_tracking"].format(tracking=values["tracking"]), "fact"))
        return out


def _date(value: datetime, locale: str) -> str:
    return value.strftime(DATE_FORMATS.get(locale, "%Y-%m-%d"))


class ComposeStage:
    """Pipeline stage wrapping the composer."""

    name = "draft"

    def __init__(self, composer: Composer | None = None) -> None:
        self.composer = composer or Composer()

    def warm_up(self) -> None:
        """Load the templates."""
        _ = self.composer.templates

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.draft (None when nothing was retrieved)."""
        assert ctx.understanding is not None and ctx.grounding is not None
        if not ctx.grounding.results and not (ctx.policy and ctx.policy.clauses):
            ctx.draft = None
            return
        customer = ctx.conversation.customer
        facts = ctx.grounding.facts
        relevant = facts.how == "quoted" or ctx.understanding.category in ORDER_CATEGORIES
        ctx.draft = self.composer.compose(locale=ctx.understanding.locale,
                                          customer_name=customer.name if customer else None,
                                          results=ctx.grounding.results, order=facts.order if relevant else None,
                                          policy=ctx.policy)
