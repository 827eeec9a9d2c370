"""Console users: add them with a role, check a password, issue and revoke API tokens; audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from deskpilot.audit.events import ApiTokenCreated, ApiTokenRevoked, UserAdded
from deskpilot.auth.credentials import (
    Role,
    decoy_hash,
    hash_password,
    needs_rehash,
    new_password,
    new_token,
    token_hash,
    verify_password,
)
from deskpilot.storage.database import Database
from deskpilot.storage.repositories.users import User
from deskpilot.storage.tables import utcnow

TOKEN_USE_GRANULARITY = timedelta(minutes=5)  # how precisely a token's last use is kept


class UserError(ValueError):
    """A user that cannot be added (taken e-mail, unknown role, weak password)."""


@dataclass(frozen=True)
class NewCredentials:
    """What is shown once: a new user's password or a new token."""

    user: User
    secret: str


class UserService:
    """Users and tokens, each call in its own transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, email: str, role: str, *, password: str | None = None, display_name: str | None = None,
            actor: str) -> NewCredentials:
        """Add a user with a role; without a password one is generated (returned once)."""
        if role not in {r.value for r in Role}:
            raise UserError(f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}")
        if "@" not in email or len(email) > 320:
            raise UserError(f"{email!r} is not an e-mail address")
        secret = password or new_password()
        try:
            hashed = hash_password(secret)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        with self.db.uow() as uow:
            if uow.users.by_email(email) is not None:
                raise UserError(f"{email} already has an account")
            user = uow.users.add(email, role, hashed, display_name)
            uow.audit.append(UserAdded(actor=actor, email=user.email, role=role))
            uow.commit()
        return NewCredentials(user, secret)

    def sign_in(self, email: str, password: str) -> User | None:
        """The active user these credentials belong to (None otherwise); weak old hashes are upgraded."""
        with self.db.uow() as uow:
            found = uow.users.by_email(email)
            if found is None:
                verify_password(decoy_hash(), password)  # spend the same time as a real check
                return None
            user, stored = found
            if not user.active or not verify_password(stored, password):
                return None
            if needs_rehash(stored):
                uow.users.set_password_hash(user.id, hash_password(password))
            uow.users.signed_in(user.id)
            uow.commit()
        return user

    def create_token(self, email: str, name: str, *, actor: str) -> NewCredentials:
        """A new API token for a user (returned once; only its hash is stored)."""
        token = new_token()
        with self.db.uow() as uow:
            found = uow.users.by_email(email)
            if found is None:
                raise UserError(f"no user {email}")
            user = found[0]
            uow.users.add_token(user.id, name, token_hash(token), token[:10])
            uow.audit.append(ApiTokenCreated(actor=actor, email=user.email, name=name, prefix=token[:10]))
            uow.commit()
        return NewCredentials(user, token)

    def user_for_token(self, token: str) -> User | None:
        """The user an API token authenticates (None for unknown or revoked tokens); a read, plus a write to note
        the use at most every few minutes, so authenticated calls do not queue for the write lock."""
        with self.db.reader() as uow:
            found = uow.users.token_owner(token_hash(token))
        if found is None:
            return None
        user, token_id, last_used = found
        if last_used is None or utcnow() - last_used > TOKEN_USE_GRANULARITY:
            with self.db.uow() as uow:
                uow.users.touch_token(token_id)
                uow.commit()
        return user

    def revoke_token(self, email: str, name: str, *, actor: str) -> bool:
        """Revoke a user's token by name; audited."""
        with self.db.uow() as uow:
            found = uow.users.by_email(email)
            if found is None or not uow.users.revoke_token(found[0].id, name):
                return False
            uow.audit.append(ApiTokenRevoked(actor=actor, email=found[0].email, name=name))
            uow.commit()
        return True


@dataclass(frozen=True)
class Session:
    """A signed-in session: the cookie value (shown to the browser only) and its CSRF token."""

    token: str
    csrf: str
    user: User


class SessionService:
    """Console sessions: started on sign-in, looked up per request, ended on sign-out."""

    def __init__(self, db: Database, *, hours: float = 12.0) -> None:
        self.db = db
        self.hours = hours

    def start(self, user: User) -> Session:
        """A new session for a signed-in user."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.db.uow() as uow:
            uow.users.add_session(token_hash(token), user.id, csrf, utcnow() + timedelta(hours=self.hours))
            uow.commit()
        return Session(token, csrf, user)

    def lookup(self, token: str) -> Session | None:
        """The session of a cookie value, if it is still valid."""
        with self.db.reader() as uow:
            found = uow.users.session_user(token_hash(token))
        return None if found is None else Session(token, found[1], found[0])

    def end(self, token: str) -> None:
        """Sign out."""
        with self.db.uow() as uow:
            uow.users.end_session(token_hash(token))
            uow.commit()
