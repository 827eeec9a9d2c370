"""Job handlers registered by kind."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskpilot.domain.models import Job
    from deskpilot.jobs.worker import JobContext
    from deskpilot.storage.database import UnitOfWork

Handler = Callable[["JobContext"], None]
DeadHandler = Callable[["UnitOfWork", "Job", str], None]
_HANDLERS: dict[str, Handler] = {}
_ON_DEAD: dict[str, DeadHandler] = {}

BUILTIN_MODULES = ("deskpilot.jobs.handlers",)


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Decorator registering a function as the handler of a job kind."""

    def wrap(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return wrap


def on_dead_job(kind: str) -> Callable[[DeadHandler], DeadHandler]:
    """Decorator registering what to record, in the worker's transaction, when a job of a kind gives up for good."""

    def wrap(func: DeadHandler) -> DeadHandler:
        _ON_DEAD[kind] = func
        return func

    return wrap


def dead_handler(kind: str) -> DeadHandler | None:
    """The hook of a job kind for when it gives up, if any."""
    return _ON_DEAD.get(kind)


def load_handlers(extra_modules: tuple[str, ...] = ()) -> dict[str, Handler]:
    """Import the built-in and extra handler modules and return the registry."""
    for module in (*BUILTIN_MODULES, *extra_modules):
        importlib.import_module(module)
    return dict(_HANDLERS)
