"""Built-in job handlers: process a conversation, deliver an outbox action."""

from __future__ import annotations

from deskpilot.jobs.registry import job_handler
from deskpilot.jobs.worker import JobContext
from deskpilot.services.deliver import DeliveryService
from deskpilot.services.ingest import PROCESS_JOB
from deskpilot.services.process import DELIVER_JOB, ProcessService, record


@job_handler(PROCESS_JOB)
def process_conversation(ctx: JobContext) -> None:
    """Run the pipeline and record the decision in the same transaction that completes the job."""
    service = ctx.services.get("process")
    if not isinstance(service, ProcessService):
        from deskpilot.runtime import build_process_service

        service = build_process_service(ctx.db, ctx.settings)
        ctx.services["process"] = service
    conversation_id = int(ctx.job.payload["conversation_id"])
    result = service.run_pipeline(conversation_id)
    with ctx.finishing_uow() as uow:
        record(uow, result)
        uow.commit()


@job_handler(DELIVER_JOB)
def deliver_action(ctx: JobContext) -> None:
    """Deliver an action; the delivery record and the job completion commit together."""
    service = ctx.services.get("deliver")
    if not isinstance(service, DeliveryService):
        service = DeliveryService()
        ctx.services["deliver"] = service
    with ctx.finishing_uow() as uow:
        service.deliver(uow, int(ctx.job.payload["action_id"]))
        uow.commit()
