"""Agent assist: similar resolved cases and reply suggestions (offered, used, uptake per category)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from deskpilot.analytics.suggestions import suggestion_rates
from deskpilot.api.deps import DatabaseDep, SuggestionsDep
from deskpilot.assist.similar import similar_cases
from deskpilot.auth.access import ANALYTICS, allow
from deskpilot.auth.credentials import Role
from deskpilot.services.metrics import parse_window
from deskpilot.services.suggestions import SuggestionAlreadyUsed

router = APIRouter(tags=["assist"])
AGENT = Query("api", max_length=200, description="who is asking (audited)")


class SuggestionUse(BaseModel):
    """What the agent sent from a suggestion."""

    text: str = Field(min_length=1, max_length=20_000)
    agent: str = Field(default="api", max_length=200)


@router.get("/api/conversations/{conversation_id}/similar")
@allow(Role.ADMIN, Role.REVIEWER)
def similar(conversation_id: int, db: DatabaseDep, k: int = Query(5, ge=1, le=20)) -> dict[str, Any]:
    """The most similar earlier resolved conversations (same locale first) with their resolution, the reply that
    resolved them and the article used."""
    try:
        found = similar_cases(db, conversation_id, k)
    except KeyError as exc:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found") from exc
    return {"conversation_id": conversation_id, "cases": [c.to_json() for c in found]}


@router.get("/api/conversations/{conversation_id}/suggestions")
@allow(Role.ADMIN, Role.REVIEWER)
def current_suggestions(conversation_id: int, service: SuggestionsDep, agent: str = AGENT) -> dict[str, Any]:
    """The draft and up to two alternatives, each with its citations; offered anew when the conversation changed."""
    try:
        found = service.current(conversation_id, actor=agent)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return {"conversation_id": conversation_id, "suggestions": [s.to_json() for s in found]}


@router.post("/api/conversations/{conversation_id}/suggestions", status_code=status.HTTP_201_CREATED)
@allow(Role.ADMIN, Role.REVIEWER)
def offer_suggestions(conversation_id: int, service: SuggestionsDep, agent: str = AGENT) -> dict[str, Any]:
    """Offer a fresh batch of suggestions."""
    try:
        found = service.offer(conversation_id, actor=agent)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return {"conversation_id": conversation_id, "suggestions": [s.to_json() for s in found]}


@router.post("/api/suggestions/{suggestion_id}/use",
             responses={404: {"description": "no such suggestion"}, 409: {"description": "batch already used"}})
@allow(Role.ADMIN, Role.REVIEWER)
def use_suggestion(suggestion_id: int, body: SuggestionUse, service: SuggestionsDep) -> dict[str, Any]:
    """Record that the agent sent a suggestion, edited or not (once per batch)."""
    try:
        used = service.use(suggestion_id, sent_text=body.text, actor=body.agent)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except SuggestionAlreadyUsed as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return {"suggestion_id": used.suggestion_id, "rank": used.rank, "edited": used.edited,
            "edit_distance": round(used.edit_distance, 4)}


@router.get("/api/suggestions/rates")
@allow(*ANALYTICS)
def rates(db: DatabaseDep, window: str = Query("30d", description="7d, 30d, 12w …")) -> dict[str, Any]:
    """Per category: batches offered, share used, sent unchanged vs edited, edit distance, alternatives chosen."""
    try:
        span = parse_window(window)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    end = datetime.now(UTC)
    with db.reader() as uow:
        found = suggestion_rates(uow.session, end - span, end)
    return {"start": (end - span).isoformat(), "end": end.isoformat(), "categories": [r.to_json() for r in found]}
