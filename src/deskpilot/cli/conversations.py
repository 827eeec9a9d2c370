"""`deskpilot ingest`, `deskpilot show`, `deskpilot process`: conversations from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError

from deskpilot.cli.common import console, err_console, load_settings, open_database, print_json, table


def ingest(path: Path = typer.Argument(..., help="a JSON object, a JSON array or JSONL of conversations"),
           json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Ingest conversations in the generic JSON format (idempotent)."""
    from deskpilot.connectors.generic.schema import GenericConversation
    from deskpilot.services.ingest import IngestService

    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        items = json.loads(text)
    elif stripped.startswith("{") and "\n{" not in stripped:
        items = [json.loads(text)]
    else:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    payloads = []
    for i, item in enumerate(items, start=1):
        try:
            payloads.append(GenericConversation.model_validate(item))
        except ValidationError as exc:
            err_console.print(f"[red]item {i} is invalid[/red]: {exc}")
            raise typer.Exit(2) from exc
    results = IngestService(open_database()).ingest_many(payloads, actor="cli:ingest")
    data = {"conversations": len(results), "created": sum(r.created for r in results),
            "new_messages": sum(r.new_messages for r in results), "jobs": sum(1 for r in results if r.job_id)}
    if json_out:
        print_json(data)
    else:
        console.print(f"Ingested {data['conversations']} conversations ({data['created']} new, "
                      f"{data['new_messages']} new messages, {data['jobs']} queued for processing).")


def show(conversation_id: int = typer.Argument(..., help="conversation id"),
         original: bool = typer.Option(False, "--original", help="show original text instead of redacted"),
         json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Show a conversation: messages, understanding, latest draft and decision."""
    from deskpilot.api.views import conversation_view

    db = open_database()
    with db.reader() as uow:
        view = conversation_view(uow, conversation_id, redacted=not original)
    if view is None:
        err_console.print(f"No conversation {conversation_id}.")
        raise typer.Exit(1)
    if json_out:
        print_json(view)
        return
    console.print(f"[bold]Conversation {view['id']}[/bold] {view['source']}/{view['external_id']} "
                  f"· {view['channel']} · locale {view['locale']} · status {view['status']} · "
                  f"intent {view['intent']} · category {view['category']}")
    for m in view["messages"]:
        console.print(f"[bold]{m['author_role']}[/bold] {m['created_at']}", highlight=False)
        console.print(f"{m['body']}\n", markup=False, highlight=False)
    console.print(f"[bold]Summary[/bold] {view['summary']['text']}\n", highlight=False)
    u = view.get("understanding") or {}
    if u:
        rows = [("language", f"{u.get('locale')} ({u.get('locale_confidence', 0):.2f})", ""),
                ("intent", f"{u.get('intent')} ({u.get('intent_probability', 0):.2f})",
                 ", ".join(f"{t} {p:.2f}" for t, p in u.get("intent_top", [])[1:])),
                ("sentiment", f"{u['sentiment']['label']} ({u['sentiment']['score']:+.2f})",
                 ", ".join(u["sentiment"]["evidence"])),
                ("churn", u["churn"]["level"], ", ".join(u["churn"]["evidence"])),
                ("urgency", u["urgency"]["level"], ", ".join(u["urgency"]["evidence"])),
                ("PII", str(len(u.get("pii", []))), ", ".join(sorted({e["type"] for e in u.get("pii", [])})))]
        console.print(table("Understanding", ["signal", "value", "evidence / alternatives"], rows))
    decision = view.get("decision")
    if decision:
        console.print(table("Decision", ["outcome", "mode", "confidence", "threshold", "reasons"],
                            [(decision["outcome"], decision["mode"], decision["confidence"],
                              decision["threshold"], "; ".join(decision["reasons"]))]))
    draft = view.get("draft")
    if draft:
        console.print(f"[bold]Draft[/bold] (citations: {', '.join(c['clause_id'] for c in draft['citations'])})")
        console.print(draft["text"])


def process(conversation_id: int = typer.Argument(..., help="conversation id"),
            json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Run the pipeline on one conversation now and record its decision."""
    from deskpilot.runtime import build_process_service

    settings = load_settings()
    decision = build_process_service(open_database(settings), settings).process(conversation_id)
    data = {"conversation_id": conversation_id, "outcome": decision.outcome.value, "reasons": decision.reasons,
            "confidence": decision.confidence, "stage_timings_ms": decision.stage_timings}
    if json_out:
        print_json(data)
    else:
        console.print(data)
