"""`deskpilot audit …`: verify the hash chain and show decision trails."""

from __future__ import annotations

from dataclasses import asdict

import typer

from deskpilot.cli.common import console, err_console, open_database, print_json, table
from deskpilot.services.audit import conversation_trail, verify_audit_log

app = typer.Typer(help="Audit log: verify the hash chain, show a conversation's trail.", no_args_is_help=True)


@app.command("verify")
def verify_cmd(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Check every audit event's hash and link; exit 1 naming the first broken event."""
    result = verify_audit_log(open_database())
    if json_out:
        print_json(asdict(result))
    elif result.ok:
        console.print(f"[green]Audit log intact:[/green] {result.checked} events verified.")
    else:
        err_console.print(f"[red]Audit log BROKEN[/red] at event seq {result.broken_seq}"
                          f"{f' (id {result.broken_id})' if result.broken_id else ''}: {result.problem}")
    raise typer.Exit(0 if result.ok else 1)


@app.command("show")
def show_cmd(conversation: int = typer.Option(..., "--conversation", "-c", help="conversation id"),
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Print the decision trail of one conversation."""
    trail = conversation_trail(open_database(), conversation)
    if json_out:
        print_json([asdict(e) for e in trail])
        return
    if not trail:
        err_console.print(f"No audit events for conversation {conversation}.")
        raise typer.Exit(1)
    rows = [(e.seq, e.created_at, e.kind, e.actor, _props(e.properties)) for e in trail]
    console.print(table(f"Audit trail of conversation {conversation}", ["seq", "time", "event", "actor", "details"],
                        rows))


def _props(props: dict) -> str:
    keep = ("outcome", "mode", "confidence", "threshold", "reasons", "intent", "intent_probability", "locale",
            "citations", "kb_version", "model_version", "action_kind", "external_ref", "new_messages", "resolution",
            "resolved_by")
    parts = []
    for key in keep:
        if key in props and props[key] not in (None, [], ""):
            parts.append(f"{key}={props[key]}")
    return "; ".join(parts)[:300]
