"""`deskpilot connectors`: the connector kinds, configured instances, and syncing and testing them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from deskpilot.cli.common import console, err_console, moment_option, open_database, print_json, progress_bar, table

if TYPE_CHECKING:
    from deskpilot.connectors.base import Connector
    from deskpilot.services.connectors import ConnectorService

app = typer.Typer(help="Help desks deskpilot reads from and writes to (Zendesk, Intercom, e-mail, …).",
                  no_args_is_help=True)


def _service() -> ConnectorService:
    from deskpilot.services.connectors import ConnectorService

    return ConnectorService(open_database())


@app.command("list")
def list_cmd(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """The connector kinds installed (and any that failed to load) and the configured instances."""
    from deskpilot.connectors.registry import registry

    found = registry()
    instances = _service().instances()
    data: dict[str, Any] = {"kinds": [{"kind": k, "title": c.title, "version": c.version, "notes": c.supports_notes,
                       "webhooks": c.supports_webhooks} for k, c in found.kinds.items()],
            "failed": found.errors,
            "instances": [{"name": i.name, "kind": i.kind, "cursor": i.cursor,
                           "last_sync_at": i.last_sync_at.isoformat() if i.last_sync_at else None,
                           "last_error": i.last_error} for i in instances]}
    if json_out:
        print_json(data)
        return
    console.print(table("Connector kinds", ["kind", "title", "version", "notes", "webhooks"],
                        [(k["kind"], k["title"], k["version"], k["notes"], k["webhooks"]) for k in data["kinds"]]))
    for kind, error in found.errors.items():
        err_console.print(f"[yellow]{kind} did not load and is skipped:[/yellow] {error}")
    if instances:
        console.print(table("Instances", ["name", "kind", "last sync", "last error"],
                            [(i["name"], i["kind"], i["last_sync_at"] or "never", i["last_error"] or "")
                             for i in data["instances"]]))


def _ask(cls: type[Connector], given: dict[str, str]) -> dict[str, Any]:
    """The settings of a kind: from --set, else prompted when required (secrets ask for a reference, never a
    value); optional ones keep their defaults unless set."""
    settings: dict[str, Any] = {}
    for name, info in cls.config_model.model_fields.items():
        if name in given:
            settings[name] = given[name]
        elif info.is_required():
            secret = "SecretStr" in str(info.annotation)
            hint = " (a reference: env:NAME or file:/path)" if secret else ""
            settings[name] = typer.prompt(f"{name}{hint}" + (f" — {info.description}" if info.description else ""))
    return settings


@app.command("add")
def add(kind: str = typer.Argument(..., help="connector kind (see `deskpilot connectors list`)"),
        name: str = typer.Option(..., "--name", help="instance name; also the source of its conversations"),
        set_values: list[str] = typer.Option([], "--set", help="KEY=VALUE instead of a prompt (repeatable)"),
        actor: str = typer.Option("cli:admin", help="who configures it (audited)")) -> None:
    """Configure an instance of a kind: each setting is prompted for (secrets as references) and validated."""
    from deskpilot.connectors.registry import connector_class
    from deskpilot.services.connectors import ConnectorSettingsError

    try:
        cls = connector_class(kind)
    except LookupError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    given = dict(v.split("=", 1) for v in set_values if "=" in v)
    try:
        instance = _service().add(name, kind, _ask(cls, given), actor=actor)
    except ConnectorSettingsError as exc:
        err_console.print(f"[red]Not saved:[/red] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"Saved {instance.kind} instance {instance.name!r}. Check it with `deskpilot connectors test "
                  f"{instance.name}`.")


@app.command("test")
def test_cmd(name: str = typer.Argument(..., help="instance name")) -> None:
    """One authenticated call to the help desk with the stored settings."""
    from deskpilot.connectors.base import ConnectorError
    from deskpilot.secrets import SecretError

    try:
        seen = _service().check(name)
    except (LookupError, ConnectorError, SecretError) as exc:
        err_console.print(f"[red]{name}: {exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"{name}: OK — {seen}")


@app.command("sync")
def sync(name: str = typer.Argument(..., help="instance name"),
         since: str | None = typer.Option(None, help="read changes since this day (YYYY-MM-DD) instead of the "
                                                     "saved cursor"),
         max_pages: int | None = typer.Option(None, min=1, help="stop after this many pages"),
         json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Read what changed in the help desk since the last sync (pages are stored as they arrive)."""
    from deskpilot.connectors.base import ConnectorError
    from deskpilot.secrets import SecretError

    start: datetime | None = moment_option(since, "--since") if since else None
    service = _service()
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task(f"syncing {name}", total=None)
        try:
            report = service.sync(name, since=start, max_pages=max_pages,
                                  on_page=lambda r: bar.update(task, description=f"syncing {name}: {r.pages} "
                                                                                 f"page(s), {r.conversations} "
                                                                                 "conversation(s)"))
        except (LookupError, ConnectorError, SecretError) as exc:
            err_console.print(f"[red]{name}: {exc}[/red]")
            raise typer.Exit(1) from exc
    if json_out:
        print_json(report.to_json())
        return
    console.print(f"{name}: {report.pages} page(s), {report.conversations} conversation(s) read, "
                  f"{report.created} new, {report.new_messages} new message(s) in {report.seconds:.1f} s")


@app.command("import-mail")
def import_mail(paths: list[Path] = typer.Argument(..., help=".eml files, folders of them, or mbox files"),
                source: str = typer.Option(..., help="source name the conversations are stored under"),
                agent_address: list[str] = typer.Option([], "--agent-address",
                                                        help="the desk's own address (repeatable): its mails are "
                                                             "agent replies"),
                json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Thread .eml files and mbox archives into conversations and ingest them (idempotent)."""
    from deskpilot.connectors.email import conversations_from_eml, conversations_from_mbox
    from deskpilot.services.ingest import IngestService

    eml: list[Path] = []
    conversations = []
    for path in paths:
        if path.is_dir():
            eml.extend(sorted(path.glob("*.eml")))
        elif path.suffix.lower() == ".eml":
            eml.append(path)
        elif path.is_file():
            conversations.extend(conversations_from_mbox(path, source=source, agent_addresses=agent_address))
        else:
            err_console.print(f"[red]{path}: not a file or folder[/red]")
            raise typer.Exit(1)
    if eml:
        conversations.extend(conversations_from_eml(eml, source=source, agent_addresses=agent_address))
    results = IngestService(open_database()).ingest_many(conversations, actor=f"import-mail:{source}")
    data = {"conversations": len(results), "created": sum(r.created for r in results),
            "new_messages": sum(r.new_messages for r in results)}
    if json_out:
        print_json(data)
        return
    console.print(f"{data['conversations']} conversation(s) threaded from {len(paths)} path(s): {data['created']} new, "
                  f"{data['new_messages']} new message(s)")
