"""Activate a policy document: validate it, store it as a new version (or re-activate an identical one), audit."""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.audit.events import PolicyActivated
from deskpilot.policy.rules import Policy, parse_policy
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.policies import StoredPolicy


@dataclass(frozen=True)
class Activation:
    """What activating a policy text did."""

    policy: Policy
    stored: StoredPolicy
    created: bool


class PolicyService:
    """Owns the transaction that changes the policy in force."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def activate(self, text: str, *, origin: str, actor: str) -> Activation:
        """Validate a policy text and make it the one in force; raises PolicyError on an invalid document."""
        policy = parse_policy(text, origin=origin)
        with self.db.uow() as uow:
            stored, created = uow.policies.activate(policy.name, text, policy.fingerprint)
            uow.audit.append(PolicyActivated(actor=actor, name=policy.name, version=stored.version,
                                             policy_version=policy.label, content_hash=policy.fingerprint,
                                             created=created, rules=len(policy.rules)))
            uow.commit()
        return Activation(policy, stored, created)
