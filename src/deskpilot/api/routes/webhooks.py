"""Vendor webhooks: verified against the connector instance's secret, replays ignored, processing queued."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from deskpilot.api.deps import ConnectorsDep
from deskpilot.auth.access import public
from deskpilot.connectors.base import WebhookRejected

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/{instance}", status_code=202,
             responses={401: {"description": "bad, missing or stale signature"},
                        400: {"description": "unreadable body"}, 404: {"description": "unknown connector"}})
@public
async def receive(instance: str, request: Request, connectors: ConnectorsDep) -> Any:
    """Acknowledge a vendor webhook fast: verify, record its delivery id, queue the work (a replay changes
    nothing)."""
    body = await request.body()
    try:
        receipt = await run_in_threadpool(connectors.receive_webhook, instance, dict(request.headers), body)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except WebhookRejected as exc:
        return JSONResponse(status_code=exc.status, content={"accepted": False, "detail": str(exc)})
    return {"accepted": True, "duplicate": receipt.duplicate, "delivery_id": receipt.delivery_id,
            "queued": receipt.job_id is not None}
