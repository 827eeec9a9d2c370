"""The FastAPI application factory."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from deskpilot import __version__
from deskpilot.api.auth import access_guard
from deskpilot.api.routes import assist, conversations, kb, metrics, review, webhooks
from deskpilot.audit.events import IngestRejected
from deskpilot.auth.access import public
from deskpilot.config import Settings, get_settings
from deskpilot.console import auth_routes as console_auth
from deskpilot.console import review_routes, settings_routes
from deskpilot.console import routes as console_routes
from deskpilot.knowledge.embedder import embedder_for
from deskpilot.knowledge.index import IndexCache
from deskpilot.storage.database import Database


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """Build the app for these settings; nothing is opened until this is called."""
    settings = settings or get_settings()
    app = FastAPI(title="deskpilot", version=__version__,
                  description="Grounded, auditable customer-support automation.",
                  dependencies=[Depends(access_guard)])
    app.state.settings = settings
    app.state.db = db or Database.from_settings(settings)
    app.state.index_cache = IndexCache(app.state.db, embedder_for(settings.embedder))
    app.state.lock = threading.Lock()
    app.state.suggestions = None  # built on first use: it warms a whole pipeline
    app.state.connectors = None

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > settings.max_body_bytes:
            return _reject(app, request, 413, f"request body of {length} bytes exceeds the limit of "
                                              f"{settings.max_body_bytes} bytes")
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            return _reject(app, request, 413, f"request body exceeds the limit of {settings.max_body_bytes} bytes")
        if body and request.headers.get("content-type", "").startswith("application/json"):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return _reject(app, request, 400, f"request body is not valid UTF-8 (byte {exc.start})")
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        if request.method == "POST":
            summary = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])
            _audit_rejection(app, request, summary)
        return JSONResponse(status_code=422, content={"detail": "invalid payload", "errors": errors})

    @app.get("/healthz", tags=["health"])
    @public
    def healthz() -> dict[str, str]:
        """Liveness and database reachability."""
        with app.state.db.reader() as uow:
            uow.conversations.count()
        return {"status": "ok", "version": __version__}

    app.include_router(conversations.router)
    app.include_router(kb.router)
    app.include_router(assist.router)
    app.include_router(webhooks.router)
    app.include_router(review.router)
    app.include_router(metrics.router)
    app.include_router(console_routes.router)
    app.include_router(console_auth.router)
    app.include_router(settings_routes.router)
    app.include_router(review_routes.router)
    app.mount("/static", StaticFiles(directory=str(console_routes.static_root())), name="static")
    return app


def _reject(app: FastAPI, request: Request, status: int, message: str) -> JSONResponse:
    _audit_rejection(app, request, message)
    return JSONResponse(status_code=status, content={"detail": message})


def _audit_rejection(app: FastAPI, request: Request, reason: str) -> None:
    db: Database = app.state.db
    with db.uow() as uow:
        uow.audit.append(IngestRejected(actor=f"api:{request.client.host if request.client else 'unknown'}",
                                        source=request.url.path, reason=reason[:500]))
        uow.commit()
