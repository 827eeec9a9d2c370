"""`deskpilot users`: console users with roles, and their API tokens."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from deskpilot.cli.common import console, err_console, open_database, print_json, table

if TYPE_CHECKING:
    from deskpilot.services.users import UserService

app = typer.Typer(help="Console users (admin, reviewer, analyst, auditor) and API tokens.", no_args_is_help=True)
ACTOR = typer.Option("cli:admin", help="who does it (audited)")


def _service() -> UserService:
    from deskpilot.services.users import UserService

    return UserService(open_database())


@app.command("add")
def add(email: str = typer.Argument(..., help="the user's e-mail, also their sign-in name"),
        role: str = typer.Option(..., help="admin, reviewer, analyst or auditor"),
        name: str | None = typer.Option(None, help="display name"),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from stdin "
                                                                              "(default: generate one)"),
        actor: str = ACTOR, json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Add a user; a generated password is printed once."""
    from deskpilot.services.users import UserError

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        created = _service().add(email, role, password=password, display_name=name, actor=actor)
    except UserError as exc:
        err_console.print(f"[red]Not added:[/red] {exc}")
        raise typer.Exit(1) from exc
    shown = None if password_stdin else created.secret
    if json_out:
        print_json({"email": created.user.email, "role": created.user.role, "password": shown})
        return
    console.print(f"Added {created.user.email} ({created.user.role})."
                  + (f" Password (shown once): {shown}" if shown else ""))


@app.command("list")
def list_cmd(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Every user with role and last sign-in."""
    with open_database().reader() as uow:
        users = uow.users.list()
    rows = [{"email": u.email, "role": u.role, "name": u.display_name, "active": u.active,
             "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None} for u in users]
    if json_out:
        print_json(rows)
        return
    console.print(table("Users", ["e-mail", "role", "name", "active", "last sign-in"],
                        [(r["email"], r["role"], r["name"] or "", r["active"], r["last_login_at"] or "never")
                         for r in rows]))


@app.command("token")
def token(email: str = typer.Argument(..., help="the user the token acts as"),
          name: str = typer.Option(..., help="what the token is for, e.g. zendesk-bridge"),
          actor: str = ACTOR, json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Create an API token for a user (printed once; only its hash is stored)."""
    from deskpilot.services.users import UserError

    try:
        created = _service().create_token(email, name, actor=actor)
    except UserError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if json_out:
        print_json({"email": created.user.email, "name": name, "token": created.secret})
        return
    console.print(f"Token {name!r} for {created.user.email} (shown once): {created.secret}")


@app.command("revoke-token")
def revoke_token(email: str = typer.Argument(...), name: str = typer.Option(...), actor: str = ACTOR) -> None:
    """Revoke a user's token by name."""
    if not _service().revoke_token(email, name, actor=actor):
        err_console.print(f"[red]{email} has no active token named {name!r}.[/red]")
        raise typer.Exit(1)
    console.print(f"Revoked {name!r} of {email}.")
