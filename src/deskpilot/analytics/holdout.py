"""The held-out evaluation slice: a fixed tenth of conversations that no model is ever trained on."""

from __future__ import annotations

from deskpilot.decide.rollout import rollout_bucket

HOLDOUT_PERCENT = 10


def holdout_bucket(source: str, external_id: str) -> int:
    """A bucket in 0..99 from a hash of the conversation's identity (independent of the rollout bucket)."""
    return rollout_bucket(f"holdout:{source}", external_id)


def is_holdout(source: str, external_id: str) -> bool:
    """True when the conversation is reserved for evaluation and must stay out of training."""
    return holdout_bucket(source, external_id) < HOLDOUT_PERCENT
