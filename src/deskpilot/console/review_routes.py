"""The review console: the queue (filter, sort, keyboard), the review page (thread, cited draft beside its clauses,
policy, signals, brief, similar cases) and approve / edit / reject in one form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from deskpilot.api.deps import DatabaseDep, FilterDep, ReviewDep, SettingsDep, SuggestionsDep, queue_filter
from deskpilot.auth.access import READ_CONVERSATIONS, REVIEW, allow
from deskpilot.config import Settings
from deskpilot.console.forms import CsrfField, actor_of, require_csrf
from deskpilot.console.routes import templates
from deskpilot.review.queue import SORTS, QueueFilter
from deskpilot.services.review import ReviewConflict, ReviewError, ReviewService

router = APIRouter(include_in_schema=False)
SLA_STATES = ("breached", "due_soon", "ok")


def _role(request: Request) -> str | None:
    user = getattr(request.state, "user", None)
    return None if user is None else str(user.role)


def _may_review(request: Request) -> bool:
    role = _role(request)
    return role is None and not request.app.state.settings.auth_required or role in {r.value for r in REVIEW}


@router.get("/review", response_class=HTMLResponse)
@allow(*READ_CONVERSATIONS)
def queue_page(request: Request, db: DatabaseDep, settings: SettingsDep, service: ReviewDep, filt: FilterDep,
               sort: str = Query("sla", pattern="^(" + "|".join(SORTS) + ")$"),
               dir: str = Query("asc", pattern="^(asc|desc)$"),  # noqa: A002 - the query parameter's name
               ) -> HTMLResponse:
    """Conversations waiting for a person, oldest SLA first by default."""
    items, total = service.queue(filt, sort=sort, descending=dir == "desc")
    with db.reader() as uow:
        categories = sorted({i.category for i in uow.taxonomy.all().values()})
    query = filt.to_query()
    return templates().TemplateResponse(request, "review_queue.html", {
        "items": items, "total": total, "filter": filt, "query": query, "sort": sort, "dir": dir,
        "sorts": SORTS, "locales": settings.locales, "categories": categories, "sla_states": SLA_STATES,
        "queue_query": urlencode({**query, "sort": sort, "dir": dir}),
        "sla_minutes": settings.review_sla_minutes, "urgent_sla_minutes": settings.urgent_review_sla_minutes})


def _page(request: Request, service: ReviewService, settings: Settings, conversation_id: int, *, original: bool,
          error: str | None = None, status: int = 200, form: dict[str, Any] | None = None,
          queue_query: str | None = None) -> HTMLResponse:
    role = _role(request)
    if original and role is not None and role not in settings.original_text_roles:
        raise HTTPException(status_code=403, detail=f"the {role} role may not see the original text")
    page = service.page(conversation_id, original=original, viewer=actor_of(request), role=role)
    if page is None:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found")
    back = queue_query if queue_query is not None else request.query_params.get("q", "")
    may_see_original = role is None or role in settings.original_text_roles
    return templates().TemplateResponse(request, "review.html", {
        "c": page, "error": error, "form": form or {}, "queue_query": back, "may_review": _may_review(request),
        "may_see_original": may_see_original}, status_code=status)


@router.get("/review/{conversation_id}", response_class=HTMLResponse)
@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
@allow(*READ_CONVERSATIONS)
def review_page(conversation_id: int, request: Request, service: ReviewDep, settings: SettingsDep,
                original: bool = Query(False, description="show the unredacted text (audited)")) -> HTMLResponse:
    """One conversation with its cited draft beside the clauses, and the review form when it waits for one."""
    return _page(request, service, settings, conversation_id, original=original)


@router.get("/review/{conversation_id}/similar", response_class=HTMLResponse)
@allow(*READ_CONVERSATIONS)
def similar_fragment(conversation_id: int, request: Request, db: DatabaseDep) -> HTMLResponse:
    """Similar resolved cases (loaded after the page, as an HTML fragment)."""
    from deskpilot.assist.similar import similar_cases

    try:
        cases = similar_cases(db, conversation_id, 5)
    except KeyError as exc:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found") from exc
    return templates().TemplateResponse(request, "_similar.html", {"cases": [c.to_json() for c in cases]})


@router.get("/review/{conversation_id}/alternatives", response_class=HTMLResponse)
@allow(*REVIEW)
def alternatives_fragment(conversation_id: int, request: Request, suggestions: SuggestionsDep,
                          db: DatabaseDep) -> HTMLResponse:
    """Other replies the reviewer may start from: the suggestions beside the draft, each with its cited clauses
    (offered once per conversation change, audited; loaded after the page, as an HTML fragment)."""
    try:
        offered = suggestions.current(conversation_id, actor=actor_of(request))
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=f"conversation {conversation_id} not found") from exc
    with db.reader() as uow:
        clauses = {c["clause_id"]: uow.knowledge.clause_by_citation(c["clause_id"])
                   for s in offered for c in s.citations}
    return templates().TemplateResponse(request, "_alternatives.html", {
        "alternatives": [s for s in offered if s.rank > 0], "clauses": clauses})


@router.post("/review/{conversation_id}", response_class=HTMLResponse)
@allow(*REVIEW)
def review_action(conversation_id: int, request: Request, service: ReviewDep, settings: SettingsDep,
                  csrf: CsrfField = "", decision_id: int = Form(...),
                  verdict: str = Form(..., pattern="^(approve|edit|reject)$"),
                  text: str = Form("", max_length=40_000), reason: str = Form("", max_length=2_000),
                  q: str = Form("", max_length=2_000),
                  suggestion_id: str = Form("", pattern=r"^\d{0,12}$", description="the suggestion started from"),
                  ) -> Response:
    """Approve, edit or reject; then on to the next conversation in the queue (same filter and order)."""
    require_csrf(request, csrf)
    try:
        result = service.review(conversation_id, decision_id, verdict, reviewer=actor_of(request), text=text,
                                reason=reason, suggestion_id=int(suggestion_id) if suggestion_id else None)
    except ReviewConflict as exc:
        return _page(request, service, settings, conversation_id, original=False, error=str(exc), status=409,
                     queue_query=q)
    except ReviewError as exc:
        return _page(request, service, settings, conversation_id, original=False, error=str(exc), status=400,
                     form={"verdict": verdict, "text": text, "reason": reason, "suggestion_id": suggestion_id},
                     queue_query=q)
    following = _next_in_queue(request, service, q, conversation_id)
    notice = urlencode({"done": conversation_id, "verdict": result.verdict, "q": q})
    target = f"/review/{following}?{notice}" if following else f"/review?{q}{'&' if q else ''}{notice}"
    return RedirectResponse(target, status_code=303)


def _next_in_queue(request: Request, service: ReviewService, q: str, after: int) -> int | None:
    """The first conversation of the reviewer's queue (as filtered and sorted) other than the one just done."""
    from starlette.datastructures import QueryParams

    params = QueryParams(q)
    try:
        filt = queue_filter(locale=params.get("locale"), category=params.get("category"),
                            outcome=params.get("outcome") if params.get("outcome") in ("review", "escalate") else None,
                            min_confidence=float(params["min_confidence"]) if params.get("min_confidence") else None,
                            max_confidence=float(params["max_confidence"]) if params.get("max_confidence") else None,
                            sla=params.get("sla") if params.get("sla") in SLA_STATES else None,
                            min_age_minutes=int(params["min_age_minutes"]) if params.get("min_age_minutes") else None)
    except ValueError:
        filt = QueueFilter()
    sort = params.get("sort") if params.get("sort") in SORTS else "sla"
    items, _ = service.queue(filt, sort=sort or "sla", descending=params.get("dir") == "desc", limit=2)
    return next((i.conversation_id for i in items if i.conversation_id != after), None)
