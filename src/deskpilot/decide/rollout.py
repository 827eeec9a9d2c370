"""Deterministic rollout buckets: the same conversation always lands in the same bucket."""

from __future__ import annotations

import hashlib


def rollout_bucket(source: str, external_id: str) -> int:
    """A bucket in 0..99 from a hash of the conversation's identity."""
    digest = hashlib.sha256(f"{source}:{external_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def in_rollout(bucket: int, percent: int) -> bool:
    """True when the bucket falls inside the rollout share."""
    return bucket < max(0, min(100, percent))
