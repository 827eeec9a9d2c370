"""Built-in job handlers: process a conversation, deliver an outbox action, ingest what a webhook named."""

from __future__ import annotations

from deskpilot.audit.events import ActionFailed
from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Job
from deskpilot.jobs.registry import job_handler, on_dead_job
from deskpilot.jobs.worker import JobContext
from deskpilot.services.connectors import WEBHOOK_JOB, ConnectorService
from deskpilot.services.deliver import DeliveryService
from deskpilot.services.ingest import PROCESS_JOB
from deskpilot.services.process import DELIVER_JOB, ProcessService, record
from deskpilot.storage.database import UnitOfWork


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
        service = DeliveryService(connectors=_connectors(ctx))
        ctx.services["deliver"] = service
    action_id = int(ctx.job.payload["action_id"])
    try:
        with ctx.finishing_uow() as uow:
            service.deliver(uow, action_id)
            uow.commit()
    except Exception as exc:
        _record_attempt(ctx, action_id, f"{type(exc).__name__}: {exc}")
        raise


@on_dead_job(DELIVER_JOB)
def delivery_gave_up(uow: UnitOfWork, job: Job, error: str) -> None:
    """A delivery that will not be retried: the action is marked failed and the failure audited (the conversation
    and its draft stay, for a person to send)."""
    action_id = int(job.payload["action_id"])
    action = uow.actions.get(action_id)
    if action is None:
        return
    uow.actions.mark(action_id, ActionStatus.FAILED, error=error[:2000], attempt=False)
    uow.audit.append(ActionFailed(actor="worker", conversation_id=action.conversation_id, action_id=action_id,
                                  error=error[:500], permanent=True))


def _record_attempt(ctx: JobContext, action_id: int, error: str) -> None:
    """Note a failed attempt on the action and in the audit log (its own transaction: the job's rolled back)."""
    with ctx.db.uow() as uow:
        action = uow.actions.get(action_id)
        if action is None or action.status == ActionStatus.SENT:
            return
        uow.actions.mark(action_id, ActionStatus.PENDING, error=error[:2000])
        uow.audit.append(ActionFailed(actor=f"worker:{ctx.worker_id}", conversation_id=action.conversation_id,
                                      action_id=action_id, error=error[:500], permanent=False))
        uow.commit()


@job_handler(WEBHOOK_JOB)
def connector_webhook(ctx: JobContext) -> None:
    """Fetch and ingest what a verified webhook named; the ingest and the job completion commit together."""
    service = _connectors(ctx)
    with ctx.finishing_uow() as uow:
        service.process_webhook(uow, ctx.job.payload)
        uow.commit()


def _connectors(ctx: JobContext) -> ConnectorService:
    """The worker's connector service (one per worker: it caches the connectors it built)."""
    service = ctx.services.get("connectors")
    if not isinstance(service, ConnectorService):
        service = ConnectorService(ctx.db)
        ctx.services["connectors"] = service
    return service
