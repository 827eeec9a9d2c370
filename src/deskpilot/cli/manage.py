"""`deskpilot train …` and `deskpilot modes …`: models and gate settings."""

from __future__ import annotations

import typer

from deskpilot.cli.common import console, err_console, load_settings, open_database, print_json, table
from deskpilot.domain.enums import Mode

train_app = typer.Typer(help="Train models from this deployment's own history.", no_args_is_help=True)
modes_app = typer.Typer(help="Per-category modes (shadow / assist / autonomous) and rollout.",
                        no_args_is_help=True)


@train_app.command("intent")
def train_intent(abstain: float = typer.Option(0.5, help="probability below which the intent is 'unknown'"),
                 min_coverage: float | None = typer.Option(
                     None, min=0.01, max=0.99,
                     help="instead of --abstain: the highest threshold still naming the intent of this share of "
                          "held-out messages (99 % confidence)"),
                 json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Train, evaluate and activate the intent classifier on labelled history."""
    from deskpilot.services.train import IntentTrainingService

    try:
        report = IntentTrainingService(open_database()).train(abstain_threshold=abstain, actor="cli:train",
                                                              embedder=load_settings().embedder,
                                                              min_coverage=min_coverage)
    except ValueError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if json_out:
        print_json(report.to_json())
    else:
        console.print(table(f"Intent model {report.fingerprint} ({report.seconds:.1f} s)",
                            ["examples", "labels", "held out", "accuracy", "ECE", "abstain below", "coverage",
                             "precision"],
                            [(report.examples, report.labels, report.holdout, report.accuracy, report.ece,
                              report.abstain_threshold, report.coverage, report.accepted_precision)]))


@modes_app.command("list")
def modes_list(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Show each category's mode and rollout."""
    with open_database().reader() as uow:
        modes = uow.gate_settings.modes()
    data = [{"category": m.category, "mode": m.mode.value, "rollout_percent": m.rollout_percent}
            for m in sorted(modes.values(), key=lambda m: m.category)]
    if json_out:
        print_json(data)
    else:
        console.print(table("Modes", ["category", "mode", "rollout %"], [tuple(d.values()) for d in data]))


@modes_app.command("set")
def modes_set(category: str = typer.Argument(..., help="category name"),
              mode: Mode = typer.Argument(..., help="shadow, assist or autonomous"),
              rollout: int = typer.Option(100, min=0, max=100, help="share of conversations (autonomous)"),
              actor: str = typer.Option("cli:admin", help="who changes it (audited)")) -> None:
    """Change a category's mode; the change is audited."""
    from deskpilot.services.gate_settings import GateSettingsError, GateSettingsService

    try:
        previous = GateSettingsService(open_database()).set_mode(category, mode, rollout, actor=actor)
    except GateSettingsError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"{category}: {previous.mode.value if previous else 'unset'} → {mode.value} ({rollout} %)")
