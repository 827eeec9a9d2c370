"""Console pages: the overview of decisions, one conversation with its cited draft, and the metrics dashboard."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from deskpilot.analytics.dashboard import DEFAULT_WEEKS, MAX_WEEKS, build_dashboard
from deskpilot.analytics.decisions import summarize_decisions
from deskpilot.analytics.today import build_today
from deskpilot.api.deps import DatabaseDep, SettingsDep
from deskpilot.auth.access import ANALYTICS, READ_CONVERSATIONS, allow
from deskpilot.console import filters, i18n
from deskpilot.reports.weekly import render_dashboard_body

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The console's Jinja2 templates (autoescaped, with ``_()`` for translatable text)."""
    found = Jinja2Templates(directory=str(templates_root()))
    i18n.install(found.env)
    filters.install(found.env)
    return found


def templates_root() -> Path:
    """The folder of the console's templates."""
    return static_root().parent / "templates"


def static_root() -> Path:
    """The folder of vendored static files."""
    return Path(str(resources.files("deskpilot.console").joinpath("static")))


@router.get("/", response_class=HTMLResponse)
@allow(*READ_CONVERSATIONS)
def overview(request: Request, db: DatabaseDep) -> HTMLResponse:
    """Decisions per category, deliveries that failed or keep failing, and the latest conversations."""
    with db.reader() as uow:
        summary = summarize_decisions(uow)
        latest = uow.conversations.list(limit=60)
        decisions = {c.id: uow.decisions.latest_decision(c.id) for c in latest if c.id is not None}
        undelivered = uow.actions.undelivered()
    return templates().TemplateResponse(request, "index.html", {"summary": summary, "latest": latest,
                                                                "decisions": decisions, "undelivered": undelivered})


@router.get("/dashboard", response_class=HTMLResponse)
@allow(*ANALYTICS)
def dashboard_page(request: Request, db: DatabaseDep, settings: SettingsDep,
                   weeks: int = Query(DEFAULT_WEEKS, ge=1, le=MAX_WEEKS, description="complete ISO weeks shown"),
                   ) -> HTMLResponse:
    """Today so far against yesterday, then the five weekly metrics: the latest complete week against the one
    before, trends, categories and ROI."""
    board = build_dashboard(db, settings, weeks=weeks)
    today = build_today(db, settings)
    return templates().TemplateResponse(request, "dashboard.html", {"board": board, "weeks": weeks,
                                                                    "body": render_dashboard_body(
                                                                        board, i18n.language_of(request)),
                                                                    "today": today})
