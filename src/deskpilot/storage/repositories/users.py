"""Console users and their API tokens."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.storage.tables import ApiTokenRow, SessionRow, UserRow, utcnow


@dataclass(frozen=True)
class User:
    """A console user (without the password hash)."""

    id: int
    email: str
    role: str
    display_name: str | None
    active: bool
    last_login_at: datetime | None


class UserRepository:
    """Users by e-mail, their password hashes and tokens."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, email: str, role: str, password_hash: str, display_name: str | None = None) -> User:
        """Insert a user (the caller checks the e-mail is free)."""
        row = UserRow(email=email.lower(), role=role, password_hash=password_hash, display_name=display_name,
                      active=True)
        self.session.add(row)
        self.session.flush()
        return _user(row)

    def by_email(self, email: str) -> tuple[User, str] | None:
        """A user and their password hash."""
        row = self.session.execute(select(UserRow).where(UserRow.email == email.lower())).scalar_one_or_none()
        return None if row is None else (_user(row), row.password_hash)

    def list(self) -> builtins.list[User]:
        """Every user by e-mail."""
        return [_user(r) for r in self.session.execute(select(UserRow).order_by(UserRow.email)).scalars()]

    def count(self) -> int:
        """How many users exist."""
        return int(self.session.execute(select(func.count()).select_from(UserRow)).scalar_one())

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a password hash (a new password, or a rehash with today's parameters)."""
        row = self.session.get(UserRow, user_id)
        if row is not None:
            row.password_hash = password_hash
            self.session.flush()

    def signed_in(self, user_id: int) -> None:
        """Remember a successful sign-in."""
        row = self.session.get(UserRow, user_id)
        if row is not None:
            row.last_login_at = utcnow()
            self.session.flush()

    def add_token(self, user_id: int, name: str, token_hash: str, prefix: str) -> int:
        """Store a token's hash; returns its id."""
        row = ApiTokenRow(user_id=user_id, name=name, token_hash=token_hash, prefix=prefix)
        self.session.add(row)
        self.session.flush()
        return row.id

    def token_owner(self, token_hash: str) -> tuple[User, int, datetime | None] | None:
        """The active user owning an unrevoked token, the token's id and when it was last used (reads only)."""
        found = self.session.execute(select(ApiTokenRow, UserRow).join(UserRow, UserRow.id == ApiTokenRow.user_id)
                                     .where(ApiTokenRow.token_hash == token_hash,
                                            ApiTokenRow.revoked_at.is_(None), UserRow.active.is_(True))).first()
        return None if found is None else (_user(found[1]), found[0].id, found[0].last_used_at)

    def touch_token(self, token_id: int) -> None:
        """Remember that a token was used now."""
        row = self.session.get(ApiTokenRow, token_id)
        if row is not None:
            row.last_used_at = utcnow()
            self.session.flush()

    def revoke_token(self, user_id: int, name: str) -> bool:
        """Revoke a user's token by name; False when there is none."""
        row = self.session.execute(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id, ApiTokenRow.name == name,
                                                             ApiTokenRow.revoked_at.is_(None))).scalar_one_or_none()
        if row is None:
            return False
        row.revoked_at = utcnow()
        self.session.flush()
        return True

    def add_session(self, token_hash: str, user_id: int, csrf: str, expires_at: datetime) -> None:
        """Store a session."""
        self.session.add(SessionRow(token_hash=token_hash, user_id=user_id, csrf=csrf, expires_at=expires_at))
        self.session.flush()

    def session_user(self, token_hash: str) -> tuple[User, str] | None:
        """The active user of an unexpired session, and the session's CSRF token."""
        found = self.session.execute(select(SessionRow, UserRow).join(UserRow, UserRow.id == SessionRow.user_id)
                                     .where(SessionRow.token_hash == token_hash, SessionRow.expires_at > utcnow(),
                                            UserRow.active.is_(True))).first()
        return None if found is None else (_user(found[1]), found[0].csrf)

    def end_session(self, token_hash: str) -> None:
        """Delete a session (sign-out)."""
        row = self.session.get(SessionRow, token_hash)
        if row is not None:
            self.session.delete(row)
            self.session.flush()


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.role, row.display_name, row.active, row.last_login_at)
