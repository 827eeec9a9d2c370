"""`deskpilot policy`: activate a policy document, show the one in force and its versions, check an order."""

from __future__ import annotations

from pathlib import Path

import typer

from deskpilot.cli.common import console, err_console, open_database, print_json, table

app = typer.Typer(help="Versioned policy rules (refund, return, exchange, cancellation, goodwill).",
                  no_args_is_help=True)


@app.command("load")
def load_cmd(path: Path | None = typer.Argument(None, help="policy YAML file"),
             builtin: str | None = typer.Option(None, help="a policy shipped with deskpilot, e.g. lumio"),
             actor: str = typer.Option("cli:admin", help="who activates it (audited)"),
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Validate a policy and make it the one in force (an unchanged text creates no new version)."""
    from deskpilot.policy.rules import PolicyError, builtin_policy_text
    from deskpilot.services.policy import PolicyService

    if (path is None) == (builtin is None):
        err_console.print("[red]Give either a policy file or --builtin NAME.[/red]")
        raise typer.Exit(2)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else builtin_policy_text(str(builtin))
        activation = PolicyService(open_database()).activate(
            text, origin=str(path) if path is not None else f"builtin:{builtin}", actor=actor)
    except (OSError, UnicodeDecodeError, PolicyError) as exc:
        err_console.print(f"[red]Policy not loaded:[/red] {exc}")
        raise typer.Exit(1) from exc
    data = {"name": activation.policy.name, "version": activation.stored.version,
            "policy_version": activation.policy.label, "created": activation.created,
            "rules": len(activation.policy.rules)}
    if json_out:
        print_json(data)
        return
    state = "new version" if activation.created else "unchanged text, re-activated"
    console.print(f"{data['policy_version']} in force (v{data['version']}, {state}, {data['rules']} rules)")


@app.command("show")
def show_cmd(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """The policy in force: its rules, the clause each cites, and which intents it governs."""
    from deskpilot.policy.provider import PolicyProvider

    db = open_database()
    policy = PolicyProvider(db).get()
    if policy is None:
        err_console.print("No policy is in force: run [bold]deskpilot policy load FILE[/bold].")
        raise typer.Exit(1)
    with db.reader() as uow:
        versions = uow.policies.versions(policy.name)
    rules = [{"id": r.id, "actions": list(r.actions), "effect": r.effect, "clauses": list(r.clauses),
              "conditions": [c.describe() for c in r.when]} for r in policy.rules]
    history = [{"version": v.version, "active": v.active, "hash": v.content_hash[:12], "created_at": v.created_at}
               for v in versions]
    data = {"policy_version": policy.label, "intents": dict(policy.intent_actions), "rules": rules,
            "versions": history}
    if json_out:
        print_json(data)
        return
    console.print(f"[bold]{policy.label}[/bold] — intents: "
                  + ", ".join(f"{i} → {a}" for i, a in policy.intent_actions.items()))
    console.print(table("Rules", ["rule", "action", "effect", "clause", "when"],
                        [(r["id"], ", ".join(r["actions"]), r["effect"], ", ".join(r["clauses"]),
                          "; ".join(r["conditions"])) for r in rules]))
    console.print(table("Versions", ["version", "active", "hash", "created"],
                        [(v["version"], "yes" if v["active"] else "", v["hash"], v["created_at"])
                         for v in history]))
