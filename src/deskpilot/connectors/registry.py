"""Connector kinds registered under the ``deskpilot.connectors`` entry point group; one that fails to load is
reported and skipped."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points

from deskpilot.connectors.base import Connector

GROUP = "deskpilot.connectors"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registry:
    """The connector kinds that loaded, and why the others did not."""

    kinds: dict[str, type[Connector]]
    errors: dict[str, str]


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Load every registered connector kind once per process."""
    kinds: dict[str, type[Connector]] = {}
    errors: dict[str, str] = {}
    for point in entry_points(group=GROUP):
        try:
            loaded = point.load()
            if not (isinstance(loaded, type) and issubclass(loaded, Connector)):
                raise TypeError(f"{point.value} is not a Connector subclass")
            kinds[loaded.kind] = loaded
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not take the app down
            errors[point.name] = f"{type(exc).__name__}: {exc}"
            log.warning("connector %s failed to load and is skipped: %s", point.name, exc)
    return Registry(dict(sorted(kinds.items())), errors)


def connector_class(kind: str) -> type[Connector]:
    """The class of a connector kind (LookupError naming the known ones)."""
    found = registry()
    if kind in found.kinds:
        return found.kinds[kind]
    reason = f" ({found.errors[kind]})" if kind in found.errors else ""
    raise LookupError(f"no connector kind {kind!r}{reason}; known: {', '.join(found.kinds) or 'none'}")
