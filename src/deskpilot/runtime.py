"""Wiring: builds the pipeline and services for a database and settings."""

from __future__ import annotations

from deskpilot.config import Settings
from deskpilot.decide.gate import GateStage
from deskpilot.drafting.composer import ComposeStage
from deskpilot.drafting.verifier import VerifyStage
from deskpilot.knowledge.embedder import embedder_for
from deskpilot.knowledge.ground import GroundStage
from deskpilot.knowledge.index import IndexCache
from deskpilot.pipeline import Pipeline
from deskpilot.policy.facts import FactsProvider, NoFacts
from deskpilot.services.process import ProcessService
from deskpilot.storage.database import Database
from deskpilot.understand.intent_model import IntentModelProvider
from deskpilot.understand.stage import UnderstandStage

FACTS_SETTING = "facts_provider"


def facts_provider_for(db: Database) -> FactsProvider:
    """The facts provider configured for this workspace."""
    with db.reader() as uow:
        name = uow.workspace.get(FACTS_SETTING, "none")
    if name == "demo":
        from deskpilot.demo.catalog import load_catalog
        from deskpilot.demo.facts import DemoFactsProvider
        from deskpilot.demo.workspace import demo_as_of

        return DemoFactsProvider(load_catalog(demo_as_of(db)))
    if name == "none":
        return NoFacts()
    raise ValueError(f"unknown facts provider {name!r}; known: demo, none")


def build_pipeline(db: Database, settings: Settings, *, facts: FactsProvider | None = None) -> Pipeline:
    """The default pipeline: understand → ground → draft → verify → gate."""
    return Pipeline([
        UnderstandStage(locales=settings.locales, default_locale=settings.default_locale,
                        intents=IntentModelProvider(db)),
        GroundStage(index=IndexCache(db, embedder_for(settings.embedder)), facts=facts or facts_provider_for(db)),
        ComposeStage(),
        VerifyStage(),
        GateStage(db),
    ])


def build_process_service(db: Database, settings: Settings) -> ProcessService:
    """A process service with a warmed-up default pipeline."""
    pipeline = build_pipeline(db, settings)
    pipeline.warm_up()
    return ProcessService(db, pipeline)
