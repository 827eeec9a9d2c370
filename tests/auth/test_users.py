"""Console users: roles, Argon2 password hashes, API tokens stored as hashes, the users CLI and the demo's users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from deskpilot.auth.credentials import Role, hash_password, token_hash, verify_password
from deskpilot.cli import app
from deskpilot.config import get_settings
from deskpilot.services.users import UserError, UserService
from deskpilot.storage.database import Database
from deskpilot.storage.tables import ApiTokenRow, UserRow
from deskpilot.testing.databases import migrated_database, sqlite_url


def test_passwords_are_argon2_hashes_that_verify_only_the_right_password() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and "correct" not in stored
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterz") and not verify_password("not-a-hash", "x")
    with pytest.raises(ValueError, match="at least"):
        hash_password("short")


def test_users_sign_in_and_tokens_are_stored_as_hashes(any_db: Database) -> None:
    users = UserService(any_db)
    created = users.add("Reviewer@Example.com", "reviewer", actor="test")
    assert created.user.email == "reviewer@example.com" and len(created.secret) >= 16
    with pytest.raises(UserError, match="already"):
        users.add("reviewer@example.com", "analyst", actor="test")
    with pytest.raises(UserError, match="unknown role"):
        users.add("boss@example.com", "owner", actor="test")
    assert users.sign_in("reviewer@example.com", created.secret) is not None
    assert users.sign_in("reviewer@example.com", "wrong password!") is None
    assert users.sign_in("nobody@example.com", created.secret) is None
    issued = users.create_token("reviewer@example.com", "bridge", actor="test")
    assert issued.secret.startswith("dp_")
    assert users.user_for_token(issued.secret) == users.user_for_token(issued.secret) is not None
    assert users.user_for_token(issued.secret + "x") is None
    with any_db.reader() as uow:
        hashes = uow.session.execute(select(ApiTokenRow.token_hash)).scalars().all()
        stored = uow.session.execute(select(UserRow.password_hash)).scalars().all()
        kinds = [e.kind for e in uow.audit.iter_chain()]
    assert hashes == [token_hash(issued.secret)] and issued.secret not in json.dumps(hashes)
    assert all(created.secret not in h for h in stored)
    assert kinds.count("user.added") == 1 and "api_token.created" in kinds
    assert users.revoke_token("reviewer@example.com", "bridge", actor="test")
    assert users.user_for_token(issued.secret) is None
    assert not users.revoke_token("reviewer@example.com", "bridge", actor="test")


def test_users_cli(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrated_database(url).dispose()
    env = {"DESKPILOT_DATABASE_URL": url}
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        added = runner.invoke(app, ["users", "add", "ana@example.com", "--role", "admin", "--json"], env=env)
        chosen = runner.invoke(app, ["users", "add", "li@example.com", "--role", "auditor", "--password-stdin"],
                               env=env, input="a long enough passphrase\n")
        bad = runner.invoke(app, ["users", "add", "x@example.com", "--role", "owner"], env=env)
        token = runner.invoke(app, ["users", "token", "ana@example.com", "--name", "ci", "--json"], env=env)
        listed = runner.invoke(app, ["users", "list", "--json"], env=env)
    finally:
        get_settings.cache_clear()
    assert added.exit_code == 0 and json.loads(added.stdout)["password"]
    assert chosen.exit_code == 0 and "passphrase" not in chosen.stdout
    assert bad.exit_code == 1 and "unknown role" in bad.output
    assert json.loads(token.stdout)["token"].startswith("dp_")
    assert [(u["email"], u["role"]) for u in json.loads(listed.stdout)] == [("ana@example.com", "admin"),
                                                                            ("li@example.com", "auditor")]
    db = Database.from_url(url)
    assert UserService(db).sign_in("li@example.com", "a long enough passphrase") is not None
    db.dispose()


def test_the_demo_creates_one_user_per_role(tmp_path: Path) -> None:
    from deskpilot.demo.workspace import demo_users

    db = migrated_database(sqlite_url(tmp_path))
    created = demo_users(db)
    assert sorted(u["role"] for u in created) == sorted(r.value for r in Role)
    service = UserService(db)
    assert all(service.sign_in(u["email"], u["password"]) is not None for u in created)
    db.dispose()


def test_a_token_use_is_noted_without_a_write_on_every_call(tmp_path: Path) -> None:
    db = migrated_database(sqlite_url(tmp_path))
    users = UserService(db)
    users.add("ops@example.com", "admin", actor="test")
    token = users.create_token("ops@example.com", "ops", actor="test").secret
    assert users.user_for_token(token) is not None
    with db.reader() as uow:
        first = uow.session.execute(select(ApiTokenRow.last_used_at)).scalar_one()
    assert first is not None
    assert users.user_for_token(token) is not None  # within the granularity: no new write
    with db.reader() as uow:
        assert uow.session.execute(select(ApiTokenRow.last_used_at)).scalar_one() == first
    db.dispose()
