"""Conversations: ingest in the generic JSON format and read back with decision and draft."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import Field

from deskpilot.api.deps import DatabaseDep
from deskpilot.api.views import conversation_view
from deskpilot.assist.summary import summarise_conversation
from deskpilot.auth.access import READ_CONVERSATIONS, allow
from deskpilot.auth.credentials import Role
from deskpilot.connectors.generic.schema import GenericConversation, GenericOutcome
from deskpilot.services.ingest import IngestService
from deskpilot.services.outcomes import OutcomeService

router = APIRouter(prefix="/api/conversations", tags=["conversations"])


@router.post("", status_code=status.HTTP_201_CREATED,
             responses={200: {"description": "already known: nothing new was stored"},
                        413: {"description": "body too large"}, 422: {"description": "invalid payload"}})
@allow(Role.ADMIN)
def ingest_conversation(payload: GenericConversation, db: DatabaseDep, response: Response) -> dict[str, Any]:
    """Ingest one conversation; idempotent on (source, external_id) and message external ids."""
    result = IngestService(db).ingest(payload, actor=f"api:{payload.source}")
    if not result.created and not result.new_messages:
        response.status_code = status.HTTP_200_OK
    return {"id": result.conversation_id, "created": result.created, "new_messages": result.new_messages,
            "queued": result.job_id is not None}


@router.get("/{conversation_id}")
@allow(*READ_CONVERSATIONS)
def get_conversation(conversation_id: int, db: DatabaseDep,
                     redacted: bool = Query(True, description="customer text with PII replaced")) -> dict[str, Any]:
    """A conversation with its messages, understanding, latest decision, draft and citations."""
    with db.reader() as uow:
        view = conversation_view(uow, conversation_id, redacted=redacted)
    if view is None:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found")
    return view


class OutcomeUpdate(GenericOutcome):
    """A reported outcome; ``recontact_of`` names the earlier conversation this one came back about."""

    recontact_of: int | None = Field(default=None, ge=1)


@router.put("/{conversation_id}/outcome",
            responses={404: {"description": "unknown conversation (or recontact_of)"},
                       422: {"description": "invalid outcome"}})
@allow(Role.ADMIN)
def put_outcome(conversation_id: int, body: OutcomeUpdate, db: DatabaseDep,
                actor: str = Query("api", max_length=200, description="who reports it (audited)")) -> dict[str, Any]:
    """Record how a conversation ended (resolution, resolver, CSAT, reopen, handling time); idempotent."""
    reported = GenericOutcome.model_validate(body.model_dump(exclude={"recontact_of"}))
    try:
        outcome, changed = OutcomeService(db).record(conversation_id, reported, recontact_of=body.recontact_of,
                                                     actor=actor)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return {"conversation_id": conversation_id, "changed": changed, "resolution": outcome.resolution,
            "resolved_by": outcome.resolved_by, "csat": outcome.csat, "reopened": outcome.reopened,
            "recontact_of": outcome.recontact_of, "handle_seconds": outcome.handle_seconds}


@router.get("/{conversation_id}/summary")
@allow(*READ_CONVERSATIONS)
def get_summary(conversation_id: int, db: DatabaseDep,
                locale: str | None = Query(None, description="the agent's locale (default: the conversation's)",
                                           pattern="^(en|de|fr|es|lt)$")) -> dict[str, Any]:
    """The thread summary for an agent: the customer's request, what happened so far, open questions and mood."""
    with db.reader() as uow:
        conversation = uow.conversations.get(conversation_id)
    if conversation is None:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found")
    return {"conversation_id": conversation_id, **summarise_conversation(conversation, locale).to_json()}


@router.get("")
@allow(*READ_CONVERSATIONS)
def list_conversations(db: DatabaseDep, status_filter: str | None = Query(None, alias="status"),
                       limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> dict[str, Any]:
    """Conversations newest first."""
    with db.reader() as uow:
        items = uow.conversations.list(status=status_filter, limit=limit, offset=offset)
        total = uow.conversations.count(status=status_filter)
    return {"total": total, "items": [{"id": c.id, "source": c.source, "external_id": c.external_id,
                                       "status": c.status.value, "locale": c.locale, "category": c.category,
                                       "intent": c.intent, "created_at": c.created_at.isoformat()}
                                      for c in items]}
