"""Shadow evaluation: replay solved history through the pipeline and compare with what the human did.

Replay writes nothing of its own: no decision, draft, action, job, threshold or audit event (the knowledge index,
as on any pipeline run, may cache clause vectors it has never embedded with the configured model). Each solved
conversation whose first public reply came from a human agent is copied in memory, cut just before that reply, and
run through one warmed pipeline; the gate's decision is then judged against the human's label (intent), the article
the agent used (``metadata["article"]``) and whether the human resolution saw a re-contact. By default only the
held-out evaluation slice (``deskpilot.analytics.holdout``) is replayed; other conversations were in the intent
model's training data and are marked in-sample.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from deskpilot.analytics.holdout import is_holdout
from deskpilot.decide.calibrate import ANY, Observation
from deskpilot.decide.gate import GatePolicy, MapLoader, decide
from deskpilot.domain.enums import AuthorRole, ConversationStatus, GateOutcome, Mode
from deskpilot.domain.models import Conversation
from deskpilot.pipeline import Pipeline, PipelineContext
from deskpilot.storage.database import Database
from deskpilot.understand.intent_model import INTENT_ARTIFACT

UNLABELLED = "unlabelled"


@dataclass
class ReplayRow:
    """One replayed conversation: what the pipeline would have done and what the human did."""

    conversation_id: int
    external_id: str
    holdout: bool
    in_sample: bool
    locale: str
    category: str
    human_label: str | None
    intent: str
    predicted_category: str | None
    human_article: str | None
    cited_article: str | None
    cited_articles: list[str]
    confidence: float
    raw_confidence: float
    threshold: float
    outcome: str
    auto_reply: bool
    auto_reply_autonomous: bool
    eligible: bool
    intent_agrees: bool | None
    article_agrees: bool | None
    correct: bool | None
    recontacted: bool

    def to_json(self) -> dict[str, object]:
        """JSON-ready row."""
        return asdict(self)


@dataclass
class GroupFigures:
    """Replay figures of one group (overall, a sample, a category or a locale); shares are in 0..1."""

    group: str
    key: str
    replayed: int
    in_sample: int
    would_auto_reply: float
    would_auto_reply_autonomous: float
    intent_agreement: float | None
    article_agreement: float | None
    article_agreement_any: float | None
    resolution_agreement: float | None
    resolution_agreement_autonomous: float | None
    human_recontact_rate: float
    projected_recontact: float | None
    projected_recontact_autonomous: float | None
    honest_deflection: float
    honest_deflection_autonomous: float

    def to_json(self) -> dict[str, object]:
        """JSON-ready figures."""
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass
class ReplayReport:
    """Every replayed row and the figures overall, per sample, per category and per locale."""

    since: datetime
    until: datetime | None
    rows: list[ReplayRow]
    groups: list[GroupFigures]
    model: dict[str, object]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def group(self, name: str) -> list[GroupFigures]:
        """The figures of one grouping ("overall", "sample", "category" or "locale")."""
        return [g for g in self.groups if g.group == name]

    def observations(self, confidence: Callable[[ReplayRow], float] | None = None) -> list[Observation]:
        """Calibration observations: the gate's key, confidence (as decided, or rescored), whether the answer was
        right and gate-eligible."""
        score = confidence or (lambda r: r.confidence)
        return [Observation(r.locale, r.predicted_category or ANY, score(r), bool(r.correct), r.eligible)
                for r in self.rows]

    def to_json(self) -> dict[str, object]:
        """JSON-ready report."""
        return {"since": self.since.isoformat(), "until": self.until.isoformat() if self.until else None,
                "replayed": len(self.rows), "holdout": sum(r.holdout for r in self.rows),
                "in_sample": sum(r.in_sample for r in self.rows), "seconds": self.seconds, "model": self.model,
                "notes": self.notes, **{f"by_{name}" if name != "overall" else name:
                                        [g.to_json() for g in self.group(name)]
                                        for name in ("overall", "sample", "category", "locale")},
                "rows": [r.to_json() for r in self.rows]}


def before_first_reply(conversation: Conversation) -> Conversation | None:
    """A copy of the conversation as it was before the first public agent/AI reply, or None when that reply was
    not a human's (or nothing came before it)."""
    for i, message in enumerate(conversation.messages):
        if message.public and message.author_role in (AuthorRole.AGENT, AuthorRole.AI):
            if message.author_role != AuthorRole.AGENT or not any(
                    m.author_role == AuthorRole.CUSTOMER for m in conversation.messages[:i]):
                return None
            return replace(conversation, messages=list(conversation.messages[:i]), status=ConversationStatus.OPEN,
                           category=None, intent=None, understanding={}, tags=[],
                           metadata=dict(conversation.metadata))
    return None


class ReplayService:
    """Replays solved history through one warmed pipeline; reads only."""

    def __init__(self, db: Database, pipeline: Pipeline, *, recontact_days: int = 7) -> None:
        self.db = db
        self.pipeline = pipeline
        self.recontact_days = recontact_days

    def replay(self, *, since: datetime, until: datetime | None = None, limit: int | None = None,
               include_in_sample: bool = False, on_total: Callable[[int], None] | None = None,
               on_each: Callable[[ReplayRow], None] | None = None) -> ReplayReport:
        """Replay the solved conversations created in [since, until) and summarise them (no writes)."""
        start = time.perf_counter()
        with self.db.reader() as uow:
            conversations = uow.conversations.resolved_between(
                since, until, keep=None if include_in_sample else is_holdout)
            recontacts = uow.conversations.recontacts_since(since)
            taxonomy = uow.taxonomy.all()
            thresholds = uow.gate_settings.thresholds()
            artifact = uow.artifacts.active(INTENT_ARTIFACT)
            metrics = artifact.metrics if artifact else {}
            reopened_ids = uow.outcomes.reopened_ids()
            confidence_map = MapLoader().active(uow)
        chosen: list[tuple[Conversation, Conversation, bool, bool]] = []
        for conv in conversations:
            holdout = is_holdout(conv.source, conv.external_id)
            cut = before_first_reply(conv) if holdout or include_in_sample else None
            if cut is not None:
                chosen.append((conv, cut, holdout, conv.id in reopened_ids))
            if limit is not None and len(chosen) >= limit:
                break
        trained_on_everything = artifact is not None and not metrics.get("holdout_reserved")
        window = timedelta(days=self.recontact_days)
        created = {c.id: c.created_at for c, _, _, _ in chosen}
        recontacted = {target for target, when in recontacts
                       if target in created and timedelta(0) <= when - created[target] <= window}
        judge = _Judge(taxonomy={name: info.category for name, info in taxonomy.items()},
                       autonomous=GatePolicy({}, thresholds, Mode.AUTONOMOUS, 100, confidence_map),
                       open_gate=GatePolicy({}, {(ANY, ANY): 0.0}, Mode.AUTONOMOUS, 100))
        if on_total:
            on_total(len(chosen))
        rows: list[ReplayRow] = []
        for original, cut, holdout, reopened in chosen:
            ctx = self.pipeline.run(cut)
            row = judge.row(ctx, original, holdout=holdout, in_sample=not holdout or trained_on_everything,
                            recontacted=reopened or original.id in recontacted)
            rows.append(row)
            if on_each:
                on_each(row)
        notes = ["projected re-contact counts every wrong auto-answer as a certain re-contact, plus the correct ones "
                 "whose human resolution saw a re-contact; unlabelled conversations count as wrong"]
        if trained_on_everything:
            notes.append("the active intent model was trained before the evaluation slice was reserved: every row is "
                         "in-sample and agreement is optimistic; retrain with `deskpilot train intent`")
        elif any(r.in_sample for r in rows):
            notes.append("in-sample rows were in the intent model's training data: their agreement is optimistic")
        if not any(r.human_article for r in rows):
            notes.append("no conversation records the article its agent used: article agreement is n/a and "
                         "answers are judged on intent alone")
        model = {"fingerprint": artifact.fingerprint if artifact else None,
                 "holdout_reserved": metrics.get("holdout_reserved"),
                 "confidence_map": confidence_map.fingerprint if confidence_map is not None else None}
        return ReplayReport(since, until, rows, summarize(rows), model, notes,
                            round(time.perf_counter() - start, 2))


@dataclass(frozen=True)
class _Judge:
    taxonomy: dict[str, str]
    autonomous: GatePolicy
    open_gate: GatePolicy

    def row(self, ctx: PipelineContext, original: Conversation, *, holdout: bool, in_sample: bool,
            recontacted: bool) -> ReplayRow:
        u, gate = ctx.understanding, ctx.gate
        assert u is not None and gate is not None and original.id is not None
        label = original.category
        intent_agrees = None if not label else (
            u.intent == label if label in self.taxonomy or label == u.intent else u.category == label)
        article = original.metadata.get("article")
        human_article = article if isinstance(article, str) and article else None
        cited_all = [c.article_key for _, c in sorted(ctx.draft.cited.items())] if ctx.draft is not None else []
        cited = cited_all[0] if cited_all else None
        article_agrees = None if human_article is None else cited == human_article
        correct = None if intent_agrees is None else intent_agrees and article_agrees is not False
        return ReplayRow(
            conversation_id=original.id, external_id=original.external_id, holdout=holdout, in_sample=in_sample,
            locale=u.locale, category=self.taxonomy.get(label, label) if label else UNLABELLED, human_label=label,
            intent=u.intent, predicted_category=u.category, human_article=human_article, cited_article=cited,
            cited_articles=list(dict.fromkeys(cited_all)),
            confidence=gate.confidence, raw_confidence=float(gate.evidence["raw_confidence"]),
            threshold=gate.threshold, outcome=gate.outcome.value,
            auto_reply=gate.outcome == GateOutcome.AUTO_REPLY,
            auto_reply_autonomous=decide(ctx, self.autonomous).outcome == GateOutcome.AUTO_REPLY,
            eligible=decide(ctx, self.open_gate).outcome == GateOutcome.AUTO_REPLY,
            intent_agrees=intent_agrees, article_agrees=article_agrees, correct=correct, recontacted=recontacted)


def summarize(rows: Sequence[ReplayRow]) -> list[GroupFigures]:
    """Figures overall, per sample (holdout / in-sample), per human category and per understood locale."""
    out = [figures("overall", "all", rows)] if rows else []
    for name, key in (("sample", lambda r: "in-sample" if r.in_sample else "holdout"),
                      ("category", lambda r: r.category), ("locale", lambda r: r.locale)):
        groups: dict[str, list[ReplayRow]] = {}
        for row in rows:
            groups.setdefault(key(row), []).append(row)
        out.extend(figures(name, k, groups[k]) for k in sorted(groups))
    return out


def figures(group: str, key: str, rows: Sequence[ReplayRow]) -> GroupFigures:
    """The replay figures of a non-empty set of rows."""
    n = len(rows)
    auto = [r for r in rows if r.auto_reply]
    auto_all = [r for r in rows if r.auto_reply_autonomous]
    honest, honest_all = _projection(auto), _projection(auto_all)
    return GroupFigures(
        group=group, key=key, replayed=n, in_sample=sum(r.in_sample for r in rows),
        would_auto_reply=len(auto) / n, would_auto_reply_autonomous=len(auto_all) / n,
        intent_agreement=_share([r.intent_agrees for r in rows]),
        article_agreement=_share([r.article_agrees for r in rows]),
        article_agreement_any=_share([None if r.human_article is None else r.human_article in r.cited_articles
                                      for r in rows]),
        resolution_agreement=_share([bool(r.correct) for r in auto]),
        resolution_agreement_autonomous=_share([bool(r.correct) for r in auto_all]),
        human_recontact_rate=sum(r.recontacted for r in rows) / n,
        projected_recontact=honest, projected_recontact_autonomous=honest_all,
        honest_deflection=len(auto) / n * (1 - (honest or 0.0)),
        honest_deflection_autonomous=len(auto_all) / n * (1 - (honest_all or 0.0)))


def _share(values: Sequence[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _projection(auto: Sequence[ReplayRow]) -> float | None:
    """(wrong auto-answers + correct ones whose human resolution saw a re-contact) ÷ auto-answers."""
    if not auto:
        return None
    return sum(1 for r in auto if not r.correct or r.recontacted) / len(auto)
