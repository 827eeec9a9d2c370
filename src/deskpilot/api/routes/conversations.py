"""Conversations: ingest in the generic JSON format and read back with decision and draft."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Response, status

from deskpilot.api.deps import DatabaseDep
from deskpilot.api.views import conversation_view
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.services.ingest import IngestService

router = APIRouter(prefix="/api/conversations", tags=["conversations"])


@router.post("", status_code=status.HTTP_201_CREATED,
             responses={200: {"description": "already known: nothing new was stored"},
                        413: {"description": "body too large"}, 422: {"description": "invalid payload"}})
def ingest_conversation(payload: GenericConversation, db: DatabaseDep, response: Response) -> dict[str, Any]:
    """Ingest one conversation; idempotent on (source, external_id) and message external ids."""
    result = IngestService(db).ingest(payload, actor=f"api:{payload.source}")
    if not result.created and not result.new_messages:
        response.status_code = status.HTTP_200_OK
    return {"id": result.conversation_id, "created": result.created, "new_messages": result.new_messages,
            "queued": result.job_id is not None}


@router.get("/{conversation_id}")
def get_conversation(conversation_id: int, db: DatabaseDep,
                     redacted: bool = Query(True, description="customer text with PII replaced")) -> dict[str, Any]:
    """A conversation with its messages, understanding, latest decision, draft and citations."""
    with db.reader() as uow:
        view = conversation_view(uow, conversation_id, redacted=redacted)
    if view is None:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found")
    return view


@router.get("")
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
