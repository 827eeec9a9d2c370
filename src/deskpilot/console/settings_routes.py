"""Console settings, for admins: each category's mode and rollout, the confidence thresholds, and the connector
instances (their forms drawn from each kind's settings schema; secret references are never shown again)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from deskpilot.api.deps import DatabaseDep, SettingsDep
from deskpilot.auth.access import allow
from deskpilot.auth.credentials import Role
from deskpilot.connectors.base import Connector, ConnectorError
from deskpilot.connectors.registry import connector_class, registry
from deskpilot.console.forms import CsrfField, actor_of, require_csrf
from deskpilot.console.routes import templates
from deskpilot.console.schema_forms import (
    FormField,
    FormProblem,
    default_values,
    entered_values,
    form_fields,
    settings_from_form,
    stored_secrets,
    stored_values,
)
from deskpilot.domain.enums import Mode
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.services.gate_settings import ANY, GateSettingsError, GateSettingsService
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.connectors import ConnectorInstance

router = APIRouter(include_in_schema=False)
INSTANCE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Problem:
    """Why a form was refused: a code the page words in the reader's language, and what it concerns."""

    code: str
    detail: str = ""


async def _submitted(request: Request) -> FormData:
    """The whole submitted form (a connector's fields depend on its kind)."""
    return await request.form()


SubmittedDep = Annotated[FormData, Depends(_submitted)]


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


def _number(text: str) -> float | None:
    """A finite number typed with a decimal point or comma, else None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@router.get("/settings", response_class=HTMLResponse)
@allow(Role.ADMIN)
def settings_index(request: Request, db: DatabaseDep) -> HTMLResponse:
    """The settings sections: modes, thresholds and connectors, with how much each holds."""
    service = GateSettingsService(db)
    modes, thresholds = service.modes_page(), service.thresholds_page()
    return _page(request, "settings.html", {
        "categories": len(modes.rows), "configured": sum(1 for r in modes.rows if r.configured),
        "thresholds": len(thresholds.rows), "instances": len(ConnectorService(db).instances())})


def _modes(request: Request, db: Database, *, saved: str | None = None, problem: Problem | None = None,
           entered: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    page = GateSettingsService(db).modes_page()
    known = {r.category for r in page.rows}
    return _page(request, "settings_modes.html", {
        "page": page, "modes": [m.value for m in Mode], "saved": saved if saved in known else None,
        "problem": problem, "entered": entered or {}}, status)


@router.get("/settings/modes", response_class=HTMLResponse)
@allow(Role.ADMIN)
def modes_page(request: Request, db: DatabaseDep, saved: str | None = None) -> HTMLResponse:
    """Each category with its mode (shadow, assist, autonomous) and rollout share."""
    return _modes(request, db, saved=saved)


@router.post("/settings/modes")
@allow(Role.ADMIN)
def change_mode(request: Request, db: DatabaseDep, csrf: CsrfField = "", category: str = Form(..., max_length=200),
                mode: str = Form(..., max_length=50), rollout_percent: str = Form(..., max_length=50)) -> Response:
    """Set one category's mode and rollout (audited), then show the page again."""
    require_csrf(request, csrf)
    entered = {"category": category, "mode": mode, "rollout_percent": rollout_percent}
    rollout = _number(rollout_percent)
    if mode not in {m.value for m in Mode}:
        problem = Problem("mode")
    elif rollout is None or not rollout.is_integer() or not 0 <= rollout <= 100:
        problem = Problem("rollout")
    else:
        try:
            GateSettingsService(db).set_mode(category, Mode(mode), int(rollout), actor=actor_of(request),
                                             known_only=True)
        except GateSettingsError as exc:
            problem = Problem("not_saved", str(exc))
        else:
            return RedirectResponse(f"/settings/modes?saved={quote(category, safe='')}", status_code=303)
    return _modes(request, db, problem=problem, entered=entered, status=400)


def _thresholds(request: Request, db: Database, locales: tuple[str, ...], *, saved: str | None = None,
                removed: str | None = None, problem: Problem | None = None, entered: dict[str, str] | None = None,
                status: int = 200) -> HTMLResponse:
    page = GateSettingsService(db).thresholds_page()
    rows = {(r.locale, r.category) for r in page.rows}
    saved_row = _row_key(saved)
    removed_row = _row_key(removed)
    return _page(request, "settings_thresholds.html", {
        "page": page, "locales": locales, "any": ANY, "rows": rows,
        "saved": saved_row if saved_row in rows else None,
        "removed": removed_row if removed_row and removed_row not in rows else None,
        "problem": problem, "entered": entered or {}}, status)


def _row_key(text: str | None) -> tuple[str, str] | None:
    """(locale, category) from a 'locale:category' query value."""
    if not text or ":" not in text:
        return None
    locale, _, category = text.partition(":")
    return locale, category


@router.get("/settings/thresholds", response_class=HTMLResponse)
@allow(Role.ADMIN)
def thresholds_page(request: Request, db: DatabaseDep, settings: SettingsDep, saved: str | None = None,
                    removed: str | None = None) -> HTMLResponse:
    """The confidence threshold of each locale × category ('*' matches any), and a form to add one."""
    return _thresholds(request, db, settings.locales, saved=saved, removed=removed)


@router.post("/settings/thresholds")
@allow(Role.ADMIN)
def change_threshold(request: Request, db: DatabaseDep, settings: SettingsDep, csrf: CsrfField = "",
                     locale: str = Form(..., max_length=50), category: str = Form(..., max_length=200),
                     threshold: str = Form(..., max_length=50)) -> Response:
    """Set (or add) the threshold of one locale × category (audited), then show the page again."""
    require_csrf(request, csrf)
    entered = {"locale": locale, "category": category, "threshold": threshold}
    value = _number(threshold)
    service = GateSettingsService(db, locales=settings.locales)
    if locale != ANY and locale not in settings.locales:
        problem = Problem("locale", ", ".join(settings.locales))
    elif category != ANY and category not in service.thresholds_page().categories:
        problem = Problem("category", category)
    elif value is None or not 0.0 <= value <= 1.0:
        problem = Problem("threshold")
    else:
        try:
            service.set_threshold(locale, category, value, actor=actor_of(request), known_only=True)
        except GateSettingsError as exc:
            problem = Problem("not_saved", str(exc))
        else:
            saved = quote(f"{locale}:{category}", safe="")
            return RedirectResponse(f"/settings/thresholds?saved={saved}", status_code=303)
    return _thresholds(request, db, settings.locales, problem=problem, entered=entered, status=400)


@router.post("/settings/thresholds/remove")
@allow(Role.ADMIN)
def remove_threshold(request: Request, db: DatabaseDep, settings: SettingsDep, csrf: CsrfField = "",
                     locale: str = Form(..., max_length=50), category: str = Form(..., max_length=200)) -> Response:
    """Remove one locale × category row (audited) so a less specific one applies, then show the page again."""
    require_csrf(request, csrf)
    try:
        GateSettingsService(db).remove_threshold(locale, category, actor=actor_of(request))
    except GateSettingsError:
        return _thresholds(request, db, settings.locales, problem=Problem("no_row", f"{locale} × {category}"),
                           status=400)
    removed = quote(f"{locale}:{category}", safe="")
    return RedirectResponse(f"/settings/thresholds?removed={removed}", status_code=303)


@router.get("/settings/connectors", response_class=HTMLResponse)
@allow(Role.ADMIN)
def connectors_page(request: Request, db: DatabaseDep, saved: str | None = None) -> HTMLResponse:
    """The connector kinds installed (and those that failed to load) and the configured instances."""
    found = registry()
    instances = ConnectorService(db).instances()
    return _page(request, "settings_connectors.html", {
        "kinds": found.kinds, "failed": found.errors, "instances": instances,
        "saved": saved if saved in {i.name for i in instances} else None})


def _kind(kind: str) -> type[Connector]:
    """The class of an installed kind (404 otherwise)."""
    try:
        return connector_class(kind)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def _instance(db: Database, name: str) -> ConnectorInstance:
    """A configured instance (404 otherwise)."""
    with db.reader() as uow:
        found = uow.connectors.get(name)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no connector instance {name!r}")
    return found


def _connector_form(request: Request, cls: type[Connector], *, fields: list[FormField], values: dict[str, Any],
                    name: str = "", instance: ConnectorInstance | None = None, problem: Problem | None = None,
                    check: Problem | None = None, status: int = 200) -> HTMLResponse:
    return _page(request, "settings_connector.html", {
        "cls": cls, "kind": cls.kind, "fields": fields, "values": values, "name": name, "instance": instance,
        "secrets": stored_secrets(fields, instance.settings) if instance else set(), "problem": problem,
        "check": check}, status)


@router.get("/settings/connectors/new/{kind}", response_class=HTMLResponse)
@allow(Role.ADMIN)
def new_connector(kind: str, request: Request) -> HTMLResponse:
    """The form of a new instance of a kind, drawn from its settings schema and filled with the defaults."""
    cls = _kind(kind)
    return _connector_form(request, cls, fields=form_fields(cls.config_model),
                           values=default_values(cls.config_model))


@router.post("/settings/connectors/new/{kind}")
@allow(Role.ADMIN)
def add_connector(kind: str, request: Request, db: DatabaseDep, submitted: SubmittedDep, csrf: CsrfField = "",
                  name: str = Form(..., max_length=200)) -> Response:
    """Validate and store a new instance (audited); a refused form keeps what was typed, except secrets."""
    require_csrf(request, csrf)
    cls = _kind(kind)
    fields = form_fields(cls.config_model)
    name = name.strip()
    service = ConnectorService(db)
    if not INSTANCE_NAME.fullmatch(name):
        problem = Problem("name")
    elif name in {i.name for i in service.instances()}:
        problem = Problem("taken", name)
    else:
        try:
            service.add(name, kind, settings_from_form(fields, submitted), actor=actor_of(request))
        except FormProblem as exc:
            problem = Problem("form", str(exc))
        except ConnectorSettingsError as exc:
            problem = Problem("settings", str(exc))
        else:
            return RedirectResponse(f"/settings/connectors?saved={quote(name, safe='')}", status_code=303)
    return _connector_form(request, cls, fields=fields, values=entered_values(fields, submitted), name=name,
                           problem=problem, status=400)


@router.get("/settings/connectors/instances/{name}", response_class=HTMLResponse)
@allow(Role.ADMIN)
def edit_connector(name: str, request: Request, db: DatabaseDep) -> HTMLResponse:
    """An instance's settings form: stored values filled in, secret fields empty (left blank, they are kept)."""
    instance = _instance(db, name)
    cls = _kind(instance.kind)
    fields = form_fields(cls.config_model)
    return _connector_form(request, cls, fields=fields, values=stored_values(fields, instance.settings),
                           name=name, instance=instance)


@router.post("/settings/connectors/instances/{name}")
@allow(Role.ADMIN)
def save_connector(name: str, request: Request, db: DatabaseDep, submitted: SubmittedDep,
                   csrf: CsrfField = "") -> Response:
    """Validate and store an instance's changed settings (audited); blank secrets keep their stored references."""
    require_csrf(request, csrf)
    instance = _instance(db, name)
    cls = _kind(instance.kind)
    fields = form_fields(cls.config_model)
    try:
        settings = settings_from_form(fields, submitted, stored=instance.settings)
        ConnectorService(db).add(name, instance.kind, settings, actor=actor_of(request))
    except FormProblem as exc:
        problem = Problem("form", str(exc))
    except ConnectorSettingsError as exc:
        problem = Problem("settings", str(exc))
    else:
        return RedirectResponse(f"/settings/connectors?saved={quote(name, safe='')}", status_code=303)
    return _connector_form(request, cls, fields=fields, values=entered_values(fields, submitted), name=name,
                           instance=instance, problem=problem, status=400)


@router.post("/settings/connectors/instances/{name}/check", response_class=HTMLResponse)
@allow(Role.ADMIN)
def check_connector(name: str, request: Request, db: DatabaseDep, csrf: CsrfField = "") -> HTMLResponse:
    """One authenticated call to the help desk with the stored settings; the result is shown on the form."""
    require_csrf(request, csrf)
    instance = _instance(db, name)
    cls = _kind(instance.kind)
    try:
        check = Problem("check_ok", ConnectorService(db).check(name))
    except (LookupError, ConnectorError, ValueError) as exc:  # ValueError: unreadable secrets or settings
        check = Problem("check_failed", str(exc))
    fields = form_fields(cls.config_model)
    return _connector_form(request, cls, fields=fields, values=stored_values(fields, instance.settings),
                           name=name, instance=instance, check=check)
