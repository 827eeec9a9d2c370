"""Build the demo workspace: help centre, gate settings, history, trained intent model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from deskpilot.audit.events import ModeChanged, ThresholdChanged
from deskpilot.auth.credentials import Role
from deskpilot.config import Settings
from deskpilot.connectors.generic.schema import GenericConversation, GenericMessage
from deskpilot.demo.intents import INTENTS, LOCALES
from deskpilot.domain.enums import Mode
from deskpilot.domain.models import EvalExample
from deskpilot.knowledge.embedder import embedder_for
from deskpilot.knowledge.importers.markdown import read_markdown_folder
from deskpilot.knowledge.index import IndexCache
from deskpilot.policy.rules import builtin_policy_text
from deskpilot.runtime import FACTS_SETTING
from deskpilot.services.calibrate import CalibrationService, GatePlan
from deskpilot.services.ingest import IngestService
from deskpilot.services.knowledge import KnowledgeService
from deskpilot.services.policy import PolicyService
from deskpilot.services.train import IntentTrainingService, TrainReport
from deskpilot.services.users import UserService
from deskpilot.storage.database import Database
from deskpilot.storage.migrate import upgrade
from deskpilot.storage.repositories.gate_settings import IntentInfo
from deskpilot.understand.text import html_to_text

DEMO_SOURCE = "demo"
ACTOR = "system:demo"
DEMO_USER_DOMAIN = "lumio.example"
DEMO_POLICY = "lumio"  # deskpilot/policy/data/lumio.yaml: the retailer's written policy as rules
DEMO_MODES: dict[str, tuple[Mode, int]] = {
    "orders": (Mode.AUTONOMOUS, 100),
    "shipping": (Mode.AUTONOMOUS, 100),
    "account": (Mode.AUTONOMOUS, 100),
    "billing": (Mode.AUTONOMOUS, 10),
    "returns": (Mode.ASSIST, 100),
    "refunds": (Mode.ASSIST, 100),
    "privacy": (Mode.ASSIST, 100),
    "complaints": (Mode.ASSIST, 100),
    "warranty": (Mode.SHADOW, 100),
}
# The raw-confidence threshold before calibration (kept when the held-out history is too thin to calibrate on):
# measured on the demo stream, out-of-scope questions mostly score below 0.75, correct answers above.
DEMO_THRESHOLD = 0.75
CALIBRATION_SINCE = datetime(2000, 1, 1, tzinfo=UTC)  # all of the demo history
AS_OF_SETTING = "demo_as_of"

Progress = Callable[[str, int, int], None]


@dataclass
class DemoBuildReport:
    """What the demo build created."""

    articles: int
    article_versions: int
    history: int
    intent_model: TrainReport
    calibration: GatePlan | None = None
    users: list[dict[str, str]] = field(default_factory=list)  # one per role, with the password shown once

    def to_json(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {"articles": self.articles, "article_versions": self.article_versions, "history": self.history,
                "users": self.users,
                "intent_model": self.intent_model.to_json(),
                "calibration": self.calibration.to_json() if self.calibration else None}


def demo_articles_path() -> Path:
    """The packaged folder of demo help-centre articles (one sub-folder per locale)."""
    return Path(str(resources.files("deskpilot.demo").joinpath("articles")))


def history_payloads(seed: int, count: int, as_of: date | None = None) -> list[GenericConversation]:
    """The demo's historical conversations as validated ingest payloads."""
    from deskpilot.demo.catalog import load_catalog
    from deskpilot.demo.conversations import generate_history

    catalog = load_catalog(as_of)
    return [GenericConversation.model_validate(p) for p in generate_history(catalog, seed, count=count)]


def stream_payloads(seed: int, count: int, as_of: date | None = None) -> list[GenericConversation]:
    """The demo's incoming conversations as validated ingest payloads."""
    from deskpilot.demo.catalog import load_catalog
    from deskpilot.demo.conversations import generate_stream

    catalog = load_catalog(as_of)
    return [GenericConversation.model_validate(p) for p in generate_stream(catalog, seed, count=count)]


def demo_as_of(db: Database) -> date | None:
    """The day the demo workspace was built (its order dates count back from it)."""
    with db.reader() as uow:
        value = uow.workspace.get(AS_OF_SETTING, None)
    return date.fromisoformat(value) if value else None


def build_demo_workspace(db: Database, settings: Settings, *, seed: int, history: int = 2200,
                         progress: Progress | None = None, as_of: date | None = None,
                         calibrate: bool = True) -> DemoBuildReport:
    """Create the schema and fill it with the demo retailer (the database should be empty); with ``calibrate``
    the gate is then calibrated on the held-out history as `deskpilot gate calibrate` would."""
    report = progress or (lambda _step, _done, _total: None)
    day = as_of or datetime.now(UTC).date()
    upgrade(db.engine)
    with db.uow() as uow:
        for spec in INTENTS.values():
            uow.taxonomy.save(IntentInfo(spec.name, spec.category, spec.sensitive, f"answered by {spec.article}"))
        uow.workspace.set(FACTS_SETTING, "demo")
        uow.workspace.set("demo_seed", seed)
        uow.workspace.set(AS_OF_SETTING, day.isoformat())
        for category, (mode, rollout) in DEMO_MODES.items():
            uow.gate_settings.set_mode(category, mode, rollout)
            uow.audit.append(ModeChanged(actor=ACTOR, category=category, mode=mode.value, rollout_percent=rollout))
        uow.gate_settings.set_threshold("*", "*", DEMO_THRESHOLD)
        uow.audit.append(ThresholdChanged(actor=ACTOR, locale="*", category="*", threshold=DEMO_THRESHOLD))
        uow.commit()
    PolicyService(db).activate(builtin_policy_text(DEMO_POLICY), origin=f"builtin:{DEMO_POLICY}", actor=ACTOR)
    docs = []
    for locale in LOCALES:
        docs.extend(read_markdown_folder(demo_articles_path() / locale, default_locale=locale))
    total_docs = len(docs)
    published = KnowledgeService(db).publish_many(
        docs, actor=ACTOR, on_each=lambda r: report("help centre", 1, total_docs))
    report("clause embeddings", 0, 1)
    IndexCache(db, embedder_for(settings.embedder)).get()  # computes and stores every clause vector once
    report("clause embeddings", 1, 1)
    payloads = history_payloads(seed, history, day)
    ingest = IngestService(db)
    batch = 200
    for start in range(0, len(payloads), batch):
        chunk = payloads[start:start + batch]
        ingest.ingest_many(chunk, actor=ACTOR, batch_size=batch)
        report("history", len(chunk), len(payloads))
    with db.uow() as uow:
        for payload in payloads[:: 10]:
            intent = payload.category
            if intent is None:
                continue
            uow.eval_examples.add(EvalExample(
                locale=str(payload.metadata["locale"]), category=INTENTS[intent].category
                if intent in INTENTS else None, text=_plain(payload.messages[0])[:2000], expected_intent=intent,
                expected_clause=payload.metadata.get("article"), source="history"))
        uow.commit()
    report("intent model", 0, 1)
    model = IntentTrainingService(db).train(actor=ACTOR, embedder=settings.embedder)
    report("intent model", 1, 1)
    plan = calibrate_gate(db, settings, progress=report) if calibrate else None
    return DemoBuildReport(articles=total_docs, article_versions=sum(1 for r in published if r.created),
                           history=len(payloads), intent_model=model, calibration=plan, users=demo_users(db))


def demo_users(db: Database) -> list[dict[str, str]]:
    """One console user per role with a fresh random password (printed by the demo, never stored in clear)."""
    users = UserService(db)
    created = [users.add(f"{role.value}@{DEMO_USER_DOMAIN}", role.value, actor=ACTOR) for role in Role]
    return [{"email": c.user.email, "role": c.user.role, "password": c.secret} for c in created]


def _plain(message: GenericMessage) -> str:
    """A message's text as ingestion stores it (HTML becomes plain text)."""
    return html_to_text(message.body) if message.content_type == "text/html" else message.body


def calibrate_gate(db: Database, settings: Settings, *, progress: Progress) -> GatePlan:
    """Replay the held-out demo history, fit the confidence map and write thresholds at the default target."""
    from deskpilot.runtime import build_replay_service

    service = CalibrationService(db, build_replay_service(db, settings))
    totals: list[int] = []
    plan, _ = service.plan(since=CALIBRATION_SINCE, on_total=totals.append,
                           on_each=lambda _row: progress("gate calibration", 1, totals[0]))
    service.apply(plan, actor=ACTOR)
    return plan
