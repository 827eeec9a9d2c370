"""The policy in force for a workspace, loaded from the database and cached until a new version is activated."""

from __future__ import annotations

import threading

from deskpilot.policy.rules import Policy, parse_policy
from deskpilot.storage.database import Database


class PolicyProvider:
    """Gives the active policy; reparses only when another process activates a different version."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._cached: tuple[str, Policy] | None = None

    def get(self) -> Policy | None:
        """The active policy, or None when the workspace has none."""
        with self.db.reader() as uow:
            content_hash = uow.policies.active_hash()
            if content_hash is None:
                return None
            with self._lock:
                if self._cached is not None and self._cached[0] == content_hash:
                    return self._cached[1]
            stored = uow.policies.active()
        if stored is None:
            return None
        policy = parse_policy(stored.body, origin=f"policy {stored.name} v{stored.version}")
        with self._lock:
            self._cached = (stored.content_hash, policy)
        return policy
