"""Wiring: builds the pipeline and services for a database and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskpilot.config import Settings
from deskpilot.decide.gate import GateStage
from deskpilot.drafting.composer import ComposeStage
from deskpilot.drafting.rewrite import ActiveDraftingProvider, DraftingSource, RewriteStage
from deskpilot.drafting.verifier import Verifier, VerifyStage
from deskpilot.knowledge.embedder import embedder_for
from deskpilot.knowledge.ground import GroundStage
from deskpilot.knowledge.index import IndexCache
from deskpilot.knowledge.intent_prior import IntentArticlePriors
from deskpilot.pipeline import Pipeline
from deskpilot.policy.facts import FactsProvider, NoFacts
from deskpilot.policy.provider import PolicyProvider
from deskpilot.policy.stage import PolicyStage
from deskpilot.services.process import ProcessService
from deskpilot.storage.database import Database
from deskpilot.understand.intent_model import IntentModelProvider
from deskpilot.understand.stage import UnderstandStage

if TYPE_CHECKING:
    from deskpilot.services.replay import ReplayService
    from deskpilot.services.suggestions import SuggestionService

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


def build_pipeline(db: Database, settings: Settings, *, facts: FactsProvider | None = None,
                   drafting: DraftingSource | None = None) -> Pipeline:
    """The default pipeline: understand → ground → policy → draft → rewrite (when an LLM is active) → verify →
    gate; ``drafting`` overrides the workspace's active drafting configuration (evaluation)."""
    from deskpilot.demo.workspace import demo_as_of

    embedder = embedder_for(settings.embedder)
    index = IndexCache(db, embedder)
    as_of = demo_as_of(db)  # a demo workspace judges deadlines on its build day; elsewhere: today
    verifier = Verifier(embedder=embedder)
    return Pipeline([
        UnderstandStage(locales=settings.locales, default_locale=settings.default_locale,
                        intents=IntentModelProvider(db)),
        GroundStage(index=index, facts=facts or facts_provider_for(db), priors=IntentArticlePriors(db)),
        PolicyStage(policies=PolicyProvider(db), index=index, as_of=lambda: as_of),
        ComposeStage(),
        RewriteStage(drafting or ActiveDraftingProvider(db), verifier),
        VerifyStage(verifier),
        GateStage(db),
    ])


def build_process_service(db: Database, settings: Settings) -> ProcessService:
    """A process service with a warmed-up default pipeline."""
    pipeline = build_pipeline(db, settings)
    pipeline.warm_up()
    return ProcessService(db, pipeline)


def build_replay_service(db: Database, settings: Settings) -> ReplayService:
    """A replay service over a warmed default pipeline (for `eval replay`, `gate calibrate` and the demo build)."""
    from deskpilot.services.replay import ReplayService

    pipeline = build_pipeline(db, settings)
    pipeline.warm_up()
    return ReplayService(db, pipeline, recontact_days=settings.recontact_days)


def build_suggestion_service(db: Database, settings: Settings) -> SuggestionService:
    """A suggestion service over a warmed default pipeline, sharing its composer and verifier."""
    from deskpilot.services.suggestions import SuggestionService

    pipeline = build_pipeline(db, settings)
    pipeline.warm_up()
    stages = {stage.name: stage for stage in pipeline.stages}
    compose, verify = stages[ComposeStage.name], stages[VerifyStage.name]
    assert isinstance(compose, ComposeStage) and isinstance(verify, VerifyStage)
    return SuggestionService(db, pipeline, compose.composer, verify.verifier)
