"""Job handlers registered by kind."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskpilot.jobs.worker import JobContext

Handler = Callable[["JobContext"], None]
_HANDLERS: dict[str, Handler] = {}

BUILTIN_MODULES = ("deskpilot.jobs.handlers",)


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Decorator registering a function as the handler of a job kind."""

    def wrap(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return wrap


def load_handlers(extra_modules: tuple[str, ...] = ()) -> dict[str, Handler]:
    """Import the built-in and extra handler modules and return the registry."""
    for module in (*BUILTIN_MODULES, *extra_modules):
        importlib.import_module(module)
    return dict(_HANDLERS)
