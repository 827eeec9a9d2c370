"""The review queue and reviews over the API (the console's form does the same through the same service)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from deskpilot.api.auth import actor_of
from deskpilot.api.deps import FilterDep, ReviewDep
from deskpilot.auth.access import READ_CONVERSATIONS, REVIEW, allow
from deskpilot.review.queue import SORTS
from deskpilot.services.review import ReviewConflict, ReviewError

router = APIRouter(tags=["review"])


class ReviewBody(BaseModel):
    """A reviewer's verdict on the conversation's latest decision."""

    decision_id: int = Field(description="the decision reviewed (a newer one makes the review a conflict)")
    verdict: str = Field(pattern="^(approve|edit|reject)$")
    text: str | None = Field(default=None, max_length=40_000, description="the reply to send, for an edit")
    reason: str | None = Field(default=None, max_length=2_000, description="why, for a rejection")
    suggestion_id: int | None = Field(default=None, description="the suggestion the reply started from, if any")


@router.get("/api/review/queue")
@allow(*READ_CONVERSATIONS)
def queue(service: ReviewDep, filt: FilterDep,
          sort: str = Query("sla", pattern="^(" + "|".join(SORTS) + ")$"),
          descending: bool = False, limit: int = Query(200, ge=1, le=1000)) -> dict[str, Any]:
    """Conversations waiting for a person, filtered and sorted."""
    items, total = service.queue(filt, sort=sort, descending=descending, limit=limit)
    return {"total": total, "items": [i.to_json() for i in items]}


@router.post("/api/conversations/{conversation_id}/review", status_code=status.HTTP_201_CREATED)
@allow(*REVIEW)
def review(conversation_id: int, body: ReviewBody, request: Request, service: ReviewDep) -> dict[str, Any]:
    """Approve (the reply goes to the outbox), edit (the edited reply goes) or reject (with a reason)."""
    try:
        result = service.review(conversation_id, body.decision_id, body.verdict, reviewer=actor_of(request),
                                text=body.text, reason=body.reason, suggestion_id=body.suggestion_id)
    except ReviewConflict as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    except ReviewError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return {"review_id": result.review_id, "verdict": result.verdict, "action_id": result.action_id,
            "eval_example_id": result.eval_example_id, "edit_distance": result.edit_distance}
