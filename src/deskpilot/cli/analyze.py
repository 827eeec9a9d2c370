"""`deskpilot analyze`: language, PII, intent, sentiment and signals of messages from a file or stdin."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import typer

from deskpilot.cli.common import console, err_console, load_settings, print_json

JSONL_BATCH = 256


def analyze(source: str = typer.Argument("-", help="a file, or - for standard input"),
            jsonl: bool = typer.Option(False, "--jsonl", help='one {"text": ...} object per line in and out'),
            json_out: bool = typer.Option(False, "--json", help="print JSON"),
            locale_hint: str | None = typer.Option(None, "--locale", help="locale to assume when none is detected"),
            ) -> None:
    """Analyse one message (or JSON Lines of messages) with the workspace's intent model, if any."""
    from deskpilot.understand.analyzer import Analyzer

    settings = load_settings()
    analyzer = Analyzer(locales=settings.locales, default_locale=settings.default_locale,
                        intent_model=_intent_model(settings))
    analyzer.warm_up()
    with _open(source) as handle:
        if jsonl:
            _run_jsonl(analyzer, handle, locale_hint)
            return
        text = handle.read()
    if not text.strip():
        err_console.print("[red]Nothing to analyse: the input is empty.[/red]")
        raise typer.Exit(2)
    result = analyzer.analyze(text, locale_hint=locale_hint).to_json()
    if json_out:
        print_json(result)
    else:
        _print(result)


def _intent_model(settings: Any) -> Any:
    """The active intent model's loader when the workspace database exists, else None."""
    from deskpilot.storage.database import Database
    from deskpilot.understand.intent_model import IntentModelProvider

    path = settings.sqlite_path()
    if path is not None and not path.exists():
        err_console.print(f"[yellow]No workspace at {path}: intents will be 'unknown'.[/yellow]")
        return None
    return IntentModelProvider(Database.from_settings(settings)).get


class _open:  # noqa: N801 - used like open()
    def __init__(self, source: str) -> None:
        self.source = source
        self.handle: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.source == "-":
            return sys.stdin
        path = Path(self.source)
        if not path.exists():
            err_console.print(f"[red]{path} does not exist[/red]")
            raise typer.Exit(2)
        self.handle = path.open(encoding="utf-8", errors="replace")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _records(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"line {number}: not valid JSON ({exc.msg})"
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            yield number, None, f'line {number}: expected an object with a "text" string'
            continue
        yield number, item, None


def _run_jsonl(analyzer: Any, handle: IO[str], locale_hint: str | None) -> None:
    """Stream results in input order, in batches; a bad line yields an error object and the run goes on."""
    batch: list[tuple[int, dict[str, Any] | None, str | None]] = []

    def flush() -> None:
        items = [(number, item) for number, item, _ in batch if item is not None]
        results = iter(analyzer.analyze_many([item["text"] for _, item in items],
                                             locale_hints=[item.get("locale") or locale_hint for _, item in items]))
        for number, item, error in batch:
            if item is None:
                out: dict[str, Any] = {"line": number, "error": error}
            else:
                out = {"line": number, **({"id": item["id"]} if "id" in item else {}), **next(results).to_json()}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        batch.clear()

    for record in _records(handle):
        batch.append(record)
        if len(batch) >= JSONL_BATCH:
            flush()
    if batch:
        flush()


def _print(result: dict[str, Any]) -> None:
    lang = result["locale"] + ("" if result["locale_detected"] else " (not detected)")
    console.print(f"[bold]Language[/bold]  {lang}, confidence {result['locale_confidence']:.2f}")
    intent = result["intent"] if result["intent_model"] != "none" else "unknown (no intent model trained)"
    console.print(f"[bold]Intent[/bold]    {intent} ({result['intent_probability']:.2f})")
    s = result["sentiment"]
    console.print(f"[bold]Sentiment[/bold] {s['label']} ({s['score']:+.2f}) {', '.join(s['evidence'])}")
    for name in ("churn", "urgency"):
        sig = result[name]
        evidence = ", ".join(sig["evidence"])
        console.print(f"[bold]{name.title():9s}[/bold] {sig['level']} ({sig['score']:.2f}) {evidence}")
    console.print("[bold]Redacted[/bold]")
    console.print(result["redacted_text"], markup=False)
    for entity in result["pii"]:
        console.print(f"  {entity['placeholder']} {entity['type']} [{entity['start']}:{entity['end']}]",
                      markup=False)
    for note in result["notes"]:
        console.print(f"[yellow]{note}[/yellow]")
