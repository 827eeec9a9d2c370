"""Roles, Argon2 password hashes and API tokens (random, shown once, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_PREFIX = "dp_"
MIN_PASSWORD = 12


class Role(StrEnum):
    """What a user may do: administer, review drafts, read analytics, read the audit trail."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    ANALYST = "analyst"
    AUDITOR = "auditor"


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """Argon2id with the library's recommended parameters."""
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of a password (ValueError when it is too short)."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"passwords need at least {MIN_PASSWORD} characters")
    return hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def decoy_hash() -> str:
    """A hash to verify against when no user matches, so unknown and known e-mails take the same time."""
    return hasher().hash(secrets.token_urlsafe(16))


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return hasher().check_needs_rehash(stored)


def new_password() -> str:
    """A random password for a new account (shown once)."""
    return secrets.token_urlsafe(15)


def new_token() -> str:
    """A random API token (shown once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (tokens are random, so no slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()
