"""Run a batch of incoming conversations through ingest and the worker, in process."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from deskpilot.config import Settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.jobs.registry import load_handlers
from deskpilot.jobs.worker import Worker
from deskpilot.runtime import build_process_service
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database


def ingest_and_process(db: Database, settings: Settings, payloads: Sequence[GenericConversation], *,
                       actor: str, on_job: Callable[[str], None] | None = None) -> list[int]:
    """Ingest payloads, then drain the job queue with one in-process worker; returns conversation ids."""
    results = IngestService(db).ingest_many(payloads, actor=actor)
    worker = Worker(db, settings, handlers=load_handlers(),
                    services={"process": build_process_service(db, settings)})
    worker.run(drain=True, on_job=(lambda job, status: on_job(job.kind)) if on_job else None)
    return [r.conversation_id for r in results]
