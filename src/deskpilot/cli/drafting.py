"""`deskpilot drafting`: model configurations, prompts, evaluation-gated activation, rollback and LLM call costs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from deskpilot.analytics.formatting import pct
from deskpilot.cli.common import (
    console,
    err_console,
    load_settings,
    open_database,
    print_json,
    progress_bar,
    table,
)

if TYPE_CHECKING:
    from deskpilot.services.drafting import Comparison, DraftingService

app = typer.Typer(help="How drafts are written: the embedded composer or an OpenAI-compatible LLM, and the prompt.",
                  no_args_is_help=True)
ACTOR = typer.Option("cli:admin", help="who does it (audited)")


def _service() -> DraftingService:
    from deskpilot.services.drafting import DraftingService

    return DraftingService(open_database(), load_settings())


@app.command("add-model")
def add_model(name: str = typer.Argument(..., help="configuration name; adding it again creates its next version"),
              base_url: str = typer.Option(..., help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1"),
              model: str = typer.Option(..., help="model name the server expects"),
              api_key_ref: str | None = typer.Option(None, help="where the key is: env:NAME or file:/path (never "
                                                                "the key itself)"),
              timeout: float = typer.Option(20.0, min=0.1, help="seconds per attempt"),
              retries: int = typer.Option(2, min=0, max=10, help="retries on timeouts, 429 and 5xx"),
              max_tokens: int = typer.Option(400, min=16),
              temperature: float = typer.Option(0.2, min=0.0, max=2.0),
              stream: bool = typer.Option(False, help="stream the completion (token counts are estimated when the "
                                                     "server reports no usage on streams)"),
              price_in: float = typer.Option(0.0, min=0.0, help="euros per 1,000 prompt tokens"),
              price_out: float = typer.Option(0.0, min=0.0, help="euros per 1,000 completion tokens"),
              actor: str = ACTOR, json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Store a new version of an OpenAI-compatible model configuration (not active until `drafting activate`)."""
    from deskpilot.drafting.provider import ProviderError, resolve_secret

    if api_key_ref is not None:
        try:
            resolve_secret(api_key_ref)
        except ProviderError as exc:
            err_console.print(f"[yellow]Warning:[/yellow] {exc} (stored anyway; it is read at call time)")
    config = _service().add_model(name, {
        "kind": "openai", "base_url": base_url, "model": model, "api_key_ref": api_key_ref, "timeout_s": timeout,
        "max_retries": retries, "max_tokens": max_tokens, "temperature": temperature, "stream": stream,
        "price_in_per_1k": price_in, "price_out_per_1k": price_out}, actor=actor)
    if json_out:
        print_json({"label": config.label, **config.settings()})
        return
    console.print(f"Stored {config.label}. Activate it with `deskpilot drafting activate --model {config.label}`.")


@app.command("add-prompt")
def add_prompt(path: Path = typer.Argument(..., help="prompt file with '## system' and '## user' sections"),
               name: str | None = typer.Option(None, help="name (default: the file name)"), actor: str = ACTOR,
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Register a prompt file under its content hash (not active until `drafting activate`)."""
    from deskpilot.drafting.prompts import PromptError

    try:
        prompt = _service().add_prompt(path, actor=actor, name=name)
    except PromptError as exc:
        err_console.print(f"[red]Prompt not added:[/red] {exc}")
        raise typer.Exit(1) from exc
    if json_out:
        print_json({"name": prompt.name, "version": prompt.version})
        return
    console.print(f"Prompt {prompt.name} stored as version {prompt.version}.")


@app.command("status")
def status(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """The active configuration and prompt, what a rollback returns to, the stored versions and call costs."""
    service = _service()
    active, history = service.active()
    with service.db.reader() as uow:
        configs = uow.drafting.model_configs()
        prompts = uow.drafting.prompts()
        calls = uow.drafting.call_totals()
    data = {"active": active.to_json(), "rollback_to": history[:1], "models": [
        {"model": c.label, "kind": c.kind, "base_url": c.base_url, "model_name": c.model,
         "api_key_ref": c.api_key_ref, "created_by": by, "created_at": at.isoformat()} for c, by, at in configs],
        "prompts": [{"name": p.name, "version": p.version, "created_at": at.isoformat()} for p, at in prompts],
        "calls": calls}
    if json_out:
        print_json(data)
        return
    console.print(f"Active: {active.config.label} ({active.config.kind}), prompt {active.prompt.name} "
                  f"{active.prompt.version}" + (f"; rollback returns to {history[0]['model']}, prompt "
                                               f"{history[0]['prompt']}" if history else ""))
    if configs:
        console.print(table("Model configurations", ["model", "kind", "base URL", "model name", "API key from",
                                                     "created by"],
                            [(c.label, c.kind, c.base_url, c.model, c.api_key_ref or "—", by) for c, by, _ in configs]))
    if calls:
        console.print(table("LLM calls", ["model", "prompt", "outcome", "calls", "prompt tokens",
                                          "completion tokens", "cost €", "mean latency ms"],
                            [(c["model"], c["prompt_version"], c["outcome"], c["calls"], c["prompt_tokens"],
                              c["completion_tokens"], c["cost"], c["mean_latency_ms"]) for c in calls]))


def _comparison_table(comparison: Comparison) -> None:
    current = {(g.locale, g.category): g for g in comparison.current.groups.values()}
    rows = []
    regressed = {(r["locale"], r["category"]) for r in comparison.regressions}
    for key, after in sorted(comparison.candidate.groups.items()):
        before = current.get(key)
        rows.append((key[0], key[1], after.examples, pct(before.score if before else None), pct(after.score),
                     f"{after.llm_used}/{after.llm_fallbacks}", "REGRESSES" if key in regressed else ""))
    console.print(table(f"Answered with the expected article: {comparison.current.drafting['model']} "
                        f"→ {comparison.candidate.drafting['model']}",
                        ["locale", "category", "examples", "active", "candidate", "LLM used/fell back", ""], rows))
    console.print(f"overall {pct(comparison.current.score)} → {pct(comparison.candidate.score)}; tolerance "
                  f"{comparison.tolerance:.0%} per group with at least {comparison.min_examples} examples")


def _run(action: str, model: str | None, prompt: str | None, force: bool, tolerance: float, min_examples: int,
         per_group: int | None, actor: str, json_out: bool) -> None:
    from deskpilot.services.drafting import ActivationRefused
    from deskpilot.storage.repositories.drafting import UnknownDrafting

    service = _service()
    try:
        candidate = service.candidate(model, prompt)
    except UnknownDrafting as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    examples = len(service.examples(per_group=per_group))
    data: dict[str, Any]
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task(f"evaluating on {examples} examples", total=examples)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            if action == "evaluate":
                comparison = service.compare(candidate, tolerance=tolerance, min_examples=min_examples,
                                             per_group=per_group, progress=step)
                data = {"activated": False, **comparison.to_json()}
            else:
                comparison = service.activate(candidate, actor=actor, force=force, tolerance=tolerance,
                                              min_examples=min_examples, per_group=per_group, progress=step)
                data = {"activated": True, "forced": force, **comparison.to_json()}
        except ActivationRefused as refused:
            comparison = refused.comparison
            data = {"activated": False, "refused": True, **comparison.to_json()}
        except LookupError as exc:
            err_console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    if json_out:
        print_json(data)
    else:
        _comparison_table(comparison)
        if data.get("refused"):
            console.print(f"[red]Refused:[/red] {len(comparison.regressions)} group(s) regress; nothing changed. "
                          "`--force` activates anyway (audited).")
        elif data["activated"]:
            console.print(f"Active: {candidate.config.label}, prompt {candidate.prompt.version}"
                          + (" (forced despite regressions)" if force and comparison.regressions else ""))
    if data.get("refused"):
        raise typer.Exit(1)


MODEL = typer.Option(None, help="model configuration NAME or NAME@vN (default: the active one)")
PROMPT = typer.Option(None, help="prompt version (default: the active one)")
TOLERANCE = typer.Option(0.05, min=0.0, max=1.0, help="largest drop of a group's score allowed")
MIN_EXAMPLES = typer.Option(3, min=1, help="groups with fewer examples never block")
PER_GROUP = typer.Option(None, min=1, help="evaluate at most this many examples per locale × category")


@app.command("evaluate")
def evaluate(model: str | None = MODEL, prompt: str | None = PROMPT, tolerance: float = TOLERANCE,
             min_examples: int = MIN_EXAMPLES, per_group: int | None = PER_GROUP,
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Compare a candidate with the active configuration on the evaluation sets (changes nothing)."""
    _run("evaluate", model, prompt, False, tolerance, min_examples, per_group, "cli", json_out)


@app.command("activate")
def activate(model: str | None = MODEL, prompt: str | None = PROMPT,
             force: bool = typer.Option(False, "--force", help="activate despite regressions (audited)"),
             tolerance: float = TOLERANCE, min_examples: int = MIN_EXAMPLES, per_group: int | None = PER_GROUP,
             actor: str = ACTOR, json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Evaluate a candidate and make it active unless a locale × category regresses beyond the tolerance."""
    if model is None and prompt is None:
        err_console.print("[red]Name a --model, a --prompt or both.[/red]")
        raise typer.Exit(2)
    _run("activate", model, prompt, force, tolerance, min_examples, per_group, actor, json_out)


@app.command("rollback")
def rollback(actor: str = ACTOR, json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Return to the configuration and prompt active before the last activation."""
    try:
        restored = _service().rollback(actor=actor)
    except LookupError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if json_out:
        print_json(restored.to_json())
        return
    console.print(f"Rolled back: {restored.config.label}, prompt {restored.prompt.version} is active.")
